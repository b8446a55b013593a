// Donations data access: the only file that touches the donations tables.
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, ne, or, type SQL, sql, sum } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { importStore } from '../../platform/imports/imports.repo';
import {
  allocationMoves,
  disclosures,
  donationOrders,
  donationProjects,
  donationReversals,
  donations,
  donorConsents,
  fundAllocations,
  fundEntries,
  fundLots,
  funds,
  giftImports,
  paymentNotifications,
  paymentStatements,
  payoutSpends,
  payouts,
} from './donations.tables';

export type ProjectRow = typeof donationProjects.$inferSelect;
export type FundRow = typeof funds.$inferSelect;
export type OrderRow = typeof donationOrders.$inferSelect;
export type DonationRow = typeof donations.$inferSelect;
export type PayoutRow = typeof payouts.$inferSelect;
export type LotRow = typeof fundLots.$inferSelect;
export type NotificationRow = typeof paymentNotifications.$inferSelect;
export type ReversalRow = typeof donationReversals.$inferSelect;
export type AllocationRow = typeof fundAllocations.$inferSelect;
export type ConsentRow = typeof donorConsents.$inferSelect;

/** Columns the service uses to build scope and filter conditions (orgs.orgScopeCondition takes a column). */
export const columns = {
  donation: {
    orgId: donations.orgId,
    projectId: donations.projectId,
    channel: donations.channel,
    amountFen: donations.amountFen,
  },
  project: { orgId: donationProjects.orgId, status: donationProjects.status },
  payout: { orgId: payouts.orgId, fundId: payouts.fundId, status: payouts.status, projectId: payouts.projectId },
  reversal: { orgId: donationReversals.orgId, status: donationReversals.status },
  allocation: { orgId: fundAllocations.orgId, status: fundAllocations.status },
  fund: { orgId: funds.orgId },
};

const num = (v: unknown) => Number(v ?? 0);

// ------------------------------------------------------------------------------------------------ projects and funds

export async function insertProject(db: Db, row: typeof donationProjects.$inferInsert): Promise<ProjectRow> {
  const [created] = await db.insert(donationProjects).values(row).returning();
  return created;
}

export async function updateProject(db: Db, id: number, patch: Partial<ProjectRow>): Promise<ProjectRow> {
  const [row] = await db
    .update(donationProjects)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(donationProjects.id, id))
    .returning();
  return row;
}

export async function findProjectById(db: Db, id: number): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(donationProjects).where(eq(donationProjects.id, id));
  return row;
}

export async function findProjectByCode(db: Db, code: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(donationProjects).where(eq(donationProjects.code, code));
  return row;
}

export async function findProjectsByCodes(db: Db, codes: string[]): Promise<ProjectRow[]> {
  return codes.length ? db.select().from(donationProjects).where(inArray(donationProjects.code, codes)) : [];
}

export async function findProjectsByIds(db: Db, ids: number[]): Promise<ProjectRow[]> {
  return ids.length ? db.select().from(donationProjects).where(inArray(donationProjects.id, ids)) : [];
}

export async function listProjects(
  db: Db,
  f: { where: SQL[]; q?: string; limit: number; offset: number },
): Promise<{ rows: ProjectRow[]; total: number }> {
  const conds = [...f.where];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(donationProjects.name, like), ilike(donationProjects.code, like))!);
  }
  const where = and(...conds);
  const rows = await db
    .select()
    .from(donationProjects)
    .where(where)
    .orderBy(desc(donationProjects.startsOn), desc(donationProjects.id))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(donationProjects).where(where);
  return { rows, total };
}

export async function insertFund(db: Db, row: typeof funds.$inferInsert): Promise<FundRow> {
  const [created] = await db.insert(funds).values(row).returning();
  return created;
}

export async function findFundById(db: Db, id: number): Promise<FundRow | undefined> {
  const [row] = await db.select().from(funds).where(eq(funds.id, id));
  return row;
}

export async function findFundsByIds(db: Db, ids: number[]): Promise<FundRow[]> {
  return ids.length ? db.select().from(funds).where(inArray(funds.id, ids)) : [];
}

export async function findProjectFund(db: Db, projectId: number): Promise<FundRow | undefined> {
  const [row] = await db.select().from(funds).where(eq(funds.projectId, projectId));
  return row;
}

export async function findGeneralFund(db: Db, orgId: number): Promise<FundRow | undefined> {
  const [row] = await db
    .select()
    .from(funds)
    .where(and(eq(funds.orgId, orgId), eq(funds.kind, 'general')));
  return row;
}

/** Locks a fund row: spending from one fund is serialised (the FIFO queue and its balance). */
export async function lockFund(db: Db, id: number): Promise<FundRow | undefined> {
  const [row] = await db.select().from(funds).where(eq(funds.id, id)).for('update');
  return row;
}

export async function listFunds(db: Db, where: SQL[]): Promise<FundRow[]> {
  return db
    .select()
    .from(funds)
    .where(and(...where))
    .orderBy(asc(funds.orgId), asc(funds.id));
}

export type FundTotals = {
  receivedFen: number;
  spentFen: number;
  refundedFen: number;
  allocatedInFen: number;
  allocatedOutFen: number;
};

/** Received, spent, reversed and allocated totals per fund, from the fund journal. */
export async function fundTotals(db: Db, fundIds: number[]): Promise<Map<number, FundTotals>> {
  const out = new Map<number, FundTotals>();
  if (fundIds.length === 0) {
    return out;
  }
  const rows = await db
    .select({ fundId: fundEntries.fundId, kind: fundEntries.kind, total: sum(fundEntries.amountFen) })
    .from(fundEntries)
    .where(inArray(fundEntries.fundId, fundIds))
    .groupBy(fundEntries.fundId, fundEntries.kind);
  for (const id of fundIds) {
    out.set(id, { receivedFen: 0, spentFen: 0, refundedFen: 0, allocatedInFen: 0, allocatedOutFen: 0 });
  }
  for (const r of rows) {
    const t = out.get(r.fundId)!;
    const v = num(r.total);
    if (r.kind === 'donation') {
      t.receivedFen += v;
    } else if (r.kind === 'payout') {
      t.spentFen -= v;
    } else if (r.kind === 'refund' || r.kind === 'correction') {
      t.refundedFen -= v;
    } else if (r.kind === 'allocation_in') {
      t.allocatedInFen += v;
    } else if (r.kind === 'allocation_out') {
      t.allocatedOutFen -= v;
    }
  }
  return out;
}

const notRefunded = sql`NOT EXISTS (SELECT 1 FROM ${fundEntries} r WHERE r.kind IN ('refund', 'correction') AND r.donation_id = ${donations.id} AND r.region_id = ${donations.regionId})`;

/** The gifts among `ids` that were refunded (a refund entry exists in the fund journal). */
export async function refundedDonationIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await db
    .select({ id: fundEntries.donationId })
    .from(fundEntries)
    .where(and(inArray(fundEntries.kind, ['refund', 'correction']), inArray(fundEntries.donationId, ids)));
  return new Set(rows.map((r) => r.id!));
}

/** Gift totals per project (refunded gifts excluded). */
export async function projectGiftTotals(
  db: Db,
  projectIds: number[],
): Promise<Map<number, { raisedFen: number; donationCount: number }>> {
  const out = new Map<number, { raisedFen: number; donationCount: number }>();
  if (projectIds.length === 0) {
    return out;
  }
  const rows = await db
    .select({ projectId: donations.projectId, total: sum(donations.amountFen), n: count() })
    .from(donations)
    .where(and(inArray(donations.projectId, projectIds), notRefunded))
    .groupBy(donations.projectId);
  for (const r of rows) {
    out.set(r.projectId, { raisedFen: num(r.total), donationCount: Number(r.n) });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ orders

export async function insertOrder(db: Db, row: typeof donationOrders.$inferInsert): Promise<OrderRow> {
  const [created] = await db.insert(donationOrders).values(row).returning();
  return created;
}

export async function findOrderByNo(db: Db, orderNo: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(donationOrders).where(eq(donationOrders.orderNo, orderNo));
  return row;
}

/** Locks an order by number: concurrent notifications for it are handled one after the other. */
export async function lockOrderByNo(db: Db, orderNo: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(donationOrders).where(eq(donationOrders.orderNo, orderNo)).for('update');
  return row;
}

export async function updateOrder(db: Db, order: OrderRow, patch: Partial<OrderRow>): Promise<void> {
  await db
    .update(donationOrders)
    .set(patch)
    .where(and(eq(donationOrders.regionId, order.regionId), eq(donationOrders.id, order.id)));
}

/**
 * Orders of a real provider that expired in [from, to) and no notification turned into a gift, whose provider nobody
 * asked yet: the order query (补单) asks about each once.
 */
export async function listOrdersToQuery(db: Db, from: Date, to: Date, limit: number): Promise<OrderRow[]> {
  return db
    .select()
    .from(donationOrders)
    .where(
      and(
        eq(donationOrders.status, 'expired'),
        isNull(donationOrders.providerCheckedAt),
        ne(donationOrders.channel, 'local'),
        gte(donationOrders.expiresAt, from),
        lt(donationOrders.expiresAt, to),
      ),
    )
    .orderBy(asc(donationOrders.expiresAt))
    .limit(limit);
}

/** Marks unpaid orders past their expiry as expired (skipping rows another transaction holds); returns them. */
export async function expireDueOrders(db: Db, now: Date, limit: number): Promise<OrderRow[]> {
  const due = await db
    .select({ regionId: donationOrders.regionId, id: donationOrders.id })
    .from(donationOrders)
    .where(and(eq(donationOrders.status, 'created'), lt(donationOrders.expiresAt, now)))
    .orderBy(asc(donationOrders.expiresAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  if (due.length === 0) {
    return [];
  }
  return db
    .update(donationOrders)
    .set({ status: 'expired' })
    .where(
      and(
        inArray(
          donationOrders.id,
          due.map((d) => d.id),
        ),
        inArray(donationOrders.regionId, [...new Set(due.map((d) => d.regionId))]),
      ),
    )
    .returning();
}

// ------------------------------------------------------------------------------------------------ gifts, lots, entries

export async function insertDonation(db: Db, row: typeof donations.$inferInsert): Promise<DonationRow> {
  const [created] = await db.insert(donations).values(row).returning();
  return created;
}

export async function findDonationByNo(db: Db, donationNo: string): Promise<DonationRow | undefined> {
  const [row] = await db.select().from(donations).where(eq(donations.donationNo, donationNo));
  return row;
}

export async function findDonationById(db: Db, id: string): Promise<DonationRow | undefined> {
  const [row] = await db.select().from(donations).where(eq(donations.id, id));
  return row;
}

export async function findDonationByProviderTxn(
  db: Db,
  regionId: number,
  channel: string,
  providerTxnId: string,
): Promise<DonationRow | undefined> {
  const [row] = await db
    .select()
    .from(donations)
    .where(
      and(eq(donations.regionId, regionId), eq(donations.channel, channel), eq(donations.providerTxnId, providerTxnId)),
    );
  return row;
}

/** Which of these references recorded gifts already hold, as `${regionId}/${providerTxnId}` (the unique key's columns). */
export async function findRecordedProviderTxns(
  db: Db,
  keys: { regionId: number; channel: string; providerTxnId: string }[],
): Promise<Set<string>> {
  const groups = new Map<string, { regionId: number; channel: string; refs: string[] }>();
  for (const k of keys) {
    const group = groups.get(`${k.regionId}/${k.channel}`) ?? { regionId: k.regionId, channel: k.channel, refs: [] };
    group.refs.push(k.providerTxnId);
    groups.set(`${k.regionId}/${k.channel}`, group);
  }
  const found = new Set<string>();
  for (const { regionId, channel, refs } of groups.values()) {
    // One array parameter per unit and channel: the lookup walks the unique index, whatever the number of references.
    const rows = await db
      .select({ providerTxnId: donations.providerTxnId })
      .from(donations)
      .where(
        and(
          eq(donations.regionId, regionId),
          eq(donations.channel, channel),
          sql`${donations.providerTxnId} = ANY(${sql.param(refs)}::text[])`,
        ),
      );
    for (const r of rows) {
      found.add(`${regionId}/${r.providerTxnId}`);
    }
  }
  return found;
}

export async function findDonationsByIds(db: Db, ids: string[]): Promise<DonationRow[]> {
  return ids.length ? db.select().from(donations).where(inArray(donations.id, ids)) : [];
}

export async function setDonationCertificate(db: Db, d: DonationRow, fileId: string): Promise<void> {
  await db
    .update(donations)
    .set({ certificateFileId: fileId })
    .where(and(eq(donations.regionId, d.regionId), eq(donations.id, d.id)));
}

export type DonationFilter = {
  where: SQL[];
  from?: Date;
  to?: Date;
  q?: string;
  limit: number;
  offset: number;
};

function donationConditions(f: Omit<DonationFilter, 'limit' | 'offset'>): SQL | undefined {
  const conds = [...f.where];
  if (f.from) {
    conds.push(gte(donations.receivedAt, f.from));
  }
  if (f.to) {
    conds.push(lt(donations.receivedAt, f.to));
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(eq(donations.donationNo, f.q), ilike(donations.donorName, like))!);
  }
  return and(...conds);
}

export async function listDonations(
  db: Db,
  f: DonationFilter,
): Promise<{ rows: DonationRow[]; total: number; totalFen: number }> {
  const where = donationConditions(f);
  const rows = await db
    .select()
    .from(donations)
    .where(where)
    .orderBy(desc(donations.receivedAt), desc(donations.ledgerIndex))
    .limit(f.limit)
    .offset(f.offset);
  const [agg] = await db
    .select({ total: count(), totalFen: sum(donations.amountFen) })
    .from(donations)
    .where(where);
  return { rows, total: Number(agg.total), totalFen: num(agg.totalFen) };
}

/** Gifts received in [from, to), oldest first (the daily disclosure). */
export async function listDonationsBetween(db: Db, where: SQL[], from: Date, to: Date, limit: number, offset = 0) {
  return db
    .select()
    .from(donations)
    .where(and(...where, gte(donations.receivedAt, from), lt(donations.receivedAt, to)))
    .orderBy(asc(donations.receivedAt), asc(donations.ledgerIndex))
    .limit(limit)
    .offset(offset);
}

export async function sumDonationsBetween(db: Db, where: SQL[], from: Date, to: Date) {
  const [agg] = await db
    .select({ n: count(), total: sum(donations.amountFen) })
    .from(donations)
    .where(and(...where, gte(donations.receivedAt, from), lt(donations.receivedAt, to)));
  return { count: Number(agg.n), totalFen: num(agg.total) };
}

/**
 * A received gift's three rows in one statement (it runs under the ledger lock, so every round trip counts): the
 * gift, its fund entry and its FIFO lot, as data-modifying CTEs of the gift's INSERT.
 */
export async function insertReceivedGift(
  db: Db,
  rows: {
    donation: typeof donations.$inferInsert;
    entry: typeof fundEntries.$inferInsert;
    lot: typeof fundLots.$inferInsert;
  },
): Promise<DonationRow> {
  const entry = db.$with('entry').as(db.insert(fundEntries).values(rows.entry).returning({ id: fundEntries.id }));
  const lot = db.$with('lot').as(db.insert(fundLots).values(rows.lot).returning({ fundId: fundLots.fundId }));
  const [created] = await db.with(entry, lot).insert(donations).values(rows.donation).returning();
  return created;
}

export async function insertFundEntry(db: Db, row: typeof fundEntries.$inferInsert): Promise<void> {
  await db.insert(fundEntries).values(row);
}

export async function insertLot(db: Db, row: typeof fundLots.$inferInsert): Promise<void> {
  await db.insert(fundLots).values(row);
}

/** The oldest open lots of a fund (FIFO by ledger index), locked; the fund row lock is already held. */
export async function lockOpenLots(db: Db, fundId: number, limit: number): Promise<LotRow[]> {
  return db
    .select()
    .from(fundLots)
    .where(and(eq(fundLots.fundId, fundId), sql`${fundLots.unspentFen} > 0`))
    .orderBy(asc(fundLots.ledgerIndex), asc(fundLots.originIndex))
    .limit(limit)
    .for('update');
}

export async function setLotUnspent(db: Db, lot: LotRow, unspentFen: number): Promise<void> {
  await db
    .update(fundLots)
    .set({ unspentFen })
    .where(
      and(
        eq(fundLots.regionId, lot.regionId),
        eq(fundLots.fundId, lot.fundId),
        eq(fundLots.ledgerIndex, lot.ledgerIndex),
        eq(fundLots.originIndex, lot.originIndex),
      ),
    );
}

export async function lotsForDonations(db: Db, donationIds: string[]): Promise<LotRow[]> {
  return donationIds.length ? db.select().from(fundLots).where(inArray(fundLots.donationId, donationIds)) : [];
}

export async function fundBalance(db: Db, fundId: number): Promise<number> {
  const [agg] = await db
    .select({ total: sum(fundLots.unspentFen) })
    .from(fundLots)
    .where(and(eq(fundLots.fundId, fundId), sql`${fundLots.unspentFen} > 0`));
  return num(agg.total);
}

/** A donor's own gifts, found by the blind index of the phone they gave, newest first. */
export async function listDonationsByPhoneHash(db: Db, phoneHash: string, from?: Date, to?: Date) {
  const conds = [eq(donations.donorPhoneHash, phoneHash)];
  if (from) {
    conds.push(gte(donations.receivedAt, from));
  }
  if (to) {
    conds.push(lt(donations.receivedAt, to));
  }
  return db
    .select()
    .from(donations)
    .where(and(...conds))
    .orderBy(desc(donations.receivedAt))
    .limit(1000);
}

// ------------------------------------------------------------------------------------------------ payouts

export async function insertPayout(db: Db, row: typeof payouts.$inferInsert): Promise<PayoutRow> {
  const [created] = await db.insert(payouts).values(row).returning();
  return created;
}

export async function findPayoutById(db: Db, id: string): Promise<PayoutRow | undefined> {
  const [row] = await db.select().from(payouts).where(eq(payouts.id, id));
  return row;
}

export async function findPaidPayoutByNo(db: Db, payoutNo: string): Promise<PayoutRow | undefined> {
  const [row] = await db
    .select()
    .from(payouts)
    .where(and(eq(payouts.payoutNo, payoutNo), eq(payouts.status, 'paid')));
  return row;
}

export async function lockPayout(db: Db, id: string): Promise<PayoutRow | undefined> {
  const [row] = await db.select().from(payouts).where(eq(payouts.id, id)).for('update');
  return row;
}

export async function updatePayout(db: Db, p: PayoutRow, patch: Partial<PayoutRow>): Promise<PayoutRow> {
  const [row] = await db
    .update(payouts)
    .set(patch)
    .where(and(eq(payouts.regionId, p.regionId), eq(payouts.id, p.id)))
    .returning();
  return row;
}

export async function listPayouts(db: Db, f: { where: SQL[]; limit: number; offset: number }) {
  const where = and(...f.where);
  const rows = await db
    .select()
    .from(payouts)
    .where(where)
    .orderBy(desc(payouts.requestedAt))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(payouts).where(where);
  return { rows, total };
}

/** Paid payouts decided in [from, to), in ledger order (the daily disclosure). */
export async function listPaidPayoutsBetween(db: Db, where: SQL[], from: Date, to: Date, limit: number, offset = 0) {
  return db
    .select()
    .from(payouts)
    .where(and(...where, eq(payouts.status, 'paid'), gte(payouts.decidedAt, from), lt(payouts.decidedAt, to)))
    .orderBy(asc(payouts.ledgerIndex))
    .limit(limit)
    .offset(offset);
}

export async function sumPaidPayoutsBetween(db: Db, where: SQL[], from: Date, to: Date) {
  const [agg] = await db
    .select({ n: count(), total: sum(payouts.amountFen) })
    .from(payouts)
    .where(and(...where, eq(payouts.status, 'paid'), gte(payouts.decidedAt, from), lt(payouts.decidedAt, to)));
  return { count: Number(agg.n), totalFen: num(agg.total) };
}

export async function spentByFunds(db: Db, fundIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (fundIds.length === 0) {
    return out;
  }
  const rows = await db
    .select({ fundId: payouts.fundId, total: sum(payouts.amountFen) })
    .from(payouts)
    .where(and(inArray(payouts.fundId, fundIds), eq(payouts.status, 'paid')))
    .groupBy(payouts.fundId);
  for (const r of rows) {
    out.set(r.fundId, num(r.total));
  }
  return out;
}

export async function insertSpends(db: Db, rows: (typeof payoutSpends.$inferInsert)[]): Promise<void> {
  if (rows.length) {
    await db.insert(payoutSpends).values(rows);
  }
}

export async function spendsForPayout(db: Db, payoutId: string) {
  return db
    .select({ donationNo: donations.donationNo, amountFen: payoutSpends.amountFen, lotIndex: payoutSpends.lotIndex })
    .from(payoutSpends)
    .innerJoin(donations, and(eq(donations.id, payoutSpends.donationId), eq(donations.regionId, payoutSpends.regionId)))
    .where(eq(payoutSpends.payoutId, payoutId))
    .orderBy(asc(payoutSpends.lotIndex));
}

/** What spent each of the gifts: their share of each payout, in ledger order. */
export async function spendsForDonations(db: Db, donationIds: string[]) {
  if (donationIds.length === 0) {
    return [];
  }
  return db
    .select({
      donationId: payoutSpends.donationId,
      payoutNo: payouts.payoutNo,
      amountFen: payoutSpends.amountFen,
      purpose: payouts.purpose,
      payeeDisplay: payouts.payeeDisplay,
      paidAt: payouts.decidedAt,
      ledgerIndex: payouts.ledgerIndex,
    })
    .from(payoutSpends)
    .innerJoin(payouts, and(eq(payouts.id, payoutSpends.payoutId), eq(payouts.regionId, payoutSpends.regionId)))
    .where(inArray(payoutSpends.donationId, donationIds))
    .orderBy(asc(payouts.ledgerIndex));
}

// ------------------------------------------------------------------------------------------------ notifications

export async function insertNotification(db: Db, row: typeof paymentNotifications.$inferInsert): Promise<void> {
  await db.insert(paymentNotifications).values(row);
}

export async function listNotifications(db: Db, f: { flagged?: boolean; limit: number; offset: number }) {
  const flagged = sql`${paymentNotifications.verdict} NOT IN ('accepted', 'duplicate')`;
  const where = f.flagged === undefined ? undefined : f.flagged ? flagged : sql`NOT (${flagged})`;
  const rows = await db
    .select()
    .from(paymentNotifications)
    .where(where)
    .orderBy(desc(paymentNotifications.receivedAt))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(paymentNotifications).where(where);
  return { rows, total };
}

// ------------------------------------------------------------------------------------------------ reports

export type ReportCell = {
  period: string | null;
  projectId: number | null;
  channel: string | null;
  orgId: number | null;
  count: number;
  amountFen: number;
  refundedFen: number;
};

/** A timestamp's Asia/Shanghai day (YYYY-MM-DD) or month (YYYY-MM), as literal SQL so GROUP BY matches the SELECT. */
function chinaPeriod(column: typeof donations.receivedAt | typeof payouts.decidedAt, unit: 'day' | 'month'): SQL {
  const format = unit === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
  return sql`to_char(date_trunc(${sql.raw(`'${unit}'`)}, ${column} AT TIME ZONE 'Asia/Shanghai'), ${sql.raw(`'${format}'`)})`;
}

/**
 * Gift sums for [from, to) in one pass over the gifts: GROUPING SETS give the rows per period, per period and
 * channel, per project, per channel, per unit, and the overall row; a column outside a row's set is null.
 * `refundedFen` is the part of those gifts refunded since.
 */
export async function donationReportCells(
  db: Db,
  where: SQL[],
  unit: 'day' | 'month',
  from: Date,
  to: Date,
): Promise<ReportCell[]> {
  const period = chinaPeriod(donations.receivedAt, unit);
  const rows = await db
    .select({
      period: sql<string | null>`${period}`,
      projectId: donations.projectId,
      channel: donations.channel,
      orgId: donations.orgId,
      n: count(),
      total: sum(donations.amountFen),
      refunded: sql<string | null>`sum(${donations.amountFen}) FILTER (WHERE NOT ${notRefunded})`,
    })
    .from(donations)
    .where(and(...where, gte(donations.receivedAt, from), lt(donations.receivedAt, to)))
    .groupBy(
      sql`GROUPING SETS ((${period}), (${period}, ${donations.channel}), (${donations.projectId}), (${donations.channel}), (${donations.orgId}), ())`,
    );
  return rows.map((r) => ({
    period: r.period,
    projectId: r.projectId,
    channel: r.channel,
    orgId: r.orgId,
    count: Number(r.n),
    amountFen: num(r.total),
    refundedFen: num(r.refunded),
  }));
}

/** Payouts paid in [from, to), summed per Asia/Shanghai day or month of the decision. */
export async function payoutReportCells(
  db: Db,
  where: SQL[],
  unit: 'day' | 'month',
  from: Date,
  to: Date,
): Promise<{ period: string; amountFen: number }[]> {
  const period = chinaPeriod(payouts.decidedAt, unit);
  const rows = await db
    .select({ period: sql<string>`${period}`, total: sum(payouts.amountFen) })
    .from(payouts)
    .where(and(...where, eq(payouts.status, 'paid'), gte(payouts.decidedAt, from), lt(payouts.decidedAt, to)))
    .groupBy(period);
  return rows.map((r) => ({ period: r.period, amountFen: num(r.total) }));
}

// ------------------------------------------------------------------------------------------------ reversals

export async function insertReversal(db: Db, row: typeof donationReversals.$inferInsert): Promise<ReversalRow> {
  const [created] = await db.insert(donationReversals).values(row).returning();
  return created;
}

export async function findReversalById(db: Db, id: string): Promise<ReversalRow | undefined> {
  const [row] = await db.select().from(donationReversals).where(eq(donationReversals.id, id));
  return row;
}

export async function lockReversal(db: Db, id: string): Promise<ReversalRow | undefined> {
  const [row] = await db.select().from(donationReversals).where(eq(donationReversals.id, id)).for('update');
  return row;
}

export async function findOpenReversal(db: Db, donationId: string): Promise<ReversalRow | undefined> {
  const [row] = await openReversalsFor(db, [donationId]);
  return row;
}

/** The pending or done reversal of each of the gifts that has one. */
export async function openReversalsFor(db: Db, donationIds: string[]): Promise<ReversalRow[]> {
  if (donationIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(donationReversals)
    .where(
      and(inArray(donationReversals.donationId, donationIds), inArray(donationReversals.status, ['pending', 'done'])),
    );
}

export async function updateReversal(db: Db, r: ReversalRow, patch: Partial<ReversalRow>): Promise<ReversalRow> {
  const [row] = await db
    .update(donationReversals)
    .set(patch)
    .where(and(eq(donationReversals.regionId, r.regionId), eq(donationReversals.id, r.id)))
    .returning();
  return row;
}

export async function listReversals(db: Db, f: { where: SQL[]; limit: number; offset: number }) {
  const where = and(...f.where);
  const rows = await db
    .select()
    .from(donationReversals)
    .where(where)
    .orderBy(desc(donationReversals.requestedAt))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(donationReversals).where(where);
  return { rows, total };
}

/** Reversals done in [from, to) of gifts matching `where` (the daily disclosure's correction notices). */
export async function listDoneReversalsBetween(db: Db, where: SQL[], from: Date, to: Date, limit: number) {
  return db
    .select({ reversal: donationReversals, donationNo: donations.donationNo, projectId: donations.projectId })
    .from(donationReversals)
    .innerJoin(
      donations,
      and(eq(donations.id, donationReversals.donationId), eq(donations.regionId, donationReversals.regionId)),
    )
    .where(
      and(
        ...where,
        eq(donationReversals.status, 'done'),
        gte(donationReversals.decidedAt, from),
        lt(donationReversals.decidedAt, to),
      ),
    )
    .orderBy(asc(donationReversals.ledgerIndex))
    .limit(limit);
}

/** The lots of a gift (in every fund it reached), locked; the fund row lock is already held. */
export async function lockLotsOfDonation(db: Db, donationId: string): Promise<LotRow[]> {
  return db.select().from(fundLots).where(eq(fundLots.donationId, donationId)).for('update');
}

export async function findOrderById(db: Db, regionId: number, id: string): Promise<OrderRow | undefined> {
  const [row] = await db
    .select()
    .from(donationOrders)
    .where(and(eq(donationOrders.regionId, regionId), eq(donationOrders.id, id)));
  return row;
}

// ------------------------------------------------------------------------------------------------ fiscal receipt status

/** Locks a gift row: the receipts module decides a gift's receipt requests and issues one at a time. */
export async function lockDonationById(db: Db, id: string): Promise<DonationRow | undefined> {
  const [row] = await db.select().from(donations).where(eq(donations.id, id)).for('update');
  return row;
}

/** The gift's fiscal receipt status (none | waived | anonymous | requested | issued): the one field that moves. */
export async function setDonationReceiptStatus(db: Db, d: DonationRow, receiptStatus: string): Promise<DonationRow> {
  const [row] = await db
    .update(donations)
    .set({ receiptStatus })
    .where(and(eq(donations.regionId, d.regionId), eq(donations.id, d.id)))
    .returning();
  return row;
}

// ------------------------------------------------------------------------------------------------ consents, allocations

export async function insertConsent(db: Db, row: typeof donorConsents.$inferInsert): Promise<ConsentRow> {
  const [created] = await db.insert(donorConsents).values(row).returning();
  return created;
}

export async function findConsent(db: Db, donationId: string, toFundId: number): Promise<ConsentRow | undefined> {
  const [row] = await db
    .select()
    .from(donorConsents)
    .where(and(eq(donorConsents.donationId, donationId), eq(donorConsents.toFundId, toFundId)));
  return row;
}

export async function insertAllocation(db: Db, row: typeof fundAllocations.$inferInsert): Promise<AllocationRow> {
  const [created] = await db.insert(fundAllocations).values(row).returning();
  return created;
}

export async function findAllocationById(db: Db, id: string): Promise<AllocationRow | undefined> {
  const [row] = await db.select().from(fundAllocations).where(eq(fundAllocations.id, id));
  return row;
}

export async function lockAllocation(db: Db, id: string): Promise<AllocationRow | undefined> {
  const [row] = await db.select().from(fundAllocations).where(eq(fundAllocations.id, id)).for('update');
  return row;
}

export async function updateAllocation(db: Db, a: AllocationRow, patch: Partial<AllocationRow>) {
  const [row] = await db
    .update(fundAllocations)
    .set(patch)
    .where(and(eq(fundAllocations.regionId, a.regionId), eq(fundAllocations.id, a.id)))
    .returning();
  return row;
}

export async function listAllocations(db: Db, f: { where: SQL[]; limit: number; offset: number }) {
  const where = and(...f.where);
  const rows = await db
    .select()
    .from(fundAllocations)
    .where(where)
    .orderBy(desc(fundAllocations.requestedAt))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(fundAllocations).where(where);
  return { rows, total: Number(total) };
}

/**
 * The open lots of a fund an allocation to `toFundId` may take, oldest first, locked. From a restricted (project)
 * fund only gifts whose donor consented to that fund are eligible; from a general fund every gift is.
 */
export async function lockEligibleLots(db: Db, fundId: number, toFundId: number, needsConsent: boolean, limit: number) {
  const consented = sql`EXISTS (SELECT 1 FROM ${donorConsents} c WHERE c.donation_id = ${fundLots.donationId} AND c.to_fund_id = ${toFundId})`;
  return db
    .select()
    .from(fundLots)
    .where(and(eq(fundLots.fundId, fundId), sql`${fundLots.unspentFen} > 0`, needsConsent ? consented : undefined))
    .orderBy(asc(fundLots.ledgerIndex), asc(fundLots.originIndex))
    .limit(limit)
    .for('update');
}

export async function sumEligible(db: Db, fundId: number, toFundId: number, needsConsent: boolean): Promise<number> {
  const consented = sql`EXISTS (SELECT 1 FROM ${donorConsents} c WHERE c.donation_id = ${fundLots.donationId} AND c.to_fund_id = ${toFundId})`;
  const [agg] = await db
    .select({ total: sum(fundLots.unspentFen) })
    .from(fundLots)
    .where(and(eq(fundLots.fundId, fundId), sql`${fundLots.unspentFen} > 0`, needsConsent ? consented : undefined));
  return num(agg.total);
}

export async function insertMoves(db: Db, rows: (typeof allocationMoves.$inferInsert)[]): Promise<void> {
  if (rows.length) {
    await db.insert(allocationMoves).values(rows);
  }
}

/** Where each of the gifts was moved (allocations between funds), in ledger order. */
export async function movesForDonations(db: Db, donationIds: string[]) {
  if (donationIds.length === 0) {
    return [];
  }
  return db
    .select({
      donationId: allocationMoves.donationId,
      allocationNo: fundAllocations.allocationNo,
      toFundId: fundAllocations.toFundId,
      amountFen: allocationMoves.amountFen,
      purpose: fundAllocations.purpose,
      at: fundAllocations.decidedAt,
      ledgerIndex: fundAllocations.ledgerIndex,
    })
    .from(allocationMoves)
    .innerJoin(
      fundAllocations,
      and(eq(fundAllocations.id, allocationMoves.allocationId), eq(fundAllocations.regionId, allocationMoves.regionId)),
    )
    .where(inArray(allocationMoves.donationId, donationIds))
    .orderBy(asc(fundAllocations.ledgerIndex));
}

export async function consentsForDonations(db: Db, donationIds: string[]): Promise<ConsentRow[]> {
  return donationIds.length
    ? db.select().from(donorConsents).where(inArray(donorConsents.donationId, donationIds))
    : [];
}

// ------------------------------------------------------------------------------------------------ reconciliation

export type StatementRow = typeof paymentStatements.$inferSelect;

/** Paid (or later refunded) orders of a channel paid in [from, to), plus the orders named in a statement. */
export async function paidOrdersFor(db: Db, channel: string, from: Date, to: Date, orderNos: string[]) {
  const inPeriod = and(gte(donationOrders.paidAt, from), lt(donationOrders.paidAt, to));
  const named = orderNos.length ? inArray(donationOrders.orderNo, orderNos) : undefined;
  return db
    .select()
    .from(donationOrders)
    .where(
      and(
        eq(donationOrders.channel, channel),
        inArray(donationOrders.status, ['paid', 'refunded']),
        named ? or(inPeriod, named) : inPeriod,
      ),
    );
}

/** Refunds done in [from, to) of online gifts of a channel, with their order numbers. */
export async function refundsFor(db: Db, channel: string, from: Date, to: Date) {
  return db
    .select({ orderNo: donationOrders.orderNo, amountFen: donationReversals.amountFen, id: donationReversals.id })
    .from(donationReversals)
    .innerJoin(
      donations,
      and(eq(donations.id, donationReversals.donationId), eq(donations.regionId, donationReversals.regionId)),
    )
    .innerJoin(
      donationOrders,
      and(eq(donationOrders.id, donations.orderId), eq(donationOrders.regionId, donations.regionId)),
    )
    .where(
      and(
        eq(donationReversals.kind, 'refund'),
        eq(donationReversals.status, 'done'),
        eq(donations.channel, channel),
        gte(donationReversals.decidedAt, from),
        lt(donationReversals.decidedAt, to),
      ),
    );
}

export async function insertStatement(db: Db, row: typeof paymentStatements.$inferInsert): Promise<StatementRow> {
  const [created] = await db.insert(paymentStatements).values(row).returning();
  return created;
}

export async function listStatements(db: Db, limit: number, offset: number) {
  const rows = await db
    .select()
    .from(paymentStatements)
    .orderBy(desc(paymentStatements.importedAt))
    .limit(limit)
    .offset(offset);
  const [{ total }] = await db.select({ total: count() }).from(paymentStatements);
  return { rows, total: Number(total) };
}

// ------------------------------------------------------------------------------------------------ disclosures

export type DisclosureRow = typeof disclosures.$inferSelect;

/** Creates an obligation unless the project already has one with that key; returns whether it was new. */
export async function insertObligation(db: Db, row: typeof disclosures.$inferInsert): Promise<boolean> {
  const created = await db
    .insert(disclosures)
    .values(row)
    .onConflictDoNothing({ target: [disclosures.projectId, disclosures.obligationKey] })
    .returning({ id: disclosures.id });
  return created.length > 0;
}

export async function findDisclosure(db: Db, id: string): Promise<DisclosureRow | undefined> {
  const [row] = await db.select().from(disclosures).where(eq(disclosures.id, id));
  return row;
}

export async function lockDisclosure(db: Db, id: string): Promise<DisclosureRow | undefined> {
  const [row] = await db.select().from(disclosures).where(eq(disclosures.id, id)).for('update');
  return row;
}

export async function updateDisclosure(db: Db, id: string, patch: Partial<DisclosureRow>): Promise<DisclosureRow> {
  const [row] = await db.update(disclosures).set(patch).where(eq(disclosures.id, id)).returning();
  return row;
}

export async function insertDisclosure(db: Db, row: typeof disclosures.$inferInsert): Promise<DisclosureRow> {
  const [created] = await db.insert(disclosures).values(row).returning();
  return created;
}

export async function listDisclosures(db: Db, f: { where: SQL[]; limit: number; offset: number }) {
  const where = and(...f.where);
  const rows = await db
    .select()
    .from(disclosures)
    .where(where)
    .orderBy(desc(disclosures.dueAt))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(disclosures).where(where);
  return { rows, total: Number(total) };
}

/** Unpublished obligations past due that no one was told about yet. */
export async function listNewlyOverdue(db: Db, now: Date, limit: number) {
  return db
    .select()
    .from(disclosures)
    .where(
      and(
        sql`${disclosures.publishedAt} IS NULL`,
        lt(disclosures.dueAt, now),
        sql`${disclosures.overdueAlertedAt} IS NULL`,
      ),
    )
    .orderBy(asc(disclosures.dueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function listProjectsNeedingTimers(db: Db): Promise<ProjectRow[]> {
  return db
    .select()
    .from(donationProjects)
    .where(inArray(donationProjects.status, ['open', 'closed']));
}

export async function paidPayoutsOfFund(db: Db, fundId: number) {
  return db
    .select()
    .from(payouts)
    .where(and(eq(payouts.fundId, fundId), eq(payouts.status, 'paid')));
}

export const disclosureColumns = {
  orgId: disclosures.orgId,
  projectId: disclosures.projectId,
  publishedAt: disclosures.publishedAt,
  dueAt: disclosures.dueAt,
};

// ------------------------------------------------------------------------------------------------ open data

/** A project's gifts, paid payouts and done reversals after a ledger index, each kind oldest first (keyset pages). */
export async function projectTransactionsAfter(db: Db, projectId: number, after: number, limit: number) {
  const [gifts, paid, reversed] = await Promise.all([
    db
      .select()
      .from(donations)
      .where(and(eq(donations.projectId, projectId), sql`${donations.ledgerIndex} > ${after}`))
      .orderBy(asc(donations.ledgerIndex))
      .limit(limit),
    db
      .select()
      .from(payouts)
      .where(and(eq(payouts.projectId, projectId), eq(payouts.status, 'paid'), sql`${payouts.ledgerIndex} > ${after}`))
      .orderBy(asc(payouts.ledgerIndex))
      .limit(limit),
    db
      .select({ reversal: donationReversals, donationNo: donations.donationNo })
      .from(donationReversals)
      .innerJoin(
        donations,
        and(eq(donations.id, donationReversals.donationId), eq(donations.regionId, donationReversals.regionId)),
      )
      .where(
        and(
          eq(donations.projectId, projectId),
          eq(donationReversals.status, 'done'),
          sql`${donationReversals.ledgerIndex} > ${after}`,
        ),
      )
      .orderBy(asc(donationReversals.ledgerIndex))
      .limit(limit),
  ]);
  return { gifts, paid, reversed };
}

/** What a fund paid out so far: ordinary payouts, and management fees (paid or pending). */
export async function payoutTotalsOfFund(db: Db, fundId: number) {
  const rows = await db
    .select({ isFee: payouts.isManagementFee, status: payouts.status, total: sum(payouts.amountFen) })
    .from(payouts)
    .where(and(eq(payouts.fundId, fundId), inArray(payouts.status, ['paid', 'pending'])))
    .groupBy(payouts.isManagementFee, payouts.status);
  let paidFen = 0;
  let feesFen = 0;
  for (const r of rows) {
    if (r.isFee) {
      feesFen += num(r.total);
    } else if (r.status === 'paid') {
      paidFen += num(r.total);
    }
  }
  return { paidFen, feesFen };
}

// ------------------------------------------------------------------------------------------------ project pages

export async function listProjectGifts(db: Db, projectId: number, limit: number, offset: number) {
  const where = eq(donations.projectId, projectId);
  const rows = await db
    .select()
    .from(donations)
    .where(where)
    .orderBy(desc(donations.ledgerIndex))
    .limit(limit)
    .offset(offset);
  const [{ total }] = await db.select({ total: count() }).from(donations).where(where);
  return { rows, total: Number(total) };
}

export async function listProjectPayouts(db: Db, projectId: number, limit: number, offset: number) {
  const where = and(eq(payouts.projectId, projectId), eq(payouts.status, 'paid'));
  const rows = await db
    .select()
    .from(payouts)
    .where(where)
    .orderBy(desc(payouts.ledgerIndex))
    .limit(limit)
    .offset(offset);
  const [{ total }] = await db.select({ total: count() }).from(payouts).where(where);
  return { rows, total: Number(total) };
}

/** Money into a project by channel (refunds excluded), and out of its fund by purpose. */
export async function projectFlows(db: Db, projectId: number, fundId: number | null) {
  const inflow = await db
    .select({ channel: donations.channel, total: sum(donations.amountFen) })
    .from(donations)
    .where(and(eq(donations.projectId, projectId), notRefunded))
    .groupBy(donations.channel);
  const outflow = fundId
    ? await db
        .select({ purpose: payouts.purpose, total: sum(payouts.amountFen) })
        .from(payouts)
        .where(and(eq(payouts.fundId, fundId), eq(payouts.status, 'paid')))
        .groupBy(payouts.purpose)
    : [];
  const moved = fundId
    ? await db
        .select({ toFundId: fundAllocations.toFundId, total: sum(fundAllocations.amountFen) })
        .from(fundAllocations)
        .where(and(eq(fundAllocations.fromFundId, fundId), eq(fundAllocations.status, 'done')))
        .groupBy(fundAllocations.toFundId)
    : [];
  return {
    inflow: inflow.map((r) => ({ channel: r.channel, totalFen: num(r.total) })),
    outflow: outflow.map((r) => ({ purpose: r.purpose, totalFen: num(r.total) })),
    moved: moved.map((r) => ({ toFundId: r.toFundId, totalFen: num(r.total) })),
  };
}

export async function markNotificationReviewed(db: Db, id: string, by: string, at: Date) {
  const [row] = await db
    .update(paymentNotifications)
    .set({ reviewedBy: by, reviewedAt: at })
    .where(and(eq(paymentNotifications.id, id), sql`${paymentNotifications.reviewedAt} IS NULL`))
    .returning();
  return row;
}

export async function findNotification(db: Db, id: string) {
  const [row] = await db.select().from(paymentNotifications).where(eq(paymentNotifications.id, id));
  return row;
}

/** The progress records of gift imports. */
export const giftImportRecords = importStore(giftImports);
