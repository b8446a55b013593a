// Online study (线上理论学习): the learner's online lessons with progress, a lesson's page, and study heartbeats the
// server counts (each beat at most the real time since the previous one, 30 s at most) until the lesson's minimum
// study time; when every required online lesson is complete the enrolment's lessons_done_at is set.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import { findStoredFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { loadOwnEnrolment } from './training-classes';
import { beatSeconds } from './training-exam-paper';
import * as repo from './training-exams.repo';
import type { LessonBeatResult, LessonSummary, LessonView, StudyView } from './training-exams.schemas';

/** Seconds between the study page's heartbeats. */
export const beatEverySeconds = 15;

export type OwnEnrolment = { enrolment: repo.EnrolmentRow; cls: repo.ClassRow; course: repo.CourseRow };

/**
 * The enrolment with its class and course if the caller owns it (a public learner whose phone it is) or may see it
 * (staff with training:view over its unit); NOT_FOUND otherwise (no hint that it exists). Part A's loadOwnEnrolment.
 */
export async function loadEnrolment(db: Db, ctx: Ctx, enrolmentId: string): Promise<OwnEnrolment> {
  const { enrolment, cls, course } = await loadOwnEnrolment(db, ctx, enrolmentId);
  return { enrolment, cls, course };
}

/** The learner's own enrolment for a change (start, answer, submit, study): staff may look but not act. */
export async function loadOwnEnrolmentForChange(db: Db, ctx: Ctx, enrolmentId: string): Promise<OwnEnrolment> {
  const own = await loadEnrolment(db, ctx, enrolmentId);
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'only the learner studies and sits the exam' });
  }
  return own;
}

const activeStatuses = new Set(['enrolled', 'completed', 'failed']);

/** Lesson HTML is sanitised when saved; this is a second line: no scripts, frames, event handlers or script URLs. */
export function sanitiseLessonHtml(html: string): string {
  return html
    .replace(/<\s*(script|style|iframe|object|embed|form)[^>]*>[\s\S]*?<\s*\/\s*\1\s*>/gi, '')
    .replace(/<\s*\/?\s*(script|style|iframe|object|embed|form|link|meta|base)[^>]*>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/(href|src)\s*=\s*("|')?\s*(javascript|vbscript|data):[^"'\s>]*("|')?/gi, '$1="#"');
}

const requiredDone = (lessons: repo.LessonRow[], done: Set<string>) =>
  lessons.filter((l) => l.isRequired).every((l) => done.has(l.id));

function summaries(lessons: repo.LessonRow[], progress: repo.ProgressRow[]): LessonSummary[] {
  const byLesson = new Map(progress.map((p) => [p.lessonId, p]));
  return lessons.map((l) => ({
    id: l.id,
    unitCode: l.unitCode,
    title: l.title,
    minMinutes: l.minMinutes,
    isRequired: l.isRequired,
    hasVideo: Boolean(l.videoUrl),
    secondsSpent: byLesson.get(l.id)?.secondsSpent ?? 0,
    completedAt: byLesson.get(l.id)?.completedAt?.toISOString() ?? null,
  }));
}

export async function studyView(db: Db, ctx: Ctx, enrolmentId: string): Promise<StudyView> {
  const { enrolment, cls, course } = await loadEnrolment(db, ctx, enrolmentId);
  const lessons = await repo.listOnlineLessons(db, course.id);
  const list = summaries(lessons, await repo.listProgress(db, enrolment.regionId, enrolment.id));
  const required = list.filter((l) => l.isRequired);
  return {
    enrolmentId: enrolment.id,
    classTitle: cls.title,
    courseName: ctx.locale === 'en' ? course.nameEn : course.nameZh,
    learnerName: enrolment.name,
    lessons: list,
    requiredCount: required.length,
    completedRequired: required.filter((l) => l.completedAt).length,
    lessonsDoneAt: enrolment.lessonsDoneAt?.toISOString() ?? null,
    beatSeconds: beatEverySeconds,
  };
}

async function findLesson(db: Db, course: repo.CourseRow, lessonId: string) {
  const lessons = await repo.listOnlineLessons(db, course.id);
  const i = lessons.findIndex((l) => l.id === lessonId);
  if (i < 0) {
    throw new AppError('NOT_FOUND', { entity: 'training_lesson', id: lessonId });
  }
  return { lessons, lesson: lessons[i], index: i };
}

export async function lessonView(db: Db, ctx: Ctx, enrolmentId: string, lessonId: string): Promise<LessonView> {
  const { enrolment, course } = await loadEnrolment(db, ctx, enrolmentId);
  const { lessons, lesson, index } = await findLesson(db, course, lessonId);
  const [summary] = summaries([lesson], await repo.listProgress(db, enrolment.regionId, enrolment.id));
  return {
    ...summary,
    body: sanitiseLessonHtml(lesson.body),
    videoUrl: lesson.videoUrl && /^https?:\/\//i.test(lesson.videoUrl) ? lesson.videoUrl : null,
    imageUrls: (lesson.imageFileIds as string[]).map(
      (f) => `/api/training/my/enrolments/${enrolment.id}/lessons/${lesson.id}/images/${f}`,
    ),
    previousId: lessons[index - 1]?.id ?? null,
    nextId: lessons[index + 1]?.id ?? null,
    beatSeconds: beatEverySeconds,
  };
}

/** One image of a lesson, for the learner reading it. */
export async function lessonImage(db: Db, ctx: Ctx, enrolmentId: string, lessonId: string, fileId: string) {
  const { course } = await loadEnrolment(db, ctx, enrolmentId);
  const { lesson } = await findLesson(db, course, lessonId);
  const file = (lesson.imageFileIds as string[]).includes(fileId) ? await findStoredFile(db, fileId) : undefined;
  if (!file) {
    throw new AppError('NOT_FOUND', { entity: 'file', id: fileId });
  }
  return file;
}

/**
 * Sets lessons_done_at when every required online lesson of the course is complete (in the caller's transaction,
 * with the enrolment locked by the caller). Returns the time it is set to, or null.
 */
export async function markLessonsDoneIfComplete(tx: Db, ctx: Ctx, own: OwnEnrolment, now: Date): Promise<Date | null> {
  if (own.enrolment.lessonsDoneAt) {
    return own.enrolment.lessonsDoneAt;
  }
  const lessons = await repo.listOnlineLessons(tx, own.course.id);
  const progress = await repo.listProgress(tx, own.enrolment.regionId, own.enrolment.id);
  const done = new Set(progress.filter((p) => p.completedAt).map((p) => p.lessonId));
  if (!requiredDone(lessons, done)) {
    return null;
  }
  await repo.updateEnrolment(tx, own.enrolment, { lessonsDoneAt: now });
  await recordAudit(tx, ctx, {
    action: 'training_enrolment.lessons_done',
    entityType: 'training_enrolment',
    entityId: own.enrolment.id,
    orgId: own.enrolment.orgId,
    regionId: own.enrolment.regionId,
    after: { lessonsDoneAt: now },
  });
  return now;
}

/**
 * A study heartbeat: counts the real time since the previous beat (≤ 30 s), completes the lesson once its minimum
 * time is reached, and the enrolment's online study once every required lesson is complete. Only audit-worthy
 * changes (a lesson or the study completed) write audit rows; plain beats only move the counter.
 */
export async function studyBeat(db: Db, ctx: Ctx, enrolmentId: string, lessonId: string): Promise<LessonBeatResult> {
  const own = await loadOwnEnrolmentForChange(db, ctx, enrolmentId);
  if (!activeStatuses.has(own.enrolment.status)) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { status: own.enrolment.status, action: 'study' });
  }
  const { lesson } = await findLesson(db, own.course, lessonId);
  return db.transaction(async (tx) => {
    const now = new Date();
    const row = await repo.lockProgress(tx, own.enrolment.regionId, own.enrolment.id, lesson.id);
    const secondsSpent = row.secondsSpent + beatSeconds(row.lastBeatAt, now);
    const completes = !row.completedAt && secondsSpent >= lesson.minMinutes * 60;
    const after = await repo.updateProgress(tx, row, {
      secondsSpent,
      lastBeatAt: now,
      ...(completes ? { completedAt: now } : {}),
    });
    let lessonsDoneAt = own.enrolment.lessonsDoneAt;
    if (completes) {
      await recordAudit(tx, ctx, {
        action: 'training_lesson.completed',
        entityType: 'training_enrolment',
        entityId: own.enrolment.id,
        orgId: own.enrolment.orgId,
        regionId: own.enrolment.regionId,
        after: { lessonId: lesson.id, secondsSpent },
      });
      const locked = await repo.lockEnrolment(tx, own.enrolment.regionId, own.enrolment.id);
      lessonsDoneAt = await markLessonsDoneIfComplete(tx, ctx, { ...own, enrolment: locked ?? own.enrolment }, now);
    }
    return {
      secondsSpent: after.secondsSpent,
      completedAt: after.completedAt?.toISOString() ?? null,
      lessonsDoneAt: lessonsDoneAt?.toISOString() ?? null,
    };
  });
}
