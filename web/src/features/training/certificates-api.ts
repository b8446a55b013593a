// Calls of the certificates part of training: practical exams (examiner), corrections, certificates (console, holder,
// public verification), statistics and unit populations (types from the server's training-certificates.schemas.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PopulationView, SetPopulation } from '../../../../server/src/modules/orgs/orgs.schemas';
import type {
  AmendmentView,
  CertificateListQuery,
  CertificateVerification,
  CertificateView,
  DecideAmendment,
  ExaminerClassDetail,
  ExaminerClassView,
  MyCertificate,
  PracticalItem,
  PracticalSheet,
  RequestAmendment,
  RevokeCertificate,
  StatsQuery,
  TrainingStats,
} from '../../../../server/src/modules/training/training-certificates.schemas';
import type { ImportView } from '../../../../server/src/platform/imports/imports.schemas';
import { apiFetch, apiUrl, uploadFile } from '../../app/api-client';

export type {
  AmendmentView,
  CertificateVerification,
  CertificateView,
  ExaminerClassDetail,
  ExaminerClassView,
  MyCertificate,
  PopulationView,
  PracticalItem,
  PracticalSheet,
  TrainingStats,
};

export type CertificateFilter = Omit<CertificateListQuery, 'lang' | 'limit' | 'offset'> & {
  page: number;
  pageSize: number;
};
export type StatsFilter = Omit<StatsQuery, 'lang' | 'certifiedTarget' | 'awarenessTarget'> & {
  certifiedTarget?: number;
  awarenessTarget?: number;
};

export const certKeys = {
  all: ['training-certs'] as const,
  examinerClasses: ['training-certs', 'examiner-classes'] as const,
  examinerClass: (id: string) => ['training-certs', 'examiner-class', id] as const,
  sheet: (enrolmentId: string) => ['training-certs', 'sheet', enrolmentId] as const,
  amendments: ['training-certs', 'amendments'] as const,
  certificates: (f: CertificateFilter) => ['training-certs', 'list', f] as const,
  verify: (no: string, c: string) => ['training-certs', 'verify', no, c] as const,
  mine: ['training-certs', 'mine'] as const,
  myOne: (id: string) => ['training-certs', 'mine', id] as const,
  stats: (f: StatsFilter) => ['training-certs', 'stats', f] as const,
  populations: (orgId: number, year: number) => ['training-certs', 'populations', orgId, year] as const,
};

// ------------------------------------------------------------------------------------------------ practical exams

export function useExaminerClasses() {
  return useQuery({
    queryKey: certKeys.examinerClasses,
    queryFn: () => apiFetch<ExaminerClassView[]>('/training/practical/classes'),
  });
}

export function useExaminerClass(classId: string | null) {
  return useQuery({
    queryKey: certKeys.examinerClass(classId ?? ''),
    queryFn: () => apiFetch<ExaminerClassDetail>(`/training/practical/classes/${classId}`),
    enabled: classId !== null,
  });
}

export function useSheet(enrolmentId: string | null) {
  return useQuery({
    queryKey: certKeys.sheet(enrolmentId ?? ''),
    queryFn: () => apiFetch<PracticalSheet>(`/training/practical/enrolments/${enrolmentId}`),
    enabled: enrolmentId !== null,
  });
}

function useSheetMutation<T>(call: (enrolmentId: string, input: T) => Promise<PracticalSheet>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ enrolmentId, input }: { enrolmentId: string; input: T }) => call(enrolmentId, input),
    onSuccess: (sheet, { enrolmentId }) => {
      queryClient.setQueryData(certKeys.sheet(enrolmentId), sheet);
      void queryClient.invalidateQueries({ queryKey: certKeys.examinerClass(sheet.classId) });
      void queryClient.invalidateQueries({ queryKey: certKeys.examinerClasses });
    },
  });
}

export function useSaveDraft() {
  return useSheetMutation((id, items: PracticalItem[]) =>
    apiFetch<PracticalSheet>(`/training/practical/enrolments/${id}/draft`, { method: 'PUT', body: { items } }),
  );
}

export function useSignScores() {
  return useSheetMutation((id, items: PracticalItem[]) =>
    apiFetch<PracticalSheet>(`/training/practical/enrolments/${id}/signature`, { method: 'POST', body: { items } }),
  );
}

export function useRequestAmendment() {
  return useSheetMutation((id, input: RequestAmendment) =>
    apiFetch<PracticalSheet>(`/training/practical/enrolments/${id}/amendments`, { method: 'POST', body: input }),
  );
}

export function useAmendments() {
  return useQuery({
    queryKey: certKeys.amendments,
    queryFn: () => apiFetch<AmendmentView[]>('/training/practical/amendments'),
  });
}

export function useDecideAmendment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: DecideAmendment }) =>
      apiFetch<{ id: string; status: string }>(`/training/practical/amendments/${id}/decision`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: certKeys.all }),
  });
}

// ------------------------------------------------------------------------------------------------ certificates

function listQuery(f: CertificateFilter) {
  const { page, pageSize, ...rest } = f;
  return { ...rest, limit: pageSize, offset: (page - 1) * pageSize };
}

export function useCertificates(f: CertificateFilter) {
  return useQuery({
    queryKey: certKeys.certificates(f),
    queryFn: () =>
      apiFetch<{ items: CertificateView[]; total: number }>('/training/certificates', { query: listQuery(f) }),
    placeholderData: keepPreviousData,
  });
}

export function certificatesExcelUrl(f: CertificateFilter): string {
  const { page: _p, pageSize: _s, ...rest } = f;
  return apiUrl('/training/certificates/export.xlsx', rest);
}

export const certificatePdfUrl = (id: string) => apiUrl(`/training/certificates/${id}/pdf`);
export const myCertificatePdfUrl = (id: string) => apiUrl(`/me/training-certificates/${id}/pdf`);
export const certificateTemplateUrl = apiUrl('/training/certificates/import/template.xlsx');
export const certificateImportPath = (id: string) => `/training/certificates/imports/${id}`;

export function uploadCertificates(orgId: number, file: File, onProgress: (percent: number) => void) {
  return uploadFile<ImportView>(`/training/certificates/imports?orgId=${orgId}`, file, onProgress);
}

export function useRevokeCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: RevokeCertificate }) =>
      apiFetch<CertificateView>(`/training/certificates/${id}/revocation`, { method: 'POST', body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: certKeys.all }),
  });
}

export function useVerifyCertificate(no: string | null, c: string) {
  return useQuery({
    queryKey: certKeys.verify(no ?? '', c),
    queryFn: () => apiFetch<CertificateVerification>('/training/certificates/verify', { query: { no, c } }),
    enabled: no !== null,
    retry: false,
  });
}

export function useMyCertificates(enabled = true) {
  return useQuery({
    queryKey: certKeys.mine,
    queryFn: () => apiFetch<MyCertificate[]>('/me/training-certificates'),
    enabled,
    retry: false,
  });
}

export function useMyCertificate(id: string) {
  return useQuery({
    queryKey: certKeys.myOne(id),
    queryFn: () => apiFetch<MyCertificate>(`/me/training-certificates/${id}`),
    retry: false,
  });
}

// ------------------------------------------------------------------------------------------------ statistics

export function useTrainingStats(f: StatsFilter | null) {
  return useQuery({
    queryKey: certKeys.stats(f ?? ({} as StatsFilter)),
    queryFn: () => apiFetch<TrainingStats>('/training/stats', { query: f ?? {} }),
    enabled: f !== null,
    placeholderData: keepPreviousData,
  });
}

export const statsExcelUrl = (f: StatsFilter) => apiUrl('/training/stats/export.xlsx', f);

export function usePopulations(orgId: number | null, year: number) {
  return useQuery({
    queryKey: certKeys.populations(orgId ?? 0, year),
    queryFn: () => apiFetch<PopulationView[]>(`/orgs/${orgId}/populations`, { query: { year } }),
    enabled: orgId !== null,
  });
}

export function useSetPopulation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, year, input }: { orgId: number; year: number; input: SetPopulation }) =>
      apiFetch<PopulationView>(`/orgs/${orgId}/populations/${year}`, { method: 'PUT', body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: certKeys.all }),
  });
}
