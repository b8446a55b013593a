// Who is signed in (GET /api/auth/me), what they may do, and the scope unit the console works in.
import { useQueries, useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { OrgView } from '../../../server/src/modules/orgs/orgs.schemas';
import type { Me } from '../../../server/src/platform/auth/auth.schemas';
import type { Permission } from '../../../server/src/platform/rbac/permissions';
import { apiFetch, isApiError } from './api-client';

export type { Permission };

export const meKey = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await apiFetch<Me>('/auth/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      return null;
    }
    throw error;
  }
}

/** The signed-in identity, or null when nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

/** True when the user holds the permission, or, given a list, any one of them (a page several roles share). */
export function hasPermission(me: Me | null | undefined, permission: Permission | readonly Permission[]): boolean {
  const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  return !!me && wanted.some((p) => me.permissions.includes(p));
}

/** `can('orgs:manage')`: true when any of the user's grants carries the permission. */
export function useCan(): (permission: Permission) => boolean {
  const { data: me } = useMe();
  return useCallback((permission: Permission) => hasPermission(me, permission), [me]);
}

export type ScopeUnit = { id: number; name: string | null };
type ScopeState = { unitId: number | null; units: ScopeUnit[]; setUnitId: (id: number) => void };

const ScopeContext = createContext<ScopeState>({ unitId: null, units: [], setUnitId: () => {} });

/** The units of the user's grants; the chosen one is the default filter and tree root of console lists. */
export function ScopeProvider({ me, children }: { me: Me; children: ReactNode }) {
  const unitIds = useMemo(() => [...new Set(me.grants.map((g) => g.orgId))], [me]);
  const storageKey = `boai_scope_${me.userId ?? ''}`;
  const [chosen, setChosen] = useState<number | null>(() => {
    const stored = Number(sessionStorage.getItem(storageKey));
    return Number.isInteger(stored) && stored > 0 ? stored : null;
  });
  const named = useQueries({
    queries: unitIds.map((id) => ({
      queryKey: ['orgs', 'detail', id],
      queryFn: () => apiFetch<OrgView>(`/orgs/${id}`),
      staleTime: 5 * 60_000,
      enabled: me.permissions.includes('orgs:view'),
    })),
  });
  const units = unitIds.map((id, i) => ({ id, name: named[i]?.data?.name ?? null }));
  const unitId = chosen !== null && unitIds.includes(chosen) ? chosen : (unitIds[0] ?? null);
  const setUnitId = useCallback(
    (id: number) => {
      sessionStorage.setItem(storageKey, String(id));
      setChosen(id);
    },
    [storageKey],
  );
  return <ScopeContext.Provider value={{ unitId, units, setUnitId }}>{children}</ScopeContext.Provider>;
}

export function useScope(): ScopeState {
  return useContext(ScopeContext);
}
