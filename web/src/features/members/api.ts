// Calls of the members module (types from the server's members.schemas.ts): joining on the phone, my membership and
// card, card verification; the console's list, detail, admission, dues, transfer, card reissue, import and statistics.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CardVerification,
  DuesSettings,
  EnrolMember,
  JoinOnline,
  MemberDetail,
  MemberListQuery,
  MemberStats,
  MemberSummary,
  MyMembership,
  RecordDues,
  TransferMember,
} from '../../../../server/src/modules/members/members.schemas';
import { apiFetch, apiUrl } from '../../app/api-client';

export type {
  CardVerification,
  DuesSettings,
  EnrolMember,
  JoinOnline,
  MemberDetail,
  MemberStats,
  MemberSummary,
  MyMembership,
  RecordDues,
};
export type MemberFilter = Partial<Omit<MemberListQuery, 'limit' | 'offset'>> & { limit: number; offset: number };

export const memberKeys = {
  all: ['members'] as const,
  mine: ['members', 'mine'] as const,
  verify: (token: string) => ['members', 'verify', token] as const,
  list: (f: MemberFilter) => ['members', 'list', f] as const,
  one: (id: string) => ['members', 'one', id] as const,
  stats: (f: object) => ['members', 'stats', f] as const,
};

// ------------------------------------------------------------------------------------------------ public

export function useMyMembership(enabled = true) {
  return useQuery({
    queryKey: memberKeys.mine,
    queryFn: () => apiFetch<MyMembership>('/my/membership'),
    enabled,
    retry: false,
  });
}

export function useJoin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: JoinOnline) =>
      apiFetch<{ id: string; status: string }>('/my/membership', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.mine }),
  });
}

export function useAskFromPhone(kind: 'card-reissue' | 'dues-request') {
  return useMutation({
    mutationFn: (body: { years?: number; reason?: string }) =>
      apiFetch<{ requestId: string; requestNo: string }>(`/my/membership/${kind}`, { method: 'POST', body }),
  });
}

export function useVerifyCard(token: string) {
  return useQuery({
    queryKey: memberKeys.verify(token),
    queryFn: () => apiFetch<CardVerification>(`/public/members/verify/${token}`),
    retry: false,
  });
}

export const myCardPdfUrl = () => apiUrl('/my/membership/card.pdf');
export const myReceiptPdfUrl = (id: string) => apiUrl(`/my/membership/receipts/${id}/pdf`);

// ------------------------------------------------------------------------------------------------ console

export function useMembers(f: MemberFilter) {
  return useQuery({
    queryKey: memberKeys.list(f),
    queryFn: () => apiFetch<{ items: MemberSummary[]; total: number }>('/members', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export function useMember(id: string | undefined) {
  return useQuery({
    queryKey: memberKeys.one(id ?? ''),
    queryFn: () => apiFetch<MemberDetail>(`/members/${id}`),
    enabled: !!id,
  });
}

function useMemberAction<B>(path: (id: string) => string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: B }) => apiFetch<MemberDetail>(path(id), { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all }),
  });
}

export const useAdmit = () => useMemberAction<{ note?: string }>((id) => `/members/${id}/admit`);
export const useReject = () => useMemberAction<{ reason: string }>((id) => `/members/${id}/reject`);
export const useRecordDues = () => useMemberAction<RecordDues>((id) => `/members/${id}/dues`);
export const useTransfer = () => useMemberAction<TransferMember>((id) => `/members/${id}/transfer`);
export const useReissueCard = () =>
  useMemberAction<{ reason: string; serviceRequestId?: string }>((id) => `/members/${id}/card-reissue`);

export function useEnrol() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EnrolMember) => apiFetch<MemberDetail>('/members', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all }),
  });
}

export function useMemberStats(f: { orgId?: number; from: string; to: string }) {
  return useQuery({
    queryKey: memberKeys.stats(f),
    queryFn: () => apiFetch<MemberStats>('/members/stats', { query: f }),
    placeholderData: keepPreviousData,
  });
}

export const memberCardPdfUrl = (id: string) => apiUrl(`/members/${id}/card.pdf`);
export const receiptPdfUrl = (id: string) => apiUrl(`/members/receipts/${id}/pdf`);
export const exportUrl = (f: Omit<MemberFilter, 'limit' | 'offset'>) =>
  apiUrl('/members/export.xlsx', f as Record<string, string | number | undefined>);
export const templateUrl = () => apiUrl('/members/template.xlsx');
