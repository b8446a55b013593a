// What the transparency index (kpi/kpi-transparency.ts) reads from the relief module's own tables: cases paid, with
// their public notice (公示) period. A KPI source: plain SQL over this module's tables, scoped by the org path.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';

export type TransparencyWindow = { under: string; from: Date; to: Date };

export type PaidReliefCaseRow = {
  id: string;
  caseNo: string;
  kind: string;
  orgId: number;
  path: string;
  noticeStartsAt: Date | null;
  noticeEndsAt: Date | null;
  paidAt: Date;
};

/** Cases paid in the window. */
export async function paidReliefCases(db: Db, w: TransparencyWindow): Promise<PaidReliefCaseRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT c.id, c.case_no AS "caseNo", c.kind, c.org_id AS "orgId", o.path,
               c.notice_starts_at AS "noticeStartsAt", c.notice_ends_at AS "noticeEndsAt", c.paid_at AS "paidAt"
          FROM relief_cases c
          JOIN orgs o ON o.id = c.org_id
         WHERE o.path LIKE ${`${w.under}%`}
           AND c.paid_at >= ${w.from.toISOString()} AND c.paid_at < ${w.to.toISOString()}
         ORDER BY c.paid_at`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    caseNo: String(r.caseNo),
    kind: String(r.kind),
    orgId: Number(r.orgId),
    path: String(r.path),
    noticeStartsAt: r.noticeStartsAt ? new Date(r.noticeStartsAt as string) : null,
    noticeEndsAt: r.noticeEndsAt ? new Date(r.noticeEndsAt as string) : null,
    paidAt: new Date(r.paidAt as string),
  }));
}
