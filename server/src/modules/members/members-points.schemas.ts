// The contract of member points (积分制): rules per unit, the ledger, staff awards and deductions, rankings, the
// awards catalogue and redemptions. Imported by the web app as well.
import { z } from 'zod';

export const pointCategories = ['basic', 'exemplary', 'spreading', 'prohibited'] as const;
export const pointTriggers = ['manual', 'training_certified', 'volunteer_hours', 'donation'] as const;
export const pointSources = ['staff', 'volunteer_hours', 'training', 'donation', 'redemption', 'reversal'] as const;
export type PointCategory = (typeof pointCategories)[number];
export type PointTrigger = (typeof pointTriggers)[number];
export type PointSource = (typeof pointSources)[number];

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{2,32}$/, 'letters, digits, _ and -, 2 to 32');
const reason = z.string().trim().min(2).max(200);

const ruleFields = {
  name: z.string().trim().min(1).max(60),
  points: z.number().int().min(-1000).max(1000),
  yearlyCap: z.number().int().positive().max(100_000).nullable().optional(),
  description: z.string().trim().max(300).optional(),
  isActive: z.boolean().optional(),
};

/** A prohibited-conduct rule takes points away; every other category gives them. */
function signMatches(r: { category?: PointCategory; points?: number }): boolean {
  if (r.category === undefined || r.points === undefined) {
    return true;
  }
  return r.points !== 0 && (r.category === 'prohibited') === r.points < 0;
}

export const createRuleSchema = z
  .strictObject({
    orgId: z.number().int().positive(),
    code,
    category: z.enum(pointCategories),
    trigger: z.enum(pointTriggers),
    donationBasis: z.enum(['gift', 'per_100_yuan']).optional(),
    ...ruleFields,
  })
  .refine(signMatches, {
    path: ['points'],
    message: '禁止行为 rules take points away (negative), others give (positive)',
  })
  .refine((r) => (r.trigger === 'donation') === (r.donationBasis !== undefined), {
    path: ['donationBasis'],
    message: 'donation rules say per gift or per ¥100; other rules have none',
  });
export type CreateRule = z.infer<typeof createRuleSchema>;

export const updateRuleSchema = z.strictObject({
  name: ruleFields.name.optional(),
  points: ruleFields.points.optional(),
  yearlyCap: ruleFields.yearlyCap,
  description: ruleFields.description,
  isActive: ruleFields.isActive,
});
export type UpdateRule = z.infer<typeof updateRuleSchema>;

export const ruleViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  code: z.string(),
  name: z.string(),
  category: z.enum(pointCategories),
  points: z.number().int(),
  trigger: z.enum(pointTriggers),
  donationBasis: z.enum(['gift', 'per_100_yuan']).nullable(),
  yearlyCap: z.number().int().nullable(),
  isActive: z.boolean(),
  description: z.string(),
  /** True when the rule is defined by a unit above the one asked about. */
  isInherited: z.boolean(),
  /** Rules of units above that this one replaces in the subtree (same code). */
  overrides: z.boolean(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

export const rulesQuerySchema = z.object({ orgId: z.coerce.number().int().positive() });

export const ruleIdParamsSchema = z.object({ id: z.uuid() });
export const memberIdParamsSchema = z.object({ memberId: z.uuid() });
export const entryParamsSchema = z.object({ memberId: z.uuid(), entryId: z.uuid() });

/** A staff award or deduction: a rule that applies to the member's unit and a reason, both required. */
export const staffAwardSchema = z.strictObject({
  ruleId: z.uuid(),
  reason,
  /** Defaults to the rule's points; when given, must have the rule's sign and stay within ±1000. */
  points: z.number().int().min(-1000).max(1000).optional(),
  occurredOn: z.iso.date().optional(),
});
export type StaffAward = z.infer<typeof staffAwardSchema>;

export const reverseEntrySchema = z.strictObject({ reason });

export const entryViewSchema = z.object({
  id: z.uuid(),
  ruleCode: z.string(),
  ruleName: z.string().nullable(),
  category: z.string(),
  points: z.number().int(),
  reason: z.string(),
  source: z.enum(pointSources),
  sourceRef: z.string().nullable(),
  year: z.number().int(),
  occurredAt: z.iso.datetime(),
  reversesId: z.uuid().nullable(),
  isReversed: z.boolean(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});
export type EntryView = z.infer<typeof entryViewSchema>;

export const ledgerQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const memberPointsSchema = z.object({
  memberId: z.uuid(),
  memberNo: z.string().nullable(),
  name: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  status: z.string(),
  balance: z.number().int(),
  years: z.array(z.object({ year: z.number().int(), points: z.number().int() })),
  entries: z.array(entryViewSchema),
  total: z.number().int(),
});
export type MemberPoints = z.infer<typeof memberPointsSchema>;

export const rankingQuerySchema = z.object({
  orgId: z.coerce.number().int().positive(),
  /** A China year, or absent for all time. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type RankingQuery = z.infer<typeof rankingQuerySchema>;

export const rankingRowSchema = z.object({
  rank: z.number().int(),
  memberId: z.uuid(),
  memberNo: z.string().nullable(),
  name: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  points: z.number().int(),
});
export const rankingPageSchema = z.object({ items: z.array(rankingRowSchema), total: z.number().int() });
export type RankingRow = z.infer<typeof rankingRowSchema>;
export type RankingPage = z.infer<typeof rankingPageSchema>;

// ------------------------------------------------------------------------------------------------ awards

export const createAwardSchema = z.strictObject({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(300).optional(),
  pointsCost: z.number().int().positive().max(1_000_000),
  stock: z.number().int().min(0).max(1_000_000).nullable().optional(),
});
export type CreateAward = z.infer<typeof createAwardSchema>;
export const updateAwardSchema = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  description: z.string().trim().max(300).optional(),
  pointsCost: z.number().int().positive().max(1_000_000).optional(),
  stock: z.number().int().min(0).max(1_000_000).nullable().optional(),
  isActive: z.boolean().optional(),
});
export type UpdateAward = z.infer<typeof updateAwardSchema>;

export const awardViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  description: z.string(),
  pointsCost: z.number().int(),
  stock: z.number().int().nullable(),
  isActive: z.boolean(),
});
export type AwardView = z.infer<typeof awardViewSchema>;

export const redeemSchema = z.strictObject({ awardId: z.uuid() });
export const decideRedemptionSchema = z.strictObject({ note: z.string().trim().max(200).optional() });
export const redemptionParamsSchema = z.object({ memberId: z.uuid(), redemptionId: z.uuid() });
export const redemptionsQuerySchema = z.object({
  orgId: z.coerce.number().int().positive(),
  status: z.enum(['requested', 'handed_over', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const redemptionViewSchema = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  memberName: z.string(),
  memberNo: z.string().nullable(),
  orgId: z.number().int(),
  awardId: z.uuid(),
  awardName: z.string(),
  points: z.number().int(),
  status: z.enum(['requested', 'handed_over', 'cancelled']),
  requestedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  decidedBy: z.string().nullable(),
  note: z.string(),
});
export type RedemptionView = z.infer<typeof redemptionViewSchema>;
export const redemptionPageSchema = z.object({ items: z.array(redemptionViewSchema), total: z.number().int() });

// ------------------------------------------------------------------------------------------------ the member's own

export const myPointsSchema = z.object({
  memberId: z.uuid(),
  memberNo: z.string().nullable(),
  name: z.string(),
  orgName: z.string(),
  balance: z.number().int(),
  year: z.number().int(),
  yearPoints: z.number().int(),
  /** The member's rank this year among members of their unit's subtree (null: no points this year). */
  rankInUnit: z.number().int().nullable(),
  rankedInUnit: z.number().int(),
  entries: z.array(entryViewSchema),
  redemptions: z.array(redemptionViewSchema),
});
export type MyPoints = z.infer<typeof myPointsSchema>;
