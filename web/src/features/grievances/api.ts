// Grievances calls: the public filing and lookup, the console's complaints queue, call-back samples and results,
// suspected duplicates (types from the server's grievances.schemas.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CallbackSummary,
  CallbackTaskView,
  CaseFlags,
  ConcludeGrievance,
  DuplicateView,
  drawSampleSchema,
  fileGrievanceSchema,
  GrievanceDetail,
  GrievanceFiled,
  GrievanceView,
  PublicGrievance,
  RecordCallback,
  SampleView,
} from '../../../../server/src/modules/grievances/grievances.schemas';
import { apiFetch } from '../../app/api-client';

export type FileGrievance = z.input<typeof fileGrievanceSchema>;
export type DrawSample = z.input<typeof drawSampleSchema>;
export type GrievancePage = { items: GrievanceView[]; total: number; page: number; pageSize: number };
export type DuplicatePage = { items: DuplicateView[]; total: number; page: number; pageSize: number };
export type UnitOption = { id: number; name: string; type: string; hasChildren: boolean };
export type {
  CallbackSummary,
  CallbackTaskView,
  CaseFlags,
  DuplicateView,
  GrievanceDetail,
  GrievanceView,
  PublicGrievance,
  SampleView,
};

export const grievanceKeys = {
  all: ['grievances'] as const,
  list: (f: object) => ['grievances', 'list', f] as const,
  one: (id: string) => ['grievances', 'one', id] as const,
  flags: (caseNo: string) => ['grievances', 'flags', caseNo] as const,
  publicOne: (no: string, code: string) => ['grievances', 'public', no, code] as const,
  samples: ['grievances', 'samples'] as const,
  tasks: (f: object) => ['grievances', 'tasks', f] as const,
  summary: (f: object) => ['grievances', 'summary', f] as const,
  duplicates: (f: object) => ['grievances', 'duplicates', f] as const,
};

// ------------------------------------------------------------------------------------------------ public

export function useFileGrievance() {
  return useMutation({
    mutationFn: (body: FileGrievance) => apiFetch<GrievanceFiled>('/public/grievances', { method: 'POST', body }),
  });
}

export function usePublicGrievance(no: string, code: string) {
  return useQuery({
    queryKey: grievanceKeys.publicOne(no, code),
    queryFn: () => apiFetch<PublicGrievance>(`/public/grievances/${encodeURIComponent(no)}`, { query: { code } }),
    enabled: no.length > 0 && code.length > 0,
    retry: false,
  });
}

/** Units a citizen may address (the service hall's public unit list, one level at a time). */
export function fetchUnits(parentId?: number): Promise<UnitOption[]> {
  return apiFetch<UnitOption[]>('/services/units', { query: { parentId } });
}

// ------------------------------------------------------------------------------------------------ complaints

export type GrievanceFilter = {
  open?: 'true' | 'false';
  overdue?: 'true';
  q?: string;
  page: number;
  pageSize: number;
};

export function useGrievances(f: GrievanceFilter) {
  return useQuery({
    queryKey: grievanceKeys.list(f),
    queryFn: () => apiFetch<GrievancePage>('/grievances', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export function useGrievance(id: string | null) {
  return useQuery({
    queryKey: grievanceKeys.one(id ?? ''),
    queryFn: () => apiFetch<GrievanceDetail>(`/grievances/${id}`),
    enabled: !!id,
  });
}

export function useCaseFlags(caseNo: string | null) {
  return useQuery({
    queryKey: grievanceKeys.flags(caseNo ?? ''),
    queryFn: () => apiFetch<CaseFlags>(`/grievances/cases/${encodeURIComponent(caseNo ?? '')}/flags`),
    enabled: !!caseNo,
    retry: false,
  });
}

type Action =
  | { kind: 'accept'; note?: string }
  | { kind: 'notes'; note: string }
  | ({ kind: 'conclude' } & ConcludeGrievance);

export function useGrievanceAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, ...body }: Action) =>
      apiFetch<GrievanceDetail>(`/grievances/${id}/${kind}`, { method: 'POST', body }),
    onSuccess: (detail) => {
      qc.setQueryData(grievanceKeys.one(id), detail);
      void qc.invalidateQueries({ queryKey: grievanceKeys.all });
    },
  });
}

export function unmaskComplainant(id: string, reason: string) {
  return apiFetch<{ id: string; phone: string | null }>(`/grievances/${id}/unmask`, {
    method: 'POST',
    body: { reason },
  });
}

// ------------------------------------------------------------------------------------------------ call-backs

export function useSamples() {
  return useQuery({ queryKey: grievanceKeys.samples, queryFn: () => apiFetch<SampleView[]>('/callback-samples') });
}

export function useDrawSample() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DrawSample) => apiFetch<SampleView>('/callback-samples', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: grievanceKeys.all }),
  });
}

export function useCallbackTasks(f: { sampleId?: string; status?: 'pending' | 'done' }) {
  return useQuery({
    queryKey: grievanceKeys.tasks(f),
    queryFn: () => apiFetch<CallbackTaskView[]>('/callback-tasks', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export function useRecordCallback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: RecordCallback & { id: string }) =>
      apiFetch<CallbackTaskView>(`/callback-tasks/${id}/result`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: grievanceKeys.all }),
  });
}

export function unmaskRecipient(id: string, reason: string) {
  return apiFetch<{ id: string; phone: string | null }>(`/callback-tasks/${id}/unmask`, {
    method: 'POST',
    body: { reason },
  });
}

export function useCallbackSummary(f: { sampleId?: string }) {
  return useQuery({
    queryKey: grievanceKeys.summary(f),
    queryFn: () => apiFetch<CallbackSummary>('/callback-summary', { query: f }),
  });
}

// ------------------------------------------------------------------------------------------------ duplicates

export function useDuplicates(f: { status?: 'open' | 'resolved'; page: number; pageSize: number }) {
  return useQuery({
    queryKey: grievanceKeys.duplicates(f),
    queryFn: () => apiFetch<DuplicatePage>('/duplicate-suspects', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export function useResolveDuplicate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; resolution: 'duplicate' | 'not_duplicate'; note: string }) =>
      apiFetch<DuplicateView>(`/duplicate-suspects/${id}/resolve`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: grievanceKeys.all }),
  });
}
