// Receipts data access: the only file that touches the receipts tables.
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { fiscalReceiptCounters, fiscalReceipts, receiptRequests } from './receipts.tables';

export type { ReceiptLine } from './receipts.tables';
export type RequestRow = typeof receiptRequests.$inferSelect;
export type ReceiptRow = typeof fiscalReceipts.$inferSelect;

/** Columns the service builds scope and filter conditions on. */
export const columns = {
  request: {
    orgId: receiptRequests.orgId,
    status: receiptRequests.status,
    donationId: receiptRequests.donationId,
    requestedAt: receiptRequests.requestedAt,
  },
  receipt: { orgId: fiscalReceipts.orgId, donationId: fiscalReceipts.donationId, kind: fiscalReceipts.kind },
};

/** Receipts matching a search: the number (10 digits, or code-number), the gift's number, or part of the payer. */
export function receiptSearchCondition(text: string): SQL {
  const numbered = /^(\d{8})[-\s]?(\d{10})$/.exec(text);
  if (numbered) {
    return and(eq(fiscalReceipts.receiptCode, numbered[1]), eq(fiscalReceipts.receiptNumber, numbered[2]))!;
  }
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    eq(fiscalReceipts.receiptNumber, text),
    eq(fiscalReceipts.donationNo, text.toUpperCase()),
    ilike(fiscalReceipts.payerName, pattern),
  )!;
}

// ------------------------------------------------------------------------------------------------ numbering

/**
 * Takes the next number under a receipt code: creates the counter at 1 or increments it, and holds the row lock
 * until the caller's transaction ends, so concurrent issuers queue here and each gets the next number.
 */
export async function takeNextNumber(db: Db, receiptCode: string): Promise<number> {
  const [row] = await db
    .insert(fiscalReceiptCounters)
    .values({ receiptCode, lastNumber: 1 })
    .onConflictDoUpdate({
      target: fiscalReceiptCounters.receiptCode,
      set: { lastNumber: sql`${fiscalReceiptCounters.lastNumber} + 1`, updatedAt: sql`now()` },
    })
    .returning({ lastNumber: fiscalReceiptCounters.lastNumber });
  return row.lastNumber;
}

export async function findLastNumber(db: Db, receiptCode: string): Promise<number | undefined> {
  const [row] = await db
    .select({ lastNumber: fiscalReceiptCounters.lastNumber })
    .from(fiscalReceiptCounters)
    .where(eq(fiscalReceiptCounters.receiptCode, receiptCode));
  return row?.lastNumber;
}

// ------------------------------------------------------------------------------------------------ requests

export async function insertRequest(db: Db, row: typeof receiptRequests.$inferInsert): Promise<RequestRow> {
  const [created] = await db.insert(receiptRequests).values(row).returning();
  return created;
}

export async function findRequestById(db: Db, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(receiptRequests).where(eq(receiptRequests.id, id));
  return row;
}

/** Locks a request: issuing and refusing it are decided once. */
export async function lockRequest(db: Db, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(receiptRequests).where(eq(receiptRequests.id, id)).for('update');
  return row;
}

export async function updateRequest(db: Db, r: RequestRow, patch: Partial<RequestRow>): Promise<RequestRow> {
  const [row] = await db
    .update(receiptRequests)
    .set(patch)
    .where(and(eq(receiptRequests.regionId, r.regionId), eq(receiptRequests.id, r.id)))
    .returning();
  return row;
}

export async function findPendingRequest(
  db: Db,
  regionId: number,
  donationId: string,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .select()
    .from(receiptRequests)
    .where(
      and(
        eq(receiptRequests.regionId, regionId),
        eq(receiptRequests.donationId, donationId),
        eq(receiptRequests.status, 'requested'),
      ),
    );
  return row;
}

export async function latestRequestForDonation(
  db: Db,
  regionId: number,
  donationId: string,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .select()
    .from(receiptRequests)
    .where(and(eq(receiptRequests.regionId, regionId), eq(receiptRequests.donationId, donationId)))
    .orderBy(desc(receiptRequests.requestedAt))
    .limit(1);
  return row;
}

export async function listRequests(db: Db, f: { where: SQL[]; limit: number; offset: number }) {
  const where = and(...f.where);
  const rows = await db
    .select()
    .from(receiptRequests)
    .where(where)
    .orderBy(asc(receiptRequests.requestedAt), asc(receiptRequests.id))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(receiptRequests).where(where);
  return { rows, total };
}

// ------------------------------------------------------------------------------------------------ receipts

export async function insertReceipt(db: Db, row: typeof fiscalReceipts.$inferInsert): Promise<ReceiptRow> {
  const [created] = await db.insert(fiscalReceipts).values(row).returning();
  return created;
}

export async function findReceiptById(db: Db, id: string): Promise<ReceiptRow | undefined> {
  const [row] = await db.select().from(fiscalReceipts).where(eq(fiscalReceipts.id, id));
  return row;
}

export async function findReceiptByNumber(
  db: Db,
  receiptCode: string,
  receiptNumber: string,
): Promise<ReceiptRow | undefined> {
  const [row] = await db
    .select()
    .from(fiscalReceipts)
    .where(and(eq(fiscalReceipts.receiptCode, receiptCode), eq(fiscalReceipts.receiptNumber, receiptNumber)));
  return row;
}

/** The reversal of an original, if any (same region: a reversal lives beside its original). */
export async function findReversalOf(db: Db, original: ReceiptRow): Promise<ReceiptRow | undefined> {
  const [row] = await db
    .select()
    .from(fiscalReceipts)
    .where(
      and(
        eq(fiscalReceipts.regionId, original.regionId),
        eq(fiscalReceipts.kind, 'void'),
        eq(fiscalReceipts.voidsReceiptId, original.id),
      ),
    );
  return row;
}

/** Every document of a gift (originals and reversals), oldest first. */
export async function receiptsForDonation(db: Db, regionId: number, donationId: string): Promise<ReceiptRow[]> {
  return db
    .select()
    .from(fiscalReceipts)
    .where(and(eq(fiscalReceipts.regionId, regionId), eq(fiscalReceipts.donationId, donationId)))
    .orderBy(asc(fiscalReceipts.issuedAt), asc(fiscalReceipts.receiptNumber));
}

/** The reversals of the receipts among `ids`, keyed by the id of the original they cancel. */
export async function reversalsOf(db: Db, ids: string[]): Promise<Map<string, ReceiptRow>> {
  const out = new Map<string, ReceiptRow>();
  if (ids.length === 0) {
    return out;
  }
  const rows = await db
    .select()
    .from(fiscalReceipts)
    .where(and(eq(fiscalReceipts.kind, 'void'), inArray(fiscalReceipts.voidsReceiptId, ids)));
  for (const r of rows) {
    out.set(r.voidsReceiptId!, r);
  }
  return out;
}

export async function findReceiptsByIds(db: Db, ids: string[]): Promise<ReceiptRow[]> {
  return ids.length ? db.select().from(fiscalReceipts).where(inArray(fiscalReceipts.id, ids)) : [];
}

export async function listReceipts(db: Db, f: { where: SQL[]; limit: number; offset: number }) {
  const where = and(...f.where);
  const rows = await db
    .select()
    .from(fiscalReceipts)
    .where(where)
    .orderBy(desc(fiscalReceipts.issuedAt), desc(fiscalReceipts.receiptNumber))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(fiscalReceipts).where(where);
  return { rows, total };
}
