// People calls: search, register, edit, and the audited unmask (types from the server's people.schemas.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatePerson, PersonView, UpdatePerson } from '../../../../server/src/modules/people/people.schemas';
import { apiFetch } from '../../app/api-client';

export type PeoplePage = { items: PersonView[]; total: number; page: number; pageSize: number };
export type UnmaskedPerson = { id: string; idNumber: string | null; phone: string | null; birthDate: string | null };
export type PeopleFilter = { q: string; orgId: number | null; page: number; pageSize: number };

export const peopleKeys = {
  all: ['people'] as const,
  list: (f: PeopleFilter) => ['people', 'list', f] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
};

export function usePeople(f: PeopleFilter) {
  return useQuery({
    queryKey: peopleKeys.list(f),
    queryFn: () =>
      apiFetch<PeoplePage>('/people', {
        query: { q: f.q || undefined, orgId: f.orgId ?? undefined, page: f.page, pageSize: f.pageSize },
      }),
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string | null) {
  return useQuery({
    queryKey: peopleKeys.detail(id ?? ''),
    queryFn: () => apiFetch<PersonView>(`/people/${id}`),
    enabled: id !== null,
  });
}

export function useRegisterPerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePerson) => apiFetch<PersonView>('/people', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
  });
}

export function useUpdatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdatePerson }) =>
      apiFetch<PersonView>(`/people/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: (person) => {
      queryClient.setQueryData(peopleKeys.detail(person.id), person);
      void queryClient.invalidateQueries({ queryKey: peopleKeys.all });
    },
  });
}

/** The full ID number and phone; the server records who asked and why. Never cached. */
export function useUnmaskPerson() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      apiFetch<UnmaskedPerson>(`/people/${id}/unmask`, { method: 'POST', body: { reason } }),
  });
}
