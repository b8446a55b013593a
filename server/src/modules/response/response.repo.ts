// Data access of 救在身边 realtime response: the only file that touches the response tables. The heavy queries (the
// responder search, the batched position upsert) are raw SQL kept visible here.
import { and, count, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { distanceSql, knnOrder, type LatLng, withinSql } from '../../platform/geo';
import {
  responseAlerts,
  responseDispatchKeys,
  responseEmergencies,
  responseFollowups,
  responsePositions,
  responseResponders,
  responseTimeline,
} from './response.tables';

export type ResponderRow = typeof responseResponders.$inferSelect;
export type PositionRow = typeof responsePositions.$inferSelect;
export type EmergencyRow = typeof responseEmergencies.$inferSelect;
export type AlertRow = typeof responseAlerts.$inferSelect;
export type TimelineRow = typeof responseTimeline.$inferSelect;
export type FollowupRow = typeof responseFollowups.$inferSelect;
export type DispatchKeyRow = typeof responseDispatchKeys.$inferSelect;

export const responderOrgColumn = responseResponders.orgId;
export const emergencyOrgColumn = responseEmergencies.orgId;

// ------------------------------------------------------------------------------------------------ responders

export async function findResponderByAccount(db: Db, accountId: string): Promise<ResponderRow | undefined> {
  const [row] = await db.select().from(responseResponders).where(eq(responseResponders.accountId, accountId)).limit(1);
  return row;
}

export async function findResponderById(db: Db, id: string): Promise<ResponderRow | undefined> {
  const [row] = await db.select().from(responseResponders).where(eq(responseResponders.id, id)).limit(1);
  return row;
}

export async function findRespondersByIds(db: Db, ids: string[]): Promise<ResponderRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db.select().from(responseResponders).where(inArray(responseResponders.id, ids));
}

export async function insertResponder(db: Db, row: typeof responseResponders.$inferInsert): Promise<ResponderRow> {
  const [created] = await db.insert(responseResponders).values(row).returning();
  return created;
}

export async function updateResponder(
  db: Db,
  r: { regionId: number; id: string },
  patch: Partial<typeof responseResponders.$inferInsert>,
): Promise<ResponderRow> {
  const [row] = await db
    .update(responseResponders)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(responseResponders.regionId, r.regionId), eq(responseResponders.id, r.id)))
    .returning();
  return row;
}

/** Presence: these responders have a live connection until `until` (null: none). */
export async function setConnectedUntil(db: Db, ids: string[], until: Date | null): Promise<void> {
  if (ids.length === 0) {
    return;
  }
  await db.update(responseResponders).set({ connectedUntil: until }).where(inArray(responseResponders.id, ids));
}

export async function listOnCallResponders(db: Db, afterId: string | null, limit: number): Promise<ResponderRow[]> {
  return db
    .select()
    .from(responseResponders)
    .where(and(eq(responseResponders.onCall, true), afterId ? sql`${responseResponders.id} > ${afterId}` : sql`true`))
    .orderBy(responseResponders.id)
    .limit(limit);
}

export async function listResponders(db: Db, where: SQL, limit: number, offset: number) {
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(responseResponders)
      .where(where)
      .orderBy(desc(responseResponders.onCall), desc(responseResponders.updatedAt))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(responseResponders).where(where),
  ]);
  return { items, total };
}

export async function countRespondersByOrg(db: Db, where: SQL) {
  return db
    .select({
      orgId: responseResponders.orgId,
      enrolled: count(),
      onCall: sql<number>`count(*) filter (where ${responseResponders.onCall})`.mapWith(Number),
    })
    .from(responseResponders)
    .where(where)
    .groupBy(responseResponders.orgId);
}

// ------------------------------------------------------------------------------------------------ positions

export async function findPosition(db: Db, responderId: string): Promise<PositionRow | undefined> {
  const [row] = await db
    .select()
    .from(responsePositions)
    .where(eq(responsePositions.responderId, responderId))
    .limit(1);
  return row;
}

export async function findPositions(db: Db, responderIds: string[]): Promise<PositionRow[]> {
  if (responderIds.length === 0) {
    return [];
  }
  return db.select().from(responsePositions).where(inArray(responsePositions.responderId, responderIds));
}

export type Fix = {
  regionId: number;
  responderId: string;
  lat: number;
  lng: number;
  accuracyM: number | null;
  fixedAt: Date;
};

/**
 * One multi-row upsert of the latest fixes; a fix of a responder who is no longer on call is dropped (so a buffered
 * fix never brings back a position deleted by going off call). Returns how many rows were written.
 */
export async function upsertPositions(db: Db, fixes: Fix[]): Promise<number> {
  if (fixes.length === 0) {
    return 0;
  }
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH f AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(
          fixes.map((f) => ({
            region_id: f.regionId,
            responder_id: f.responderId,
            lat: f.lat,
            lng: f.lng,
            accuracy_m: f.accuracyM,
            fixed_at: f.fixedAt.toISOString(),
          })),
        )}::json) AS x(region_id int, responder_id uuid, lat float8, lng float8, accuracy_m float8, fixed_at timestamptz)
      ), w AS (
        INSERT INTO response_positions (region_id, responder_id, lat, lng, accuracy_m, fixed_at)
        SELECT f.region_id, f.responder_id, f.lat, f.lng, f.accuracy_m, f.fixed_at FROM f
        JOIN response_responders r ON r.region_id = f.region_id AND r.id = f.responder_id AND r.on_call
        ON CONFLICT (region_id, responder_id) DO UPDATE
          SET lat = excluded.lat, lng = excluded.lng, accuracy_m = excluded.accuracy_m, fixed_at = excluded.fixed_at
          WHERE response_positions.fixed_at <= excluded.fixed_at
        RETURNING 1
      ) SELECT count(*)::int AS n FROM w`,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function deletePosition(db: Db, r: { regionId: number; id: string }): Promise<void> {
  await db
    .delete(responsePositions)
    .where(and(eq(responsePositions.regionId, r.regionId), eq(responsePositions.responderId, r.id)));
}

/** Retention: positions without a fix since `before` are deleted; returns the responders they belonged to. */
export async function deleteStalePositions(db: Db, before: Date): Promise<{ regionId: number; responderId: string }[]> {
  return db
    .delete(responsePositions)
    .where(lt(responsePositions.fixedAt, before))
    .returning({ regionId: responsePositions.regionId, responderId: responsePositions.responderId });
}

export type Candidate = {
  responder_id: string;
  region_id: number;
  lat: number;
  lng: number;
  distance_m: number;
  phone_enc: string;
  pref_sms: boolean;
  connected: boolean;
  phone_hash: string;
};

/**
 * The alert search: on-call responders with a fix newer than `freshAfter` within `radiusM` of p, outside their quiet
 * hours (China time minute of day `minute`), within their own maximum distance, not `excludeAccountId`, nearest
 * first by the GiST KNN on the positions' ll_to_earth, at most `limit`.
 */
export function candidatesSql(
  p: LatLng,
  o: { radiusM: number; freshAfter: Date; minute: number; limit: number; excludeAccountId: string | null; now: Date },
): SQL {
  const lat = sql`p.lat`;
  const lng = sql`p.lng`;
  const dist = distanceSql(lat, lng, p);
  return sql`SELECT p.responder_id, p.region_id, p.lat, p.lng, ${dist} AS distance_m, r.phone_enc, r.pref_sms,
      r.phone_hash, coalesce(r.connected_until > ${o.now.toISOString()}::timestamptz, false) AS connected
    FROM response_positions p
    JOIN response_responders r ON r.region_id = p.region_id AND r.id = p.responder_id
    WHERE ${withinSql(lat, lng, p, o.radiusM)}
      AND p.fixed_at > ${o.freshAfter.toISOString()}::timestamptz
      AND r.on_call
      AND ${dist} <= LEAST(${o.radiusM}::float8, r.max_distance_m::float8)
      AND NOT (r.quiet_from_min IS NOT NULL AND r.quiet_to_min IS NOT NULL AND (
        CASE WHEN r.quiet_from_min <= r.quiet_to_min
          THEN ${o.minute}::int >= r.quiet_from_min AND ${o.minute}::int < r.quiet_to_min
          ELSE ${o.minute}::int >= r.quiet_from_min OR ${o.minute}::int < r.quiet_to_min END))
      ${o.excludeAccountId ? sql`AND r.account_id <> ${o.excludeAccountId}::uuid` : sql``}
    ORDER BY ${knnOrder(lat, lng, p)}
    LIMIT ${o.limit}`;
}

export async function findCandidates(db: Db, p: LatLng, o: Parameters<typeof candidatesSql>[1]): Promise<Candidate[]> {
  const rows = await queryRows<Candidate>(db, candidatesSql(p, o));
  return rows.map((r) => ({
    ...r,
    region_id: Number(r.region_id),
    lat: Number(r.lat),
    lng: Number(r.lng),
    distance_m: Number(r.distance_m),
  }));
}

/** The nearest responder (any state) to a point: the unit a public emergency belongs to when no AED is near. */
export async function findNearestResponderOrg(db: Db, p: LatLng): Promise<number | undefined> {
  const rows = await queryRows<{ org_id: number }>(
    db,
    sql`SELECT r.org_id FROM response_positions p
      JOIN response_responders r ON r.region_id = p.region_id AND r.id = p.responder_id
      ORDER BY ${knnOrder(sql`p.lat`, sql`p.lng`, p)} LIMIT 1`,
  );
  return rows[0] ? Number(rows[0].org_id) : undefined;
}

// ------------------------------------------------------------------------------------------------ emergencies

export async function insertEmergency(db: Db, row: typeof responseEmergencies.$inferInsert): Promise<EmergencyRow> {
  const [created] = await db.insert(responseEmergencies).values(row).returning();
  return created;
}

export async function findEmergencyById(db: Db, id: string): Promise<EmergencyRow | undefined> {
  const [row] = await db.select().from(responseEmergencies).where(eq(responseEmergencies.id, id)).limit(1);
  return row;
}

/** The emergency, row-locked for the rest of the transaction (accepts and the end serialise on it). */
export async function lockEmergency(db: Db, regionId: number, id: string): Promise<EmergencyRow | undefined> {
  const [row] = await db
    .select()
    .from(responseEmergencies)
    .where(and(eq(responseEmergencies.regionId, regionId), eq(responseEmergencies.id, id)))
    .for('update');
  return row;
}

export async function findEmergencyByExternalId(
  db: Db,
  regionId: number,
  keyId: string,
  externalId: string,
): Promise<EmergencyRow | undefined> {
  const [row] = await db
    .select()
    .from(responseEmergencies)
    .where(
      and(
        eq(responseEmergencies.regionId, regionId),
        eq(responseEmergencies.dispatchKeyId, keyId),
        eq(responseEmergencies.externalId, externalId),
      ),
    )
    .limit(1);
  return row;
}

export async function updateEmergency(
  db: Db,
  e: { regionId: number; id: string },
  patch: Partial<typeof responseEmergencies.$inferInsert>,
): Promise<EmergencyRow> {
  const [row] = await db
    .update(responseEmergencies)
    .set(patch)
    .where(and(eq(responseEmergencies.regionId, e.regionId), eq(responseEmergencies.id, e.id)))
    .returning();
  return row;
}

export async function listEmergencies(db: Db, where: SQL, limit: number, offset: number) {
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(responseEmergencies)
      .where(where)
      .orderBy(desc(responseEmergencies.raisedAt))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(responseEmergencies).where(where),
  ]);
  return { items, total };
}

export async function listEmergenciesForStats(db: Db, where: SQL) {
  return db
    .select({
      orgId: responseEmergencies.orgId,
      raisedAt: responseEmergencies.raisedAt,
      firstAcceptedAt: responseEmergencies.firstAcceptedAt,
      firstArrivedAt: responseEmergencies.firstArrivedAt,
      outcome: responseEmergencies.outcome,
    })
    .from(responseEmergencies)
    .where(where);
}

export const emergencyColumns = { raisedAt: responseEmergencies.raisedAt, status: responseEmergencies.status };

export async function countEmergenciesToday(db: Db, regionId: number, prefix: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(responseEmergencies)
    .where(and(eq(responseEmergencies.regionId, regionId), sql`${responseEmergencies.number} LIKE ${`${prefix}%`}`));
  return Number(n);
}

// ------------------------------------------------------------------------------------------------ alerts

/**
 * Inserts an emergency's alerts in one statement (unnest: one parameter per column, however many responders) and
 * returns the rows as stored (the defaults filled in here, as the table declares them).
 */
export async function insertAlerts(db: Db, rows: NewAlert[]): Promise<AlertRow[]> {
  if (rows.length === 0) {
    return [];
  }
  const col = <K extends keyof NewAlert>(k: K) => sql.param(rows.map((r) => r[k]));
  await db.execute(sql`INSERT INTO response_alerts
      (region_id, id, emergency_id, responder_id, responder_region_id, lat, lng, distance_m, alerted_at)
    SELECT * FROM unnest(${col('regionId')}::int[], ${col('id')}::uuid[], ${col('emergencyId')}::uuid[],
      ${col('responderId')}::uuid[], ${col('responderRegionId')}::int[], ${col('lat')}::float8[], ${col('lng')}::float8[],
      ${col('distanceM')}::float8[], ${sql.param(rows.map((r) => r.alertedAt.toISOString()))}::timestamptz[])`);
  return rows.map((r) => ({
    ...r,
    status: 'alerted',
    role: null,
    aedId: null,
    ackedAt: null,
    smsAt: null,
    answeredAt: null,
    arrivedAt: null,
    fetchedAed: false,
    declineReason: null,
  }));
}

export type NewAlert = {
  regionId: number;
  id: string;
  emergencyId: string;
  responderId: string;
  responderRegionId: number;
  lat: number;
  lng: number;
  distanceM: number;
  alertedAt: Date;
};

export async function findAlertById(db: Db, id: string): Promise<AlertRow | undefined> {
  const [row] = await db.select().from(responseAlerts).where(eq(responseAlerts.id, id)).limit(1);
  return row;
}

export async function listAlertsOfEmergency(db: Db, regionId: number, emergencyId: string): Promise<AlertRow[]> {
  return db
    .select()
    .from(responseAlerts)
    .where(and(eq(responseAlerts.regionId, regionId), eq(responseAlerts.emergencyId, emergencyId)))
    .orderBy(responseAlerts.distanceM);
}

export async function listAlertsOfResponder(db: Db, responderId: string, since: Date): Promise<AlertRow[]> {
  return db
    .select()
    .from(responseAlerts)
    .where(
      and(
        eq(responseAlerts.responderId, responderId),
        sql`${responseAlerts.alertedAt} >= ${since.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(desc(responseAlerts.alertedAt))
    .limit(50);
}

/** Active emergencies' alerts of a responder (whatever their age). */
export async function listActiveAlertsOfResponder(db: Db, responderId: string): Promise<AlertRow[]> {
  return db
    .select({ a: responseAlerts })
    .from(responseAlerts)
    .innerJoin(
      responseEmergencies,
      and(
        eq(responseEmergencies.regionId, responseAlerts.regionId),
        eq(responseEmergencies.id, responseAlerts.emergencyId),
      ),
    )
    .where(and(eq(responseAlerts.responderId, responderId), eq(responseEmergencies.status, 'active')))
    .limit(20)
    .then((rows) => rows.map((r) => r.a));
}

export async function updateAlert(
  db: Db,
  a: { regionId: number; id: string },
  patch: Partial<typeof responseAlerts.$inferInsert>,
): Promise<AlertRow> {
  const [row] = await db
    .update(responseAlerts)
    .set(patch)
    .where(and(eq(responseAlerts.regionId, a.regionId), eq(responseAlerts.id, a.id)))
    .returning();
  return row;
}

/** Moves every alert of the emergency in one of `from` to `to`; returns the changed rows. */
export async function setAlertsStatus(
  db: Db,
  e: { regionId: number; id: string },
  from: string[],
  to: string,
): Promise<AlertRow[]> {
  return db
    .update(responseAlerts)
    .set({ status: to })
    .where(
      and(
        eq(responseAlerts.regionId, e.regionId),
        eq(responseAlerts.emergencyId, e.id),
        inArray(responseAlerts.status, from),
      ),
    )
    .returning();
}

/** Marks alerts acknowledged (the phone showed them); only this responder's. */
export async function ackAlerts(db: Db, responderId: string, alertIds: string[], at: Date): Promise<void> {
  if (alertIds.length === 0) {
    return;
  }
  await db
    .update(responseAlerts)
    .set({ ackedAt: at })
    .where(
      and(
        eq(responseAlerts.responderId, responderId),
        inArray(responseAlerts.id, alertIds),
        isNull(responseAlerts.ackedAt),
      ),
    );
}

/** Alerts still waiting (alerted, not acknowledged, no SMS yet): the SMS fallback's recipients. */
export async function listUnackedAlerts(db: Db, regionId: number, emergencyId: string): Promise<AlertRow[]> {
  return db
    .select()
    .from(responseAlerts)
    .where(
      and(
        eq(responseAlerts.regionId, regionId),
        eq(responseAlerts.emergencyId, emergencyId),
        eq(responseAlerts.status, 'alerted'),
        isNull(responseAlerts.ackedAt),
        isNull(responseAlerts.smsAt),
      ),
    );
}

export async function markSms(db: Db, regionId: number, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) {
    return;
  }
  await db
    .update(responseAlerts)
    .set({ smsAt: at })
    .where(and(eq(responseAlerts.regionId, regionId), inArray(responseAlerts.id, ids)));
}

// ------------------------------------------------------------------------------------------------ timeline

export async function insertTimeline(db: Db, rows: (typeof responseTimeline.$inferInsert)[]): Promise<TimelineRow[]> {
  if (rows.length === 0) {
    return [];
  }
  return db.insert(responseTimeline).values(rows).returning();
}

export async function listTimeline(db: Db, regionId: number, emergencyId: string): Promise<TimelineRow[]> {
  return db
    .select()
    .from(responseTimeline)
    .where(and(eq(responseTimeline.regionId, regionId), eq(responseTimeline.emergencyId, emergencyId)))
    .orderBy(responseTimeline.at, responseTimeline.id);
}

// ------------------------------------------------------------------------------------------------ follow-ups

export async function insertFollowups(db: Db, rows: (typeof responseFollowups.$inferInsert)[]): Promise<FollowupRow[]> {
  if (rows.length === 0) {
    return [];
  }
  return db.insert(responseFollowups).values(rows).onConflictDoNothing().returning();
}

export async function findFollowupByTokenHash(db: Db, tokenHash: string): Promise<FollowupRow | undefined> {
  const [row] = await db.select().from(responseFollowups).where(eq(responseFollowups.tokenHash, tokenHash)).limit(1);
  return row;
}

/** Records the answers unless answered already; undefined when it was. */
export async function answerFollowup(
  db: Db,
  f: { regionId: number; id: string },
  answers: unknown,
  at: Date,
): Promise<FollowupRow | undefined> {
  const [row] = await db
    .update(responseFollowups)
    .set({ answers, answeredAt: at })
    .where(
      and(
        eq(responseFollowups.regionId, f.regionId),
        eq(responseFollowups.id, f.id),
        isNull(responseFollowups.answeredAt),
      ),
    )
    .returning();
  return row;
}

export async function listFollowupsOfEmergency(db: Db, regionId: number, emergencyId: string): Promise<FollowupRow[]> {
  return db
    .select()
    .from(responseFollowups)
    .where(and(eq(responseFollowups.regionId, regionId), eq(responseFollowups.emergencyId, emergencyId)));
}

// ------------------------------------------------------------------------------------------------ dispatch keys

export async function insertDispatchKey(
  db: Db,
  row: typeof responseDispatchKeys.$inferInsert,
): Promise<DispatchKeyRow> {
  const [created] = await db.insert(responseDispatchKeys).values(row).returning();
  return created;
}

export async function findDispatchKey(db: Db, id: string): Promise<DispatchKeyRow | undefined> {
  const [row] = await db.select().from(responseDispatchKeys).where(eq(responseDispatchKeys.id, id)).limit(1);
  return row;
}

export async function listDispatchKeys(db: Db, where: SQL): Promise<DispatchKeyRow[]> {
  return db.select().from(responseDispatchKeys).where(where).orderBy(desc(responseDispatchKeys.createdAt)).limit(200);
}

export const dispatchKeyOrgColumn = responseDispatchKeys.orgId;

export async function updateDispatchKey(
  db: Db,
  id: string,
  patch: Partial<typeof responseDispatchKeys.$inferInsert>,
): Promise<DispatchKeyRow> {
  const [row] = await db.update(responseDispatchKeys).set(patch).where(eq(responseDispatchKeys.id, id)).returning();
  return row;
}
