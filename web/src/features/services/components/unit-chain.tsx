// Picks where a citizen applies, one level at a time (province → city → county → township → village), as a chain of
// selects that fits a phone; the value is the last unit chosen.
import { Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../api';

function Level({
  parentId,
  value,
  onPick,
  index,
  testIdPrefix,
}: {
  parentId: number | null;
  value: number | undefined;
  onPick: (id: number | undefined, hasChildren: boolean) => void;
  index: number;
  testIdPrefix: string;
}) {
  const { t } = useTranslation('common');
  const units = useUnits(parentId);
  if (parentId !== null && units.data?.length === 0) {
    return null;
  }
  return (
    <Select<number>
      size="large"
      style={{ width: '100%' }}
      value={value}
      loading={units.isLoading}
      placeholder={t('form.choose')}
      allowClear={index > 0}
      showSearch={{ optionFilterProp: 'label' }}
      onChange={(id) => onPick(id, units.data?.find((u) => u.id === id)?.hasChildren ?? false)}
      options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      data-testid={`${testIdPrefix}-${index}`}
    />
  );
}

/** Also the unit a citizen joins at as a member (members/join-page); `testIdPrefix` names the selects for tests. */
export function UnitChain({
  id,
  onChange,
  testIdPrefix = 'unit-level',
}: {
  id?: string;
  value?: number;
  onChange?: (id: number | undefined) => void;
  testIdPrefix?: string;
}) {
  const [path, setPath] = useState<{ id: number; hasChildren: boolean }[]>([]);
  const parents: (number | null)[] = [null, ...path.filter((p) => p.hasChildren).map((p) => p.id)].slice(
    0,
    path.length + 1,
  );
  return (
    <Space id={id} orientation="vertical" style={{ width: '100%' }} size={8}>
      {parents.map((parentId, i) => (
        <Level
          key={parentId ?? 'top'}
          index={i}
          testIdPrefix={testIdPrefix}
          parentId={parentId}
          value={path[i]?.id}
          onPick={(picked, hasChildren) => {
            const next = picked === undefined ? path.slice(0, i) : [...path.slice(0, i), { id: picked, hasChildren }];
            setPath(next);
            onChange?.(next.at(-1)?.id);
          }}
        />
      ))}
    </Space>
  );
}
