// Service-hall calls (GET/POST /api/services/...): the public catalogue and units, the citizen's own requests, the staff
// work queue, search, transitions and statistics, and the catalogue and calendar administration. Types come from the
// server's services.schemas.ts.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CalendarView,
  Catalogue,
  createCategorySchema,
  createItemSchema,
  FileOnBehalf,
  ItemView,
  PutCalendarDay,
  QueueCounts,
  QueuePage,
  Rating,
  RequestDetail,
  RequestPage,
  RequestStatus,
  ResubmitRequest,
  StatsView,
  SubmitOwnRequest,
  Transition,
  UpdateCategory,
  UpdateItem,
  unitOptionSchema,
} from '../../../../server/src/modules/services/services.schemas';
import type { FileMeta } from '../../../../server/src/platform/files/files.schemas';
import { apiFetch, apiUrl, uploadFile } from '../../app/api-client';
import { currentLanguage } from '../../app/i18n';

export type UnitOption = z.infer<typeof unitOptionSchema>;
export type CreateCategoryInput = z.input<typeof createCategorySchema>;
export type CreateItemInput = z.input<typeof createItemSchema>;
export type QueueFilter = {
  itemCode?: string;
  status?: 'submitted' | 'accepted' | 'in_progress';
  orgId?: number;
  urgency?: 'overdue' | 'due';
  limit?: number;
  cursor?: string;
};
export type SearchFilter = {
  requestNo?: string;
  phone?: string;
  itemCode?: string;
  status?: RequestStatus;
  from?: string;
  to?: string;
  orgId?: number;
  limit?: number;
  offset?: number;
};
export type StatsFilter = { orgId?: number; from: string; to: string; itemCode?: string };

/** The language the server should answer labels in (unit and role names of the timeline). */
const lang = () => (currentLanguage() === 'en' ? 'en' : 'zh');

export const servicesKeys = {
  all: ['services'] as const,
  catalogue: ['services', 'catalogue'] as const,
  item: (code: string) => ['services', 'item', code] as const,
  units: (parentId: number | null) => ['services', 'units', parentId] as const,
  mine: ['services', 'mine'] as const,
  myList: (status: RequestStatus | undefined, limit: number) => ['services', 'mine', 'list', status, limit] as const,
  myRequest: (ref: string) => ['services', 'mine', 'request', ref] as const,
  staff: ['services', 'staff'] as const,
  queue: (f: QueueFilter) => ['services', 'staff', 'queue', f] as const,
  counts: (orgId: number | undefined) => ['services', 'staff', 'counts', orgId] as const,
  search: (f: SearchFilter) => ['services', 'staff', 'search', f] as const,
  request: (id: string) => ['services', 'staff', 'request', id] as const,
  stats: (f: StatsFilter) => ['services', 'staff', 'stats', f] as const,
  manage: ['services', 'manage'] as const,
  calendar: (year: number) => ['services', 'calendar', year] as const,
};

// ------------------------------------------------------------------------------------------------ public

export function useCatalogue() {
  return useQuery({
    queryKey: servicesKeys.catalogue,
    queryFn: () => apiFetch<Catalogue>('/services/catalogue', { query: { lang: lang() } }),
    staleTime: 5 * 60_000,
  });
}

export function useItem(code: string) {
  return useQuery({
    queryKey: servicesKeys.item(code),
    queryFn: () => apiFetch<ItemView>(`/services/items/${encodeURIComponent(code)}`, { query: { lang: lang() } }),
  });
}

/** Units a citizen may apply at, one level at a time (the top level without a parent). */
export function fetchUnits(parentId: number | null): Promise<UnitOption[]> {
  return apiFetch<UnitOption[]>('/services/units', { query: { parentId: parentId ?? undefined, lang: lang() } });
}

export function useUnits(parentId: number | null) {
  return useQuery({
    queryKey: servicesKeys.units(parentId),
    queryFn: () => fetchUnits(parentId),
    staleTime: 10 * 60_000,
  });
}

/** Uploads one material file (jpg, png or pdf, 10 MB at most; the server checks the bytes). */
/** A stored file as POST /api/files answers (the citizen's own until a request claims it). */
export type UploadView = FileMeta;

export function uploadMaterial(file: File, onProgress: (percent: number) => void): Promise<UploadView> {
  return uploadFile<UploadView>('/files', file, onProgress);
}

// ------------------------------------------------------------------------------------------------ citizen

export function useMyRequests(status: RequestStatus | undefined, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: servicesKeys.myList(status, limit),
    enabled,
    queryFn: () => apiFetch<RequestPage>('/services/my/requests', { query: { status, limit, lang: lang() } }),
    placeholderData: keepPreviousData,
  });
}

export function useMyRequest(ref: string, enabled: boolean) {
  return useQuery({
    queryKey: servicesKeys.myRequest(ref),
    enabled,
    queryFn: () =>
      apiFetch<RequestDetail>(`/services/my/requests/${encodeURIComponent(ref)}`, { query: { lang: lang() } }),
  });
}

export const myFileUrl = (requestId: string, fileId: string) =>
  apiUrl(`/services/my/requests/${requestId}/files/${fileId}`);

export function useSubmitRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SubmitOwnRequest) =>
      apiFetch<RequestDetail>('/services/my/requests', { method: 'POST', body: input, query: { lang: lang() } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: servicesKeys.mine }),
  });
}

/** The applicant's own steps on a request: 补正 (resubmit), withdraw, rate. */
export function useMyRequestAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      action:
        | { kind: 'resubmit'; body: ResubmitRequest }
        | { kind: 'withdraw'; body: { note?: string } }
        | { kind: 'rating'; body: Rating },
    ) =>
      apiFetch<RequestDetail>(`/services/my/requests/${id}/${action.kind}`, {
        method: 'POST',
        body: action.body,
        query: { lang: lang() },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: servicesKeys.mine }),
  });
}

// ------------------------------------------------------------------------------------------------ staff

export function useQueue(f: QueueFilter) {
  return useQuery({
    queryKey: servicesKeys.queue(f),
    queryFn: () => apiFetch<QueuePage>('/services/queue', { query: { ...f, lang: lang() } }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useQueueCounts(orgId: number | undefined) {
  return useQuery({
    queryKey: servicesKeys.counts(orgId),
    queryFn: () => apiFetch<QueueCounts>('/services/queue/counts', { query: { orgId, lang: lang() } }),
    refetchInterval: 60_000,
  });
}

export function useRequestSearch(f: SearchFilter, enabled = true) {
  return useQuery({
    queryKey: servicesKeys.search(f),
    enabled,
    queryFn: () => apiFetch<RequestPage>('/services/requests', { query: { ...f, lang: lang() } }),
    placeholderData: keepPreviousData,
  });
}

export function useRequest(id: string | null) {
  return useQuery({
    queryKey: servicesKeys.request(id ?? ''),
    enabled: id !== null,
    queryFn: () => apiFetch<RequestDetail>(`/services/requests/${id}`, { query: { lang: lang() } }),
  });
}

/** 代办: staff file a request at a counter on a person's behalf (they follow it by signing in with that phone). */
export function useFileOnBehalf() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: FileOnBehalf) =>
      apiFetch<RequestDetail>('/services/requests', { method: 'POST', body: input, query: { lang: lang() } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: servicesKeys.staff }),
  });
}

export const staffFileUrl = (requestId: string, fileId: string) =>
  apiUrl(`/services/requests/${requestId}/files/${fileId}`);

export function useTransition(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Transition) =>
      apiFetch<RequestDetail>(`/services/requests/${id}/transitions`, {
        method: 'POST',
        body: input,
        query: { lang: lang() },
      }),
    onSuccess: (detail) => {
      queryClient.setQueryData(servicesKeys.request(id), detail);
      return queryClient.invalidateQueries({ queryKey: servicesKeys.staff });
    },
  });
}

export function useStats(f: StatsFilter) {
  return useQuery({
    queryKey: servicesKeys.stats(f),
    queryFn: () => apiFetch<StatsView>('/services/stats', { query: { ...f, lang: lang() } }),
    placeholderData: keepPreviousData,
  });
}

export const statsExcelUrl = (f: StatsFilter) => apiUrl('/services/stats.xlsx', { ...f, lang: lang() });

// ------------------------------------------------------------------------------------------------ administration

export function useManageCatalogue() {
  return useQuery({
    queryKey: servicesKeys.manage,
    queryFn: () =>
      apiFetch<Catalogue>('/services/manage/catalogue', { query: { includeInactive: 'true', lang: lang() } }),
  });
}

function useCatalogueMutation<T>(call: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: servicesKeys.manage }),
        queryClient.invalidateQueries({ queryKey: servicesKeys.catalogue }),
        queryClient.invalidateQueries({ queryKey: ['services', 'item'] }),
      ]),
  });
}

export function useSaveCategory() {
  return useCatalogueMutation(
    (
      input:
        | { code: string; create: true; body: CreateCategoryInput }
        | { code: string; create: false; body: UpdateCategory },
    ) =>
      input.create
        ? apiFetch('/services/categories', { method: 'POST', body: input.body })
        : apiFetch(`/services/categories/${encodeURIComponent(input.code)}`, { method: 'PATCH', body: input.body }),
  );
}

export function useSaveItem() {
  return useCatalogueMutation(
    (
      input: { code: string; create: true; body: CreateItemInput } | { code: string; create: false; body: UpdateItem },
    ) =>
      input.create
        ? apiFetch<ItemView>('/services/items', { method: 'POST', body: input.body })
        : apiFetch<ItemView>(`/services/items/${encodeURIComponent(input.code)}`, {
            method: 'PATCH',
            body: input.body,
          }),
  );
}

export function useCalendar(year: number) {
  return useQuery({
    queryKey: servicesKeys.calendar(year),
    queryFn: () => apiFetch<CalendarView>('/services/calendar', { query: { year, lang: lang() } }),
    placeholderData: keepPreviousData,
  });
}

export function useSetCalendarDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { date: string; day: PutCalendarDay | null }) =>
      input.day
        ? apiFetch(`/services/calendar/days/${input.date}`, { method: 'PUT', body: input.day })
        : apiFetch(`/services/calendar/days/${input.date}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['services', 'calendar'] }),
  });
}
