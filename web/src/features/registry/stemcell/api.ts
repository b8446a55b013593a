// Calls of blood drives and stem-cell registration (types from the server's registry-stemcell.schemas.ts and
// registry-blood.schemas.ts): the registrant's own registration on a phone, the public check page, and the console's
// drives, registrations, samples, workflow steps, withdrawals and statistics.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateDrive,
  DonorView,
  DriveDetail,
  DriveView,
  PublicDrive,
  RecordBloodDonation,
  RegisterDonor,
} from '../../../../../server/src/modules/registry/registry-blood.schemas';
import type {
  ConsentView,
  publicCheckSchema,
  RecordSample,
  RecordStep,
  RegistrationDetail,
  RegistrationListItem,
  SelfWithdraw,
  SignUp,
  StaffRegister,
  StaffWithdraw,
  StatsView,
  StemCellStatus,
  unmaskedSchema,
} from '../../../../../server/src/modules/registry/registry-stemcell.schemas';
import { apiFetch, apiUrl } from '../../../app/api-client';

export type {
  ConsentView,
  DonorView,
  DriveDetail,
  DriveView,
  PublicDrive,
  RegistrationDetail,
  RegistrationListItem,
  StatsView,
  StemCellStatus,
};
export type PublicCheck = z.infer<typeof publicCheckSchema>;
export type Unmasked = z.infer<typeof unmaskedSchema>;
export type RegistrationFilter = { orgId?: number; status?: StemCellStatus; q?: string; limit: number; offset: number };

export const stemKeys = {
  all: ['stemcell'] as const,
  consent: ['stemcell', 'consent'] as const,
  mine: ['stemcell', 'mine'] as const,
  check: (code: string) => ['stemcell', 'check', code] as const,
  publicDrives: ['stemcell', 'public-drives'] as const,
  list: (f: RegistrationFilter) => ['stemcell', 'list', f] as const,
  detail: (id: string) => ['stemcell', 'detail', id] as const,
  drives: (orgId?: number) => ['stemcell', 'drives', orgId ?? null] as const,
  drive: (id: string) => ['stemcell', 'drive', id] as const,
  stats: (orgId: number, from: string, to: string) => ['stemcell', 'stats', orgId, from, to] as const,
};

// ------------------------------------------------------------------------------------------------ the registrant

export const useConsent = () =>
  useQuery({ queryKey: stemKeys.consent, queryFn: () => apiFetch<ConsentView>('/public/registry/stem-cell/consent') });

export const usePublicDrives = () =>
  useQuery({
    queryKey: stemKeys.publicDrives,
    queryFn: () => apiFetch<PublicDrive[]>('/public/registry/blood-drives'),
  });

export const useMyRegistration = (enabled: boolean) =>
  useQuery({
    queryKey: stemKeys.mine,
    queryFn: () => apiFetch<{ registration: RegistrationDetail | null }>('/registry/stem-cell/me'),
    enabled,
  });

function useMineMutation<I>(path: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: I) => apiFetch<RegistrationDetail>(path, { method: 'POST', body }),
    onSuccess: (data) => qc.setQueryData(stemKeys.mine, { registration: data }),
  });
}

export const useSignUp = () => useMineMutation<SignUp>('/registry/stem-cell/me');
export const useConfirmMine = () => useMineMutation<Record<string, never>>('/registry/stem-cell/me/confirm');
export const useWithdrawMine = () => useMineMutation<SelfWithdraw>('/registry/stem-cell/me/withdraw');
export const myCertificateUrl = () => apiUrl('/registry/stem-cell/me/certificate.pdf');

export const useCheck = (code: string) =>
  useQuery({
    queryKey: stemKeys.check(code),
    queryFn: () => apiFetch<PublicCheck>(`/public/registry/stem-cell/check/${encodeURIComponent(code)}`),
    retry: false,
  });

// ------------------------------------------------------------------------------------------------ console

export const useRegistrations = (f: RegistrationFilter) =>
  useQuery({
    queryKey: stemKeys.list(f),
    queryFn: () =>
      apiFetch<{ items: RegistrationListItem[]; total: number }>('/registry/stem-cell/registrations', { query: f }),
    placeholderData: keepPreviousData,
  });

export const useRegistration = (id: string | undefined) =>
  useQuery({
    queryKey: stemKeys.detail(id ?? ''),
    queryFn: () => apiFetch<RegistrationDetail>(`/registry/stem-cell/registrations/${id}`),
    enabled: !!id,
    // Every read is audited: read once per opening, not on every focus.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

function useRegistrationMutation<I>(suffix: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: I }) =>
      apiFetch<RegistrationDetail>(`/registry/stem-cell/registrations/${id}/${suffix}`, { method: 'POST', body }),
    onSuccess: (data) => {
      qc.setQueryData(stemKeys.detail(data.id), data);
      void qc.invalidateQueries({ queryKey: ['stemcell', 'list'] });
    },
  });
}

export const useRecordSample = () => useRegistrationMutation<Partial<RecordSample>>('samples');
export const useRecordStep = () => useRegistrationMutation<RecordStep>('steps');
export const useStaffWithdraw = () => useRegistrationMutation<Partial<StaffWithdraw>>('withdraw');

export function useStaffRegister() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StaffRegister) =>
      apiFetch<RegistrationDetail>('/registry/stem-cell/registrations', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stemcell', 'list'] }),
  });
}

export const unmaskRegistration = (id: string, reason: string) =>
  apiFetch<Unmasked>(`/registry/stem-cell/registrations/${id}/unmask`, { method: 'POST', body: { reason } });

export const labelUrl = (sampleId: string) => apiUrl(`/registry/stem-cell/samples/${sampleId}/label.pdf`);
export const certificateUrl = (id: string) => apiUrl(`/registry/stem-cell/registrations/${id}/certificate.pdf`);

export const useDrives = (orgId?: number) =>
  useQuery({
    queryKey: stemKeys.drives(orgId),
    queryFn: () => apiFetch<DriveView[]>('/registry/blood-drives', { query: { orgId } }),
  });

export const useDrive = (id: string | undefined) =>
  useQuery({
    queryKey: stemKeys.drive(id ?? ''),
    queryFn: () => apiFetch<DriveDetail>(`/registry/blood-drives/${id}`),
    enabled: !!id,
  });

export function useCreateDrive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDrive) => apiFetch<DriveView>('/registry/blood-drives', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stemcell', 'drives'] }),
  });
}

export function useDriveMutation<I>(suffix: (driveId: string, extra?: string) => string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ driveId, extra, body }: { driveId: string; extra?: string; body: I }) =>
      apiFetch<DonorView | DriveView>(suffix(driveId, extra), { method: 'POST', body }),
    onSuccess: (_d, v) => {
      void qc.invalidateQueries({ queryKey: stemKeys.drive(v.driveId) });
      void qc.invalidateQueries({ queryKey: ['stemcell', 'drives'] });
    },
  });
}

export const useRegisterDonor = () =>
  useDriveMutation<Partial<RegisterDonor>>((id) => `/registry/blood-drives/${id}/donors`);
export const useDonorOutcome = () =>
  useDriveMutation<RecordBloodDonation>((id, donorId) => `/registry/blood-drives/${id}/donors/${donorId}/outcome`);
export const useDriveStatus = () =>
  useDriveMutation<{ status: DriveView['status'] }>((id) => `/registry/blood-drives/${id}/status`);

export const useStats = (orgId: number | null, from: string, to: string) =>
  useQuery({
    queryKey: stemKeys.stats(orgId ?? 0, from, to),
    queryFn: () => apiFetch<StatsView>('/registry/stem-cell/stats', { query: { orgId: orgId ?? undefined, from, to } }),
    enabled: !!orgId,
  });

export const statsExportUrl = (orgId: number, from: string, to: string) =>
  apiUrl('/registry/stem-cell/stats.xlsx', { orgId, from, to });
