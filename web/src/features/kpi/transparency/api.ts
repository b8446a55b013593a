// Calls of the transparency index (红透指数, types from the server's kpi-transparency.schemas.ts): a unit's score,
// measures, gaps and children ranked; the paged gaps; the Excel export; annual report / audit result records.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnnualDisclosureView,
  RecordAnnualDisclosure,
  TransparencyGap,
  TransparencyGapKind,
  TransparencyGapPage,
  TransparencyMeasure,
  TransparencyMeasureCode,
  TransparencyUnitScore,
  TransparencyView,
} from '../../../../../server/src/modules/kpi/kpi-transparency.schemas';
import { apiFetch, apiUrl } from '../../../app/api-client';

export type {
  AnnualDisclosureView,
  RecordAnnualDisclosure,
  TransparencyGap,
  TransparencyGapKind,
  TransparencyMeasure,
  TransparencyMeasureCode,
  TransparencyUnitScore,
  TransparencyView,
};

export type TransparencyFilter = { orgId?: number; year?: number };

export const transparencyKeys = {
  all: ['kpi', 'transparency'] as const,
  view: (q: TransparencyFilter) => ['kpi', 'transparency', 'view', q] as const,
  gaps: (orgId: number, q: object) => ['kpi', 'transparency', 'gaps', orgId, q] as const,
  annual: (orgId: number) => ['kpi', 'transparency', 'annual', orgId] as const,
};

export const useTransparency = (q: TransparencyFilter) =>
  useQuery({
    queryKey: transparencyKeys.view(q),
    queryFn: () => apiFetch<TransparencyView>('/kpi/transparency', { query: q }),
    placeholderData: keepPreviousData,
  });

export const useTransparencyGaps = (
  orgId: number | undefined,
  q: { year?: number; measure?: TransparencyMeasureCode; page: number; pageSize: number },
) =>
  useQuery({
    queryKey: transparencyKeys.gaps(orgId ?? 0, q),
    queryFn: () => apiFetch<TransparencyGapPage>(`/kpi/transparency/units/${orgId}/gaps`, { query: q }),
    enabled: orgId !== undefined,
    placeholderData: keepPreviousData,
  });

export const transparencyExportUrl = (q: TransparencyFilter) => apiUrl('/kpi/transparency/export.xlsx', q);

export const useAnnualDisclosures = (orgId: number | undefined) =>
  useQuery({
    queryKey: transparencyKeys.annual(orgId ?? 0),
    queryFn: () => apiFetch<AnnualDisclosureView[]>('/kpi/transparency/annual-disclosures', { query: { orgId } }),
    enabled: orgId !== undefined,
  });

export function useRecordAnnualDisclosure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordAnnualDisclosure) =>
      apiFetch<AnnualDisclosureView>('/kpi/transparency/annual-disclosures', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: transparencyKeys.all }),
  });
}
