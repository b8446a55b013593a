// Calls of the rescue module (types from the server's rescue.schemas.ts): teams, members and certifications,
// equipment, deployments step by step, training sessions and statistics.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddCertification,
  AddEquipment,
  AddMember,
  AdvanceDeployment,
  CallOut,
  CreateTeam,
  DeploymentListQuery,
  DeploymentReport,
  DeploymentSummary,
  DeploymentView,
  EquipmentView,
  MemberTimes,
  MemberView,
  RecordInspection,
  RecordTraining,
  StatsView,
  TeamProfile,
  TeamView,
  TrainingView,
  UpdateMember,
} from '../../../../server/src/modules/rescue/rescue.schemas';
import { apiFetch, apiUrl } from '../../app/api-client';

export type { DeploymentSummary, DeploymentView, EquipmentView, MemberView, StatsView, TeamView, TrainingView };
export type DeploymentFilter = Partial<Omit<DeploymentListQuery, 'page' | 'pageSize'>> & {
  page: number;
  pageSize: number;
};

export const rescueKeys = {
  all: ['rescue'] as const,
  teams: (orgId: number | null) => ['rescue', 'teams', orgId] as const,
  team: (orgId: number) => ['rescue', 'team', orgId] as const,
  members: (orgId: number, includeLeft: boolean) => ['rescue', 'members', orgId, includeLeft] as const,
  equipment: (orgId: number) => ['rescue', 'equipment', orgId] as const,
  trainings: (orgId: number) => ['rescue', 'trainings', orgId] as const,
  deployments: (f: DeploymentFilter) => ['rescue', 'deployments', f] as const,
  deployment: (id: string) => ['rescue', 'deployment', id] as const,
  stats: (q: { orgId?: number; from?: string; to?: string }) => ['rescue', 'stats', q] as const,
};

export const useTeams = (orgId: number | null) =>
  useQuery({
    queryKey: rescueKeys.teams(orgId),
    queryFn: () => apiFetch<TeamView[]>('/rescue/teams', { query: { orgId } }),
  });

export const useTeam = (orgId: number) =>
  useQuery({ queryKey: rescueKeys.team(orgId), queryFn: () => apiFetch<TeamView>(`/rescue/teams/${orgId}`) });

export const useMembers = (orgId: number | undefined, includeLeft = false) =>
  useQuery({
    queryKey: rescueKeys.members(orgId ?? 0, includeLeft),
    queryFn: () =>
      apiFetch<MemberView[]>(`/rescue/teams/${orgId}/members`, { query: { includeLeft: includeLeft || undefined } }),
    enabled: !!orgId,
  });

export const useEquipment = (orgId: number | undefined) =>
  useQuery({
    queryKey: rescueKeys.equipment(orgId ?? 0),
    queryFn: () => apiFetch<EquipmentView[]>(`/rescue/teams/${orgId}/equipment`),
    enabled: !!orgId,
  });

export const useTrainings = (orgId: number | undefined) =>
  useQuery({
    queryKey: rescueKeys.trainings(orgId ?? 0),
    queryFn: () => apiFetch<TrainingView[]>(`/rescue/teams/${orgId}/trainings`),
    enabled: !!orgId,
  });

export const useDeployments = (f: DeploymentFilter) =>
  useQuery({
    queryKey: rescueKeys.deployments(f),
    queryFn: () =>
      apiFetch<{ items: DeploymentSummary[]; total: number }>('/rescue/deployments', {
        query: f as Record<string, string | number | undefined>,
      }),
    placeholderData: keepPreviousData,
  });

export const useDeployment = (id: string | undefined) =>
  useQuery({
    queryKey: rescueKeys.deployment(id ?? ''),
    queryFn: () => apiFetch<DeploymentView>(`/rescue/deployments/${id}`),
    enabled: !!id,
  });

export const useRescueStats = (q: { orgId?: number; from?: string; to?: string }) =>
  useQuery({
    queryKey: rescueKeys.stats(q),
    queryFn: () => apiFetch<StatsView>('/rescue/stats', { query: q }),
    placeholderData: keepPreviousData,
  });

export const statsExportUrl = (q: { orgId?: number; from?: string; to?: string }) =>
  apiUrl('/rescue/stats/export.xlsx', q);

/** Every write refreshes the module's queries (lists are small). */
function useRescueMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: rescueKeys.all });
    },
  });
}

export const useCreateTeam = () =>
  useRescueMutation((input: CreateTeam) => apiFetch<TeamView>('/rescue/teams', { method: 'POST', body: input }));
export const useSaveProfile = () =>
  useRescueMutation(({ orgId, input }: { orgId: number; input: TeamProfile }) =>
    apiFetch<TeamView>(`/rescue/teams/${orgId}`, { method: 'PUT', body: input }),
  );
export const useAddMember = () =>
  useRescueMutation(({ orgId, input }: { orgId: number; input: AddMember }) =>
    apiFetch<MemberView>(`/rescue/teams/${orgId}/members`, { method: 'POST', body: input }),
  );
export const useUpdateMember = () =>
  useRescueMutation(({ id, input }: { id: string; input: UpdateMember }) =>
    apiFetch<MemberView>(`/rescue/members/${id}`, { method: 'PATCH', body: input }),
  );
export const useAddCertification = () =>
  useRescueMutation(({ id, input }: { id: string; input: AddCertification }) =>
    apiFetch(`/rescue/members/${id}/certifications`, { method: 'POST', body: input }),
  );
export const useAddEquipment = () =>
  useRescueMutation(({ orgId, input }: { orgId: number; input: AddEquipment }) =>
    apiFetch<EquipmentView>(`/rescue/teams/${orgId}/equipment`, { method: 'POST', body: input }),
  );
export const useRecordInspection = () =>
  useRescueMutation(({ id, input }: { id: string; input: RecordInspection }) =>
    apiFetch<EquipmentView>(`/rescue/equipment/${id}/inspections`, { method: 'POST', body: input }),
  );
export const useRecordTraining = () =>
  useRescueMutation(({ orgId, input }: { orgId: number; input: RecordTraining }) =>
    apiFetch<TrainingView>(`/rescue/teams/${orgId}/trainings`, { method: 'POST', body: input }),
  );
export const useCallOut = () =>
  useRescueMutation((input: CallOut) =>
    apiFetch<DeploymentView>('/rescue/deployments', { method: 'POST', body: input }),
  );
export const useDispatchMembers = () =>
  useRescueMutation(({ id, memberIds }: { id: string; memberIds: string[] }) =>
    apiFetch<DeploymentView>(`/rescue/deployments/${id}/members`, { method: 'POST', body: { memberIds } }),
  );
export const useMemberTimes = () =>
  useRescueMutation(({ id, memberId, input }: { id: string; memberId: string; input: MemberTimes }) =>
    apiFetch<DeploymentView>(`/rescue/deployments/${id}/members/${memberId}`, { method: 'PATCH', body: input }),
  );
export const useAdvanceDeployment = () =>
  useRescueMutation(({ id, input }: { id: string; input: AdvanceDeployment }) =>
    apiFetch<DeploymentView>(`/rescue/deployments/${id}/advance`, { method: 'POST', body: input }),
  );
export const useReportDeployment = () =>
  useRescueMutation(({ id, input }: { id: string; input: DeploymentReport }) =>
    apiFetch<DeploymentView>(`/rescue/deployments/${id}/report`, { method: 'PATCH', body: input }),
  );
