// Donations calls for the console: projects, gifts, funds, payouts, flagged payment notifications, reports and
// evidence uploads (types from the server's donations.schemas.ts and reports.schemas.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AllocationView,
  ConsentView,
  channelValues,
  correctDisclosureSchema,
  createProjectSchema,
  DisclosureView,
  DonationListQuery,
  DonationRow,
  DonationView,
  FundView,
  GiftImportView,
  PayoutListQuery,
  PayoutView,
  ProjectView,
  projectStatusValues,
  publishDisclosureSchema,
  RecordConsent,
  RequestAllocation,
  RequestReversal,
  ReversalView,
  recordDonationSchema,
  requestPayoutSchema,
  StatementView,
  updateProjectSchema,
} from '../../../../server/src/modules/donations/donations.schemas';
import type { DonationReport, DonationReportQuery } from '../../../../server/src/modules/donations/reports.schemas';
import { apiFetch, apiUrl, uploadFile } from '../../app/api-client';

// Request bodies as the client sends them (fields with server defaults may be left out).
export type CreateProject = z.input<typeof createProjectSchema>;
export type UpdateProject = z.input<typeof updateProjectSchema>;
export type RecordDonation = z.input<typeof recordDonationSchema>;
export type RequestPayout = z.input<typeof requestPayoutSchema>;
export type Channel = (typeof channelValues)[number];
export type ProjectStatus = (typeof projectStatusValues)[number];
export type PayoutRow = Omit<PayoutView, 'spends'>;
export type ProjectPage = { items: ProjectView[]; total: number };
export type DonationPage = { items: DonationRow[]; total: number; totalFen: number };
export type PayoutPage = { items: PayoutRow[]; total: number };
export type PaymentNotification = {
  id: string;
  channel: string;
  orderNo: string | null;
  providerTxnId: string | null;
  amountFen: number | null;
  verdict: string;
  detail: string | null;
  receivedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
};
export type NotificationPage = { items: PaymentNotification[]; total: number };

export type ProjectFilter = { orgId: number | null; status?: ProjectStatus; q: string; page: number; pageSize: number };
export type DonationFilter = Omit<DonationListQuery, 'lang' | 'limit' | 'offset'> & { page: number; pageSize: number };
export type PayoutFilter = Omit<PayoutListQuery, 'lang' | 'limit' | 'offset'> & { page: number; pageSize: number };
export type ReportFilter = Omit<DonationReportQuery, 'lang'>;

export const donationKeys = {
  all: ['donations'] as const,
  projects: (f: ProjectFilter) => ['donations', 'projects', f] as const,
  projectOptions: (orgId: number | null) => ['donations', 'project-options', orgId] as const,
  list: (f: DonationFilter) => ['donations', 'list', f] as const,
  detail: (id: string) => ['donations', 'detail', id] as const,
  funds: (orgId: number | null) => ['donations', 'funds', orgId] as const,
  payouts: (f: PayoutFilter) => ['donations', 'payouts', f] as const,
  payout: (id: string) => ['donations', 'payout', id] as const,
  notifications: (f: { flagged: boolean; page: number; pageSize: number }) =>
    ['donations', 'notifications', f] as const,
  report: (f: ReportFilter) => ['donations', 'report', f] as const,
};

const paging = (page: number, pageSize: number) => ({ limit: pageSize, offset: (page - 1) * pageSize });

export function useProjects(f: ProjectFilter) {
  return useQuery({
    queryKey: donationKeys.projects(f),
    queryFn: () =>
      apiFetch<ProjectPage>('/donation-projects', {
        query: { orgId: f.orgId, status: f.status, q: f.q || undefined, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

/** Up to 100 projects of a unit's subtree (newest first), for filters and pickers. */
export function useProjectOptions(orgId: number | null) {
  return useQuery({
    queryKey: donationKeys.projectOptions(orgId),
    queryFn: () => apiFetch<ProjectPage>('/donation-projects', { query: { orgId, limit: 100 } }),
    staleTime: 60_000,
  });
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProject) => apiFetch<ProjectView>('/donation-projects', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

/** Edits a project, or opens / closes it ({ status }). */
export function useUpdateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: UpdateProject }) =>
      apiFetch<ProjectView>(`/donation-projects/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

export function useDonations(f: DonationFilter) {
  return useQuery({
    queryKey: donationKeys.list(f),
    queryFn: () =>
      apiFetch<DonationPage>('/donations', {
        query: {
          orgId: f.orgId,
          projectId: f.projectId,
          channel: f.channel,
          from: f.from,
          to: f.to,
          q: f.q || undefined,
          ...paging(f.page, f.pageSize),
        },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useDonation(id: string | null) {
  return useQuery({
    queryKey: donationKeys.detail(id ?? ''),
    queryFn: () => apiFetch<DonationView>(`/donations/${id}`),
    enabled: id !== null,
  });
}

export function useRecordDonation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordDonation) => apiFetch<DonationView>('/donations', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

export function useFunds(orgId: number | null) {
  return useQuery({
    queryKey: donationKeys.funds(orgId),
    queryFn: () => apiFetch<FundView[]>('/funds', { query: { orgId } }),
  });
}

export function usePayouts(f: PayoutFilter) {
  return useQuery({
    queryKey: donationKeys.payouts(f),
    queryFn: () =>
      apiFetch<PayoutPage>('/payouts', {
        query: { orgId: f.orgId, fundId: f.fundId, status: f.status, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

export function usePayout(id: string | null) {
  return useQuery({
    queryKey: donationKeys.payout(id ?? ''),
    queryFn: () => apiFetch<PayoutView>(`/payouts/${id}`),
    enabled: id !== null,
  });
}

export function useRequestPayout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestPayout) => apiFetch<PayoutView>('/payouts', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

/** Approves (pays, FIFO) or rejects a pending payout; the server refuses the requester (SAME_USER_APPROVAL). */
export function useDecidePayout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: string; decision: 'approve' | 'reject'; note?: string }) =>
      apiFetch<PayoutView>(`/payouts/${id}/decision`, { method: 'POST', body: { decision, note } }),
    onSuccess: (payout) => {
      queryClient.setQueryData(donationKeys.payout(payout.id), payout);
      void queryClient.invalidateQueries({ queryKey: donationKeys.all });
    },
  });
}

export function usePaymentNotifications(f: { flagged: boolean; page: number; pageSize: number }) {
  return useQuery({
    queryKey: donationKeys.notifications(f),
    queryFn: () =>
      apiFetch<NotificationPage>('/payment-notifications', {
        query: { flagged: f.flagged ? 'true' : undefined, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useDonationReport(f: ReportFilter) {
  return useQuery({
    queryKey: donationKeys.report(f),
    queryFn: () => apiFetch<DonationReport>('/donation-reports', { query: { ...f } }),
    placeholderData: keepPreviousData,
  });
}

/** Where staff open a stored evidence file. */
export const fileUrl = (id: string) => `/api/files/${id}`;
/** The public project page (built by the public pages) and its QR posters. */
export const publicProjectUrl = (code: string) => `/projects/${encodeURIComponent(code)}`;
export const posterUrl = (code: string, format: 'png' | 'pdf') =>
  `/api/public/projects/${encodeURIComponent(code)}/poster.${format}`;
/** A public ledger entry by index. */
export const ledgerEntryUrl = (index: number) => `/api/ledger/entries/${index}`;

// ------------------------------------------------------------------------------------------------ oversight
// Refunds and corrections, allocations and donor consents, disclosures, statements and notification reviews.

export type ApprovalStatus = 'pending' | 'done' | 'rejected';
export type ApprovalFilter = { status?: ApprovalStatus; page: number; pageSize: number };
export type ReversalPage = { items: ReversalView[]; total: number };
export type AllocationPage = { items: AllocationView[]; total: number };
export type DisclosureFilter = {
  status?: 'due' | 'overdue' | 'published';
  orgId?: number;
  projectId?: number;
  page: number;
  pageSize: number;
};
export type DisclosurePage = { items: DisclosureView[]; total: number };
export type PublishDisclosure = z.input<typeof publishDisclosureSchema>;
export type CorrectDisclosure = z.input<typeof correctDisclosureSchema>;
export type StatementPage = { items: StatementView[]; total: number };
export type OnlineChannel = StatementView['channel'];

export const oversightKeys = {
  reversals: (f: ApprovalFilter) => ['donations', 'reversals', f] as const,
  allocations: (f: ApprovalFilter) => ['donations', 'allocations', f] as const,
  disclosures: (f: DisclosureFilter) => ['donations', 'disclosures', f] as const,
  overdueCount: (orgId: number | null) => ['donations', 'disclosures-overdue', orgId] as const,
  statements: (f: { page: number; pageSize: number }) => ['donations', 'statements', f] as const,
};

export function useReversals(f: ApprovalFilter) {
  return useQuery({
    queryKey: oversightKeys.reversals(f),
    queryFn: () =>
      apiFetch<ReversalPage>('/donation-reversals', { query: { status: f.status, ...paging(f.page, f.pageSize) } }),
    placeholderData: keepPreviousData,
  });
}

/** Asks to refund or correct an unspent gift; the server refuses a spent or moved one (DONATION_NOT_REFUNDABLE). */
export function useRequestReversal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ donationId, input }: { donationId: string; input: RequestReversal }) =>
      apiFetch<ReversalView>(`/donations/${donationId}/reversals`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

/** Approves (reverses the gift, a public ledger entry) or rejects; the requester may not (SAME_USER_APPROVAL). */
export function useDecideReversal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: string; decision: 'approve' | 'reject'; note?: string }) =>
      apiFetch<ReversalView>(`/donation-reversals/${id}/decision`, { method: 'POST', body: { decision, note } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

export function useRecordConsent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ donationId, input }: { donationId: string; input: RecordConsent }) =>
      apiFetch<ConsentView>(`/donations/${donationId}/consents`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

export function useAllocations(f: ApprovalFilter) {
  return useQuery({
    queryKey: oversightKeys.allocations(f),
    queryFn: () =>
      apiFetch<AllocationPage>('/fund-allocations', { query: { status: f.status, ...paging(f.page, f.pageSize) } }),
    placeholderData: keepPreviousData,
  });
}

/** Asks to move money between funds; above the eligible balance the server answers FUND_INSUFFICIENT. */
export function useRequestAllocation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestAllocation) =>
      apiFetch<AllocationView>('/fund-allocations', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

export function useDecideAllocation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: string; decision: 'approve' | 'reject'; note?: string }) =>
      apiFetch<AllocationView>(`/fund-allocations/${id}/decision`, { method: 'POST', body: { decision, note } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

export function useDisclosures(f: DisclosureFilter) {
  return useQuery({
    queryKey: oversightKeys.disclosures(f),
    queryFn: () =>
      apiFetch<DisclosurePage>('/disclosures', {
        query: { status: f.status, orgId: f.orgId, projectId: f.projectId, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

/** How many disclosures of the unit's subtree are overdue (for the menu badge). */
export function useOverdueDisclosureCount(orgId: number | null, enabled: boolean) {
  return useQuery({
    queryKey: oversightKeys.overdueCount(orgId),
    queryFn: () =>
      apiFetch<DisclosurePage>('/disclosures', { query: { status: 'overdue', orgId, limit: 1 } }).then((p) => p.total),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Publishes a due disclosure: its text can never be edited afterwards, and its SHA-256 goes into the ledger. */
export function usePublishDisclosure() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: PublishDisclosure }) =>
      apiFetch<DisclosureView>(`/disclosures/${id}/publish`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

/** Publishes a correction notice linked to a published disclosure (the original stays as it was). */
export function useCorrectDisclosure() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: CorrectDisclosure }) =>
      apiFetch<DisclosureView>(`/disclosures/${id}/corrections`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

export function useStatements(f: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: oversightKeys.statements(f),
    queryFn: () => apiFetch<StatementPage>('/payment-statements', { query: paging(f.page, f.pageSize) }),
    placeholderData: keepPreviousData,
  });
}

/** Uploads a provider statement (UTF-8 CSV) as multipart field "file" with progress; resolves with the reconciliation. */
export function uploadStatement(
  channel: OnlineChannel,
  file: File,
  onProgress: (percent: number) => void,
): Promise<StatementView> {
  return uploadFile<StatementView>(`/payment-statements?channel=${channel}`, file, onProgress);
}

/** The local (demo) provider's statement of a China day, as CSV. */
export const localStatementUrl = (date: string) => `/api/payment-statements/local.csv?date=${date}`;

/** Marks a flagged payment notification as dealt with; the note (required) goes into the audit log. */
export function useReviewNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      apiFetch<PaymentNotification>(`/payment-notifications/${id}/review`, { method: 'POST', body: { note } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: donationKeys.all }),
  });
}

/** Starts a bulk import of offline gifts; the evidence of the batch (e.g. the bank statement) is uploaded first. */
export function uploadGiftImport(
  file: File,
  evidenceFileId: string,
  onProgress: (percent: number) => void,
): Promise<GiftImportView> {
  return uploadFile<GiftImportView>(`/donations/import?evidenceFileId=${evidenceFileId}`, file, onProgress);
}
export const giftImportPath = (id: string) => `/donations/import/${id}`;
export const giftTemplateUrl = () => apiUrl('/donations/import/template.xlsx');
