// Staff accounts, roles and grants (types from the server's rbac.schemas.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddGrant,
  CreateUser,
  GrantView,
  RoleView,
  UpdateUser,
  UserView,
} from '../../../../server/src/platform/rbac/rbac.schemas';
import { apiFetch } from '../../app/api-client';

export type UserPage = { items: UserView[]; total: number; page: number; pageSize: number };

export const userKeys = {
  all: ['users'] as const,
  list: (q: string, page: number, pageSize: number) => ['users', 'list', q, page, pageSize] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
  roles: ['roles'] as const,
};

export function useUsers(q: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: userKeys.list(q, page, pageSize),
    queryFn: () => apiFetch<UserPage>('/users', { query: { q: q || undefined, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useUser(id: string | null) {
  return useQuery({
    queryKey: userKeys.detail(id ?? ''),
    queryFn: () => apiFetch<UserView>(`/users/${id}`),
    enabled: id !== null,
  });
}

export function useRoles() {
  return useQuery({ queryKey: userKeys.roles, queryFn: () => apiFetch<RoleView[]>('/roles'), staleTime: 10 * 60_000 });
}

function useUserMutation<TInput, TOutput>(fn: (input: TInput) => Promise<TOutput>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }) });
}

export const useCreateUser = () =>
  useUserMutation((input: CreateUser) => apiFetch<UserView>('/users', { method: 'POST', body: input }));

export const useUpdateUser = () =>
  useUserMutation(({ id, patch }: { id: string; patch: UpdateUser }) =>
    apiFetch<UserView>(`/users/${id}`, { method: 'PATCH', body: patch }),
  );

export const useAddGrant = () =>
  useUserMutation(({ userId, grant }: { userId: string; grant: AddGrant }) =>
    apiFetch<GrantView>(`/users/${userId}/grants`, { method: 'POST', body: grant }),
  );

export const useRevokeGrant = () =>
  useUserMutation(({ userId, grantId }: { userId: string; grantId: string }) =>
    apiFetch<void>(`/users/${userId}/grants/${grantId}`, { method: 'DELETE' }),
  );
