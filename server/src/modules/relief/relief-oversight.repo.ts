// Read-only relief queries for oversight (grievances and verification): cases and payouts by number, paid recipients
// of a period, cases created since a cursor, and the same person's cases elsewhere. Writes nothing.
import { and, asc, eq, gt, gte, inArray, lt, lte, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reliefCases, reliefPayouts } from './relief.tables';

export const oversightColumns = { caseOrgId: reliefCases.orgId };

const caseRef = {
  id: reliefCases.id,
  regionId: reliefCases.regionId,
  caseNo: reliefCases.caseNo,
  kind: reliefCases.kind,
  status: reliefCases.status,
  orgId: reliefCases.orgId,
  personId: reliefCases.personId,
  applicantName: reliefCases.applicantName,
  requestedFen: reliefCases.requestedFen,
  approvedFen: reliefCases.approvedFen,
  paidFen: reliefCases.paidFen,
  submittedAt: reliefCases.submittedAt,
  createdAt: reliefCases.createdAt,
};

export type CaseRef = {
  id: string;
  regionId: number;
  caseNo: string;
  kind: string;
  status: string;
  orgId: number;
  personId: string;
  applicantName: string;
  requestedFen: number;
  approvedFen: number | null;
  paidFen: number | null;
  submittedAt: Date;
  createdAt: Date;
};

export async function findCaseByNo(db: Db, caseNo: string): Promise<CaseRef | undefined> {
  const [row] = await db.select(caseRef).from(reliefCases).where(eq(reliefCases.caseNo, caseNo)).limit(1);
  return row;
}

export async function findCasesByIds(db: Db, ids: string[]): Promise<CaseRef[]> {
  return ids.length ? db.select(caseRef).from(reliefCases).where(inArray(reliefCases.id, ids)) : [];
}

export type PayoutRef = {
  payoutId: string;
  payoutNo: string;
  payoutRef: string;
  amountFen: number;
  status: string;
  caseId: string;
  caseNo: string;
  orgId: number;
  regionId: number;
};

export async function findPayoutByNo(db: Db, payoutNo: string): Promise<PayoutRef | undefined> {
  const [row] = await db
    .select({
      payoutId: reliefPayouts.id,
      payoutNo: reliefPayouts.payoutNo,
      payoutRef: reliefPayouts.payoutRef,
      amountFen: reliefPayouts.amountFen,
      status: reliefPayouts.status,
      caseId: reliefCases.id,
      caseNo: reliefCases.caseNo,
      orgId: reliefCases.orgId,
      regionId: reliefCases.regionId,
    })
    .from(reliefPayouts)
    .innerJoin(
      reliefCases,
      and(eq(reliefCases.regionId, reliefPayouts.regionId), eq(reliefCases.id, reliefPayouts.caseId)),
    )
    .where(eq(reliefPayouts.payoutNo, payoutNo))
    .limit(1);
  return row;
}

export type PaidRecipient = {
  payoutId: string;
  payoutNo: string;
  amountFen: number;
  paidAt: Date | null;
  caseId: string;
  caseNo: string;
  orgId: number;
  regionId: number;
  personId: string;
  applicantName: string;
};

/**
 * Paid relief payouts whose case lies under `scope` and whose payment fell in [from, to), in a fixed order (time,
 * then id): the candidate list of a call-back sample, the same on every read.
 */
export async function listPaidRecipients(db: Db, scope: SQL, from: Date, to: Date): Promise<PaidRecipient[]> {
  return db
    .select({
      payoutId: reliefPayouts.id,
      payoutNo: reliefPayouts.payoutNo,
      amountFen: reliefPayouts.amountFen,
      paidAt: reliefPayouts.decidedAt,
      caseId: reliefCases.id,
      caseNo: reliefCases.caseNo,
      orgId: reliefCases.orgId,
      regionId: reliefCases.regionId,
      personId: reliefCases.personId,
      applicantName: reliefCases.applicantName,
    })
    .from(reliefPayouts)
    .innerJoin(
      reliefCases,
      and(eq(reliefCases.regionId, reliefPayouts.regionId), eq(reliefCases.id, reliefPayouts.caseId)),
    )
    .where(
      and(eq(reliefPayouts.status, 'paid'), gte(reliefPayouts.decidedAt, from), lt(reliefPayouts.decidedAt, to), scope),
    )
    .orderBy(asc(reliefPayouts.decidedAt), asc(reliefPayouts.id))
    .limit(200_000);
}

/** Cases created after (at, id), oldest first: what a scanning job has not seen yet. */
export async function listCasesCreatedAfter(db: Db, at: Date, id: string, limit: number): Promise<CaseRef[]> {
  return db
    .select(caseRef)
    .from(reliefCases)
    .where(or(gt(reliefCases.createdAt, at), and(eq(reliefCases.createdAt, at), gt(reliefCases.id, id))))
    .orderBy(asc(reliefCases.createdAt), asc(reliefCases.id))
    .limit(limit);
}

/** The person's other cases (not rejected) in another unit, submitted within [from, to]. */
export async function listPersonCasesElsewhere(
  db: Db,
  personId: string,
  exceptOrgId: number,
  from: Date,
  to: Date,
): Promise<CaseRef[]> {
  return db
    .select(caseRef)
    .from(reliefCases)
    .where(
      and(
        eq(reliefCases.personId, personId),
        ne(reliefCases.orgId, exceptOrgId),
        ne(reliefCases.status, 'rejected'),
        gte(reliefCases.submittedAt, from),
        lte(reliefCases.submittedAt, to),
      ),
    )
    .orderBy(asc(reliefCases.submittedAt))
    .limit(100);
}
