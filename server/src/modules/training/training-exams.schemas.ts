// The contract of online study, the question bank and theory exams: lessons with the learner's progress, questions
// (single / multiple / judge) with their checks, attempts (paper in the learner's order, answers in the learner's
// option keys A, B, C … or T / F, server deadline), grading results with explanations, review of flagged attempts.
import { z } from 'zod';

export const unitCodeValues = ['basics', 'cpr', 'aed', 'choking', 'trauma', 'emergencies'] as const;
export type UnitCode = (typeof unitCodeValues)[number];
export const unitLabels: Record<UnitCode, { zh: string; en: string }> = {
  basics: { zh: '救护概述', en: 'First-aid basics' },
  cpr: { zh: '心肺复苏', en: 'CPR' },
  aed: { zh: 'AED 使用', en: 'AED' },
  choking: { zh: '气道异物梗阻', en: 'Choking' },
  trauma: { zh: '创伤救护', en: 'Trauma care' },
  emergencies: { zh: '常见急症与意外伤害', en: 'Common emergencies' },
};
export const questionKindValues = ['single', 'multiple', 'judge'] as const;
export type QuestionKindValue = (typeof questionKindValues)[number];

const uuid = z.uuid();
const optionKey = z.string().trim().min(1).max(2);

// ------------------------------------------------------------------------------------------------ learning

export const enrolmentIdParamsSchema = z.strictObject({ enrolmentId: uuid });
export const lessonParamsSchema = z.strictObject({ enrolmentId: uuid, lessonId: uuid });

export const lessonSummarySchema = z.object({
  id: uuid,
  unitCode: z.string(),
  title: z.string(),
  minMinutes: z.number().int(),
  isRequired: z.boolean(),
  hasVideo: z.boolean(),
  secondsSpent: z.number().int(),
  completedAt: z.string().nullable(),
});
export type LessonSummary = z.infer<typeof lessonSummarySchema>;

export const studyViewSchema = z.object({
  enrolmentId: uuid,
  classTitle: z.string(),
  courseName: z.string(),
  learnerName: z.string(),
  lessons: z.array(lessonSummarySchema),
  requiredCount: z.number().int(),
  completedRequired: z.number().int(),
  lessonsDoneAt: z.string().nullable(),
  /** Seconds between heartbeats the page should send. */
  beatSeconds: z.number().int(),
});
export type StudyView = z.infer<typeof studyViewSchema>;

export const lessonViewSchema = lessonSummarySchema.extend({
  body: z.string(),
  videoUrl: z.string().nullable(),
  imageUrls: z.array(z.string()),
  previousId: uuid.nullable(),
  nextId: uuid.nullable(),
  beatSeconds: z.number().int(),
});
export type LessonView = z.infer<typeof lessonViewSchema>;

export const lessonBeatResultSchema = z.object({
  secondsSpent: z.number().int(),
  completedAt: z.string().nullable(),
  lessonsDoneAt: z.string().nullable(),
});
export type LessonBeatResult = z.infer<typeof lessonBeatResultSchema>;

// ------------------------------------------------------------------------------------------------ question bank

export const questionOptionSchema = z.object({ key: optionKey, text: z.string().trim().min(1).max(500) });

export const questionInputSchema = z.strictObject({
  unitCode: z.enum(unitCodeValues),
  kind: z.enum(questionKindValues),
  stem: z.string().trim().min(2).max(1000),
  /** Judge questions: leave empty (T / F are fixed). */
  options: z.array(questionOptionSchema).max(8).default([]),
  answer: z.array(optionKey).min(1).max(8),
  explanation: z.string().trim().max(2000).default(''),
  tags: z.array(z.string().trim().min(1).max(30)).max(10).default([]),
});
export type QuestionInput = z.infer<typeof questionInputSchema>;

export const questionViewSchema = z.object({
  id: uuid,
  unitCode: z.string(),
  kind: z.enum(questionKindValues),
  stem: z.string(),
  options: z.array(questionOptionSchema),
  answer: z.array(z.string()),
  explanation: z.string(),
  tags: z.array(z.string()),
  isActive: z.boolean(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type QuestionView = z.infer<typeof questionViewSchema>;

export const questionIdParamsSchema = z.strictObject({ questionId: uuid });

export const questionListQuerySchema = z.strictObject({
  unitCode: z.enum(unitCodeValues).optional(),
  kind: z.enum(questionKindValues).optional(),
  q: z.string().trim().max(100).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.string().max(20).optional(),
});
export type QuestionListQuery = z.infer<typeof questionListQuerySchema>;

export const questionCountSchema = z.object({ unitCode: z.string(), kind: z.string(), count: z.number().int() });
export const questionPageSchema = z.object({
  items: z.array(questionViewSchema),
  total: z.number().int(),
  /** Active questions per unit × kind (the whole bank, not the filter). */
  counts: z.array(questionCountSchema),
});
export type QuestionPage = z.infer<typeof questionPageSchema>;

export const questionImportResultSchema = z.object({ created: z.number().int() });

// ------------------------------------------------------------------------------------------------ exams

export const attemptStatusValues = ['in_progress', 'submitted', 'expired'] as const;
export const reviewValues = ['none', 'pending', 'cleared', 'voided'] as const;
export const flagCodeValues = ['shared_device', 'too_fast'] as const;

export const examFlagSchema = z.object({ code: z.enum(flagCodeValues), detail: z.string() });
export type ExamFlag = z.infer<typeof examFlagSchema>;

export const startAttemptSchema = z.strictObject({ deviceId: z.string().trim().min(8).max(64).optional() });
export type StartAttempt = z.infer<typeof startAttemptSchema>;

export const attemptParamsSchema = z.strictObject({ attemptId: uuid });
export const answerParamsSchema = z.strictObject({ attemptId: uuid, questionId: uuid });

export const saveAnswerSchema = z.strictObject({
  /** The learner's option keys as shown (A, B … or T / F); empty clears the answer. */
  answer: z.array(optionKey).max(8),
  /** Increases with every change on the device: an older save arriving late does not overwrite a newer one. */
  clientSeq: z.number().int().min(0).max(2_147_483_647),
});
export type SaveAnswer = z.infer<typeof saveAnswerSchema>;

export const savedAnswerSchema = z.object({
  questionId: uuid,
  answer: z.array(z.string()),
  clientSeq: z.number().int(),
  /** false when a newer save (higher clientSeq) was already stored: this one was ignored. */
  applied: z.boolean(),
  savedAt: z.string(),
});

export const attemptSummarySchema = z.object({
  id: uuid,
  attemptNo: z.number().int(),
  status: z.enum(attemptStatusValues),
  startedAt: z.string(),
  deadlineAt: z.string(),
  submittedAt: z.string().nullable(),
  score: z.number().int().nullable(),
  maxScore: z.number().int(),
  isPassed: z.boolean().nullable(),
  review: z.enum(reviewValues),
});
export type AttemptSummary = z.infer<typeof attemptSummarySchema>;

export const examStateSchema = z.object({
  enrolmentId: uuid,
  classTitle: z.string(),
  courseName: z.string(),
  hasTheoryExam: z.boolean(),
  theoryMinutes: z.number().int(),
  passPercent: z.number().int(),
  questionCount: z.number().int(),
  maxScore: z.number().int(),
  maxAttempts: z.number().int(),
  attemptsUsed: z.number().int(),
  theoryResult: z.string(),
  theoryScore: z.number().int().nullable(),
  lessonsDone: z.boolean(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  /** Why an attempt cannot start now (an error code), or null when it can. */
  blockedBy: z.string().nullable(),
  inProgressId: uuid.nullable(),
  attempts: z.array(attemptSummarySchema),
  now: z.string(),
});
export type ExamState = z.infer<typeof examStateSchema>;

export const attemptQuestionSchema = z.object({
  questionId: uuid,
  seq: z.number().int(),
  kind: z.enum(questionKindValues),
  unitCode: z.string(),
  stem: z.string(),
  /** In the learner's order, keyed as shown. */
  options: z.array(z.object({ key: z.string(), text: z.string() })),
  points: z.number().int(),
  answer: z.array(z.string()),
  clientSeq: z.number().int().nullable(),
  /** After the attempt closed only. */
  correctAnswer: z.array(z.string()).nullable(),
  isCorrect: z.boolean().nullable(),
  explanation: z.string().nullable(),
});

export const attemptViewSchema = attemptSummarySchema.extend({
  enrolmentId: uuid,
  classTitle: z.string(),
  courseName: z.string(),
  passPercent: z.number().int(),
  questions: z.array(attemptQuestionSchema),
  answeredCount: z.number().int(),
  flags: z.array(examFlagSchema),
  /** The server's clock: the page counts down deadlineAt − now, whatever the phone's clock says. */
  now: z.string(),
});
export type AttemptView = z.infer<typeof attemptViewSchema>;

export const reviewListQuerySchema = z.strictObject({
  review: z.enum(['pending', 'cleared', 'voided']).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.string().max(20).optional(),
});
export type ReviewListQuery = z.infer<typeof reviewListQuerySchema>;

export const reviewItemSchema = attemptSummarySchema.extend({
  enrolmentId: uuid,
  classId: uuid,
  classNo: z.string(),
  classTitle: z.string(),
  learnerName: z.string(),
  phoneMasked: z.string(),
  deviceId: z.string().nullable(),
  ip: z.string().nullable(),
  flags: z.array(examFlagSchema),
  durationSeconds: z.number().int().nullable(),
  questionCount: z.number().int(),
  reviewedBy: z.string().nullable(),
  reviewNote: z.string().nullable(),
});
export const reviewPageSchema = z.object({ items: z.array(reviewItemSchema), total: z.number().int() });
export type ReviewPage = z.infer<typeof reviewPageSchema>;

export const reviewDecisionSchema = z.strictObject({
  decision: z.enum(['clear', 'void']),
  note: z.string().trim().min(2).max(500),
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
