// Picks a registered person by name, ID number or phone from the people in the user's scope (masked in the list),
// for a grant or a loan to someone already on file.
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonView } from '../../../../../server/src/modules/people/people.schemas';
import { apiFetch } from '../../../app/api-client';

type Props = { id?: string; value?: string; onChange?: (personId: string | undefined) => void; orgId: number };

export function PersonSearch({ id, value, onChange, orgId }: Props) {
  const { t } = useTranslation('mutualaid');
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);
  const people = useQuery({
    queryKey: ['mutualaid', 'people', orgId, debounced],
    queryFn: () => apiFetch<{ items: PersonView[] }>('/people', { query: { q: debounced, orgId, pageSize: 20 } }),
    enabled: debounced.length > 0,
  });
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      placeholder={t('admin.person.searchHint')}
      loading={people.isFetching}
      notFoundContent={debounced ? undefined : null}
      options={(people.data?.items ?? []).map((p) => ({
        value: p.id,
        label: [p.name, p.idNumberMasked, p.phoneMasked, p.orgName].filter(Boolean).join(' · '),
      }))}
      data-testid="person-search"
    />
  );
}
