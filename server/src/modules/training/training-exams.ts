// Online theory exams: draw a paper from the course's blueprint, save answers as the learner goes, keep time on the
// server, grade, flag suspicious patterns (one device for different people in a class on one day; submitted faster
// than possible) for review. Answers are stored in the question's own option keys; the learner sees and sends
// positional keys (A, B, C … in their shuffled order; T / F for judge questions) and the paper maps between the two.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhoneHash } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { defineJob } from '../../platform/jobs/jobs.service';
import { actorId, actorLabel, assertCanAt, canAt, systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { issueCertificateIfComplete } from './training-certificates';
import {
  type BlueprintRow,
  type DrawableQuestion,
  displayKeys,
  drawPaper,
  gradePaper,
  isPassing,
  isTooFast,
  type PaperQuestion,
  paperMaxScore,
  type QuestionKind,
  type QuestionOption,
  toQuestionKeys,
  toShownKeys,
} from './training-exam-paper';
import * as repo from './training-exams.repo';
import type {
  AttemptSummary,
  AttemptView,
  ExamFlag,
  ExamState,
  ReviewDecision,
  ReviewListQuery,
  ReviewPage,
  SaveAnswer,
  StartAttempt,
} from './training-exams.schemas';
import {
  loadEnrolment,
  loadOwnEnrolmentForChange,
  markLessonsDoneIfComplete,
  type OwnEnrolment,
} from './training-learning';

const whoIs = (ctx: Ctx) => actorId(ctx.actor) ?? actorLabel(ctx.actor);
const paperOf = (a: repo.AttemptRow) => a.paper as PaperQuestion[];
const flagsOf = (a: repo.AttemptRow) => a.flags as ExamFlag[];
/** A second's grace for a save sent at the last moment. */
const deadlineGraceMs = 1000;

function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: string }).code === '23505') {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function toSummary(a: repo.AttemptRow): AttemptSummary {
  return {
    id: a.id,
    attemptNo: a.attemptNo,
    status: a.status as AttemptSummary['status'],
    startedAt: a.startedAt.toISOString(),
    deadlineAt: a.deadlineAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    score: a.score,
    maxScore: a.maxScore,
    isPassed: a.isPassed,
    review: a.review as AttemptSummary['review'],
  };
}

const blueprintOf = (course: repo.CourseRow) => (course.blueprint as BlueprintRow[]) ?? [];
const unitsOf = (course: repo.CourseRow) =>
  ((course.units as { code: string }[] | null) ?? []).map((u) => u.code).filter(Boolean);

// ------------------------------------------------------------------------------------------------ state

/** Why the learner cannot start an attempt now (an error code), or null. */
function blockedBy(own: OwnEnrolment, attempts: repo.AttemptRow[], lessonsDone: boolean, now: Date): string | null {
  const { enrolment, cls, course } = own;
  if (!course.hasTheoryExam || cls.status === 'cancelled') {
    return 'EXAM_NOT_OPEN';
  }
  if (enrolment.theoryResult === 'passed') {
    return 'CONFLICT';
  }
  if (enrolment.status !== 'enrolled') {
    return 'TRANSITION_NOT_ALLOWED';
  }
  if (!lessonsDone) {
    return 'LESSONS_UNFINISHED';
  }
  if ((cls.theoryOpensAt && now < cls.theoryOpensAt) || (cls.theoryClosesAt && now > cls.theoryClosesAt)) {
    return 'EXAM_NOT_OPEN';
  }
  if (attempts.some((a) => a.status === 'in_progress' && a.deadlineAt > now)) {
    return 'ATTEMPT_IN_PROGRESS';
  }
  const used = attempts.filter((a) => a.status !== 'in_progress' || a.deadlineAt <= now).length;
  if (used >= course.maxAttempts) {
    return 'ATTEMPTS_EXHAUSTED';
  }
  return null;
}

/** True when the required online lessons are complete (or the course has none). */
async function lessonsDone(db: Db, own: OwnEnrolment): Promise<boolean> {
  if (own.enrolment.lessonsDoneAt) {
    return true;
  }
  const lessons = await repo.listOnlineLessons(db, own.course.id);
  if (!lessons.some((l) => l.isRequired)) {
    return true;
  }
  const done = new Set(
    (await repo.listProgress(db, own.enrolment.regionId, own.enrolment.id))
      .filter((p) => p.completedAt)
      .map((p) => p.lessonId),
  );
  return lessons.filter((l) => l.isRequired).every((l) => done.has(l.id));
}

export async function examState(db: Db, ctx: Ctx, enrolmentId: string): Promise<ExamState> {
  const own = await loadEnrolment(db, ctx, enrolmentId);
  const { enrolment, cls, course } = own;
  const now = new Date();
  const attempts = await repo.listAttempts(db, enrolment.regionId, enrolment.id);
  const done = await lessonsDone(db, own);
  const blueprint = blueprintOf(course);
  return {
    enrolmentId: enrolment.id,
    classTitle: cls.title,
    courseName: ctx.locale === 'en' ? course.nameEn : course.nameZh,
    hasTheoryExam: course.hasTheoryExam,
    theoryMinutes: course.theoryMinutes,
    passPercent: course.theoryPassPercent,
    questionCount: blueprint.reduce((s, r) => s + r.count, 0),
    maxScore: blueprint.reduce((s, r) => s + r.count * r.points, 0),
    maxAttempts: course.maxAttempts,
    attemptsUsed: attempts.length,
    theoryResult: enrolment.theoryResult,
    theoryScore: enrolment.theoryScore,
    lessonsDone: done,
    opensAt: cls.theoryOpensAt?.toISOString() ?? null,
    closesAt: cls.theoryClosesAt?.toISOString() ?? null,
    blockedBy: blockedBy(own, attempts, done, now),
    inProgressId: attempts.find((a) => a.status === 'in_progress' && a.deadlineAt > now)?.id ?? null,
    attempts: attempts.map(toSummary),
    now: now.toISOString(),
  };
}

// ------------------------------------------------------------------------------------------------ start

/** The active questions papers draw from, read at most every 30 s (a wave of starts reads the bank once). */
let poolCache: { db: Db; at: number; rows: DrawableQuestion[] } | null = null;
const poolTtlMs = 30_000;

async function drawablePool(db: Db): Promise<DrawableQuestion[]> {
  if (poolCache && poolCache.db === db && Date.now() - poolCache.at < poolTtlMs) {
    return poolCache.rows;
  }
  const rows = (await repo.drawableQuestions(db)) as DrawableQuestion[];
  poolCache = { db, at: Date.now(), rows };
  return rows;
}

/** Called when the bank changes in this process: the next paper reads it again. */
export function forgetDrawablePool(): void {
  poolCache = null;
}

/**
 * Starts an attempt: the exam must be open for the learner (theory exam, lessons done, class window), no attempt in
 * progress (ATTEMPT_IN_PROGRESS with its id), attempts left, not passed yet (CONFLICT). Draws the paper at random from
 * the blueprint (QUESTION_BANK_SHORT when the bank cannot fill it) and flags a device another person used for an
 * exam of the same class on the same day.
 */
export async function startAttempt(db: Db, ctx: Ctx, enrolmentId: string, input: StartAttempt): Promise<AttemptView> {
  const own = await loadOwnEnrolmentForChange(db, ctx, enrolmentId);
  const pool = await drawablePool(db);
  try {
    const attempt = await db.transaction(async (tx) => {
      const now = new Date();
      const enrolment = await repo.lockEnrolment(tx, own.enrolment.regionId, own.enrolment.id);
      if (!enrolment) {
        throw new AppError('NOT_FOUND', { entity: 'training_enrolment', id: enrolmentId });
      }
      const locked: OwnEnrolment = { ...own, enrolment };
      // An attempt whose time ran out is closed first: it counts as used.
      let attempts = await repo.listAttempts(tx, enrolment.regionId, enrolment.id);
      const overdue = attempts.filter(
        (a) => a.status === 'in_progress' && a.deadlineAt.getTime() + deadlineGraceMs <= now.getTime(),
      );
      for (const a of overdue) {
        await closeAttempt(tx, ctx, a, 'expired', now);
      }
      if (overdue.length > 0) {
        attempts = await repo.listAttempts(tx, enrolment.regionId, enrolment.id);
      }
      const done = await lessonsDone(tx, locked);
      if (done && !enrolment.lessonsDoneAt) {
        await markLessonsDoneIfComplete(tx, ctx, locked, now);
      }
      const reason = blockedBy(
        overdue.length > 0 ? ((await reload(tx, locked)) ?? locked) : locked,
        attempts,
        done,
        now,
      );
      if (reason === 'ATTEMPT_IN_PROGRESS') {
        const open = attempts.find((a) => a.status === 'in_progress')!;
        throw new AppError('ATTEMPT_IN_PROGRESS', { attemptId: open.id });
      }
      if (reason === 'CONFLICT') {
        throw new AppError('CONFLICT', { reason: 'theory_passed' });
      }
      if (reason === 'TRANSITION_NOT_ALLOWED') {
        throw new AppError('TRANSITION_NOT_ALLOWED', { status: enrolment.status, action: 'start_exam' });
      }
      if (reason) {
        throw new AppError(
          reason as 'EXAM_NOT_OPEN',
          reason === 'ATTEMPTS_EXHAUSTED' ? { maxAttempts: own.course.maxAttempts } : undefined,
        );
      }
      const drawn = drawPaper(
        blueprintOf(own.course),
        pool,
        unitsOf(own.course).length > 0 ? unitsOf(own.course) : null,
      );
      if (!drawn.ok) {
        throw new AppError('QUESTION_BANK_SHORT', { shortfalls: drawn.shortfalls });
      }
      if (drawn.paper.length === 0) {
        throw new AppError('EXAM_NOT_OPEN', { reason: 'empty_blueprint' });
      }
      const flags: ExamFlag[] = [];
      if (input.deviceId) {
        const others = await repo.sameDeviceOthers(tx, {
          classId: enrolment.classId,
          deviceId: input.deviceId,
          personId: enrolment.personId,
          startedAt: now,
        });
        if (others.length > 0) {
          flags.push({
            code: 'shared_device',
            detail: `device used by ${new Set(others.map((o) => o.personId)).size} other learner(s) of this class today`,
          });
          for (const o of others) {
            if (!flagsOf(o).some((f) => f.code === 'shared_device')) {
              await repo.updateAttempt(tx, o, {
                flags: [...flagsOf(o), { code: 'shared_device', detail: 'device later used by another learner' }],
                review: o.review === 'none' ? 'pending' : o.review,
              });
            }
          }
        }
      }
      const attempt = await repo.insertAttempt(tx, {
        regionId: enrolment.regionId,
        id: crypto.randomUUID(),
        enrolmentId: enrolment.id,
        classId: enrolment.classId,
        personId: enrolment.personId,
        attemptNo: attempts.length + 1,
        status: 'in_progress',
        paper: drawn.paper,
        startedAt: now,
        deadlineAt: new Date(now.getTime() + own.course.theoryMinutes * 60_000),
        maxScore: paperMaxScore(drawn.paper),
        deviceId: input.deviceId ?? null,
        ip: ctx.ip,
        flags,
        review: flags.length > 0 ? 'pending' : 'none',
      });
      await recordAudit(tx, ctx, {
        action: 'training_exam.started',
        entityType: 'training_exam_attempt',
        entityId: attempt.id,
        orgId: enrolment.orgId,
        regionId: enrolment.regionId,
        after: { enrolmentId: enrolment.id, attemptNo: attempt.attemptNo, questions: drawn.paper.length, flags },
      });
      return attempt;
    });
    return attemptView(db, ctx, attempt, own);
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Two starts at once: the partial unique index lets one through.
      const open = (await repo.listAttempts(db, own.enrolment.regionId, own.enrolment.id)).find(
        (a) => a.status === 'in_progress',
      );
      throw new AppError('ATTEMPT_IN_PROGRESS', { attemptId: open?.id ?? null });
    }
    throw error;
  }
}

async function reload(db: Db, own: OwnEnrolment): Promise<OwnEnrolment | undefined> {
  const enrolment = await repo.findEnrolmentById(db, own.enrolment.id);
  return enrolment ? { ...own, enrolment } : undefined;
}

// ------------------------------------------------------------------------------------------------ read

/** The attempt and its enrolment for the caller (owner or staff in scope); NOT_FOUND otherwise. */
async function loadAttempt(db: Db, ctx: Ctx, attemptId: string) {
  const attempt = await repo.findAttemptById(db, attemptId);
  if (!attempt) {
    throw new AppError('NOT_FOUND', { entity: 'training_exam_attempt', id: attemptId });
  }
  const own = await loadEnrolment(db, ctx, attempt.enrolmentId).catch(() => {
    throw new AppError('NOT_FOUND', { entity: 'training_exam_attempt', id: attemptId });
  });
  return { attempt, own };
}

async function attemptView(db: Db, ctx: Ctx, attempt: repo.AttemptRow, own: OwnEnrolment): Promise<AttemptView> {
  const paper = paperOf(attempt);
  const questions = new Map(
    (
      await repo.findQuestionsByIds(
        db,
        paper.map((p) => p.questionId),
      )
    ).map((q) => [q.id, q]),
  );
  const answers = new Map((await repo.listAnswers(db, attempt.regionId, attempt.id)).map((a) => [a.questionId, a]));
  const closed = attempt.status !== 'in_progress';
  return {
    ...toSummary(attempt),
    enrolmentId: own.enrolment.id,
    classTitle: own.cls.title,
    courseName: ctx.locale === 'en' ? own.course.nameEn : own.course.nameZh,
    passPercent: own.course.theoryPassPercent,
    questions: paper.map((pq, i) => {
      const q = questions.get(pq.questionId);
      const options = new Map(((q?.options as QuestionOption[]) ?? []).map((o) => [o.key, o.text]));
      const shown = displayKeys(pq);
      const saved = answers.get(pq.questionId);
      return {
        questionId: pq.questionId,
        seq: i + 1,
        kind: pq.kind as QuestionKind,
        unitCode: q?.unitCode ?? '',
        stem: q?.stem ?? '',
        options: pq.optionOrder.map((k, j) => ({ key: shown[j], text: options.get(k) ?? '' })),
        points: pq.points,
        answer: saved ? toShownKeys(pq, saved.answer as string[]) : [],
        clientSeq: saved?.clientSeq ?? null,
        correctAnswer: closed && q ? toShownKeys(pq, q.answer as string[]) : null,
        isCorrect: closed ? (saved?.isCorrect ?? false) : null,
        explanation: closed ? (q?.explanation ?? '') : null,
      };
    }),
    answeredCount: [...answers.values()].filter((a) => (a.answer as string[]).length > 0).length,
    flags: ctx.actor.kind === 'staff' ? flagsOf(attempt) : [],
    now: new Date().toISOString(),
  };
}

/** The attempt (questions in the learner's order; answers and explanations only once closed). An attempt whose time
 *  ran out is graded on the spot. */
export async function getAttempt(db: Db, ctx: Ctx, attemptId: string): Promise<AttemptView> {
  let { attempt, own } = await loadAttempt(db, ctx, attemptId);
  if (attempt.status === 'in_progress' && attempt.deadlineAt.getTime() + deadlineGraceMs <= Date.now()) {
    attempt = await expireNow(db, ctx, attempt);
    own = (await reload(db, own)) ?? own;
  }
  return attemptView(db, ctx, attempt, own);
}

async function expireNow(db: Db, ctx: Ctx, attempt: repo.AttemptRow): Promise<repo.AttemptRow> {
  return db.transaction(async (tx) => {
    const locked = await repo.lockAttempt(tx, attempt.regionId, attempt.id);
    if (locked?.status !== 'in_progress') {
      return locked ?? attempt;
    }
    return closeAttempt(tx, ctx, locked, 'expired', new Date());
  });
}

// ------------------------------------------------------------------------------------------------ save

/**
 * Saves one answer (the learner's shown keys). Refuses a question not in the paper (QUESTION_NOT_IN_PAPER), a key not
 * shown (VALIDATION_FAILED), and any save after submission or the deadline (EXAM_CLOSED; an expired attempt is graded
 * on the spot). A save with an older clientSeq than the stored one is ignored and answered 200 with applied = false.
 */
/** What the autosave needs of an attempt that never changes once drawn (its paper and owner), kept in memory. */
type SaveKey = { regionId: number; phoneHash: string; paper: PaperQuestion[] };
const saveKeys = new Map<string, SaveKey>();
const phoneHashes = new Map<string, string>();
const maxCached = 20_000;
function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= maxCached) {
    map.delete(map.keys().next().value as K);
  }
  map.set(key, value);
  return value;
}

/**
 * Saves one answer (the learner's shown keys). Refuses a question not in the paper (QUESTION_NOT_IN_PAPER), a key not
 * shown (VALIDATION_FAILED), and any save after submission or the deadline (EXAM_CLOSED; an expired attempt is graded
 * on the spot). A save with an older clientSeq than the stored one is ignored and answered 200 with applied = false.
 * The hot path is one statement (saveAnswerIfOpen) after the owner check, with the paper and the account's phone hash
 * (both immutable) cached in memory.
 */
export async function saveAnswer(db: Db, ctx: Ctx, attemptId: string, questionId: string, input: SaveAnswer) {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'only the learner answers' });
  }
  const accountId = ctx.actor.accountId;
  const phoneHash = phoneHashes.get(accountId) ?? remember(phoneHashes, accountId, await getPublicPhoneHash(db, ctx));
  let key = saveKeys.get(attemptId);
  if (!key) {
    const found = await repo.findAttemptWithOwner(db, attemptId);
    if (!found) {
      throw new AppError('NOT_FOUND', { entity: 'training_exam_attempt', id: attemptId });
    }
    key = remember(saveKeys, attemptId, {
      regionId: found.attempt.regionId,
      phoneHash: found.phoneHash,
      paper: paperOf(found.attempt),
    });
  }
  if (key.phoneHash !== phoneHash) {
    throw new AppError('NOT_FOUND', { entity: 'training_exam_attempt', id: attemptId });
  }
  const pq = key.paper.find((p) => p.questionId === questionId);
  if (!pq) {
    throw new AppError('QUESTION_NOT_IN_PAPER', { questionId });
  }
  const keys = toQuestionKeys(pq, input.answer);
  if (!keys) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'answer', message: `choose among ${displayKeys(pq).join(', ')}` }],
    });
  }
  const now = new Date();
  const saved = await repo.saveAnswerIfOpen(
    db,
    { regionId: key.regionId, attemptId, questionId, answer: keys, clientSeq: input.clientSeq, savedAt: now },
    deadlineGraceMs,
  );
  if (!saved.open) {
    const attempt = await repo.findAttemptById(db, attemptId);
    if (attempt?.status === 'in_progress') {
      await expireNow(db, ctx, attempt);
    }
    throw new AppError('EXAM_CLOSED', { status: attempt?.status === 'in_progress' ? 'expired' : attempt?.status });
  }
  let stored = saved.stored;
  if (!stored) {
    const a = (await repo.findAnswer(db, key.regionId, attemptId, questionId))!;
    stored = { answer: a.answer as string[], clientSeq: a.clientSeq, savedAt: a.savedAt };
  }
  return {
    questionId,
    answer: toShownKeys(pq, stored.answer),
    clientSeq: stored.clientSeq,
    applied: saved.stored !== null,
    savedAt: stored.savedAt.toISOString(),
  };
}

// ------------------------------------------------------------------------------------------------ submit, grade

/** Submits the attempt and grades it; an attempt already closed answers EXAM_CLOSED. */
export async function submitAttempt(db: Db, ctx: Ctx, attemptId: string): Promise<AttemptView> {
  const { attempt, own } = await loadAttempt(db, ctx, attemptId);
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'only the learner submits' });
  }
  const closed = await db.transaction(async (tx) => {
    const locked = await repo.lockAttempt(tx, attempt.regionId, attempt.id);
    if (locked?.status !== 'in_progress') {
      throw new AppError('EXAM_CLOSED', { status: locked?.status ?? 'unknown' });
    }
    const now = new Date();
    // Submitted after the deadline: graded as the clock closed it.
    const late = locked.deadlineAt.getTime() + deadlineGraceMs <= now.getTime();
    return closeAttempt(tx, ctx, locked, late ? 'expired' : 'submitted', now);
  });
  return attemptView(db, ctx, closed, (await reload(db, own)) ?? own);
}

/**
 * Grades a locked in-progress attempt with the answers saved so far and closes it (submitted by the learner or expired
 * by the clock); flags a submission faster than possible; then updates the enrolment's theory result. In the caller's
 * transaction, with its audit row.
 */
async function closeAttempt(
  tx: Db,
  ctx: Ctx,
  attempt: repo.AttemptRow,
  status: 'submitted' | 'expired',
  now: Date,
): Promise<repo.AttemptRow> {
  const paper = paperOf(attempt);
  const questions = await repo.findQuestionsByIds(
    tx,
    paper.map((p) => p.questionId),
  );
  const answers = await repo.listAnswers(tx, attempt.regionId, attempt.id);
  const graded = gradePaper(
    paper,
    new Map(answers.map((a) => [a.questionId, a.answer as string[]])),
    new Map(questions.map((q) => [q.id, q.answer as string[]])),
  );
  const enrolment = await repo.lockEnrolment(tx, attempt.regionId, attempt.enrolmentId);
  const cls = enrolment ? await repo.findClassInRegion(tx, enrolment.regionId, enrolment.classId) : undefined;
  const course = cls ? await repo.findCourse(tx, cls.courseId) : undefined;
  const passPercent = course?.theoryPassPercent ?? 100;
  const flags = [...flagsOf(attempt)];
  const submittedAt = status === 'submitted' ? now : attempt.deadlineAt;
  if (status === 'submitted' && answers.length > 0 && isTooFast(attempt.startedAt, now, paper.length)) {
    flags.push({
      code: 'too_fast',
      detail: `${Math.round((now.getTime() - attempt.startedAt.getTime()) / 1000)} s for ${paper.length} questions`,
    });
  }
  const after = await repo.updateAttempt(tx, attempt, {
    status,
    submittedAt,
    score: graded.score,
    isPassed: isPassing(graded.score, graded.maxScore, passPercent),
    flags,
    review: flags.length > 0 && attempt.review === 'none' ? 'pending' : attempt.review,
  });
  await repo.markAnswers(
    tx,
    attempt.regionId,
    attempt.id,
    [...graded.correct].filter(([, ok]) => ok).map(([id]) => id),
    [...graded.correct].filter(([, ok]) => !ok).map(([id]) => id),
  );
  await recordAudit(tx, ctx, {
    action: status === 'submitted' ? 'training_exam.submitted' : 'training_exam.expired',
    entityType: 'training_exam_attempt',
    entityId: attempt.id,
    orgId: enrolment?.orgId ?? null,
    regionId: attempt.regionId,
    after: { score: after.score, maxScore: after.maxScore, isPassed: after.isPassed, flags, answered: answers.length },
  });
  if (enrolment && course) {
    await applyTheoryResult(tx, ctx, enrolment, course);
  }
  return after;
}

/**
 * Derives the enrolment's theory result from its attempts: passed by a counted passing attempt (not voided, not
 * waiting for review) — then the certificate is issued if the practical is passed too; failed when no attempt is left
 * and none is waiting for review; else pending with the best score so far.
 */
async function applyTheoryResult(
  tx: Db,
  ctx: Ctx,
  enrolment: repo.EnrolmentRow,
  course: repo.CourseRow,
): Promise<void> {
  const attempts = await repo.listAttempts(tx, enrolment.regionId, enrolment.id);
  const graded = attempts.filter((a) => a.status !== 'in_progress' && a.review !== 'voided');
  const best = graded.reduce<number | null>(
    (m, a) => (a.score !== null && (m === null || a.score > m) ? a.score : m),
    null,
  );
  const passed = graded.filter((a) => a.isPassed && a.review !== 'pending');
  const pendingReview = attempts.some((a) => a.review === 'pending');
  const closedCount = attempts.filter((a) => a.status !== 'in_progress').length;
  let theoryResult: 'passed' | 'failed' | 'pending' = 'pending';
  let theoryScore = best;
  if (passed.length > 0) {
    theoryResult = 'passed';
    theoryScore = Math.max(...passed.map((a) => a.score ?? 0));
  } else if (!pendingReview && closedCount >= course.maxAttempts) {
    theoryResult = 'failed';
  }
  if (theoryResult === enrolment.theoryResult && theoryScore === enrolment.theoryScore) {
    return;
  }
  await repo.updateEnrolment(tx, enrolment, { theoryResult, theoryScore });
  await recordAudit(tx, ctx, {
    action: 'training_enrolment.theory_result',
    entityType: 'training_enrolment',
    entityId: enrolment.id,
    orgId: enrolment.orgId,
    regionId: enrolment.regionId,
    before: { theoryResult: enrolment.theoryResult, theoryScore: enrolment.theoryScore },
    after: { theoryResult, theoryScore },
  });
  if (theoryResult === 'passed') {
    await issueCertificateIfComplete(tx, ctx, { regionId: enrolment.regionId, enrolmentId: enrolment.id });
  }
}

// ------------------------------------------------------------------------------------------------ job

/** Closes in-progress attempts whose time ran out (grading what was saved); returns how many. */
export async function closeOverdueAttempts(db: Db, now = new Date(), limit = 500): Promise<number> {
  const ctx: Ctx = { actor: systemActor('exam-clock'), requestId: null, ip: null, locale: 'zh' };
  let closed = 0;
  for (const ref of await repo.listOverdueAttempts(db, new Date(now.getTime() - deadlineGraceMs), limit)) {
    const locked = await repo.lockAttempt(db, ref.regionId, ref.id);
    if (locked && locked.status === 'in_progress') {
      await closeAttempt(db, ctx, locked, 'expired', now);
      closed++;
    }
  }
  return closed;
}

/** Registers the exam jobs (closing attempts whose time ran out). */
export function defineExamJobs(): void {
  defineJob('training.close-overdue-attempts', (tx) => closeOverdueAttempts(tx).then(() => undefined), {
    everyMs: 60_000,
  });
}

// ------------------------------------------------------------------------------------------------ review

export async function listReview(db: Db, ctx: Ctx, q: ReviewListQuery): Promise<ReviewPage> {
  const { rows, total } = await repo.listReview(
    db,
    q.review,
    orgs.orgScopeCondition(repo.classOrgColumn, ctx, 'training:manage'),
    q.limit,
    q.offset,
  );
  return {
    total,
    items: rows.map(({ attempt, enrolment, cls }) => ({
      ...toSummary(attempt),
      enrolmentId: enrolment.id,
      classId: cls.id,
      classNo: cls.classNo,
      classTitle: cls.title,
      learnerName: enrolment.name,
      phoneMasked: enrolment.phoneMasked,
      deviceId: attempt.deviceId,
      ip: attempt.ip,
      flags: flagsOf(attempt),
      durationSeconds: attempt.submittedAt
        ? Math.round((attempt.submittedAt.getTime() - attempt.startedAt.getTime()) / 1000)
        : null,
      questionCount: paperOf(attempt).length,
      reviewedBy: attempt.reviewedBy,
      reviewNote: attempt.reviewNote,
    })),
  };
}

/**
 * Clears a flagged attempt (it counts as graded) or voids it (it does not count as passed); the enrolment's theory
 * result follows. Only a pending, closed attempt can be decided (TRANSITION_NOT_ALLOWED otherwise).
 */
export async function decideReview(db: Db, ctx: Ctx, attemptId: string, input: ReviewDecision) {
  const attempt = await repo.findAttemptById(db, attemptId);
  const enrolment = attempt ? await repo.findEnrolmentById(db, attempt.enrolmentId) : undefined;
  const cls = enrolment ? await repo.findClassInRegion(db, enrolment.regionId, enrolment.classId) : undefined;
  const org = cls ? await orgs.findOrgById(db, cls.orgId) : undefined;
  if (
    !attempt ||
    !enrolment ||
    !cls ||
    !org ||
    (ctx.actor.kind === 'staff' && !canAt(ctx.actor, 'training:view', org.path))
  ) {
    throw new AppError('NOT_FOUND', { entity: 'training_exam_attempt', id: attemptId });
  }
  assertCanAt(ctx.actor, 'training:manage', org.path);
  return db.transaction(async (tx) => {
    const locked = (await repo.lockAttempt(tx, attempt.regionId, attempt.id))!;
    if (locked.review !== 'pending' || locked.status === 'in_progress') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { review: locked.review, status: locked.status });
    }
    const review = input.decision === 'clear' ? 'cleared' : 'voided';
    const after = await repo.updateAttempt(tx, locked, { review, reviewedBy: whoIs(ctx), reviewNote: input.note });
    await recordAudit(tx, ctx, {
      action: `training_exam.review_${review}`,
      entityType: 'training_exam_attempt',
      entityId: attempt.id,
      orgId: cls.orgId,
      regionId: attempt.regionId,
      before: { review: locked.review },
      after: { review, isPassed: locked.isPassed, score: locked.score },
      reason: input.note,
    });
    const lockedEnrolment = await repo.lockEnrolment(tx, enrolment.regionId, enrolment.id);
    const course = await repo.findCourse(tx, cls.courseId);
    if (lockedEnrolment && course) {
      await applyTheoryResult(tx, ctx, lockedEnrolment, course);
    }
    return toSummary(after);
  });
}
