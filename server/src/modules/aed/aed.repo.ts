// AED registry data access: devices, guardians, tasks, inspections, self-tests, usage reports, device-code counters and
// the Excel imports. The only importer of aed.tables.ts for the registry (part B's public files keep their own repo).
// Every query on a large table names region_id when the region is known.
import { and, asc, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { importStore } from '../../platform/imports/imports.repo';
import {
  aedCodeCounters,
  aedGuardians,
  aedImports,
  aedInspections,
  aedSelfTests,
  aeds,
  aedTasks,
  aedUsages,
} from './aed.tables';

export type AedRow = typeof aeds.$inferSelect;
export type AedInsert = typeof aeds.$inferInsert;
export type GuardianRow = typeof aedGuardians.$inferSelect;
export type GuardianInsert = typeof aedGuardians.$inferInsert;
export type TaskRow = typeof aedTasks.$inferSelect;
export type TaskInsert = typeof aedTasks.$inferInsert;
export type InspectionRow = typeof aedInspections.$inferSelect;
export type InspectionInsert = typeof aedInspections.$inferInsert;
export type SelfTestRow = typeof aedSelfTests.$inferSelect;
export type UsageRow = typeof aedUsages.$inferSelect;
export type UsageInsert = typeof aedUsages.$inferInsert;

export const columns = { aed: aeds, task: aedTasks };
export const importRecords = importStore(aedImports);

// ------------------------------------------------------------------------------------------------ devices

/** Reserves `n` consecutive sequence numbers for an administrative code; returns the first. */
export async function reserveCodes(db: Db, prefix: string, n: number): Promise<number> {
  const [row] = await db
    .insert(aedCodeCounters)
    .values({ prefix, last: n })
    .onConflictDoUpdate({ target: aedCodeCounters.prefix, set: { last: sql`${aedCodeCounters.last} + ${n}` } })
    .returning({ last: aedCodeCounters.last });
  return row.last - n + 1;
}

export async function insertAeds(db: Db, rows: AedInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(aeds).values(rows.slice(i, i + 500));
  }
}

export async function findAedById(db: Db, id: string): Promise<AedRow | undefined> {
  const [row] = await db.select().from(aeds).where(eq(aeds.id, id));
  return row;
}

export async function findAedByCode(db: Db, code: string): Promise<AedRow | undefined> {
  const [row] = await db.select().from(aeds).where(eq(aeds.code, code));
  return row;
}

/** The device row under FOR UPDATE (status changes, telemetry, key issue serialise on it). */
export async function lockAed(db: Db, regionId: number, id: string): Promise<AedRow | undefined> {
  const [row] = await db
    .select()
    .from(aeds)
    .where(and(eq(aeds.regionId, regionId), eq(aeds.id, id)))
    .for('update');
  return row;
}

export async function updateAed(db: Db, regionId: number, id: string, patch: Partial<AedInsert>): Promise<AedRow> {
  const [row] = await db
    .update(aeds)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(aeds.regionId, regionId), eq(aeds.id, id)))
    .returning();
  return row;
}

/** Devices already registered with one of these (brand, serial) pairs, in any region. */
export async function findSerials(db: Db, pairs: { brand: string; serialNo: string }[]) {
  if (pairs.length === 0) {
    return [];
  }
  return db
    .select({ id: aeds.id, brand: aeds.brand, serialNo: aeds.serialNo, code: aeds.code })
    .from(aeds)
    .where(inArray(aeds.serialNo, [...new Set(pairs.map((p) => p.serialNo))]));
}

export async function listAeds(db: Db, where: SQL | undefined, page: { limit: number; offset: number }) {
  const rows = await db.select().from(aeds).where(where).orderBy(asc(aeds.code)).limit(page.limit).offset(page.offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(aeds).where(where);
  return { rows, total: Number(n) };
}

export async function openTaskCounts(db: Db, aedIds: string[]): Promise<Map<string, number>> {
  if (aedIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ aedId: aedTasks.aedId, n: sql<number>`count(*)::int` })
    .from(aedTasks)
    .where(and(inArray(aedTasks.aedId, aedIds), eq(aedTasks.status, 'open')))
    .groupBy(aedTasks.aedId);
  return new Map(rows.map((r) => [r.aedId, Number(r.n)]));
}

/** SQL: the device has an open task due on or before `date`. */
export function hasTaskDueBy(date: string): SQL {
  return sql`exists (select 1 from ${aedTasks} t where t.region_id = ${aeds.regionId} and t.aed_id = ${aeds.id}
    and t.status = 'open' and t.due_on <= ${date}::date)`;
}

// ------------------------------------------------------------------------------------------------ guardians

export async function listGuardians(db: Db, regionId: number, aedIds: string[]): Promise<GuardianRow[]> {
  if (aedIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(aedGuardians)
    .where(and(eq(aedGuardians.regionId, regionId), inArray(aedGuardians.aedId, aedIds)))
    .orderBy(asc(aedGuardians.position));
}

export async function replaceGuardians(db: Db, regionId: number, aedId: string, rows: GuardianInsert[]): Promise<void> {
  await db.delete(aedGuardians).where(and(eq(aedGuardians.regionId, regionId), eq(aedGuardians.aedId, aedId)));
  await insertGuardians(db, rows);
}

export async function insertGuardians(db: Db, rows: GuardianInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(aedGuardians).values(rows.slice(i, i + 500));
  }
}

export async function isGuardian(db: Db, regionId: number, aedId: string, phoneHash: string): Promise<boolean> {
  const [row] = await db
    .select({ id: aedGuardians.id })
    .from(aedGuardians)
    .where(
      and(eq(aedGuardians.regionId, regionId), eq(aedGuardians.aedId, aedId), eq(aedGuardians.phoneHash, phoneHash)),
    );
  return !!row;
}

/** Devices whose guardian list holds this phone (blind index). */
export async function aedIdsOfGuardian(db: Db, phoneHash: string): Promise<{ regionId: number; aedId: string }[]> {
  return db
    .select({ regionId: aedGuardians.regionId, aedId: aedGuardians.aedId })
    .from(aedGuardians)
    .where(eq(aedGuardians.phoneHash, phoneHash));
}

// ------------------------------------------------------------------------------------------------ tasks

/** Raises a task unless the device already has an open one of the kind; returns it when new. */
export async function insertTaskIfNone(db: Db, row: TaskInsert): Promise<TaskRow | undefined> {
  const [created] = await db
    .insert(aedTasks)
    .values(row)
    .onConflictDoNothing({
      target: [aedTasks.regionId, aedTasks.aedId, aedTasks.kind],
      where: sql`status = 'open' and kind <> 'public_report'`,
    })
    .returning();
  return created;
}

export async function insertTask(db: Db, row: TaskInsert): Promise<TaskRow> {
  const [created] = await db.insert(aedTasks).values(row).returning();
  return created;
}

export async function findTask(db: Db, regionId: number, id: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .select()
    .from(aedTasks)
    .where(and(eq(aedTasks.regionId, regionId), eq(aedTasks.id, id)));
  return row;
}

export async function listTasksOf(db: Db, regionId: number, aedId: string): Promise<TaskRow[]> {
  return db
    .select()
    .from(aedTasks)
    .where(and(eq(aedTasks.regionId, regionId), eq(aedTasks.aedId, aedId)))
    .orderBy(desc(aedTasks.createdAt))
    .limit(100);
}

/** Closes the device's open tasks of these kinds; returns the closed ones. */
export async function closeOpenTasks(
  db: Db,
  regionId: number,
  aedId: string,
  kinds: string[],
  close: { by: string; note: string; status?: 'done' | 'cancelled' },
): Promise<TaskRow[]> {
  if (kinds.length === 0) {
    return [];
  }
  return db
    .update(aedTasks)
    .set({ status: close.status ?? 'done', closedAt: new Date(), closedBy: close.by, closeNote: close.note })
    .where(
      and(
        eq(aedTasks.regionId, regionId),
        eq(aedTasks.aedId, aedId),
        eq(aedTasks.status, 'open'),
        inArray(aedTasks.kind, kinds),
      ),
    )
    .returning();
}

export async function closeTask(
  db: Db,
  regionId: number,
  id: string,
  close: { by: string; note: string },
): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(aedTasks)
    .set({ status: 'done', closedAt: new Date(), closedBy: close.by, closeNote: close.note })
    .where(and(eq(aedTasks.regionId, regionId), eq(aedTasks.id, id), eq(aedTasks.status, 'open')))
    .returning();
  return row;
}

export async function hasOpenTask(db: Db, regionId: number, aedId: string, kinds: string[]): Promise<boolean> {
  const [row] = await db
    .select({ id: aedTasks.id })
    .from(aedTasks)
    .where(
      and(
        eq(aedTasks.regionId, regionId),
        eq(aedTasks.aedId, aedId),
        eq(aedTasks.status, 'open'),
        inArray(aedTasks.kind, kinds),
      ),
    )
    .limit(1);
  return !!row;
}

/** Open tasks due on or before `by` in the scope, soonest first, with their device. */
export async function listDueTasks(db: Db, where: SQL | undefined, by: string, kind?: string) {
  return db
    .select({ task: aedTasks, aed: aeds })
    .from(aedTasks)
    .innerJoin(aeds, and(eq(aeds.regionId, aedTasks.regionId), eq(aeds.id, aedTasks.aedId)))
    .where(
      and(
        eq(aedTasks.status, 'open'),
        sql`${aedTasks.dueOn} <= ${by}::date`,
        kind ? eq(aedTasks.kind, kind) : undefined,
        where,
      ),
    )
    .orderBy(asc(aedTasks.dueOn), asc(aeds.code))
    .limit(2000);
}

// ------------------------------------------------------------------------------------------------ automatic tasks

export type DueCandidate = {
  region_id: number;
  id: string;
  org_id: number;
  code: string;
  kind: string;
  due_on: string;
  detail: string;
};

/**
 * Devices (not removed) that need a task on `today`: battery expiring within `batteryDays`, pads within `padsDays`,
 * inspection overdue (last inspection, or registration, + interval ≤ today). Heavy query over the whole table, run by
 * the daily job.
 */
export async function dueCandidates(
  db: Db,
  today: string,
  opts: { batteryDays: number; padsDays: number },
): Promise<DueCandidate[]> {
  return queryRows<DueCandidate>(
    db,
    sql`
    select region_id, id, org_id, code, 'battery_expiring' as kind, battery_expires_on::text as due_on,
           '电池有效期至 ' || battery_expires_on::text as detail
      from aeds where status <> 'removed' and battery_expires_on <= ${today}::date + ${opts.batteryDays}::int
    union all
    select region_id, id, org_id, code, 'pads_expiring', pads_expires_on::text,
           '电极片有效期至 ' || pads_expires_on::text
      from aeds where status <> 'removed' and pads_expires_on <= ${today}::date + ${opts.padsDays}::int
    union all
    select region_id, id, org_id, code, 'inspection_due',
           ((coalesce(last_inspected_at, created_at) at time zone 'Asia/Shanghai')::date + inspection_interval_days)::text,
           '上次巡检 ' || coalesce(to_char(last_inspected_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), '无')
      from aeds where status <> 'removed'
       and (coalesce(last_inspected_at, created_at) at time zone 'Asia/Shanghai')::date + inspection_interval_days
           <= ${today}::date`,
  );
}

/** Devices with a telemetry key whose last heartbeat (or key issue) is older than 3 heartbeat intervals at `now`. */
export async function silentDevices(db: Db, now: Date): Promise<AedRow[]> {
  return db
    .select()
    .from(aeds)
    .where(
      and(
        isNotNull(aeds.telemetryKeyHash),
        sql`${aeds.status} <> 'removed'`,
        sql`coalesce(${aeds.lastHeartbeatAt}, ${aeds.telemetryKeyIssuedAt}) < ${now.toISOString()}::timestamptz - make_interval(mins => 3 * ${aeds.heartbeatIntervalMinutes})`,
      ),
    );
}

// ------------------------------------------------------------------------------------------------ inspections, self-tests, usage

export async function insertInspection(db: Db, row: InspectionInsert): Promise<InspectionRow> {
  const [created] = await db.insert(aedInspections).values(row).returning();
  return created;
}

export async function listInspections(db: Db, regionId: number, aedId: string): Promise<InspectionRow[]> {
  return db
    .select()
    .from(aedInspections)
    .where(and(eq(aedInspections.regionId, regionId), eq(aedInspections.aedId, aedId)))
    .orderBy(desc(aedInspections.inspectedAt))
    .limit(50);
}

export async function insertSelfTest(db: Db, row: typeof aedSelfTests.$inferInsert): Promise<void> {
  await db.insert(aedSelfTests).values(row);
}

export async function listSelfTests(db: Db, regionId: number, aedId: string): Promise<SelfTestRow[]> {
  return db
    .select()
    .from(aedSelfTests)
    .where(and(eq(aedSelfTests.regionId, regionId), eq(aedSelfTests.aedId, aedId)))
    .orderBy(desc(aedSelfTests.testedAt))
    .limit(50);
}

export async function insertUsage(db: Db, row: UsageInsert): Promise<UsageRow> {
  const [created] = await db.insert(aedUsages).values(row).returning();
  return created;
}

export async function listUsages(db: Db, regionId: number, aedId: string): Promise<UsageRow[]> {
  return db
    .select()
    .from(aedUsages)
    .where(and(eq(aedUsages.regionId, regionId), eq(aedUsages.aedId, aedId)))
    .orderBy(desc(aedUsages.usedAt))
    .limit(50);
}

export async function confirmUsagePads(db: Db, regionId: number, aedId: string, by: string): Promise<void> {
  await db
    .update(aedUsages)
    .set({ padsConfirmedAt: new Date(), padsConfirmedBy: by })
    .where(
      and(eq(aedUsages.regionId, regionId), eq(aedUsages.aedId, aedId), sql`${aedUsages.padsConfirmedAt} is null`),
    );
}

// ------------------------------------------------------------------------------------------------ statistics

export type StatCounts = {
  org_id: number;
  devices: number;
  ready: number;
  needs_service: number;
  out_of_service: number;
  battery_expiring: number;
  pads_expiring: number;
  inspection_overdue: number;
  telemetry_silent: number;
};

/** Per owner unit under the scope: device health counts on `today` at `now`. */
export async function healthByOrg(db: Db, scope: SQL, regionId: number | undefined, today: string, now: Date) {
  return queryRows<StatCounts>(
    db,
    sql`
    select org_id,
      count(*)::int as devices,
      count(*) filter (where status = 'ready')::int as ready,
      count(*) filter (where status = 'needs_service')::int as needs_service,
      count(*) filter (where status = 'out_of_service')::int as out_of_service,
      count(*) filter (where battery_expires_on <= ${today}::date + 60)::int as battery_expiring,
      count(*) filter (where pads_expires_on <= ${today}::date + 30)::int as pads_expiring,
      count(*) filter (where (coalesce(last_inspected_at, created_at) at time zone 'Asia/Shanghai')::date
                               + inspection_interval_days < ${today}::date)::int as inspection_overdue,
      count(*) filter (where telemetry_key_hash is not null and coalesce(last_heartbeat_at, telemetry_key_issued_at)
          < ${now.toISOString()}::timestamptz - make_interval(mins => 3 * heartbeat_interval_minutes))::int as telemetry_silent
    from ${aeds}
    where status <> 'removed' and ${scope} ${regionId === undefined ? sql`` : sql`and region_id = ${regionId}`}
    group by org_id`,
  );
}
