// Calls of the volunteers module (types from the server's volunteers.schemas.ts): the public side (activities,
// registration, sign-up, QR check-in, my record) and the console (volunteers, teams, activities, hours, statistics).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActivityView,
  ApproveResult,
  Attendance,
  CheckInResult,
  CheckinQr,
  CorrectHours,
  CreateActivity,
  CreateTeam,
  MyRecord,
  PublicActivity,
  RegisterByStaff,
  RegisterSelf,
  TeamView,
  VolunteerStats,
  VolunteerView,
} from '../../../../server/src/modules/volunteers/volunteers.schemas';
import { apiFetch, apiUrl } from '../../app/api-client';

export { skillCodes } from '../../../../server/src/modules/volunteers/volunteers.schemas';
export type {
  ActivityView,
  Attendance,
  CheckInResult,
  CreateActivity,
  MyRecord,
  PublicActivity,
  RegisterSelf,
  TeamView,
  VolunteerStats,
  VolunteerView,
};

export const volunteerKeys = {
  all: ['volunteers'] as const,
  me: ['volunteers', 'me'] as const,
  myRecord: ['volunteers', 'me', 'record'] as const,
  open: ['volunteers', 'open'] as const,
  openOne: (id: string) => ['volunteers', 'open', id] as const,
  list: (f: object) => ['volunteers', 'list', f] as const,
  one: (id: string) => ['volunteers', 'one', id] as const,
  record: (id: string) => ['volunteers', 'record', id] as const,
  teams: (orgId: number | null) => ['volunteers', 'teams', orgId] as const,
  activities: (f: object) => ['volunteers', 'activities', f] as const,
  attendance: (id: string) => ['volunteers', 'attendance', id] as const,
  qr: (id: string) => ['volunteers', 'qr', id] as const,
  stats: (f: object) => ['volunteers', 'stats', f] as const,
};

// ------------------------------------------------------------------------------------------------ public

export function useMyVolunteer(enabled = true) {
  return useQuery({
    queryKey: volunteerKeys.me,
    queryFn: () => apiFetch<VolunteerView | null>('/volunteers/me'),
    enabled,
    retry: false,
  });
}

export function useRegisterSelf() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterSelf) => apiFetch<VolunteerView>('/volunteers/me', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useMyRecord(enabled = true) {
  return useQuery({
    queryKey: volunteerKeys.myRecord,
    queryFn: () => apiFetch<MyRecord>('/volunteers/me/record'),
    enabled,
    retry: false,
  });
}

export const myCertificateUrl = (from: string, to: string) => apiUrl('/volunteers/me/certificate.pdf', { from, to });
export const volunteerCertificateUrl = (id: string, from: string, to: string) =>
  apiUrl(`/volunteers/${id}/certificate.pdf`, { from, to });

export function useOpenActivities() {
  return useQuery({
    queryKey: volunteerKeys.open,
    queryFn: () => apiFetch<PublicActivity[]>('/volunteers/open-activities'),
  });
}

export function useOpenActivity(id: string) {
  return useQuery({
    queryKey: volunteerKeys.openOne(id),
    queryFn: () => apiFetch<PublicActivity>(`/volunteers/open-activities/${id}`),
  });
}

export function useSignUp(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'signup' | 'cancel') =>
      apiFetch<{ status: string }>(`/volunteers/open-activities/${id}/${action}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useCheckIn(id: string) {
  return useMutation({
    mutationFn: (input: { kind: 'in' | 'out'; token: string; lat: number; lng: number }) =>
      apiFetch<CheckInResult>(`/volunteers/open-activities/${id}/check-${input.kind}`, {
        method: 'POST',
        body: { token: input.token, lat: input.lat, lng: input.lng },
      }),
  });
}

export function useVerifyCertificate(code: string) {
  return useQuery({
    queryKey: ['volunteers', 'certificate', code],
    queryFn: () =>
      apiFetch<{
        code: string;
        nameMasked: string;
        volunteerNo: string | null;
        orgName: string;
        fromDate: string;
        toDate: string;
        minutes: number;
        activityCount: number;
        issuedAt: string;
      }>(`/volunteers/certificates/${code}`),
    retry: false,
  });
}

// ------------------------------------------------------------------------------------------------ console

export type VolunteerFilter = { orgId?: number; status?: string; q?: string; page: number; pageSize: number };

export function useVolunteers(f: VolunteerFilter) {
  return useQuery({
    queryKey: volunteerKeys.list(f),
    queryFn: () => apiFetch<{ items: VolunteerView[]; total: number }>('/volunteers', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export function useVolunteerRecord(id: string | null) {
  return useQuery({
    queryKey: volunteerKeys.record(id ?? ''),
    queryFn: () => apiFetch<MyRecord>(`/volunteers/${id}/record`),
    enabled: !!id,
  });
}

export function useDecideVolunteer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note?: string }) =>
      apiFetch<VolunteerView>(`/volunteers/${id}/decision`, { method: 'POST', body: { approve, note: note ?? '' } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useRegisterByStaff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterByStaff) => apiFetch<VolunteerView>('/volunteers', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useTeams(orgId: number | null) {
  return useQuery({
    queryKey: volunteerKeys.teams(orgId),
    queryFn: () => apiFetch<TeamView[]>('/volunteer-teams', { query: { orgId } }),
    enabled: orgId !== null,
  });
}

export function useCreateTeam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTeam) => apiFetch<TeamView>('/volunteer-teams', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useSetTeamMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, volunteerId, role }: { teamId: string; volunteerId: string; role: 'leader' | 'member' }) =>
      apiFetch<TeamView>(`/volunteer-teams/${teamId}/members`, { method: 'POST', body: { volunteerId, role } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useRemoveTeamMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, volunteerId }: { teamId: string; volunteerId: string }) =>
      apiFetch<TeamView>(`/volunteer-teams/${teamId}/members/${volunteerId}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useActivities(f: { orgId?: number; page: number; pageSize: number }) {
  return useQuery({
    queryKey: volunteerKeys.activities(f),
    queryFn: () => apiFetch<{ items: ActivityView[]; total: number }>('/volunteer-activities', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateActivity>) =>
      apiFetch<ActivityView>('/volunteer-activities', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useActivityAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'publish' | 'cancel') =>
      apiFetch<ActivityView>(`/volunteer-activities/${id}/${action}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useAttendance(id: string) {
  return useQuery({
    queryKey: volunteerKeys.attendance(id),
    queryFn: () => apiFetch<Attendance>(`/volunteer-activities/${id}/attendance`),
    refetchInterval: 15_000,
  });
}

/** The coordinator's QR: refetched every 5 seconds, so the code on screen follows the minute. */
export function useCheckinQr(id: string) {
  return useQuery({
    queryKey: volunteerKeys.qr(id),
    queryFn: () => apiFetch<CheckinQr>(`/volunteer-activities/${id}/qr`),
    refetchInterval: 5_000,
  });
}

export function useApproveHours(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (volunteerIds?: string[]) =>
      apiFetch<ApproveResult>(`/volunteer-activities/${id}/hours/approve`, {
        method: 'POST',
        body: volunteerIds ? { volunteerIds } : {},
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useCorrectHours(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CorrectHours) =>
      apiFetch<{ recordId: string; minutes: number }>(`/volunteer-activities/${id}/hours/correct`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volunteerKeys.all }),
  });
}

export function useVolunteerStats(f: { orgId: number | null; from: string; to: string }) {
  return useQuery({
    queryKey: volunteerKeys.stats(f),
    queryFn: () => apiFetch<VolunteerStats>('/volunteers/stats', { query: f }),
    enabled: f.orgId !== null,
  });
}

export const exportUrl = (what: 'volunteers' | 'records', q: { orgId: number; from?: string; to?: string }) =>
  apiUrl(`/volunteers/export/${what}.xlsx`, q);
