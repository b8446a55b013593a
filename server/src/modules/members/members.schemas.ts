// The members contract: applications, admission, cards, dues, transfers, lists and statistics (also used by the web).
import { z } from 'zod';

export const memberKinds = ['individual', 'group'] as const;
export const memberCategories = ['ordinary', 'youth', 'group'] as const;
export const memberTiers = ['ordinary', 'special', 'life'] as const;
export const memberStatuses = ['applied', 'active', 'lapsed', 'rejected', 'withdrawn'] as const;
export const duesMethods = ['cash', 'bank', 'online'] as const;
export const shareLevels = ['grassroots', 'county', 'city', 'province'] as const;

export type MemberKind = (typeof memberKinds)[number];
export type MemberCategory = (typeof memberCategories)[number];
export type MemberTier = (typeof memberTiers)[number];
export type MemberStatus = (typeof memberStatuses)[number];
export type DuesMethod = (typeof duesMethods)[number];
export type ShareLevel = (typeof shareLevels)[number];

const name = z.string().trim().min(1).max(50);
const phone = z.string().trim().min(5).max(20);
const idNumber = z.string().trim().min(15).max(18);
const text = (max: number) => z.string().trim().max(max);

export const guardianSchema = z.strictObject({
  name,
  phone,
  /** The signed consent (an upload by the applicant, or staff evidence). */
  consentFileId: z.uuid(),
});

/** A citizen's own application on the phone (the phone is the signed-in account's). */
export const joinOnlineSchema = z.strictObject({
  orgId: z.number().int().positive(),
  category: z.enum(['ordinary', 'youth']),
  name,
  idNumber,
  workplace: text(100).optional(),
  address: text(200).optional(),
  guardian: guardianSchema.optional(),
});
export type JoinOnline = z.infer<typeof joinOnlineSchema>;

/** Staff enrolment at a counter or a school: an individual or a group member, admitted at once when `admit`. */
export const enrolMemberSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('individual'),
    orgId: z.number().int().positive(),
    category: z.enum(['ordinary', 'youth']),
    tier: z.enum(memberTiers).default('ordinary'),
    name,
    idNumber,
    phone,
    workplace: text(100).optional(),
    address: text(200).optional(),
    guardian: guardianSchema.optional(),
    admit: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('group'),
    orgId: z.number().int().positive(),
    tier: z.enum(memberTiers).default('ordinary'),
    groupName: z.string().trim().min(2).max(100),
    uscc: z.string().trim().length(18),
    headcount: z.number().int().min(1).max(1_000_000),
    contactName: name,
    contactPhone: phone,
    address: text(200).optional(),
    admit: z.boolean().default(false),
  }),
]);
export type EnrolMember = z.infer<typeof enrolMemberSchema>;

export const rejectSchema = z.strictObject({ reason: z.string().trim().min(2).max(500) });
export const admitSchema = z.strictObject({ note: text(500).optional() });

export const recordDuesSchema = z.strictObject({
  years: z.number().int().min(1).max(5),
  method: z.enum(duesMethods),
  /** Bank slip or online payment reference (required for bank and online). */
  reference: text(100).optional(),
  /** The amount received, checked against the dues owed when given. */
  amountFen: z.number().int().nonnegative().max(100_000_000).optional(),
  /** The member-dues hall request this payment fulfils, if any. */
  serviceRequestId: z.uuid().optional(),
});
export type RecordDues = z.infer<typeof recordDuesSchema>;

export const transferSchema = z.strictObject({
  toOrgId: z.number().int().positive(),
  reason: z.string().trim().min(2).max(500),
});
export type TransferMember = z.infer<typeof transferSchema>;

export const reissueCardSchema = z.strictObject({
  reason: z.string().trim().min(2).max(500),
  serviceRequestId: z.uuid().optional(),
});

export const memberListQuerySchema = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  q: text(50).optional(),
  status: z.enum(memberStatuses).optional(),
  kind: z.enum(memberKinds).optional(),
  category: z.enum(memberCategories).optional(),
  tier: z.enum(memberTiers).optional(),
  /** Only members whose dues are unpaid for this year (paid-up year below it). */
  unpaidYear: z.coerce.number().int().min(2000).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type MemberListQuery = z.infer<typeof memberListQuerySchema>;

export const memberSummarySchema = z.object({
  id: z.uuid(),
  memberNo: z.string().nullable(),
  kind: z.enum(memberKinds),
  category: z.enum(memberCategories),
  tier: z.enum(memberTiers),
  status: z.enum(memberStatuses),
  name: z.string(),
  phoneMasked: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  channel: z.enum(['online', 'staff', 'import']),
  appliedAt: z.iso.datetime(),
  joinedOn: z.string().nullable(),
  paidThroughYear: z.number().int().nullable(),
  headcount: z.number().int().nullable(),
});
export type MemberSummary = z.infer<typeof memberSummarySchema>;

export const memberEventViewSchema = z.object({
  kind: z.string(),
  orgName: z.string(),
  toOrgName: z.string().nullable(),
  note: z.string().nullable(),
  actorName: z.string(),
  at: z.iso.datetime(),
});

export const duesPaymentViewSchema = z.object({
  id: z.uuid(),
  receiptNo: z.string(),
  fromYear: z.number().int(),
  toYear: z.number().int(),
  amountFen: z.number().int(),
  method: z.enum(duesMethods),
  reference: z.string().nullable(),
  paidOn: z.string(),
  orgName: z.string(),
});
export type DuesPaymentView = z.infer<typeof duesPaymentViewSchema>;

export const memberDetailSchema = memberSummarySchema.extend({
  workplace: z.string().nullable(),
  address: z.string().nullable(),
  groupUscc: z.string().nullable(),
  contactName: z.string().nullable(),
  guardianName: z.string().nullable(),
  guardianPhoneMasked: z.string().nullable(),
  guardianConsentFileId: z.uuid().nullable(),
  decisionNote: z.string().nullable(),
  cardVersion: z.number().int(),
  cardIssuedAt: z.iso.datetime().nullable(),
  serviceRequestId: z.uuid().nullable(),
  duesPerYearFen: z.number().int(),
  events: z.array(memberEventViewSchema),
  payments: z.array(duesPaymentViewSchema),
});
export type MemberDetail = z.infer<typeof memberDetailSchema>;

export const memberPageSchema = z.object({ items: z.array(memberSummarySchema), total: z.number().int() });

/** What the card's QR code shows anyone who scans it. */
export const cardVerificationSchema = z.object({
  isValid: z.boolean(),
  memberNo: z.string(),
  maskedName: z.string(),
  orgName: z.string(),
  kind: z.enum(memberKinds),
  category: z.enum(memberCategories),
  tier: z.enum(memberTiers),
  status: z.enum(memberStatuses),
  joinedOn: z.string().nullable(),
  paidThroughYear: z.number().int().nullable(),
  cardVersion: z.number().int(),
});
export type CardVerification = z.infer<typeof cardVerificationSchema>;

/** The signed-in citizen's own membership (phone page). */
export const myMembershipSchema = z.object({
  member: z
    .object({
      id: z.uuid(),
      memberNo: z.string().nullable(),
      name: z.string(),
      kind: z.enum(memberKinds),
      category: z.enum(memberCategories),
      tier: z.enum(memberTiers),
      status: z.enum(memberStatuses),
      orgName: z.string(),
      appliedAt: z.iso.datetime(),
      joinedOn: z.string().nullable(),
      paidThroughYear: z.number().int().nullable(),
      decisionNote: z.string().nullable(),
      cardVersion: z.number().int(),
      /** The card's verification address (its QR code), once admitted. */
      verifyUrl: z.string().nullable(),
      qrSvg: z.string().nullable(),
      duesPerYearFen: z.number().int(),
      payments: z.array(duesPaymentViewSchema),
    })
    .nullable(),
});
export type MyMembership = z.infer<typeof myMembershipSchema>;

export const requestHallSchema = z.strictObject({
  years: z.number().int().min(1).max(5).optional(),
  reason: text(500).optional(),
});

export const hallRequestCreatedSchema = z.object({ requestId: z.uuid(), requestNo: z.string() });

export const duesSettingsSchema = z.strictObject({
  adultFen: z.number().int().min(0).max(1000),
  youthFen: z.number().int().min(0).max(500),
  groupPerHeadFen: z.number().int().min(0).max(1000),
  groupMinFen: z.number().int().min(0).max(10_000_000),
  shares: z.strictObject({
    grassroots: z.number().int().min(0).max(100),
    county: z.number().int().min(0).max(100),
    city: z.number().int().min(0).max(100),
    province: z.number().int().min(0).max(100),
  }),
  lapseAfterYears: z.number().int().min(1).max(10),
  reminderDays: z.number().int().min(1).max(180),
});
export type DuesSettings = z.infer<typeof duesSettingsSchema>;

export const statsQuerySchema = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: z.iso.date(),
  to: z.iso.date(),
});

const countsSchema = z.object({
  active: z.number().int(),
  applied: z.number().int(),
  lapsed: z.number().int(),
  ordinary: z.number().int(),
  youth: z.number().int(),
  group: z.number().int(),
  groupHeadcount: z.number().int(),
  tierSpecial: z.number().int(),
  tierLife: z.number().int(),
  admitted: z.number().int(),
  lapsedInPeriod: z.number().int(),
  transferredIn: z.number().int(),
  transferredOut: z.number().int(),
  duesCollectedFen: z.number().int(),
  duesSharesFen: z.number().int(),
});
export type MemberCountsView = z.infer<typeof countsSchema>;

export const memberStatsSchema = z.object({
  org: z.object({ id: z.number().int(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  total: countsSchema,
  rows: z.array(countsSchema.extend({ orgId: z.number().int(), orgName: z.string() })),
});
export type MemberStats = z.infer<typeof memberStatsSchema>;

export const importResultSchema = z.object({ id: z.uuid() });
