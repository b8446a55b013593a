// Courses (syllabus units, lessons, blueprint, checklist), training bases, instructors and their qualifications.
// Every change is one transaction with its audit row; courses are changed by training:manage at the course's unit
// (the province for the seeded ones), bases and instructors at their unit or above.
import crypto from 'node:crypto';
import { and, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { addDays, toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { validateIdNumber } from '../../platform/identity/id-number';
import { maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { actorId, actorLabel, assertCanAt, hasPermission } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as repo from './training-catalogue.repo';
import type {
  AddQualification,
  BaseView,
  BlueprintRow,
  ChecklistItem,
  CourseKind,
  CourseView,
  CreateBase,
  CreateInstructor,
  CreateLesson,
  InstructorView,
  LessonView,
  QualificationKind,
  SyllabusUnit,
  UpdateBase,
  UpdateCourse,
  UpdateInstructor,
  UpdateLesson,
} from './training-catalogue.schemas';
import { defaultBlueprint, defaultChecklist, defaultCourses, defaultUnits } from './training-catalogue-seed';
import { sanitizeLessonHtml } from './training-html';

export type { BaseRow, CourseRow, InstructorRow, LessonRow } from './training-catalogue.repo';

export const whoIs = (ctx: Ctx) => actorId(ctx.actor) ?? actorLabel(ctx.actor);

// ------------------------------------------------------------------------------------------------ seed

/**
 * Seeds the default courses (普及培训, 救护员培训, 复训, 师资培训) with their lessons for every install; idempotent. The
 * courses belong to the first root unit (the province); before any unit exists there is nothing to seed yet, and the
 * next call (every start, and the first read of the catalogue) seeds them.
 */
export async function ensureCourseCatalogue(db: Db): Promise<void> {
  const rootId = await repo.findRootOrgId(db);
  if (rootId === undefined) {
    return;
  }
  await db.transaction(async (tx) => {
    const created = await repo.insertMissingCourses(
      tx,
      defaultCourses.map((c) => {
        const exams = c.hasTheoryExam;
        return {
          code: c.code,
          kind: c.kind,
          nameZh: c.nameZh,
          nameEn: c.nameEn,
          description: c.description,
          orgId: rootId,
          onlineHours: c.onlineHours,
          offlineHours: c.offlineHours,
          units: defaultUnits,
          blueprint: exams ? defaultBlueprint : [],
          theoryMinutes: 60,
          theoryPassPercent: 80,
          maxAttempts: 3,
          checklist: c.hasPracticalExam ? defaultChecklist : [],
          practicalPassPercent: 80,
          hasTheoryExam: c.hasTheoryExam,
          hasPracticalExam: c.hasPracticalExam,
          certificateYears: c.certificateYears,
          certificateTitle: c.certificateTitle,
          updatedBy: 'system:seed',
        };
      }),
    );
    for (const course of created) {
      const seed = defaultCourses.find((c) => c.code === course.code)!;
      await repo.insertLessons(
        tx,
        seed.lessons.map((l, i) => ({
          id: crypto.randomUUID(),
          courseId: course.id,
          unitCode: l.unitCode,
          mode: l.mode,
          title: l.title,
          body: sanitizeLessonHtml(l.body),
          minMinutes: l.minMinutes,
          sortOrder: (i + 1) * 10,
          updatedBy: 'system:seed',
        })),
      );
    }
  });
}

// ------------------------------------------------------------------------------------------------ courses

export function blueprintPoints(blueprint: BlueprintRow[]): number {
  return blueprint.reduce((s, r) => s + r.count * r.points, 0);
}

export function toCourseView(row: repo.CourseRow, lessonCount = 0): CourseView {
  const blueprint = row.blueprint as BlueprintRow[];
  return {
    id: row.id,
    code: row.code,
    kind: row.kind as CourseKind,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    description: row.description,
    orgId: row.orgId,
    onlineHours: row.onlineHours,
    offlineHours: row.offlineHours,
    units: row.units as SyllabusUnit[],
    blueprint,
    blueprintPoints: blueprintPoints(blueprint),
    theoryMinutes: row.theoryMinutes,
    theoryPassPercent: row.theoryPassPercent,
    maxAttempts: row.maxAttempts,
    checklist: row.checklist as ChecklistItem[],
    practicalPassPercent: row.practicalPassPercent,
    hasTheoryExam: row.hasTheoryExam,
    hasPracticalExam: row.hasPracticalExam,
    certificateYears: row.certificateYears,
    certificateTitle: row.certificateTitle,
    isActive: row.isActive,
    lessonCount,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getCourse(db: Db, id: number): Promise<repo.CourseRow> {
  const row = await repo.findCourse(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'training_course', id });
  }
  return row;
}

export const findCoursesByIds = repo.findCoursesByIds;
export const findCourseByCode = repo.findCourseByCode;

/** The courses (seeding the defaults first if a unit now exists and they are missing). */
export async function listCourses(db: Db): Promise<CourseView[]> {
  let rows = await repo.listCourses(db);
  if (rows.length === 0) {
    await ensureCourseCatalogue(db);
    rows = await repo.listCourses(db);
  }
  const views: CourseView[] = [];
  for (const row of rows) {
    const lessons = await repo.listLessons(db, row.id);
    views.push(toCourseView(row, lessons.filter((l) => l.isActive).length));
  }
  return views;
}

export async function viewCourse(db: Db, id: number): Promise<CourseView> {
  const row = await getCourse(db, id);
  const lessons = await repo.listLessons(db, id);
  return toCourseView(row, lessons.filter((l) => l.isActive).length);
}

function invalid(field: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });
}

/** Checks a course's settings as they would be after the patch (VALIDATION_FAILED naming the field). */
function checkCourse(after: repo.CourseRow): void {
  const units = after.units as SyllabusUnit[];
  const unitCodes = new Set(units.map((u) => u.code));
  if (unitCodes.size !== units.length) {
    invalid('units', 'unit codes must be unique');
  }
  const blueprint = after.blueprint as BlueprintRow[];
  if (after.hasTheoryExam && blueprintPoints(blueprint) <= 0) {
    invalid('blueprint', 'the theory paper must be worth more than 0 points');
  }
  for (const row of blueprint) {
    if (row.unitCode !== null && !unitCodes.has(row.unitCode)) {
      invalid('blueprint', `unknown unit: ${row.unitCode}`);
    }
  }
  const checklist = after.checklist as ChecklistItem[];
  if (new Set(checklist.map((i) => i.key)).size !== checklist.length) {
    invalid('checklist', 'checklist keys must be unique');
  }
  if (after.hasPracticalExam && checklist.length === 0) {
    invalid('checklist', 'a practical exam needs checklist items');
  }
  if ((after.certificateYears === null) !== (after.certificateTitle === null)) {
    invalid('certificateTitle', 'a certificate needs both its title and its validity in years');
  }
}

export async function updateCourse(db: Db, ctx: Ctx, id: number, patch: UpdateCourse): Promise<CourseView> {
  const current = await getCourse(db, id);
  const org = await orgs.getOrg(db, current.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  checkCourse({ ...current, ...patch });
  await db.transaction(async (tx) => {
    const before = (await repo.lockCourse(tx, id))!;
    const after = await repo.updateCourse(tx, id, { ...patch, updatedBy: whoIs(ctx) });
    await recordAudit(tx, ctx, {
      action: 'training_course.updated',
      entityType: 'training_course',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: toCourseView(before),
      after: toCourseView(after),
    });
  });
  return viewCourse(db, id);
}

// ------------------------------------------------------------------------------------------------ lessons

export function toLessonView(row: repo.LessonRow): LessonView {
  return {
    id: row.id,
    courseId: row.courseId,
    unitCode: row.unitCode,
    mode: row.mode as LessonView['mode'],
    title: row.title,
    body: row.body,
    videoUrl: row.videoUrl,
    imageFileIds: row.imageFileIds as string[],
    minMinutes: row.minMinutes,
    isRequired: row.isRequired,
    sortOrder: row.sortOrder,
    isActive: row.isActive,
  };
}

/** The lessons of a course in order (with inactive ones for staff; the study pages filter them). */
export async function listLessonRows(db: Db, courseId: number): Promise<repo.LessonRow[]> {
  return repo.listLessons(db, courseId);
}

export async function listLessons(db: Db, courseId: number): Promise<LessonView[]> {
  await getCourse(db, courseId);
  return (await repo.listLessons(db, courseId)).map(toLessonView);
}

async function manageCourse(db: Db, ctx: Ctx, courseId: number) {
  const course = await getCourse(db, courseId);
  const org = await orgs.getOrg(db, course.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  return { course, org };
}

function checkUnit(course: repo.CourseRow, unitCode: string): void {
  if (!(course.units as SyllabusUnit[]).some((u) => u.code === unitCode)) {
    invalid('unitCode', `unknown unit: ${unitCode}`);
  }
}

export async function createLesson(db: Db, ctx: Ctx, courseId: number, input: CreateLesson): Promise<LessonView> {
  const { course, org } = await manageCourse(db, ctx, courseId);
  checkUnit(course, input.unitCode);
  const lessons = await repo.listLessons(db, courseId);
  return db.transaction(async (tx) => {
    const [row] = await repo.insertLessons(tx, [
      {
        id: crypto.randomUUID(),
        courseId,
        unitCode: input.unitCode,
        mode: input.mode,
        title: input.title,
        body: sanitizeLessonHtml(input.body),
        videoUrl: input.videoUrl,
        imageFileIds: input.imageFileIds,
        minMinutes: input.minMinutes,
        isRequired: input.isRequired,
        sortOrder: Math.max(0, ...lessons.map((l) => l.sortOrder)) + 10,
        updatedBy: whoIs(ctx),
      },
    ]);
    await recordAudit(tx, ctx, {
      action: 'training_lesson.created',
      entityType: 'training_lesson',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: { ...toLessonView(row), body: undefined },
    });
    return toLessonView(row);
  });
}

export async function updateLesson(db: Db, ctx: Ctx, id: string, patch: UpdateLesson): Promise<LessonView> {
  const lesson = await repo.findLesson(db, id);
  if (!lesson) {
    throw new AppError('NOT_FOUND', { entity: 'training_lesson', id });
  }
  const { course, org } = await manageCourse(db, ctx, lesson.courseId);
  if (patch.unitCode !== undefined) {
    checkUnit(course, patch.unitCode);
  }
  return db.transaction(async (tx) => {
    const row = await repo.updateLesson(tx, id, {
      ...patch,
      ...(patch.body !== undefined ? { body: sanitizeLessonHtml(patch.body) } : {}),
      updatedBy: whoIs(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'training_lesson.updated',
      entityType: 'training_lesson',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: { ...toLessonView(lesson), body: undefined },
      after: { ...toLessonView(row), body: undefined },
    });
    return toLessonView(row);
  });
}

/** Puts the course's lessons in the given order (every lesson of the course, each once). */
export async function reorderLessons(db: Db, ctx: Ctx, courseId: number, ids: string[]): Promise<LessonView[]> {
  const { org } = await manageCourse(db, ctx, courseId);
  const lessons = await repo.listLessons(db, courseId);
  const known = new Set(lessons.map((l) => l.id));
  if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((i) => !known.has(i))) {
    invalid('ids', 'list every lesson of the course exactly once');
  }
  await db.transaction(async (tx) => {
    for (const [i, id] of ids.entries()) {
      await repo.updateLesson(tx, id, { sortOrder: (i + 1) * 10, updatedBy: whoIs(ctx) });
    }
    await recordAudit(tx, ctx, {
      action: 'training_lesson.reordered',
      entityType: 'training_course',
      entityId: courseId,
      orgId: org.id,
      regionId: org.regionId,
      after: { ids },
    });
  });
  return listLessons(db, courseId);
}

// ------------------------------------------------------------------------------------------------ bases

function toBaseView(row: repo.BaseRow, orgName: string): BaseView {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName,
    name: row.name,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    capacity: row.capacity,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    equipment: row.equipment as string[],
    isActive: row.isActive,
  };
}

async function orgNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  return new Map((await orgs.findOrgsByIds(db, [...new Set(ids)])).map((o) => [o.id, o.name]));
}

export async function getBase(db: Db, id: number): Promise<repo.BaseRow> {
  const row = await repo.findBase(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'training_base', id });
  }
  return row;
}

/** Bases in the caller's training:view scope (or under one unit of it). */
export async function listBases(db: Db, ctx: Ctx, q: { orgId?: number }): Promise<BaseView[]> {
  const scope = await scopeUnder(db, ctx, repo.columns.base.orgId, q.orgId);
  const rows = await repo.listBases(db, scope);
  const names = await orgNames(
    db,
    rows.map((r) => r.orgId),
  );
  return rows.map((r) => toBaseView(r, names.get(r.orgId) ?? ''));
}

/** The scope condition on an org column: the actor's training:view subtrees, narrowed to `orgId`'s subtree. */
export async function scopeUnder(db: Db, ctx: Ctx, column: SQLWrapper, orgId?: number): Promise<SQL> {
  const scope = orgs.orgScopeCondition(column, ctx, 'training:view');
  if (orgId === undefined) {
    return scope;
  }
  const org = await orgs.getOrg(db, orgId);
  return and(scope, orgs.orgUnderCondition(column, org.path))!;
}

export async function createBase(db: Db, ctx: Ctx, input: CreateBase): Promise<BaseView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  return db.transaction(async (tx) => {
    const row = await repo.insertBase(tx, input);
    await recordAudit(tx, ctx, {
      action: 'training_base.created',
      entityType: 'training_base',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: toBaseView(row, org.name),
    });
    return toBaseView(row, org.name);
  });
}

export async function updateBase(db: Db, ctx: Ctx, id: number, patch: UpdateBase): Promise<BaseView> {
  const before = await getBase(db, id);
  const org = await orgs.getOrg(db, before.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  return db.transaction(async (tx) => {
    const row = await repo.updateBase(tx, id, patch);
    await recordAudit(tx, ctx, {
      action: 'training_base.updated',
      entityType: 'training_base',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: toBaseView(before, org.name),
      after: toBaseView(row, org.name),
    });
    return toBaseView(row, org.name);
  });
}

// ------------------------------------------------------------------------------------------------ instructors

function toQualificationView(q: repo.QualificationRow, today: string) {
  const soon = addDays(today, 90);
  return {
    id: q.id,
    kind: q.kind as QualificationKind,
    grade: q.grade,
    certificateNo: q.certificateNo,
    issuedOn: q.issuedOn,
    validUntil: q.validUntil,
    isExpired: q.validUntil < today,
    expiresSoon: q.validUntil >= today && q.validUntil <= soon,
  };
}

export { addDays };

async function toInstructorViews(db: Db, rows: repo.InstructorRow[]): Promise<InstructorView[]> {
  const today = toChinaDate();
  const [quals, names, users] = await Promise.all([
    repo.qualificationsOf(
      db,
      rows.map((r) => r.id),
    ),
    orgNames(
      db,
      rows.map((r) => r.orgId),
    ),
    repo.usernamesOf(db, [...new Set(rows.map((r) => r.userId).filter((u): u is string => u !== null))]),
  ]);
  return rows.map((r) => {
    const qualifications = quals.filter((q) => q.instructorId === r.id).map((q) => toQualificationView(q, today));
    return {
      id: r.id,
      orgId: r.orgId,
      orgName: names.get(r.orgId) ?? '',
      personId: r.personId,
      name: r.name,
      phoneMasked: r.phoneMasked,
      userId: r.userId,
      username: r.userId ? (users.get(r.userId) ?? null) : null,
      isActive: r.isActive,
      qualifications,
      expiresSoon: qualifications.some((q) => q.expiresSoon),
    };
  });
}

export async function getInstructor(db: Db, id: string): Promise<repo.InstructorRow> {
  const row = await repo.findInstructor(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'training_instructor', id });
  }
  return row;
}

export const findInstructorsByIds = repo.findInstructorsByIds;
export const findInstructorByUser = repo.findInstructorByUser;
export const hasValidQualification = repo.hasValidQualification;

export async function viewInstructor(db: Db, id: string): Promise<InstructorView> {
  return (await toInstructorViews(db, [await getInstructor(db, id)]))[0];
}

export async function listInstructors(db: Db, ctx: Ctx, q: { orgId?: number }): Promise<InstructorView[]> {
  const scope = await scopeUnder(db, ctx, repo.columns.instructor.orgId, q.orgId);
  return toInstructorViews(db, await repo.listInstructors(db, scope));
}

async function resolveUser(db: Db, username: string | null): Promise<string | null> {
  if (username === null) {
    return null;
  }
  const user = await repo.findStaffUser(db, username);
  if (!user) {
    throw new AppError('NOT_FOUND', { entity: 'user', username });
  }
  return user.id;
}

/** Registers a trainer/examiner: the person is found by ID number or registered at the unit. CONFLICT when listed. */
export async function createInstructor(db: Db, ctx: Ctx, input: CreateInstructor): Promise<InstructorView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  const id = validateIdNumber(input.idNumber.toUpperCase());
  if (!id.ok) {
    throw new AppError('INVALID_ID_NUMBER', { field: 'idNumber', reason: id.reason });
  }
  const phone = normalizePhone(input.phone);
  if (!phone.ok) {
    throw new AppError('INVALID_PHONE', { field: 'phone' });
  }
  const userId = await resolveUser(db, input.username);
  const created = await db.transaction(async (tx) => {
    const { person } = await people.findOrRegisterPerson(tx, ctx, {
      orgId: org.id,
      name: input.name,
      idNumber: id.value,
      phone: phone.value,
    });
    if (await repo.findInstructorByPerson(tx, person.regionId, person.id)) {
      throw new AppError('CONFLICT', { entity: 'training_instructor', reason: 'this person is already an instructor' });
    }
    if (userId && (await repo.findInstructorByUser(tx, userId))) {
      throw new AppError('CONFLICT', {
        entity: 'training_instructor',
        reason: 'this account already acts as an instructor',
      });
    }
    const row = await repo.insertInstructor(tx, {
      id: crypto.randomUUID(),
      orgId: org.id,
      personId: person.id,
      personRegionId: person.regionId,
      name: input.name,
      phoneMasked: maskPhone(phone.value),
      userId,
    });
    await recordAudit(tx, ctx, {
      action: 'training_instructor.created',
      entityType: 'training_instructor',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: { name: row.name, orgId: org.id, userId },
    });
    return row;
  });
  return viewInstructor(db, created.id);
}

export async function updateInstructor(db: Db, ctx: Ctx, id: string, patch: UpdateInstructor): Promise<InstructorView> {
  const before = await getInstructor(db, id);
  const org = await orgs.getOrg(db, before.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  const userId = patch.username === undefined ? undefined : await resolveUser(db, patch.username);
  await db.transaction(async (tx) => {
    if (userId) {
      const other = await repo.findInstructorByUser(tx, userId);
      if (other && other.id !== id) {
        throw new AppError('CONFLICT', {
          entity: 'training_instructor',
          reason: 'this account already acts as an instructor',
        });
      }
    }
    const row = await repo.updateInstructor(tx, id, {
      ...(userId !== undefined ? { userId } : {}),
      ...(patch.isActive !== undefined ? { isActive: patch.isActive } : {}),
    });
    await recordAudit(tx, ctx, {
      action: 'training_instructor.updated',
      entityType: 'training_instructor',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: { userId: before.userId, isActive: before.isActive },
      after: { userId: row.userId, isActive: row.isActive },
    });
  });
  return viewInstructor(db, id);
}

export async function addQualification(
  db: Db,
  ctx: Ctx,
  instructorId: string,
  input: AddQualification,
): Promise<InstructorView> {
  const instructor = await getInstructor(db, instructorId);
  const org = await orgs.getOrg(db, instructor.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  await db.transaction(async (tx) => {
    const row = await repo.insertQualification(tx, { id: crypto.randomUUID(), instructorId, ...input });
    await recordAudit(tx, ctx, {
      action: 'training_qualification.added',
      entityType: 'training_instructor',
      entityId: instructorId,
      orgId: org.id,
      regionId: org.regionId,
      after: { ...input, qualificationId: row.id },
    });
  });
  return viewInstructor(db, instructorId);
}

export async function removeQualification(
  db: Db,
  ctx: Ctx,
  instructorId: string,
  qualificationId: string,
): Promise<InstructorView> {
  const instructor = await getInstructor(db, instructorId);
  const org = await orgs.getOrg(db, instructor.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  const q = await repo.findQualification(db, qualificationId);
  if (!q || q.instructorId !== instructorId) {
    throw new AppError('NOT_FOUND', { entity: 'training_qualification', id: qualificationId });
  }
  await db.transaction(async (tx) => {
    await repo.deleteQualification(tx, qualificationId);
    await recordAudit(tx, ctx, {
      action: 'training_qualification.removed',
      entityType: 'training_instructor',
      entityId: instructorId,
      orgId: org.id,
      regionId: org.regionId,
      before: { kind: q.kind, grade: q.grade, validUntil: q.validUntil },
    });
  });
  return viewInstructor(db, instructorId);
}

/** True when the caller may view training at some unit (any grant holding training:view). */
export const seesTraining = (ctx: Ctx) => hasPermission(ctx.actor, 'training:view');
