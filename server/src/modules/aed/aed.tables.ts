// AED registry (AED配置): the devices with their place, access hours, owner unit, consumables and status; their upkeep
// tasks. Large per-unit tables carrying region_id (the owner unit's city-level branch; see db/large-tables.ts).
// Positions are WGS-84; the nearest-device search runs on a GiST index over ll_to_earth(lat, lng) (cube +
// earthdistance), never PostGIS.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
import { importTable } from '../../platform/imports/import-table';

/**
 * 一台AED. `status`: ready | needs_service | out_of_service | removed. Only a `ready` device whose `open_hours` cover
 * the current hour (China time) is ever shown as available or sent to a responder.
 */
export const aeds = pgTable(
  'aeds',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    /** Our own short code printed on the sticker (e.g. AED-330681-000123); unique. */
    code: text('code').notNull(),
    orgId: integer('org_id').notNull(),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    serialNo: text('serial_no').notNull(),
    /** WGS-84. */
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    address: text('address').notNull(),
    building: text('building').notNull().default(''),
    floor: text('floor').notNull().default(''),
    /** The exact spot: 一楼服务台左侧墙面 … */
    spot: text('spot').notNull().default(''),
    photoFileId: uuid('photo_file_id'),
    /** Free text on how to reach it: 需向保安索取钥匙 … */
    accessNotes: text('access_notes').notNull().default(''),
    keyHolder: text('key_holder').notNull().default(''),
    /** True when reachable around the clock (then open_hours is all ones). */
    is24h: boolean('is_24h').notNull().default(false),
    /** int[7], Monday first: bit h set when reachable during hour h, China time (see platform/geo.ts WeekHours). */
    openHours: integer('open_hours').array().notNull(),
    /** Human text of the hours as the owner wrote it (周一至周五 8:00-18:00). */
    openHoursText: text('open_hours_text').notNull().default(''),
    installedOn: date('installed_on'),
    batteryExpiresOn: date('battery_expires_on'),
    padsExpiresOn: date('pads_expires_on'),
    status: text('status').notNull(),
    statusReason: text('status_reason').notNull().default(''),
    /**
     * What put the device in its current status: `manual` (staff), or the task kind that the system acted on
     * (heartbeat_missing, device_fault, self_test_failed, inspection_failed, used_in_rescue). A later good report of
     * the same cause returns the device to ready only when that cause is still the one on record.
     */
    statusCause: text('status_cause').notNull().default('manual'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    lastInspectedAt: timestamp('last_inspected_at', { withTimezone: true }),
    /** Days between inspections (月检 by default). */
    inspectionIntervalDays: integer('inspection_interval_days').notNull().default(30),
    /** Telemetry (远程监管): a device or gateway posting heartbeats with its own key (SHA-256 of the key kept). */
    telemetryKeyHash: text('telemetry_key_hash'),
    telemetryKeyIssuedAt: timestamp('telemetry_key_issued_at', { withTimezone: true }),
    heartbeatIntervalMinutes: integer('heartbeat_interval_minutes').notNull().default(60),
    lastHeartbeatAt: timestamp('last_heartbeat_at', { withTimezone: true }),
    lastSelfTestAt: timestamp('last_self_test_at', { withTimezone: true }),
    lastSelfTestOk: boolean('last_self_test_ok'),
    batteryPercent: integer('battery_percent'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'aeds_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('aeds_code_key').on(t.regionId, t.code),
    uniqueIndex('aeds_serial_key').on(t.regionId, t.brand, t.serialNo),
    index('aeds_id_idx').on(t.id),
    index('aeds_code_idx').on(t.code),
    index('aeds_org_idx').on(t.orgId, t.status),
    /** Nearest-first KNN over devices that can be sent (ready); the open-hours filter is applied during the scan. */
    index('aeds_ready_earth_idx').using('gist', sql`ll_to_earth(${t.lat}, ${t.lng})`).where(sql`${t.status} = 'ready'`),
    /** Every device regardless of status (registry map, coverage analysis). */
    index('aeds_earth_idx').using('gist', sql`ll_to_earth(${t.lat}, ${t.lng})`),
    check('aeds_status_check', sql`${t.status} in ('ready', 'needs_service', 'out_of_service', 'removed')`),
    check('aeds_lat_check', sql`${t.lat} between -90 and 90 and ${t.lng} between -180 and 180`),
    check('aeds_hours_check', sql`cardinality(${t.openHours}) = 7`),
  ],
);

/**
 * Upkeep work on a device (维护任务): raised automatically (battery/pads expiring, inspection overdue, missed
 * heartbeat, self-test fault, used in a rescue) or by a public problem report; done by the owner unit.
 * `kind`: battery_expiring | pads_expiring | inspection_due | heartbeat_missing | self_test_failed | used_in_rescue |
 * public_report | other. `status`: open | done | cancelled. One open task per device and kind.
 */
export const aedTasks = pgTable(
  'aed_tasks',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    aedId: uuid('aed_id').notNull(),
    orgId: integer('org_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    dueOn: date('due_on').notNull(),
    detail: text('detail').notNull().default(''),
    /** The public report, usage report or inspection that raised or closed it. */
    sourceId: uuid('source_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    closeNote: text('close_note'),
  },
  (t) => [
    primaryKey({ name: 'aed_tasks_pkey', columns: [t.regionId, t.id] }),
    index('aed_tasks_id_idx').on(t.id),
    index('aed_tasks_aed_idx').on(t.regionId, t.aedId, t.createdAt),
    index('aed_tasks_due_idx').on(t.orgId, t.dueOn).where(sql`${t.status} = 'open'`),
    uniqueIndex('aed_tasks_open_kind_key')
      .on(t.regionId, t.aedId, t.kind)
      .where(sql`${t.status} = 'open' and ${t.kind} <> 'public_report'`),
    check('aed_tasks_status_check', sql`${t.status} in ('open', 'done', 'cancelled')`),
  ],
);

// ================================================================================================ part B: public map
// Problem reports from the public (a device's page) and the key places of a unit's coverage-gap analysis.

/**
 * A problem the public reported on a device's page (扫码报障). `kind`: missing | damaged | inaccessible | expired | other.
 * The reporter's phone (optional) is kept encrypted with a blind index and a masked copy; each report raises an
 * upkeep task (`public_report`) for the owner unit.
 */
export const aedReports = pgTable(
  'aed_reports',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    aedId: uuid('aed_id').notNull(),
    orgId: integer('org_id').notNull(),
    kind: text('kind').notNull(),
    note: text('note').notNull().default(''),
    photoFileId: uuid('photo_file_id'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    /** The upkeep task the report raised. */
    taskId: uuid('task_id'),
    /** The reporter's address, for abuse review only. */
    ip: text('ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'aed_reports_pkey', columns: [t.regionId, t.id] }),
    index('aed_reports_aed_idx').on(t.regionId, t.aedId, t.createdAt),
    index('aed_reports_org_idx').on(t.orgId, t.createdAt),
    check('aed_reports_kind_check', sql`${t.kind} in ('missing', 'damaged', 'inaccessible', 'expired', 'other')`),
  ],
);

/**
 * A place where an AED ought to be within a 3-minute walk (学校, 车站, 商场, 景区, 体育场 …), entered by staff of a unit
 * for the coverage-gap analysis ("where the next AEDs go"), with a daily footfall estimate to rank the gaps.
 * `kind`: school | station | mall | scenic | stadium | hospital | office | community | other.
 */
export const aedKeyPlaces = pgTable(
  'aed_key_places',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** WGS-84. */
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    /** People per day, estimated; null when unknown. */
    footfall: integer('footfall'),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'aed_key_places_pkey', columns: [t.regionId, t.id] }),
    index('aed_key_places_id_idx').on(t.id),
    index('aed_key_places_org_idx').on(t.orgId),
    check('aed_key_places_lat_check', sql`${t.lat} between -90 and 90 and ${t.lng} between -180 and 180`),
  ],
);

/** 管理责任人: named people answering for a device; phone encrypted, with a blind index (a guardian signs in by phone). */
export const aedGuardians = pgTable(
  'aed_guardians',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    aedId: uuid('aed_id').notNull(),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'aed_guardians_pkey', columns: [t.regionId, t.id] }),
    index('aed_guardians_aed_idx').on(t.regionId, t.aedId),
    index('aed_guardians_phone_idx').on(t.phoneHash),
  ],
);

/** An inspection (巡检): the checklist with each item's result, the overall result, a photo, who inspected. */
export const aedInspections = pgTable(
  'aed_inspections',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    aedId: uuid('aed_id').notNull(),
    orgId: integer('org_id').notNull(),
    inspectedAt: timestamp('inspected_at', { withTimezone: true }).notNull(),
    inspector: text('inspector').notNull(),
    /** [{ item: 'appearance' | 'indicator' | …, ok: boolean, note? }] */
    items: jsonb('items').notNull(),
    result: text('result').notNull(),
    photoFileId: uuid('photo_file_id'),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'aed_inspections_pkey', columns: [t.regionId, t.id] }),
    index('aed_inspections_aed_idx').on(t.regionId, t.aedId, t.inspectedAt),
    check('aed_inspections_result_check', sql`${t.result} in ('pass', 'fail')`),
  ],
);

/** Self-test results a device reported (远程监管); heartbeats only update the device row. */
export const aedSelfTests = pgTable(
  'aed_self_tests',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    aedId: uuid('aed_id').notNull(),
    testedAt: timestamp('tested_at', { withTimezone: true }).notNull(),
    ok: boolean('ok').notNull(),
    details: text('details').notNull().default(''),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'aed_self_tests_pkey', columns: [t.regionId, t.id] }),
    index('aed_self_tests_aed_idx').on(t.regionId, t.aedId, t.testedAt),
  ],
);

/** A usage report after a rescue: the device goes out of service until new pads are confirmed. */
export const aedUsages = pgTable(
  'aed_usages',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    aedId: uuid('aed_id').notNull(),
    orgId: integer('org_id').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull(),
    shocksDelivered: integer('shocks_delivered').notNull(),
    /** rosc | transported | died | unknown | not_needed */
    outcome: text('outcome').notNull(),
    emergencyId: uuid('emergency_id'),
    reporter: text('reporter').notNull(),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    padsConfirmedAt: timestamp('pads_confirmed_at', { withTimezone: true }),
    padsConfirmedBy: text('pads_confirmed_by'),
  },
  (t) => [
    primaryKey({ name: 'aed_usages_pkey', columns: [t.regionId, t.id] }),
    index('aed_usages_aed_idx').on(t.regionId, t.aedId, t.usedAt),
    check('aed_usages_shocks_check', sql`${t.shocksDelivered} >= 0`),
  ],
);

/** The last sequence number used per administrative code, for device codes AED-<admin code>-<seq>. */
export const aedCodeCounters = pgTable('aed_code_counters', {
  prefix: text('prefix').primaryKey(),
  last: integer('last').notNull(),
});

/** Progress of registry Excel imports. */
export const aedImports = importTable('aed_imports');
