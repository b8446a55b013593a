// Data access of online study, the question bank and theory exams: the only file of this part that touches the
// training tables. Large tables are addressed by (region_id, id) once the region is known.
import { and, asc, count, desc, eq, ilike, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  trainingClasses,
  type trainingCourses,
  trainingEnrolments,
  trainingExamAnswers,
  trainingExamAttempts,
  trainingLessonProgress,
  trainingLessons,
  trainingQuestions,
} from './training.tables';

// Courses, classes and enrolments are read and written through the repos that own them (one way each).
export { findCourse } from './training-catalogue.repo';
export { findClassInRegion, findEnrolmentById, lockEnrolment, updateEnrolment } from './training-classes.repo';

export type QuestionRow = typeof trainingQuestions.$inferSelect;
export type QuestionInsert = typeof trainingQuestions.$inferInsert;
export type EnrolmentRow = typeof trainingEnrolments.$inferSelect;
export type ClassRow = typeof trainingClasses.$inferSelect;
export type CourseRow = typeof trainingCourses.$inferSelect;
export type LessonRow = typeof trainingLessons.$inferSelect;
export type ProgressRow = typeof trainingLessonProgress.$inferSelect;
export type AttemptRow = typeof trainingExamAttempts.$inferSelect;
export type AttemptInsert = typeof trainingExamAttempts.$inferInsert;
export type AnswerRow = typeof trainingExamAnswers.$inferSelect;

export const classOrgColumn = trainingClasses.orgId;

// ------------------------------------------------------------------------------------------------ enrolments

// ------------------------------------------------------------------------------------------------ lessons

/** The course's active online lessons in syllabus order. */
export async function listOnlineLessons(db: Db, courseId: number): Promise<LessonRow[]> {
  return db
    .select()
    .from(trainingLessons)
    .where(
      and(
        eq(trainingLessons.courseId, courseId),
        eq(trainingLessons.mode, 'online'),
        eq(trainingLessons.isActive, true),
      ),
    )
    .orderBy(asc(trainingLessons.sortOrder), asc(trainingLessons.createdAt));
}

export async function listProgress(db: Db, regionId: number, enrolmentId: string): Promise<ProgressRow[]> {
  return db
    .select()
    .from(trainingLessonProgress)
    .where(and(eq(trainingLessonProgress.regionId, regionId), eq(trainingLessonProgress.enrolmentId, enrolmentId)));
}

/** The progress row of one lesson, created if missing, locked (heartbeats of one lesson queue up). */
export async function lockProgress(
  db: Db,
  regionId: number,
  enrolmentId: string,
  lessonId: string,
): Promise<ProgressRow> {
  await db.insert(trainingLessonProgress).values({ regionId, enrolmentId, lessonId }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(trainingLessonProgress)
    .where(
      and(
        eq(trainingLessonProgress.regionId, regionId),
        eq(trainingLessonProgress.enrolmentId, enrolmentId),
        eq(trainingLessonProgress.lessonId, lessonId),
      ),
    )
    .for('update');
  return row;
}

export async function updateProgress(
  db: Db,
  row: ProgressRow,
  patch: Partial<typeof trainingLessonProgress.$inferInsert>,
): Promise<ProgressRow> {
  const [out] = await db
    .update(trainingLessonProgress)
    .set(patch)
    .where(
      and(
        eq(trainingLessonProgress.regionId, row.regionId),
        eq(trainingLessonProgress.enrolmentId, row.enrolmentId),
        eq(trainingLessonProgress.lessonId, row.lessonId),
      ),
    )
    .returning();
  return out;
}

// ------------------------------------------------------------------------------------------------ questions

function questionFilter(f: { unitCode?: string; kind?: string; q?: string; includeInactive?: boolean }): SQL {
  const where: (SQL | undefined)[] = [];
  if (!f.includeInactive) {
    where.push(eq(trainingQuestions.isActive, true));
  }
  if (f.unitCode) {
    where.push(eq(trainingQuestions.unitCode, f.unitCode));
  }
  if (f.kind) {
    where.push(eq(trainingQuestions.kind, f.kind));
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(trainingQuestions.stem, like), ilike(trainingQuestions.explanation, like)));
  }
  return and(...where) ?? sql`true`;
}

export async function listQuestions(
  db: Db,
  f: { unitCode?: string; kind?: string; q?: string; includeInactive?: boolean; limit: number; offset: number },
): Promise<{ rows: QuestionRow[]; total: number }> {
  const where = questionFilter(f);
  const rows = await db
    .select()
    .from(trainingQuestions)
    .where(where)
    .orderBy(asc(trainingQuestions.unitCode), asc(trainingQuestions.kind), desc(trainingQuestions.createdAt))
    .limit(f.limit)
    .offset(f.offset);
  const [{ n }] = await db.select({ n: count() }).from(trainingQuestions).where(where);
  return { rows, total: Number(n) };
}

export async function countQuestions(db: Db): Promise<{ unitCode: string; kind: string; count: number }[]> {
  const rows = await db
    .select({ unitCode: trainingQuestions.unitCode, kind: trainingQuestions.kind, n: count() })
    .from(trainingQuestions)
    .where(eq(trainingQuestions.isActive, true))
    .groupBy(trainingQuestions.unitCode, trainingQuestions.kind)
    .orderBy(asc(trainingQuestions.unitCode), asc(trainingQuestions.kind));
  return rows.map((r) => ({ unitCode: r.unitCode, kind: r.kind, count: Number(r.n) }));
}

export async function allQuestions(db: Db): Promise<QuestionRow[]> {
  return db
    .select()
    .from(trainingQuestions)
    .where(eq(trainingQuestions.isActive, true))
    .orderBy(asc(trainingQuestions.unitCode), asc(trainingQuestions.kind), asc(trainingQuestions.createdAt));
}

/** The active questions a paper may draw from (id, unit, kind, options). */
export async function drawableQuestions(db: Db) {
  return db
    .select({
      id: trainingQuestions.id,
      unitCode: trainingQuestions.unitCode,
      kind: trainingQuestions.kind,
      options: trainingQuestions.options,
    })
    .from(trainingQuestions)
    .where(eq(trainingQuestions.isActive, true));
}

export async function findQuestion(db: Db, id: string): Promise<QuestionRow | undefined> {
  const [row] = await db.select().from(trainingQuestions).where(eq(trainingQuestions.id, id));
  return row;
}

export async function findQuestionsByIds(db: Db, ids: string[]): Promise<QuestionRow[]> {
  return ids.length === 0 ? [] : db.select().from(trainingQuestions).where(inArray(trainingQuestions.id, ids));
}

/** The hashes among `hashes` that some question already has (active or not). */
export async function existingHashes(db: Db, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) {
    return new Set();
  }
  const rows = await db
    .select({ h: trainingQuestions.contentHash })
    .from(trainingQuestions)
    .where(inArray(trainingQuestions.contentHash, hashes));
  return new Set(rows.map((r) => r.h));
}

export async function findQuestionByHash(db: Db, hash: string, exceptId?: string): Promise<QuestionRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingQuestions)
    .where(and(eq(trainingQuestions.contentHash, hash), exceptId ? ne(trainingQuestions.id, exceptId) : undefined));
  return row;
}

export async function insertQuestions(db: Db, rows: QuestionInsert[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const out = await db
      .insert(trainingQuestions)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing({ target: trainingQuestions.contentHash })
      .returning({ id: trainingQuestions.id });
    n += out.length;
  }
  return n;
}

export async function updateQuestion(db: Db, id: string, patch: Partial<QuestionInsert>): Promise<QuestionRow> {
  const [row] = await db
    .update(trainingQuestions)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(trainingQuestions.id, id))
    .returning();
  return row;
}

// ------------------------------------------------------------------------------------------------ attempts

export async function listAttempts(db: Db, regionId: number, enrolmentId: string): Promise<AttemptRow[]> {
  return db
    .select()
    .from(trainingExamAttempts)
    .where(and(eq(trainingExamAttempts.regionId, regionId), eq(trainingExamAttempts.enrolmentId, enrolmentId)))
    .orderBy(asc(trainingExamAttempts.attemptNo));
}

export async function insertAttempt(db: Db, row: AttemptInsert): Promise<AttemptRow> {
  const [out] = await db.insert(trainingExamAttempts).values(row).returning();
  return out;
}

export async function findAttemptById(db: Db, id: string): Promise<AttemptRow | undefined> {
  const [row] = await db.select().from(trainingExamAttempts).where(eq(trainingExamAttempts.id, id)).limit(1);
  return row;
}

/** The attempt with its enrolment's owner columns in one read (the autosave path). */
export async function findAttemptWithOwner(db: Db, id: string) {
  const [row] = await db
    .select({
      attempt: trainingExamAttempts,
      phoneHash: trainingEnrolments.phoneHash,
      orgId: trainingEnrolments.orgId,
    })
    .from(trainingExamAttempts)
    .innerJoin(
      trainingEnrolments,
      and(
        eq(trainingEnrolments.regionId, trainingExamAttempts.regionId),
        eq(trainingEnrolments.id, trainingExamAttempts.enrolmentId),
      ),
    )
    .where(eq(trainingExamAttempts.id, id))
    .limit(1);
  return row;
}

export async function lockAttempt(db: Db, regionId: number, id: string): Promise<AttemptRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingExamAttempts)
    .where(and(eq(trainingExamAttempts.regionId, regionId), eq(trainingExamAttempts.id, id)))
    .for('update');
  return row;
}

export async function updateAttempt(db: Db, row: AttemptRow, patch: Partial<AttemptInsert>): Promise<AttemptRow> {
  const [out] = await db
    .update(trainingExamAttempts)
    .set(patch)
    .where(and(eq(trainingExamAttempts.regionId, row.regionId), eq(trainingExamAttempts.id, row.id)))
    .returning();
  return out;
}

/** In-progress attempts whose time ran out (oldest first), for the closing job. */
export async function listOverdueAttempts(db: Db, now: Date, limit: number) {
  return db
    .select({ regionId: trainingExamAttempts.regionId, id: trainingExamAttempts.id })
    .from(trainingExamAttempts)
    .where(and(eq(trainingExamAttempts.status, 'in_progress'), lt(trainingExamAttempts.deadlineAt, now)))
    .orderBy(asc(trainingExamAttempts.deadlineAt))
    .limit(limit);
}

/** Attempts of other people from the same device in the same class on the same (China) day. */
export async function sameDeviceOthers(
  db: Db,
  a: { classId: string; deviceId: string; personId: string; startedAt: Date },
): Promise<AttemptRow[]> {
  return db
    .select()
    .from(trainingExamAttempts)
    .where(
      and(
        eq(trainingExamAttempts.deviceId, a.deviceId),
        eq(trainingExamAttempts.classId, a.classId),
        ne(trainingExamAttempts.personId, a.personId),
        sql`(${trainingExamAttempts.startedAt} AT TIME ZONE 'Asia/Shanghai')::date = (${a.startedAt.toISOString()}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`,
      ),
    );
}

// ------------------------------------------------------------------------------------------------ answers

export async function listAnswers(db: Db, regionId: number, attemptId: string): Promise<AnswerRow[]> {
  return db
    .select()
    .from(trainingExamAnswers)
    .where(and(eq(trainingExamAnswers.regionId, regionId), eq(trainingExamAnswers.attemptId, attemptId)));
}

/**
 * The autosave in one statement: stores the answer only while the attempt is in progress and before its deadline
 * (the attempt row is locked, so a submission or the clock waits for it and then grades it), unless a save with a
 * higher clientSeq is already stored, and counts the applied save on the attempt. `open` false: the attempt is closed
 * or out of time (nothing written); `stored` null with `open`: an older save, ignored.
 */
export async function saveAnswerIfOpen(
  db: Db,
  row: { regionId: number; attemptId: string; questionId: string; answer: string[]; clientSeq: number; savedAt: Date },
  graceMs: number,
): Promise<{ open: boolean; stored: { answer: string[]; clientSeq: number; savedAt: Date } | null }> {
  const result = (await db.execute(sql`
    WITH a AS (
      SELECT region_id, id FROM training_exam_attempts
      WHERE region_id = ${row.regionId} AND id = ${row.attemptId} AND status = 'in_progress'
        AND deadline_at > ${row.savedAt.toISOString()}::timestamptz - make_interval(secs => ${graceMs / 1000})
      FOR UPDATE
    ), ins AS (
      INSERT INTO training_exam_answers (region_id, attempt_id, question_id, answer, client_seq, saved_at)
      SELECT a.region_id, a.id, ${row.questionId}, ${JSON.stringify(row.answer)}::jsonb, ${row.clientSeq},
             ${row.savedAt.toISOString()}::timestamptz
      FROM a
      ON CONFLICT (region_id, attempt_id, question_id) DO UPDATE
        SET answer = EXCLUDED.answer, client_seq = EXCLUDED.client_seq, saved_at = EXCLUDED.saved_at
        WHERE training_exam_answers.client_seq <= EXCLUDED.client_seq
      RETURNING answer, client_seq, saved_at
    ), counted AS (
      UPDATE training_exam_attempts t SET answer_saves = t.answer_saves + 1
      FROM ins WHERE t.region_id = ${row.regionId} AND t.id = ${row.attemptId}
      RETURNING t.id
    )
    SELECT (SELECT count(*) FROM a)::int AS open, ins.answer, ins.client_seq, ins.saved_at,
           (SELECT count(*) FROM counted)::int AS counted
    FROM (SELECT 1) one LEFT JOIN ins ON true`)) as unknown as {
    rows: {
      open: number;
      answer: string[] | string | null;
      client_seq: number | null;
      saved_at: Date | string | null;
    }[];
  };
  const r = result.rows[0];
  if (!r || r.open === 0) {
    return { open: false, stored: null };
  }
  if (r.client_seq === null) {
    return { open: true, stored: null };
  }
  return {
    open: true,
    stored: {
      answer: typeof r.answer === 'string' ? (JSON.parse(r.answer) as string[]) : (r.answer ?? []),
      clientSeq: Number(r.client_seq),
      savedAt: new Date(r.saved_at as string),
    },
  };
}

export async function findAnswer(db: Db, regionId: number, attemptId: string, questionId: string) {
  const [row] = await db
    .select()
    .from(trainingExamAnswers)
    .where(
      and(
        eq(trainingExamAnswers.regionId, regionId),
        eq(trainingExamAnswers.attemptId, attemptId),
        eq(trainingExamAnswers.questionId, questionId),
      ),
    );
  return row;
}

export async function markAnswers(
  db: Db,
  regionId: number,
  attemptId: string,
  correctIds: string[],
  wrongIds: string[],
): Promise<void> {
  for (const [ids, value] of [
    [correctIds, true],
    [wrongIds, false],
  ] as const) {
    if (ids.length > 0) {
      await db
        .update(trainingExamAnswers)
        .set({ isCorrect: value })
        .where(
          and(
            eq(trainingExamAnswers.regionId, regionId),
            eq(trainingExamAnswers.attemptId, attemptId),
            inArray(trainingExamAnswers.questionId, ids),
          ),
        );
    }
  }
}

// ------------------------------------------------------------------------------------------------ review

export async function listReview(db: Db, review: string, scope: SQL, limit: number, offset: number) {
  const where = and(eq(trainingExamAttempts.review, review), scope);
  const rows = await db
    .select({ attempt: trainingExamAttempts, enrolment: trainingEnrolments, cls: trainingClasses })
    .from(trainingExamAttempts)
    .innerJoin(
      trainingEnrolments,
      and(
        eq(trainingEnrolments.regionId, trainingExamAttempts.regionId),
        eq(trainingEnrolments.id, trainingExamAttempts.enrolmentId),
      ),
    )
    .innerJoin(
      trainingClasses,
      and(
        eq(trainingClasses.regionId, trainingExamAttempts.regionId),
        eq(trainingClasses.id, trainingExamAttempts.classId),
      ),
    )
    .where(where)
    .orderBy(desc(trainingExamAttempts.startedAt))
    .limit(limit)
    .offset(offset);
  const [{ n }] = await db
    .select({ n: count() })
    .from(trainingExamAttempts)
    .innerJoin(
      trainingClasses,
      and(
        eq(trainingClasses.regionId, trainingExamAttempts.regionId),
        eq(trainingClasses.id, trainingExamAttempts.classId),
      ),
    )
    .where(where);
  return { rows, total: Number(n) };
}
