// Calls of the kpi reports part (types from the server's kpi-reports.schemas.ts): downloading the annual workbook and
// the PDF summary, monthly-report subscriptions and the reports sent.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateSubscription,
  RecipientCandidate,
  RunView,
  SubscriptionView,
} from '../../../../../server/src/modules/kpi/kpi-reports.schemas';
import { ApiError, apiFetch, apiUrl } from '../../../app/api-client';
import { currentLanguage, i18n } from '../../../app/i18n';

export type { CreateSubscription, RecipientCandidate, RunView, SubscriptionView };

export const reportKeys = {
  all: ['kpi-reports'] as const,
  subscriptions: (orgId: number | undefined) => ['kpi-reports', 'subscriptions', orgId] as const,
  candidates: (orgId: number | undefined) => ['kpi-reports', 'candidates', orgId] as const,
  runs: (orgId: number | undefined) => ['kpi-reports', 'runs', orgId] as const,
};

export type ReportParams = { orgId: number; year: number; month?: number; depth?: number };

export const fileUrl = (id: string) => apiUrl(`/files/${id}`);

/** The file name the server proposes (its UTF-8 name when given). */
function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = disposition && /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8) {
    return decodeURIComponent(utf8[1]);
  }
  const plain = disposition && /filename="([^"]+)"/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads a report (the workbook or the PDF) and saves it under the server's file name. Errors (a future period, a
 * unit out of scope) come back as ApiError with the server's message, so the page can show them.
 */
export async function downloadReport(kind: 'annual.xlsx' | 'summary.pdf', params: ReportParams): Promise<string> {
  let response: Response;
  try {
    response = await fetch(apiUrl(`/kpi/reports/${kind}`, params), {
      credentials: 'include',
      headers: { 'Accept-Language': currentLanguage() === 'en' ? 'en' : 'zh-CN' },
    });
  } catch {
    throw new ApiError('NETWORK', i18n.t('errors.network'), 0);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string; details?: Record<string, unknown> };
    } | null;
    const e = body?.error;
    throw new ApiError(
      e?.code ?? `HTTP_${response.status}`,
      e?.message ?? response.statusText,
      response.status,
      e?.details,
    );
  }
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition'), kind);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export function useSubscriptions(orgId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.subscriptions(orgId),
    queryFn: () => apiFetch<SubscriptionView[]>('/kpi/report-subscriptions', { query: { orgId } }),
    enabled,
  });
}

export function useRecipientCandidates(orgId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.candidates(orgId),
    queryFn: () => apiFetch<RecipientCandidate[]>('/kpi/report-subscriptions/recipients', { query: { orgId } }),
    enabled: enabled && orgId !== undefined,
  });
}

export function useReportRuns(orgId: number | undefined) {
  return useQuery({
    queryKey: reportKeys.runs(orgId),
    queryFn: () => apiFetch<RunView[]>('/kpi/report-runs', { query: { orgId, limit: 50 } }),
  });
}

export function useCreateSubscription() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSubscription) =>
      apiFetch<SubscriptionView>('/kpi/report-subscriptions', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: reportKeys.all }),
  });
}

export function useCancelSubscription() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/kpi/report-subscriptions/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: reportKeys.all }),
  });
}
