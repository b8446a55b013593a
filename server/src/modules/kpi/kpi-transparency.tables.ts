// Publication records the transparency index counts that no other module keeps: a branch's annual report (年度工作报告)
// and its audit result (审计结果) for a year, each with where the public reads it. Never edited: a correction is a new
// row pointing at the one it corrects (a correction notice), so what was published and when stays on record.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const kpiAnnualDisclosures = pgTable(
  'kpi_annual_disclosures',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    /** The year the report covers (published in the next year, by 31 May). */
    reportYear: smallint('report_year').notNull(),
    /** annual_report | audit_result */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** Where the public reads it (the unit's website, the 红会 platform …). */
    url: text('url'),
    /** The published document, uploaded through POST /api/files. */
    fileId: uuid('file_id'),
    /** When it was published (may be before it is recorded here). */
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    /** A correction notice points at the record it corrects; the original stays. */
    correctsId: uuid('corrects_id'),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'kpi_annual_disclosures_pkey', columns: [t.regionId, t.id] }),
    index('kpi_annual_disclosures_org_idx').on(t.orgId, t.reportYear),
    index('kpi_annual_disclosures_year_idx').on(t.reportYear, t.kind),
    check('kpi_annual_disclosures_kind', sql`${t.kind} IN ('annual_report', 'audit_result')`),
    check('kpi_annual_disclosures_where', sql`${t.url} IS NOT NULL OR ${t.fileId} IS NOT NULL`),
  ],
);
