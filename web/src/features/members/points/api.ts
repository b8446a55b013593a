// Calls of member points (积分制), service orders (点餐制) and first-aid kits (急救物品认领制): the member's own pages
// on the phone and the console's pages. Types come from the server's schemas files.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  KitSummary,
  KitTaskView,
  KitView,
  PlaceKit,
  PublicKitView,
  ReportKitUsage,
} from '../../../../../server/src/modules/members/members-kits.schemas';
import type {
  MenuItemView,
  OrderStats,
  OrderView,
  PlaceOrder,
} from '../../../../../server/src/modules/members/members-orders.schemas';
import type {
  AwardView,
  EntryView,
  MemberPoints,
  MyPoints,
  RankingPage,
  RedemptionView,
  RuleView,
} from '../../../../../server/src/modules/members/members-points.schemas';
import { apiFetch } from '../../../app/api-client';

export type {
  AwardView,
  EntryView,
  KitSummary,
  KitTaskView,
  KitView,
  MemberPoints,
  MenuItemView,
  MyPoints,
  OrderStats,
  OrderView,
  PublicKitView,
  RankingPage,
  RedemptionView,
  RuleView,
};

export const pointKeys = {
  all: ['member-points'] as const,
  mine: ['member-points', 'mine'] as const,
  myAwards: ['member-points', 'my-awards'] as const,
  rules: (orgId: number | null) => ['member-points', 'rules', orgId] as const,
  member: (id: string | null, year?: number) => ['member-points', 'member', id, year] as const,
  ranking: (orgId: number | null, year: number | undefined, page: number, size: number) =>
    ['member-points', 'ranking', orgId, year, page, size] as const,
  awards: (orgId: number | null) => ['member-points', 'awards', orgId] as const,
  redemptions: (orgId: number | null, status?: string) => ['member-points', 'redemptions', orgId, status] as const,
};
export const orderKeys = {
  all: ['member-orders'] as const,
  myMenu: ['member-orders', 'my-menu'] as const,
  mine: ['member-orders', 'mine'] as const,
  menu: (orgId: number | null) => ['member-orders', 'menu', orgId] as const,
  list: (orgId: number | null, status?: string) => ['member-orders', 'list', orgId, status] as const,
  stats: (orgId: number | null) => ['member-orders', 'stats', orgId] as const,
};
export const kitKeys = {
  all: ['member-kits'] as const,
  mine: ['member-kits', 'mine'] as const,
  list: (orgId: number | null) => ['member-kits', 'list', orgId] as const,
  tasks: (orgId: number | null) => ['member-kits', 'tasks', orgId] as const,
  kit: (id: string | null) => ['member-kits', 'kit', id] as const,
  public: (code: string) => ['member-kits', 'public', code] as const,
};

function useInvalidating<V, R>(fn: (v: V) => Promise<R>, key: readonly unknown[]) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}

// ------------------------------------------------------------------------------------------------ the member's own

export const useMyPoints = () =>
  useQuery({ queryKey: pointKeys.mine, queryFn: () => apiFetch<MyPoints>('/public/member-points/me'), retry: false });
export const useMyAwards = (enabled: boolean) =>
  useQuery({
    queryKey: pointKeys.myAwards,
    queryFn: () => apiFetch<AwardView[]>('/public/member-points/awards'),
    enabled,
  });
export const useRedeem = () =>
  useInvalidating(
    (awardId: string) =>
      apiFetch<RedemptionView>('/public/member-points/redemptions', { method: 'POST', body: { awardId } }),
    pointKeys.all,
  );

export const useMyMenu = () =>
  useQuery({
    queryKey: orderKeys.myMenu,
    queryFn: () => apiFetch<MenuItemView[]>('/public/member-services/menu'),
    retry: false,
  });
export const useMyOrders = (enabled: boolean) =>
  useQuery({
    queryKey: orderKeys.mine,
    queryFn: () => apiFetch<OrderView[]>('/public/member-services/orders'),
    enabled,
  });
export const usePlaceOrder = () =>
  useInvalidating(
    (input: PlaceOrder) => apiFetch<OrderView>('/public/member-services/orders', { method: 'POST', body: input }),
    orderKeys.all,
  );
export const useRateOrder = () =>
  useInvalidating(
    ({ id, rating, comment }: { id: string; rating: number; comment?: string }) =>
      apiFetch<OrderView>(`/public/member-services/orders/${id}/rate`, {
        method: 'POST',
        body: { rating, comment: comment || undefined },
      }),
    orderKeys.all,
  );
export const useCancelMyOrder = () =>
  useInvalidating(
    (id: string) => apiFetch<OrderView>(`/public/member-services/orders/${id}/cancel`, { method: 'POST' }),
    orderKeys.all,
  );

export const useMyKits = () =>
  useQuery({ queryKey: kitKeys.mine, queryFn: () => apiFetch<KitView[]>('/public/member-kits/mine'), retry: false });
export const useClaimKit = () =>
  useInvalidating(
    (code: string) => apiFetch<KitView>('/public/member-kits/claim', { method: 'POST', body: { code } }),
    kitKeys.all,
  );
export const usePlaceKit = () =>
  useInvalidating(
    ({ id, input }: { id: string; input: PlaceKit }) =>
      apiFetch<KitView>(`/public/member-kits/${id}/place`, { method: 'POST', body: input }),
    kitKeys.all,
  );
export const useHolderCheck = () =>
  useInvalidating(
    ({ id, isOk, note }: { id: string; isOk: boolean; note?: string }) =>
      apiFetch<KitView>(`/public/member-kits/${id}/checks`, {
        method: 'POST',
        body: { isOk, note: note || undefined },
      }),
    kitKeys.all,
  );
export const usePublicKit = (code: string) =>
  useQuery({
    queryKey: kitKeys.public(code),
    queryFn: () => apiFetch<PublicKitView>(`/public/kits/${encodeURIComponent(code)}`),
    retry: false,
  });
export const useReportKitUsage = (code: string) =>
  useInvalidating(
    (input: ReportKitUsage) =>
      apiFetch<{ received: true; refillTaskId: string | null }>(`/public/kits/${encodeURIComponent(code)}/usage`, {
        method: 'POST',
        body: input,
      }),
    kitKeys.all,
  );

// ------------------------------------------------------------------------------------------------ console: points

export const useRules = (orgId: number | null) =>
  useQuery({
    queryKey: pointKeys.rules(orgId),
    queryFn: () => apiFetch<RuleView[]>('/member-points/rules', { query: { orgId: orgId ?? undefined } }),
    enabled: orgId !== null,
  });
export const useCreateRule = () =>
  useInvalidating(
    (input: Record<string, unknown>) => apiFetch<RuleView>('/member-points/rules', { method: 'POST', body: input }),
    pointKeys.all,
  );
export const useUpdateRule = () =>
  useInvalidating(
    ({ id, patch }: { id: string; patch: Record<string, unknown> }) =>
      apiFetch<RuleView>(`/member-points/rules/${id}`, { method: 'PATCH', body: patch }),
    pointKeys.all,
  );
export const useMemberPoints = (memberId: string | null) =>
  useQuery({
    queryKey: pointKeys.member(memberId),
    queryFn: () => apiFetch<MemberPoints>(`/member-points/members/${memberId}`, { query: { limit: 100 } }),
    enabled: !!memberId,
  });
export const useAwardPoints = () =>
  useInvalidating(
    ({ memberId, ruleId, reason, points }: { memberId: string; ruleId: string; reason: string; points?: number }) =>
      apiFetch<EntryView>(`/member-points/members/${memberId}/entries`, {
        method: 'POST',
        body: { ruleId, reason, points },
      }),
    pointKeys.all,
  );
export const useReverseEntry = () =>
  useInvalidating(
    ({ memberId, entryId, reason }: { memberId: string; entryId: string; reason: string }) =>
      apiFetch<EntryView>(`/member-points/members/${memberId}/entries/${entryId}/reverse`, {
        method: 'POST',
        body: { reason },
      }),
    pointKeys.all,
  );
export const useRanking = (orgId: number | null, year: number | undefined, page: number, size: number) =>
  useQuery({
    queryKey: pointKeys.ranking(orgId, year, page, size),
    queryFn: () =>
      apiFetch<RankingPage>('/member-points/ranking', {
        query: { orgId: orgId ?? undefined, year, limit: size, offset: (page - 1) * size },
      }),
    enabled: orgId !== null,
    placeholderData: keepPreviousData,
  });
export const useAwards = (orgId: number | null) =>
  useQuery({
    queryKey: pointKeys.awards(orgId),
    queryFn: () => apiFetch<AwardView[]>('/member-points/awards', { query: { orgId: orgId ?? undefined } }),
    enabled: orgId !== null,
  });
export const useCreateAward = () =>
  useInvalidating(
    (input: Record<string, unknown>) => apiFetch<AwardView>('/member-points/awards', { method: 'POST', body: input }),
    pointKeys.all,
  );
export const useRedemptions = (orgId: number | null) =>
  useQuery({
    queryKey: pointKeys.redemptions(orgId),
    queryFn: () =>
      apiFetch<{ items: RedemptionView[]; total: number }>('/member-points/redemptions', {
        query: { orgId: orgId ?? undefined, limit: 100 },
      }),
    enabled: orgId !== null,
  });
export const useDecideRedemption = () =>
  useInvalidating(
    ({ r, action }: { r: RedemptionView; action: 'hand-over' | 'cancel' }) =>
      apiFetch<RedemptionView>(`/member-points/members/${r.memberId}/redemptions/${r.id}/${action}`, {
        method: 'POST',
        body: {},
      }),
    pointKeys.all,
  );

/** Active members found by name, number or phone (the members module's list), for picking one. */
export const useMemberSearch = (orgId: number | null, q: string) =>
  useQuery({
    queryKey: ['members', 'pick', orgId, q],
    queryFn: () =>
      apiFetch<{ items: { id: string; name: string; memberNo: string | null; orgName?: string }[] }>('/members', {
        query: { orgId: orgId ?? undefined, q: q || undefined, status: 'active', limit: 20 },
      }),
    enabled: orgId !== null,
  });

// ------------------------------------------------------------------------------------------------ console: orders

export const useMenu = (orgId: number | null) =>
  useQuery({
    queryKey: orderKeys.menu(orgId),
    queryFn: () => apiFetch<MenuItemView[]>('/member-services/menu', { query: { orgId: orgId ?? undefined } }),
    enabled: orgId !== null,
  });
export const useCreateMenuItem = () =>
  useInvalidating(
    (input: Record<string, unknown>) =>
      apiFetch<MenuItemView>('/member-services/menu', { method: 'POST', body: input }),
    orderKeys.all,
  );
export const useOrders = (orgId: number | null, status?: string) =>
  useQuery({
    queryKey: orderKeys.list(orgId, status),
    queryFn: () =>
      apiFetch<{ items: OrderView[]; total: number }>('/member-services/orders', {
        query: { orgId: orgId ?? undefined, status, limit: 200 },
      }),
    enabled: orgId !== null,
  });
export const useOrderStep = () =>
  useInvalidating(
    ({ id, step, body }: { id: string; step: 'accept' | 'decline' | 'schedule' | 'deliver'; body: unknown }) =>
      apiFetch<OrderView>(`/member-services/orders/${id}/${step}`, { method: 'POST', body }),
    orderKeys.all,
  );
export const useOrderStats = (orgId: number | null) =>
  useQuery({
    queryKey: orderKeys.stats(orgId),
    queryFn: () => apiFetch<OrderStats>('/member-services/stats', { query: { orgId: orgId ?? undefined } }),
    enabled: orgId !== null,
  });

// ------------------------------------------------------------------------------------------------ console: kits

export const useKits = (orgId: number | null) =>
  useQuery({
    queryKey: kitKeys.list(orgId),
    queryFn: () =>
      apiFetch<{ items: KitSummary[]; total: number }>('/member-kits', {
        query: { orgId: orgId ?? undefined, limit: 500 },
      }),
    enabled: orgId !== null,
  });
export const useKit = (id: string | null) =>
  useQuery({ queryKey: kitKeys.kit(id), queryFn: () => apiFetch<KitView>(`/member-kits/${id}`), enabled: !!id });
export const useKitTasks = (orgId: number | null) =>
  useQuery({
    queryKey: kitKeys.tasks(orgId),
    queryFn: () => apiFetch<KitTaskView[]>('/member-kits/tasks', { query: { orgId: orgId ?? undefined } }),
    enabled: orgId !== null,
  });
export const useCreateKits = () =>
  useInvalidating(
    (input: Record<string, unknown>) => apiFetch<KitSummary[]>('/member-kits', { method: 'POST', body: input }),
    kitKeys.all,
  );
export const useKitAction = () =>
  useInvalidating(
    ({ id, path, body }: { id: string; path: string; body: unknown }) =>
      apiFetch<KitView>(`/member-kits/${id}/${path}`, { method: 'POST', body }),
    kitKeys.all,
  );
export const useMapConfig = () =>
  useQuery({
    queryKey: ['aed', 'map-config'],
    queryFn: () =>
      apiFetch<{ tileUrl: string | null; tileDatum: 'wgs84' | 'gcj02'; attribution: string }>('/aed/map-config'),
    staleTime: 60 * 60_000,
  });
