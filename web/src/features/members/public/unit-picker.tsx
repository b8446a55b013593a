// Picks the unit a citizen joins at, one level at a time (province → city → county → township → village or school),
// as a chain of selects that fits a phone; the value is the last unit chosen.
import { Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnitLevel } from '../api';

function Level({
  parentId,
  value,
  index,
  onPick,
}: {
  parentId: number | null;
  value: number | undefined;
  index: number;
  onPick: (id: number | undefined, hasChildren: boolean) => void;
}) {
  const { t } = useTranslation('common');
  const units = useUnitLevel(parentId);
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
      data-testid={`member-unit-${index}`}
    />
  );
}

export function MemberUnitPicker({ id, onChange }: { id?: string; value?: number; onChange?: (id?: number) => void }) {
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
