// The AED registry's contract for staff: devices, guardians, weekly hours, upkeep (inspections, tasks, usage reports),
// telemetry (device keys, heartbeats, self-tests) and the unit statistics. Imports only zod.
import { z } from 'zod';

export const aedStatuses = ['ready', 'needs_service', 'out_of_service', 'removed'] as const;
export type AedStatus = (typeof aedStatuses)[number];

export const aedTaskKinds = [
  'battery_expiring',
  'pads_expiring',
  'inspection_due',
  'inspection_failed',
  'heartbeat_missing',
  'device_fault',
  'self_test_failed',
  'used_in_rescue',
  'public_report',
  'other',
] as const;
export type AedTaskKind = (typeof aedTaskKinds)[number];

/** The inspection checklist (巡检项目); `critical` items that fail turn the device needs_service. */
export const inspectionItems = [
  { key: 'appearance', zh: '外观完好', en: 'Casing intact', critical: false },
  { key: 'indicator', zh: '状态指示灯正常', en: 'Status indicator OK', critical: true },
  { key: 'battery', zh: '电池电量与有效期', en: 'Battery charge and expiry', critical: true },
  { key: 'pads', zh: '电极片在有效期内且密封', en: 'Pads sealed and in date', critical: true },
  {
    key: 'accessories',
    zh: '配件齐全(剪刀、剃刀、手套)',
    en: 'Accessories (scissors, razor, gloves)',
    critical: false,
  },
  { key: 'signage', zh: '标识清晰', en: 'Signage visible', critical: false },
  { key: 'access', zh: '可及性(不上锁、无遮挡)', en: 'Reachable (unlocked, unobstructed)', critical: true },
  { key: 'cabinet', zh: '存放箱与报警器正常', en: 'Cabinet and alarm OK', critical: false },
] as const;
export const inspectionItemKeys = inspectionItems.map((i) => i.key) as [string, ...string[]];

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const latLng = z.object({ lat: z.number(), lng: z.number() });
/** The caller's language for error messages (accepted on every query). */
const lang = z.string().max(20).optional();

/** One opening interval in whole hours, China time: from 0..23 to 1..24 (to ≤ from runs past midnight). */
export const hourIntervalSchema = z.strictObject({
  from: z.number().int().min(0).max(23),
  to: z.number().int().min(1).max(24),
});
/** Monday first, one list of intervals per day (empty = closed). */
export const weekHoursInputSchema = z.array(z.array(hourIntervalSchema).max(4)).length(7);

export const guardianInputSchema = z.strictObject({
  name: text(50).min(1),
  phone: z.string().trim().min(5).max(20),
});

const deviceFields = {
  orgId: z.number().int().positive(),
  brand: text(50).min(1),
  model: text(50).min(1),
  serialNo: text(60).min(1),
  lat: z.number(),
  lng: z.number(),
  /** The datum of lat/lng as given: a Chinese map picker gives GCJ-02; stored as WGS-84. */
  datum: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  address: text(200).min(1),
  building: text(100).default(''),
  floor: text(30).default(''),
  spot: text(200).default(''),
  photoFileId: z.uuid().nullable().optional(),
  accessNotes: text(500).default(''),
  keyHolder: text(100).default(''),
  is24h: z.boolean().default(false),
  weekHours: weekHoursInputSchema.optional(),
  openHoursText: text(200).default(''),
  installedOn: isoDate.nullable().optional(),
  batteryExpiresOn: isoDate.nullable().optional(),
  padsExpiresOn: isoDate.nullable().optional(),
  inspectionIntervalDays: z.number().int().min(1).max(366).default(30),
  heartbeatIntervalMinutes: z.number().int().min(1).max(10_080).default(60),
  guardians: z.array(guardianInputSchema).max(10).default([]),
};

export const createAedSchema = z.strictObject(deviceFields);
export type CreateAed = z.infer<typeof createAedSchema>;

export const updateAedSchema = z.strictObject({
  orgId: deviceFields.orgId.optional(),
  brand: deviceFields.brand.optional(),
  model: deviceFields.model.optional(),
  serialNo: deviceFields.serialNo.optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  datum: z.enum(['wgs84', 'gcj02']).optional(),
  address: deviceFields.address.optional(),
  building: text(100).optional(),
  floor: text(30).optional(),
  spot: text(200).optional(),
  photoFileId: z.uuid().nullable().optional(),
  accessNotes: text(500).optional(),
  keyHolder: text(100).optional(),
  is24h: z.boolean().optional(),
  weekHours: weekHoursInputSchema.optional(),
  openHoursText: text(200).optional(),
  installedOn: isoDate.nullable().optional(),
  batteryExpiresOn: isoDate.nullable().optional(),
  padsExpiresOn: isoDate.nullable().optional(),
  inspectionIntervalDays: z.number().int().min(1).max(366).optional(),
  heartbeatIntervalMinutes: z.number().int().min(1).max(10_080).optional(),
  guardians: z.array(guardianInputSchema).max(10).optional(),
});
export type UpdateAed = z.infer<typeof updateAedSchema>;

export const aedStatusChangeSchema = z.strictObject({
  status: z.enum(aedStatuses),
  reason: text(200).min(1),
});
export type AedStatusChange = z.infer<typeof aedStatusChangeSchema>;

export const aedListQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(aedStatuses).optional(),
  q: text(60).optional(),
  /** Devices with an open task due within this many days (the "needs a visit" filter). */
  dueWithinDays: z.coerce.number().int().min(0).max(366).optional(),
  includeRemoved: z.enum(['true', 'false']).optional(),
  lang,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(2000).default(50),
});
export type AedListQuery = z.infer<typeof aedListQuerySchema>;

export const idParamsSchema = z.strictObject({ id: z.uuid() });
export const taskParamsSchema = z.strictObject({ id: z.uuid(), taskId: z.uuid() });
export const importParamsSchema = z.strictObject({ importId: z.uuid() });

export const guardianViewSchema = z.object({ id: z.uuid(), name: z.string(), phoneMasked: z.string() });

export const aedSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  brand: z.string(),
  model: z.string(),
  serialNo: z.string(),
  lat: z.number(),
  lng: z.number(),
  gcj02: latLng,
  address: z.string(),
  building: z.string(),
  floor: z.string(),
  spot: z.string(),
  is24h: z.boolean(),
  openHoursText: z.string(),
  openNow: z.boolean(),
  status: z.enum(aedStatuses),
  statusReason: z.string(),
  batteryExpiresOn: isoDate.nullable(),
  padsExpiresOn: isoDate.nullable(),
  lastInspectedAt: z.iso.datetime().nullable(),
  lastHeartbeatAt: z.iso.datetime().nullable(),
  openTasks: z.number().int(),
});
export type AedSummary = z.infer<typeof aedSummarySchema>;

export const aedPageSchema = z.object({ items: z.array(aedSummarySchema), total: z.number().int() });

export const aedTaskViewSchema = z.object({
  id: z.uuid(),
  aedId: z.uuid(),
  aedCode: z.string(),
  address: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.enum(aedTaskKinds),
  status: z.enum(['open', 'done', 'cancelled']),
  dueOn: isoDate,
  detail: z.string(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  closeNote: z.string().nullable(),
});
export type AedTaskView = z.infer<typeof aedTaskViewSchema>;

export const inspectionViewSchema = z.object({
  id: z.uuid(),
  inspectedAt: z.iso.datetime(),
  inspector: z.string(),
  items: z.array(z.object({ item: z.string(), ok: z.boolean(), note: z.string().optional() })),
  result: z.enum(['pass', 'fail']),
  photoFileId: z.uuid().nullable(),
  note: z.string(),
});
export type InspectionView = z.infer<typeof inspectionViewSchema>;

export const selfTestViewSchema = z.object({
  id: z.uuid(),
  testedAt: z.iso.datetime(),
  ok: z.boolean(),
  details: z.string(),
});

export const usageOutcomes = ['rosc', 'transported', 'died', 'not_needed', 'unknown'] as const;
export const usageViewSchema = z.object({
  id: z.uuid(),
  usedAt: z.iso.datetime(),
  shocksDelivered: z.number().int(),
  outcome: z.enum(usageOutcomes),
  emergencyId: z.uuid().nullable(),
  reporter: z.string(),
  note: z.string(),
  padsConfirmedAt: z.iso.datetime().nullable(),
});
export type UsageView = z.infer<typeof usageViewSchema>;

export const aedViewSchema = aedSummarySchema.extend({
  photoFileId: z.uuid().nullable(),
  accessNotes: z.string(),
  keyHolder: z.string(),
  /** int[7] masks, Monday first (bit h = open during hour h). */
  openHours: z.array(z.number().int()).length(7),
  weekHours: weekHoursInputSchema,
  installedOn: isoDate.nullable(),
  inspectionIntervalDays: z.number().int(),
  heartbeatIntervalMinutes: z.number().int(),
  statusChangedAt: z.iso.datetime(),
  statusCause: z.string(),
  telemetry: z.object({
    hasKey: z.boolean(),
    keyIssuedAt: z.iso.datetime().nullable(),
    lastHeartbeatAt: z.iso.datetime().nullable(),
    lastSelfTestAt: z.iso.datetime().nullable(),
    lastSelfTestOk: z.boolean().nullable(),
    batteryPercent: z.number().int().nullable(),
    silent: z.boolean(),
  }),
  guardians: z.array(guardianViewSchema),
  tasks: z.array(aedTaskViewSchema),
  inspections: z.array(inspectionViewSchema),
  selfTests: z.array(selfTestViewSchema),
  usages: z.array(usageViewSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AedView = z.infer<typeof aedViewSchema>;

// ------------------------------------------------------------------------------------------------ upkeep

export const recordInspectionSchema = z.strictObject({
  inspectedAt: z.iso.datetime({ offset: true }).optional(),
  inspector: text(50).min(1),
  items: z
    .array(z.strictObject({ item: z.enum(inspectionItemKeys), ok: z.boolean(), note: text(200).optional() }))
    .min(1)
    .max(inspectionItems.length),
  photoFileId: z.uuid().nullable().optional(),
  note: text(500).default(''),
});
export type RecordInspection = z.infer<typeof recordInspectionSchema>;

export const closeTaskSchema = z.strictObject({ note: text(500).min(1) });

export const dueWorkQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive().optional(),
  withinDays: z.coerce.number().int().min(0).max(366).default(7),
  kind: z.enum(aedTaskKinds).optional(),
  lang,
});
export type DueWorkQuery = z.infer<typeof dueWorkQuerySchema>;
export const taskListSchema = z.object({ items: z.array(aedTaskViewSchema) });

export const reportUsageSchema = z.strictObject({
  usedAt: z.iso.datetime({ offset: true }),
  shocksDelivered: z.number().int().min(0).max(50),
  outcome: z.enum(usageOutcomes),
  emergencyId: z.uuid().nullable().optional(),
  reporter: text(50).min(1),
  note: text(500).default(''),
});
export type ReportUsage = z.infer<typeof reportUsageSchema>;

export const confirmPadsSchema = z.strictObject({ padsExpiresOn: isoDate });
export type ConfirmPads = z.infer<typeof confirmPadsSchema>;

// ------------------------------------------------------------------------------------------------ telemetry

export const deviceKeyViewSchema = z.object({
  deviceCode: z.string(),
  /** `Authorization: Bearer <key>`; shown once, only its SHA-256 is kept. */
  key: z.string(),
  issuedAt: z.iso.datetime(),
});

export const heartbeatSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  batteryPercent: z.number().int().min(0).max(100).optional(),
  status: z.enum(['ok', 'fault']).default('ok'),
  faultCode: text(50).optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

export const selfTestSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  ok: z.boolean(),
  details: text(500).optional(),
});
export type SelfTest = z.infer<typeof selfTestSchema>;

export const telemetryAckSchema = z.object({ deviceCode: z.string(), status: z.enum(aedStatuses) });

// ------------------------------------------------------------------------------------------------ statistics

export const aedStatsQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  lang,
});

export const aedStatsRowSchema = z.object({
  orgId: z.number().int(),
  name: z.string(),
  kind: z.enum(['child', 'own', 'total']),
  devices: z.number().int(),
  ready: z.number().int(),
  needsService: z.number().int(),
  outOfService: z.number().int(),
  batteryExpiring: z.number().int(),
  padsExpiring: z.number().int(),
  inspectionOverdue: z.number().int(),
  telemetrySilent: z.number().int(),
  population: z.number().int().nullable(),
  populationYear: z.number().int().nullable(),
  /** Devices (not removed) per 100,000 inhabitants, 2 decimals. */
  per100k: z.number().nullable(),
  readyPer100k: z.number().nullable(),
});
export type AedStatsRow = z.infer<typeof aedStatsRowSchema>;
export const aedStatsSchema = z.object({
  orgId: z.number().int(),
  unitName: z.string(),
  rows: z.array(aedStatsRowSchema),
  total: aedStatsRowSchema,
});
export type AedStats = z.infer<typeof aedStatsSchema>;

export const exportQuerySchema = z.strictObject({ orgId: z.coerce.number().int().positive().optional(), lang });
