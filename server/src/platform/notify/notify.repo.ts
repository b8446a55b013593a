// Outbox rows: insert, claim due messages, record outcomes, list for the admin page.
import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { outboxMessages } from './notify.tables';

export type OutboxRow = typeof outboxMessages.$inferSelect;

/** Inserts a message; false when its dedupe key was already queued (nothing inserted). */
export async function insertMessage(db: Db, row: typeof outboxMessages.$inferInsert): Promise<boolean> {
  const rows = await db.insert(outboxMessages).values(row).onConflictDoNothing().returning({ id: outboxMessages.id });
  return rows.length === 1;
}

/** Claims up to `limit` due messages with a 2-minute lease (status 'sending'); expired leases are reclaimed. */
export async function claimDue(db: Db, limit: number): Promise<OutboxRow[]> {
  const claimed = await queryRows<{ id: string }>(
    db,
    sql`
    UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1, next_attempt_at = now() + interval '2 minutes'
    WHERE id IN (
      SELECT id FROM outbox_messages
      WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`,
  );
  const ids = claimed.map((r) => r.id);
  if (ids.length === 0) {
    return [];
  }
  return db
    .select()
    .from(outboxMessages)
    .where(
      sql`${outboxMessages.id} IN (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    );
}

export async function markSent(db: Db, id: string, adapter: string): Promise<void> {
  await db
    .update(outboxMessages)
    .set({ status: 'sent', sentAt: new Date(), adapter, lastError: null })
    .where(eq(outboxMessages.id, id));
}

export async function markFailed(db: Db, id: string, error: string, nextAttemptAt: Date | null): Promise<void> {
  await db
    .update(outboxMessages)
    .set({
      status: nextAttemptAt ? 'pending' : 'dead',
      lastError: error.slice(0, 2000),
      nextAttemptAt: nextAttemptAt ?? new Date(),
    })
    .where(eq(outboxMessages.id, id));
}

export async function listMessages(db: Db, f: { status?: string; channel?: string; limit: number; offset: number }) {
  const where: SQL[] = [];
  if (f.status) {
    where.push(eq(outboxMessages.status, f.status));
  }
  if (f.channel) {
    where.push(eq(outboxMessages.channel, f.channel));
  }
  const [{ total }] = await db
    .select({ total: count() })
    .from(outboxMessages)
    .where(and(...where));
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(and(...where))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: Number(total) };
}
