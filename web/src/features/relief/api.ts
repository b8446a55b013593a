// Relief calls: the citizen's application, own cases, public notices and objections; the console's cases and their
// steps, objections, kinds & rules, and batch disaster relief (types from the server's relief.schemas.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { FundView } from '../../../../server/src/modules/donations/donations.schemas';
import type { FundView as MutualAidFundView } from '../../../../server/src/modules/mutualaid/mutualaid.schemas';
import type {
  ApplyForRelief,
  ApproveReliefCase,
  BatchImportView,
  batchPayoutsResultSchema,
  DecideBatch,
  FileObjection,
  FollowUpReliefCase,
  MyReliefCase,
  ObjectionView,
  objectionFiledSchema,
  PublicNotice,
  PublicNoticeQuery,
  publicReliefKindSchema,
  publicUnitSchema,
  ReliefBatchView,
  ReliefCaseListQuery,
  ReliefCaseSummary,
  ReliefCaseView,
  ReliefKindView,
  ResolveObjection,
  ResubmitReliefCase,
  ReviewReliefCase,
  requestReliefPayoutSchema,
  UpdateReliefKind,
  verifyReliefCaseSchema,
} from '../../../../server/src/modules/relief/relief.schemas';
import type { FileMeta } from '../../../../server/src/platform/files/files.schemas';
import { apiFetch, apiUrl, uploadFile } from '../../app/api-client';

export type PublicReliefKind = z.infer<typeof publicReliefKindSchema>;
export type ObjectionFiled = z.infer<typeof objectionFiledSchema>;
export type BatchPayoutsResult = z.infer<typeof batchPayoutsResultSchema>;
export type VerifyInput = z.input<typeof verifyReliefCaseSchema>;
export type PayoutInput = z.input<typeof requestReliefPayoutSchema>;
export type CaseFilter = Omit<ReliefCaseListQuery, 'lang' | 'limit' | 'offset'> & { page: number; pageSize: number };
export type NoticeFilter = Omit<PublicNoticeQuery, 'lang'>;
export type CasePage = { items: ReliefCaseSummary[]; total: number };
export type BatchPage = { items: ReliefBatchView[]; total: number };
export type StepAction = ReliefCaseView['allowedActions'][number];

export const reliefKeys = {
  all: ['relief'] as const,
  publicKinds: ['relief', 'public-kinds'] as const,
  mine: ['relief', 'mine'] as const,
  myCase: (caseNo: string) => ['relief', 'mine', caseNo] as const,
  notices: (f: NoticeFilter) => ['relief', 'notices', f] as const,
  units: (parentId: number | null) => ['relief', 'units', parentId] as const,
  kinds: ['relief', 'kinds'] as const,
  cases: (f: CaseFilter) => ['relief', 'cases', f] as const,
  case: (id: string) => ['relief', 'case', id] as const,
  batches: (f: { page: number; pageSize: number }) => ['relief', 'batches', f] as const,
  funds: (orgId: number) => ['relief', 'funds', orgId] as const,
  mutualAidFunds: (orgId: number) => ['relief', 'mutualaid-funds', orgId] as const,
};

const paging = (page: number, pageSize: number) => ({ limit: pageSize, offset: (page - 1) * pageSize });

// ------------------------------------------------------------------------------------------------ public

export function usePublicReliefKinds() {
  return useQuery({
    queryKey: reliefKeys.publicKinds,
    queryFn: () => apiFetch<PublicReliefKind[]>('/public/relief/kinds'),
    staleTime: 5 * 60_000,
  });
}

/** A unit of the applicant's picker: drill down from the province to the village. */
export type PublicUnit = z.infer<typeof publicUnitSchema>;

export function usePublicUnits(parentId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: reliefKeys.units(parentId ?? null),
    queryFn: () => apiFetch<PublicUnit[]>('/public/relief/units', { query: { parentId } }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Uploads one material photo or file as the signed-in applicant, with progress. */
export function uploadMaterial(file: File, onProgress: (percent: number) => void): Promise<FileMeta> {
  return uploadFile<FileMeta>('/files', file, onProgress);
}

export function useApplyForRelief() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ApplyForRelief) =>
      apiFetch<MyReliefCase>('/public/relief/applications', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reliefKeys.mine }),
  });
}

export function useMyReliefCases(enabled: boolean) {
  return useQuery({
    queryKey: reliefKeys.mine,
    queryFn: () => apiFetch<MyReliefCase[]>('/me/relief-cases'),
    enabled,
  });
}

export function useMyReliefCase(caseNo: string, enabled: boolean) {
  return useQuery({
    queryKey: reliefKeys.myCase(caseNo),
    queryFn: () => apiFetch<MyReliefCase>(`/me/relief-cases/${encodeURIComponent(caseNo)}`),
    enabled,
    retry: false,
  });
}

/** 补正: the applicant corrects a returned application and sends it again. */
export function useResubmitMyCase(caseNo: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ResubmitReliefCase) =>
      apiFetch<MyReliefCase>(`/me/relief-cases/${encodeURIComponent(caseNo)}/resubmission`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: (view) => {
      queryClient.setQueryData(reliefKeys.myCase(caseNo), view);
      void queryClient.invalidateQueries({ queryKey: reliefKeys.mine });
    },
  });
}

export function usePublicNotices(f: NoticeFilter) {
  return useQuery({
    queryKey: reliefKeys.notices(f),
    queryFn: () => apiFetch<{ items: PublicNotice[]; total: number }>('/public/relief/notices', { query: { ...f } }),
    placeholderData: keepPreviousData,
  });
}

export function useFileObjection() {
  return useMutation({
    mutationFn: ({ caseNo, ...input }: FileObjection & { caseNo: string }) =>
      apiFetch<ObjectionFiled>(`/public/relief/notices/${encodeURIComponent(caseNo)}/objections`, {
        method: 'POST',
        body: input,
      }),
  });
}

// ------------------------------------------------------------------------------------------------ console

export function useReliefKinds() {
  return useQuery({ queryKey: reliefKeys.kinds, queryFn: () => apiFetch<ReliefKindView[]>('/relief/kinds') });
}

export function useUpdateReliefKind() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...patch }: UpdateReliefKind & { code: string }) =>
      apiFetch<ReliefKindView>(`/relief/kinds/${code}`, { method: 'PUT', body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reliefKeys.all }),
  });
}

export function useReliefCases(f: CaseFilter) {
  const { page, pageSize, ...rest } = f;
  return useQuery({
    queryKey: reliefKeys.cases(f),
    queryFn: () => apiFetch<CasePage>('/relief/cases', { query: { ...rest, ...paging(page, pageSize) } }),
    placeholderData: keepPreviousData,
  });
}

export function useReliefCase(id: string | null) {
  return useQuery({
    queryKey: reliefKeys.case(id ?? ''),
    queryFn: () => apiFetch<ReliefCaseView>(`/relief/cases/${id}`),
    enabled: id !== null,
  });
}

/** Any step on a case (verify, review, approve, return, reject, payouts, follow-up, close): answers the case view. */
export function useCaseStep<T>(step: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: T }) =>
      apiFetch<ReliefCaseView>(`/relief/cases/${id}/${step}`, { method: 'POST', body }),
    onSuccess: (view) => {
      queryClient.setQueryData(reliefKeys.case(view.id), view);
      void queryClient.invalidateQueries({ queryKey: reliefKeys.all });
    },
  });
}

/** The body of each step, by its path under /relief/cases/:id/. */
export type StepBodies = {
  verification: VerifyInput;
  review: ReviewReliefCase;
  approval: ApproveReliefCase;
  return: { reason: string };
  rejection: { reason: string };
  payout: PayoutInput;
  'follow-up': FollowUpReliefCase;
  closure: { note?: string };
};

export function useResolveObjection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ResolveObjection & { id: string }) =>
      apiFetch<ObjectionView>(`/relief/objections/${id}/resolution`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reliefKeys.all }),
  });
}

/** Finance (funds:approve, a second person) decides the payout in the donations module that holds the fund. */
export function useDecideFundPayout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ payoutRef, decision, note }: { payoutRef: string; decision: 'approve' | 'reject'; note?: string }) =>
      apiFetch<unknown>(`/payouts/${payoutRef}/decision`, { method: 'POST', body: { decision, note } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reliefKeys.all }),
  });
}

/** The donation funds a payout may come from (with their balances), of the case's unit and the units above it. */
export function useFunds(orgId: number, enabled: boolean) {
  return useQuery({
    queryKey: reliefKeys.funds(orgId),
    queryFn: () => apiFetch<FundView[]>('/funds', { query: { orgId } }),
    enabled,
  });
}

/** The village mutual-aid funds (互助金) a relief payout may draw on instead of a donations fund. */
export function useMutualAidPayoutFunds(orgId: number, enabled: boolean) {
  return useQuery({
    queryKey: reliefKeys.mutualAidFunds(orgId),
    queryFn: () => apiFetch<MutualAidFundView[]>('/mutualaid/payout-funds', { query: { orgId } }),
    enabled,
  });
}

export function uploadStaffFile(file: File, onProgress: (percent: number) => void): Promise<FileMeta> {
  return uploadFile<FileMeta>('/files', file, onProgress);
}

/** A material, visit photo or approval form of a case, as staff who may see the case open it. */
export const caseFileUrl = (caseId: string, fileId: string) => `/api/relief/cases/${caseId}/files/${fileId}`;

// ------------------------------------------------------------------------------------------------ batches

export function useReliefBatches(f: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: reliefKeys.batches(f),
    queryFn: () => apiFetch<BatchPage>('/relief/batches', { query: paging(f.page, f.pageSize) }),
    placeholderData: keepPreviousData,
  });
}

export type BatchSetup = { orgId: number; title: string; kind: string; causeCategory: string };

export function uploadBatch(
  setup: BatchSetup,
  file: File,
  onProgress: (percent: number) => void,
): Promise<BatchImportView> {
  return uploadFile<BatchImportView>(
    `/relief/batches?${new URLSearchParams({ ...setup, orgId: String(setup.orgId) })}`,
    file,
    onProgress,
  );
}

export const batchImportPath = (id: string) => `/relief/batches/imports/${id}`;
export const batchTemplateUrl = () => apiUrl('/relief/batches/template.xlsx');

export function useDecideBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: DecideBatch & { id: string }) =>
      apiFetch<ReliefBatchView>(`/relief/batches/${id}/decision`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reliefKeys.all }),
  });
}

export function useRequestBatchPayouts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: PayoutInput & { id: string }) =>
      apiFetch<BatchPayoutsResult>(`/relief/batches/${id}/payouts`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reliefKeys.all }),
  });
}
