// The audit log, newest first, paged backwards with beforeId ("load more").
import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditPageSchema } from '../../../../server/src/platform/audit/audit.schemas';
import { apiFetch } from '../../app/api-client';

export type AuditPage = z.infer<typeof auditPageSchema>;
export type AuditEntry = AuditPage['items'][number];
export type AuditFilter = { action?: string; entityType?: string; entityId?: string; from?: string; to?: string };

export const auditKeys = { list: (f: AuditFilter) => ['audit', f] as const };

export function useAuditLog(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filter),
    queryFn: ({ pageParam }) =>
      apiFetch<AuditPage>('/audit', { query: { ...filter, beforeId: pageParam ?? undefined, limit: 50 } }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBeforeId,
  });
}
