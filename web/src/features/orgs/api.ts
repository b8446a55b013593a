// Org tree calls: query keys, fetchers and hooks over /api/orgs (types from the server's orgs.schemas.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateOrg, OrgImportView, OrgView, UpdateOrg } from '../../../../server/src/modules/orgs/orgs.schemas';
import { apiFetch, apiUrl, uploadFile } from '../../app/api-client';

export type OrgAncestor = { id: number; name: string; type: OrgView['type'] };
export type OrgPage = { items: OrgView[]; total: number; page: number; pageSize: number };

export const orgKeys = {
  all: ['orgs'] as const,
  detail: (id: number) => ['orgs', 'detail', id] as const,
  ancestors: (id: number) => ['orgs', 'ancestors', id] as const,
  tree: (parentId: number, includeInactive: boolean) => ['orgs', 'tree', parentId, includeInactive] as const,
  search: (q: string, under: number | null, includeInactive: boolean) =>
    ['orgs', 'find', q, under, includeInactive] as const,
};

export function fetchOrg(id: number): Promise<OrgView> {
  return apiFetch<OrgView>(`/orgs/${id}`);
}

export function fetchOrgChildren(parentId: number, includeInactive: boolean): Promise<OrgView[]> {
  return apiFetch<OrgView[]>('/orgs/children', {
    query: { parentId, includeInactive: includeInactive ? 'true' : undefined },
  });
}

export function fetchOrgAncestors(id: number): Promise<OrgAncestor[]> {
  return apiFetch<OrgAncestor[]>(`/orgs/${id}/ancestors`);
}

export function useOrg(id: number | null) {
  return useQuery({ queryKey: orgKeys.detail(id ?? 0), queryFn: () => fetchOrg(id!), enabled: id !== null });
}

export function useOrgAncestors(id: number | null) {
  return useQuery({
    queryKey: orgKeys.ancestors(id ?? 0),
    queryFn: () => fetchOrgAncestors(id!),
    enabled: id !== null,
  });
}

export function useOrgSearch(q: string, under: number | null, includeInactive: boolean) {
  return useQuery({
    queryKey: orgKeys.search(q, under, includeInactive),
    queryFn: () =>
      apiFetch<OrgPage>('/orgs', {
        query: { q, under: under ?? undefined, includeInactive: includeInactive ? 'true' : undefined, pageSize: 100 },
      }),
    enabled: q.length > 0,
  });
}

/** Every org mutation leaves the cached org answers stale (names, counts, paths). */
function useOrgMutation<TInput>(fn: (input: TInput) => Promise<OrgView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (org) => {
      queryClient.setQueryData(orgKeys.detail(org.id), org);
      void queryClient.invalidateQueries({ queryKey: orgKeys.all });
    },
  });
}

export const useCreateOrg = () =>
  useOrgMutation((input: CreateOrg) => apiFetch<OrgView>('/orgs', { method: 'POST', body: input }));

export const useUpdateOrg = () =>
  useOrgMutation(({ id, patch }: { id: number; patch: UpdateOrg }) =>
    apiFetch<OrgView>(`/orgs/${id}`, { method: 'PATCH', body: patch }),
  );

export const useMoveOrg = () =>
  useOrgMutation(({ id, parentId }: { id: number; parentId: number }) =>
    apiFetch<OrgView>(`/orgs/${id}/move`, { method: 'POST', body: { parentId } }),
  );

export const useSetOrgActive = () =>
  useOrgMutation(({ id, active }: { id: number; active: boolean }) =>
    apiFetch<OrgView>(`/orgs/${id}/${active ? 'activate' : 'deactivate'}`, { method: 'POST' }),
  );

export function uploadOrgImport(file: File, onProgress: (percent: number) => void): Promise<OrgImportView> {
  return uploadFile<OrgImportView>('/orgs/import', file, onProgress);
}

export const orgImportPath = (id: string) => `/orgs/import/${id}`;

export const orgExportUrl = (includeInactive: boolean, lang: string) =>
  apiUrl('/orgs/export.xlsx', {
    includeInactive: includeInactive ? 'true' : undefined,
    lang: lang === 'en' ? 'en' : 'zh',
  });
export const orgTemplateUrl = () => apiUrl('/orgs/import/template.xlsx');
