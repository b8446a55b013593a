// Queries for accounts, sessions and one-time codes. loadSessionActor is the per-request hot path: one query,
// and the one declared exception to table ownership (it reads grants, roles and org paths in the same join).
import { and, count, desc, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { orgs } from '../../modules/orgs/orgs.tables';
import { grants, roles } from '../rbac/rbac.tables';
import { otpCodes, publicAccounts, sessions, users } from './auth.tables';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export type SessionActorRow = {
  userId: string | null;
  username: string | null;
  displayName: string | null;
  userActive: boolean | null;
  publicAccountId: string | null;
  phoneMasked: string | null;
  lastSeenAt: Date;
  grantId: string | null;
  roleId: string | null;
  orgId: number | null;
  orgPath: string | null;
  permissions: string[] | null;
};

function buildSessionQuery(db: Db) {
  return db
    .select({
      userId: sessions.userId,
      username: users.username,
      displayName: users.displayName,
      userActive: users.isActive,
      publicAccountId: sessions.publicAccountId,
      phoneMasked: publicAccounts.phoneMasked,
      lastSeenAt: sessions.lastSeenAt,
      grantId: grants.id,
      roleId: grants.roleId,
      orgId: grants.orgId,
      orgPath: orgs.path,
      permissions: roles.permissions,
    })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .leftJoin(publicAccounts, eq(publicAccounts.id, sessions.publicAccountId))
    .leftJoin(grants, and(eq(grants.userId, sessions.userId), isNull(grants.revokedAt)))
    .leftJoin(roles, eq(roles.id, grants.roleId))
    .leftJoin(orgs, and(eq(orgs.id, grants.orgId), eq(orgs.isActive, true)))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare('boai_load_session');
}

// One prepared statement per database handle: on PostgreSQL the server keeps its plan per connection, and planning
// this five-way join costs more than running it (see docs/benchmarks.md).
const sessionQueries = new WeakMap<Db, ReturnType<typeof buildSessionQuery>>();

export async function loadSessionActor(db: Db, tokenHash: string, now: Date): Promise<SessionActorRow[]> {
  let query = sessionQueries.get(db);
  if (!query) {
    query = buildSessionQuery(db);
    sessionQueries.set(db, query);
  }
  return query.execute({ tokenHash, now: now.toISOString() });
}

export async function touchSession(db: Db, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.tokenHash, tokenHash));
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(db: Db, userId: string, now: Date, exceptHash?: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptHash ? sql`${sessions.tokenHash} <> ${exceptHash}` : undefined,
      ),
    )
    .returning({ h: sessions.tokenHash });
  return rows.length;
}

export async function revokePublicSessions(db: Db, accountId: string, now: Date): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.publicAccountId, accountId), isNull(sessions.revokedAt)))
    .returning({ h: sessions.tokenHash });
  return rows.length;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function updateUser(db: Db, id: string, patch: Partial<typeof users.$inferInsert>): Promise<UserRow> {
  const [row] = await db.update(users).set(patch).where(eq(users.id, id)).returning();
  return row;
}

/**
 * Counts a sign-in try before its password is checked and returns the new count; undefined when the account is
 * locked or `max` tries are already under way. Counting first keeps concurrent guesses within the lockout limit.
 */
export async function takeSignInAttempt(db: Db, id: string, now: Date, max: number): Promise<number | undefined> {
  const [row] = await db
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(
      and(eq(users.id, id), lt(users.failedLogins, max), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))),
    )
    .returning({ n: users.failedLogins });
  return row?.n;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<UserRow> {
  const [created] = await db.insert(users).values(row).returning();
  return created;
}

export async function insertOtp(db: Db, row: typeof otpCodes.$inferInsert): Promise<void> {
  await db.insert(otpCodes).values(row);
}

export async function countOtpsSince(db: Db, by: { phoneHash?: string; ip?: string }, since: Date): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(otpCodes)
    .where(
      and(
        gt(otpCodes.createdAt, since),
        by.phoneHash ? eq(otpCodes.phoneHash, by.phoneHash) : undefined,
        by.ip ? eq(otpCodes.ip, by.ip) : undefined,
      ),
    );
  return Number(n);
}

export async function findLatestOpenOtp(db: Db, phoneHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(otpCodes)
    .where(and(eq(otpCodes.phoneHash, phoneHash), isNull(otpCodes.consumedAt), gt(otpCodes.expiresAt, now)))
    .orderBy(desc(otpCodes.createdAt))
    .limit(1);
  return row;
}

/**
 * Counts one try against an open code, at most `max` in all, and returns the new count; undefined when the code
 * has no tries left or is consumed. Counting before comparing keeps concurrent guesses within the limit.
 */
export async function addOtpAttempt(db: Db, id: string, max: number): Promise<number | undefined> {
  const [row] = await db
    .update(otpCodes)
    .set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt), lt(otpCodes.attempts, max)))
    .returning({ n: otpCodes.attempts });
  return row?.n;
}

/** Serialises code requests per phone and per address for the rest of the transaction, so rate limits hold. */
export async function lockOtpRequests(db: Db, phoneHash: string, ip: string | null): Promise<void> {
  // Two-key advisory locks: class 1 = phone, class 2 = address; always in this order, so no deadlock.
  await db.execute(sql`SELECT pg_advisory_xact_lock(1, hashtext(${phoneHash}))`);
  if (ip) {
    await db.execute(sql`SELECT pg_advisory_xact_lock(2, hashtext(${ip}))`);
  }
}

/** Consumes a code exactly once: a concurrent second use finds it consumed and gets false. */
export async function consumeOtp(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(otpCodes)
    .set({ consumedAt: now })
    .where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt)))
    .returning({ id: otpCodes.id });
  return rows.length === 1;
}

export async function findPublicAccountByPhoneHash(db: Db, phoneHash: string) {
  const [row] = await db.select().from(publicAccounts).where(eq(publicAccounts.phoneHash, phoneHash));
  return row;
}

export async function insertPublicAccount(db: Db, row: typeof publicAccounts.$inferInsert) {
  const [created] = await db.insert(publicAccounts).values(row).onConflictDoNothing().returning();
  return created ?? (await findPublicAccountByPhoneHash(db, row.phoneHash));
}

export async function touchPublicAccount(db: Db, id: string, now: Date): Promise<void> {
  await db.update(publicAccounts).set({ lastLoginAt: now }).where(eq(publicAccounts.id, id));
}

export async function findPublicAccountById(db: Db, id: string) {
  const [row] = await db.select().from(publicAccounts).where(eq(publicAccounts.id, id));
  return row;
}

export async function findUserNames(db: Db, ids: string[]): Promise<{ id: string; displayName: string }[]> {
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (uuids.length === 0) {
    return [];
  }
  return db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, uuids));
}
