// Calls of organ / body donation registration and the memorial (types from the server's registry-organ.schemas.ts and
// registry-memorial.schemas.ts): the registrant's own registrations, the console's list, detail, steps and statistics,
// the memorial wall and page, flowers, messages and the moderation queue.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateMemorial,
  LeaveMessage,
  MemorialAdminView,
  MemorialView,
  MessageView,
  moderationItemSchema,
} from '../../../../../server/src/modules/registry/registry-memorial.schemas';
import type {
  AfterDeathStep,
  ChangeRegistration,
  RegisterOnline,
  RegistrationDetail,
  RegistrationView,
  RegistryStats,
  registrationCheckSchema,
  unmaskedRegistrationSchema,
} from '../../../../../server/src/modules/registry/registry-organ.schemas';
import { apiFetch, apiUrl } from '../../../app/api-client';

export type { MemorialAdminView, MemorialView, MessageView, RegistrationDetail, RegistrationView, RegistryStats };
export type RegistrationCheck = z.infer<typeof registrationCheckSchema>;
export type UnmaskedRegistration = z.infer<typeof unmaskedRegistrationSchema>;
export type ModerationItem = z.infer<typeof moderationItemSchema>;
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export const organKeys = {
  all: ['registry-organ'] as const,
  mine: ['registry-organ', 'mine'] as const,
  mineOne: (id: string) => ['registry-organ', 'mine', id] as const,
  list: (f: object) => ['registry-organ', 'list', f] as const,
  detail: (id: string) => ['registry-organ', 'detail', id] as const,
  stats: (f: object) => ['registry-organ', 'stats', f] as const,
  check: (code: string) => ['registry-organ', 'check', code] as const,
};
export const memorialKeys = {
  all: ['memorial'] as const,
  wall: (f: object) => ['memorial', 'wall', f] as const,
  page: (id: string) => ['memorial', 'page', id] as const,
  admin: (f: object) => ['memorial', 'admin', f] as const,
  queue: (f: object) => ['memorial', 'queue', f] as const,
};

// ------------------------------------------------------------------------------------------------ the registrant

export const useMyRegistrations = (enabled = true) =>
  useQuery({
    queryKey: organKeys.mine,
    queryFn: () => apiFetch<RegistrationView[]>('/public/registry/donations'),
    enabled,
  });

export const useMyRegistration = (id: string | undefined) =>
  useQuery({
    queryKey: organKeys.mineOne(id ?? ''),
    queryFn: () => apiFetch<RegistrationDetail>(`/public/registry/donations/${id}`),
    enabled: !!id,
  });

function useOrganMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: organKeys.all });
      void qc.invalidateQueries({ queryKey: memorialKeys.all });
    },
  });
}

export const useRegisterOnline = () =>
  useOrganMutation((input: RegisterOnline) =>
    apiFetch<RegistrationView>('/public/registry/donations', { method: 'POST', body: input }),
  );
export const useWithdrawOwn = () =>
  useOrganMutation(({ id, reason }: { id: string; reason?: string }) =>
    apiFetch<RegistrationView>(`/public/registry/donations/${id}/withdraw`, { method: 'POST', body: { reason } }),
  );
export const useChangeOwn = () =>
  useOrganMutation(({ id, input }: { id: string; input: ChangeRegistration }) =>
    apiFetch<RegistrationView>(`/public/registry/donations/${id}`, { method: 'PATCH', body: input }),
  );
export const ownCardUrl = (id: string) => apiUrl(`/public/registry/donations/${id}/card.pdf`);
export const staffCardUrl = (id: string) => apiUrl(`/registry/donations/${id}/card.pdf`);

export const useRegistrationCheck = (code: string | undefined) =>
  useQuery({
    queryKey: organKeys.check(code ?? ''),
    queryFn: () => apiFetch<RegistrationCheck>(`/public/registry/check/${encodeURIComponent(code ?? '')}`),
    enabled: !!code,
    retry: false,
  });

// ------------------------------------------------------------------------------------------------ the console

export type RegistrationFilter = {
  orgId?: number;
  kind?: 'organ' | 'body';
  status?: RegistrationView['status'];
  regNo?: string;
  page: number;
  pageSize: number;
};

export const useRegistrations = (f: RegistrationFilter) =>
  useQuery({
    queryKey: organKeys.list(f),
    queryFn: () => apiFetch<Page<RegistrationView>>('/registry/donations', { query: f }),
    placeholderData: keepPreviousData,
  });

export const useRegistration = (id: string | undefined) =>
  useQuery({
    queryKey: organKeys.detail(id ?? ''),
    queryFn: () => apiFetch<RegistrationDetail>(`/registry/donations/${id}`),
    enabled: !!id,
  });

export const useRecordStep = () =>
  useOrganMutation(({ id, input }: { id: string; input: AfterDeathStep }) =>
    apiFetch<RegistrationView>(`/registry/donations/${id}/steps`, { method: 'POST', body: input }),
  );
export const useWithdrawByStaff = () =>
  useOrganMutation(({ id, requestNote, requestFileId }: { id: string; requestNote: string; requestFileId: string }) =>
    apiFetch<RegistrationView>(`/registry/donations/${id}/withdraw`, {
      method: 'POST',
      body: { requestNote, requestFileId },
    }),
  );
export const unmaskRegistration = (id: string, reason: string) =>
  apiFetch<UnmaskedRegistration>(`/registry/donations/${id}/unmask`, { method: 'POST', body: { reason } });

export const useRegistryStats = (f: { orgId?: number; from: string; to: string }) =>
  useQuery({
    queryKey: organKeys.stats(f),
    queryFn: () => apiFetch<RegistryStats>('/registry/donations/stats', { query: f }),
    enabled: !!f.orgId,
  });

// ------------------------------------------------------------------------------------------------ the memorial

export const useMemorialWall = (f: { q?: string; page: number; pageSize: number }) =>
  useQuery({
    queryKey: memorialKeys.wall(f),
    queryFn: () => apiFetch<Page<MemorialView>>('/public/memorials', { query: f }),
    placeholderData: keepPreviousData,
  });

export const useMemorialPage = (id: string | undefined) =>
  useQuery({
    queryKey: memorialKeys.page(id ?? ''),
    queryFn: () => apiFetch<{ memorial: MemorialView; messages: MessageView[] }>(`/public/memorials/${id}`),
    enabled: !!id,
  });
export const memorialPhotoUrl = (id: string) => apiUrl(`/public/memorials/${id}/photo`);

export function useLeaveFlower(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ flowerCount: number }>(`/public/memorials/${id}/flowers`, { method: 'POST' }),
    onSuccess: ({ flowerCount }) => {
      qc.setQueryData<{ memorial: MemorialView; messages: MessageView[] }>(memorialKeys.page(id), (old) =>
        old ? { ...old, memorial: { ...old.memorial, flowerCount } } : old,
      );
    },
  });
}

export const useLeaveMessage = (id: string) =>
  useMutation({
    mutationFn: (input: LeaveMessage) =>
      apiFetch<MessageView>(`/public/memorials/${id}/messages`, { method: 'POST', body: input }),
  });

export const useStaffMemorials = (f: { q?: string; page: number; pageSize: number }) =>
  useQuery({
    queryKey: memorialKeys.admin(f),
    queryFn: () => apiFetch<Page<MemorialAdminView>>('/registry/memorials', { query: f }),
    placeholderData: keepPreviousData,
  });

export const useCreateMemorial = () =>
  useOrganMutation((input: CreateMemorial) =>
    apiFetch<MemorialAdminView>('/registry/memorials', { method: 'POST', body: input }),
  );
export const useUpdateMemorial = () =>
  useOrganMutation(({ id, isPublished }: { id: string; isPublished: boolean }) =>
    apiFetch<MemorialAdminView>(`/registry/memorials/${id}`, { method: 'PATCH', body: { isPublished } }),
  );

export const useModerationQueue = (f: {
  status: 'pending' | 'approved' | 'rejected';
  page: number;
  pageSize: number;
}) =>
  useQuery({
    queryKey: memorialKeys.queue(f),
    queryFn: () => apiFetch<Page<ModerationItem>>('/registry/memorial-messages', { query: f }),
    placeholderData: keepPreviousData,
  });

export const useDecideMessage = () =>
  useOrganMutation(({ id, decision }: { id: string; decision: 'approve' | 'reject' }) =>
    apiFetch<MessageView>(`/registry/memorial-messages/${id}/decision`, { method: 'POST', body: { decision } }),
  );

/** The statistics workbook of a unit and period (a download link). */
export const statsExportUrl = (orgId: number, from: string, to: string) =>
  apiUrl('/registry/donations/stats.xlsx', { orgId, from, to });
