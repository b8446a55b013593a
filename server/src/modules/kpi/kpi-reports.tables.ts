// Scheduled evaluation reports: who receives a unit's monthly report (subscriptions) and what was sent (runs). One
// run per subscription and month (the unique key makes the monthly job idempotent: a second pass sends nothing).
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A recipient as stored: a staff account (read in the console) or an e-mail address (sent through the outbox). */
export type StoredRecipient = { kind: 'user'; userId: string } | { kind: 'email'; email: string };

/** A unit's monthly report to a list of recipients, in xlsx, pdf or both. Cancelled rows stay for the runs' sake. */
export const kpiReportSubscriptions = pgTable(
  'kpi_report_subscriptions',
  {
    id: uuid('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    /** xlsx | pdf | both */
    format: text('format').notNull(),
    /** How many levels under the unit the workbook lists (1–3). */
    depth: smallint('depth').notNull().default(2),
    recipients: jsonb('recipients').$type<StoredRecipient[]>().notNull(),
    createdBy: text('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('kpi_report_subscriptions_org_idx').on(t.orgId),
    check('kpi_report_subscriptions_format', sql`${t.format} IN ('xlsx', 'pdf', 'both')`),
    check('kpi_report_subscriptions_depth', sql`${t.depth} BETWEEN 1 AND 3`),
  ],
);

/** One monthly report generated for a subscription: the stored files and how many messages were queued. */
export const kpiReportRuns = pgTable(
  'kpi_report_runs',
  {
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id').notNull(),
    orgId: integer('org_id').notNull(),
    year: smallint('year').notNull(),
    month: smallint('month').notNull(),
    format: text('format').notNull(),
    xlsxFileId: uuid('xlsx_file_id'),
    pdfFileId: uuid('pdf_file_id'),
    /** Recipients as they stood when the report went out. */
    recipients: jsonb('recipients').$type<StoredRecipient[]>().notNull(),
    /** Outbox messages queued (e-mail recipients); staff accounts read the report in the console. */
    messagesQueued: integer('messages_queued').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('kpi_report_runs_once').on(t.subscriptionId, t.year, t.month),
    index('kpi_report_runs_org_idx').on(t.orgId, t.createdAt),
    check('kpi_report_runs_month', sql`${t.month} BETWEEN 1 AND 12`),
  ],
);
