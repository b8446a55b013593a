// Calls of the kpi targets part (types from the server's kpi-targets.schemas.ts): a unit's targets beside its
// children's, setting, splitting, approving, change requests and their decisions; manual monthly figures.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApproveTargets,
  DecideChange,
  ManualFigureView,
  RecordManualFigure,
  RequestChange,
  SetTargets,
  SetTargetsResult,
  SplitResult,
  SplitTarget,
  TargetChangeView,
  TargetRow,
  TargetsBoard,
  TargetView,
} from '../../../../../server/src/modules/kpi/kpi-targets.schemas';
import { apiFetch } from '../../../app/api-client';

export type {
  ManualFigureView,
  RecordManualFigure,
  SplitResult,
  TargetChangeView,
  TargetRow,
  TargetsBoard,
  TargetView,
};

export type ManualIndicator = {
  code: string;
  nameZh: string;
  nameEn: string;
  unitZh: string;
  unitEn: string;
  periodKind: 'flow' | 'stock';
  decimals: number;
};
export type ManualFiguresList = { items: ManualFigureView[]; indicators: ManualIndicator[]; latestMonth: string };

export const targetKeys = {
  all: ['kpi', 'targets'] as const,
  board: (orgId: number, year: number) => ['kpi', 'targets', 'board', orgId, year] as const,
  changes: (orgId: number, status?: string) => ['kpi', 'targets', 'changes', orgId, status ?? 'all'] as const,
  manual: (q: object) => ['kpi', 'manual-figures', q] as const,
};

export function useTargetsBoard(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: targetKeys.board(orgId ?? 0, year),
    queryFn: () => apiFetch<TargetsBoard>('/kpi/targets', { query: { orgId, year } }),
    enabled: !!orgId,
  });
}

export function useTargetChanges(orgId: number | undefined, status?: string) {
  return useQuery({
    queryKey: targetKeys.changes(orgId ?? 0, status),
    queryFn: () => apiFetch<TargetChangeView[]>('/kpi/target-changes', { query: { orgId, status } }),
    enabled: !!orgId,
  });
}

function useInvalidatingMutation<TBody, TResult>(call: (body: TBody) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: targetKeys.all });
      void qc.invalidateQueries({ queryKey: ['kpi'] });
    },
  });
}

export const useSetTargets = () =>
  useInvalidatingMutation((body: SetTargets) => apiFetch<SetTargetsResult>('/kpi/targets', { method: 'PUT', body }));

export const useSplitTarget = () =>
  useInvalidatingMutation((body: SplitTarget) => apiFetch<SplitResult>('/kpi/targets/split', { method: 'POST', body }));

export const useApproveTargets = () =>
  useInvalidatingMutation((body: ApproveTargets) =>
    apiFetch<TargetView[]>('/kpi/targets/approve', { method: 'POST', body }),
  );

export const useRequestChange = () =>
  useInvalidatingMutation(({ targetId, ...body }: RequestChange & { targetId: number }) =>
    apiFetch<TargetChangeView>(`/kpi/targets/${targetId}/change-requests`, { method: 'POST', body }),
  );

export const useDecideChange = () =>
  useInvalidatingMutation(({ id, ...body }: DecideChange & { id: number }) =>
    apiFetch<TargetChangeView>(`/kpi/target-changes/${id}/decide`, { method: 'POST', body }),
  );

export function useManualFigures(q: { orgId?: number; year?: number; indicator?: string; includeVoid?: boolean }) {
  return useQuery({
    queryKey: targetKeys.manual(q),
    queryFn: () =>
      apiFetch<ManualFiguresList>('/kpi/manual-figures', {
        query: { ...q, includeVoid: q.includeVoid ? 'true' : undefined },
      }),
    enabled: !!q.orgId,
  });
}

export function useRecordManualFigure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordManualFigure) =>
      apiFetch<ManualFigureView>('/kpi/manual-figures', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['kpi'] }),
  });
}

export function useVoidManualFigure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      apiFetch<ManualFigureView>(`/kpi/manual-figures/${id}`, { method: 'DELETE', body: { reason } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['kpi'] }),
  });
}
