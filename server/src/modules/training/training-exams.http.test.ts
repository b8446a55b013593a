// Online study and theory exams through the HTTP routes: a learner studies the online lessons (heartbeats counted by
// the server), starts an attempt when the exam opens, autosaves answers, submits and is graded with explanations;
// the clock closes attempts; shared devices and too-fast submissions are flagged and reviewed; and every bad input of
// the issue that belongs here answers a clear 4xx and changes nothing.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { pii } from '../../platform/pii';
import { createBranchChain, createStaff, signInByPhone } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { type PaperQuestion, toShownKeys } from './training-exam-paper';
import { closeOverdueAttempts } from './training-exams';

let t: TestApp;
let county: OrgView;
let admin: Caller;
let phoneSeq = 0;

const blueprint = [
  { unitCode: 'cpr', questionKind: 'single', count: 2, points: 10 },
  { unitCode: null, questionKind: 'multiple', count: 1, points: 10 },
  { unitCode: null, questionKind: 'judge', count: 2, points: 10 },
];

async function createCourse(opts: { maxAttempts?: number; blueprint?: unknown[]; minMinutes?: number } = {}) {
  const code = `fa-${crypto.randomUUID().slice(0, 8)}`;
  const [course] = await queryRows<{ id: number }>(
    t.db,
    sql`INSERT INTO training_courses (code, kind, name_zh, name_en, org_id, online_hours, offline_hours, units, blueprint,
          theory_minutes, theory_pass_percent, max_attempts, checklist, practical_pass_percent, has_theory_exam,
          has_practical_exam, certificate_years, certificate_title)
        VALUES (${code}, 'first_aider', '救护员培训', 'First aider', ${county.id}, 8, 8,
          ${JSON.stringify(['basics', 'cpr', 'aed', 'choking', 'trauma', 'emergencies'].map((c) => ({ code: c, nameZh: c, nameEn: c })))}::jsonb,
          ${JSON.stringify(opts.blueprint ?? blueprint)}::jsonb, 30, 80, ${opts.maxAttempts ?? 3}, '[]'::jsonb, 80, true, true, 3, '救护员证')
        RETURNING id`,
  );
  const lessons: string[] = [];
  for (const [i, unit] of ['cpr', 'aed'].entries()) {
    const id = crypto.randomUUID();
    lessons.push(id);
    await t.db.execute(
      sql`INSERT INTO training_lessons (id, course_id, unit_code, mode, title, body, video_url, min_minutes, is_required, sort_order)
          VALUES (${id}, ${course.id}, ${unit}, 'online', ${`第${i + 1}课`},
            '<p>按压深度5–6 cm</p><script>alert(1)</script><img src="x" onerror="alert(2)">',
            'https://video.example/cpr.mp4', ${opts.minMinutes ?? 1}, true, ${i})`,
    );
  }
  // An optional lesson and an offline one: neither is needed before the exam.
  await t.db.execute(
    sql`INSERT INTO training_lessons (id, course_id, unit_code, mode, title, min_minutes, is_required, sort_order)
        VALUES (${crypto.randomUUID()}, ${course.id}, 'trauma', 'online', '选修', 5, false, 5),
               (${crypto.randomUUID()}, ${course.id}, 'cpr', 'offline', '实操', 60, true, 6)`,
  );
  return { courseId: course.id, lessons };
}

async function createClass(courseId: number, extra: { opensAt?: Date; closesAt?: Date } = {}) {
  const id = crypto.randomUUID();
  await t.db.execute(
    sql`INSERT INTO training_classes (region_id, id, class_no, course_id, org_id, title, kind, capacity, status, starts_on,
          ends_on, theory_opens_at, theory_closes_at, public_token, created_by)
        VALUES (${county.regionId}, ${id}, ${`C-${id.slice(0, 8)}`}, ${courseId}, ${county.id}, '救护员培训班', 'open', 40,
          'open', '2026-01-01', '2026-12-31', ${extra.opensAt?.toISOString() ?? null}, ${extra.closesAt?.toISOString() ?? null},
          ${crypto.randomUUID()}, 'test')`,
  );
  return id;
}

async function enrol(classId: string): Promise<{ id: string; learner: Caller }> {
  // Unique in this file's database (a drawn number could repeat within a minute and meet the one-code-a-minute limit).
  const phone = `1390000${String(++phoneSeq).padStart(4, '0')}`;
  const id = crypto.randomUUID();
  await t.db.execute(
    sql`INSERT INTO training_enrolments (region_id, id, class_id, org_id, person_id, person_region_id, name, phone_hash,
          phone_masked, status, source, enrolled_at, created_by)
        VALUES (${county.regionId}, ${id}, ${classId}, ${county.id}, ${crypto.randomUUID()}, ${county.regionId}, '张三',
          ${pii().blindIndex('phone', `+86${phone}`)}, '139****0000', 'enrolled', 'staff', now(), 'test')`,
  );
  return { id, learner: await signInByPhone(t, phone) };
}

/** A learner whose required lessons are done, in a class of a course. */
async function readyLearner(classId: string) {
  const e = await enrol(classId);
  await t.db.execute(sql`UPDATE training_enrolments SET lessons_done_at = now() WHERE id = ${e.id}`);
  return e;
}

const start = (e: { id: string; learner: Caller }, deviceId?: string) =>
  t.inject(e.learner, {
    method: 'POST',
    url: `/api/training/my/enrolments/${e.id}/exam/attempts`,
    payload: deviceId ? { deviceId } : {},
  });
const save = (learner: Caller, attemptId: string, questionId: string, answer: string[], clientSeq = 1) =>
  t.inject(learner, {
    method: 'PUT',
    url: `/api/training/my/attempts/${attemptId}/answers/${questionId}`,
    payload: { answer, clientSeq },
  });
const submit = (learner: Caller, attemptId: string) =>
  t.inject(learner, { method: 'POST', url: `/api/training/my/attempts/${attemptId}/submit` });

/** Moves an attempt's start (and deadline) back: the learner took `seconds` over it so far. */
const age = (attemptId: string, seconds: number) =>
  t.db.execute(
    sql`UPDATE training_exam_attempts SET started_at = started_at - make_interval(secs => ${seconds}),
          deadline_at = deadline_at - make_interval(secs => ${seconds}) WHERE id = ${attemptId}`,
  );

/** The keys the learner must choose for each question of the attempt to be right (read from the database). */
async function rightAnswers(attemptId: string): Promise<Map<string, string[]>> {
  const [a] = await queryRows<{ paper: PaperQuestion[] }>(
    t.db,
    sql`SELECT paper FROM training_exam_attempts WHERE id = ${attemptId}`,
  );
  const qs = await queryRows<{ id: string; answer: string[] }>(
    t.db,
    sql`SELECT id, answer FROM training_questions WHERE id IN ${a.paper.map((p) => p.questionId)}`,
  );
  const byId = new Map(qs.map((q) => [q.id, q.answer]));
  return new Map(a.paper.map((p) => [p.questionId, toShownKeys(p, byId.get(p.questionId)!)]));
}

/** Answers every question (right, or the first option when `wrong`) and submits after a plausible time. */
async function sitExam(e: { learner: Caller }, attemptId: string, wrong = false, clientSeq = 1) {
  const right = await rightAnswers(attemptId);
  for (const [qid, keys] of right) {
    const flip: Record<string, string> = { A: 'B', B: 'A', C: 'A', D: 'A', T: 'F', F: 'T' };
    const answer = wrong ? [flip[keys[0]]] : keys;
    const r = await save(e.learner, attemptId, qid, answer, clientSeq);
    expect(r.statusCode, r.body).toBe(200);
  }
  await age(attemptId, 120);
  return submit(e.learner, attemptId);
}

const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(t.db, q))[0].n);
const enrolmentOf = async (id: string) =>
  (
    await queryRows<{ theory_result: string; theory_score: number | null; lessons_done_at: Date | null }>(
      t.db,
      sql`SELECT theory_result, theory_score, lessons_done_at FROM training_enrolments WHERE id = ${id}`,
    )
  )[0];

beforeAll(async () => {
  t = await createTestApp();
  ({ county } = await createBranchChain(t));
  admin = await createStaff(t, { orgId: county.id, roleId: 'training_admin' });
});
afterAll(() => t?.close());

describe('online study', () => {
  it('counts heartbeats by real elapsed time (≤ 30 s a beat) and marks the study done after the required lessons', async () => {
    const { courseId, lessons } = await createCourse({ minMinutes: 1 });
    const e = await enrol(await createClass(courseId));
    const list = await t.inject(e.learner, { method: 'GET', url: `/api/training/my/enrolments/${e.id}/lessons` });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ requiredCount: 2, completedRequired: 0, lessonsDoneAt: null });
    expect(list.json().lessons).toHaveLength(3);

    const page = await t.inject(e.learner, {
      method: 'GET',
      url: `/api/training/my/enrolments/${e.id}/lessons/${lessons[0]}`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.json().body).toContain('按压深度');
    expect(page.json().body).not.toMatch(/script|onerror/);
    expect(page.json().videoUrl).toBe('https://video.example/cpr.mp4');

    const beat = (lessonId: string) =>
      t.inject(e.learner, {
        method: 'POST',
        url: `/api/training/my/enrolments/${e.id}/lessons/${lessonId}/progress`,
      });
    const rewind = (lessonId: string, seconds: number) =>
      t.db.execute(
        sql`UPDATE training_lesson_progress SET last_beat_at = last_beat_at - make_interval(secs => ${seconds})
            WHERE enrolment_id = ${e.id} AND lesson_id = ${lessonId}`,
      );
    expect((await beat(lessons[0])).json().secondsSpent).toBe(0);
    // Back-to-back beats add nothing: the server counts real time, not calls.
    expect((await beat(lessons[0])).json().secondsSpent).toBe(0);
    await rewind(lessons[0], 20);
    expect((await beat(lessons[0])).json()).toMatchObject({ secondsSpent: 20, completedAt: null });
    // A page left open for ten minutes still counts one beat of 30 s.
    await rewind(lessons[0], 600);
    const third = (await beat(lessons[0])).json();
    expect(third.secondsSpent).toBe(50);
    await rewind(lessons[0], 15);
    const done = (await beat(lessons[0])).json();
    expect(done.completedAt).not.toBeNull();
    expect(done.lessonsDoneAt).toBeNull();

    await beat(lessons[1]);
    await rewind(lessons[1], 30);
    await beat(lessons[1]);
    await rewind(lessons[1], 30);
    const all = (await beat(lessons[1])).json();
    expect(all.lessonsDoneAt).not.toBeNull();
    expect((await enrolmentOf(e.id)).lessons_done_at).not.toBeNull();
  });

  it('hides another learner’s enrolment and refuses an offline lesson', async () => {
    const { courseId } = await createCourse();
    const classId = await createClass(courseId);
    const mine = await enrol(classId);
    const other = await enrol(classId);
    const res = await t.inject(other.learner, { method: 'GET', url: `/api/training/my/enrolments/${mine.id}/lessons` });
    expect(res.statusCode).toBe(404);
    const [offline] = await queryRows<{ id: string }>(
      t.db,
      sql`SELECT id FROM training_lessons WHERE course_id = ${courseId} AND mode = 'offline'`,
    );
    const beat = await t.inject(mine.learner, {
      method: 'POST',
      url: `/api/training/my/enrolments/${mine.id}/lessons/${offline.id}/progress`,
    });
    expect(beat.statusCode).toBe(404);
  });
});

describe('starting an attempt', () => {
  it('refuses before the required lessons are done (LESSONS_UNFINISHED) and outside the class window', async () => {
    const { courseId } = await createCourse();
    const e = await enrol(await createClass(courseId));
    const res = await start(e);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('LESSONS_UNFINISHED');

    const later = await readyLearner(await createClass(courseId, { opensAt: new Date(Date.now() + 86_400_000) }));
    expect((await start(later)).json().error.code).toBe('EXAM_NOT_OPEN');
    const past = await readyLearner(await createClass(courseId, { closesAt: new Date(Date.now() - 60_000) }));
    expect((await start(past)).json().error.code).toBe('EXAM_NOT_OPEN');
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM training_exam_attempts WHERE enrolment_id IN (${e.id}, ${later.id}, ${past.id})`,
      ),
    ).toBe(0);
  });

  it('draws a paper from the blueprint without answers, with the server deadline and clock', async () => {
    const { courseId } = await createCourse();
    const e = await readyLearner(await createClass(courseId));
    const res = await start(e);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a.questions).toHaveLength(5);
    expect(a.maxScore).toBe(50);
    expect(new Set(a.questions.map((q: { questionId: string }) => q.questionId)).size).toBe(5);
    expect(
      a.questions
        .filter((q: { unitCode: string; kind: string }) => q.kind === 'single')
        .every((q: { unitCode: string }) => q.unitCode === 'cpr'),
    ).toBe(true);
    for (const q of a.questions) {
      expect(q.correctAnswer).toBeNull();
      expect(q.explanation).toBeNull();
      expect(q.options.map((o: { key: string }) => o.key)).toEqual(
        q.kind === 'judge' ? ['T', 'F'] : ['A', 'B', 'C', 'D'].slice(0, q.options.length),
      );
    }
    const deadline = Date.parse(a.deadlineAt) - Date.parse(a.now);
    expect(deadline).toBeGreaterThan(29 * 60_000);
    expect(deadline).toBeLessThanOrEqual(30 * 60_000);
    // Reading it again (a reload) gives the same paper.
    const again = await t.inject(e.learner, { method: 'GET', url: `/api/training/my/attempts/${a.id}` });
    expect(again.json().questions.map((q: { questionId: string }) => q.questionId)).toEqual(
      a.questions.map((q: { questionId: string }) => q.questionId),
    );
  });

  it('refuses a second attempt while one is in progress, naming it, also when two starts race', async () => {
    const { courseId } = await createCourse();
    const classId = await createClass(courseId);
    const e = await readyLearner(classId);
    const first = await start(e);
    const second = await start(e);
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'ATTEMPT_IN_PROGRESS', details: { attemptId: first.json().id } });

    const racer = await readyLearner(classId);
    const both = await Promise.all([start(racer), start(racer), start(racer)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(both.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'ATTEMPT_IN_PROGRESS')).toBe(
      true,
    );
    expect(
      await count(sql`SELECT count(*)::int AS n FROM training_exam_attempts WHERE enrolment_id = ${racer.id}`),
    ).toBe(1);
  });

  it('answers QUESTION_BANK_SHORT when the bank cannot fill the blueprint', async () => {
    const { courseId } = await createCourse({
      blueprint: [{ unitCode: 'aed', questionKind: 'multiple', count: 500, points: 1 }],
    });
    const e = await readyLearner(await createClass(courseId));
    const res = await start(e);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('QUESTION_BANK_SHORT');
    expect(await count(sql`SELECT count(*)::int AS n FROM training_exam_attempts WHERE enrolment_id = ${e.id}`)).toBe(
      0,
    );
  });

  it('is not for staff: they may look at the exam state but not sit it', async () => {
    const { courseId } = await createCourse();
    const e = await readyLearner(await createClass(courseId));
    const state = await t.inject(admin, { method: 'GET', url: `/api/training/my/enrolments/${e.id}/exam` });
    expect(state.statusCode).toBe(200);
    expect(state.json()).toMatchObject({ blockedBy: null, questionCount: 5, maxScore: 50, maxAttempts: 3 });
    expect((await start({ ...e, learner: admin })).statusCode).toBe(403);
  });
});

describe('answering and submitting', () => {
  it('autosaves, ignores an older save, refuses foreign questions and keys, grades, and shows explanations', async () => {
    const { courseId } = await createCourse();
    const e = await readyLearner(await createClass(courseId));
    const a = (await start(e)).json();
    const q = a.questions.find((x: { kind: string }) => x.kind === 'multiple');

    const first = await save(e.learner, a.id, q.questionId, ['A', 'B'], 5);
    expect(first.json()).toMatchObject({ applied: true, answer: ['A', 'B'], clientSeq: 5 });
    const stale = await save(e.learner, a.id, q.questionId, ['C'], 4);
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toMatchObject({ applied: false, answer: ['A', 'B'], clientSeq: 5 });

    const [notMine] = await queryRows<{ id: string }>(
      t.db,
      sql`SELECT id FROM training_questions WHERE id NOT IN ${a.questions.map((x: { questionId: string }) => x.questionId)} LIMIT 1`,
    );
    const foreign = await save(e.learner, a.id, notMine.id, ['A']);
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.code).toBe('QUESTION_NOT_IN_PAPER');
    const badKey = await save(e.learner, a.id, q.questionId, ['Z']);
    expect(badKey.statusCode).toBe(400);
    const judge = a.questions.find((x: { kind: string }) => x.kind === 'judge');
    expect((await save(e.learner, a.id, judge.questionId, ['T', 'F'])).statusCode).toBe(400);

    // Another learner cannot write into this attempt.
    const stranger = await enrol(await createClass(courseId));
    expect((await save(stranger.learner, a.id, q.questionId, ['A'])).statusCode).toBe(404);

    const reloaded = (await t.inject(e.learner, { method: 'GET', url: `/api/training/my/attempts/${a.id}` })).json();
    expect(reloaded.questions.find((x: { questionId: string }) => x.questionId === q.questionId).answer).toEqual([
      'A',
      'B',
    ]);
    expect(reloaded.answeredCount).toBe(1);

    const res = await sitExam(e, a.id, false, 10);
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ status: 'submitted', score: 50, maxScore: 50, isPassed: true, review: 'none' });
    for (const x of result.questions) {
      expect(x.isCorrect).toBe(true);
      expect(x.correctAnswer).toEqual(x.answer);
      expect(x.explanation.length).toBeGreaterThan(0);
    }
    expect(await enrolmentOf(e.id)).toMatchObject({ theory_result: 'passed', theory_score: 50 });

    const late = await save(e.learner, a.id, q.questionId, ['A'], 99);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('EXAM_CLOSED');
    expect((await submit(e.learner, a.id)).json().error.code).toBe('EXAM_CLOSED');
    const again = await start(e);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
    const [row] = await queryRows<{ answer: string[]; client_seq: number }>(
      t.db,
      sql`SELECT answer, client_seq FROM training_exam_answers WHERE attempt_id = ${a.id} AND question_id = ${q.questionId}`,
    );
    expect(row.client_seq).toBe(10);
  });

  it('closes an attempt when time runs out: graded on reading, saves refused, the clock job closes the rest', async () => {
    const { courseId } = await createCourse();
    const classId = await createClass(courseId);
    const e = await readyLearner(classId);
    const a = (await start(e)).json();
    const right = await rightAnswers(a.id);
    const [qid, keys] = [...right][0];
    await save(e.learner, a.id, qid, keys);
    await age(a.id, 31 * 60);

    const late = await save(e.learner, a.id, qid, keys, 2);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('EXAM_CLOSED');
    const view = (await t.inject(e.learner, { method: 'GET', url: `/api/training/my/attempts/${a.id}` })).json();
    expect(view).toMatchObject({ status: 'expired', score: 10, isPassed: false });
    expect(view.questions.every((q: { explanation: string | null }) => q.explanation !== null)).toBe(true);
    expect(await enrolmentOf(e.id)).toMatchObject({ theory_result: 'pending', theory_score: 10 });

    const other = await readyLearner(classId);
    const b = (await start(other)).json();
    await age(b.id, 31 * 60);
    await t.db.transaction((tx) => closeOverdueAttempts(tx));
    const [row] = await queryRows<{ status: string; score: number }>(
      t.db,
      sql`SELECT status, score FROM training_exam_attempts WHERE id = ${b.id}`,
    );
    expect(row).toEqual({ status: 'expired', score: 0 });
  });

  it('limits attempts: the last failed attempt fails the theory, and another start is refused', async () => {
    const { courseId } = await createCourse({ maxAttempts: 2 });
    const e = await readyLearner(await createClass(courseId));
    for (let i = 0; i < 2; i++) {
      const a = (await start(e)).json();
      const res = await sitExam(e, a.id, true);
      expect(res.json().isPassed).toBe(false);
      expect((await enrolmentOf(e.id)).theory_result).toBe(i === 0 ? 'pending' : 'failed');
    }
    const third = await start(e);
    expect(third.statusCode).toBe(409);
    expect(third.json().error.code).toBe('ATTEMPTS_EXHAUSTED');
  });
});

describe('suspicious patterns and review', () => {
  it('flags one device used by two learners of a class, and a submission faster than possible; review clears or voids', async () => {
    const { courseId } = await createCourse();
    const classId = await createClass(courseId);
    const device = `dev-${crypto.randomUUID()}`;
    const first = await readyLearner(classId);
    const second = await readyLearner(classId);
    const a1 = (await start(first, device)).json();
    const a2 = (await start(second, device)).json();
    const flagsOf = async (id: string) =>
      (
        await queryRows<{ review: string; flags: { code: string }[] }>(
          t.db,
          sql`SELECT review, flags FROM training_exam_attempts WHERE id = ${id}`,
        )
      )[0];
    expect(await flagsOf(a2.id)).toMatchObject({ review: 'pending', flags: [{ code: 'shared_device' }] });
    expect(await flagsOf(a1.id)).toMatchObject({ review: 'pending', flags: [{ code: 'shared_device' }] });

    // Both pass, but a flagged pass does not count until an admin clears it.
    expect((await sitExam(first, a1.id)).json().isPassed).toBe(true);
    expect((await sitExam(second, a2.id)).json().isPassed).toBe(true);
    expect((await enrolmentOf(first.id)).theory_result).toBe('pending');

    const third = await readyLearner(classId);
    const a3 = (await start(third)).json();
    const right = await rightAnswers(a3.id);
    for (const [qid, keys] of right) {
      await save(third.learner, a3.id, qid, keys);
    }
    const fast = (await submit(third.learner, a3.id)).json();
    expect(fast.isPassed).toBe(true);
    expect((await flagsOf(a3.id)).flags.map((f) => f.code)).toEqual(['too_fast']);

    const list = await t.inject(admin, { method: 'GET', url: '/api/training/exam-reviews' });
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([a1.id, a2.id, a3.id]));

    const decide = (id: string, decision: string) =>
      t.inject(admin, {
        method: 'POST',
        url: `/api/training/exam-reviews/${id}`,
        payload: { decision, note: '核实为本人作答' },
      });
    expect((await decide(a1.id, 'clear')).json().review).toBe('cleared');
    expect(await enrolmentOf(first.id)).toMatchObject({ theory_result: 'passed', theory_score: 50 });
    expect((await decide(a2.id, 'void')).json().review).toBe('voided');
    expect((await enrolmentOf(second.id)).theory_result).toBe('pending');
    // Decided once: a second decision is refused and changes nothing.
    const again = await decide(a2.id, 'clear');
    expect(again.statusCode).toBe(409);
    expect((await flagsOf(a2.id)).review).toBe('voided');
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${a2.id} AND action LIKE 'training_exam.review_%'`,
      ),
    ).toBe(1);

    // Staff without training:manage cannot decide; a learner cannot see the list.
    const viewer = await createStaff(t, { orgId: county.id, roleId: 'examiner' });
    expect((await decide.call(null, a3.id, 'clear')).statusCode).toBe(200);
    expect(
      (
        await t.inject(viewer, {
          method: 'POST',
          url: `/api/training/exam-reviews/${a3.id}`,
          payload: { decision: 'void', note: '无权限' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.inject(third.learner, { method: 'GET', url: '/api/training/exam-reviews' })).statusCode).toBe(403);
  });
});
