// The applicant's village picker on a phone: a bottom sheet that drills down province → city → county → township →
// village (each level one tap), with the path shown as a breadcrumb; only units that take applications can be chosen.
import { CheckOutlined, EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Drawer, Empty, Input, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PublicUnit, usePublicUnits } from '../api';

export type PickedUnit = { id: number; label: string };

export function UnitSheet({
  value,
  onChange,
  isError,
}: {
  value: PickedUnit | null;
  onChange: (unit: PickedUnit) => void;
  isError?: boolean;
}) {
  const { t } = useTranslation(['relief', 'common']);
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState<PublicUnit[]>([]);
  const [filter, setFilter] = useState('');
  const parent = path.length > 0 ? path[path.length - 1] : undefined;
  const units = usePublicUnits(parent?.id, open);
  const shown = (units.data ?? []).filter((u) => !filter.trim() || u.name.includes(filter.trim()));

  const choose = (u: PublicUnit) => {
    if (u.canApply && !u.hasChildren) {
      onChange({ id: u.id, label: [...path.slice(-2).map((p) => p.name), u.name].join(' · ') });
      setOpen(false);
      return;
    }
    setPath((p) => [...p, u]);
    setFilter('');
  };

  return (
    <>
      <Button
        block
        size="large"
        icon={<EnvironmentOutlined />}
        danger={isError}
        onClick={() => setOpen(true)}
        style={{ justifyContent: 'flex-start', height: 44, overflow: 'hidden' }}
        data-testid="apply-village"
      >
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', color: value ? undefined : '#bfbfbf' }}>
          {value?.label ?? t('apply.villagePlaceholder')}
        </span>
      </Button>
      <Drawer
        open={open}
        placement="bottom"
        size="80%"
        title={t('apply.village')}
        onClose={() => setOpen(false)}
        destroyOnHidden
        styles={{ body: { padding: '8px 16px' } }}
      >
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={[
            {
              title: (
                <button type="button" className="relief-crumb" onClick={() => setPath([])}>
                  {t('apply.allRegions')}
                </button>
              ),
            },
            ...path.map((p, i) => ({
              title: (
                <button type="button" className="relief-crumb" onClick={() => setPath(path.slice(0, i + 1))}>
                  {p.name}
                </button>
              ),
            })),
          ]}
        />
        <Input
          allowClear
          placeholder={t('apply.villageFilter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ marginBottom: 8 }}
          data-testid="unit-filter"
        />
        {parent?.canApply && (
          <Button
            block
            style={{ marginBottom: 8 }}
            onClick={() => {
              onChange({
                id: parent.id,
                label: path
                  .slice(-2)
                  .map((p) => p.name)
                  .join(' · '),
              });
              setOpen(false);
            }}
          >
            {t('apply.chooseThis', { name: parent.name })}
          </Button>
        )}
        {units.isLoading ? (
          <Spin style={{ display: 'block', margin: '24px auto' }} />
        ) : shown.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <ul className="relief-unit-list" data-testid="unit-list">
            {shown.map((u) => (
              <li key={u.id}>
                <button type="button" className="relief-unit" onClick={() => choose(u)} data-testid="unit-option">
                  <span>{u.name}</span>
                  {u.hasChildren ? (
                    <RightOutlined className="relief-muted" />
                  ) : value?.id === u.id ? (
                    <CheckOutlined style={{ color: '#c8102e' }} />
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Drawer>
    </>
  );
}
