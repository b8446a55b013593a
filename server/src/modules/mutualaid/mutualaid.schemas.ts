// The mutual-aid contract (村级互助金): funds and their rules, contributions (incl. a livestream's share of sales),
// grants, interest-free loans with repayment schedules, repayments, and the public page. Money is integer fen.
import { z } from 'zod';

const lang = z.string().max(20).optional();
const id32 = z.number().int().positive().max(2_147_483_647);
const fenSchema = z.number().int().positive().max(10_000_000_000);
const day = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const sourceKindValues = ['red_cross', 'villager', 'company', 'livestream'] as const;
export type SourceKind = (typeof sourceKindValues)[number];
/** Sources whose contribution needs an evidence file (bank slip, transfer note, sales statement); villagers' cash may not. */
export const evidenceRequiredSources: readonly SourceKind[] = ['red_cross', 'company', 'livestream'];
export const scheduleKindValues = ['equal', 'bullet'] as const;
export const grantStatusValues = ['pending', 'paid', 'rejected'] as const;
export const loanStatusValues = ['active', 'closed'] as const;
/** The default revolving cycle: 2 years. */
export const defaultLoanTermMonths = 24;

// ------------------------------------------------------------------------------------------------ funds

export const openFundSchema = z.strictObject({
  orgId: id32,
  name: text(60),
  description: z.string().trim().max(500).optional(),
  maxGrantFen: fenSchema,
  maxLoanFen: fenSchema,
  loanTermMonths: z.number().int().min(1).max(60).default(defaultLoanTermMonths),
});
export type OpenFund = z.infer<typeof openFundSchema>;

export const updateFundSchema = z
  .strictObject({
    name: text(60).optional(),
    description: z.string().trim().max(500).nullable().optional(),
    maxGrantFen: fenSchema.optional(),
    maxLoanFen: fenSchema.optional(),
    loanTermMonths: z.number().int().min(1).max(60).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateFund = z.infer<typeof updateFundSchema>;

export const fundTotalsSchema = z.object({
  contributedFen: z.number().int(),
  grantedFen: z.number().int(),
  lentFen: z.number().int(),
  repaidFen: z.number().int(),
  /** Loans not yet repaid. */
  outstandingFen: z.number().int(),
  balanceFen: z.number().int(),
});
export type FundTotals = z.infer<typeof fundTotalsSchema>;

export const fundViewSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    orgId: z.number().int(),
    orgName: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    maxGrantFen: z.number().int(),
    maxLoanFen: z.number().int(),
    loanTermMonths: z.number().int(),
    isActive: z.boolean(),
    createdAt: z.string(),
    totals: fundTotalsSchema,
    activeLoans: z.number().int(),
    overdueInstalments: z.number().int(),
    pendingGrants: z.number().int(),
  })
  .meta({ id: 'MutualAidFund' });
export type FundView = z.infer<typeof fundViewSchema>;

export const fundListQuerySchema = z.strictObject({ lang, orgId: z.coerce.number().int().positive().optional() });

// ------------------------------------------------------------------------------------------------ rules

export const createRuleSchema = z.strictObject({
  name: text(60),
  partner: text(60),
  /** Basis points of declared sales: 300 = 3%. */
  rateBp: z.number().int().min(1).max(10_000),
});
export type CreateRule = z.infer<typeof createRuleSchema>;

export const ruleViewSchema = z.object({
  id: z.number().int(),
  fundId: z.number().int(),
  name: z.string(),
  partner: z.string(),
  rateBp: z.number().int(),
  isActive: z.boolean(),
  contributedFen: z.number().int(),
  createdAt: z.string(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

// ------------------------------------------------------------------------------------------------ contributions

const contributionBase = {
  receivedOn: day,
  evidenceFileId: z.uuid().optional(),
  note: z.string().trim().max(200).optional(),
};

export const recordContributionSchema = z.discriminatedUnion('sourceKind', [
  z.strictObject({
    sourceKind: z.literal('red_cross'),
    contributorName: text(60),
    amountFen: fenSchema,
    ...contributionBase,
  }),
  z.strictObject({
    sourceKind: z.literal('company'),
    contributorName: text(60),
    amountFen: fenSchema,
    ...contributionBase,
  }),
  z.strictObject({
    sourceKind: z.literal('villager'),
    /** Left out for a villager who gives anonymously (shown as 爱心村民). */
    contributorName: text(50).optional(),
    amountFen: fenSchema,
    ...contributionBase,
  }),
  z.strictObject({
    sourceKind: z.literal('livestream'),
    ruleId: id32,
    /** Declared sales of the period; the contribution is sales × rate, rounded half up to the fen. */
    salesFen: z.number().int().positive().max(1_000_000_000_000),
    periodFrom: day,
    periodTo: day,
    ...contributionBase,
  }),
]);
export type RecordContribution = z.infer<typeof recordContributionSchema>;

export const contributionViewSchema = z.object({
  id: z.uuid(),
  contributionNo: z.string(),
  fundId: z.number().int(),
  sourceKind: z.enum(sourceKindValues),
  contributorName: z.string().nullable(),
  contributorDisplay: z.string(),
  amountFen: z.number().int(),
  ruleId: z.number().int().nullable(),
  salesFen: z.number().int().nullable(),
  rateBp: z.number().int().nullable(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  evidenceFileId: z.string().nullable(),
  note: z.string().nullable(),
  receivedOn: z.string(),
  recordedAt: z.string(),
  ledgerIndex: z.number().int(),
});
export type ContributionView = z.infer<typeof contributionViewSchema>;

// ------------------------------------------------------------------------------------------------ people

/** A person already registered (picked from the people search) or found / registered by ID number. */
export const personRefSchema = z.union([
  z.strictObject({ personId: z.uuid() }),
  z.strictObject({
    name: text(50),
    idNumber: z.string().trim().min(15).max(18),
    phone: z.string().trim().min(1).max(20).optional(),
  }),
]);
export type PersonRef = z.infer<typeof personRefSchema>;

// ------------------------------------------------------------------------------------------------ grants

export const recordGrantSchema = z.strictObject({
  recipient: personRefSchema,
  amountFen: fenSchema,
  purpose: text(100),
  /** The decision note: why this member is helped. */
  reason: text(500),
  evidenceFileId: z.uuid().optional(),
});
export type RecordGrant = z.infer<typeof recordGrantSchema>;

export const decideGrantSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(200).optional(),
});
export type DecideGrant = z.infer<typeof decideGrantSchema>;

export const grantViewSchema = z.object({
  id: z.uuid(),
  grantNo: z.string(),
  fundId: z.number().int(),
  origin: z.enum(['console', 'case']),
  caseRef: z.string().nullable(),
  personId: z.string().nullable(),
  payeeName: z.string(),
  payeeDisplay: z.string(),
  amountFen: z.number().int(),
  purpose: z.string(),
  reason: z.string().nullable(),
  evidenceFileId: z.string().nullable(),
  status: z.enum(grantStatusValues),
  requestedBy: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  ledgerIndex: z.number().int().nullable(),
});
export type GrantView = z.infer<typeof grantViewSchema>;

// ------------------------------------------------------------------------------------------------ loans

export const issueLoanSchema = z.strictObject({
  borrower: personRefSchema,
  /** Where repayment reminders go; a new borrower's phone is used when this is left out. */
  contactPhone: z.string().trim().min(1).max(20).optional(),
  amountFen: fenSchema,
  purpose: text(100),
  agreementFileId: z.uuid(),
  termMonths: z.number().int().min(1).max(60).optional(),
  scheduleKind: z.enum(scheduleKindValues),
  /** The day the money was handed over (today by default); the schedule counts from it. */
  disbursedOn: day.optional(),
});
export type IssueLoan = z.infer<typeof issueLoanSchema>;

export const instalmentViewSchema = z.object({
  seq: z.number().int(),
  dueOn: z.string(),
  amountFen: z.number().int(),
  paidFen: z.number().int(),
  isOverdue: z.boolean(),
  overdueAt: z.string().nullable(),
});
export type InstalmentView = z.infer<typeof instalmentViewSchema>;

export const repaymentViewSchema = z.object({
  id: z.uuid(),
  repaymentNo: z.string(),
  amountFen: z.number().int(),
  allocations: z.array(z.object({ seq: z.number().int(), amountFen: z.number().int() })),
  paidOn: z.string(),
  note: z.string().nullable(),
  recordedAt: z.string(),
  ledgerIndex: z.number().int(),
});
export type RepaymentView = z.infer<typeof repaymentViewSchema>;

export const loanViewSchema = z
  .object({
    id: z.uuid(),
    loanNo: z.string(),
    fundId: z.number().int(),
    personId: z.uuid(),
    borrowerName: z.string(),
    borrowerDisplay: z.string(),
    contactPhoneMasked: z.string().nullable(),
    amountFen: z.number().int(),
    repaidFen: z.number().int(),
    outstandingFen: z.number().int(),
    purpose: z.string(),
    agreementFileId: z.string(),
    termMonths: z.number().int(),
    scheduleKind: z.enum(scheduleKindValues),
    disbursedOn: z.string(),
    dueOn: z.string(),
    status: z.enum(loanStatusValues),
    overdueFen: z.number().int(),
    overdueInstalments: z.number().int(),
    closedAt: z.string().nullable(),
    recordedAt: z.string(),
    ledgerIndex: z.number().int(),
    instalments: z.array(instalmentViewSchema),
    repayments: z.array(repaymentViewSchema),
  })
  .meta({ id: 'MutualAidLoan' });
export type LoanView = z.infer<typeof loanViewSchema>;

export const recordRepaymentSchema = z.strictObject({
  amountFen: fenSchema,
  paidOn: day.optional(),
  note: z.string().trim().max(200).optional(),
  evidenceFileId: z.uuid().optional(),
});
export type RecordRepayment = z.infer<typeof recordRepaymentSchema>;

// ------------------------------------------------------------------------------------------------ detail

export const fundDetailSchema = z
  .object({
    fund: fundViewSchema,
    rules: z.array(ruleViewSchema),
    contributions: z.array(contributionViewSchema),
    grants: z.array(grantViewSchema),
    loans: z.array(loanViewSchema.omit({ instalments: true, repayments: true })),
  })
  .meta({ id: 'MutualAidFundDetail' });
export type FundDetail = z.infer<typeof fundDetailSchema>;
export type LoanRow = FundDetail['loans'][number];

// ------------------------------------------------------------------------------------------------ public

export const publicFundSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    orgName: z.string(),
    /** The units above, nearest last (e.g. 诸暨市 › 浣东街道). */
    orgTrail: z.array(z.string()),
    maxGrantFen: z.number().int(),
    maxLoanFen: z.number().int(),
    loanTermMonths: z.number().int(),
    totals: fundTotalsSchema,
    sources: z.array(
      z.object({ kind: z.enum(sourceKindValues), amountFen: z.number().int(), count: z.number().int() }),
    ),
    contributions: z.array(
      z.object({
        sourceKind: z.enum(sourceKindValues),
        contributor: z.string(),
        amountFen: z.number().int(),
        salesFen: z.number().int().nullable(),
        rateBp: z.number().int().nullable(),
        periodFrom: z.string().nullable(),
        periodTo: z.string().nullable(),
        receivedOn: z.string(),
        ledgerIndex: z.number().int(),
      }),
    ),
    grants: z.array(
      z.object({
        payee: z.string(),
        amountFen: z.number().int(),
        purpose: z.string(),
        paidOn: z.string(),
        ledgerIndex: z.number().int(),
      }),
    ),
    loans: z.array(
      z.object({
        borrower: z.string(),
        amountFen: z.number().int(),
        repaidFen: z.number().int(),
        purpose: z.string(),
        disbursedOn: z.string(),
        dueOn: z.string(),
        status: z.enum(loanStatusValues),
        ledgerIndex: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'MutualAidPublicFund' });
export type PublicFund = z.infer<typeof publicFundSchema>;
