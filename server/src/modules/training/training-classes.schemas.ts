// The training classes contract: classes (open or order-based), their trainers and examiners, sessions with QR
// check-in, enrolment (staff, Excel, the class QR page, the service hall) with a waitlist, the roster, the learner's
// own enrolments, and awareness sessions (普及培训, counted per attendee).
import { z } from 'zod';
import { importViewSchema } from '../../platform/imports/imports.schemas';

const id32 = z.number().int().positive().max(2_147_483_647);
const lang = z.string().max(20).optional();
const page = {
  lang,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
};

export const classKindValues = ['open', 'order'] as const;
export type ClassKind = (typeof classKindValues)[number];
export const classStatusValues = ['draft', 'open', 'closed', 'finished', 'cancelled'] as const;
export type ClassStatus = (typeof classStatusValues)[number];
export const enrolmentStatusValues = ['enrolled', 'waitlisted', 'cancelled', 'completed', 'failed'] as const;
export type EnrolmentStatus = (typeof enrolmentStatusValues)[number];
export const enrolmentSourceValues = ['staff', 'excel', 'qr', 'hall', 'roster'] as const;
export type EnrolmentSource = (typeof enrolmentSourceValues)[number];
export const resultValues = ['pending', 'passed', 'failed'] as const;
export const staffRoleValues = ['trainer', 'examiner'] as const;
export type StaffRole = (typeof staffRoleValues)[number];
export const venueKindValues = ['school', 'village', 'community', 'enterprise', 'public_place', 'other'] as const;
export type VenueKind = (typeof venueKindValues)[number];

// ------------------------------------------------------------------------------------------------ classes

const classFields = {
  title: z.string().trim().min(2).max(100),
  orderOrgName: z.string().trim().min(2).max(100).nullable(),
  orderContactName: z.string().trim().min(1).max(50).nullable(),
  orderContactPhone: z.string().trim().min(5).max(20).nullable(),
  baseId: id32.nullable(),
  siteAddress: z.string().trim().min(2).max(200).nullable(),
  capacity: z.number().int().min(1).max(2000),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  enrolClosesAt: z.iso.datetime({ offset: true }).nullable(),
  theoryOpensAt: z.iso.datetime({ offset: true }).nullable(),
  theoryClosesAt: z.iso.datetime({ offset: true }).nullable(),
};

export const createClassSchema = z.strictObject({
  courseId: id32,
  orgId: id32,
  kind: z.enum(classKindValues),
  ...classFields,
  orderOrgName: classFields.orderOrgName.default(null),
  orderContactName: classFields.orderContactName.default(null),
  orderContactPhone: classFields.orderContactPhone.default(null),
  baseId: classFields.baseId.default(null),
  siteAddress: classFields.siteAddress.default(null),
  enrolClosesAt: classFields.enrolClosesAt.default(null),
  theoryOpensAt: classFields.theoryOpensAt.default(null),
  theoryClosesAt: classFields.theoryClosesAt.default(null),
});
export type CreateClass = z.infer<typeof createClassSchema>;
export const updateClassSchema = z.strictObject(classFields).partial();
export type UpdateClass = z.infer<typeof updateClassSchema>;

export const classTransitionSchema = z.strictObject({
  to: z.enum(['open', 'closed', 'finished', 'cancelled']),
  reason: z.string().trim().min(2).max(500).optional(),
});
export type ClassTransition = z.infer<typeof classTransitionSchema>;

export const classIdParamsSchema = z.strictObject({ id: z.uuid() });
export const classTokenParamsSchema = z.strictObject({ token: z.string().min(8).max(64) });

export const classListQuerySchema = z.strictObject({
  status: z.enum(classStatusValues).optional(),
  kind: z.enum(classKindValues).optional(),
  courseId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  q: z.string().trim().max(50).optional(),
  ...page,
});
export type ClassListQuery = z.infer<typeof classListQuerySchema>;

export const classSummarySchema = z.object({
  id: z.string(),
  classNo: z.string(),
  title: z.string(),
  kind: z.enum(classKindValues),
  status: z.enum(classStatusValues),
  courseId: z.number().int(),
  courseName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  orderOrgName: z.string().nullable(),
  baseId: z.number().int().nullable(),
  baseName: z.string().nullable(),
  venue: z.string(),
  capacity: z.number().int(),
  enrolledCount: z.number().int(),
  waitlistCount: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string(),
  enrolClosesAt: z.string().nullable(),
});
export type ClassSummary = z.infer<typeof classSummarySchema>;
export const classPageSchema = z.object({ items: z.array(classSummarySchema), total: z.number().int() });

export const classStaffViewSchema = z.object({
  instructorId: z.string(),
  name: z.string(),
  role: z.enum(staffRoleValues),
  userId: z.string().nullable(),
});
export const sessionViewSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The check-in page the session's QR code opens. */
  checkinUrl: z.string(),
  presentCount: z.number().int(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const classViewSchema = classSummarySchema.extend({
  courseCode: z.string(),
  courseKind: z.string(),
  orderContactName: z.string().nullable(),
  orderContactPhoneMasked: z.string().nullable(),
  siteAddress: z.string().nullable(),
  theoryOpensAt: z.string().nullable(),
  theoryClosesAt: z.string().nullable(),
  /** The public class page its QR poster opens. */
  publicUrl: z.string(),
  staff: z.array(classStaffViewSchema),
  sessions: z.array(sessionViewSchema),
  createdAt: z.string(),
});
export type ClassView = z.infer<typeof classViewSchema>;

export const assignStaffSchema = z.strictObject({ instructorId: z.uuid(), role: z.enum(staffRoleValues) });
export type AssignStaff = z.infer<typeof assignStaffSchema>;
export const staffParamsSchema = z.strictObject({
  id: z.uuid(),
  instructorId: z.uuid(),
  role: z.enum(staffRoleValues),
});

export const createSessionSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(100),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .refine((s) => new Date(s.endsAt) > new Date(s.startsAt), {
    path: ['endsAt'],
    message: 'endsAt must follow startsAt',
  });
export type CreateSession = z.infer<typeof createSessionSchema>;
export const sessionParamsSchema = z.strictObject({ id: z.uuid(), sessionId: z.uuid() });

// ------------------------------------------------------------------------------------------------ enrolments

export const enrolByStaffSchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().min(15).max(18),
  /** Optional when enrolling a service-hall request: its applicant's phone is used. */
  phone: z.string().trim().min(5).max(20).optional(),
  workplace: z.string().trim().max(100).nullable().default(null),
  /** A hall request for `training-signup` this enrolment fulfils (it is concluded as done). */
  serviceRequestId: z.uuid().optional(),
});
export type EnrolByStaff = z.infer<typeof enrolByStaffSchema>;

export const publicEnrolSchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().min(15).max(18),
  workplace: z.string().trim().max(100).nullable().default(null),
});
export type PublicEnrol = z.infer<typeof publicEnrolSchema>;

export const rosterEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  phoneMasked: z.string(),
  idNumberMasked: z.string().nullable(),
  workplace: z.string().nullable(),
  status: z.enum(enrolmentStatusValues),
  source: z.enum(enrolmentSourceValues),
  /** 1-based place on the waitlist; null unless waitlisted. */
  waitlistPosition: z.number().int().nullable(),
  presentSessionIds: z.array(z.string()),
  attendanceCount: z.number().int(),
  lessonsDoneAt: z.string().nullable(),
  theoryResult: z.enum(resultValues),
  theoryScore: z.number().int().nullable(),
  practicalResult: z.enum(resultValues),
  practicalScore: z.number().int().nullable(),
  certificateId: z.string().nullable(),
  enrolledAt: z.string(),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;
export const rosterSchema = z.object({ items: z.array(rosterEntrySchema) });

export const enrolResultSchema = z.object({
  enrolment: rosterEntrySchema,
  /** True when the class was full: the learner is on the waitlist (no error). */
  waitlisted: z.boolean(),
  waitlistPosition: z.number().int().nullable(),
});
export type EnrolResult = z.infer<typeof enrolResultSchema>;

export const enrolmentParamsSchema = z.strictObject({ id: z.uuid(), enrolmentId: z.uuid() });
export const cancelEnrolmentSchema = z.strictObject({ reason: z.string().trim().min(2).max(500).optional() });

export const markAttendanceSchema = z.strictObject({
  sessionId: z.uuid(),
  enrolmentId: z.uuid(),
  present: z.boolean(),
});
export type MarkAttendance = z.infer<typeof markAttendanceSchema>;

export const enrolUploadQuerySchema = z.strictObject({ lang, source: z.enum(['excel', 'roster']).default('excel') });
export const enrolImportParamsSchema = z.strictObject({ id: z.uuid(), importId: z.uuid() });
export const enrolImportViewSchema = importViewSchema;

// ------------------------------------------------------------------------------------------------ public

export const publicClassSchema = z.object({
  token: z.string(),
  title: z.string(),
  classNo: z.string(),
  kind: z.enum(classKindValues),
  status: z.enum(classStatusValues),
  courseName: z.string(),
  courseKind: z.string(),
  courseDescription: z.string(),
  onlineHours: z.number().int(),
  offlineHours: z.number().int(),
  orgName: z.string(),
  orderOrgName: z.string().nullable(),
  venue: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  enrolClosesAt: z.string().nullable(),
  capacity: z.number().int(),
  enrolledCount: z.number().int(),
  waitlistCount: z.number().int(),
  /** Whether the class takes enrolments now (status open, before the closing time). */
  isEnrolling: z.boolean(),
  sessions: z.array(z.object({ seq: z.number().int(), title: z.string(), startsAt: z.string(), endsAt: z.string() })),
});
export type PublicClass = z.infer<typeof publicClassSchema>;

export const checkinResultSchema = z.object({
  classTitle: z.string(),
  sessionTitle: z.string(),
  learnerName: z.string(),
  checkedInAt: z.string(),
  alreadyPresent: z.boolean(),
});
export type CheckinResult = z.infer<typeof checkinResultSchema>;
export const checkinParamsSchema = z.strictObject({ token: z.string().min(8).max(64) });

export const nextStepValues = [
  'waitlist',
  'study',
  'theory_exam',
  'practical_exam',
  'certificate',
  'done',
  'none',
] as const;
export const myEnrolmentSchema = z.object({
  id: z.string(),
  classId: z.string(),
  classToken: z.string(),
  classNo: z.string(),
  classTitle: z.string(),
  classStatus: z.enum(classStatusValues),
  courseId: z.number().int(),
  courseCode: z.string(),
  courseKind: z.string(),
  courseName: z.string(),
  orgName: z.string(),
  venue: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(enrolmentStatusValues),
  waitlistPosition: z.number().int().nullable(),
  hasTheoryExam: z.boolean(),
  hasPracticalExam: z.boolean(),
  theoryOpensAt: z.string().nullable(),
  theoryClosesAt: z.string().nullable(),
  lessonsDoneAt: z.string().nullable(),
  theoryResult: z.enum(resultValues),
  theoryScore: z.number().int().nullable(),
  practicalResult: z.enum(resultValues),
  practicalScore: z.number().int().nullable(),
  certificateId: z.string().nullable(),
  attendanceCount: z.number().int(),
  /** What the learner does next: study lessons, sit the theory exam, await the practical, get the certificate. */
  nextStep: z.enum(nextStepValues),
  enrolledAt: z.string(),
});
export type MyEnrolment = z.infer<typeof myEnrolmentSchema>;

export const publicClassListSchema = z.array(publicClassSchema);

// ------------------------------------------------------------------------------------------------ awareness

export const createAwarenessSchema = z.strictObject({
  orgId: id32,
  heldOn: z.iso.date(),
  venueKind: z.enum(venueKindValues),
  venue: z.string().trim().min(2).max(200),
  topic: z.string().trim().min(2).max(200),
  attendees: z.number().int().min(1).max(100_000),
  hours: z.number().int().min(1).max(24),
  instructorId: z.uuid().nullable().default(null),
  trainerName: z.string().trim().max(50).nullable().default(null),
  evidenceFileIds: z.array(z.uuid()).max(20).default([]),
});
export type CreateAwareness = z.infer<typeof createAwarenessSchema>;

export const awarenessViewSchema = z.object({
  id: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  heldOn: z.string(),
  venueKind: z.enum(venueKindValues),
  venue: z.string(),
  topic: z.string(),
  attendees: z.number().int(),
  hours: z.number().int(),
  instructorId: z.string().nullable(),
  trainerName: z.string().nullable(),
  evidenceFileIds: z.array(z.string()),
  createdAt: z.string(),
});
export type AwarenessView = z.infer<typeof awarenessViewSchema>;

export const awarenessListQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  venueKind: z.enum(venueKindValues).optional(),
  ...page,
});
export type AwarenessListQuery = z.infer<typeof awarenessListQuerySchema>;
export const awarenessPageSchema = z.object({
  items: z.array(awarenessViewSchema),
  total: z.number().int(),
  /** Over every matching record (not just the page): attendees and attendee-hours. */
  totalAttendees: z.number().int(),
  totalAttendeeHours: z.number().int(),
});
