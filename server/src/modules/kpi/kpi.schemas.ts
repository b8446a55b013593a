// The kpi module's HTTP shapes that several parts share: the indicator catalogue, one unit's figures (actual, target,
// completion) and the cockpit payload. Reports, rankings, the map and the cockpit all build on `UnitFigures`, so a
// unit's figures are the same whichever page shows them.
import { z } from 'zod';

export const indicatorGroups = [
  'party',
  'donations',
  'relief',
  'first_aid',
  'people',
  'grassroots',
  'services',
  'transparency',
  'other',
] as const;
export const indicatorGroupSchema = z.enum(indicatorGroups);
export type IndicatorGroup = z.infer<typeof indicatorGroupSchema>;

export const indicatorCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.]{1,63}$/, 'lower-case letters, digits, dots and underscores');

export const indicatorViewSchema = z.object({
  code: z.string(),
  group: indicatorGroupSchema,
  nameZh: z.string(),
  nameEn: z.string(),
  unitZh: z.string(),
  unitEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  source: z.enum(['computed', 'manual']),
  periodKind: z.enum(['flow', 'stock']),
  rollup: z.enum(['sum', 'ratio', 'per_population', 'distinct']),
  decimals: z.number().int(),
  higherIsBetter: z.boolean(),
  /** Children's targets must add up to the parent's (sum and distinct indicators); ratios are not split by sum. */
  additive: z.boolean(),
  sort: z.number().int(),
});
export type IndicatorView = z.infer<typeof indicatorViewSchema>;

export const figureStatusSchema = z.enum(['achieved', 'on_track', 'behind', 'no_target']);

/** One indicator's figure for a unit (its whole subtree) in a year, as of a month, in the indicator's shown unit. */
export const figureSchema = z.object({
  indicator: z.string(),
  /** The year to the as-of month (flow), the level at its end (stock) or the rate (ratio, per population). */
  actual: z.number().nullable(),
  /** The annual target, or null when the unit has none. */
  target: z.number().nullable(),
  /** What the unit should have reached by the as-of month: the monthly targets so far, else target × month / 12 for a flow, else the target. */
  expected: z.number().nullable(),
  /** actual / target (target / actual where less is better); 12.01 means 1201 %. Null without a target. */
  completion: z.number().nullable(),
  status: figureStatusSchema,
  /** Part of the figure was entered by staff (a manual indicator): shown as such everywhere. */
  manual: z.boolean(),
  targetLocked: z.boolean(),
});
export type Figure = z.infer<typeof figureSchema>;

export const unitFiguresSchema = z.object({
  orgId: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  type: z.string(),
  depth: z.number().int(),
  isActive: z.boolean(),
  hasChildren: z.boolean(),
  figures: z.array(figureSchema),
});
export type UnitFigures = z.infer<typeof unitFiguresSchema>;

export const trendPointSchema = z.object({
  month: z.number().int().min(1).max(12),
  /** The month alone (flow), the level (stock) or the month's rate; null for months after the as-of month. */
  monthValue: z.number().nullable(),
  /** The year to the end of this month, as `actual` would be if that month were the as-of month. */
  cumulative: z.number().nullable(),
  /** The expected cumulative figure at the end of the month (from the target), or null. */
  expected: z.number().nullable(),
});
export const trendSchema = z.object({ indicator: z.string(), points: z.array(trendPointSchema) });
export type Trend = z.infer<typeof trendSchema>;

export const cockpitQuerySchema = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** The as-of month; defaults to the current month for the current year and 12 for past years. */
  month: z.coerce.number().int().min(1).max(12).optional(),
});

export const cockpitSchema = z.object({
  year: z.number().int(),
  asOfMonth: z.number().int(),
  /** When the figures were last refreshed from the records (the oldest indicator's last pass). */
  refreshedAt: z.string().nullable(),
  indicators: z.array(indicatorViewSchema),
  unit: unitFiguresSchema,
  /** From the root of the caller's scope down to the unit's parent (breadcrumbs). */
  ancestors: z.array(z.object({ orgId: z.number().int(), name: z.string() })),
  children: z.array(unitFiguresSchema),
  trend: z.array(trendSchema),
});
export type Cockpit = z.infer<typeof cockpitSchema>;

// ------------------------------------------------------------------------------------------------ engine routes

export const yearMonthQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
});

export const unitFiguresParamsSchema = z.object({ orgId: z.coerce.number().int().positive() });

export const unitFiguresViewSchema = z.object({
  year: z.number().int(),
  asOfMonth: z.number().int(),
  unit: unitFiguresSchema,
});
export type UnitFiguresView = z.infer<typeof unitFiguresViewSchema>;

export const trendQuerySchema = z.object({
  orgId: z.coerce.number().int().positive(),
  indicator: indicatorCodeSchema,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** Add the months of units merged into this one before their merge, so the series compares across the change. */
  comparable: z.enum(['true', 'false']).optional(),
});

export const unitTrendSchema = trendSchema.extend({
  orgId: z.number().int(),
  year: z.number().int(),
  asOfMonth: z.number().int(),
  comparable: z.boolean(),
  /** The units whose months before their merge are included (comparable series only). */
  predecessors: z.array(z.object({ orgId: z.number().int(), name: z.string(), effectiveOn: z.string() })),
});
export type UnitTrend = z.infer<typeof unitTrendSchema>;

export const rankingQuerySchema = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  indicator: indicatorCodeSchema,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  /** `children` (the default) or a unit type below the unit (e.g. `county`, `township`). */
  level: z
    .string()
    .regex(/^[a-z_]{2,32}$/)
    .optional(),
});

export const rankingItemSchema = z.object({
  rank: z.number().int(),
  orgId: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  type: z.string(),
  isActive: z.boolean(),
  figure: figureSchema,
});
export const rankingSchema = z.object({
  indicator: indicatorViewSchema,
  year: z.number().int(),
  asOfMonth: z.number().int(),
  orgId: z.number().int(),
  level: z.string(),
  items: z.array(rankingItemSchema),
});
export type Ranking = z.infer<typeof rankingSchema>;

export const freshnessSchema = z.object({
  /** The oldest indicator's last pass (what the cockpit shows as "refreshed at"). */
  refreshedAt: z.string().nullable(),
  refreshSeconds: z.number().int().nullable(),
  indicators: z.array(
    z.object({
      indicator: z.string(),
      refreshedAt: z.string(),
      fromMonth: z.string(),
      toMonth: z.string(),
      durationMs: z.number().int(),
      rows: z.number().int(),
    }),
  ),
});
export type Freshness = z.infer<typeof freshnessSchema>;

export const refreshBodySchema = z.strictObject({ year: z.number().int().min(2000).max(2100) });
export const refreshResultSchema = z.object({
  year: z.number().int(),
  fromMonth: z.number().int(),
  toMonth: z.number().int(),
  indicators: z.number().int(),
  rows: z.number().int(),
  durationMs: z.number().int(),
});

/** A manual indicator (figures kept on paper, entered monthly with evidence): summed up the tree, flow or stock. */
export const createIndicatorSchema = z.strictObject({
  code: indicatorCodeSchema,
  group: indicatorGroupSchema,
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(120),
  unitZh: z.string().trim().min(1).max(20),
  unitEn: z.string().trim().min(1).max(40),
  descriptionZh: z.string().trim().max(500).default(''),
  descriptionEn: z.string().trim().max(1000).default(''),
  periodKind: z.enum(['flow', 'stock']),
  decimals: z.number().int().min(0).max(4).default(0),
  higherIsBetter: z.boolean().default(true),
});
export type CreateIndicator = z.infer<typeof createIndicatorSchema>;

export const updateIndicatorSchema = z.strictObject({
  isActive: z.boolean().optional(),
  nameZh: z.string().trim().min(1).max(60).optional(),
  nameEn: z.string().trim().min(1).max(120).optional(),
  descriptionZh: z.string().trim().max(500).optional(),
  descriptionEn: z.string().trim().max(1000).optional(),
});
export type UpdateIndicator = z.infer<typeof updateIndicatorSchema>;

export const indicatorAdminViewSchema = indicatorViewSchema.extend({ isActive: z.boolean(), createdBy: z.string() });
export type IndicatorAdminView = z.infer<typeof indicatorAdminViewSchema>;
