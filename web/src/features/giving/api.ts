// Public giving calls: projects, orders and the built-in checkout, gifts and their trails, the daily disclosure and the
// ledger material the trace page verifies (types from the server's donations.schemas.ts and ledger.schemas.ts).
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  channelValues,
  createOrderSchema,
  DailyDisclosure,
  DonorDonation,
  LocalCheckoutView,
  OrderCreated,
  OrderStatusView,
  ProjectFlow,
  ProjectView,
  PublicDonation,
} from '../../../../server/src/modules/donations/donations.schemas';
import type { LedgerEntryView, LedgerKeyView } from '../../../../server/src/modules/ledger/ledger.schemas';
import { ApiError, apiFetch, apiUrl } from '../../app/api-client';

/** The order request as sent (fields with server defaults may be left out). */
export type CreateOrderInput = z.input<typeof createOrderSchema>;
export type { DailyDisclosure, DonorDonation, OrderStatusView, ProjectFlow, ProjectView, PublicDonation };
export type Channel = (typeof channelValues)[number];
export type DisclosureReceipt = DailyDisclosure['receipts'][number];
export type DisclosurePayout = DailyDisclosure['payouts'][number];
export type ProjectFilter = { status?: 'open' | 'closed'; q?: string; orgId?: number; limit?: number; offset?: number };
export type DisclosureFilter = {
  date: string;
  orgId?: number;
  projectCode?: string;
  limit?: number;
  offset?: number;
  payoutOffset?: number;
};

/** Rows per page of the daily disclosure, on screen; a download asks for the most the server gives at once. */
export const disclosurePageSize = 50;
const disclosureDownloadPage = 1000;
export type GiftSearch = { donationNo?: string; date?: string; amountFen?: number };

/** The ledger material the trace page verifies in the browser: nothing here is trusted until checked. */
export type LedgerMaterial = {
  key: LedgerKeyView;
  /** The latest signed checkpoint note, or null before the first one is signed. */
  checkpointNote: string | null;
  /** The entry with its inclusion proof for the checkpoint's tree size, or null while the checkpoint predates it. */
  entry: LedgerEntryView | null;
};

/** Final order states: the result page stops asking once it sees one. */
export const finalOrderStatuses: readonly OrderStatusView['status'][] = ['paid', 'closed', 'expired', 'refunded'];

export const givingKeys = {
  all: ['giving'] as const,
  projects: (f: ProjectFilter) => ['giving', 'projects', f] as const,
  project: (code: string) => ['giving', 'project', code] as const,
  gifts: (code: string, limit: number) => ['giving', 'project-gifts', code, limit] as const,
  payouts: (code: string, limit: number) => ['giving', 'project-payouts', code, limit] as const,
  flow: (code: string) => ['giving', 'flow', code] as const,
  order: (orderNo: string) => ['giving', 'order', orderNo] as const,
  checkout: (orderNo: string, query: string) => ['giving', 'checkout', orderNo, query] as const,
  gift: (donationNo: string) => ['giving', 'gift', donationNo] as const,
  mine: (donationNo: string) => ['giving', 'mine', donationNo] as const,
  ledger: (index: number) => ['giving', 'ledger', index] as const,
  daily: (f: DisclosureFilter) => ['giving', 'daily', f] as const,
  search: (s: GiftSearch) => ['giving', 'search', s] as const,
  channels: ['giving', 'channels'] as const,
};

/** The payment channels this deployment takes (the give page offers only these). */
export function usePaymentChannels() {
  return useQuery({
    queryKey: givingKeys.channels,
    queryFn: () =>
      apiFetch<{ channels: ('local' | 'wechat' | 'alipay')[]; consentVersion: string }>('/public/payment-channels'),
    staleTime: 5 * 60_000,
  });
}

export function usePublicProjects(f: ProjectFilter) {
  return useQuery({
    queryKey: givingKeys.projects(f),
    queryFn: () => apiFetch<{ items: ProjectView[]; total: number }>('/public/projects', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export function usePublicProject(code: string) {
  return useQuery({
    queryKey: givingKeys.project(code),
    queryFn: () => apiFetch<ProjectView>(`/public/projects/${encodeURIComponent(code)}`),
  });
}

/** A project's latest gifts (donors masked), newest first; `limit` grows as the visitor asks for more. */
export function useProjectGifts(code: string, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: givingKeys.gifts(code, limit),
    enabled,
    queryFn: () =>
      apiFetch<{ items: DisclosureReceipt[]; total: number }>(`/public/projects/${encodeURIComponent(code)}/gifts`, {
        query: { limit },
      }),
    placeholderData: keepPreviousData,
  });
}

/** A project's payouts (persons masked; purchases with supplier and unit price), newest first. */
export function useProjectPayouts(code: string, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: givingKeys.payouts(code, limit),
    enabled,
    queryFn: () =>
      apiFetch<{ items: DisclosurePayout[]; total: number }>(`/public/projects/${encodeURIComponent(code)}/payouts`, {
        query: { limit },
      }),
    placeholderData: keepPreviousData,
  });
}

/** The Sankey graph of a project's money: channels → fund → purposes, allocations to other funds, unspent. */
export function useProjectFlow(code: string, enabled: boolean) {
  return useQuery({
    queryKey: givingKeys.flow(code),
    enabled,
    queryFn: () => apiFetch<ProjectFlow>(`/public/projects/${encodeURIComponent(code)}/flow`),
  });
}

export function useCreateOrder() {
  return useMutation({
    mutationFn: (input: CreateOrderInput) => apiFetch<OrderCreated>('/public/orders', { method: 'POST', body: input }),
  });
}

export type LocalCheckoutLink = { amountFen: string; expiresAt: string; returnUrl: string; token: string };

export function useLocalCheckout(orderNo: string, link: LocalCheckoutLink) {
  return useQuery({
    queryKey: givingKeys.checkout(orderNo, JSON.stringify(link)),
    queryFn: () =>
      apiFetch<LocalCheckoutView>(`/public/pay/local/${encodeURIComponent(orderNo)}`, { query: { ...link } }),
  });
}

export function useLocalCheckoutAction(orderNo: string) {
  return useMutation({
    mutationFn: (input: LocalCheckoutLink & { action: 'pay' | 'cancel' }) =>
      apiFetch<{ returnUrl: string; verdict: string }>(`/public/pay/local/${encodeURIComponent(orderNo)}`, {
        method: 'POST',
        body: input,
      }),
  });
}

/** The order's status, asked again every 1.5 s until it is final (paid, closed, expired, refunded). */
export function useOrderStatus(orderNo: string, token: string | undefined) {
  return useQuery({
    queryKey: givingKeys.order(orderNo),
    enabled: Boolean(token),
    queryFn: () =>
      apiFetch<OrderStatusView>(`/public/orders/${encodeURIComponent(orderNo)}`, { query: { token: token ?? '' } }),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && finalOrderStatuses.includes(status) ? false : 1500;
    },
    staleTime: 0,
  });
}

export function usePublicDonation(donationNo: string) {
  return useQuery({
    queryKey: givingKeys.gift(donationNo),
    queryFn: () => apiFetch<PublicDonation>(`/public/donations/${encodeURIComponent(donationNo)}`),
  });
}

/** The donor's own view (salt and commitment), when this device holds the gift's access token. */
export function useDonorDonation(donationNo: string, token: string | undefined) {
  return useQuery({
    queryKey: givingKeys.mine(donationNo),
    enabled: Boolean(token),
    queryFn: () =>
      apiFetch<DonorDonation>(`/public/donations/${encodeURIComponent(donationNo)}/mine`, {
        query: { token: token ?? '' },
      }),
  });
}

/** The certificate PDF of a gift (the donor's token opens it). */
export function certificateHref(donationNo: string, token: string): string {
  return apiUrl(`/public/donations/${encodeURIComponent(donationNo)}/certificate.pdf`, { token });
}

async function fetchCheckpointNote(): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(apiUrl('/ledger/checkpoint'), { headers: { Accept: 'text/plain' } });
  } catch {
    throw new ApiError('NETWORK', 'network', 0);
  }
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new ApiError(`HTTP_${response.status}`, `HTTP ${response.status}`, response.status);
  }
  return response.text();
}

/** Parses only the size line of a checkpoint note, to ask for a proof at that size; the page verifies the note itself. */
function checkpointSize(note: string): number | undefined {
  const size = Number(note.split('\n')[1]);
  return Number.isSafeInteger(size) && size >= 0 ? size : undefined;
}

/**
 * The log key, the latest checkpoint and the entry's inclusion proof at that checkpoint's size. While the entry is
 * newer than the checkpoint (checkpoints are signed every minute), `entry` is null and the query asks again in 5 s.
 */
export function useLedgerMaterial(index: number | undefined) {
  return useQuery({
    queryKey: givingKeys.ledger(index ?? -1),
    enabled: index !== undefined,
    queryFn: async (): Promise<LedgerMaterial> => {
      const [key, checkpointNote] = await Promise.all([apiFetch<LedgerKeyView>('/ledger/key'), fetchCheckpointNote()]);
      const size = checkpointNote === null ? undefined : checkpointSize(checkpointNote);
      if (index === undefined || size === undefined || index >= size) {
        return { key, checkpointNote, entry: null };
      }
      const entry = await apiFetch<LedgerEntryView>(`/ledger/entries/${index}`, { query: { treeSize: size } });
      return { key, checkpointNote, entry };
    },
    refetchInterval: (query) => (query.state.data && query.state.data.entry === null ? 5000 : false),
    staleTime: 0,
  });
}

export function useDailyDisclosure(f: DisclosureFilter) {
  return useQuery({
    queryKey: givingKeys.daily(f),
    queryFn: () => apiFetch<DailyDisclosure>('/public/disclosure/daily', { query: f }),
    placeholderData: keepPreviousData,
  });
}

/** Every receipt or every payout of a day, a page at a time (a busy day holds tens of thousands); for downloads. */
export async function fetchWholeDisclosureList<K extends 'receipts' | 'payouts'>(
  f: Pick<DisclosureFilter, 'date' | 'orgId' | 'projectCode'>,
  list: K,
  onProgress: (done: number, total: number) => void,
): Promise<DailyDisclosure[K]> {
  const rows: DailyDisclosure[K][number][] = [];
  for (;;) {
    const at = rows.length;
    const page = await apiFetch<DailyDisclosure>('/public/disclosure/daily', {
      query: { ...f, limit: disclosureDownloadPage, offset: at, payoutOffset: at },
    });
    const items = page[list] as DailyDisclosure[K][number][];
    rows.push(...items);
    const total = list === 'receipts' ? page.receiptCount : page.payoutCount;
    onProgress(rows.length, total);
    if (items.length < disclosureDownloadPage || rows.length >= total) {
      return rows as DailyDisclosure[K];
    }
  }
}

export function useGiftSearch(s: GiftSearch | null) {
  return useQuery({
    queryKey: givingKeys.search(s ?? {}),
    enabled: s !== null,
    queryFn: () => apiFetch<{ items: DisclosureReceipt[] }>('/public/disclosure/search', { query: s ?? {} }),
  });
}
