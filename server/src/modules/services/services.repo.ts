// Service-hall data access: the only file that touches the services tables.
import { and, asc, count, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import {
  serviceCategories,
  serviceItems,
  serviceRequestEvents,
  serviceRequests,
  serviceStatsRollup,
  workingCalendarDays,
} from './services.tables';

export type CategoryRow = typeof serviceCategories.$inferSelect;
export type ItemRow = typeof serviceItems.$inferSelect;
export type CalendarRow = typeof workingCalendarDays.$inferSelect;
export type RequestRow = typeof serviceRequests.$inferSelect;
export type RequestInsert = typeof serviceRequests.$inferInsert;
export type EventRow = typeof serviceRequestEvents.$inferSelect;
export type EventInsert = typeof serviceRequestEvents.$inferInsert;

/** Columns the service builds scope conditions on (orgs.orgScopeCondition takes a column). */
export const columns = { orgId: serviceRequests.orgId, filedAtOrgId: serviceRequests.filedAtOrgId };
export const rollupColumns = { orgId: serviceStatsRollup.orgId, regionId: serviceStatsRollup.regionId };

export const openStatuses = ['submitted', 'accepted', 'in_progress'];

// ------------------------------------------------------------------------------------------------ catalogue

export function listCategories(db: Db): Promise<CategoryRow[]> {
  return db.select().from(serviceCategories).orderBy(asc(serviceCategories.sortOrder), asc(serviceCategories.code));
}

export async function findCategory(db: Db, code: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(serviceCategories).where(eq(serviceCategories.code, code));
  return row;
}

export async function insertCategory(db: Db, row: typeof serviceCategories.$inferInsert): Promise<CategoryRow> {
  const [created] = await db.insert(serviceCategories).values(row).returning();
  return created;
}

export async function updateCategory(db: Db, code: string, patch: Partial<CategoryRow>): Promise<CategoryRow> {
  const [row] = await db
    .update(serviceCategories)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(serviceCategories.code, code))
    .returning();
  return row;
}

export function listItems(db: Db): Promise<ItemRow[]> {
  return db.select().from(serviceItems).orderBy(asc(serviceItems.sortOrder), asc(serviceItems.id));
}

export async function findItemByCode(db: Db, code: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(serviceItems).where(eq(serviceItems.code, code));
  return row;
}

export async function insertItem(db: Db, row: typeof serviceItems.$inferInsert): Promise<ItemRow> {
  const [created] = await db.insert(serviceItems).values(row).returning();
  return created;
}

export async function updateItem(db: Db, code: string, patch: Partial<ItemRow>): Promise<ItemRow> {
  const [row] = await db
    .update(serviceItems)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(serviceItems.code, code))
    .returning();
  return row;
}

/** Seeding: inserts categories and items whose code is not there yet; returns how many were new. */
export async function insertMissingCatalogue(
  db: Db,
  categories: (typeof serviceCategories.$inferInsert)[],
  items: (typeof serviceItems.$inferInsert)[],
): Promise<number> {
  let added = 0;
  if (categories.length > 0) {
    added += (await db.insert(serviceCategories).values(categories).onConflictDoNothing().returning()).length;
  }
  if (items.length > 0) {
    added += (
      await db
        .insert(serviceItems)
        .values(items)
        .onConflictDoNothing({ target: serviceItems.code })
        .returning({ id: serviceItems.id })
    ).length;
  }
  return added;
}

// ------------------------------------------------------------------------------------------------ calendar

export function listCalendarDays(db: Db, year?: number): Promise<CalendarRow[]> {
  const where = year
    ? and(gte(workingCalendarDays.day, `${year}-01-01`), lte(workingCalendarDays.day, `${year}-12-31`))
    : undefined;
  return db.select().from(workingCalendarDays).where(where).orderBy(asc(workingCalendarDays.day));
}

export async function listCoveredYears(db: Db): Promise<number[]> {
  const rows = await queryRows<{ year: number }>(
    db,
    sql`SELECT DISTINCT extract(year FROM ${workingCalendarDays.day})::int AS year FROM ${workingCalendarDays} ORDER BY 1`,
  );
  return rows.map((r) => Number(r.year));
}

export async function upsertCalendarDay(db: Db, row: typeof workingCalendarDays.$inferInsert): Promise<CalendarRow> {
  const [saved] = await db
    .insert(workingCalendarDays)
    .values(row)
    .onConflictDoUpdate({
      target: workingCalendarDays.day,
      set: { kind: row.kind, name: row.name, updatedBy: row.updatedBy, updatedAt: new Date() },
    })
    .returning();
  return saved;
}

export async function findCalendarDay(db: Db, day: string): Promise<CalendarRow | undefined> {
  const [row] = await db.select().from(workingCalendarDays).where(eq(workingCalendarDays.day, day));
  return row;
}

export async function deleteCalendarDay(db: Db, day: string): Promise<void> {
  await db.delete(workingCalendarDays).where(eq(workingCalendarDays.day, day));
}

export async function insertCalendarDays(db: Db, rows: (typeof workingCalendarDays.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) {
    await db.insert(workingCalendarDays).values(rows).onConflictDoNothing();
  }
}

// ------------------------------------------------------------------------------------------------ requests

export async function hasAnyRequest(db: Db): Promise<boolean> {
  const rows = await db.select({ id: serviceRequests.id }).from(serviceRequests).limit(1);
  return rows.length > 0;
}

export async function insertRequest(db: Db, row: RequestInsert): Promise<RequestRow> {
  const [created] = await db.insert(serviceRequests).values(row).returning();
  return created;
}

export async function insertRequests(db: Db, rows: RequestInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(serviceRequests).values(rows.slice(i, i + 500));
  }
}

/** A request by id (any region), locked for update when `lock` is set. */
export async function findRequest(db: Db, id: string, lock = false): Promise<RequestRow | undefined> {
  const q = db.select().from(serviceRequests).where(eq(serviceRequests.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateRequest(
  db: Db,
  key: { regionId: number; id: string },
  patch: Partial<RequestRow>,
): Promise<RequestRow> {
  const [row] = await db
    .update(serviceRequests)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(serviceRequests.regionId, key.regionId), eq(serviceRequests.id, key.id)))
    .returning();
  return row;
}

export async function insertEvent(db: Db, row: EventInsert): Promise<boolean> {
  const inserted = await db
    .insert(serviceRequestEvents)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: serviceRequestEvents.id });
  return inserted.length > 0;
}

export async function insertEvents(db: Db, rows: EventInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(serviceRequestEvents).values(rows.slice(i, i + 500));
  }
}

export function listEvents(db: Db, key: { regionId: number; requestId: string }): Promise<EventRow[]> {
  return db
    .select()
    .from(serviceRequestEvents)
    .where(and(eq(serviceRequestEvents.regionId, key.regionId), eq(serviceRequestEvents.requestId, key.requestId)))
    .orderBy(asc(serviceRequestEvents.at), asc(serviceRequestEvents.id));
}

export type QueueFilter = {
  scope: SQL;
  under?: SQL;
  itemId?: number;
  status?: string;
  /** Only requests whose deadline is on or before this date. */
  deadlineBy?: string;
  after?: { deadlineOn: string; id: string };
  limit: number;
};

/** Open requests by deadline (overdue first), keyset-paged on (deadline_on, id). */
export function listQueue(db: Db, f: QueueFilter): Promise<RequestRow[]> {
  const r = serviceRequests;
  const where: SQL[] = [inArray(r.status, f.status ? [f.status] : openStatuses), f.scope];
  if (f.under) {
    where.push(f.under);
  }
  if (f.itemId !== undefined) {
    where.push(eq(r.itemId, f.itemId));
  }
  if (f.deadlineBy) {
    where.push(lte(r.deadlineOn, f.deadlineBy));
  }
  if (f.after) {
    // A row comparison, so the index on (…, deadline_on, id) starts right after the last row shown.
    where.push(sql`(${r.deadlineOn}, ${r.id}) > (${f.after.deadlineOn}::date, ${f.after.id}::uuid)`);
  }
  return db
    .select()
    .from(r)
    .where(and(...where))
    .orderBy(asc(r.deadlineOn), asc(r.id))
    .limit(f.limit);
}

/** Open requests in scope, split by status and deadline. */
export async function countQueue(
  db: Db,
  f: { scope: SQL; under?: SQL; today: string; soon: string },
): Promise<{ open: number; submitted: number; overdue: number; dueSoon: number }> {
  const r = serviceRequests;
  const [row] = await db
    .select({
      open: count(),
      submitted: sql<number>`count(*) FILTER (WHERE ${r.status} = 'submitted')`,
      overdue: sql<number>`count(*) FILTER (WHERE ${r.deadlineOn} < ${f.today})`,
      dueSoon: sql<number>`count(*) FILTER (WHERE ${r.deadlineOn} >= ${f.today} AND ${r.deadlineOn} <= ${f.soon})`,
    })
    .from(r)
    .where(and(inArray(r.status, openStatuses), f.scope, ...(f.under ? [f.under] : [])));
  return {
    open: Number(row.open),
    submitted: Number(row.submitted),
    overdue: Number(row.overdue),
    dueSoon: Number(row.dueSoon),
  };
}

export type SearchFilter = {
  scope: SQL;
  under?: SQL;
  requestNo?: string;
  phoneHash?: string;
  itemId?: number;
  status?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
};

export async function searchRequests(db: Db, f: SearchFilter): Promise<{ rows: RequestRow[]; total: number }> {
  const r = serviceRequests;
  const where: SQL[] = [f.scope];
  if (f.under) {
    where.push(f.under);
  }
  if (f.requestNo) {
    where.push(eq(r.requestNo, f.requestNo.toUpperCase()));
  }
  if (f.phoneHash) {
    where.push(eq(r.applicantPhoneHash, f.phoneHash));
  }
  if (f.itemId !== undefined) {
    where.push(eq(r.itemId, f.itemId));
  }
  if (f.status) {
    where.push(eq(r.status, f.status));
  }
  if (f.from) {
    where.push(gte(r.submittedOn, f.from));
  }
  if (f.to) {
    where.push(lte(r.submittedOn, f.to));
  }
  const cond = and(...where);
  const [{ total }] = await db.select({ total: count() }).from(r).where(cond);
  const rows = await db
    .select()
    .from(r)
    .where(cond)
    .orderBy(desc(r.submittedAt), desc(r.id))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: Number(total) };
}

export async function listByPhone(
  db: Db,
  f: { phoneHash: string; status?: string; limit: number; offset: number },
): Promise<{ rows: RequestRow[]; total: number }> {
  const r = serviceRequests;
  const cond = and(eq(r.applicantPhoneHash, f.phoneHash), ...(f.status ? [eq(r.status, f.status)] : []));
  const [{ total }] = await db.select({ total: count() }).from(r).where(cond);
  const rows = await db
    .select()
    .from(r)
    .where(cond)
    .orderBy(desc(r.submittedAt), desc(r.id))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: Number(total) };
}

/** Open requests whose deadline is on or before `by` and that have no event with the alert's dedupe key yet. */
export function listAlertCandidates(db: Db, by: string, limit: number): Promise<RequestRow[]> {
  const r = serviceRequests;
  const e = serviceRequestEvents;
  return db
    .select()
    .from(r)
    .where(
      and(
        inArray(r.status, openStatuses),
        lte(r.deadlineOn, by),
        sql`NOT EXISTS (SELECT 1 FROM ${e} WHERE ${e.regionId} = ${r.regionId} AND ${e.requestId} = ${r.id}
              AND ${e.action} = 'alerted'
              AND ${e.dedupeKey} = 'overdue:' || ${r.id} || ':' || ${r.deadlineOn})`,
      ),
    )
    .orderBy(asc(r.deadlineOn), asc(r.id))
    .limit(limit);
}

// ------------------------------------------------------------------------------------------------ statistics

export type RollupDelta = Partial<{
  received: number;
  accepted: number;
  returned: number;
  refused: number;
  withdrawn: number;
  done: number;
  rejected: number;
  concludedOnTime: number;
  handlingDaysSum: number;
  ratings: number;
  starsSum: number;
  goodRatings: number;
}>;

/** The org_id of a rollup row that sums every unit of its region. */
export const regionTotal = 0;

const rollupCounters = [
  'received',
  'accepted',
  'returned',
  'refused',
  'withdrawn',
  'done',
  'rejected',
  'concludedOnTime',
  'handlingDaysSum',
  'ratings',
  'starsSum',
  'goodRatings',
] as const;

/**
 * Adds to the day row and the month row of a request's cohort (its first submission date), for its handling unit and
 * for its region as a whole (org_id 0: what the province's view of its cities reads).
 */
export async function bumpRollup(
  db: Db,
  key: { regionId: number; day: string; itemId: number; orgId: number },
  delta: RollupDelta,
): Promise<void> {
  const t = serviceStatsRollup;
  const values = Object.fromEntries(rollupCounters.map((c) => [c, delta[c] ?? 0]));
  const set = Object.fromEntries(
    rollupCounters.filter((c) => delta[c]).map((c) => [c, sql`${t[c]} + ${delta[c] ?? 0}`]),
  );
  if (Object.keys(set).length === 0) {
    return;
  }
  const base = { regionId: key.regionId, itemId: key.itemId, orgId: key.orgId, ...values };
  await db
    .insert(t)
    .values([
      { ...base, grain: 'day', period: key.day },
      { ...base, grain: 'month', period: `${key.day.slice(0, 7)}-01` },
      { ...base, orgId: regionTotal, grain: 'day', period: key.day },
      { ...base, orgId: regionTotal, grain: 'month', period: `${key.day.slice(0, 7)}-01` },
    ])
    .onConflictDoUpdate({ target: [t.regionId, t.grain, t.period, t.itemId, t.orgId], set });
}

/** Bulk loading (demo data, benchmarks): adds whole rollup rows, summing rows with the same key. */
export async function addRollupRows(db: Db, rows: (typeof serviceStatsRollup.$inferInsert)[]): Promise<void> {
  const t = serviceStatsRollup;
  const set = Object.fromEntries(rollupCounters.map((c) => [c, sql.raw(`${t[c].name} + excluded.${t[c].name}`)]));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(t)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({ target: [t.regionId, t.grain, t.period, t.itemId, t.orgId], set });
  }
}

export type StatsCell = {
  itemId: number;
  unitId: number;
  month: string;
  received: number;
  accepted: number;
  returned: number;
  refused: number;
  withdrawn: number;
  done: number;
  rejected: number;
  concludedOnTime: number;
  handlingDaysSum: number;
  ratings: number;
  starsSum: number;
  goodRatings: number;
};

/**
 * Sums of the rollup per item, unit bucket and month: whole months from the month rows, the partial months at the
 * range's ends from the day rows. `unitOf` maps a row's org to its bucket (a child of the chosen unit).
 */
export async function sumRollup(
  db: Db,
  f: {
    where: SQL;
    unitOf: SQL;
    months: [string, string] | null;
    dayRanges: [string, string][];
    itemId?: number;
  },
): Promise<StatsCell[]> {
  const t = serviceStatsRollup;
  const periods: SQL[] = [];
  if (f.months) {
    periods.push(sql`(${t.grain} = 'month' AND ${t.period} BETWEEN ${f.months[0]} AND ${f.months[1]})`);
  }
  for (const [a, b] of f.dayRanges) {
    periods.push(sql`(${t.grain} = 'day' AND ${t.period} BETWEEN ${a} AND ${b})`);
  }
  if (periods.length === 0) {
    return [];
  }
  const sums = rollupCounters.map((c) => sql`sum(${t[c]})::bigint AS ${sql.identifier(c)}`);
  const rows = await queryRows<Record<string, string | number>>(
    db,
    sql`SELECT ${t.itemId} AS "itemId", ${f.unitOf} AS "unitId", to_char(${t.period}, 'YYYY-MM') AS month,
          ${sql.join(sums, sql`, `)}
        FROM ${t}
        WHERE (${sql.join(periods, sql` OR `)}) AND ${f.where}
          ${f.itemId !== undefined ? sql`AND ${t.itemId} = ${f.itemId}` : sql``}
        GROUP BY 1, 2, 3`,
  );
  return rows.map((r) => {
    const cell: Record<string, number | string> = { month: String(r.month) };
    for (const k of ['itemId', 'unitId', ...rollupCounters]) {
      cell[k] = Number(r[k]);
    }
    return cell as StatsCell;
  });
}

/**
 * Rebuilds the statistics rollup from the requests and their return events (after bulk loading, or to check the
 * incremental one): the same figures every transition adds, recomputed in two set-based statements.
 */
export async function rebuildStatsRollup(db: Db): Promise<void> {
  const r = serviceRequests;
  const e = serviceRequestEvents;
  await db.delete(serviceStatsRollup);
  for (const grain of ['day', 'month'] as const) {
    const period = grain === 'day' ? sql`${r.submittedOn}` : sql`date_trunc('month', ${r.submittedOn})::date`;
    await db.execute(sql`
      INSERT INTO ${serviceStatsRollup} (region_id, grain, period, item_id, org_id, received, accepted, returned, refused,
        withdrawn, done, rejected, concluded_on_time, handling_days_sum, ratings, stars_sum, good_ratings)
      SELECT ${r.regionId}, ${grain}, ${period}, ${r.itemId}, ${r.orgId}, count(*),
        count(*) FILTER (WHERE ${r.acceptedAt} IS NOT NULL),
        coalesce(sum(ret.n), 0),
        count(*) FILTER (WHERE ${r.status} = 'refused'),
        count(*) FILTER (WHERE ${r.status} = 'withdrawn'),
        count(*) FILTER (WHERE ${r.status} = 'done'),
        count(*) FILTER (WHERE ${r.status} = 'rejected'),
        count(*) FILTER (WHERE ${r.status} IN ('done', 'rejected') AND ${r.isOnTime}),
        coalesce(sum(${r.handlingDays}) FILTER (WHERE ${r.status} IN ('done', 'rejected')), 0),
        count(${r.stars}),
        coalesce(sum(${r.stars}), 0),
        count(*) FILTER (WHERE ${r.stars} >= 4)
      FROM ${r}
      LEFT JOIN (SELECT ${e.regionId} AS region_id, ${e.requestId} AS request_id, count(*) AS n FROM ${e}
                 WHERE ${e.action} = 'returned' GROUP BY 1, 2) ret
        ON ret.region_id = ${r.regionId} AND ret.request_id = ${r.id}
      GROUP BY 1, 2, 3, 4, 5`);
  }
  const t = serviceStatsRollup;
  const cols = rollupCounters.map((c) => sql.identifier(t[c].name));
  await db.execute(sql`
    INSERT INTO ${t} (region_id, grain, period, item_id, org_id, ${sql.join(cols, sql`, `)})
    SELECT region_id, grain, period, item_id, ${regionTotal}, ${sql.join(
      cols.map((c) => sql`sum(${c})`),
      sql`, `,
    )}
    FROM ${t} GROUP BY 1, 2, 3, 4`);
}
