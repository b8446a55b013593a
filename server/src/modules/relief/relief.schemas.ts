// The humanitarian relief contract (人道救助): kinds and their rules, cases from application to follow-up, home
// visits, public notice and objections, payouts from a chosen fund, the recipient registry and batch disaster relief.
// Money is integer fen; times are ISO strings (shown in Asia/Shanghai); names leave the server masked except to staff.
import { z } from 'zod';
import { importViewSchema } from '../../platform/imports/imports.schemas';

const lang = z.string().max(20).optional();
const id32 = z.number().int().positive().max(2_147_483_647);
const fenSchema = z.number().int().positive().max(100_000_000_00);
const reason = z.string().trim().min(2).max(500);
const note = z.string().trim().max(500).optional();

// ------------------------------------------------------------------------------------------------ value lists

export const reliefKindValues = ['hardship', 'serious_illness', 'disaster', 'emergency'] as const;
export type ReliefKind = (typeof reliefKindValues)[number];
export const reliefKindLabels: Record<ReliefKind, { zh: string; en: string }> = {
  hardship: { zh: '困难救助', en: 'Hardship relief' },
  serious_illness: { zh: '大病救助', en: 'Serious illness relief' },
  disaster: { zh: '灾害救助', en: 'Disaster relief' },
  emergency: { zh: '应急救助', en: 'Emergency relief' },
};

/** The branch levels that approve relief, lowest first: a grant at a level approves that band and every lower one. */
export const approvalLevelValues = ['county', 'city', 'province'] as const;
export type ApprovalLevel = (typeof approvalLevelValues)[number];

export const causeCategoryValues = [
  'illness',
  'accident',
  'natural_disaster',
  'fire',
  'poverty',
  'disability',
  'bereavement',
  'other',
] as const;
export type CauseCategory = (typeof causeCategoryValues)[number];
export const causeCategoryLabels: Record<CauseCategory, { zh: string; en: string }> = {
  illness: { zh: '疾病', en: 'Illness' },
  accident: { zh: '意外伤害', en: 'Accident' },
  natural_disaster: { zh: '自然灾害', en: 'Natural disaster' },
  fire: { zh: '火灾', en: 'Fire' },
  poverty: { zh: '生活困难', en: 'Poverty' },
  disability: { zh: '残疾', en: 'Disability' },
  bereavement: { zh: '家庭变故', en: 'Bereavement' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * submitted → verified (village/township home visit) → reviewed (county) → approved → on_notice (public notice)
 * → payout_requested → paid → followed_up → closed. `returned` (补正: the applicant corrects and resubmits) and
 * `rejected` (with reason) from any decision step. A kind with 0 notice days goes approved → payout_requested.
 */
export const caseStatusValues = [
  'submitted',
  'returned',
  'verified',
  'reviewed',
  'approved',
  'on_notice',
  'payout_requested',
  'paid',
  'followed_up',
  'closed',
  'rejected',
] as const;
export type CaseStatus = (typeof caseStatusValues)[number];
export const caseStatusLabels: Record<CaseStatus, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  returned: { zh: '退回补正', en: 'Returned for correction' },
  verified: { zh: '已核实', en: 'Verified' },
  reviewed: { zh: '已审核', en: 'Reviewed' },
  approved: { zh: '已审批', en: 'Approved' },
  on_notice: { zh: '公示中', en: 'On public notice' },
  payout_requested: { zh: '待拨付', en: 'Payout requested' },
  paid: { zh: '已拨付', en: 'Paid' },
  followed_up: { zh: '已回访', en: 'Followed up' },
  closed: { zh: '已结案', en: 'Closed' },
  rejected: { zh: '不予救助', en: 'Rejected' },
};
/** Statuses in which a case is still open (counts for "an open case in another unit" and batch duplicates). */
export const openCaseStatusValues = [
  'submitted',
  'returned',
  'verified',
  'reviewed',
  'approved',
  'on_notice',
  'payout_requested',
] as const satisfies readonly CaseStatus[];

/** How a case came in: a citizen on the phone, staff on the applicant's behalf, a batch list, the service hall. */
export const filedViaValues = ['public', 'staff', 'batch', 'service_hall'] as const;

/** Where a payout's money comes from: a fund of the donations module or a village mutual-aid fund (互助金). */
export const fundSourceValues = ['donations', 'mutualaid'] as const;
export type FundSource = (typeof fundSourceValues)[number];

export const visitKindValues = ['verification', 'follow_up'] as const;
export const objectionStatusValues = ['open', 'upheld', 'dismissed'] as const;
/** What an upheld objection does to the case: back to the applicant for correction, or rejected. */
export const objectionCaseActionValues = ['return', 'reject'] as const;
export const batchStatusValues = ['pending', 'approved', 'rejected'] as const;
export const reliefPayoutStatusValues = ['pending', 'paid', 'rejected'] as const;

/** The rule checks shown on a case (精准救助). */
export const warningCodeValues = [
  'SAME_KIND_WITHIN_12_MONTHS',
  'OVER_ANNUAL_CAP',
  'SAME_CAUSE_HELPED',
  'OPEN_CASE_ELSEWHERE',
] as const;
export type WarningCode = (typeof warningCodeValues)[number];

/** The timeline of a case: one event per step, visible to the applicant (staff names are not). */
export const caseEventValues = [
  'submitted',
  'resubmitted',
  'returned',
  'verified',
  'reviewed',
  'approved',
  'notice_started',
  'objection_filed',
  'objection_upheld',
  'objection_dismissed',
  'payout_requested',
  'payout_rejected',
  'paid',
  'followed_up',
  'closed',
  'rejected',
  'linked_to_service_request',
] as const;

// ------------------------------------------------------------------------------------------------ kinds and rules

export const amountBandSchema = z.strictObject({
  /** The band covers amounts up to and including this; null = no upper limit (must be the last band). */
  maxFen: fenSchema.nullable(),
  level: z.enum(approvalLevelValues),
});
export type AmountBand = z.infer<typeof amountBandSchema>;

export const materialRuleSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'key: lowercase letters, digits, _'),
  name: z.string().trim().min(1).max(60),
  isRequired: z.boolean().default(true),
});
export type MaterialRule = z.infer<typeof materialRuleSchema>;

const kindRuleFields = {
  /** Ascending by maxFen; the last band has maxFen null. */
  bands: z
    .array(amountBandSchema)
    .min(1)
    .max(6)
    .refine(
      (bands) =>
        bands.every((b, i) =>
          i === bands.length - 1
            ? b.maxFen === null
            : b.maxFen !== null && (i === 0 || (bands[i - 1].maxFen ?? 0) < b.maxFen),
        ),
      { message: 'bands ascend by maxFen and only the last has no maxFen' },
    ),
  materials: z
    .array(materialRuleSchema)
    .max(20)
    .refine((m) => new Set(m.map((x) => x.key)).size === m.length, { message: 'material keys repeat' }),
  /** Situations the verifier must confirm do not apply (e.g. injuries from crime or intoxication). */
  exclusions: z.array(z.string().trim().min(2).max(200)).max(20),
  /** The same cause is helped once: a second case for a cause already paid is refused at approval (422). */
  isSameCauseOnce: z.boolean(),
  /** The most one person may receive of this kind in a calendar year (Asia/Shanghai); null = no cap. */
  annualCapFen: fenSchema.nullable(),
  decisionWorkingDays: z.number().int().min(1).max(60),
  noticeDays: z.number().int().min(0).max(30),
  /** Full names on the public notice (only with the recipients' consent); masked (张*三) otherwise. */
  isNameShown: z.boolean(),
};

export const reliefKindRulesSchema = z.object(kindRuleFields);
export type ReliefKindRules = z.infer<typeof reliefKindRulesSchema>;

/** relief:manage changes a kind's rules; only the given fields change. */
export const updateReliefKindSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(30).optional(),
    description: z.string().trim().max(500).optional(),
    isActive: z.boolean().optional(),
    bands: kindRuleFields.bands.optional(),
    materials: kindRuleFields.materials.optional(),
    exclusions: kindRuleFields.exclusions.optional(),
    isSameCauseOnce: kindRuleFields.isSameCauseOnce.optional(),
    annualCapFen: kindRuleFields.annualCapFen.optional(),
    decisionWorkingDays: kindRuleFields.decisionWorkingDays.optional(),
    noticeDays: kindRuleFields.noticeDays.optional(),
    isNameShown: kindRuleFields.isNameShown.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateReliefKind = z.infer<typeof updateReliefKindSchema>;

export const reliefKindViewSchema = z
  .object({
    code: z.enum(reliefKindValues),
    name: z.string(),
    description: z.string(),
    isActive: z.boolean(),
    ...kindRuleFields,
    updatedAt: z.string(),
  })
  .meta({ id: 'ReliefKind' });
export type ReliefKindView = z.infer<typeof reliefKindViewSchema>;

export const reliefKindParamsSchema = z.strictObject({ code: z.enum(reliefKindValues) });

// ------------------------------------------------------------------------------------------------ cases: filing

export const materialFileSchema = z.strictObject({
  /** A key of the kind's materials. */
  key: z.string().trim().min(1).max(40),
  /** A file uploaded with POST /api/files (public accounts: POST /api/public/files if offered). */
  fileId: z.uuid(),
});
export type MaterialFile = z.infer<typeof materialFileSchema>;

/** The applicant: an existing person record (staff only) or name + ID number (found by blind index or registered). */
export const applicantInputSchema = z.union([
  z.strictObject({ personId: z.uuid() }),
  z.strictObject({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().trim().min(15).max(18),
    phone: z.string().trim().min(1).max(20).optional(),
    address: z.string().trim().max(200).optional(),
  }),
]);
export type ApplicantInput = z.infer<typeof applicantInputSchema>;

const caseFields = {
  kind: z.enum(reliefKindValues),
  /** The applicant's village (or community) unit: it owns the case. */
  orgId: id32,
  householdSize: z.number().int().min(1).max(30),
  causeCategory: z.enum(causeCategoryValues),
  causeText: z.string().trim().min(4).max(1000),
  requestedFen: fenSchema,
  materials: z.array(materialFileSchema).max(30).default([]),
};

/** Staff (relief:verify in the village's subtree) file on the applicant's behalf. */
export const fileReliefCaseSchema = z.strictObject({ applicant: applicantInputSchema, ...caseFields });
export type FileReliefCase = z.infer<typeof fileReliefCaseSchema>;

/** A signed-in citizen applies for themself (or a relative) on the phone. */
export const applyForReliefSchema = z.strictObject({
  applicant: z.strictObject({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().trim().min(15).max(18),
    phone: z.string().trim().min(1).max(20).optional(),
    address: z.string().trim().max(200).optional(),
  }),
  ...caseFields,
});
export type ApplyForRelief = z.infer<typeof applyForReliefSchema>;

/** After 补正: the applicant (or staff) corrects and resubmits; only the given fields change. */
export const resubmitReliefCaseSchema = z.strictObject({
  householdSize: caseFields.householdSize.optional(),
  causeCategory: caseFields.causeCategory.optional(),
  causeText: caseFields.causeText.optional(),
  requestedFen: caseFields.requestedFen.optional(),
  /** Replaces the case's materials when given. */
  materials: z.array(materialFileSchema).max(30).optional(),
  note,
});
export type ResubmitReliefCase = z.infer<typeof resubmitReliefCaseSchema>;

// ------------------------------------------------------------------------------------------------ cases: steps

export const visitInputSchema = z.strictObject({
  visitedOn: z.iso.date(),
  /** Who went (names, as written on the visit form). */
  visitors: z.string().trim().min(1).max(100),
  findings: z.string().trim().min(4).max(2000),
  photoFileIds: z.array(z.uuid()).max(20).default([]),
});
export type VisitInput = z.infer<typeof visitInputSchema>;

/** Village/township verification (relief:verify): the home visit and every exclusion of the kind confirmed absent. */
export const verifyReliefCaseSchema = z.strictObject({
  visit: visitInputSchema,
  /** Must list every exclusion text of the kind (the verifier confirms none applies). */
  exclusionsConfirmed: z.array(z.string().trim().min(1).max(200)).max(20),
  note,
});
export type VerifyReliefCase = z.infer<typeof verifyReliefCaseSchema>;

/** County review (relief:review) with the amount it recommends. */
export const reviewReliefCaseSchema = z.strictObject({ recommendedFen: fenSchema, note });
export type ReviewReliefCase = z.infer<typeof reviewReliefCaseSchema>;

/**
 * Approval (relief:approve) at the band's level or above, by someone who neither verified nor reviewed the case.
 * `overrideNote` records why a SAME_CAUSE_HELPED case is approved anyway (without it: 422 RELIEF_RULE_VIOLATED).
 */
export const approveReliefCaseSchema = z.strictObject({
  approvedFen: fenSchema,
  note,
  overrideNote: z.string().trim().min(4).max(500).optional(),
});
export type ApproveReliefCase = z.infer<typeof approveReliefCaseSchema>;

/** 补正 or 不予救助 at any decision step (submitted, verified, reviewed), by the step's permission. */
export const returnReliefCaseSchema = z.strictObject({ reason });
export const rejectReliefCaseSchema = z.strictObject({ reason });

/** The officer (funds:payout) asks a fund to pay the approved amount; finance (funds:approve) approves it. */
export const requestReliefPayoutSchema = z.strictObject({
  fundSource: z.enum(fundSourceValues).default('donations'),
  /** The fund's id in its source module (donations: GET /api/funds; mutual aid: its village fund). */
  fundId: id32,
  /** Evidence for the payout: defaults to the case's approval document. */
  evidenceFileId: z.uuid().optional(),
});
export type RequestReliefPayout = z.infer<typeof requestReliefPayoutSchema>;

export const followUpReliefCaseSchema = z.strictObject({ visit: visitInputSchema, note });
export type FollowUpReliefCase = z.infer<typeof followUpReliefCaseSchema>;

export const closeReliefCaseSchema = z.strictObject({ note });

// ------------------------------------------------------------------------------------------------ cases: views

export const visitViewSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(visitKindValues),
    visitedOn: z.string(),
    visitors: z.string(),
    findings: z.string(),
    photoFileIds: z.array(z.uuid()),
    exclusionsConfirmed: z.array(z.string()),
    recordedBy: z.string(),
    recordedByName: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'ReliefVisit' });
export type VisitView = z.infer<typeof visitViewSchema>;

export const caseEventViewSchema = z
  .object({
    id: z.uuid(),
    event: z.enum(caseEventValues),
    fromStatus: z.enum(caseStatusValues).nullable(),
    toStatus: z.enum(caseStatusValues),
    note: z.string().nullable(),
    /** Staff display name on staff views; on the applicant's view only the unit. */
    actorName: z.string().nullable(),
    orgName: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'ReliefCaseEvent' });
export type CaseEventView = z.infer<typeof caseEventViewSchema>;

export const objectionViewSchema = z
  .object({
    id: z.uuid(),
    objectionNo: z.string(),
    caseId: z.uuid(),
    caseNo: z.string(),
    text: z.string(),
    /** Masked (138****5678); null when the objector left none. */
    phoneMasked: z.string().nullable(),
    isAnonymous: z.boolean(),
    objectorName: z.string().nullable(),
    status: z.enum(objectionStatusValues),
    caseAction: z.enum(objectionCaseActionValues).nullable(),
    resolutionNote: z.string().nullable(),
    resolvedByName: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ReliefObjection' });
export type ObjectionView = z.infer<typeof objectionViewSchema>;

export const reliefPayoutViewSchema = z
  .object({
    id: z.uuid(),
    fundSource: z.enum(fundSourceValues),
    fundId: z.number().int(),
    fundName: z.string(),
    /** The payout's id in the source module: donations → approve it at POST /api/payouts/:payoutRef/decision. */
    payoutRef: z.string(),
    payoutNo: z.string(),
    amountFen: z.number().int(),
    status: z.enum(reliefPayoutStatusValues),
    requestedByName: z.string(),
    requestedAt: z.string(),
    decidedAt: z.string().nullable(),
    /** The public ledger entry of the payment (a masked, salted commitment, never a name). */
    ledgerIndex: z.number().int().nullable(),
  })
  .meta({ id: 'ReliefPayout' });
export type ReliefPayoutView = z.infer<typeof reliefPayoutViewSchema>;

export const reliefWarningSchema = z
  .object({
    code: z.enum(warningCodeValues),
    message: z.string(),
    /** The earlier case(s) behind the warning. */
    caseNos: z.array(z.string()),
    /** SAME_CAUSE_HELPED with the kind's "helped once" rule blocks approval unless an override note is given. */
    isBlocking: z.boolean(),
  })
  .meta({ id: 'ReliefWarning' });
export type ReliefWarning = z.infer<typeof reliefWarningSchema>;

/** One earlier (or other open) case of the same person, in any unit and year. */
export const reliefHistoryItemSchema = z
  .object({
    caseId: z.uuid(),
    caseNo: z.string(),
    kind: z.enum(reliefKindValues),
    status: z.enum(caseStatusValues),
    orgId: z.number().int(),
    orgName: z.string(),
    causeCategory: z.enum(causeCategoryValues),
    causeText: z.string(),
    requestedFen: z.number().int(),
    approvedFen: z.number().int().nullable(),
    paidFen: z.number().int().nullable(),
    submittedAt: z.string(),
    paidAt: z.string().nullable(),
  })
  .meta({ id: 'ReliefHistoryItem' });
export type ReliefHistoryItem = z.infer<typeof reliefHistoryItemSchema>;

export const reliefCaseSummarySchema = z
  .object({
    id: z.uuid(),
    caseNo: z.string(),
    kind: z.enum(reliefKindValues),
    status: z.enum(caseStatusValues),
    orgId: z.number().int(),
    orgName: z.string(),
    personId: z.uuid(),
    /** Staff see the name; the ID number only masked. */
    applicantName: z.string(),
    idNumberMasked: z.string().nullable(),
    householdSize: z.number().int(),
    causeCategory: z.enum(causeCategoryValues),
    requestedFen: z.number().int(),
    recommendedFen: z.number().int().nullable(),
    approvedFen: z.number().int().nullable(),
    filedVia: z.enum(filedViaValues),
    batchId: z.uuid().nullable(),
    serviceRequestId: z.string().nullable(),
    submittedAt: z.string(),
    /** submittedAt + the kind's decision working days (weekends off until the hall's calendar is wired). */
    decisionDueAt: z.string(),
    /** Not decided (approved or rejected) by decisionDueAt. */
    isOverdue: z.boolean(),
    noticeEndsAt: z.string().nullable(),
    warningCount: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ReliefCaseSummary' });
export type ReliefCaseSummary = z.infer<typeof reliefCaseSummarySchema>;

export const reliefCaseViewSchema = reliefCaseSummarySchema
  .extend({
    phoneMasked: z.string().nullable(),
    address: z.string().nullable(),
    causeText: z.string(),
    materials: z.array(materialFileSchema.extend({ name: z.string() })),
    /** Required material keys of the kind that the case lacks (empty when complete). */
    missingMaterials: z.array(z.string()),
    filedByName: z.string(),
    verifiedByName: z.string().nullable(),
    reviewedByName: z.string().nullable(),
    approvedByName: z.string().nullable(),
    approvalLevel: z.enum(approvalLevelValues).nullable(),
    /** The band's level for the current amount (approved, recommended or requested). */
    requiredLevel: z.enum(approvalLevelValues),
    overrideNote: z.string().nullable(),
    decisionNote: z.string().nullable(),
    /** The generated approval document (PDF): default evidence of the payout. */
    approvalFileId: z.uuid().nullable(),
    noticeStartsAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    visits: z.array(visitViewSchema),
    timeline: z.array(caseEventViewSchema),
    objections: z.array(objectionViewSchema),
    payouts: z.array(reliefPayoutViewSchema),
    /** The person's other relief across all units and years, newest first (精准救助). */
    history: z.array(reliefHistoryItemSchema),
    warnings: z.array(reliefWarningSchema),
    /** What the caller may do next (for buttons): e.g. ['verify', 'return', 'reject']. */
    allowedActions: z.array(
      z.enum(['verify', 'review', 'approve', 'return', 'reject', 'request_payout', 'follow_up', 'close']),
    ),
  })
  .meta({ id: 'ReliefCase' });
export type ReliefCaseView = z.infer<typeof reliefCaseViewSchema>;

const bool = z.enum(['true', 'false']).optional();

export const reliefCaseListQuerySchema = z.strictObject({
  lang,
  status: z.enum(caseStatusValues).optional(),
  kind: z.enum(reliefKindValues).optional(),
  /** Cases of this unit and its subtree. */
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  batchId: z.uuid().optional(),
  /** Submitted on or after / on or before (Asia/Shanghai dates). */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Applicant name, case number or full ID number. */
  q: z.string().trim().max(50).optional(),
  /** Only cases past their decision deadline. */
  overdue: bool,
  /** Overdue cases first, then by decision deadline (the default order is newest first). */
  overdueFirst: bool,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ReliefCaseListQuery = z.infer<typeof reliefCaseListQuerySchema>;

export const reliefCasePageSchema = z.object({ items: z.array(reliefCaseSummarySchema), total: z.number().int() });

export const caseIdParamsSchema = z.strictObject({ id: z.uuid() });
export const caseNoParamsSchema = z.strictObject({ caseNo: z.string().trim().min(1).max(40) });

// ------------------------------------------------------------------------------------------------ objections

export const fileObjectionSchema = z.strictObject({
  text: z.string().trim().min(4).max(1000),
  /** Optional: to be called back about the outcome. */
  phone: z.string().trim().min(1).max(20).optional(),
  name: z.string().trim().min(1).max(50).optional(),
  lang,
});
export type FileObjection = z.infer<typeof fileObjectionSchema>;

export const objectionFiledSchema = z
  .object({ objectionNo: z.string(), caseNo: z.string(), createdAt: z.string() })
  .meta({ id: 'ReliefObjectionFiled' });

export const resolveObjectionSchema = z
  .strictObject({
    outcome: z.enum(['upheld', 'dismissed']),
    /** Required when upheld: return the case for correction or reject it. */
    caseAction: z.enum(objectionCaseActionValues).optional(),
    reason,
  })
  .refine((v) => v.outcome === 'dismissed' || v.caseAction !== undefined, {
    message: 'caseAction is required when the objection is upheld',
    path: ['caseAction'],
  });
export type ResolveObjection = z.infer<typeof resolveObjectionSchema>;

export const objectionListQuerySchema = z.strictObject({
  lang,
  status: z.enum(objectionStatusValues).optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ObjectionListQuery = z.infer<typeof objectionListQuerySchema>;
export const objectionPageSchema = z.object({ items: z.array(objectionViewSchema), total: z.number().int() });
export const objectionIdParamsSchema = z.strictObject({ id: z.uuid() });

// ------------------------------------------------------------------------------------------------ public views

/** One case on public notice: phone-friendly, the name masked (张*三) unless the kind shows names with consent. */
export const publicNoticeSchema = z
  .object({
    caseNo: z.string(),
    kind: z.enum(reliefKindValues),
    kindName: z.string(),
    name: z.string(),
    villageName: z.string(),
    /** The township and county above the village, for orientation (e.g. 枫桥镇 · 诸暨市). */
    areaName: z.string(),
    householdSize: z.number().int(),
    amountFen: z.number().int(),
    noticeStartsAt: z.string(),
    noticeEndsAt: z.string(),
  })
  .meta({ id: 'ReliefPublicNotice' });
export type PublicNotice = z.infer<typeof publicNoticeSchema>;

export const publicNoticeQuerySchema = z.strictObject({
  lang,
  /** Notices of this unit's subtree (a county, a township, a village). */
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  kind: z.enum(reliefKindValues).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PublicNoticeQuery = z.infer<typeof publicNoticeQuerySchema>;
export const publicNoticePageSchema = z.object({ items: z.array(publicNoticeSchema), total: z.number().int() });

/** A unit in the applicant's picker (province → city → county → township → village). */
export const publicUnitSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    type: z.string(),
    hasChildren: z.boolean(),
    /** A case may be filed with this unit (a village, community, township or 博爱家园). */
    canApply: z.boolean(),
  })
  .meta({ id: 'ReliefPublicUnit' });
export const publicUnitQuerySchema = z.strictObject({
  lang,
  parentId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

/** What a citizen reads before applying: what to prepare, how long it takes. */
export const publicReliefKindSchema = z
  .object({
    code: z.enum(reliefKindValues),
    name: z.string(),
    description: z.string(),
    materials: z.array(materialRuleSchema),
    exclusions: z.array(z.string()),
    decisionWorkingDays: z.number().int(),
    noticeDays: z.number().int(),
  })
  .meta({ id: 'ReliefPublicKind' });

/** The applicant's own case, followed like a parcel (no staff names, no other people's data). */
export const myReliefCaseSchema = z
  .object({
    id: z.uuid(),
    caseNo: z.string(),
    kind: z.enum(reliefKindValues),
    kindName: z.string(),
    status: z.enum(caseStatusValues),
    orgName: z.string(),
    applicantName: z.string(),
    householdSize: z.number().int(),
    causeCategory: z.enum(causeCategoryValues),
    causeText: z.string(),
    requestedFen: z.number().int(),
    approvedFen: z.number().int().nullable(),
    materials: z.array(materialFileSchema),
    missingMaterials: z.array(z.string()),
    submittedAt: z.string(),
    decisionDueAt: z.string(),
    noticeEndsAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    /** Why the case came back (补正) or was refused. */
    decisionNote: z.string().nullable(),
    timeline: z.array(caseEventViewSchema),
  })
  .meta({ id: 'ReliefMyCase' });
export type MyReliefCase = z.infer<typeof myReliefCaseSchema>;

// ------------------------------------------------------------------------------------------------ batches

/** Batch disaster relief: one list from Excel, one approval (band by the batch total), one payout per household. */
export const batchUploadQuerySchema = z.strictObject({
  lang,
  kind: z.enum(reliefKindValues).default('disaster'),
  /** The unit that runs the batch (a county or township); every row's unit must lie in the uploader's scope. */
  orgId: z.coerce.number().int().positive().max(2_147_483_647),
  title: z.string().trim().min(2).max(100),
  causeCategory: z.enum(causeCategoryValues).default('natural_disaster'),
});
export type BatchUploadQuery = z.infer<typeof batchUploadQuerySchema>;

export const batchImportViewSchema = importViewSchema
  .extend({ batchId: z.uuid().nullable() })
  .meta({ id: 'ReliefBatchImport' });
export type BatchImportView = z.infer<typeof batchImportViewSchema>;

export const reliefBatchViewSchema = z
  .object({
    id: z.uuid(),
    batchNo: z.string(),
    title: z.string(),
    kind: z.enum(reliefKindValues),
    orgId: z.number().int(),
    orgName: z.string(),
    status: z.enum(batchStatusValues),
    caseCount: z.number().int(),
    totalFen: z.number().int(),
    largestFen: z.number().int(),
    /** The band's level for the batch total. */
    requiredLevel: z.enum(approvalLevelValues),
    createdByName: z.string(),
    createdAt: z.string(),
    approvedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    /** Cases per status. */
    statusCounts: z.record(z.string(), z.number().int()),
    paidFen: z.number().int(),
  })
  .meta({ id: 'ReliefBatch' });
export type ReliefBatchView = z.infer<typeof reliefBatchViewSchema>;

export const batchListQuerySchema = z.strictObject({
  lang,
  status: z.enum(batchStatusValues).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export const reliefBatchPageSchema = z.object({ items: z.array(reliefBatchViewSchema), total: z.number().int() });

/** Approve: every household at its listed amount, band by the batch total. Reject: a note is required. */
export const decideBatchSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    note,
    /** Why households whose cause was already helped (a "helped once" kind) are approved anyway. */
    overrideNote: z.string().trim().min(4).max(500).optional(),
  })
  .refine((v) => v.decision === 'approve' || (v.note !== undefined && v.note.length >= 2), {
    message: 'a rejection needs its reason in note',
    path: ['note'],
  });
export type DecideBatch = z.infer<typeof decideBatchSchema>;

/** Payout requests for every approved household of the batch whose notice ended (one payout per case). */
export const requestBatchPayoutsSchema = requestReliefPayoutSchema;
export const batchPayoutsResultSchema = z
  .object({
    requested: z.number().int(),
    totalFen: z.number().int(),
    /** Cases left out (still on notice, an objection open, or not approved), with the reason code. */
    skipped: z.array(z.object({ caseNo: z.string(), code: z.string() })),
  })
  .meta({ id: 'ReliefBatchPayouts' });

export const batchIdParamsSchema = z.strictObject({ id: z.uuid() });
export const importIdParamsSchema = z.strictObject({ importId: z.uuid() });
