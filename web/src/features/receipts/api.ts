// Fiscal receipt (公益事业捐赠票据) calls: the donor's status and request (with the gift's access token), finance's
// queue, issue, refusal, reversal and waiver, the receipt lists and PDFs, and the public verification.
// Types come from the server's receipts.schemas.ts.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DonorReceiptStatus,
  FiscalReceiptView,
  GiftReceiptState,
  IssueReceipt,
  ReceiptRequest,
  ReceiptRequestView,
  ReceiptVerification,
  RefuseRequest,
  receiptKindValues,
  requestStatusValues,
  VoidReceipt,
} from '../../../../server/src/modules/receipts/receipts.schemas';
import { apiFetch, apiUrl } from '../../app/api-client';

export type {
  DonorReceiptStatus,
  FiscalReceiptView,
  IssueReceipt,
  ReceiptRequest,
  ReceiptRequestView,
  ReceiptVerification,
  VoidReceipt,
};
export type RequestStatus = (typeof requestStatusValues)[number];
export type ReceiptKind = (typeof receiptKindValues)[number];
export type DonorDocument = DonorReceiptStatus['documents'][number];
type Page<T> = { items: T[]; total: number };

export type RequestFilter = {
  status?: RequestStatus;
  orgId?: number;
  donationId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
};
export type ReceiptFilter = {
  orgId?: number;
  donationId?: string;
  kind?: ReceiptKind;
  q?: string;
  page: number;
  pageSize: number;
};
export type VerifyInput = { code: string; number: string; check: string };

export const receiptKeys = {
  all: ['receipts'] as const,
  donor: (donationNo: string) => ['receipts', 'donor', donationNo] as const,
  requests: (f: RequestFilter) => ['receipts', 'requests', f] as const,
  list: (f: ReceiptFilter) => ['receipts', 'list', f] as const,
  detail: (id: string) => ['receipts', 'detail', id] as const,
  verify: (v: VerifyInput) => ['receipts', 'verify', v] as const,
};

/** The gift detail of the console's donations feature shows the receipt status: refreshed after every decision. */
const giftQueriesKey = ['donations'] as const;

// ------------------------------------------------------------------------------------------------ donor

export function useDonorReceipt(donationNo: string, token: string | undefined) {
  return useQuery({
    queryKey: receiptKeys.donor(donationNo),
    enabled: Boolean(token),
    queryFn: () =>
      apiFetch<DonorReceiptStatus>(`/public/donations/${encodeURIComponent(donationNo)}/receipt`, {
        query: { token: token ?? '' },
      }),
  });
}

export function useRequestReceiptAsDonor(donationNo: string, token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReceiptRequest) =>
      apiFetch<DonorReceiptStatus>(`/public/donations/${encodeURIComponent(donationNo)}/receipt-request`, {
        method: 'POST',
        query: { token },
        body: input,
      }),
    onSuccess: (status) => queryClient.setQueryData(receiptKeys.donor(donationNo), status),
  });
}

/** A document's PDF for the donor: the server's link (same origin, the token in its query). */
export function donorPdfHref(doc: DonorDocument): string {
  return doc.pdfUrl.startsWith('/api/') ? doc.pdfUrl : apiUrl(doc.pdfUrl);
}

// ------------------------------------------------------------------------------------------------ public

/** Answers a printed receipt's code, number and check code; `null` input asks nothing. */
export function useVerifyReceipt(input: VerifyInput | null) {
  return useQuery({
    queryKey: receiptKeys.verify(input ?? { code: '', number: '', check: '' }),
    enabled: input !== null,
    queryFn: () => apiFetch<ReceiptVerification>('/public/receipts/verify', { query: input ?? {} }),
    staleTime: 0,
  });
}

// ------------------------------------------------------------------------------------------------ finance

export function useReceiptRequests(f: RequestFilter, enabled = true) {
  return useQuery({
    queryKey: receiptKeys.requests(f),
    enabled,
    queryFn: () =>
      apiFetch<Page<ReceiptRequestView>>('/receipt-requests', {
        query: {
          status: f.status,
          orgId: f.orgId,
          donationId: f.donationId,
          from: f.from,
          to: f.to,
          limit: f.pageSize,
          offset: (f.page - 1) * f.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useFiscalReceipts(f: ReceiptFilter, enabled = true) {
  return useQuery({
    queryKey: receiptKeys.list(f),
    enabled,
    queryFn: () =>
      apiFetch<Page<FiscalReceiptView>>('/fiscal-receipts', {
        query: {
          orgId: f.orgId,
          donationId: f.donationId,
          kind: f.kind,
          q: f.q,
          limit: f.pageSize,
          offset: (f.page - 1) * f.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useFiscalReceipt(id: string | null) {
  return useQuery({
    queryKey: receiptKeys.detail(id ?? ''),
    enabled: id !== null,
    queryFn: () => apiFetch<FiscalReceiptView>(`/fiscal-receipts/${id}`),
  });
}

/** The receipt as issued (PDF), for staff: opened in a new tab with the session cookie. */
export function receiptPdfHref(id: string): string {
  return apiUrl(`/fiscal-receipts/${id}/pdf`);
}

function useInvalidateAll() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: receiptKeys.all }),
      queryClient.invalidateQueries({ queryKey: giftQueriesKey }),
    ]);
  };
}

export function useIssueReceipt() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ requestId, input }: { requestId: string; input: IssueReceipt }) =>
      apiFetch<FiscalReceiptView>(`/receipt-requests/${requestId}/issue`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useRefuseRequest() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ requestId, input }: { requestId: string; input: RefuseRequest }) =>
      apiFetch<ReceiptRequestView>(`/receipt-requests/${requestId}/refuse`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useVoidReceipt() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ receiptId, input }: { receiptId: string; input: VoidReceipt }) =>
      apiFetch<FiscalReceiptView>(`/fiscal-receipts/${receiptId}/void`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useRequestReceiptForDonor() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ donationId, input }: { donationId: string; input: ReceiptRequest }) =>
      apiFetch<ReceiptRequestView>(`/donations/${donationId}/receipt-request`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useRecordWaiver() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ donationId, note }: { donationId: string; note?: string }) =>
      apiFetch<GiftReceiptState>(`/donations/${donationId}/receipt-waiver`, {
        method: 'POST',
        body: note ? { note } : {},
      }),
    onSuccess: invalidate,
  });
}
