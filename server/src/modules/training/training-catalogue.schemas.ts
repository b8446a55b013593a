// The training catalogue contract: courses (syllabus units, hours, exam blueprint, practical checklist, pass marks,
// certificate), lessons, training bases, and instructors (trainers and examiners) with their qualifications.
import { z } from 'zod';

const id32 = z.number().int().positive().max(2_147_483_647);
const shortText = z.string().trim().min(1).max(100);

export const courseKindValues = ['awareness', 'first_aider', 'recert', 'instructor'] as const;
export type CourseKind = (typeof courseKindValues)[number];
export const questionKindValues = ['single', 'multiple', 'judge'] as const;
export type QuestionKind = (typeof questionKindValues)[number];
export const lessonModeValues = ['online', 'offline'] as const;
export const qualificationKindValues = ['trainer', 'examiner'] as const;
export type QualificationKind = (typeof qualificationKindValues)[number];

export const syllabusUnitSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/),
  nameZh: shortText,
  nameEn: shortText,
});
export type SyllabusUnit = z.infer<typeof syllabusUnitSchema>;

/** One line of the theory paper: `count` questions of a kind from a unit (null: any unit), `points` each. */
export const blueprintRowSchema = z.object({
  unitCode: z.string().max(40).nullable(),
  questionKind: z.enum(questionKindValues),
  count: z.number().int().min(1).max(200),
  points: z.number().int().min(1).max(100),
});
export type BlueprintRow = z.infer<typeof blueprintRowSchema>;

/** One skill of the practical exam; a critical item scored 0 fails the exam whatever the total. */
export const checklistItemSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/),
  unitCode: z.string().max(40),
  nameZh: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  maxScore: z.number().int().min(1).max(100),
  isCritical: z.boolean(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const courseViewSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: z.enum(courseKindValues),
  nameZh: z.string(),
  nameEn: z.string(),
  description: z.string(),
  orgId: z.number().int(),
  onlineHours: z.number().int(),
  offlineHours: z.number().int(),
  units: z.array(syllabusUnitSchema),
  blueprint: z.array(blueprintRowSchema),
  blueprintPoints: z.number().int(),
  theoryMinutes: z.number().int(),
  theoryPassPercent: z.number().int(),
  maxAttempts: z.number().int(),
  checklist: z.array(checklistItemSchema),
  practicalPassPercent: z.number().int(),
  hasTheoryExam: z.boolean(),
  hasPracticalExam: z.boolean(),
  certificateYears: z.number().int().nullable(),
  certificateTitle: z.string().nullable(),
  isActive: z.boolean(),
  lessonCount: z.number().int(),
  updatedAt: z.string(),
});
export type CourseView = z.infer<typeof courseViewSchema>;

export const updateCourseSchema = z
  .strictObject({
    nameZh: shortText,
    nameEn: shortText,
    description: z.string().trim().max(2000),
    onlineHours: z.number().int().min(0).max(200),
    offlineHours: z.number().int().min(0).max(200),
    units: z.array(syllabusUnitSchema).min(1).max(30),
    blueprint: z.array(blueprintRowSchema).max(30),
    theoryMinutes: z.number().int().min(1).max(600),
    theoryPassPercent: z.number().int().min(1).max(100),
    maxAttempts: z.number().int().min(1).max(20),
    checklist: z.array(checklistItemSchema).max(50),
    practicalPassPercent: z.number().int().min(1).max(100),
    hasTheoryExam: z.boolean(),
    hasPracticalExam: z.boolean(),
    certificateYears: z.number().int().min(1).max(10).nullable(),
    certificateTitle: z.string().trim().min(1).max(40).nullable(),
    isActive: z.boolean(),
  })
  .partial();
export type UpdateCourse = z.infer<typeof updateCourseSchema>;

export const courseIdParamsSchema = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });

// ------------------------------------------------------------------------------------------------ lessons

export const lessonViewSchema = z.object({
  id: z.string(),
  courseId: z.number().int(),
  unitCode: z.string(),
  mode: z.enum(lessonModeValues),
  title: z.string(),
  body: z.string(),
  videoUrl: z.string().nullable(),
  imageFileIds: z.array(z.string()),
  minMinutes: z.number().int(),
  isRequired: z.boolean(),
  sortOrder: z.number().int(),
  isActive: z.boolean(),
});
export type LessonView = z.infer<typeof lessonViewSchema>;

const lessonFields = {
  unitCode: z.string().trim().min(1).max(40),
  mode: z.enum(lessonModeValues),
  title: z.string().trim().min(1).max(200),
  /** HTML; sanitised by the server (a safe subset of tags, no scripts, no styles, links http(s) only). */
  body: z.string().max(100_000).default(''),
  videoUrl: z
    .string()
    .trim()
    .max(1000)
    .regex(/^https?:\/\/\S+$/, 'http(s) URL only')
    .nullable()
    .default(null),
  imageFileIds: z.array(z.uuid()).max(20).default([]),
  minMinutes: z.number().int().min(0).max(600).default(0),
  isRequired: z.boolean().default(true),
};
export const createLessonSchema = z.strictObject(lessonFields);
export type CreateLesson = z.infer<typeof createLessonSchema>;
export const updateLessonSchema = z
  .strictObject({
    unitCode: lessonFields.unitCode,
    mode: lessonFields.mode,
    title: lessonFields.title,
    body: z.string().max(100_000),
    videoUrl: z
      .string()
      .trim()
      .max(1000)
      .regex(/^https?:\/\/\S+$/, 'http(s) URL only')
      .nullable(),
    imageFileIds: z.array(z.uuid()).max(20),
    minMinutes: z.number().int().min(0).max(600),
    isRequired: z.boolean(),
    isActive: z.boolean(),
  })
  .partial();
export type UpdateLesson = z.infer<typeof updateLessonSchema>;
export const reorderLessonsSchema = z.strictObject({ ids: z.array(z.uuid()).min(1).max(200) });
export const lessonIdParamsSchema = z.strictObject({ id: z.uuid() });

// ------------------------------------------------------------------------------------------------ bases

export const baseViewSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  address: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  capacity: z.number().int(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  equipment: z.array(z.string()),
  isActive: z.boolean(),
});
export type BaseView = z.infer<typeof baseViewSchema>;

export const createBaseSchema = z.strictObject({
  orgId: id32,
  name: z.string().trim().min(2).max(100),
  address: z.string().trim().min(2).max(200),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  capacity: z.number().int().min(1).max(2000),
  contactName: z.string().trim().max(50).nullable().default(null),
  contactPhone: z.string().trim().max(30).nullable().default(null),
  equipment: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});
export type CreateBase = z.infer<typeof createBaseSchema>;
export const updateBaseSchema = z
  .strictObject({
    name: z.string().trim().min(2).max(100),
    address: z.string().trim().min(2).max(200),
    lat: z.number().min(-90).max(90).nullable(),
    lng: z.number().min(-180).max(180).nullable(),
    capacity: z.number().int().min(1).max(2000),
    contactName: z.string().trim().max(50).nullable(),
    contactPhone: z.string().trim().max(30).nullable(),
    equipment: z.array(z.string().trim().min(1).max(100)).max(50),
    isActive: z.boolean(),
  })
  .partial();
export type UpdateBase = z.infer<typeof updateBaseSchema>;
export const baseIdParamsSchema = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const scopeQuerySchema = z.strictObject({
  lang: z.string().max(20).optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

// ------------------------------------------------------------------------------------------------ instructors

export const qualificationViewSchema = z.object({
  id: z.string(),
  kind: z.enum(qualificationKindValues),
  grade: z.string(),
  certificateNo: z.string().nullable(),
  issuedOn: z.string(),
  validUntil: z.string(),
  isExpired: z.boolean(),
  /** Valid today but expiring within 90 days. */
  expiresSoon: z.boolean(),
});
export type QualificationView = z.infer<typeof qualificationViewSchema>;

export const instructorViewSchema = z.object({
  id: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  personId: z.string(),
  name: z.string(),
  phoneMasked: z.string().nullable(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  isActive: z.boolean(),
  qualifications: z.array(qualificationViewSchema),
  expiresSoon: z.boolean(),
});
export type InstructorView = z.infer<typeof instructorViewSchema>;

export const createInstructorSchema = z.strictObject({
  orgId: id32,
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().min(15).max(18),
  phone: z.string().trim().min(5).max(20),
  /** The staff account's username, when the instructor signs in (examiners scoring practical exams). */
  username: z.string().trim().min(1).max(64).nullable().default(null),
});
export type CreateInstructor = z.infer<typeof createInstructorSchema>;
export const updateInstructorSchema = z
  .strictObject({ username: z.string().trim().min(1).max(64).nullable(), isActive: z.boolean() })
  .partial();
export type UpdateInstructor = z.infer<typeof updateInstructorSchema>;
export const instructorIdParamsSchema = z.strictObject({ id: z.uuid() });
export const qualificationParamsSchema = z.strictObject({ id: z.uuid(), qualificationId: z.uuid() });

export const addQualificationSchema = z
  .strictObject({
    kind: z.enum(qualificationKindValues),
    grade: z.string().trim().min(1).max(40),
    certificateNo: z.string().trim().max(60).nullable().default(null),
    issuedOn: z.iso.date(),
    validUntil: z.iso.date(),
  })
  .refine((q) => q.validUntil > q.issuedOn, { path: ['validUntil'], message: 'validUntil must follow issuedOn' });
export type AddQualification = z.infer<typeof addQualificationSchema>;
