// Mutual-aid calls: the console (funds, rules, contributions, grants, loans, repayments) and the public fund page
// (types from the server's mutualaid.schemas.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ContributionView,
  createRuleSchema,
  decideGrantSchema,
  FundDetail,
  FundView,
  GrantView,
  issueLoanSchema,
  LoanView,
  openFundSchema,
  PublicFund,
  RuleView,
  recordContributionSchema,
  recordGrantSchema,
  recordRepaymentSchema,
  updateFundSchema,
} from '../../../../server/src/modules/mutualaid/mutualaid.schemas';
import { apiFetch } from '../../app/api-client';

export type OpenFund = z.input<typeof openFundSchema>;
export type UpdateFund = z.input<typeof updateFundSchema>;
export type CreateRule = z.input<typeof createRuleSchema>;
export type RecordContribution = z.input<typeof recordContributionSchema>;
export type RecordGrant = z.input<typeof recordGrantSchema>;
export type DecideGrant = z.input<typeof decideGrantSchema>;
export type IssueLoan = z.input<typeof issueLoanSchema>;
export type RecordRepayment = z.input<typeof recordRepaymentSchema>;
export type { ContributionView, FundDetail, FundView, GrantView, LoanView, PublicFund, RuleView };
export type LoanRow = FundDetail['loans'][number];

export const mutualaidKeys = {
  all: ['mutualaid'] as const,
  funds: (orgId: number | null | undefined) => ['mutualaid', 'funds', orgId ?? null] as const,
  fund: (id: number) => ['mutualaid', 'fund', id] as const,
  loan: (id: string) => ['mutualaid', 'loan', id] as const,
  public: (code: string) => ['mutualaid-public', code] as const,
};

export function useFunds(orgId: number | null | undefined) {
  return useQuery({
    queryKey: mutualaidKeys.funds(orgId),
    queryFn: () => apiFetch<FundView[]>('/mutualaid/funds', { query: { orgId: orgId ?? undefined } }),
  });
}

export function useFund(id: number | null) {
  return useQuery({
    queryKey: mutualaidKeys.fund(id ?? 0),
    queryFn: () => apiFetch<FundDetail>(`/mutualaid/funds/${id}`),
    enabled: id !== null,
  });
}

export function useLoan(id: string | null) {
  return useQuery({
    queryKey: mutualaidKeys.loan(id ?? ''),
    queryFn: () => apiFetch<LoanView>(`/mutualaid/loans/${id}`),
    enabled: id !== null,
  });
}

/** Every write changes balances: refresh the whole module's queries. */
function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mutualaidKeys.all }),
  });
}

export const useOpenFund = () =>
  useWrite((input: OpenFund) => apiFetch<FundView>('/mutualaid/funds', { method: 'POST', body: input }));
export const useUpdateFund = () =>
  useWrite(({ id, patch }: { id: number; patch: UpdateFund }) =>
    apiFetch<FundView>(`/mutualaid/funds/${id}`, { method: 'PATCH', body: patch }),
  );
export const useCreateRule = () =>
  useWrite(({ fundId, input }: { fundId: number; input: CreateRule }) =>
    apiFetch<RuleView>(`/mutualaid/funds/${fundId}/rules`, { method: 'POST', body: input }),
  );
export const useRecordContribution = () =>
  useWrite(({ fundId, input }: { fundId: number; input: RecordContribution }) =>
    apiFetch<ContributionView>(`/mutualaid/funds/${fundId}/contributions`, { method: 'POST', body: input }),
  );
export const useRecordGrant = () =>
  useWrite(({ fundId, input }: { fundId: number; input: RecordGrant }) =>
    apiFetch<GrantView>(`/mutualaid/funds/${fundId}/grants`, { method: 'POST', body: input }),
  );
export const useDecideGrant = () =>
  useWrite(({ id, input }: { id: string; input: DecideGrant }) =>
    apiFetch<GrantView>(`/mutualaid/grants/${id}/decision`, { method: 'POST', body: input }),
  );
export const useIssueLoan = () =>
  useWrite(({ fundId, input }: { fundId: number; input: IssueLoan }) =>
    apiFetch<LoanView>(`/mutualaid/funds/${fundId}/loans`, { method: 'POST', body: input }),
  );
export const useRecordRepayment = () =>
  useWrite(({ loanId, input }: { loanId: string; input: RecordRepayment }) =>
    apiFetch<LoanView>(`/mutualaid/loans/${loanId}/repayments`, { method: 'POST', body: input }),
  );

export function usePublicFund(code: string) {
  return useQuery({
    queryKey: mutualaidKeys.public(code),
    queryFn: () => apiFetch<PublicFund>(`/public/mutualaid/${encodeURIComponent(code)}`),
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 2,
  });
}

/** Where staff open a stored evidence file. */
export const fileUrl = (id: string) => `/api/files/${id}`;
/** The fund's public page (what its QR code opens) and its printable poster. */
export const publicFundPath = (code: string) => `/mutual-aid/${encodeURIComponent(code)}`;
export const posterUrl = (code: string) => `/api/public/mutualaid/${encodeURIComponent(code)}/poster.svg`;
