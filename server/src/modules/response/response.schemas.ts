// The contract of 救在身边 realtime response (see .tmp/RESPONSE-API.md): responders, alerts, emergencies, the
// dispatcher API, follow-ups and statistics. Positions are WGS-84 { lat, lng }; names and phones are masked.
import { z } from 'zod';

const iso = z.string();
// Ranges are checked by the service (assertPoint) so out of range, swapped and (0,0) all answer INVALID_LOCATION.
const latSchema = z.number().min(-1000).max(1000);
const lngSchema = z.number().min(-1000).max(1000);
const text = (max: number) => z.string().trim().max(max);

export const consentSchema = z.object({ version: z.string(), textZh: z.string(), textEn: z.string() });
export type Consent = z.infer<typeof consentSchema>;

export const maxDistanceChoices = [500, 1000, 2000, 3000] as const;
export const responderPrefsSchema = z.strictObject({
  sms: z.boolean(),
  sound: z.boolean(),
  maxDistanceM: z.union([z.literal(500), z.literal(1000), z.literal(2000), z.literal(3000)]),
});
export type ResponderPrefs = z.infer<typeof responderPrefsSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const quietHoursSchema = z.strictObject({ from: hhmm, to: hhmm }).nullable();
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const positionInputSchema = z.strictObject({
  lat: latSchema,
  lng: lngSchema,
  accuracyM: z.number().min(0).max(100_000).optional(),
});
export type PositionInput = z.infer<typeof positionInputSchema>;

export const responderViewSchema = z.object({
  id: z.uuid(),
  onCall: z.boolean(),
  onCallSince: iso.nullable(),
  offCallReason: z.string().nullable(),
  consentVersion: z.string(),
  consentedAt: iso,
  prefs: z.object({ sms: z.boolean(), sound: z.boolean(), maxDistanceM: z.number().int() }),
  quietHours: z.object({ from: z.string(), to: z.string() }).nullable(),
  position: z.object({ lat: z.number(), lng: z.number(), accuracyM: z.number().nullable(), fixedAt: iso }).nullable(),
  certificate: z.object({ certNo: z.string(), validUntil: z.string() }),
});
export type ResponderView = z.infer<typeof responderViewSchema>;

export const meSchema = z.object({
  eligible: z.boolean(),
  certificate: z.object({ certNo: z.string(), validUntil: z.string(), holderNameMasked: z.string() }).nullable(),
  responder: responderViewSchema.nullable(),
  consent: consentSchema,
});
export type Me = z.infer<typeof meSchema>;

export const enrolSchema = z.strictObject({
  consentVersion: z.string().min(1).max(40),
  prefs: responderPrefsSchema,
  quietHours: quietHoursSchema.default(null),
});
export type Enrol = z.infer<typeof enrolSchema>;

export const updateResponderSchema = z.strictObject({
  prefs: responderPrefsSchema.optional(),
  quietHours: quietHoursSchema.optional(),
});
export type UpdateResponder = z.infer<typeof updateResponderSchema>;

export const onCallSchema = z.strictObject({ position: positionInputSchema.optional() });

export const aedBriefSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  lat: z.number(),
  lng: z.number(),
  address: z.string(),
  building: z.string(),
  floor: z.string(),
  spot: z.string(),
  accessNotes: z.string(),
  openHoursText: z.string(),
  distanceM: z.number(),
  walkingSeconds: z.number(),
});
export type AedBrief = z.infer<typeof aedBriefSchema>;

export const alertStatuses = ['alerted', 'accepted', 'declined', 'stood_down', 'arrived', 'ended'] as const;
export type AlertStatus = (typeof alertStatuses)[number];
export const roles = ['patient', 'fetch_aed'] as const;
export type ResponderRole = (typeof roles)[number];

export const alertViewSchema = z.object({
  id: z.uuid(),
  emergencyId: z.uuid(),
  status: z.enum(alertStatuses),
  role: z.enum(roles).nullable(),
  alertedAt: iso,
  answeredAt: iso.nullable(),
  distanceM: z.number(),
  walkingSeconds: z.number(),
  emergency: z.object({
    id: z.uuid(),
    lat: z.number(),
    lng: z.number(),
    address: z.string(),
    note: z.string(),
    status: z.enum(['active', 'ended']),
    raisedAt: iso,
  }),
  aed: aedBriefSchema.nullable(),
  instruction: z.string(),
});
export type AlertView = z.infer<typeof alertViewSchema>;

export const emergencyResponderSchema = z.object({
  alertId: z.uuid(),
  responderId: z.uuid(),
  nameMasked: z.string(),
  status: z.enum(alertStatuses),
  role: z.enum(roles).nullable(),
  distanceM: z.number(),
  position: z.object({ lat: z.number(), lng: z.number(), fixedAt: iso }).nullable(),
  alertedAt: iso,
  answeredAt: iso.nullable(),
  arrivedAt: iso.nullable(),
  aedId: z.uuid().nullable(),
});
export type EmergencyResponder = z.infer<typeof emergencyResponderSchema>;

export const timelineItemSchema = z.object({
  at: iso,
  kind: z.string(),
  text: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export const emergencySources = ['dispatch_api', 'staff', 'public'] as const;
export const emergencyViewSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  source: z.enum(emergencySources),
  status: z.enum(['active', 'ended']),
  lat: z.number(),
  lng: z.number(),
  address: z.string(),
  note: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  raisedAt: iso,
  endedAt: iso.nullable(),
  radiusM: z.number().int(),
  alerted: z.number().int(),
  accepted: z.number().int(),
  firstAcceptedAt: iso.nullable(),
  firstArrivedAt: iso.nullable(),
});
export type EmergencyView = z.infer<typeof emergencyViewSchema>;

export const outcomeResults = ['rosc', 'transported', 'died', 'false_alarm', 'cancelled', 'other'] as const;
export const outcomeSchema = z.strictObject({
  result: z.enum(outcomeResults),
  bystanderCpr: z.boolean(),
  aedUsed: z.boolean(),
  aedId: z.uuid().nullable().default(null),
  shocks: z.number().int().min(0).max(50).nullable().default(null),
  emsArrivedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  note: text(1000).default(''),
});
export type Outcome = z.infer<typeof outcomeSchema>;
export const outcomeViewSchema = z.object({
  result: z.enum(outcomeResults),
  bystanderCpr: z.boolean(),
  aedUsed: z.boolean(),
  aedId: z.string().nullable(),
  shocks: z.number().nullable(),
  emsArrivedAt: z.string().nullable(),
  note: z.string(),
});

export const emergencyDetailSchema = emergencyViewSchema.extend({
  responders: z.array(emergencyResponderSchema),
  aeds: z.array(aedBriefSchema),
  timeline: z.array(timelineItemSchema),
  outcome: outcomeViewSchema.nullable(),
  /** A follow-up answer asked for help (struggling or wants counselling). */
  needsCare: z.boolean(),
});
export type EmergencyDetail = z.infer<typeof emergencyDetailSchema>;

const pointFields = { lat: latSchema, lng: lngSchema, datum: z.enum(['wgs84', 'gcj02']).default('wgs84') };
export const raiseEmergencySchema = z.strictObject({
  orgId: z.number().int().positive().optional(),
  ...pointFields,
  address: text(200).min(1),
  note: text(500).default(''),
});
export type RaiseEmergency = z.infer<typeof raiseEmergencySchema>;

export const dispatchRaiseSchema = z.strictObject({
  externalId: text(80).min(1).optional(),
  ...pointFields,
  address: text(200).min(1),
  note: text(500).default(''),
});
export type DispatchRaise = z.infer<typeof dispatchRaiseSchema>;

export const publicRaiseSchema = z.strictObject({
  lat: latSchema,
  lng: lngSchema,
  address: text(200).default(''),
  note: text(500).default(''),
  callerPhone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, 'a mainland mobile number'),
});
export type PublicRaise = z.infer<typeof publicRaiseSchema>;

export const publicResponderSchema = z.object({
  alertId: z.uuid(),
  status: z.enum(alertStatuses),
  role: z.enum(roles).nullable(),
  distanceM: z.number(),
  position: z.object({ lat: z.number(), lng: z.number(), fixedAt: iso }).nullable(),
});
export const publicEmergencySchema = emergencyViewSchema.extend({
  responders: z.array(publicResponderSchema),
  aeds: z.array(aedBriefSchema),
});
export const publicRaisedSchema = z.object({
  emergency: emergencyViewSchema,
  followToken: z.string(),
  nearestAeds: z.array(aedBriefSchema),
});
export const followTokenQuerySchema = z.object({ token: z.string().min(10).max(100) });

export const emergencyListQuerySchema = z.object({
  status: z.enum(['active', 'ended']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type EmergencyListQuery = z.infer<typeof emergencyListQuerySchema>;
export const emergencyPageSchema = z.object({ items: z.array(emergencyViewSchema), total: z.number().int() });

export const idParamsSchema = z.object({ id: z.uuid() });
export const tokenParamsSchema = z.object({ token: z.string().min(10).max(100) });
export const declineSchema = z.strictObject({ reason: text(200).optional() });
export const arrivedSchema = z.strictObject({ fetchedAed: z.boolean().optional() });

export const responderListQuerySchema = z.object({
  onCall: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ResponderListQuery = z.infer<typeof responderListQuerySchema>;
export const responderAdminViewSchema = responderViewSchema.extend({
  nameMasked: z.string(),
  phoneMasked: z.string(),
  orgName: z.string(),
});
export const responderPageSchema = z.object({ items: z.array(responderAdminViewSchema), total: z.number().int() });

export const dispatchKeyViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  createdAt: iso,
  lastUsedAt: iso.nullable(),
  revokedAt: iso.nullable(),
});
export type DispatchKeyView = z.infer<typeof dispatchKeyViewSchema>;
export const createDispatchKeySchema = z.strictObject({ name: text(60).min(1), orgId: z.number().int().positive() });
export const createdDispatchKeySchema = dispatchKeyViewSchema.extend({ key: z.string() });

export const statsQuerySchema = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;
const bucketSchema = z.object({ bucket: z.string(), count: z.number().int() });
export const responseStatsSchema = z.object({
  emergencies: z.number().int(),
  withAcceptance: z.number().int(),
  medianFirstAcceptSeconds: z.number().nullable(),
  p90FirstAcceptSeconds: z.number().nullable(),
  medianArrivalSeconds: z.number().nullable(),
  p90ArrivalSeconds: z.number().nullable(),
  firstAcceptHistogram: z.array(bucketSchema),
  arrivalHistogram: z.array(bucketSchema),
  outcomes: z.array(z.object({ result: z.string(), count: z.number().int() })),
  respondersOnCall: z.number().int(),
  respondersEnrolled: z.number().int(),
  byUnit: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      emergencies: z.number().int(),
      respondersEnrolled: z.number().int(),
      respondersOnCall: z.number().int(),
    }),
  ),
});
export type ResponseStats = z.infer<typeof responseStatsSchema>;

export const followupAnswersSchema = z.strictObject({
  wellbeing: z.enum(['fine', 'shaken', 'struggling']),
  wantsCounselling: z.boolean(),
  injured: z.boolean(),
  comment: text(1000).default(''),
});
export type FollowupAnswers = z.infer<typeof followupAnswersSchema>;
export const followupSchema = z.object({
  token: z.string(),
  emergencyNumber: z.string(),
  sentAt: iso,
  answeredAt: iso.nullable(),
  answers: z
    .object({
      wellbeing: z.enum(['fine', 'shaken', 'struggling']),
      wantsCounselling: z.boolean(),
      injured: z.boolean(),
      comment: z.string(),
    })
    .nullable(),
  counsellingPhone: z.string(),
});
export type Followup = z.infer<typeof followupSchema>;

/** WebSocket client frames. */
export const positionFrameSchema = positionInputSchema;
export const ackFrameSchema = z.object({ alertId: z.uuid() });
