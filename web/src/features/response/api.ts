// Calls of 救在身边 (responders, emergencies, dispatch keys, statistics, follow-ups) and their types, written by hand to
// the shapes of .tmp/RESPONSE-API.md (server/src/modules/response/response.schemas.ts); map config from the AED module.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MapConfig } from '../../../../server/src/modules/aed/aed-public.schemas';
import type {
  AedBrief,
  AlertStatus,
  AlertView,
  Consent,
  DispatchKeyView,
  EmergencyDetail,
  EmergencyResponder,
  EmergencyView,
  Followup,
  FollowupAnswers,
  Outcome,
  QuietHours,
  ResponderPrefs,
  ResponderRole,
  ResponderView,
  Me as ResponseMe,
  ResponseStats,
  TimelineItem,
} from '../../../../server/src/modules/response/response.schemas';
import { ApiError, apiFetch } from '../../app/api-client';

export { outcomeResults } from '../../../../server/src/modules/response/response.schemas';
export type {
  AedBrief,
  AlertStatus,
  AlertView,
  Consent,
  EmergencyDetail,
  EmergencyResponder,
  EmergencyView,
  Followup,
  FollowupAnswers,
  MapConfig,
  Outcome,
  QuietHours,
  ResponderPrefs,
  ResponderRole,
  ResponderView,
  ResponseMe,
  ResponseStats,
  TimelineItem,
};

export type LatLng = { lat: number; lng: number };
export type MaxDistance = ResponderPrefs['maxDistanceM'];
export const maxDistances: MaxDistance[] = [500, 1000, 2000, 3000];
export type EmergencyStatus = EmergencyView['status'];
export type Wellbeing = FollowupAnswers['wellbeing'];
export type PublicResponder = {
  alertId: string;
  status: AlertStatus;
  role: ResponderRole | null;
  distanceM: number;
  position: { lat: number; lng: number; fixedAt: string } | null;
};
export type PublicEmergency = EmergencyView & { responders: PublicResponder[]; aeds: AedBrief[] };
export type RaisedEmergency = { emergency: EmergencyView; followToken: string; nearestAeds: AedBrief[] };
export type ResponderRow = ResponderView & { nameMasked: string; phoneMasked: string; orgName: string };
export type DispatchKey = DispatchKeyView;
export type Bucket = ResponseStats['firstAcceptHistogram'][number];
export type Paged<T> = { items: T[]; total: number };

export const responseKeys = {
  all: ['response'] as const,
  me: ['response', 'me'] as const,
  myAlerts: ['response', 'me', 'alerts'] as const,
  emergencies: (f: EmergencyFilter) => ['response', 'emergencies', f] as const,
  emergency: (id: string) => ['response', 'emergency', id] as const,
  publicEmergency: (id: string, token: string) => ['response', 'public-emergency', id, token] as const,
  responders: (f: ResponderFilter) => ['response', 'responders', f] as const,
  dispatchKeys: ['response', 'dispatch-keys'] as const,
  stats: (f: StatsFilter) => ['response', 'stats', f] as const,
  followup: (token: string) => ['response', 'followup', token] as const,
  mapConfig: ['response', 'map-config'] as const,
};

// ------------------------------------------------------------------------------------------------ map config

const noTiles: MapConfig = { tileUrl: null, tileDatum: 'wgs84', attribution: '' };

/** The AED module's tile configuration; a 404 (module not there) means "no tiles": the map draws markers on blank. */
export function useMapConfig() {
  return useQuery({
    queryKey: responseKeys.mapConfig,
    queryFn: async () => {
      try {
        return await apiFetch<MapConfig>('/aed/map-config');
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          return noTiles;
        }
        throw error;
      }
    },
    staleTime: 10 * 60_000,
    retry: false,
  });
}

// ------------------------------------------------------------------------------------------------ the responder

export function useResponseMe(enabled = true) {
  return useQuery({
    queryKey: responseKeys.me,
    queryFn: () => apiFetch<ResponseMe>('/response/me'),
    enabled,
    retry: false,
  });
}

export function useMyAlerts(enabled: boolean) {
  return useQuery({
    queryKey: responseKeys.myAlerts,
    queryFn: () => apiFetch<AlertView[]>('/response/me/alerts'),
    enabled,
    refetchInterval: 60_000,
  });
}

function useMeMutation<I>(call: (input: I) => Promise<ResponderView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (responder) => {
      qc.setQueryData<ResponseMe>(responseKeys.me, (old) => (old ? { ...old, responder } : old));
    },
  });
}

export function useEnrol() {
  return useMeMutation((body: { consentVersion: string; prefs: ResponderPrefs; quietHours: QuietHours }) =>
    apiFetch<ResponderView>('/response/me/enrol', { method: 'POST', body }),
  );
}

export function useUpdateResponder() {
  return useMeMutation((body: { prefs?: ResponderPrefs; quietHours?: QuietHours }) =>
    apiFetch<ResponderView>('/response/me', { method: 'PATCH', body }),
  );
}

export function useGoOnCall() {
  return useMeMutation((position: (LatLng & { accuracyM?: number }) | undefined) =>
    apiFetch<ResponderView>('/response/me/on-call', { method: 'POST', body: position ? { position } : {} }),
  );
}

export function useGoOffCall() {
  return useMeMutation(() => apiFetch<ResponderView>('/response/me/off-call', { method: 'POST', body: {} }));
}

/** HTTP fallback of the `position` frame (when the socket is down). */
export function postPosition(fix: LatLng & { accuracyM?: number }) {
  return apiFetch<void>('/response/me/position', { method: 'POST', body: fix });
}

function useAlertMutation<I>(call: (input: I) => Promise<AlertView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (alert) => mergeAlert(qc, alert),
  });
}

/** Puts a fresh copy of an alert into the responder's alert list (from an answer or an `alert.updated` event). */
export function mergeAlert(qc: ReturnType<typeof useQueryClient>, alert: AlertView) {
  qc.setQueryData<AlertView[]>(responseKeys.myAlerts, (old) => {
    const list = old ?? [];
    return list.some((a) => a.id === alert.id) ? list.map((a) => (a.id === alert.id ? alert : a)) : [alert, ...list];
  });
}

export function useAcceptAlert() {
  return useAlertMutation((id: string) =>
    apiFetch<AlertView>(`/response/alerts/${id}/accept`, { method: 'POST', body: {} }),
  );
}

export function useDeclineAlert() {
  return useAlertMutation((id: string) =>
    apiFetch<AlertView>(`/response/alerts/${id}/decline`, { method: 'POST', body: {} }),
  );
}

export function useArrived() {
  return useAlertMutation(({ id, fetchedAed }: { id: string; fetchedAed: boolean }) =>
    apiFetch<AlertView>(`/response/alerts/${id}/arrived`, { method: 'POST', body: { fetchedAed } }),
  );
}

// ------------------------------------------------------------------------------------------------ public raise

export function useRaisePublic() {
  return useMutation({
    mutationFn: (body: LatLng & { address?: string; note?: string; callerPhone: string }) =>
      apiFetch<RaisedEmergency>('/response/public/emergencies', { method: 'POST', body }),
  });
}

export function usePublicEmergency(id: string | null, token: string | null) {
  return useQuery({
    queryKey: responseKeys.publicEmergency(id ?? '', token ?? ''),
    queryFn: () => apiFetch<PublicEmergency>(`/response/public/emergencies/${id}`, { query: { token } }),
    enabled: !!id && !!token,
    refetchInterval: 30_000,
  });
}

// ------------------------------------------------------------------------------------------------ staff

export type EmergencyFilter = { status?: EmergencyStatus; page: number; pageSize: number };

export function useEmergencies(f: EmergencyFilter) {
  return useQuery({
    queryKey: responseKeys.emergencies(f),
    queryFn: () => apiFetch<Paged<EmergencyView>>('/response/emergencies', { query: f }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

export function useEmergency(id: string) {
  return useQuery({
    queryKey: responseKeys.emergency(id),
    queryFn: () => apiFetch<EmergencyDetail>(`/response/emergencies/${id}`),
  });
}

export type RaiseEmergency = {
  orgId?: number;
  lat: number;
  lng: number;
  datum?: 'wgs84' | 'gcj02';
  address: string;
  note: string;
};

export function useRaiseEmergency() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RaiseEmergency) => apiFetch<EmergencyDetail>('/response/emergencies', { method: 'POST', body }),
    onSuccess: (e) => {
      qc.setQueryData(responseKeys.emergency(e.id), e);
      void qc.invalidateQueries({ queryKey: ['response', 'emergencies'] });
    },
  });
}

export function useEndEmergency(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Outcome) =>
      apiFetch<EmergencyDetail>(`/response/emergencies/${id}/end`, { method: 'POST', body }),
    onSuccess: (e) => {
      qc.setQueryData(responseKeys.emergency(e.id), e);
      void qc.invalidateQueries({ queryKey: ['response', 'emergencies'] });
    },
  });
}

// ------------------------------------------------------------------------------------------------ admin

export type ResponderFilter = { onCall?: boolean; page: number; pageSize: number };

export function useResponders(f: ResponderFilter) {
  return useQuery({
    queryKey: responseKeys.responders(f),
    queryFn: () => apiFetch<Paged<ResponderRow>>('/response/responders', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export function useDispatchKeys() {
  return useQuery({
    queryKey: responseKeys.dispatchKeys,
    queryFn: () => apiFetch<DispatchKey[]>('/response/dispatch-keys'),
  });
}

export function useCreateDispatchKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; orgId: number }) =>
      apiFetch<DispatchKey & { key: string }>('/response/dispatch-keys', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: responseKeys.dispatchKeys }),
  });
}

export function useRevokeDispatchKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<unknown>(`/response/dispatch-keys/${id}/revoke`, { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: responseKeys.dispatchKeys }),
  });
}

export type StatsFilter = { orgId?: number; from?: string; to?: string };

export function useResponseStats(f: StatsFilter) {
  return useQuery({
    queryKey: responseKeys.stats(f),
    queryFn: () => apiFetch<ResponseStats>('/response/stats', { query: f }),
    placeholderData: keepPreviousData,
  });
}

// ------------------------------------------------------------------------------------------------ follow-up

export function useFollowup(token: string) {
  return useQuery({
    queryKey: responseKeys.followup(token),
    queryFn: () => apiFetch<Followup>(`/response/followups/${token}`),
    retry: false,
  });
}

export function useAnswerFollowup(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FollowupAnswers) => apiFetch<Followup>(`/response/followups/${token}`, { method: 'POST', body }),
    onSuccess: (f) => qc.setQueryData(responseKeys.followup(token), f),
  });
}

// ------------------------------------------------------------------------------------------------ formatting

/** "350 米" / "1.2 公里" — distances as people say them. */
export function formatDistance(m: number, language: string): string {
  if (m < 1000) {
    return language === 'en' ? `${Math.round(m)} m` : `${Math.round(m)} 米`;
  }
  const km = (m / 1000).toFixed(1);
  return language === 'en' ? `${km} km` : `${km} 公里`;
}

/** Walking time in whole minutes (at least 1). */
export function formatWalk(seconds: number, language: string): string {
  const min = Math.max(1, Math.round(seconds / 60));
  return language === 'en' ? `${min} min walk` : `步行约 ${min} 分钟`;
}

/** A time of day in China time (HH:MM:SS), from an ISO string or epoch milliseconds. */
export function formatClock(at: string | number, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(at));
}

/** Seconds as "45 秒" / "2 分 5 秒". */
export function formatSeconds(s: number | null, language: string): string {
  if (s === null) {
    return '—';
  }
  const m = Math.floor(s / 60);
  const r = Math.round(s % 60);
  if (language === 'en') {
    return m > 0 ? `${m} min ${r} s` : `${r} s`;
  }
  return m > 0 ? `${m} 分 ${r} 秒` : `${r} 秒`;
}
