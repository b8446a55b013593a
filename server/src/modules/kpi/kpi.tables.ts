// Indicators and their figures (数字驾驶舱): the indicator catalogue (a reference table), each unit's own monthly figures
// computed from the modules' records (kpi_facts), and the subtree roll-ups the cockpit reads (kpi_rollups), kept fresh by
// the refresh job. Facts and roll-ups are per unit and month: large tables, region_id in their primary keys.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * The indicator catalogue. Computed indicators are defined in code (each module's `<m>.kpi.ts`) and synced here at
 * start-up; manual indicators (figures kept on paper) are created by staff and filled in monthly with evidence.
 */
export const kpiIndicators = pgTable(
  'kpi_indicators',
  {
    code: text('code').primaryKey(),
    /** The indicator group: one sheet of the annual evaluation workbook (party, donations, first_aid, people, ...). */
    groupCode: text('group_code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    unitZh: text('unit_zh').notNull(),
    unitEn: text('unit_en').notNull(),
    descriptionZh: text('description_zh').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    /** computed (from module records) | manual (entered monthly by staff with evidence) */
    source: text('source').notNull(),
    /** flow (adds up over the months: the year's figure is the sum) | stock (a level: the year's figure is the last) */
    periodKind: text('period_kind').notNull(),
    /** sum | ratio (sum of numerators over sum of denominators) | per_population (over the registered population) | distinct */
    rollup: text('rollup').notNull(),
    /** Shown value = raw × scale (sum, distinct) or num / den × scale (ratio, per_population): fen → 元 is 0.01. */
    scale: doublePrecision('scale').notNull().default(1),
    decimals: integer('decimals').notNull().default(0),
    /** false for indicators where less is better (average handling days): completion is target / actual. */
    higherIsBetter: boolean('higher_is_better').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: text('created_by').notNull().default('system'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('kpi_indicators_source', sql`${t.source} IN ('computed', 'manual')`),
    check('kpi_indicators_period_kind', sql`${t.periodKind} IN ('flow', 'stock')`),
    check('kpi_indicators_rollup', sql`${t.rollup} IN ('sum', 'ratio', 'per_population', 'distinct')`),
  ],
);

/** A unit's own figure for a month (not including its subordinate units), in the indicator's raw unit. */
export const kpiFacts = pgTable(
  'kpi_facts',
  {
    regionId: integer('region_id').notNull(),
    indicator: text('indicator').notNull(),
    orgId: integer('org_id').notNull(),
    /** The first day of the month (China time). */
    month: date('month').notNull(),
    value: doublePrecision('value').notNull(),
    /** The denominator of a ratio indicator. */
    den: doublePrecision('den'),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'kpi_facts_pkey', columns: [t.regionId, t.indicator, t.orgId, t.month] }),
    index('kpi_facts_month_idx').on(t.month, t.indicator),
  ],
);

/**
 * What a `distinct` indicator counts (a person, a device), per unit and month: a roll-up counts each key once across
 * its subtree and across the months of the year, so a volunteer serving in two townships is one volunteer of the county.
 */
export const kpiFactKeys = pgTable(
  'kpi_fact_keys',
  {
    regionId: integer('region_id').notNull(),
    indicator: text('indicator').notNull(),
    orgId: integer('org_id').notNull(),
    /** The first day of the month (China time). */
    month: date('month').notNull(),
    key: text('key').notNull(),
  },
  (t) => [
    primaryKey({ name: 'kpi_fact_keys_pkey', columns: [t.regionId, t.indicator, t.orgId, t.month, t.key] }),
    index('kpi_fact_keys_month_idx').on(t.indicator, t.month),
    // Was this person already counted earlier in the year? Asked for the keys of the months a refresh recomputes.
    index('kpi_fact_keys_key_idx').on(t.indicator, t.key),
  ],
);

/**
 * A unit's subtree figure (itself and every unit under it) for a month of a year: the month alone and the year to the
 * end of that month. The cockpit, rankings, reports and exports all read these rows, so a unit's figure is the same
 * whichever page shows it.
 */
export const kpiRollups = pgTable(
  'kpi_rollups',
  {
    regionId: integer('region_id').notNull(),
    orgId: integer('org_id').notNull(),
    year: smallint('year').notNull(),
    month: smallint('month').notNull(),
    indicator: text('indicator').notNull(),
    monthValue: doublePrecision('month_value').notNull(),
    monthDen: doublePrecision('month_den'),
    ytdValue: doublePrecision('ytd_value').notNull(),
    ytdDen: doublePrecision('ytd_den'),
    /** Some of the figure comes from staff-entered monthly figures. */
    manual: boolean('manual').notNull().default(false),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'kpi_rollups_pkey', columns: [t.regionId, t.orgId, t.year, t.indicator, t.month] }),
    index('kpi_rollups_org_year_idx').on(t.orgId, t.year),
    // The refresh continues each unit's year to date from its last row before the recomputed months.
    index('kpi_rollups_indicator_year_idx').on(t.indicator, t.year, t.month),
    check('kpi_rollups_month', sql`${t.month} BETWEEN 1 AND 12`),
  ],
);

/** How fresh each indicator's figures are: the refresh job's last pass (shown on the cockpit). */
export const kpiRefreshState = pgTable('kpi_refresh_state', {
  indicator: text('indicator').primaryKey(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  /** The months recomputed in the last pass (first and last, inclusive). */
  fromMonth: date('from_month').notNull(),
  toMonth: date('to_month').notNull(),
  durationMs: integer('duration_ms').notNull(),
  rows: integer('rows').notNull(),
});
