// Annual (and optional monthly) targets per unit and indicator, handed down the tree; change requests to locked
// targets; and staff-entered monthly figures for indicators no module records, each with its evidence.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A unit's target for an indicator in a year, in the indicator's shown unit (元, 人, %, 台/10万人). `monthly` holds
 * twelve cumulative-or-null monthly targets when set. Approved targets are locked: a change goes through a request.
 */
export const kpiTargets = pgTable(
  'kpi_targets',
  {
    regionId: integer('region_id').notNull(),
    id: serial('id').notNull(),
    orgId: integer('org_id').notNull(),
    year: smallint('year').notNull(),
    indicator: text('indicator').notNull(),
    value: doublePrecision('value').notNull(),
    /** Twelve monthly targets (the month's own share; null when not set). */
    monthly: jsonb('monthly').$type<(number | null)[] | null>(),
    /** draft | approved (locked) */
    status: text('status').notNull().default('draft'),
    /** Set by splitting the parent's target (the parent's org id), or null when set directly. */
    splitFromOrgId: integer('split_from_org_id'),
    note: text('note'),
    setBy: text('set_by').notNull(),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    /** The parent's owner (kpi:approve at this unit) accepted children's targets adding up to more than this one. */
    excessApprovedBy: text('excess_approved_by'),
    excessApprovedAt: timestamp('excess_approved_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'kpi_targets_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('kpi_targets_unit_year_indicator_key').on(t.regionId, t.orgId, t.year, t.indicator),
    index('kpi_targets_year_idx').on(t.year, t.indicator),
    check('kpi_targets_status', sql`${t.status} IN ('draft', 'approved')`),
    check('kpi_targets_value', sql`${t.value} >= 0`),
  ],
);

/** A request to change a locked target: who asked, why, the new value; approved or rejected by kpi:approve above. */
export const kpiTargetChanges = pgTable(
  'kpi_target_changes',
  {
    regionId: integer('region_id').notNull(),
    id: serial('id').notNull(),
    targetId: integer('target_id').notNull(),
    orgId: integer('org_id').notNull(),
    fromValue: doublePrecision('from_value').notNull(),
    fromMonthly: jsonb('from_monthly').$type<(number | null)[] | null>(),
    toValue: doublePrecision('to_value').notNull(),
    toMonthly: jsonb('to_monthly').$type<(number | null)[] | null>(),
    reason: text('reason').notNull(),
    /** pending | approved | rejected | withdrawn */
    status: text('status').notNull().default('pending'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    primaryKey({ name: 'kpi_target_changes_pkey', columns: [t.regionId, t.id] }),
    index('kpi_target_changes_target_idx').on(t.regionId, t.targetId),
    check('kpi_target_changes_status', sql`${t.status} IN ('pending', 'approved', 'rejected', 'withdrawn')`),
  ],
);

/** A staff-entered monthly figure of a manual indicator for a unit, with its evidence file. */
export const kpiManualFigures = pgTable(
  'kpi_manual_figures',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    orgId: integer('org_id').notNull(),
    indicator: text('indicator').notNull(),
    /** The first day of the month. */
    month: date('month').notNull(),
    value: doublePrecision('value').notNull(),
    /** Evidence: a stored file (platform/files) and a description. */
    evidenceFileId: uuid('evidence_file_id'),
    evidenceNote: text('evidence_note').notNull(),
    enteredBy: text('entered_by').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    isVoid: boolean('is_void').notNull().default(false),
    voidReason: text('void_reason'),
    voidedBy: text('voided_by'),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    /** The figure that replaced this one (a correction), when it was voided by a replacement. */
    replacedById: uuid('replaced_by_id'),
  },
  (t) => [
    primaryKey({ name: 'kpi_manual_figures_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('kpi_manual_figures_unit_month_key')
      .on(t.regionId, t.orgId, t.indicator, t.month)
      .where(sql`NOT ${t.isVoid}`),
    check('kpi_manual_figures_value', sql`${t.value} >= 0`),
  ],
);
