// Mutual-aid data access: the only file that touches the mutualaid tables.
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  mutualaidContributions,
  mutualaidFunds,
  mutualaidGrants,
  mutualaidInstalments,
  mutualaidLoans,
  mutualaidRepayments,
  mutualaidRules,
} from './mutualaid.tables';

export type FundRow = typeof mutualaidFunds.$inferSelect;
export type RuleRow = typeof mutualaidRules.$inferSelect;
export type ContributionRow = typeof mutualaidContributions.$inferSelect;
export type GrantRow = typeof mutualaidGrants.$inferSelect;
export type LoanRow = typeof mutualaidLoans.$inferSelect;
export type InstalmentRow = typeof mutualaidInstalments.$inferSelect;
export type RepaymentRow = typeof mutualaidRepayments.$inferSelect;

export const columns = { fund: { orgId: mutualaidFunds.orgId, isActive: mutualaidFunds.isActive } };

/** How many rows of each kind a fund detail shows (village funds are small; older rows stay in the ledger). */
const detailLimit = 500;

// ------------------------------------------------------------------------------------------------ funds

export async function insertFund(db: Db, row: typeof mutualaidFunds.$inferInsert): Promise<FundRow> {
  const [created] = await db.insert(mutualaidFunds).values(row).returning();
  return created;
}

export async function updateFund(db: Db, id: number, patch: Partial<FundRow>): Promise<FundRow> {
  const [row] = await db
    .update(mutualaidFunds)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(mutualaidFunds.id, id))
    .returning();
  return row;
}

export async function findFundById(db: Db, id: number): Promise<FundRow | undefined> {
  const [row] = await db.select().from(mutualaidFunds).where(eq(mutualaidFunds.id, id));
  return row;
}

export async function findFundByCode(db: Db, code: string): Promise<FundRow | undefined> {
  const [row] = await db.select().from(mutualaidFunds).where(eq(mutualaidFunds.code, code));
  return row;
}

export async function findActiveFundOfOrg(db: Db, orgId: number): Promise<FundRow | undefined> {
  const [row] = await db
    .select()
    .from(mutualaidFunds)
    .where(and(eq(mutualaidFunds.orgId, orgId), eq(mutualaidFunds.isActive, true)));
  return row;
}

/** Locks the fund row: every movement of its money is serialised on it, so two payments cannot both pass the check. */
export async function lockFund(db: Db, id: number): Promise<FundRow | undefined> {
  const [row] = await db.select().from(mutualaidFunds).where(eq(mutualaidFunds.id, id)).for('update');
  return row;
}

export async function listFunds(db: Db, where: SQL[]): Promise<FundRow[]> {
  return db
    .select()
    .from(mutualaidFunds)
    .where(and(...where))
    .orderBy(desc(mutualaidFunds.isActive), asc(mutualaidFunds.name))
    .limit(500);
}

type Totals = {
  contributedFen: number;
  grantedFen: number;
  lentFen: number;
  repaidFen: number;
  activeLoans: number;
  pendingGrants: number;
  overdueInstalments: number;
};

/** Money in and out of each fund, and its open work (active loans, pending grants, overdue instalments on `today`). */
export async function totalsOfFunds(db: Db, fundIds: number[], today: string): Promise<Map<number, Totals>> {
  const out = new Map<number, Totals>(
    fundIds.map((id) => [
      id,
      {
        contributedFen: 0,
        grantedFen: 0,
        lentFen: 0,
        repaidFen: 0,
        activeLoans: 0,
        pendingGrants: 0,
        overdueInstalments: 0,
      },
    ]),
  );
  if (fundIds.length === 0) {
    return out;
  }
  const ids = inArray(mutualaidContributions.fundId, fundIds);
  const [contributed, granted, lent, repaid, overdue] = await Promise.all([
    db
      .select({ fundId: mutualaidContributions.fundId, total: sql<string>`sum(${mutualaidContributions.amountFen})` })
      .from(mutualaidContributions)
      .where(ids)
      .groupBy(mutualaidContributions.fundId),
    db
      .select({
        fundId: mutualaidGrants.fundId,
        paid: sql<string>`coalesce(sum(${mutualaidGrants.amountFen}) FILTER (WHERE ${mutualaidGrants.status} = 'paid'), 0)`,
        pending: sql<number>`count(*) FILTER (WHERE ${mutualaidGrants.status} = 'pending')::int`,
      })
      .from(mutualaidGrants)
      .where(inArray(mutualaidGrants.fundId, fundIds))
      .groupBy(mutualaidGrants.fundId),
    db
      .select({
        fundId: mutualaidLoans.fundId,
        total: sql<string>`sum(${mutualaidLoans.amountFen})`,
        active: sql<number>`count(*) FILTER (WHERE ${mutualaidLoans.status} = 'active')::int`,
      })
      .from(mutualaidLoans)
      .where(inArray(mutualaidLoans.fundId, fundIds))
      .groupBy(mutualaidLoans.fundId),
    db
      .select({ fundId: mutualaidRepayments.fundId, total: sql<string>`sum(${mutualaidRepayments.amountFen})` })
      .from(mutualaidRepayments)
      .where(inArray(mutualaidRepayments.fundId, fundIds))
      .groupBy(mutualaidRepayments.fundId),
    db
      .select({ fundId: mutualaidLoans.fundId, n: sql<number>`count(*)::int` })
      .from(mutualaidInstalments)
      .innerJoin(
        mutualaidLoans,
        and(
          eq(mutualaidLoans.regionId, mutualaidInstalments.regionId),
          eq(mutualaidLoans.id, mutualaidInstalments.loanId),
        ),
      )
      .where(
        and(
          inArray(mutualaidLoans.fundId, fundIds),
          lt(mutualaidInstalments.dueOn, today),
          sql`${mutualaidInstalments.paidFen} < ${mutualaidInstalments.amountFen}`,
        ),
      )
      .groupBy(mutualaidLoans.fundId),
  ]);
  for (const r of contributed) {
    out.get(r.fundId)!.contributedFen = Number(r.total);
  }
  for (const r of granted) {
    Object.assign(out.get(r.fundId)!, { grantedFen: Number(r.paid), pendingGrants: r.pending });
  }
  for (const r of lent) {
    Object.assign(out.get(r.fundId)!, { lentFen: Number(r.total), activeLoans: r.active });
  }
  for (const r of repaid) {
    out.get(r.fundId)!.repaidFen = Number(r.total);
  }
  for (const r of overdue) {
    out.get(r.fundId)!.overdueInstalments = r.n;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ rules

export async function insertRule(db: Db, row: typeof mutualaidRules.$inferInsert): Promise<RuleRow> {
  const [created] = await db.insert(mutualaidRules).values(row).returning();
  return created;
}

export async function findRuleById(db: Db, id: number): Promise<RuleRow | undefined> {
  const [row] = await db.select().from(mutualaidRules).where(eq(mutualaidRules.id, id));
  return row;
}

export async function findRuleByName(db: Db, fundId: number, name: string): Promise<RuleRow | undefined> {
  const [row] = await db
    .select()
    .from(mutualaidRules)
    .where(and(eq(mutualaidRules.fundId, fundId), eq(mutualaidRules.name, name)));
  return row;
}

export async function listRules(db: Db, fundId: number): Promise<RuleRow[]> {
  return db.select().from(mutualaidRules).where(eq(mutualaidRules.fundId, fundId)).orderBy(asc(mutualaidRules.id));
}

// ------------------------------------------------------------------------------------------------ contributions

export async function insertContribution(
  db: Db,
  row: typeof mutualaidContributions.$inferInsert,
): Promise<ContributionRow> {
  const [created] = await db.insert(mutualaidContributions).values(row).returning();
  return created;
}

/** Declarations of a rule whose period overlaps [from, to] (a period's sales count once). */
export async function findOverlappingDeclaration(
  db: Db,
  ruleId: number,
  from: string,
  to: string,
): Promise<ContributionRow | undefined> {
  const [row] = await db
    .select()
    .from(mutualaidContributions)
    .where(
      and(
        eq(mutualaidContributions.ruleId, ruleId),
        sql`${mutualaidContributions.periodFrom} <= ${to}`,
        sql`${mutualaidContributions.periodTo} >= ${from}`,
      ),
    )
    .limit(1);
  return row;
}

export async function listContributions(db: Db, fundId: number): Promise<ContributionRow[]> {
  return db
    .select()
    .from(mutualaidContributions)
    .where(eq(mutualaidContributions.fundId, fundId))
    .orderBy(desc(mutualaidContributions.receivedOn), desc(mutualaidContributions.recordedAt))
    .limit(detailLimit);
}

export async function sourcesOfFund(db: Db, fundId: number) {
  const rows = await db
    .select({
      kind: mutualaidContributions.sourceKind,
      total: sql<string>`sum(${mutualaidContributions.amountFen})`,
      n: sql<number>`count(*)::int`,
    })
    .from(mutualaidContributions)
    .where(eq(mutualaidContributions.fundId, fundId))
    .groupBy(mutualaidContributions.sourceKind);
  return rows.map((r) => ({ kind: r.kind, amountFen: Number(r.total), count: r.n }));
}

export async function contributedByRules(db: Db, ruleIds: number[]): Promise<Map<number, number>> {
  if (ruleIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ ruleId: mutualaidContributions.ruleId, total: sql<string>`sum(${mutualaidContributions.amountFen})` })
    .from(mutualaidContributions)
    .where(inArray(mutualaidContributions.ruleId, ruleIds))
    .groupBy(mutualaidContributions.ruleId);
  return new Map(rows.map((r) => [r.ruleId!, Number(r.total)]));
}

// ------------------------------------------------------------------------------------------------ grants

export async function insertGrant(db: Db, row: typeof mutualaidGrants.$inferInsert): Promise<GrantRow> {
  const [created] = await db.insert(mutualaidGrants).values(row).returning();
  return created;
}

export async function findGrantById(db: Db, id: string): Promise<GrantRow | undefined> {
  const [row] = await db.select().from(mutualaidGrants).where(eq(mutualaidGrants.id, id));
  return row;
}

export async function lockGrant(db: Db, regionId: number, id: string): Promise<GrantRow | undefined> {
  const [row] = await db
    .select()
    .from(mutualaidGrants)
    .where(and(eq(mutualaidGrants.regionId, regionId), eq(mutualaidGrants.id, id)))
    .for('update');
  return row;
}

export async function updateGrant(db: Db, g: GrantRow, patch: Partial<GrantRow>): Promise<GrantRow> {
  const [row] = await db
    .update(mutualaidGrants)
    .set(patch)
    .where(and(eq(mutualaidGrants.regionId, g.regionId), eq(mutualaidGrants.id, g.id)))
    .returning();
  return row;
}

export async function listGrants(db: Db, fundId: number, status?: string): Promise<GrantRow[]> {
  const where = [eq(mutualaidGrants.fundId, fundId)];
  if (status) {
    where.push(eq(mutualaidGrants.status, status));
  }
  return db
    .select()
    .from(mutualaidGrants)
    .where(and(...where))
    .orderBy(desc(mutualaidGrants.requestedAt))
    .limit(detailLimit);
}

// ------------------------------------------------------------------------------------------------ loans

export async function insertLoan(db: Db, row: typeof mutualaidLoans.$inferInsert): Promise<LoanRow> {
  const [created] = await db.insert(mutualaidLoans).values(row).returning();
  return created;
}

export async function findLoanById(db: Db, id: string): Promise<LoanRow | undefined> {
  const [row] = await db.select().from(mutualaidLoans).where(eq(mutualaidLoans.id, id));
  return row;
}

export async function lockLoan(db: Db, regionId: number, id: string): Promise<LoanRow | undefined> {
  const [row] = await db
    .select()
    .from(mutualaidLoans)
    .where(and(eq(mutualaidLoans.regionId, regionId), eq(mutualaidLoans.id, id)))
    .for('update');
  return row;
}

export async function updateLoan(db: Db, l: LoanRow, patch: Partial<LoanRow>): Promise<LoanRow> {
  const [row] = await db
    .update(mutualaidLoans)
    .set(patch)
    .where(and(eq(mutualaidLoans.regionId, l.regionId), eq(mutualaidLoans.id, l.id)))
    .returning();
  return row;
}

export async function listLoans(db: Db, fundId: number): Promise<LoanRow[]> {
  return db
    .select()
    .from(mutualaidLoans)
    .where(eq(mutualaidLoans.fundId, fundId))
    .orderBy(asc(mutualaidLoans.status), desc(mutualaidLoans.disbursedOn))
    .limit(detailLimit);
}

export async function insertInstalments(db: Db, rows: (typeof mutualaidInstalments.$inferInsert)[]): Promise<void> {
  await db.insert(mutualaidInstalments).values(rows);
}

export async function instalmentsOfLoans(db: Db, loanIds: string[]): Promise<InstalmentRow[]> {
  if (loanIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(mutualaidInstalments)
    .where(inArray(mutualaidInstalments.loanId, loanIds))
    .orderBy(asc(mutualaidInstalments.loanId), asc(mutualaidInstalments.seq));
}

export async function addInstalmentPayment(
  db: Db,
  regionId: number,
  loanId: string,
  seq: number,
  amountFen: number,
): Promise<void> {
  await db
    .update(mutualaidInstalments)
    .set({ paidFen: sql`${mutualaidInstalments.paidFen} + ${amountFen}` })
    .where(
      and(
        eq(mutualaidInstalments.regionId, regionId),
        eq(mutualaidInstalments.loanId, loanId),
        eq(mutualaidInstalments.seq, seq),
      ),
    );
}

/** Unpaid instalments of active loans due before `today`, oldest first (the overdue job's work list). */
export async function overdueInstalments(db: Db, today: string, limit: number) {
  return db
    .select({ instalment: mutualaidInstalments, loan: mutualaidLoans })
    .from(mutualaidInstalments)
    .innerJoin(
      mutualaidLoans,
      and(
        eq(mutualaidLoans.regionId, mutualaidInstalments.regionId),
        eq(mutualaidLoans.id, mutualaidInstalments.loanId),
      ),
    )
    .where(
      and(
        lt(mutualaidInstalments.dueOn, today),
        sql`${mutualaidInstalments.paidFen} < ${mutualaidInstalments.amountFen}`,
        sql`${mutualaidInstalments.overdueAt} IS NULL`,
        eq(mutualaidLoans.status, 'active'),
      ),
    )
    .orderBy(asc(mutualaidInstalments.dueOn))
    .limit(limit);
}

export async function markInstalmentOverdue(db: Db, i: InstalmentRow, at: Date): Promise<void> {
  await db
    .update(mutualaidInstalments)
    .set({ overdueAt: at })
    .where(
      and(
        eq(mutualaidInstalments.regionId, i.regionId),
        eq(mutualaidInstalments.loanId, i.loanId),
        eq(mutualaidInstalments.seq, i.seq),
      ),
    );
}

// ------------------------------------------------------------------------------------------------ repayments

export async function insertRepayment(db: Db, row: typeof mutualaidRepayments.$inferInsert): Promise<RepaymentRow> {
  const [created] = await db.insert(mutualaidRepayments).values(row).returning();
  return created;
}

export async function repaymentsOfLoans(db: Db, loanIds: string[]): Promise<RepaymentRow[]> {
  if (loanIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(mutualaidRepayments)
    .where(inArray(mutualaidRepayments.loanId, loanIds))
    .orderBy(asc(mutualaidRepayments.paidOn), asc(mutualaidRepayments.recordedAt));
}
