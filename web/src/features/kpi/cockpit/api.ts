// Calls of the cockpit (types from the server's kpi schemas): the cockpit payload of a unit and year, the map outlines
// of its child areas and its live feed. The cockpit refreshes every 30 s, the live feed every 10 s.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  Cockpit,
  Figure,
  IndicatorView,
  Trend,
  UnitFigures,
} from '../../../../../server/src/modules/kpi/kpi.schemas';
import type { GeoFeature, GeoMap, LiveEvent, LiveFeed } from '../../../../../server/src/modules/kpi/kpi-geo.schemas';
import { apiFetch, isApiError } from '../../../app/api-client';

export type { Cockpit, Figure, GeoFeature, GeoMap, IndicatorView, LiveEvent, LiveFeed, Trend, UnitFigures };

export const cockpitRefreshMs = 30_000;
export const liveRefreshMs = 10_000;

export const cockpitKeys = {
  all: ['kpi', 'cockpit'] as const,
  cockpit: (q: { orgId?: number; year?: number }) => ['kpi', 'cockpit', q] as const,
  geo: (code: string) => ['kpi', 'geo', code] as const,
  live: (orgId: number) => ['kpi', 'live', orgId] as const,
};

export function useCockpit(q: { orgId?: number; year?: number }) {
  return useQuery({
    queryKey: cockpitKeys.cockpit(q),
    queryFn: () => apiFetch<Cockpit>('/kpi/cockpit', { query: q }),
    placeholderData: keepPreviousData,
    refetchInterval: cockpitRefreshMs,
    staleTime: 10_000,
  });
}

/** The outlines of a unit's child areas, or null where there are none (below a city, or a unit without a code). */
export function useGeoMap(code: string | null | undefined) {
  const isMapped = !!code && /^\d{4}00$/.test(code);
  return useQuery({
    queryKey: cockpitKeys.geo(code ?? ''),
    queryFn: async () => {
      try {
        return await apiFetch<GeoMap>(`/kpi/geo/${code}`);
      } catch (error) {
        if (isApiError(error) && error.code === 'KPI_MAP_UNAVAILABLE') {
          return null;
        }
        throw error;
      }
    },
    enabled: isMapped,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useLiveFeed(orgId: number | undefined) {
  return useQuery({
    queryKey: cockpitKeys.live(orgId ?? 0),
    queryFn: () => apiFetch<LiveFeed>('/kpi/live', { query: { orgId } }),
    enabled: orgId !== undefined,
    refetchInterval: liveRefreshMs,
    placeholderData: keepPreviousData,
  });
}
