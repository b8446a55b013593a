// Volunteers data access: the only importer of volunteers.tables.ts. Queries on large tables name region_id when the
// region is known; lookups by id alone use the *_id_idx indexes.
import { and, asc, count, desc, eq, gte, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import {
  volunteerActivities,
  volunteerCertificates,
  volunteerCheckins,
  volunteerHourCorrections,
  volunteerServiceRecords,
  volunteerSettings,
  volunteerSignups,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from './volunteers.tables';

export type VolunteerRow = typeof volunteers.$inferSelect;
export type VolunteerInsert = typeof volunteers.$inferInsert;
export type TeamRow = typeof volunteerTeams.$inferSelect;
export type TeamMemberRow = typeof volunteerTeamMembers.$inferSelect;
export type ActivityRow = typeof volunteerActivities.$inferSelect;
export type ActivityInsert = typeof volunteerActivities.$inferInsert;
export type SignupRow = typeof volunteerSignups.$inferSelect;
export type CheckinRow = typeof volunteerCheckins.$inferSelect;
export type RecordRow = typeof volunteerServiceRecords.$inferSelect;
export type RecordInsert = typeof volunteerServiceRecords.$inferInsert;
export type CertificateRow = typeof volunteerCertificates.$inferSelect;

export const columns = {
  volunteer: volunteers,
  team: volunteerTeams,
  activity: volunteerActivities,
  record: volunteerServiceRecords,
};

/** A transaction-scoped lock on a key (serialises registrations of one person, hours of one person). */
export async function lockKey(tx: Db, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

// ------------------------------------------------------------------------------------------------ volunteers

export async function insertVolunteer(db: Db, row: VolunteerInsert): Promise<VolunteerRow> {
  const [created] = await db.insert(volunteers).values(row).returning();
  return created;
}

export async function findVolunteerById(db: Db, id: string): Promise<VolunteerRow | undefined> {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.id, id)).limit(1);
  return row;
}

export async function findVolunteersByIds(db: Db, ids: string[]): Promise<VolunteerRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db.select().from(volunteers).where(inArray(volunteers.id, ids));
}

export async function findVolunteerByPerson(db: Db, personId: string): Promise<VolunteerRow | undefined> {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.personId, personId)).limit(1);
  return row;
}

/** The registrations made with this contact phone, newest first. */
export async function findVolunteersByPhoneHash(db: Db, phoneHash: string): Promise<VolunteerRow[]> {
  return db.select().from(volunteers).where(eq(volunteers.phoneHash, phoneHash)).orderBy(desc(volunteers.createdAt));
}

export async function listVolunteers(db: Db, where: SQL, limit: number, offset: number) {
  const [items, [{ total }]] = await Promise.all([
    db.select().from(volunteers).where(where).orderBy(desc(volunteers.createdAt)).limit(limit).offset(offset),
    db.select({ total: count() }).from(volunteers).where(where),
  ]);
  return { items, total: Number(total) };
}

export async function updateVolunteer(
  db: Db,
  row: Pick<VolunteerRow, 'regionId' | 'id'>,
  set: Partial<VolunteerInsert>,
): Promise<VolunteerRow> {
  const [updated] = await db
    .update(volunteers)
    .set(set)
    .where(and(eq(volunteers.regionId, row.regionId), eq(volunteers.id, row.id)))
    .returning();
  return updated;
}

export async function countVolunteers(db: Db, where: SQL): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(volunteers).where(where);
  return Number(n);
}

// ------------------------------------------------------------------------------------------------ teams

export async function insertTeam(db: Db, row: typeof volunteerTeams.$inferInsert): Promise<TeamRow> {
  const [created] = await db.insert(volunteerTeams).values(row).returning();
  return created;
}

export async function findTeamById(db: Db, id: string): Promise<TeamRow | undefined> {
  const [row] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, id)).limit(1);
  return row;
}

export async function listTeams(db: Db, where: SQL): Promise<TeamRow[]> {
  return db.select().from(volunteerTeams).where(where).orderBy(asc(volunteerTeams.name));
}

export async function listTeamMembers(db: Db, teamIds: string[]): Promise<TeamMemberRow[]> {
  if (teamIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(volunteerTeamMembers)
    .where(inArray(volunteerTeamMembers.teamId, teamIds))
    .orderBy(asc(volunteerTeamMembers.joinedAt));
}

export async function upsertTeamMember(db: Db, row: typeof volunteerTeamMembers.$inferInsert): Promise<void> {
  await db
    .insert(volunteerTeamMembers)
    .values(row)
    .onConflictDoUpdate({
      target: [volunteerTeamMembers.regionId, volunteerTeamMembers.teamId, volunteerTeamMembers.volunteerId],
      set: { role: row.role },
    });
}

export async function deleteTeamMember(db: Db, regionId: number, teamId: string, volunteerId: string) {
  const rows = await db
    .delete(volunteerTeamMembers)
    .where(
      and(
        eq(volunteerTeamMembers.regionId, regionId),
        eq(volunteerTeamMembers.teamId, teamId),
        eq(volunteerTeamMembers.volunteerId, volunteerId),
      ),
    )
    .returning();
  return rows.length;
}

// ------------------------------------------------------------------------------------------------ activities

export async function insertActivity(db: Db, row: ActivityInsert): Promise<ActivityRow> {
  const [created] = await db.insert(volunteerActivities).values(row).returning();
  return created;
}

export async function findActivityById(db: Db, id: string): Promise<ActivityRow | undefined> {
  const [row] = await db.select().from(volunteerActivities).where(eq(volunteerActivities.id, id)).limit(1);
  return row;
}

export async function lockActivity(db: Db, a: Pick<ActivityRow, 'regionId' | 'id'>): Promise<ActivityRow> {
  const [row] = await db
    .select()
    .from(volunteerActivities)
    .where(and(eq(volunteerActivities.regionId, a.regionId), eq(volunteerActivities.id, a.id)))
    .for('update');
  return row;
}

export async function listActivities(db: Db, where: SQL, limit: number, offset: number) {
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(volunteerActivities)
      .where(where)
      .orderBy(desc(volunteerActivities.startsAt))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(volunteerActivities).where(where),
  ]);
  return { items, total: Number(total) };
}

/** Published activities that have not ended, soonest first. */
export async function listOpenActivities(db: Db, now: Date, limit: number): Promise<ActivityRow[]> {
  return db
    .select()
    .from(volunteerActivities)
    .where(and(eq(volunteerActivities.status, 'published'), gte(volunteerActivities.endsAt, now)))
    .orderBy(asc(volunteerActivities.startsAt))
    .limit(limit);
}

export async function updateActivity(
  db: Db,
  a: Pick<ActivityRow, 'regionId' | 'id'>,
  set: Partial<ActivityInsert>,
): Promise<ActivityRow> {
  const [row] = await db
    .update(volunteerActivities)
    .set(set)
    .where(and(eq(volunteerActivities.regionId, a.regionId), eq(volunteerActivities.id, a.id)))
    .returning();
  return row;
}

/** Takes a place if one is left (atomic: the conditional UPDATE locks the row; no over-booking). */
export async function takePlace(db: Db, a: Pick<ActivityRow, 'regionId' | 'id'>): Promise<boolean> {
  const rows = await db
    .update(volunteerActivities)
    .set({ confirmedCount: sql`${volunteerActivities.confirmedCount} + 1` })
    .where(
      and(
        eq(volunteerActivities.regionId, a.regionId),
        eq(volunteerActivities.id, a.id),
        lt(volunteerActivities.confirmedCount, volunteerActivities.capacity),
      ),
    )
    .returning({ id: volunteerActivities.id });
  return rows.length === 1;
}

export async function releasePlace(db: Db, a: Pick<ActivityRow, 'regionId' | 'id'>): Promise<void> {
  await db
    .update(volunteerActivities)
    .set({ confirmedCount: sql`greatest(${volunteerActivities.confirmedCount} - 1, 0)` })
    .where(and(eq(volunteerActivities.regionId, a.regionId), eq(volunteerActivities.id, a.id)));
}

// ------------------------------------------------------------------------------------------------ sign-ups

export async function findSignup(db: Db, regionId: number, activityId: string, volunteerId: string) {
  const [row] = await db
    .select()
    .from(volunteerSignups)
    .where(
      and(
        eq(volunteerSignups.regionId, regionId),
        eq(volunteerSignups.activityId, activityId),
        eq(volunteerSignups.volunteerId, volunteerId),
      ),
    )
    .for('update');
  return row as SignupRow | undefined;
}

export async function upsertSignup(
  db: Db,
  row: { regionId: number; id: string; activityId: string; volunteerId: string; status: string },
): Promise<SignupRow> {
  const [saved] = await db
    .insert(volunteerSignups)
    .values(row)
    .onConflictDoUpdate({
      target: [volunteerSignups.regionId, volunteerSignups.activityId, volunteerSignups.volunteerId],
      set: { status: row.status, updatedAt: new Date() },
    })
    .returning();
  return saved;
}

export async function setSignupStatus(db: Db, s: Pick<SignupRow, 'regionId' | 'id'>, status: string): Promise<void> {
  await db
    .update(volunteerSignups)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(volunteerSignups.regionId, s.regionId), eq(volunteerSignups.id, s.id)));
}

/** The longest-waiting waitlisted sign-up (locked, skipping ones another promotion holds). */
export async function firstWaitlisted(db: Db, regionId: number, activityId: string): Promise<SignupRow | undefined> {
  const [row] = await db
    .select()
    .from(volunteerSignups)
    .where(
      and(
        eq(volunteerSignups.regionId, regionId),
        eq(volunteerSignups.activityId, activityId),
        eq(volunteerSignups.status, 'waitlisted'),
      ),
    )
    .orderBy(asc(volunteerSignups.updatedAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return row;
}

export async function listSignupsOfActivity(db: Db, regionId: number, activityId: string): Promise<SignupRow[]> {
  return db
    .select()
    .from(volunteerSignups)
    .where(and(eq(volunteerSignups.regionId, regionId), eq(volunteerSignups.activityId, activityId)))
    .orderBy(asc(volunteerSignups.createdAt));
}

export async function listSignupsOfVolunteer(db: Db, volunteerId: string): Promise<SignupRow[]> {
  return db
    .select()
    .from(volunteerSignups)
    .where(eq(volunteerSignups.volunteerId, volunteerId))
    .orderBy(desc(volunteerSignups.createdAt))
    .limit(100);
}

export async function mySignupsFor(db: Db, volunteerIds: string[], activityIds: string[]): Promise<SignupRow[]> {
  if (volunteerIds.length === 0 || activityIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(volunteerSignups)
    .where(and(inArray(volunteerSignups.volunteerId, volunteerIds), inArray(volunteerSignups.activityId, activityIds)));
}

export async function waitlistCounts(db: Db, activityIds: string[]): Promise<Map<string, number>> {
  if (activityIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ activityId: volunteerSignups.activityId, n: count() })
    .from(volunteerSignups)
    .where(and(inArray(volunteerSignups.activityId, activityIds), eq(volunteerSignups.status, 'waitlisted')))
    .groupBy(volunteerSignups.activityId);
  return new Map(rows.map((r) => [r.activityId, Number(r.n)]));
}

// ------------------------------------------------------------------------------------------------ check-ins

/**
 * Inserts a check-in exactly once, for the approved volunteer holding the caller's phone: the primary key (activity,
 * volunteer, kind) refuses a duplicate, and the row is written only when the volunteer holds a confirmed sign-up, or
 * walk-ins are allowed, or (for a check-out) has checked in. One statement (volunteer lookup, rules and write);
 * returns undefined when nothing was written (the caller finds out why).
 */
export async function insertCheckin(
  db: Db,
  row: {
    regionId: number;
    activityId: string;
    phoneHash: string;
    kind: 'in' | 'out';
    at: Date;
    lat: number;
    lng: number;
    distanceM: number;
    allowWalkIns: boolean;
  },
): Promise<{ volunteerId: string; isWalkIn: boolean } | undefined> {
  const signedUp = sql`exists (select 1 from volunteer_signups s where s.region_id = ${row.regionId}
    and s.activity_id = ${row.activityId} and s.volunteer_id = v.id and s.status = 'confirmed')`;
  const checkedIn = sql`exists (select 1 from volunteer_checkins c where c.region_id = ${row.regionId}
    and c.activity_id = ${row.activityId} and c.volunteer_id = v.id and c.kind = 'in')`;
  const allowed = row.kind === 'in' ? (row.allowWalkIns ? sql`true` : signedUp) : checkedIn;
  const rows = await queryRows<{ volunteer_id: string; is_walk_in: boolean }>(
    db,
    sql`insert into volunteer_checkins (region_id, activity_id, volunteer_id, kind, at, lat, lng, distance_m, is_walk_in)
      select ${row.regionId}, ${row.activityId}, v.id, ${row.kind}, ${row.at.toISOString()}::timestamptz,
        ${row.lat}, ${row.lng}, ${row.distanceM}, ${row.kind === 'in' ? sql`not ${signedUp}` : sql`false`}
      from (select id from volunteers where phone_hash = ${row.phoneHash} and status = 'approved'
            order by created_at limit 1) v
      where ${allowed}
      on conflict do nothing
      returning volunteer_id, is_walk_in`,
  );
  return rows[0] ? { volunteerId: rows[0].volunteer_id, isWalkIn: rows[0].is_walk_in } : undefined;
}

/** A check-in as the seed writes it (a known volunteer, no rules). */
export async function insertCheckinRow(db: Db, row: typeof volunteerCheckins.$inferInsert): Promise<void> {
  await db.insert(volunteerCheckins).values(row).onConflictDoNothing();
}

export async function findCheckins(db: Db, regionId: number, activityId: string, volunteerId: string) {
  return db
    .select()
    .from(volunteerCheckins)
    .where(
      and(
        eq(volunteerCheckins.regionId, regionId),
        eq(volunteerCheckins.activityId, activityId),
        eq(volunteerCheckins.volunteerId, volunteerId),
      ),
    );
}

export async function listCheckinsOfActivity(db: Db, regionId: number, activityId: string): Promise<CheckinRow[]> {
  return db
    .select()
    .from(volunteerCheckins)
    .where(and(eq(volunteerCheckins.regionId, regionId), eq(volunteerCheckins.activityId, activityId)));
}

export async function listCheckinsOfVolunteer(db: Db, volunteerId: string): Promise<CheckinRow[]> {
  return db.select().from(volunteerCheckins).where(eq(volunteerCheckins.volunteerId, volunteerId));
}

// ------------------------------------------------------------------------------------------------ service records

export async function listRecordsOfActivity(db: Db, regionId: number, activityId: string): Promise<RecordRow[]> {
  return db
    .select()
    .from(volunteerServiceRecords)
    .where(and(eq(volunteerServiceRecords.regionId, regionId), eq(volunteerServiceRecords.activityId, activityId)));
}

export async function findRecord(db: Db, regionId: number, activityId: string, volunteerId: string) {
  const [row] = await db
    .select()
    .from(volunteerServiceRecords)
    .where(
      and(
        eq(volunteerServiceRecords.regionId, regionId),
        eq(volunteerServiceRecords.activityId, activityId),
        eq(volunteerServiceRecords.volunteerId, volunteerId),
      ),
    );
  return row as RecordRow | undefined;
}

export async function insertRecord(db: Db, row: RecordInsert): Promise<RecordRow> {
  const [created] = await db.insert(volunteerServiceRecords).values(row).returning();
  return created;
}

export async function updateRecord(
  db: Db,
  r: Pick<RecordRow, 'regionId' | 'id'>,
  set: Partial<RecordInsert>,
): Promise<RecordRow> {
  const [row] = await db
    .update(volunteerServiceRecords)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(volunteerServiceRecords.regionId, r.regionId), eq(volunteerServiceRecords.id, r.id)))
    .returning();
  return row;
}

/** Approved records of the person at other activities whose time overlaps [start, end). */
export async function findOverlapping(
  db: Db,
  personId: string,
  activityId: string,
  start: Date,
  end: Date,
): Promise<RecordRow[]> {
  return db
    .select()
    .from(volunteerServiceRecords)
    .where(
      and(
        eq(volunteerServiceRecords.personId, personId),
        eq(volunteerServiceRecords.status, 'approved'),
        ne(volunteerServiceRecords.activityId, activityId),
        lt(volunteerServiceRecords.startedAt, end),
        sql`${volunteerServiceRecords.endedAt} > ${start.toISOString()}::timestamptz`,
      ),
    )
    .limit(5);
}

export async function listRecordsOfPerson(db: Db, personId: string, from?: Date, to?: Date): Promise<RecordRow[]> {
  const conds = [eq(volunteerServiceRecords.personId, personId), eq(volunteerServiceRecords.status, 'approved')];
  if (from) {
    conds.push(gte(volunteerServiceRecords.startedAt, from));
  }
  if (to) {
    conds.push(lt(volunteerServiceRecords.startedAt, to));
  }
  return db
    .select()
    .from(volunteerServiceRecords)
    .where(and(...conds))
    .orderBy(desc(volunteerServiceRecords.startedAt));
}

/** Approved minutes per person since `from`. */
export async function minutesSince(db: Db, personIds: string[], from: Date): Promise<Map<string, number>> {
  if (personIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({
      personId: volunteerServiceRecords.personId,
      minutes: sql<number>`coalesce(sum(${volunteerServiceRecords.minutes}), 0)::int`,
    })
    .from(volunteerServiceRecords)
    .where(
      and(
        inArray(volunteerServiceRecords.personId, personIds),
        eq(volunteerServiceRecords.status, 'approved'),
        gte(volunteerServiceRecords.startedAt, from),
      ),
    )
    .groupBy(volunteerServiceRecords.personId);
  return new Map(rows.map((r) => [r.personId, Number(r.minutes)]));
}

export async function insertCorrection(db: Db, row: typeof volunteerHourCorrections.$inferInsert): Promise<void> {
  await db.insert(volunteerHourCorrections).values(row);
}

export async function correctionCounts(db: Db, regionId: number, recordIds: string[]): Promise<Map<string, number>> {
  if (recordIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ recordId: volunteerHourCorrections.recordId, n: count() })
    .from(volunteerHourCorrections)
    .where(and(eq(volunteerHourCorrections.regionId, regionId), inArray(volunteerHourCorrections.recordId, recordIds)))
    .groupBy(volunteerHourCorrections.recordId);
  return new Map(rows.map((r) => [r.recordId, Number(r.n)]));
}

/** Approved records of activities of units matching `orgWhere` (a condition on the record's org_id) in [from, to). */
export async function listRecordsForExport(db: Db, orgWhere: SQL, from: Date, to: Date, limit: number) {
  return db
    .select()
    .from(volunteerServiceRecords)
    .where(
      and(
        orgWhere,
        eq(volunteerServiceRecords.status, 'approved'),
        gte(volunteerServiceRecords.startedAt, from),
        lt(volunteerServiceRecords.startedAt, to),
      ),
    )
    .orderBy(asc(volunteerServiceRecords.startedAt))
    .limit(limit);
}

export async function findActivitiesByIds(db: Db, ids: string[]): Promise<ActivityRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db.select().from(volunteerActivities).where(inArray(volunteerActivities.id, ids));
}

// ------------------------------------------------------------------------------------------------ certificates

export async function insertCertificate(db: Db, row: typeof volunteerCertificates.$inferInsert) {
  const [created] = await db.insert(volunteerCertificates).values(row).returning();
  return created;
}

export async function findCertificateByCode(db: Db, code: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(volunteerCertificates).where(eq(volunteerCertificates.code, code)).limit(1);
  return row;
}

// ------------------------------------------------------------------------------------------------ settings

export async function findSettings(db: Db, orgIds: number[]) {
  if (orgIds.length === 0) {
    return [];
  }
  return db.select().from(volunteerSettings).where(inArray(volunteerSettings.orgId, orgIds));
}

export async function upsertSettings(db: Db, row: typeof volunteerSettings.$inferInsert): Promise<void> {
  await db
    .insert(volunteerSettings)
    .values(row)
    .onConflictDoUpdate({
      target: volunteerSettings.orgId,
      set: { fullRegistrationHours: row.fullRegistrationHours, updatedBy: row.updatedBy, updatedAt: new Date() },
    });
}

// ------------------------------------------------------------------------------------------------ statistics

export type UnitStatsRow = {
  org_id: number;
  month: string;
  activities: number;
  signups: number;
  checkins: number;
  volunteers: number;
  minutes: number;
};

/**
 * Per unit and month (China time) for activities starting in [from, to) of units matching `orgWhere` (a condition on
 * `a.org_id`): sessions held (场次, published), confirmed sign-ups, check-ins, distinct volunteers checked in, approved
 * minutes.
 */
export async function unitStats(db: Db, orgWhere: SQL, from: Date, to: Date): Promise<UnitStatsRow[]> {
  return queryRows<UnitStatsRow>(
    db,
    sql`select a.org_id, to_char(a.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
        count(*)::int as activities,
        coalesce(sum(s.n), 0)::int as signups,
        coalesce(sum(c.n), 0)::int as checkins,
        coalesce(sum(c.people), 0)::int as volunteers,
        coalesce(sum(r.minutes), 0)::int as minutes
      from volunteer_activities a
      left join lateral (select count(*) as n from volunteer_signups s where s.region_id = a.region_id
        and s.activity_id = a.id and s.status = 'confirmed') s on true
      left join lateral (select count(*) as n, count(distinct c.volunteer_id) as people from volunteer_checkins c
        where c.region_id = a.region_id and c.activity_id = a.id and c.kind = 'in') c on true
      left join lateral (select sum(r.minutes) as minutes from volunteer_service_records r where r.region_id = a.region_id
        and r.activity_id = a.id and r.status = 'approved') r on true
      where a.status = 'published' and a.starts_at >= ${from.toISOString()}::timestamptz
        and a.starts_at < ${to.toISOString()}::timestamptz and ${orgWhere}
      group by a.org_id, month`,
  );
}
