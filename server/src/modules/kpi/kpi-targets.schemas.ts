// HTTP shapes of targets handed down the tree (set, split, approve, change requests) and of staff-entered monthly
// figures of manual indicators. Values are in the indicator's shown unit (元, 人, %, 台/10万人).
import { z } from 'zod';

const orgIdSchema = z.coerce.number().int().positive();
const yearSchema = z.coerce.number().int().min(2000).max(2100);
const valueSchema = z.number().finite().min(0).max(1e12);
/** Twelve monthly targets (each month's own share for a flow indicator, the level to reach for a stock or a rate). */
export const monthlyTargetsSchema = z.array(valueSchema).length(12);

export const targetStatusSchema = z.enum(['draft', 'approved']);

export const targetsQuerySchema = z.object({ orgId: orgIdSchema, year: yearSchema });

export const setTargetsSchema = z.strictObject({
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  targets: z
    .array(
      z.strictObject({
        indicator: z.string().min(1).max(64),
        value: valueSchema,
        monthly: monthlyTargetsSchema.nullable().optional(),
        note: z.string().trim().max(500).optional(),
      }),
    )
    .min(1)
    .max(100),
  /** Accept children's targets adding up to more than this one, or this one above its parent's share (kpi:approve). */
  approveExcess: z.boolean().optional(),
});
export type SetTargets = z.infer<typeof setTargetsSchema>;

export const splitTargetSchema = z.strictObject({
  /** The parent unit whose target is split. */
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  indicator: z.string().min(1).max(64),
  shares: z
    .array(z.strictObject({ orgId: z.number().int().positive(), value: valueSchema }))
    .min(1)
    .max(500),
  /** The parent's owner (kpi:approve at the parent) accepts shares adding up to more than the parent's target. */
  approveExcess: z.boolean().optional(),
});
export type SplitTarget = z.infer<typeof splitTargetSchema>;

export const approveTargetsSchema = z.strictObject({
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  indicators: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
});
export type ApproveTargets = z.infer<typeof approveTargetsSchema>;

export const requestChangeSchema = z.strictObject({
  value: valueSchema,
  monthly: monthlyTargetsSchema.nullable().optional(),
  reason: z.string().trim().min(2).max(500),
});
export type RequestChange = z.infer<typeof requestChangeSchema>;

export const decideChangeSchema = z.strictObject({
  approve: z.boolean(),
  note: z.string().trim().max(500).default(''),
});
export type DecideChange = z.infer<typeof decideChangeSchema>;

export const changeStatusSchema = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);

export const targetChangesQuerySchema = z.object({
  orgId: orgIdSchema,
  status: changeStatusSchema.optional(),
  year: yearSchema.optional(),
});

export const idParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });

export const targetViewSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  indicator: z.string(),
  value: z.number(),
  monthly: z.array(z.number().nullable()).nullable(),
  status: targetStatusSchema,
  locked: z.boolean(),
  /** Set by splitting this parent's target (its org id), or null when set directly. */
  splitFromOrgId: z.number().int().nullable(),
  note: z.string().nullable(),
  setBy: z.string(),
  setAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  version: z.number().int(),
  excessApprovedBy: z.string().nullable(),
});
export type TargetView = z.infer<typeof targetViewSchema>;

export const targetChangeViewSchema = z.object({
  id: z.number().int(),
  targetId: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  indicator: z.string(),
  fromValue: z.number(),
  toValue: z.number(),
  fromMonthly: z.array(z.number().nullable()).nullable(),
  toMonthly: z.array(z.number().nullable()).nullable(),
  reason: z.string(),
  status: changeStatusSchema,
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** The caller may decide it (kpi:approve above the unit, and not their own request). */
  canDecide: z.boolean(),
});
export type TargetChangeView = z.infer<typeof targetChangeViewSchema>;

/** How the children's targets add up against the parent's: additive indicators only. */
export const sumCheckSchema = z.enum(['none', 'ok', 'short', 'excess', 'excess_approved', 'not_additive']);

export const targetRowSchema = z.object({
  indicator: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unitZh: z.string(),
  unitEn: z.string(),
  source: z.enum(['computed', 'manual']),
  periodKind: z.enum(['flow', 'stock']),
  decimals: z.number().int(),
  additive: z.boolean(),
  target: targetViewSchema.nullable(),
  /** Sum of the children's targets (additive indicators), null when no child has one. */
  childrenSum: z.number().nullable(),
  childrenWithTarget: z.number().int(),
  /** childrenSum − target (positive: the children were given more than the parent holds). */
  difference: z.number().nullable(),
  check: sumCheckSchema,
  children: z.array(z.object({ orgId: z.number().int(), target: targetViewSchema.nullable() })),
  /** The unit's figure so far and its completion (from the cockpit's figures), when available. */
  actual: z.number().nullable(),
  completion: z.number().nullable(),
});
export type TargetRow = z.infer<typeof targetRowSchema>;

export const targetsBoardSchema = z.object({
  orgId: z.number().int(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  year: z.number().int(),
  /** The year accepts changes (this year or next); past years are read-only. */
  isOpen: z.boolean(),
  /** The caller may set this unit's targets (kpi:target at its parent; at the unit for the top of the tree). */
  canSet: z.boolean(),
  /** The caller may split this unit's targets among its children (kpi:target at the unit). */
  canSplit: z.boolean(),
  /** The caller may approve (lock) this unit's targets (kpi:approve at its parent; at the unit for the top). */
  canApprove: z.boolean(),
  /** The caller may approve children's targets adding up to more than this unit's (kpi:approve at the unit). */
  canApproveExcess: z.boolean(),
  /** The caller may request a change of this unit's locked targets (kpi:target at the unit). */
  canRequestChange: z.boolean(),
  children: z.array(z.object({ orgId: z.number().int(), name: z.string(), code: z.string().nullable() })),
  rows: z.array(targetRowSchema),
  pendingChanges: z.array(targetChangeViewSchema),
});
export type TargetsBoard = z.infer<typeof targetsBoardSchema>;

export const setTargetsResultSchema = z.object({
  targets: z.array(targetViewSchema),
  /** Additive indicators whose children's targets no longer add up to the unit's (the unit's value was lowered). */
  warnings: z.array(z.object({ indicator: z.string(), kind: z.enum(['shortfall', 'excess']), amount: z.number() })),
});
export type SetTargetsResult = z.infer<typeof setTargetsResultSchema>;

export const splitResultSchema = z.object({
  targets: z.array(targetViewSchema),
  parent: z.number().nullable(),
  sum: z.number(),
  /** The parent's target minus the shares' sum, when the shares add up to less (accepted, with this warning). */
  shortfall: z.number().nullable(),
  /** The shares' sum minus the parent's target, when the parent's owner approved it. */
  excess: z.number().nullable(),
  additive: z.boolean(),
});
export type SplitResult = z.infer<typeof splitResultSchema>;

// ------------------------------------------------------------------------------------------------ manual figures

/** A month as YYYY-MM. */
export const monthTextSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const manualFiguresQuerySchema = z.object({
  orgId: orgIdSchema,
  year: yearSchema.optional(),
  indicator: z.string().min(1).max(64).optional(),
  includeVoid: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const recordManualFigureSchema = z
  .strictObject({
    orgId: z.number().int().positive(),
    indicator: z.string().min(1).max(64),
    month: monthTextSchema,
    value: valueSchema,
    evidenceNote: z.string().trim().min(2).max(1000),
    evidenceFileId: z.uuid().nullable().optional(),
    /** Replace the figure already entered for this unit and month (the old one is voided); needs a reason. */
    replace: z.boolean().optional(),
    reason: z.string().trim().min(2).max(500).optional(),
  })
  .refine((v) => !v.replace || !!v.reason, { path: ['reason'], message: 'a replacement needs a reason' });
export type RecordManualFigure = z.infer<typeof recordManualFigureSchema>;

export const voidManualFigureSchema = z.strictObject({ reason: z.string().trim().min(2).max(500) });

export const manualFigureParamsSchema = z.strictObject({ id: z.uuid() });

export const manualFigureViewSchema = z.object({
  id: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  indicator: z.string(),
  month: z.string(),
  value: z.number(),
  evidenceNote: z.string(),
  evidenceFileId: z.string().nullable(),
  enteredBy: z.string(),
  enteredAt: z.string(),
  isVoid: z.boolean(),
  voidReason: z.string().nullable(),
  voidedBy: z.string().nullable(),
  voidedAt: z.string().nullable(),
  replacedById: z.string().nullable(),
  /** Always true: the figure was entered by staff, and every page showing it says so. */
  manual: z.literal(true),
});
export type ManualFigureView = z.infer<typeof manualFigureViewSchema>;

export const manualIndicatorViewSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unitZh: z.string(),
  unitEn: z.string(),
  periodKind: z.enum(['flow', 'stock']),
  decimals: z.number().int(),
});

export const manualFiguresListSchema = z.object({
  items: z.array(manualFigureViewSchema),
  /** The manual indicators that can be entered. */
  indicators: z.array(manualIndicatorViewSchema),
  /** The latest month that may be entered (the current China month), YYYY-MM. */
  latestMonth: z.string(),
});
