// The contract of practical exams (培考分离), certificates (救护员证) and training statistics, shared by server and web.
import { z } from 'zod';
import { importViewSchema } from '../../platform/imports/imports.schemas';

const isoDate = z.iso.date();
/** The caller's language for error messages (accepted on every query). */
const lang = z.string().max(20).optional();
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !v.includes('\u0000'), 'NUL');

// ------------------------------------------------------------------------------------------------ practical exams

export const scoreStatusValues = ['draft', 'signed', 'amendment_pending', 'superseded', 'rejected'] as const;
export type ScoreStatus = (typeof scoreStatusValues)[number];
export const resultValues = ['pending', 'passed', 'failed'] as const;

export const practicalItemSchema = z.strictObject({
  key: z.string().min(1).max(40),
  score: z.number().int().min(0).max(1000),
  note: text(500).optional(),
});
export type PracticalItem = z.infer<typeof practicalItemSchema>;

/** A draft or the final (signed) scores: one entry per checklist item (a draft may leave items out). */
export const practicalScoresSchema = z.strictObject({ items: z.array(practicalItemSchema).max(100) });
export type PracticalScores = z.infer<typeof practicalScoresSchema>;

export const requestAmendmentSchema = z.strictObject({
  items: z.array(practicalItemSchema).min(1).max(100),
  reason: text(500).pipe(z.string().min(2)),
});
export type RequestAmendment = z.infer<typeof requestAmendmentSchema>;

export const decideAmendmentSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: text(500).optional(),
});
export type DecideAmendment = z.infer<typeof decideAmendmentSchema>;

export const checklistItemSchema = z.object({
  key: z.string(),
  unitCode: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  maxScore: z.number().int(),
  isCritical: z.boolean(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const practicalScoreViewSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(scoreStatusValues),
  items: z.array(z.object({ key: z.string(), score: z.number().int(), note: z.string().optional() })),
  total: z.number().int(),
  maxTotal: z.number().int(),
  isPassed: z.boolean(),
  /** A critical item scored 0 (fails whatever the total). */
  hasCriticalFail: z.boolean(),
  examinerName: z.string().nullable(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
  amendsId: z.uuid().nullable(),
  amendReason: z.string().nullable(),
  amendedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PracticalScoreView = z.infer<typeof practicalScoreViewSchema>;

export const examinerClassViewSchema = z.object({
  id: z.uuid(),
  classNo: z.string(),
  title: z.string(),
  courseName: z.string(),
  unitName: z.string(),
  status: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  learners: z.number().int(),
  signed: z.number().int(),
  /** Assigned as trainer too: the class cannot be examined by this user (培考分离). */
  isTrainer: z.boolean(),
});
export type ExaminerClassView = z.infer<typeof examinerClassViewSchema>;

export const practicalLearnerSchema = z.object({
  enrolmentId: z.uuid(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  workplace: z.string().nullable(),
  theoryResult: z.enum(resultValues),
  practicalResult: z.enum(resultValues),
  practicalScore: z.number().int().nullable(),
  /** The latest score row's status, null before any scoring. */
  sheetStatus: z.enum(scoreStatusValues).nullable(),
  hasCertificate: z.boolean(),
});
export type PracticalLearner = z.infer<typeof practicalLearnerSchema>;

export const examinerClassDetailSchema = z.object({
  cls: examinerClassViewSchema,
  checklist: z.array(checklistItemSchema),
  passPercent: z.number().int(),
  learners: z.array(practicalLearnerSchema),
});
export type ExaminerClassDetail = z.infer<typeof examinerClassDetailSchema>;

export const practicalSheetSchema = z.object({
  classId: z.uuid(),
  classTitle: z.string(),
  courseName: z.string(),
  learner: practicalLearnerSchema,
  checklist: z.array(checklistItemSchema),
  passPercent: z.number().int(),
  /** The draft being scored, or the signed result (final). */
  current: practicalScoreViewSchema.nullable(),
  /** An amendment waiting for a second user. */
  pending: practicalScoreViewSchema.nullable(),
  versions: z.array(practicalScoreViewSchema),
});
export type PracticalSheet = z.infer<typeof practicalSheetSchema>;

export const amendmentViewSchema = z.object({
  id: z.uuid(),
  classId: z.uuid(),
  classNo: z.string(),
  classTitle: z.string(),
  enrolmentId: z.uuid(),
  learnerName: z.string(),
  before: practicalScoreViewSchema.nullable(),
  after: practicalScoreViewSchema,
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
});
export type AmendmentView = z.infer<typeof amendmentViewSchema>;

export const classIdParamsSchema = z.strictObject({ classId: z.uuid() });
export const enrolmentIdParamsSchema = z.strictObject({ enrolmentId: z.uuid() });
export const amendmentIdParamsSchema = z.strictObject({ id: z.uuid() });

// ------------------------------------------------------------------------------------------------ certificates

export const certificateStatusValues = ['valid', 'expired', 'revoked'] as const;
export type CertificateStatus = (typeof certificateStatusValues)[number];
export const revokeCategoryValues = ['misconduct', 'fraud', 'result_amended', 'issued_in_error', 'other'] as const;
export type RevokeCategory = (typeof revokeCategoryValues)[number];
export const certificateSourceValues = ['exam', 'recert', 'import'] as const;

export const certificateViewSchema = z.object({
  id: z.uuid(),
  certNo: z.string(),
  kind: z.string(),
  title: z.string(),
  courseName: z.string(),
  unitName: z.string(),
  orgId: z.number().int(),
  holderName: z.string(),
  holderNameMasked: z.string(),
  idNumberMasked: z.string().nullable(),
  issuedOn: z.string(),
  validUntil: z.string(),
  /** valid | expired (valid_until passed) | revoked */
  status: z.enum(certificateStatusValues),
  source: z.enum(certificateSourceValues),
  classId: z.uuid().nullable(),
  enrolmentId: z.uuid().nullable(),
  renewsId: z.uuid().nullable(),
  revokedAt: z.string().nullable(),
  revokeCategory: z.enum(revokeCategoryValues).nullable(),
  revokeReason: z.string().nullable(),
  createdAt: z.string(),
});
export type CertificateView = z.infer<typeof certificateViewSchema>;

export const certificatePageSchema = z.object({ items: z.array(certificateViewSchema), total: z.number().int() });

export const certificateListQuerySchema = z.strictObject({
  /** A certificate number, or part of the holder's name. */
  q: text(50).optional(),
  /** The holder's ID number (found through the people register). */
  idNumber: text(20).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(certificateStatusValues).optional(),
  expiringWithinDays: z.coerce.number().int().min(1).max(3650).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  lang,
});
export type CertificateListQuery = z.infer<typeof certificateListQuerySchema>;

export const certificateIdParamsSchema = z.strictObject({ id: z.uuid() });

export const revokeCertificateSchema = z.strictObject({
  category: z.enum(revokeCategoryValues),
  reason: text(500).pipe(z.string().min(2)),
});
export type RevokeCertificate = z.infer<typeof revokeCertificateSchema>;

/** The holder's own certificates (public session by phone). */
export const myCertificateSchema = z.object({
  id: z.uuid(),
  certNo: z.string(),
  title: z.string(),
  courseName: z.string(),
  unitName: z.string(),
  holderName: z.string(),
  issuedOn: z.string(),
  validUntil: z.string(),
  status: z.enum(certificateStatusValues),
  verifyUrl: z.string(),
});
export type MyCertificate = z.infer<typeof myCertificateSchema>;

export const verifyCertificateQuerySchema = z.strictObject({
  no: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9-]+$/),
  c: z
    .string()
    .trim()
    .max(40)
    .regex(/^[A-Za-z0-9]*$/)
    .optional(),
  lang,
});
export type VerifyCertificateQuery = z.infer<typeof verifyCertificateQuerySchema>;

/**
 * The public answer. A number alone (or with a wrong code) shows only the status and the dates; with the QR code's
 * code it also shows the masked name, the course, the issuing unit and the revocation category.
 */
export const certificateVerificationSchema = z.object({
  certNo: z.string(),
  status: z.enum(certificateStatusValues),
  issuedOn: z.string(),
  validUntil: z.string(),
  isCodeVerified: z.boolean(),
  holderNameMasked: z.string().nullable(),
  title: z.string().nullable(),
  courseName: z.string().nullable(),
  unitName: z.string().nullable(),
  revokeCategory: z.enum(revokeCategoryValues).nullable(),
});
export type CertificateVerification = z.infer<typeof certificateVerificationSchema>;

export const certificateImportQuerySchema = z.strictObject({ orgId: z.coerce.number().int().positive(), lang });
export const certificateImportViewSchema = importViewSchema;
export const importIdParamsSchema = z.strictObject({ importId: z.uuid() });

// ------------------------------------------------------------------------------------------------ statistics

export const statsQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive(),
  period: z.enum(['year', 'quarter', 'month', 'custom']).default('year'),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  quarter: z.coerce.number().int().min(1).max(4).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Target shares of the registered population, in percent (defaults: certified 8, awareness 40). */
  certifiedTarget: z.coerce.number().min(0).max(100).default(8),
  awarenessTarget: z.coerce.number().min(0).max(100).default(40),
  lang,
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export const statsRowSchema = z.object({
  orgId: z.number().int(),
  name: z.string(),
  /** child: a child unit's whole subtree; own: records of the unit itself; total: own + children. */
  kind: z.enum(['child', 'own', 'total']),
  population: z.number().int().nullable(),
  populationYear: z.number().int().nullable(),
  trainees: z.number().int(),
  certificatesIssued: z.number().int(),
  validCertificates: z.number().int(),
  awarenessAttendees: z.number().int(),
  /** Valid certificates as a percentage of the population (null without a population). */
  certifiedShare: z.number().nullable(),
  awarenessShare: z.number().nullable(),
});
export type StatsRow = z.infer<typeof statsRowSchema>;

export const passRateRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  theoryPassed: z.number().int(),
  theoryDecided: z.number().int(),
  theoryRate: z.number().nullable(),
  practicalPassed: z.number().int(),
  practicalDecided: z.number().int(),
  practicalRate: z.number().nullable(),
});
export type PassRateRow = z.infer<typeof passRateRowSchema>;

export const trainingStatsSchema = z.object({
  orgId: z.number().int(),
  unitName: z.string(),
  from: z.string(),
  /** Exclusive end. */
  to: z.string(),
  certifiedTarget: z.number(),
  awarenessTarget: z.number(),
  rows: z.array(statsRowSchema),
  total: statsRowSchema,
  byCourse: z.array(passRateRowSchema),
  byTrainer: z.array(passRateRowSchema),
});
export type TrainingStats = z.infer<typeof trainingStatsSchema>;
