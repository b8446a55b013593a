// The registering branch on a phone or in the console: a cascader that loads each level from the service hall's unit
// list (province → city → county …); any level may be chosen.
import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { fetchUnits } from '../../services/api';

type Option = { value: number; label: string; isLeaf: boolean; children?: Option[] };

export function UnitCascader({
  value,
  onChange,
  placeholder,
  id,
}: {
  value?: number;
  onChange?: (id: number | undefined) => void;
  placeholder?: string;
  id?: string;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    void fetchUnits(null).then((units) =>
      setOptions(units.map((u) => ({ value: u.id, label: u.name, isLeaf: !u.hasChildren }))),
    );
  }, []);
  return (
    <Cascader
      id={id}
      options={options}
      changeOnSelect
      placeholder={placeholder}
      style={{ width: '100%' }}
      size="large"
      loadData={async (selected) => {
        const target = selected[selected.length - 1] as Option;
        const units = await fetchUnits(target.value);
        target.children = units.map((u) => ({ value: u.id, label: u.name, isLeaf: !u.hasChildren }));
        setOptions((o) => [...o]);
      }}
      onChange={(path) => onChange?.(path && path.length > 0 ? Number(path[path.length - 1]) : undefined)}
      displayRender={(labels) => labels.slice(-2).join(' / ')}
      data-value={value}
    />
  );
}
