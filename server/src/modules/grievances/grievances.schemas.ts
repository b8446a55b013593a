// The grievances contract: complaints and objections (public filing and lookup, staff handling), call-back samples
// and their results, suspected-duplicate tasks. Public views carry no personal data.
import { z } from 'zod';

export const grievanceKindValues = ['complaint', 'objection', 'verification'] as const;
export const subjectKindValues = ['relief_case', 'payout', 'service_request', 'other'] as const;
export const grievanceStatusValues = ['submitted', 'accepted', 'investigating', 'concluded'] as const;
export const outcomeValues = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export const callbackResultValues = ['confirmed', 'denied', 'amount_differs', 'unreachable'] as const;
export const duplicateResolutionValues = ['duplicate', 'not_duplicate'] as const;

export type GrievanceKind = (typeof grievanceKindValues)[number];
export type SubjectKind = (typeof subjectKindValues)[number];
export type GrievanceStatus = (typeof grievanceStatusValues)[number];
export type Outcome = (typeof outcomeValues)[number];
export type CallbackResult = (typeof callbackResultValues)[number];

const orgIdSchema = z.number().int().positive().max(2_147_483_647);
const uuidParam = z.strictObject({ id: z.uuid() });
export const grievanceIdParams = uuidParam;

/** What anyone may file (no sign-in). Name and phone are optional; anonymous filings keep neither. */
export const fileGrievanceSchema = z
  .strictObject({
    kind: z.enum(['complaint', 'objection']).default('complaint'),
    subjectKind: z.enum(subjectKindValues),
    /** The case, payout or request number; required unless the subject is 'other'. */
    subjectRef: z.string().trim().min(4).max(40).optional(),
    /** For 'other': the unit the complaint is addressed to (defaults to the top unit). */
    orgId: orgIdSchema.optional(),
    content: z.string().trim().min(5).max(2000),
    isAnonymous: z.boolean().default(false),
    name: z.string().trim().min(1).max(50).optional(),
    phone: z.string().trim().min(5).max(20).optional(),
  })
  .refine((v) => v.subjectKind === 'other' || !!v.subjectRef, {
    path: ['subjectRef'],
    message: 'a case, payout or request number is required',
  });
export type FileGrievance = z.infer<typeof fileGrievanceSchema>;

export const grievanceFiledSchema = z
  .object({
    grievanceNo: z.string(),
    /** The secret code to follow the complaint: shown once, never stored in clear. */
    lookupCode: z.string(),
    orgName: z.string(),
    dueOn: z.string(),
  })
  .meta({ id: 'GrievanceFiled' });
export type GrievanceFiled = z.infer<typeof grievanceFiledSchema>;

export const publicEventSchema = z.object({
  kind: z.string(),
  note: z.string().nullable(),
  at: z.string(),
});

/** What the complainant sees with their code: status, timeline, outcome. No names, phones or notes. */
export const publicGrievanceSchema = z
  .object({
    grievanceNo: z.string(),
    kind: z.enum(grievanceKindValues),
    subjectKind: z.enum(subjectKindValues),
    subjectRef: z.string().nullable(),
    orgName: z.string(),
    status: z.enum(grievanceStatusValues),
    submittedAt: z.string(),
    dueOn: z.string(),
    isOverdue: z.boolean(),
    outcome: z.enum(outcomeValues).nullable(),
    reply: z.string().nullable(),
    concludedAt: z.string().nullable(),
    timeline: z.array(publicEventSchema),
  })
  .meta({ id: 'PublicGrievance' });
export type PublicGrievance = z.infer<typeof publicGrievanceSchema>;

export const publicLookupParams = z.strictObject({ no: z.string().trim().min(6).max(40) });
export const publicLookupQuery = z.strictObject({
  code: z.string().trim().min(4).max(40),
  lang: z.string().max(20).optional(),
});

export const eventViewSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  note: z.string().nullable(),
  isPublic: z.boolean(),
  actorLabel: z.string(),
  at: z.string(),
});

export const grievanceViewSchema = z
  .object({
    id: z.uuid(),
    grievanceNo: z.string(),
    kind: z.enum(grievanceKindValues),
    source: z.enum(['public', 'callback']),
    subjectKind: z.enum(subjectKindValues),
    subjectRef: z.string().nullable(),
    subjectId: z.string().nullable(),
    reliefCaseId: z.uuid().nullable(),
    orgId: z.number().int(),
    orgName: z.string(),
    isAnonymous: z.boolean(),
    complainantName: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    content: z.string(),
    status: z.enum(grievanceStatusValues),
    outcome: z.enum(outcomeValues).nullable(),
    reply: z.string().nullable(),
    submittedAt: z.string(),
    dueOn: z.string(),
    isOverdue: z.boolean(),
    acceptedAt: z.string().nullable(),
    concludedAt: z.string().nullable(),
    callbackTaskId: z.uuid().nullable(),
  })
  .meta({ id: 'Grievance' });
export type GrievanceView = z.infer<typeof grievanceViewSchema>;

export const grievanceDetailSchema = grievanceViewSchema
  .extend({
    /** The number of the relief case the subject belongs to (a case, or the case a payout paid). */
    reliefCaseNo: z.string().nullable(),
    timeline: z.array(eventViewSchema),
  })
  .meta({ id: 'GrievanceDetail' });
export type GrievanceDetail = z.infer<typeof grievanceDetailSchema>;

export const grievanceListQuerySchema = z.strictObject({
  status: z.enum(grievanceStatusValues).optional(),
  /** open = not concluded */
  open: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.string().max(20).optional(),
});
export type GrievanceListQuery = z.infer<typeof grievanceListQuerySchema>;

export const grievancePageSchema = z.object({
  items: z.array(grievanceViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const grievanceNoteSchema = z.strictObject({ note: z.string().trim().min(2).max(2000) });
export const acceptGrievanceSchema = z.strictObject({ note: z.string().trim().max(500).optional() });
export const concludeGrievanceSchema = z.strictObject({
  outcome: z.enum(outcomeValues),
  reply: z.string().trim().min(5).max(2000),
});
export type ConcludeGrievance = z.infer<typeof concludeGrievanceSchema>;

export const unmaskReasonSchema = z.strictObject({ reason: z.string().trim().min(2).max(200) });
export const unmaskedPhoneSchema = z
  .object({ id: z.uuid(), phone: z.string().nullable() })
  .meta({ id: 'UnmaskedPhone' });

// ------------------------------------------------------------------------------------------------ call-backs

export const drawSampleSchema = z
  .strictObject({
    orgId: orgIdSchema,
    periodFrom: z.iso.date(),
    periodTo: z.iso.date(),
    size: z.number().int().min(1).max(5000).optional(),
    percent: z.number().int().min(1).max(100).optional(),
  })
  .refine((v) => (v.size === undefined) !== (v.percent === undefined), {
    path: ['size'],
    message: 'give a sample size or a percentage, not both',
  })
  .refine((v) => v.periodFrom <= v.periodTo, { path: ['periodTo'], message: 'the period ends before it starts' });
export type DrawSample = z.infer<typeof drawSampleSchema>;

export const sampleViewSchema = z
  .object({
    id: z.uuid(),
    orgId: z.number().int(),
    orgName: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    requestedSize: z.number().int().nullable(),
    requestedPercent: z.number().int().nullable(),
    candidateCount: z.number().int(),
    candidateHash: z.string(),
    sampleSize: z.number().int(),
    seed: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    doneCount: z.number().int(),
  })
  .meta({ id: 'CallbackSample' });
export type SampleView = z.infer<typeof sampleViewSchema>;

export const sampleListQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  lang: z.string().max(20).optional(),
});

export const callbackTaskViewSchema = z
  .object({
    id: z.uuid(),
    sampleId: z.uuid(),
    drawOrder: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    reliefCaseId: z.uuid(),
    caseNo: z.string(),
    payoutNo: z.string().nullable(),
    recipientName: z.string(),
    phoneMasked: z.string().nullable(),
    paidFen: z.number().int(),
    paidAt: z.string(),
    status: z.enum(['pending', 'done']),
    result: z.enum(callbackResultValues).nullable(),
    reportedFen: z.number().int().nullable(),
    note: z.string().nullable(),
    attempts: z.number().int(),
    calledAt: z.string().nullable(),
    calledBy: z.string().nullable(),
    grievanceId: z.uuid().nullable(),
    grievanceNo: z.string().nullable(),
  })
  .meta({ id: 'CallbackTask' });
export type CallbackTaskView = z.infer<typeof callbackTaskViewSchema>;

export const callbackTaskListQuerySchema = z.strictObject({
  sampleId: z.uuid().optional(),
  status: z.enum(['pending', 'done']).optional(),
  lang: z.string().max(20).optional(),
});

export const recordCallbackSchema = z
  .strictObject({
    result: z.enum(callbackResultValues),
    /** The amount the recipient says they received (required for amount_differs). */
    reportedFen: z.number().int().min(0).max(10_000_000_000).optional(),
    note: z.string().trim().max(1000).optional(),
    /** When the call was made (defaults to now); not in the future. */
    calledAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => v.result !== 'amount_differs' || v.reportedFen !== undefined, {
    path: ['reportedFen'],
    message: 'say how much the recipient received',
  });
export type RecordCallback = z.infer<typeof recordCallbackSchema>;

export const callbackSummaryRowSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  sampled: z.number().int(),
  called: z.number().int(),
  confirmed: z.number().int(),
  denied: z.number().int(),
  amountDiffers: z.number().int(),
  unreachable: z.number().int(),
  /** confirmed / reached (reached = confirmed + denied + amount differs); null before anyone was reached. */
  confirmationRate: z.number().nullable(),
});
export const callbackSummarySchema = z
  .object({ units: z.array(callbackSummaryRowSchema) })
  .meta({ id: 'CallbackSummary' });
export type CallbackSummary = z.infer<typeof callbackSummarySchema>;
export const callbackSummaryQuerySchema = z.strictObject({
  sampleId: z.uuid().optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  lang: z.string().max(20).optional(),
});

// ------------------------------------------------------------------------------------------------ duplicates

export const duplicateCaseSchema = z.object({
  id: z.uuid(),
  caseNo: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.string().nullable(),
  status: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  applicantName: z.string().nullable(),
  createdAt: z.string().nullable(),
});

export const duplicateViewSchema = z
  .object({
    id: z.uuid(),
    matchKind: z.enum(['person', 'household']),
    orgId: z.number().int(),
    orgName: z.string(),
    status: z.enum(['open', 'resolved']),
    resolution: z.enum(duplicateResolutionValues).nullable(),
    note: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    createdAt: z.string(),
    caseA: duplicateCaseSchema,
    caseB: duplicateCaseSchema,
  })
  .meta({ id: 'DuplicateSuspect' });
export type DuplicateView = z.infer<typeof duplicateViewSchema>;

export const duplicateListQuerySchema = z.strictObject({
  status: z.enum(['open', 'resolved']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.string().max(20).optional(),
});
export const duplicatePageSchema = z.object({
  items: z.array(duplicateViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export const resolveDuplicateSchema = z.strictObject({
  resolution: z.enum(duplicateResolutionValues),
  note: z.string().trim().min(2).max(1000),
});

// ------------------------------------------------------------------------------------------------ case oversight

/** The flags a relief case carries from grievances and verification (for the case's oversight view). */
export const caseFlagsSchema = z
  .object({
    reliefCaseId: z.uuid(),
    upheldComplaints: z.array(z.object({ grievanceNo: z.string(), outcome: z.enum(outcomeValues), at: z.string() })),
    openComplaints: z.number().int(),
    duplicateSuspects: z.array(
      z.object({
        id: z.uuid(),
        otherCaseNo: z.string(),
        status: z.enum(['open', 'resolved']),
        resolution: z.string().nullable(),
      }),
    ),
    callbackResults: z.array(z.object({ result: z.enum(callbackResultValues), at: z.string() })),
    isFlagged: z.boolean(),
  })
  .meta({ id: 'ReliefCaseFlags' });
export type CaseFlags = z.infer<typeof caseFlagsSchema>;
