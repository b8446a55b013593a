// Practical exams (实操考核, 培考分离): the class's examiner — never one of its trainers — scores each checklist item on a
// tablet, saves drafts and signs; a signed result changes only through an amendment that a second authorised user
// approves. Every step is one transaction with its audit row.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { displayNamesOf } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { actorId, assertCanAt, hasPermission } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { issueCertificateIfComplete, revokeCertificateIn } from './training-certificates';
import * as repo from './training-certificates.repo';
import type {
  AmendmentView,
  ChecklistItem,
  DecideAmendment,
  ExaminerClassDetail,
  ExaminerClassView,
  PracticalItem,
  PracticalLearner,
  PracticalScoreView,
  PracticalSheet,
  RequestAmendment,
  ScoreStatus,
} from './training-certificates.schemas';

// ------------------------------------------------------------------------------------------------ rules

export type Graded = {
  items: PracticalItem[];
  total: number;
  maxTotal: number;
  isPassed: boolean;
  hasCriticalFail: boolean;
};

/**
 * Checks scores against the checklist and grades them. Each key at most once, known, 0..maxScore; `complete` (for
 * signing) requires every item. Passed: total ≥ passPercent of the maximum and no critical item scored 0.
 * Throws VALIDATION_FAILED listing the bad items.
 */
export function gradePractical(
  checklist: ChecklistItem[],
  passPercent: number,
  items: PracticalItem[],
  complete: boolean,
): Graded {
  const byKey = new Map(checklist.map((c) => [c.key, c]));
  const problems: { key: string; problem: string }[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const c = byKey.get(item.key);
    if (!c) {
      problems.push({ key: item.key, problem: 'unknown item' });
    } else if (seen.has(item.key)) {
      problems.push({ key: item.key, problem: 'scored twice' });
    } else if (item.score > c.maxScore) {
      problems.push({ key: item.key, problem: `score above ${c.maxScore}` });
    }
    seen.add(item.key);
  }
  if (complete) {
    for (const c of checklist) {
      if (!seen.has(c.key)) {
        problems.push({ key: c.key, problem: 'not scored' });
      }
    }
  }
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', { items: problems });
  }
  const total = items.reduce((s, i) => s + i.score, 0);
  const maxTotal = checklist.reduce((s, c) => s + c.maxScore, 0);
  const hasCriticalFail = items.some((i) => byKey.get(i.key)?.isCritical && i.score === 0);
  const isPassed = complete && !hasCriticalFail && maxTotal > 0 && total * 100 >= passPercent * maxTotal;
  return {
    items: items.map((i) => ({ key: i.key, score: i.score, ...(i.note ? { note: i.note } : {}) })),
    total,
    maxTotal,
    isPassed,
    hasCriticalFail,
  };
}

// ------------------------------------------------------------------------------------------------ access

type ClassContext = { cls: repo.ClassRow; course: repo.CourseRow; instructor: repo.InstructorRow };

function checklistOf(course: repo.CourseRow): ChecklistItem[] {
  return (course.checklist as ChecklistItem[]) ?? [];
}

/**
 * The class, its course and the caller's instructor row, when the caller is an examiner of the class. Throws
 * NOT_CLASS_EXAMINER for anyone not assigned as its examiner, and EXAMINER_IS_TRAINER for an examiner who is also one
 * of its trainers (培考分离: refused even when assigned by mistake).
 */
async function asExaminer(db: Db, ctx: Ctx, regionId: number, classId: string): Promise<ClassContext> {
  const userId = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const instructor = userId ? await repo.findInstructorByUser(db, userId) : undefined;
  if (!instructor?.isActive) {
    throw new AppError('NOT_CLASS_EXAMINER', { classId });
  }
  const roles = await repo.rolesInClass(db, regionId, classId, instructor.id);
  if (!roles.includes('examiner')) {
    throw new AppError('NOT_CLASS_EXAMINER', { classId });
  }
  if (roles.includes('trainer')) {
    throw new AppError('EXAMINER_IS_TRAINER', { classId });
  }
  const cls = (await repo.findClassInRegion(db, regionId, classId))!;
  const course = await repo.findCourse(db, cls.courseId);
  if (!course) {
    throw new AppError('NOT_FOUND', { entity: 'training_course', id: cls.courseId });
  }
  if (!course.hasPracticalExam) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { reason: 'the course has no practical exam' });
  }
  return { cls, course, instructor };
}

async function getEnrolment(db: Db, id: string): Promise<repo.EnrolmentRow> {
  const row = await repo.findEnrolmentById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'training_enrolment', id });
  }
  return row;
}

function assertScorable(e: repo.EnrolmentRow): void {
  if (!['enrolled', 'completed', 'failed'].includes(e.status)) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { status: e.status, action: 'score' });
  }
}

// ------------------------------------------------------------------------------------------------ views

function toScoreView(
  row: repo.ScoreRow,
  checklist: ChecklistItem[],
  names: Map<string, string>,
  examiners: Map<string, string>,
): PracticalScoreView {
  const critical = new Set(checklist.filter((c) => c.isCritical).map((c) => c.key));
  const items = row.items as PracticalItem[];
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : null);
  return {
    id: row.id,
    version: row.version,
    status: row.status as ScoreStatus,
    items: items.map((i) => ({ key: i.key, score: i.score, ...(i.note ? { note: i.note } : {}) })),
    total: row.total,
    maxTotal: row.maxTotal,
    isPassed: row.isPassed,
    hasCriticalFail: items.some((i) => critical.has(i.key) && i.score === 0),
    examinerName: examiners.get(row.examinerId) ?? null,
    signedBy: name(row.signedBy),
    signedAt: row.signedAt?.toISOString() ?? null,
    amendsId: row.amendsId,
    amendReason: row.amendReason,
    amendedBy: name(row.amendedBy),
    approvedBy: name(row.approvedBy),
    approvedAt: row.approvedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function scoreNames(db: Db, rows: repo.ScoreRow[]) {
  const names = await displayNamesOf(
    db,
    rows.flatMap((r) => [r.signedBy, r.amendedBy, r.approvedBy]),
  );
  const examiners = new Map(
    (await repo.findInstructorsByIds(db, [...new Set(rows.map((r) => r.examinerId))])).map((i) => [i.id, i.name]),
  );
  return { names, examiners };
}

function toLearner(e: repo.EnrolmentRow, latest: repo.ScoreRow | undefined): PracticalLearner {
  return {
    enrolmentId: e.id,
    name: e.name,
    idNumberMasked: e.idNumberMasked,
    workplace: e.workplace,
    theoryResult: e.theoryResult as PracticalLearner['theoryResult'],
    practicalResult: e.practicalResult as PracticalLearner['practicalResult'],
    practicalScore: e.practicalScore,
    sheetStatus: (latest?.status as ScoreStatus | undefined) ?? null,
    hasCertificate: e.certificateId !== null,
  };
}

/** The latest row by version: the sheet's state (a pending amendment is newer than the signed one). */
function latestOf(rows: repo.ScoreRow[]): repo.ScoreRow | undefined {
  return rows.reduce<repo.ScoreRow | undefined>((a, r) => (!a || r.version > a.version ? r : a), undefined);
}

// ------------------------------------------------------------------------------------------------ the examiner

/** Classes where the caller is assigned as examiner (via their instructor row), newest first. */
export async function listExaminerClasses(db: Db, ctx: Ctx): Promise<ExaminerClassView[]> {
  const userId = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const instructor = userId ? await repo.findInstructorByUser(db, userId) : undefined;
  if (!instructor) {
    return [];
  }
  const rows = await repo.listExaminerClasses(db, instructor.id);
  const courses = new Map((await repo.listCourses(db)).map((c) => [c.id, c]));
  const units = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.org_id))])).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    classNo: r.class_no,
    title: r.title,
    courseName: courses.get(r.course_id)?.nameZh ?? '',
    unitName: units.get(r.org_id) ?? '',
    status: r.status,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    learners: Number(r.learners),
    signed: Number(r.signed),
    isTrainer: Boolean(r.is_trainer),
  }));
}

async function getClassRow(db: Db, id: string): Promise<repo.ClassRow> {
  const cls = await repo.findClassById(db, id);
  if (!cls) {
    throw new AppError('NOT_FOUND', { entity: 'training_class', id });
  }
  return cls;
}

/** A class's learners with their practical state, for its examiner. */
export async function viewExaminerClass(db: Db, ctx: Ctx, classId: string): Promise<ExaminerClassDetail> {
  const found = await getClassRow(db, classId);
  const { cls, course } = await asExaminer(db, ctx, found.regionId, found.id);
  const learners = await repo.listClassLearners(db, cls.regionId, cls.id);
  const scores = await repo.listScoresOfClass(db, cls.regionId, cls.id);
  const byEnrolment = new Map<string, repo.ScoreRow[]>();
  for (const s of scores) {
    byEnrolment.set(s.enrolmentId, [...(byEnrolment.get(s.enrolmentId) ?? []), s]);
  }
  const [view] = (await listExaminerClasses(db, ctx)).filter((c) => c.id === cls.id);
  return {
    cls: view,
    checklist: checklistOf(course),
    passPercent: course.practicalPassPercent,
    learners: learners.map((e) => toLearner(e, latestOf(byEnrolment.get(e.id) ?? []))),
  };
}

async function sheetOf(db: Db, c: ClassContext, e: repo.EnrolmentRow): Promise<PracticalSheet> {
  const rows = await repo.listScoresOfEnrolment(db, e.regionId, e.id);
  const { names, examiners } = await scoreNames(db, rows);
  const checklist = checklistOf(c.course);
  const view = (r: repo.ScoreRow) => toScoreView(r, checklist, names, examiners);
  const current = rows.find((r) => r.status === 'signed') ?? rows.find((r) => r.status === 'draft');
  const pending = rows.find((r) => r.status === 'amendment_pending');
  return {
    classId: c.cls.id,
    classTitle: c.cls.title,
    courseName: c.course.nameZh,
    learner: toLearner(e, latestOf(rows)),
    checklist,
    passPercent: c.course.practicalPassPercent,
    current: current ? view(current) : null,
    pending: pending ? view(pending) : null,
    versions: rows.map(view),
  };
}

/** One learner's score sheet (checklist, draft or signed result, versions), for the class's examiner. */
export async function viewSheet(db: Db, ctx: Ctx, enrolmentId: string): Promise<PracticalSheet> {
  const e = await getEnrolment(db, enrolmentId);
  const c = await asExaminer(db, ctx, e.regionId, e.classId);
  return sheetOf(db, c, e);
}

/**
 * Saves the examiner's draft (partial scores allowed). Throws RESULT_SIGNED once the result is signed (a change is
 * then an amendment), NOT_CLASS_EXAMINER / EXAMINER_IS_TRAINER for anyone but the class's examiner.
 */
export async function saveDraft(
  db: Db,
  ctx: Ctx,
  enrolmentId: string,
  items: PracticalItem[],
): Promise<PracticalSheet> {
  return writeScores(db, ctx, enrolmentId, items, false);
}

/**
 * Signs the final scores (every checklist item): the result is final, the enrolment's practical result is set, and
 * a pass issues the certificate when the theory exam (if any) is passed too.
 */
export async function signScores(
  db: Db,
  ctx: Ctx,
  enrolmentId: string,
  items: PracticalItem[],
): Promise<PracticalSheet> {
  return writeScores(db, ctx, enrolmentId, items, true);
}

async function writeScores(db: Db, ctx: Ctx, enrolmentId: string, items: PracticalItem[], sign: boolean) {
  const found = await getEnrolment(db, enrolmentId);
  return db.transaction(async (tx) => {
    const c = await asExaminer(tx, ctx, found.regionId, found.classId);
    const e = (await repo.lockEnrolment(tx, found.regionId, found.id))!;
    assertScorable(e);
    const graded = gradePractical(checklistOf(c.course), c.course.practicalPassPercent, items, sign);
    const rows = await repo.listScoresOfEnrolment(tx, e.regionId, e.id);
    if (rows.some((r) => r.status === 'signed' || r.status === 'amendment_pending')) {
      throw new AppError('RESULT_SIGNED', { enrolmentId });
    }
    const draft = rows.find((r) => r.status === 'draft');
    const userId = actorId(ctx.actor)!;
    const now = new Date();
    const fields = {
      items: graded.items,
      total: graded.total,
      maxTotal: graded.maxTotal,
      isPassed: graded.isPassed,
      examinerId: c.instructor.id,
      ...(sign ? { status: 'signed', signedBy: userId, signedAt: now } : { status: 'draft' }),
    };
    const row = draft
      ? await repo.updateScore(tx, e.regionId, draft.id, fields)
      : await repo.insertScore(tx, {
          regionId: e.regionId,
          id: crypto.randomUUID(),
          enrolmentId: e.id,
          classId: e.classId,
          version: (latestOf(rows)?.version ?? 0) + 1,
          ...fields,
        });
    await recordAudit(tx, ctx, {
      action: sign ? 'training_practical.signed' : 'training_practical.draft-saved',
      entityType: 'training_practical_score',
      entityId: row.id,
      orgId: c.cls.orgId,
      regionId: e.regionId,
      before: draft ? { items: draft.items, total: draft.total } : undefined,
      after: { enrolmentId: e.id, items: row.items, total: row.total, isPassed: row.isPassed, status: row.status },
    });
    if (sign) {
      await applyResult(tx, ctx, e, graded.isPassed, graded.total);
    }
    return sheetOf(tx, c, (await repo.findEnrolmentById(tx, e.id))!);
  });
}

/** Writes the practical result on the enrolment; a pass may issue the certificate, a fail revokes one issued before. */
async function applyResult(tx: Db, ctx: Ctx, e: repo.EnrolmentRow, isPassed: boolean, total: number): Promise<void> {
  await repo.updateEnrolment(tx, e, {
    practicalResult: isPassed ? 'passed' : 'failed',
    practicalScore: total,
    ...(isPassed ? {} : { status: 'failed' }),
  });
  if (isPassed) {
    if (e.status === 'failed' && e.practicalResult === 'failed') {
      await repo.updateEnrolment(tx, e, { status: 'enrolled' });
    }
    await issueCertificateIfComplete(tx, ctx, { regionId: e.regionId, enrolmentId: e.id });
    return;
  }
  if (e.certificateId) {
    const cert = await repo.lockCertificate(tx, e.regionId, e.certificateId);
    if (cert && cert.status === 'valid') {
      await revokeCertificateIn(tx, ctx, cert, {
        category: 'result_amended',
        reason: '实操考核成绩经复核更正为不合格',
      });
    }
    await repo.updateEnrolment(tx, e, { certificateId: null });
  }
}

// ------------------------------------------------------------------------------------------------ amendments

/**
 * Asks to change a signed result: a new version (amendment_pending) with a reason, waiting for a second authorised
 * user. Only the class's examiner may ask. Throws TRANSITION_NOT_ALLOWED before signing (edit the draft instead),
 * CONFLICT when an amendment is already pending.
 */
export async function requestAmendment(
  db: Db,
  ctx: Ctx,
  enrolmentId: string,
  input: RequestAmendment,
): Promise<PracticalSheet> {
  const found = await getEnrolment(db, enrolmentId);
  return db.transaction(async (tx) => {
    const c = await asExaminer(tx, ctx, found.regionId, found.classId);
    const e = (await repo.lockEnrolment(tx, found.regionId, found.id))!;
    const rows = await repo.listScoresOfEnrolment(tx, e.regionId, e.id);
    const signed = rows.find((r) => r.status === 'signed');
    if (!signed) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'amend', reason: 'the result is not signed yet' });
    }
    if (rows.some((r) => r.status === 'amendment_pending')) {
      throw new AppError('CONFLICT', { reason: 'an amendment is already waiting for review' });
    }
    const graded = gradePractical(checklistOf(c.course), c.course.practicalPassPercent, input.items, true);
    const row = await repo.insertScore(tx, {
      regionId: e.regionId,
      id: crypto.randomUUID(),
      enrolmentId: e.id,
      classId: e.classId,
      examinerId: c.instructor.id,
      items: graded.items,
      total: graded.total,
      maxTotal: graded.maxTotal,
      isPassed: graded.isPassed,
      status: 'amendment_pending',
      version: (latestOf(rows)?.version ?? 0) + 1,
      amendsId: signed.id,
      amendReason: input.reason,
      amendedBy: actorId(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'training_practical.amendment-requested',
      entityType: 'training_practical_score',
      entityId: row.id,
      orgId: c.cls.orgId,
      regionId: e.regionId,
      before: { id: signed.id, items: signed.items, total: signed.total, isPassed: signed.isPassed },
      after: { id: row.id, items: row.items, total: row.total, isPassed: row.isPassed },
      reason: input.reason,
    });
    return sheetOf(tx, c, e);
  });
}

/** Amendments waiting for review in the caller's units (training:certify). */
export async function listPendingAmendments(db: Db, ctx: Ctx): Promise<AmendmentView[]> {
  if (!hasPermission(ctx.actor, 'training:certify')) {
    throw new AppError('FORBIDDEN', { permission: 'training:certify' });
  }
  const rows = await repo.listPendingAmendments(
    db,
    orgs.orgScopeCondition(repo.classOrgColumn, ctx, 'training:certify'),
    200,
  );
  const befores = new Map<string, repo.ScoreRow>();
  for (const r of rows) {
    if (r.score.amendsId) {
      const b = await repo.findScoreById(db, r.score.amendsId);
      if (b) {
        befores.set(b.id, b);
      }
    }
  }
  const all = [...rows.map((r) => r.score), ...befores.values()];
  const { names, examiners } = await scoreNames(db, all);
  const courses = new Map((await repo.listCourses(db)).map((c) => [c.id, c]));
  return rows.map(({ score, cls, enrolment }) => {
    const checklist = checklistOf(courses.get(cls.courseId)!);
    const before = score.amendsId ? befores.get(score.amendsId) : undefined;
    return {
      id: score.id,
      classId: cls.id,
      classNo: cls.classNo,
      classTitle: cls.title,
      enrolmentId: enrolment.id,
      learnerName: enrolment.name,
      before: before ? toScoreView(before, checklist, names, examiners) : null,
      after: toScoreView(score, checklist, names, examiners),
      reason: score.amendReason ?? '',
      requestedBy: names.get(score.amendedBy ?? '') ?? score.amendedBy ?? '',
      requestedAt: score.createdAt.toISOString(),
    };
  });
}

/**
 * Approves or rejects an amendment: training:certify at the class's unit, and not the user who asked for it
 * (SAME_USER_APPROVAL). Approval supersedes the signed version, updates the enrolment's practical result and issues
 * or revokes (with reason) the certificate accordingly. Throws TRANSITION_NOT_ALLOWED when it is no longer pending.
 */
export async function decideAmendment(
  db: Db,
  ctx: Ctx,
  id: string,
  input: DecideAmendment,
): Promise<{ id: string; status: ScoreStatus }> {
  const found = await repo.findScoreById(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'training_practical_score', id });
  }
  return db.transaction(async (tx) => {
    const cls = (await repo.findClassInRegion(tx, found.regionId, found.classId))!;
    const org = await orgs.getOrg(tx, cls.orgId);
    assertCanAt(ctx.actor, 'training:certify', org.path);
    const e = (await repo.lockEnrolment(tx, found.regionId, found.enrolmentId))!;
    const rows = await repo.listScoresOfEnrolment(tx, e.regionId, e.id);
    const amendment = rows.find((r) => r.id === id)!;
    if (amendment.status !== 'amendment_pending') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { status: amendment.status, action: input.decision });
    }
    if (amendment.amendedBy === actorId(ctx.actor)) {
      throw new AppError('SAME_USER_APPROVAL');
    }
    const now = new Date();
    const userId = actorId(ctx.actor);
    if (input.decision === 'reject') {
      const after = await repo.updateScore(tx, e.regionId, id, {
        status: 'rejected',
        approvedBy: userId,
        approvedAt: now,
      });
      await recordAudit(tx, ctx, {
        action: 'training_practical.amendment-rejected',
        entityType: 'training_practical_score',
        entityId: id,
        orgId: cls.orgId,
        regionId: e.regionId,
        after: { status: after.status },
        reason: input.note,
      });
      return { id, status: 'rejected' as const };
    }
    const old = rows.find((r) => r.id === amendment.amendsId);
    if (old) {
      await repo.updateScore(tx, e.regionId, old.id, { status: 'superseded' });
    }
    const after = await repo.updateScore(tx, e.regionId, id, {
      status: 'signed',
      signedBy: amendment.amendedBy,
      signedAt: now,
      approvedBy: userId,
      approvedAt: now,
    });
    await recordAudit(tx, ctx, {
      action: 'training_practical.amendment-approved',
      entityType: 'training_practical_score',
      entityId: id,
      orgId: cls.orgId,
      regionId: e.regionId,
      before: old ? { id: old.id, total: old.total, isPassed: old.isPassed } : undefined,
      after: { id: after.id, total: after.total, isPassed: after.isPassed, status: after.status },
      reason: input.note,
    });
    await applyResult(tx, ctx, e, after.isPassed, after.total);
    return { id, status: 'signed' as const };
  });
}
