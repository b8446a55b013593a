// 救在身边 realtime response: certified responders (opt-in, on call, latest position only), emergencies with their
// alerts, timeline, follow-ups, and the 120 centres' dispatch API keys. Large per-unit tables carry region_id
// (see db/large-tables.ts); positions are WGS-84 with a GiST index over ll_to_earth(lat, lng) (cube + earthdistance).
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A public user who opted in as a responder. region_id/org_id: the issuing unit of the certificate they hold.
 * Quiet hours are minutes of the China-time day (from..to, may wrap past midnight); no alerts inside.
 * connected_until: presence (a live WebSocket somewhere), refreshed while connected; SMS goes to those without.
 */
export const responseResponders = pgTable(
  'response_responders',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull(),
    orgId: integer('org_id').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    holderNameMasked: text('holder_name_masked').notNull(),
    certificateId: uuid('certificate_id').notNull(),
    certNo: text('cert_no').notNull(),
    certValidUntil: date('cert_valid_until').notNull(),
    consentVersion: text('consent_version').notNull(),
    consentedAt: timestamp('consented_at', { withTimezone: true }).notNull(),
    prefSms: boolean('pref_sms').notNull().default(true),
    prefSound: boolean('pref_sound').notNull().default(true),
    maxDistanceM: integer('max_distance_m').notNull().default(1000),
    quietFromMin: integer('quiet_from_min'),
    quietToMin: integer('quiet_to_min'),
    onCall: boolean('on_call').notNull().default(false),
    onCallSince: timestamp('on_call_since', { withTimezone: true }),
    offCallReason: text('off_call_reason'),
    connectedUntil: timestamp('connected_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'response_responders_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('response_responders_account_key').on(t.regionId, t.accountId),
    index('response_responders_account_idx').on(t.accountId),
    index('response_responders_id_idx').on(t.id),
    index('response_responders_on_call_idx').on(t.orgId).where(sql`${t.onCall}`),
  ],
);

/** The latest fix of an on-call responder: one row each, upserted, deleted on off-call and after the retention time. */
export const responsePositions = pgTable(
  'response_positions',
  {
    regionId: integer('region_id').notNull(),
    responderId: uuid('responder_id').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    accuracyM: doublePrecision('accuracy_m'),
    fixedAt: timestamp('fixed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'response_positions_pkey', columns: [t.regionId, t.responderId] }),
    index('response_positions_earth_idx').using('gist', sql`ll_to_earth(${t.lat}, ${t.lng})`),
    index('response_positions_responder_idx').on(t.responderId),
    index('response_positions_fixed_idx').on(t.fixedAt),
  ],
);

/**
 * An emergency (a suspected cardiac arrest): raised by a 120 centre's API, staff or the public. outcome (jsonb) is
 * recorded when it ends. follow_token_hash: SHA-256 of the token the public raiser follows it with.
 */
export const responseEmergencies = pgTable(
  'response_emergencies',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    number: text('number').notNull(),
    source: text('source').notNull(),
    status: text('status').notNull().default('active'),
    orgId: integer('org_id').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    address: text('address').notNull().default(''),
    note: text('note').notNull().default(''),
    raisedBy: text('raised_by').notNull(),
    raiserAccountId: uuid('raiser_account_id'),
    callerPhoneEnc: text('caller_phone_enc'),
    callerPhoneMasked: text('caller_phone_masked'),
    dispatchKeyId: uuid('dispatch_key_id'),
    externalId: text('external_id'),
    followTokenHash: text('follow_token_hash'),
    radiusM: integer('radius_m').notNull(),
    alerted: integer('alerted').notNull().default(0),
    accepted: integer('accepted').notNull().default(0),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    firstAcceptedAt: timestamp('first_accepted_at', { withTimezone: true }),
    firstArrivedAt: timestamp('first_arrived_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: text('ended_by'),
    outcome: jsonb('outcome'),
    /** The ready AEDs near the patient (AedBrief[]) found when raised, plus any later sent to a fetcher. */
    aeds: jsonb('aeds').notNull().default([]),
    /** A follow-up answer asked for help (struggling / counselling): shown on the emergency. */
    needsCare: boolean('needs_care').notNull().default(false),
  },
  (t) => [
    primaryKey({ name: 'response_emergencies_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('response_emergencies_number_key').on(t.regionId, t.number),
    uniqueIndex('response_emergencies_external_key')
      .on(t.regionId, t.dispatchKeyId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('response_emergencies_id_idx').on(t.id),
    index('response_emergencies_org_idx').on(t.orgId, t.raisedAt),
    index('response_emergencies_active_idx').on(t.raisedAt).where(sql`${t.status} = 'active'`),
  ],
);

/** One responder alerted to one emergency; status alerted → accepted/declined/stood_down → arrived → ended. */
export const responseAlerts = pgTable(
  'response_alerts',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    emergencyId: uuid('emergency_id').notNull(),
    responderId: uuid('responder_id').notNull(),
    responderRegionId: integer('responder_region_id').notNull(),
    status: text('status').notNull().default('alerted'),
    /** patient | fetch_aed, set on accept. */
    role: text('role'),
    aedId: uuid('aed_id'),
    /** The responder's position when alerted (where the distance was measured). */
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    distanceM: doublePrecision('distance_m').notNull(),
    alertedAt: timestamp('alerted_at', { withTimezone: true }).notNull(),
    ackedAt: timestamp('acked_at', { withTimezone: true }),
    smsAt: timestamp('sms_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    fetchedAed: boolean('fetched_aed').notNull().default(false),
    declineReason: text('decline_reason'),
  },
  (t) => [
    primaryKey({ name: 'response_alerts_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('response_alerts_responder_key').on(t.regionId, t.emergencyId, t.responderId),
    index('response_alerts_id_idx').on(t.id),
    index('response_alerts_responder_idx').on(t.responderId, t.alertedAt),
  ],
);

/** The emergency's live timeline (raised, searched, widened, alerted, accepted, …). */
export const responseTimeline = pgTable(
  'response_timeline',
  {
    regionId: integer('region_id').notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    emergencyId: uuid('emergency_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    data: jsonb('data'),
  },
  (t) => [
    primaryKey({ name: 'response_timeline_pkey', columns: [t.regionId, t.id] }),
    index('response_timeline_emergency_idx').on(t.regionId, t.emergencyId, t.at),
  ],
);

/** "How are you?" some time after an emergency, to every responder who went; answered through a link by token. */
export const responseFollowups = pgTable(
  'response_followups',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    tokenHash: text('token_hash').notNull(),
    emergencyId: uuid('emergency_id').notNull(),
    alertId: uuid('alert_id').notNull(),
    responderId: uuid('responder_id').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answers: jsonb('answers'),
  },
  (t) => [
    primaryKey({ name: 'response_followups_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('response_followups_token_key').on(t.regionId, t.tokenHash),
    uniqueIndex('response_followups_alert_key').on(t.regionId, t.alertId),
    index('response_followups_token_idx').on(t.tokenHash),
    index('response_followups_emergency_idx').on(t.regionId, t.emergencyId),
  ],
);

/** A 120 centre's key for the dispatcher API (`<id>.<secret>`; only the secret's SHA-256 is kept). */
export const responseDispatchKeys = pgTable(
  'response_dispatch_keys',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    orgId: integer('org_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('response_dispatch_keys_org_idx').on(t.orgId)],
);
