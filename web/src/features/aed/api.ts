// Calls of the AED module (types from the server's aed.schemas.ts): the registry, upkeep, telemetry keys and the unit
// statistics for the console (part A); the public map, device pages and problem reports are added below (part B).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AedListQuery,
  AedStats,
  AedStatusChange,
  AedSummary,
  AedTaskView,
  AedView,
  ConfirmPads,
  CreateAed,
  RecordInspection,
  ReportUsage,
  UpdateAed,
} from '../../../../server/src/modules/aed/aed.schemas';
import type {
  CoverageResult as Coverage,
  PlaceHit as Hit,
  KeyPlaceView as KeyPlace,
  KeyPlacePatch as KeyPlaceChange,
  KeyPlaceInput as KeyPlaceIn,
  NearbyResult as Nearby,
  ReportProblem as Problem,
  ReportView as ProblemReport,
  PublicAedView as PublicAed,
  ReportReceipt as Receipt,
} from '../../../../server/src/modules/aed/aed-public.schemas';
import type { ImportView } from '../../../../server/src/platform/imports/imports.schemas';
import { ApiError, apiFetch, apiUrl, uploadFile } from '../../app/api-client';

export type { AedStats, AedSummary, AedTaskView, AedView, CreateAed, UpdateAed };
export type AedFilter = Omit<AedListQuery, 'lang' | 'page' | 'pageSize'> & { page: number; pageSize: number };
export type DeviceKey = { deviceCode: string; key: string; issuedAt: string };
export type MapConfig = { tileUrl: string | null; tileDatum: 'wgs84' | 'gcj02'; attribution: string };

export const aedKeys = {
  all: ['aed'] as const,
  list: (f: AedFilter) => ['aed', 'list', f] as const,
  device: (id: string) => ['aed', 'device', id] as const,
  dueWork: (orgId: number | null, withinDays: number) => ['aed', 'due-work', orgId, withinDays] as const,
  stats: (orgId: number | null, year: number) => ['aed', 'stats', orgId, year] as const,
  mapConfig: ['aed', 'map-config'] as const,
};

// ------------------------------------------------------------------------------------------------ registry (console)

export function useAeds(f: AedFilter, enabled = true) {
  return useQuery({
    queryKey: aedKeys.list(f),
    queryFn: () => apiFetch<{ items: AedSummary[]; total: number }>('/aed/devices', { query: f }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAed(id: string | undefined) {
  return useQuery({
    queryKey: aedKeys.device(id ?? ''),
    queryFn: () => apiFetch<AedView>(`/aed/devices/${id}`),
    enabled: !!id,
  });
}

/** Every mutation answers the device's new view: refresh lists, put the view in the cache. */
function useAedMutation<V>(fn: (v: V) => Promise<AedView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (view) => {
      qc.setQueryData(aedKeys.device(view.id), view);
      void qc.invalidateQueries({ queryKey: aedKeys.all });
    },
  });
}

export const useCreateAed = () =>
  useAedMutation((input: CreateAed) => apiFetch<AedView>('/aed/devices', { method: 'POST', body: input }));
export const useUpdateAed = () =>
  useAedMutation(({ id, input }: { id: string; input: UpdateAed }) =>
    apiFetch<AedView>(`/aed/devices/${id}`, { method: 'PATCH', body: input }),
  );
export const useChangeAedStatus = () =>
  useAedMutation(({ id, input }: { id: string; input: AedStatusChange }) =>
    apiFetch<AedView>(`/aed/devices/${id}/status`, { method: 'POST', body: input }),
  );
export const useRecordInspection = () =>
  useAedMutation(({ id, input }: { id: string; input: RecordInspection }) =>
    apiFetch<AedView>(`/aed/devices/${id}/inspections`, { method: 'POST', body: input }),
  );
export const useCloseAedTask = () =>
  useAedMutation(({ id, taskId, note }: { id: string; taskId: string; note: string }) =>
    apiFetch<AedView>(`/aed/devices/${id}/tasks/${taskId}/close`, { method: 'POST', body: { note } }),
  );
export const useReportUsage = () =>
  useAedMutation(({ id, input }: { id: string; input: ReportUsage }) =>
    apiFetch<AedView>(`/aed/devices/${id}/usages`, { method: 'POST', body: input }),
  );

export function useConfirmPads() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ConfirmPads }) =>
      apiFetch<{ code: string; status: string }>(`/aed/devices/${id}/pads-confirmation`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: aedKeys.all }),
  });
}

export function useIssueDeviceKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<DeviceKey>(`/aed/devices/${id}/device-key`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: aedKeys.all }),
  });
}

export function useDueWork(orgId: number | null, withinDays: number) {
  return useQuery({
    queryKey: aedKeys.dueWork(orgId, withinDays),
    queryFn: () =>
      apiFetch<{ items: AedTaskView[] }>('/aed/due-work', { query: { orgId: orgId ?? undefined, withinDays } }),
    placeholderData: keepPreviousData,
  });
}

export function useAedStats(orgId: number | null, year: number) {
  return useQuery({
    queryKey: aedKeys.stats(orgId, year),
    queryFn: () => apiFetch<AedStats>('/aed/stats', { query: { orgId: orgId ?? undefined, year } }),
    enabled: orgId !== null,
    placeholderData: keepPreviousData,
  });
}

export const registryExportUrl = (orgId?: number | null) =>
  apiUrl('/aed/devices/export.xlsx', { orgId: orgId ?? undefined });
export const registryTemplateUrl = () => apiUrl('/aed/devices/template.xlsx');
export const uploadRegistry = (file: File, onProgress: (percent: number) => void) =>
  uploadFile<ImportView>('/aed/devices/imports', file, onProgress);
export const registryImportPath = (id: string) => `/aed/devices/imports/${id}`;

const noTiles: MapConfig = { tileUrl: null, tileDatum: 'wgs84', attribution: '' };

/** The map tiles (GET /api/aed/map-config); none configured (or the route missing) draws markers on a blank map. */
export function useAedMapConfig() {
  return useQuery({
    queryKey: aedKeys.mapConfig,
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

// ------------------------------------------------------------------------------------------------ public (part B)

export type {
  CoveragePlace,
  CoverageResult,
  KeyPlaceInput,
  KeyPlaceView,
  NearbyAedView,
  NearbyResult,
  PlaceHit,
  PublicAedView,
  ReportKind,
  ReportProblem,
  ReportReceipt,
  ReportView,
} from '../../../../server/src/modules/aed/aed-public.schemas';

export const publicAedKeys = {
  nearby: (lat: number, lng: number, limit: number) => ['aed-public', 'nearby', lat, lng, limit] as const,
  places: (q: string) => ['aed-public', 'places', q] as const,
  device: (code: string) => ['aed-public', 'device', code] as const,
  coverage: (orgId: number, dow: number, hour: number) => ['aed', 'coverage', orgId, dow, hour] as const,
  keyPlaces: (orgId: number) => ['aed', 'key-places', orgId] as const,
  reports: (orgId: number) => ['aed', 'reports', orgId] as const,
};

/** The nearest AEDs available now to a WGS-84 point (refreshed every minute: "open now" changes by the hour). */
export function useNearbyAeds(point: { lat: number; lng: number } | null, limit: number) {
  // Round to ~1 m so a jittery GPS fix does not refetch on every reading.
  const lat = point ? Math.round(point.lat * 1e5) / 1e5 : 0;
  const lng = point ? Math.round(point.lng * 1e5) / 1e5 : 0;
  return useQuery({
    queryKey: publicAedKeys.nearby(lat, lng, limit),
    queryFn: () => apiFetch<Nearby>('/aed/nearby', { query: { lat, lng, limit } }),
    enabled: point !== null,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    retry: false,
  });
}

export function usePlaceSearch(q: string) {
  return useQuery({
    queryKey: publicAedKeys.places(q),
    queryFn: () => apiFetch<Hit[]>('/aed/places', { query: { q } }),
    enabled: q.trim().length > 0,
    retry: false,
  });
}

export function usePublicAed(code: string | undefined) {
  return useQuery({
    queryKey: publicAedKeys.device(code ?? ''),
    queryFn: () => apiFetch<PublicAed>(`/aed/public/${encodeURIComponent(code ?? '')}`),
    enabled: !!code,
    retry: false,
  });
}

export const publicAedPhotoUrl = (code: string) => apiUrl(`/aed/public/${encodeURIComponent(code)}/photo`);
export const aedStickerUrl = (id: string) => apiUrl(`/aed/${id}/sticker.pdf`);

export function useReportAedProblem(code: string) {
  return useMutation({
    mutationFn: (input: Problem) =>
      apiFetch<Receipt>(`/aed/public/${encodeURIComponent(code)}/reports`, { method: 'POST', body: input }),
  });
}

export function useAedCoverage(orgId: number | null, dow: number, hour: number) {
  return useQuery({
    queryKey: publicAedKeys.coverage(orgId ?? 0, dow, hour),
    queryFn: () => apiFetch<Coverage>('/aed/coverage', { query: { orgId: orgId ?? undefined, dow, hour } }),
    enabled: orgId !== null,
    placeholderData: keepPreviousData,
  });
}

export function useKeyPlaces(orgId: number | null) {
  return useQuery({
    queryKey: publicAedKeys.keyPlaces(orgId ?? 0),
    queryFn: () => apiFetch<KeyPlace[]>('/aed/key-places', { query: { orgId: orgId ?? undefined } }),
    enabled: orgId !== null,
  });
}

export function useAedReports(orgId: number | null) {
  return useQuery({
    queryKey: publicAedKeys.reports(orgId ?? 0),
    queryFn: () => apiFetch<ProblemReport[]>('/aed/reports', { query: { orgId: orgId ?? undefined } }),
    enabled: orgId !== null,
  });
}

function useKeyPlaceMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['aed', 'key-places'] });
      void qc.invalidateQueries({ queryKey: ['aed', 'coverage'] });
    },
  });
}

export const useAddKeyPlace = () =>
  useKeyPlaceMutation((input: KeyPlaceIn) => apiFetch<KeyPlace>('/aed/key-places', { method: 'POST', body: input }));
export const useUpdateKeyPlace = () =>
  useKeyPlaceMutation(({ id, patch }: { id: string; patch: KeyPlaceChange }) =>
    apiFetch<KeyPlace>(`/aed/key-places/${id}`, { method: 'PATCH', body: patch }),
  );
export const useRemoveKeyPlace = () =>
  useKeyPlaceMutation((id: string) => apiFetch<null>(`/aed/key-places/${id}`, { method: 'DELETE' }));
