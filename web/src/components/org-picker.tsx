// Picks one unit: a lazily loaded tree of the user's scope, or, while typing, matching units from the server.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgView } from '../../../server/src/modules/orgs/orgs.schemas';
import { orgTypeLabels } from '../../../server/src/modules/orgs/orgs.schemas';
import { apiFetch } from '../app/api-client';
import { pickLabel } from '../app/i18n';

type Props = {
  id?: string;
  value?: number | null;
  onChange?: (id: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  /** Units that may not be chosen (shown greyed): e.g. a unit's own subtree when moving it. */
  isDisabled?: (org: OrgView) => boolean;
};

type Node = { value: number; title: string; isLeaf: boolean; disabled?: boolean; children?: Node[] };

const childrenKey = (parentId: number | 'root') => ['orgs', 'children', parentId] as const;

function fetchChildren(parentId: number | 'root'): Promise<OrgView[]> {
  return apiFetch<OrgView[]>('/orgs/children', { query: { parentId: parentId === 'root' ? undefined : parentId } });
}

export function OrgPicker({ id, value, onChange, placeholder, allowClear, disabled, style, isDisabled }: Props) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [loaded, setLoaded] = useState<Record<string, OrgView[]>>({});
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [names, setNames] = useState<Record<number, string>>({});

  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);

  const roots = useQuery({ queryKey: childrenKey('root'), queryFn: () => fetchChildren('root') });
  const found = useQuery({
    queryKey: ['orgs', 'search', debounced],
    queryFn: () => apiFetch<{ items: OrgView[] }>('/orgs', { query: { q: debounced, pageSize: 30 } }),
    enabled: debounced.length > 0,
  });
  const current = useQuery({
    queryKey: ['orgs', 'detail', value],
    queryFn: () => apiFetch<OrgView>(`/orgs/${value}`),
    enabled: typeof value === 'number' && names[value] === undefined,
    staleTime: 5 * 60_000,
  });

  const typeLabel = (org: OrgView) => pickLabel(orgTypeLabels[org.type], i18n.language);
  const toNode = (org: OrgView, flat: boolean): Node => {
    const kids = loaded[String(org.id)];
    return {
      value: org.id,
      title: flat ? `${org.name} · ${typeLabel(org)}` : org.name,
      isLeaf: flat || org.childCount === 0,
      disabled: isDisabled?.(org) ?? false,
      children: flat || !kids ? undefined : kids.map((k) => toNode(k, false)),
    };
  };

  const treeData: Node[] = debounced
    ? (found.data?.items ?? []).map((o) => toNode(o, true))
    : (roots.data ?? []).map((o) => toNode(o, false));

  const labelOf = (id: number) =>
    names[id] ?? (current.data?.id === id ? current.data.name : undefined) ?? t('scope.loading');

  const loadData = async (node: { value?: unknown }) => {
    const parentId = Number(node.value);
    if (loaded[String(parentId)]) {
      return;
    }
    const kids = await queryClient.fetchQuery({
      queryKey: childrenKey(parentId),
      queryFn: () => fetchChildren(parentId),
    });
    setLoaded((prev) => ({ ...prev, [String(parentId)]: kids }));
  };

  return (
    <TreeSelect<{ value: number; label: string } | undefined>
      id={id}
      style={style ?? { width: '100%' }}
      labelInValue
      value={typeof value === 'number' ? { value, label: labelOf(value) } : undefined}
      onChange={(next) => {
        if (next) {
          setNames((prev) => ({ ...prev, [next.value]: String(next.label).split(' · ')[0] }));
        }
        setSearch('');
        onChange?.(next?.value);
      }}
      treeData={treeData}
      loadData={loadData}
      showSearch
      searchValue={search}
      onSearch={setSearch}
      filterTreeNode={false}
      allowClear={allowClear}
      disabled={disabled}
      loading={roots.isLoading || found.isFetching}
      placeholder={placeholder ?? t('orgPicker.placeholder')}
      notFoundContent={debounced && !found.isFetching ? t('table.empty') : undefined}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 260 } } }}
    />
  );
}
