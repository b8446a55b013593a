// The volunteers module's contract: registration, teams, activities, sign-ups, QR check-in/out, hours, service
// records, certificates, statistics, settings. Imports only zod (the web app imports this file for types).
import { z } from 'zod';

/** The skills catalogue (技能目录). */
export const skillCodes = [
  'first_aid',
  'medical',
  'psychological',
  'driving',
  'languages',
  'rescue',
  'logistics',
  'publicity',
  'teaching',
  'it',
  'elderly_care',
  'other',
] as const;
export type SkillCode = (typeof skillCodes)[number];
export const skillNames: Record<SkillCode, { zh: string; en: string }> = {
  first_aid: { zh: '应急救护', en: 'First aid' },
  medical: { zh: '医疗', en: 'Medical' },
  psychological: { zh: '心理支持', en: 'Psychological support' },
  driving: { zh: '驾驶', en: 'Driving' },
  languages: { zh: '外语/翻译', en: 'Languages' },
  rescue: { zh: '应急救援', en: 'Rescue' },
  logistics: { zh: '后勤保障', en: 'Logistics' },
  publicity: { zh: '宣传', en: 'Publicity' },
  teaching: { zh: '教学培训', en: 'Teaching' },
  it: { zh: '信息技术', en: 'IT' },
  elderly_care: { zh: '助老服务', en: 'Elderly care' },
  other: { zh: '其他', en: 'Other' },
};

export const volunteerStatuses = ['pending', 'approved', 'rejected'] as const;
export type VolunteerStatus = (typeof volunteerStatuses)[number];
export const activityStatuses = ['draft', 'published', 'cancelled'] as const;
export const signupStatuses = ['confirmed', 'waitlisted', 'cancelled'] as const;

const text = (max: number) => z.string().trim().max(max);
const lang = z.string().max(20).optional();
const phone = z.string().trim().min(5).max(20);
const isoDate = z.iso.date();
const dateTime = z.iso.datetime({ offset: true });
const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

/** Monday first; bit 0 morning, bit 1 afternoon, bit 2 evening. */
export const availabilitySchema = z.array(z.number().int().min(0).max(7)).length(7);

const registrationFields = {
  orgId: z.number().int().positive(),
  skills: z.array(z.enum(skillCodes)).max(12).default([]),
  languages: z.array(text(30).min(1)).max(10).default([]),
  availability: availabilitySchema.default([0, 0, 0, 0, 0, 0, 0]),
  emergencyContact: z.strictObject({ name: text(50).min(1), phone }),
  guardian: z.strictObject({ name: text(50).min(1), phone, consentFileId: z.uuid() }).optional(),
  note: text(500).default(''),
};

/** A member of the public registers themself (the account's phone is the contact phone). */
export const registerSelfSchema = z.strictObject({
  name: text(50).min(1),
  idNumber: z.string().trim().min(15).max(18),
  ...registrationFields,
});
export type RegisterSelf = z.infer<typeof registerSelfSchema>;

/** Staff register someone (volunteers:manage at the unit). */
export const registerByStaffSchema = z.strictObject({
  name: text(50).min(1),
  idNumber: z.string().trim().min(15).max(18),
  phone,
  ...registrationFields,
});
export type RegisterByStaff = z.infer<typeof registerByStaffSchema>;

export const volunteerViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  personId: z.uuid(),
  name: z.string(),
  volunteerNo: z.string().nullable(),
  status: z.enum(volunteerStatuses),
  phoneMasked: z.string(),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  availability: z.array(z.number().int()),
  emergencyName: z.string(),
  emergencyPhoneMasked: z.string(),
  isMinor: z.boolean(),
  guardianName: z.string().nullable(),
  guardianPhoneMasked: z.string().nullable(),
  guardianConsentFileId: z.uuid().nullable(),
  registeredVia: z.enum(['public', 'staff']),
  note: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** Approved minutes in the current China year, and whether they reach full registration. */
  minutesThisYear: z.number().int(),
  fullRegistrationHours: z.number().int(),
  isFullyRegistered: z.boolean(),
});
export type VolunteerView = z.infer<typeof volunteerViewSchema>;

export const volunteerListQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(volunteerStatuses).optional(),
  q: text(50).optional(),
  ...page,
  lang,
});
export type VolunteerListQuery = z.infer<typeof volunteerListQuerySchema>;
export const volunteerPageSchema = z.object({ items: z.array(volunteerViewSchema), total: z.number().int() });

export const decideVolunteerSchema = z.strictObject({ approve: z.boolean(), note: text(200).default('') });
export type DecideVolunteer = z.infer<typeof decideVolunteerSchema>;

// ------------------------------------------------------------------------------------------------ teams

export const createTeamSchema = z.strictObject({
  orgId: z.number().int().positive(),
  name: text(60).min(1),
  description: text(500).default(''),
});
export type CreateTeam = z.infer<typeof createTeamSchema>;
export const teamMemberInputSchema = z.strictObject({
  volunteerId: z.uuid(),
  role: z.enum(['leader', 'member']).default('member'),
});
export type TeamMemberInput = z.infer<typeof teamMemberInputSchema>;
export const teamViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  description: z.string(),
  members: z.array(
    z.object({
      volunteerId: z.uuid(),
      name: z.string(),
      volunteerNo: z.string().nullable(),
      role: z.enum(['leader', 'member']),
    }),
  ),
  createdAt: z.string(),
});
export type TeamView = z.infer<typeof teamViewSchema>;
export const orgQuerySchema = z.strictObject({ orgId: z.coerce.number().int().positive(), lang });

// ------------------------------------------------------------------------------------------------ activities

export const createActivitySchema = z
  .strictObject({
    orgId: z.number().int().positive(),
    teamId: z.uuid().nullable().default(null),
    title: text(100).min(1),
    description: text(4000).default(''),
    startsAt: dateTime,
    endsAt: dateTime,
    place: text(200).min(1),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    geofenceM: z.number().int().min(20).max(5000).default(300),
    capacity: z.number().int().min(1).max(100_000),
    skills: z.array(z.enum(skillCodes)).max(12).default([]),
    allowWalkIns: z.boolean().default(false),
    checkInOpensMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(30),
    checkOutGraceMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(60),
    publish: z.boolean().default(false),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), { path: ['endsAt'], message: 'ends before it starts' })
  .refine((a) => Date.parse(a.endsAt) - Date.parse(a.startsAt) <= 7 * 24 * 3600_000, {
    path: ['endsAt'],
    message: 'longer than 7 days',
  });
export type CreateActivity = z.infer<typeof createActivitySchema>;

export const activityViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  lat: z.number(),
  lng: z.number(),
  geofenceM: z.number().int(),
  capacity: z.number().int(),
  confirmedCount: z.number().int(),
  skills: z.array(z.string()),
  allowWalkIns: z.boolean(),
  checkInOpensMinutes: z.number().int(),
  checkOutGraceMinutes: z.number().int(),
  status: z.enum(activityStatuses),
  publishedAt: z.string().nullable(),
});
export type ActivityView = z.infer<typeof activityViewSchema>;
export const activityListQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...page,
  lang,
});
export type ActivityListQuery = z.infer<typeof activityListQuerySchema>;
export const activityPageSchema = z.object({ items: z.array(activityViewSchema), total: z.number().int() });

/** The coordinator's screen: the QR's URL for this minute and when it changes. */
export const checkinQrSchema = z.object({
  url: z.string(),
  token: z.string(),
  /** Seconds until the next code (the previous one is still accepted for a minute after). */
  secondsLeft: z.number().int(),
  svg: z.string(),
});
export type CheckinQr = z.infer<typeof checkinQrSchema>;

export const checkInSchema = z.strictObject({
  token: z.string().trim().min(4).max(64),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type CheckIn = z.infer<typeof checkInSchema>;
export const checkInResultSchema = z.object({
  kind: z.enum(['in', 'out']),
  at: z.string(),
  distanceM: z.number().int(),
  isWalkIn: z.boolean(),
  activityTitle: z.string(),
});
export type CheckInResult = z.infer<typeof checkInResultSchema>;

// ------------------------------------------------------------------------------------------------ attendance and hours

export const attendanceRowSchema = z.object({
  volunteerId: z.uuid(),
  name: z.string(),
  volunteerNo: z.string().nullable(),
  signup: z.enum(signupStatuses).nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  isWalkIn: z.boolean(),
  /** Minutes from check-in/out capped to the activity's time; null when there is no check-out. */
  computedMinutes: z.number().int().nullable(),
  isMissingCheckout: z.boolean(),
  record: z
    .object({
      id: z.uuid(),
      startedAt: z.string(),
      endedAt: z.string(),
      minutes: z.number().int(),
      status: z.enum(['approved', 'voided']),
      corrections: z.number().int(),
    })
    .nullable(),
});
export type AttendanceRow = z.infer<typeof attendanceRowSchema>;
export const attendanceSchema = z.object({ activity: activityViewSchema, rows: z.array(attendanceRowSchema) });
export type Attendance = z.infer<typeof attendanceSchema>;

export const approveHoursSchema = z.strictObject({
  /** Volunteers to approve; omitted: everyone checked in and out and not yet approved. */
  volunteerIds: z.array(z.uuid()).max(5000).optional(),
});
export type ApproveHours = z.infer<typeof approveHoursSchema>;
export const approveResultSchema = z.object({
  approved: z.number().int(),
  skipped: z.array(z.object({ volunteerId: z.uuid(), reason: z.enum(['missing_checkout', 'already_approved']) })),
});
export type ApproveResult = z.infer<typeof approveResultSchema>;

export const correctHoursSchema = z
  .strictObject({
    volunteerId: z.uuid(),
    startedAt: dateTime,
    endedAt: dateTime,
    reason: text(300).min(2),
  })
  .refine((c) => Date.parse(c.endedAt) >= Date.parse(c.startedAt), { path: ['endedAt'], message: 'before start' });
export type CorrectHours = z.infer<typeof correctHoursSchema>;

// ------------------------------------------------------------------------------------------------ service record

export const serviceRecordViewSchema = z.object({
  id: z.uuid(),
  activityId: z.uuid(),
  activityTitle: z.string(),
  orgName: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  minutes: z.number().int(),
});
export const myRecordSchema = z.object({
  volunteer: volunteerViewSchema,
  records: z.array(serviceRecordViewSchema),
  byYear: z.array(z.object({ year: z.number().int(), minutes: z.number().int(), activities: z.number().int() })),
  totalMinutes: z.number().int(),
  signups: z.array(
    z.object({
      activityId: z.uuid(),
      title: z.string(),
      startsAt: z.string(),
      status: z.enum(signupStatuses),
      checkedInAt: z.string().nullable(),
      checkedOutAt: z.string().nullable(),
    }),
  ),
});
export type MyRecord = z.infer<typeof myRecordSchema>;

export const periodQuerySchema = z.strictObject({ from: isoDate, to: isoDate, lang });
export const certificateVerifySchema = z.object({
  code: z.string(),
  nameMasked: z.string(),
  volunteerNo: z.string().nullable(),
  orgName: z.string(),
  fromDate: z.string(),
  toDate: z.string(),
  minutes: z.number().int(),
  activityCount: z.number().int(),
  issuedAt: z.string(),
});

// ------------------------------------------------------------------------------------------------ public activities

export const publicActivitySchema = activityViewSchema.extend({
  mySignup: z.enum(signupStatuses).nullable(),
  waitlisted: z.number().int(),
});
export type PublicActivity = z.infer<typeof publicActivitySchema>;
export const signupResultSchema = z.object({ status: z.enum(signupStatuses) });

// ------------------------------------------------------------------------------------------------ statistics, settings

export const statsQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive(),
  from: isoDate,
  to: isoDate,
  lang,
});
const statsRow = {
  activities: z.number().int(),
  volunteers: z.number().int(),
  signups: z.number().int(),
  checkins: z.number().int(),
  minutes: z.number().int(),
};
export const statsSchema = z.object({
  total: z.object(statsRow),
  byUnit: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), ...statsRow })),
  byMonth: z.array(z.object({ month: z.string(), ...statsRow })),
  registeredVolunteers: z.number().int(),
});
export type VolunteerStats = z.infer<typeof statsSchema>;

export const settingsSchema = z.strictObject({
  orgId: z.number().int().positive(),
  fullRegistrationHours: z.number().int().min(0).max(1000),
});
export type VolunteerSettings = z.infer<typeof settingsSchema>;
export const exportQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  lang,
});
