// Training classes: scheduling (open or order-based, at a base or on site), trainers and examiners (培考分离),
// sessions with QR check-in, enrolment by staff, Excel list, the class QR page and the service hall, with a waitlist
// kept under a row lock on the class so a class never holds more learners than its capacity; the roster; the
// learner's own enrolments; awareness sessions (普及培训). Every change is one transaction with its audit row.
import crypto from 'node:crypto';
import { and, eq, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhone, getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import { attachFiles } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { validateIdNumber } from '../../platform/identity/id-number';
import { maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import type { ImportView } from '../../platform/imports/imports.schemas';
import * as imports from '../../platform/imports/imports.service';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { assertCanAt, canAt, hasPermission } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as catalogue from './training-catalogue';
import type { CourseRow } from './training-catalogue.repo';
import * as repo from './training-classes.repo';
import type {
  AssignStaff,
  AwarenessListQuery,
  AwarenessView,
  CheckinResult,
  ClassKind,
  ClassListQuery,
  ClassStatus,
  ClassSummary,
  ClassTransition,
  ClassView,
  CreateAwareness,
  CreateClass,
  CreateSession,
  EnrolByStaff,
  EnrolmentSource,
  EnrolmentStatus,
  EnrolResult,
  MarkAttendance,
  MyEnrolment,
  PublicClass,
  PublicEnrol,
  RosterEntry,
  UpdateClass,
  VenueKind,
} from './training-classes.schemas';
import { followInHall, hallSignup, openHallRequest } from './training-hall';

export type { ClassRow, EnrolmentRow, SessionRow } from './training-classes.repo';

const whoIs = catalogue.whoIs;

/** An enrolment with its class, course and the class's unit, as B (study, exams) and C (certificates) use it. */
export type OwnEnrolment = {
  enrolment: repo.EnrolmentRow;
  cls: repo.ClassRow;
  course: CourseRow;
  org: orgs.OrgRow;
};

/**
 * The enrolment if the caller owns it (a signed-in learner whose account phone is the enrolment's) or may see it
 * (staff with training:view over the class's unit; the system actor); NOT_FOUND otherwise (no hint it exists).
 */
export async function loadOwnEnrolment(db: Db, ctx: Ctx, enrolmentId: string): Promise<OwnEnrolment> {
  const notFound = () => new AppError('NOT_FOUND', { entity: 'training_enrolment', id: enrolmentId });
  const enrolment = await repo.findEnrolmentById(db, enrolmentId);
  if (!enrolment) {
    throw notFound();
  }
  const org = await orgs.getOrg(db, enrolment.orgId);
  if (ctx.actor.kind === 'public') {
    if (enrolment.phoneHash !== (await getPublicPhoneHash(db, ctx))) {
      throw notFound();
    }
  } else if (ctx.actor.kind !== 'system' && !canAt(ctx.actor, 'training:view', org.path)) {
    throw notFound();
  } else if (ctx.actor.kind === 'staff' && !hasPermission(ctx.actor, 'training:view')) {
    throw notFound();
  }
  const cls = await repo.findClassInRegion(db, enrolment.regionId, enrolment.classId);
  if (!cls) {
    throw notFound();
  }
  const course = await catalogue.getCourse(db, cls.courseId);
  return { enrolment, cls, course, org };
}

/** The class row (by id alone, through its id index), or NOT_FOUND. */
export async function getClass(db: Db, id: string): Promise<repo.ClassRow> {
  const row = await repo.findClassById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'training_class', id });
  }
  return row;
}

/** The class's trainers and examiners (B checks the examiner; 培考分离). */
export async function listClassStaffRows(db: Db, cls: repo.ClassRow) {
  return repo.listClassStaff(db, cls.regionId, cls.id);
}

export const listEnrolmentRows = repo.listEnrolments;
export const updateEnrolmentRow = repo.updateEnrolment;
export const lockEnrolmentRow = repo.lockEnrolment;

// ------------------------------------------------------------------------------------------------ helpers

function invalid(field: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });
}

const randomToken = () => crypto.randomBytes(16).toString('base64url');

function newClassNo(now = new Date()): string {
  const day = toChinaDate(now).replace(/-/g, '');
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let tail = '';
  for (const b of crypto.randomBytes(5)) {
    tail += alphabet[b % 32];
  }
  return `PX${day}${tail}`;
}

async function classScope(db: Db, ctx: Ctx, cls: repo.ClassRow, permission: 'training:view' | 'training:manage') {
  const org = await orgs.getOrg(db, cls.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return org;
}

function venueOf(cls: repo.ClassRow, base: catalogue.BaseRow | undefined): string {
  return base ? `${base.name}(${base.address})` : (cls.siteAddress ?? '');
}

function isEnrolling(cls: repo.ClassRow, now = new Date()): boolean {
  return cls.status === 'open' && (cls.enrolClosesAt === null || cls.enrolClosesAt > now);
}

function assertEnrolling(cls: repo.ClassRow): void {
  if (!isEnrolling(cls)) {
    throw new AppError('ENROLMENT_CLOSED', { status: cls.status, closesAt: cls.enrolClosesAt?.toISOString() ?? null });
  }
}

async function toSummaries(db: Db, rows: repo.ClassRow[], locale: 'zh' | 'en'): Promise<ClassSummary[]> {
  const [courses, units, bases] = await Promise.all([
    repo.courseNamesOf(db, [...new Set(rows.map((r) => r.courseId))]),
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
    Promise.all(
      [...new Set(rows.map((r) => r.baseId).filter((b): b is number => b !== null))].map((id) =>
        catalogue.getBase(db, id),
      ),
    ),
  ]);
  const courseOf = new Map(courses.map((c) => [c.id, locale === 'en' ? c.nameEn : c.nameZh]));
  const orgOf = new Map(units.map((o) => [o.id, o.name]));
  const baseOf = new Map(bases.map((b) => [b.id, b]));
  return rows.map((r) => {
    const base = r.baseId !== null ? baseOf.get(r.baseId) : undefined;
    return {
      id: r.id,
      classNo: r.classNo,
      title: r.title,
      kind: r.kind as ClassKind,
      status: r.status as ClassStatus,
      courseId: r.courseId,
      courseName: courseOf.get(r.courseId) ?? '',
      orgId: r.orgId,
      orgName: orgOf.get(r.orgId) ?? '',
      orderOrgName: r.orderOrgName,
      baseId: r.baseId,
      baseName: base?.name ?? null,
      venue: venueOf(r, base),
      capacity: r.capacity,
      enrolledCount: r.enrolledCount,
      waitlistCount: r.waitlistCount,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      enrolClosesAt: r.enrolClosesAt?.toISOString() ?? null,
    };
  });
}

export const classPublicPath = (token: string) => `/training/classes/${token}`;
export const checkinPath = (token: string) => `/training/checkin/${token}`;

async function toClassView(db: Db, cls: repo.ClassRow, locale: 'zh' | 'en'): Promise<ClassView> {
  const [summary] = await toSummaries(db, [cls], locale);
  const course = await catalogue.getCourse(db, cls.courseId);
  const [staff, sessions] = await Promise.all([
    repo.listClassStaff(db, cls.regionId, cls.id),
    repo.listSessions(db, cls.regionId, cls.id),
  ]);
  const instructors = new Map(
    (await catalogue.findInstructorsByIds(db, [...new Set(staff.map((s) => s.instructorId))])).map((i) => [i.id, i]),
  );
  const attendance = await repo.attendanceOfSessions(
    db,
    cls.regionId,
    sessions.map((s) => s.id),
  );
  return {
    ...summary,
    courseCode: course.code,
    courseKind: course.kind,
    orderContactName: cls.orderContactName,
    orderContactPhoneMasked: cls.orderContactPhoneMasked,
    siteAddress: cls.siteAddress,
    theoryOpensAt: cls.theoryOpensAt?.toISOString() ?? null,
    theoryClosesAt: cls.theoryClosesAt?.toISOString() ?? null,
    publicUrl: classPublicPath(cls.publicToken),
    staff: staff.map((s) => ({
      instructorId: s.instructorId,
      name: instructors.get(s.instructorId)?.name ?? '',
      role: s.role as 'trainer' | 'examiner',
      userId: instructors.get(s.instructorId)?.userId ?? null,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      seq: s.seq,
      title: s.title,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      checkinUrl: checkinPath(s.checkinToken),
      presentCount: attendance.filter((a) => a.sessionId === s.id).length,
    })),
    createdAt: cls.createdAt.toISOString(),
  };
}

// ------------------------------------------------------------------------------------------------ classes

type ClassShape = {
  kind: ClassKind;
  orderOrgName: string | null;
  orderContactName: string | null;
  orderContactPhone?: string | null;
  baseId: number | null;
  siteAddress: string | null;
  capacity: number;
  startsOn: string;
  endsOn: string;
  enrolClosesAt: string | Date | null;
  theoryOpensAt: string | Date | null;
  theoryClosesAt: string | Date | null;
};

/** Checks a class as it would be: venue, capacity against the base, dates, the order's organisation. */
async function checkClass(db: Db, ctx: Ctx, c: ClassShape, enrolledCount = 0): Promise<catalogue.BaseRow | undefined> {
  if (c.kind === 'order' && (!c.orderOrgName || !c.orderContactName)) {
    invalid('orderOrgName', 'an order-based class names the ordering organisation and its contact');
  }
  if ((c.baseId === null) === (c.siteAddress === null)) {
    invalid('baseId', 'a class is held either at a training base or at an on-site address');
  }
  let base: catalogue.BaseRow | undefined;
  if (c.baseId !== null) {
    base = await catalogue.getBase(db, c.baseId);
    const baseOrg = await orgs.getOrg(db, base.orgId);
    if (!base.isActive || !canAt(ctx.actor, 'training:view', baseOrg.path)) {
      invalid('baseId', 'the base is inactive or outside your scope');
    }
    if (c.capacity > base.capacity) {
      invalid('capacity', `the base seats at most ${base.capacity}`);
    }
  }
  if (c.capacity < enrolledCount) {
    invalid('capacity', `${enrolledCount} learners are already enrolled`);
  }
  if (c.endsOn < c.startsOn) {
    invalid('endsOn', 'the class ends before it starts');
  }
  const opens = c.theoryOpensAt ? new Date(c.theoryOpensAt) : null;
  const closes = c.theoryClosesAt ? new Date(c.theoryClosesAt) : null;
  if (opens && closes && closes <= opens) {
    invalid('theoryClosesAt', 'the theory window closes before it opens');
  }
  return base;
}

export async function createClass(db: Db, ctx: Ctx, input: CreateClass): Promise<ClassView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  const course = await catalogue.getCourse(db, input.courseId);
  if (!course.isActive) {
    invalid('courseId', 'the course is not offered now');
  }
  let contactPhone: string | null = null;
  if (input.kind === 'order' && input.orderContactPhone) {
    const p = normalizePhone(input.orderContactPhone);
    if (!p.ok) {
      throw new AppError('INVALID_PHONE', { field: 'orderContactPhone' });
    }
    contactPhone = maskPhone(p.value);
  }
  await checkClass(db, ctx, input);
  const order = input.kind === 'order';
  const created = await db.transaction(async (tx) => {
    const row = await repo.insertClass(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      classNo: newClassNo(),
      courseId: course.id,
      orgId: org.id,
      title: input.title,
      kind: input.kind,
      orderOrgName: order ? input.orderOrgName : null,
      orderContactName: order ? input.orderContactName : null,
      orderContactPhoneMasked: order ? contactPhone : null,
      baseId: input.baseId,
      siteAddress: input.siteAddress,
      capacity: input.capacity,
      status: 'draft',
      enrolClosesAt: input.enrolClosesAt ? new Date(input.enrolClosesAt) : null,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      theoryOpensAt: input.theoryOpensAt ? new Date(input.theoryOpensAt) : null,
      theoryClosesAt: input.theoryClosesAt ? new Date(input.theoryClosesAt) : null,
      publicToken: randomToken(),
      createdBy: whoIs(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'training_class.created',
      entityType: 'training_class',
      entityId: row.id,
      orgId: org.id,
      regionId: row.regionId,
      after: { ...row, publicToken: undefined },
    });
    return row;
  });
  return toClassView(db, created, ctx.locale);
}

export async function viewClass(db: Db, ctx: Ctx, id: string): Promise<ClassView> {
  const cls = await getClass(db, id);
  await classScope(db, ctx, cls, 'training:view');
  return toClassView(db, cls, ctx.locale);
}

export async function listClasses(db: Db, ctx: Ctx, q: ClassListQuery) {
  const c = repo.columns.cls;
  const conds: SQL[] = [await catalogue.scopeUnder(db, ctx, c.orgId, q.orgId)];
  if (q.status) {
    conds.push(eq(c.status, q.status));
  }
  if (q.kind) {
    conds.push(eq(c.kind, q.kind));
  }
  if (q.courseId) {
    conds.push(eq(c.courseId, q.courseId));
  }
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`;
    conds.push(or(ilike(c.title, like), ilike(c.classNo, like), ilike(c.orderOrgName, like))!);
  }
  const { rows, total } = await repo.listClasses(db, and(...conds)!, q);
  return { items: await toSummaries(db, rows, ctx.locale), total };
}

/** Runs `work` on the locked class (training:manage over its unit), then answers the class view. */
async function withClass(
  db: Db,
  ctx: Ctx,
  id: string,
  work: (tx: Db, cls: repo.ClassRow, org: orgs.OrgRow) => Promise<unknown>,
): Promise<ClassView> {
  const found = await getClass(db, id);
  const org = await classScope(db, ctx, found, 'training:manage');
  await db.transaction(async (tx) => {
    const cls = (await repo.lockClass(tx, found.regionId, id))!;
    await work(tx, cls, org);
  });
  return toClassView(db, await getClass(db, id), ctx.locale);
}

export async function updateClass(db: Db, ctx: Ctx, id: string, patch: UpdateClass): Promise<ClassView> {
  return withClass(db, ctx, id, async (tx, cls, org) => {
    if (cls.status === 'finished' || cls.status === 'cancelled') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'update', status: cls.status });
    }
    let contactPhone: string | null | undefined;
    if (patch.orderContactPhone !== undefined) {
      const p = patch.orderContactPhone ? normalizePhone(patch.orderContactPhone) : null;
      if (p && !p.ok) {
        throw new AppError('INVALID_PHONE', { field: 'orderContactPhone' });
      }
      contactPhone = p?.ok ? maskPhone(p.value) : null;
    }
    const { orderContactPhone: _phone, ...rest } = patch;
    const shape = { ...cls, kind: cls.kind as ClassKind, ...rest };
    await checkClass(tx, ctx, shape, cls.enrolledCount);
    let after = await repo.updateClass(tx, cls, {
      ...rest,
      ...(contactPhone !== undefined ? { orderContactPhoneMasked: contactPhone } : {}),
      enrolClosesAt:
        patch.enrolClosesAt === undefined ? undefined : patch.enrolClosesAt ? new Date(patch.enrolClosesAt) : null,
      theoryOpensAt:
        patch.theoryOpensAt === undefined ? undefined : patch.theoryOpensAt ? new Date(patch.theoryOpensAt) : null,
      theoryClosesAt:
        patch.theoryClosesAt === undefined ? undefined : patch.theoryClosesAt ? new Date(patch.theoryClosesAt) : null,
    });
    // More places: the waitlist moves up, first come first served.
    after = await promoteWhileRoom(tx, ctx, after);
    await recordAudit(tx, ctx, {
      action: 'training_class.updated',
      entityType: 'training_class',
      entityId: id,
      orgId: org.id,
      regionId: cls.regionId,
      before: { ...cls, publicToken: undefined },
      after: { ...after, publicToken: undefined },
    });
  });
}

const classMoves: Record<ClassTransition['to'], readonly ClassStatus[]> = {
  open: ['draft', 'closed'],
  closed: ['open'],
  finished: ['open', 'closed'],
  cancelled: ['draft', 'open', 'closed'],
};

/** Opens, closes, finishes or cancels a class; cancelling cancels every enrolment and tells each learner by SMS. */
export async function transitionClass(db: Db, ctx: Ctx, id: string, input: ClassTransition): Promise<ClassView> {
  return withClass(db, ctx, id, async (tx, cls, org) => {
    if (!classMoves[input.to].includes(cls.status as ClassStatus)) {
      throw new AppError('TRANSITION_NOT_ALLOWED', {
        from: cls.status,
        to: input.to,
        allowedFrom: classMoves[input.to],
      });
    }
    if (input.to === 'cancelled' && !input.reason) {
      invalid('reason', 'a reason is required to cancel a class');
    }
    let notified = 0;
    if (input.to === 'cancelled') {
      const now = new Date();
      for (const e of await repo.listEnrolments(tx, cls.regionId, cls.id)) {
        if (e.status !== 'enrolled' && e.status !== 'waitlisted') {
          continue;
        }
        const after = await repo.updateEnrolment(tx, e, { status: 'cancelled', cancelledAt: now, waitlistedAt: null });
        await followInHall(tx, ctx, after, `培训班已取消:${input.reason}`);
        if (
          await notify(
            tx,
            e,
            'training_class_cancelled',
            `【博爱】您报名的培训班“${cls.title}”已取消,原因:${input.reason}。如有疑问请联系主办单位。`,
          )
        ) {
          notified++;
        }
      }
    }
    await repo.updateClass(tx, cls, {
      status: input.to,
      ...(input.to === 'cancelled' ? { enrolledCount: 0, waitlistCount: 0 } : {}),
    });
    await recordAudit(tx, ctx, {
      action: `training_class.${input.to}`,
      entityType: 'training_class',
      entityId: id,
      orgId: org.id,
      regionId: cls.regionId,
      before: { status: cls.status },
      after: { status: input.to, notified },
      reason: input.reason ?? null,
    });
  });
}

async function notify(tx: Db, e: repo.EnrolmentRow, template: string, body: string): Promise<boolean> {
  if (!e.phoneEnc) {
    return false;
  }
  await queueMessage(tx, {
    channel: 'sms',
    to: pii().decrypt(e.phoneEnc),
    template,
    body,
    dedupeKey: `${template}:${e.id}`,
  });
  return true;
}

// ------------------------------------------------------------------------------------------------ staff

/**
 * Assigns a trainer or examiner. 培考分离: an examiner who trains the class (or a trainer who examines it) is refused
 * with EXAMINER_IS_TRAINER; an instructor without a qualification of that kind valid over the class dates with
 * QUALIFICATION_INVALID.
 */
export async function assignStaff(db: Db, ctx: Ctx, id: string, input: AssignStaff): Promise<ClassView> {
  const instructor = await catalogue.getInstructor(db, input.instructorId);
  return withClass(db, ctx, id, async (tx, cls, org) => {
    if (cls.status === 'finished' || cls.status === 'cancelled') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'assign', status: cls.status });
    }
    if (!instructor.isActive) {
      invalid('instructorId', 'the instructor is inactive');
    }
    const staff = await repo.listClassStaff(tx, cls.regionId, cls.id);
    const other = input.role === 'examiner' ? 'trainer' : 'examiner';
    if (staff.some((s) => s.instructorId === instructor.id && s.role === other)) {
      throw new AppError('EXAMINER_IS_TRAINER', { instructorId: instructor.id, role: input.role });
    }
    if (!(await catalogue.hasValidQualification(tx, instructor.id, input.role, cls.startsOn, cls.endsOn))) {
      throw new AppError('QUALIFICATION_INVALID', {
        instructorId: instructor.id,
        kind: input.role,
        from: cls.startsOn,
        to: cls.endsOn,
      });
    }
    const added = await repo.insertClassStaff(tx, {
      regionId: cls.regionId,
      classId: cls.id,
      instructorId: instructor.id,
      role: input.role,
    });
    if (added) {
      await recordAudit(tx, ctx, {
        action: 'training_class.staff_assigned',
        entityType: 'training_class',
        entityId: cls.id,
        orgId: org.id,
        regionId: cls.regionId,
        after: { instructorId: instructor.id, name: instructor.name, role: input.role },
      });
    }
  });
}

export async function removeStaff(db: Db, ctx: Ctx, id: string, instructorId: string, role: string) {
  return withClass(db, ctx, id, async (tx, cls, org) => {
    if (!(await repo.deleteClassStaff(tx, cls.regionId, cls.id, instructorId, role))) {
      throw new AppError('NOT_FOUND', { entity: 'training_class_staff', instructorId, role });
    }
    await recordAudit(tx, ctx, {
      action: 'training_class.staff_removed',
      entityType: 'training_class',
      entityId: cls.id,
      orgId: org.id,
      regionId: cls.regionId,
      before: { instructorId, role },
    });
  });
}

// ------------------------------------------------------------------------------------------------ sessions

export async function addSession(db: Db, ctx: Ctx, id: string, input: CreateSession): Promise<ClassView> {
  return withClass(db, ctx, id, async (tx, cls, org) => {
    if (cls.status === 'finished' || cls.status === 'cancelled') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'add_session', status: cls.status });
    }
    const sessions = await repo.listSessions(tx, cls.regionId, cls.id);
    const row = await repo.insertSession(tx, {
      regionId: cls.regionId,
      id: crypto.randomUUID(),
      classId: cls.id,
      seq: Math.max(0, ...sessions.map((s) => s.seq)) + 1,
      title: input.title,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      checkinToken: randomToken(),
    });
    await recordAudit(tx, ctx, {
      action: 'training_session.created',
      entityType: 'training_class',
      entityId: cls.id,
      orgId: org.id,
      regionId: cls.regionId,
      after: { sessionId: row.id, seq: row.seq, title: row.title, startsAt: input.startsAt, endsAt: input.endsAt },
    });
  });
}

export async function removeSession(db: Db, ctx: Ctx, id: string, sessionId: string): Promise<ClassView> {
  return withClass(db, ctx, id, async (tx, cls, org) => {
    const session = (await repo.listSessions(tx, cls.regionId, cls.id)).find((s) => s.id === sessionId);
    if (!session) {
      throw new AppError('NOT_FOUND', { entity: 'training_session', id: sessionId });
    }
    await repo.deleteSession(tx, cls.regionId, sessionId);
    await recordAudit(tx, ctx, {
      action: 'training_session.removed',
      entityType: 'training_class',
      entityId: cls.id,
      orgId: org.id,
      regionId: cls.regionId,
      before: { sessionId, seq: session.seq, title: session.title },
    });
  });
}

/** The check-in link a session's QR code encodes (staff only). */
export async function sessionCheckinPath(db: Db, ctx: Ctx, id: string, sessionId: string): Promise<string> {
  const cls = await getClass(db, id);
  await classScope(db, ctx, cls, 'training:view');
  const session = (await repo.listSessions(db, cls.regionId, cls.id)).find((s) => s.id === sessionId);
  if (!session) {
    throw new AppError('NOT_FOUND', { entity: 'training_session', id: sessionId });
  }
  return checkinPath(session.checkinToken);
}

export async function classPosterPath(db: Db, ctx: Ctx, id: string): Promise<{ path: string; title: string }> {
  const cls = await getClass(db, id);
  await classScope(db, ctx, cls, 'training:view');
  return { path: classPublicPath(cls.publicToken), title: cls.title };
}

// ------------------------------------------------------------------------------------------------ enrolment

type Learner = {
  name: string;
  /** Checked (validateIdNumber) and normalised. */
  idNumber: string;
  /** E.164, normalised. */
  phone: string;
  workplace: string | null;
  source: EnrolmentSource;
  publicAccountId?: string | null;
  serviceRequestId?: string | null;
};

function checkedIdNumber(input: string, field = 'idNumber'): string {
  const id = validateIdNumber(input.trim().toUpperCase());
  if (!id.ok) {
    throw new AppError('INVALID_ID_NUMBER', { field, reason: id.reason });
  }
  return id.value;
}

function checkedPhone(input: string, field = 'phone'): string {
  const p = normalizePhone(input);
  if (!p.ok) {
    throw new AppError('INVALID_PHONE', { field });
  }
  return p.value;
}

/**
 * Enrols one learner into the locked class in the caller's transaction: the person is found or registered, a second
 * live enrolment is ALREADY_ENROLLED, a full class puts the learner on the waitlist. Returns the enrolment and the
 * class as it now stands.
 */
async function enrolLocked(
  tx: Db,
  ctx: Ctx,
  cls: repo.ClassRow,
  org: orgs.OrgRow,
  l: Learner,
): Promise<{ e: repo.EnrolmentRow; cls: repo.ClassRow }> {
  const { person } = await people.findOrRegisterPerson(tx, ctx, {
    orgId: org.id,
    name: l.name,
    idNumber: l.idNumber,
    phone: l.phone,
  });
  const existing = await repo.findEnrolmentOfPerson(tx, cls, person.regionId, person.id);
  if (existing && existing.status !== 'cancelled') {
    throw new AppError('ALREADY_ENROLLED', { enrolmentId: existing.id, status: existing.status });
  }
  const now = new Date();
  const full = cls.enrolledCount >= cls.capacity;
  const fields = {
    name: l.name,
    phoneHash: pii().blindIndex('phone', l.phone),
    phoneEnc: pii().encrypt(l.phone),
    phoneMasked: maskPhone(l.phone),
    idNumberMasked: person.idNumberMasked,
    workplace: l.workplace,
    status: full ? 'waitlisted' : 'enrolled',
    waitlistedAt: full ? now : null,
    source: l.source,
    publicAccountId: l.publicAccountId ?? null,
    serviceRequestId: l.serviceRequestId ?? null,
    enrolledAt: now,
    cancelledAt: null,
    createdBy: whoIs(ctx),
  };
  const e = existing
    ? await repo.updateEnrolment(tx, existing, fields)
    : await repo.insertEnrolment(tx, {
        regionId: cls.regionId,
        id: crypto.randomUUID(),
        classId: cls.id,
        orgId: cls.orgId,
        personId: person.id,
        personRegionId: person.regionId,
        ...fields,
      });
  const after = await repo.updateClass(
    tx,
    cls,
    full ? { waitlistCount: cls.waitlistCount + 1 } : { enrolledCount: cls.enrolledCount + 1 },
  );
  await recordAudit(tx, ctx, {
    action: full ? 'training_enrolment.waitlisted' : 'training_enrolment.enrolled',
    entityType: 'training_enrolment',
    entityId: e.id,
    orgId: cls.orgId,
    regionId: cls.regionId,
    after: { classId: cls.id, name: e.name, phone: e.phoneMasked, status: e.status, source: e.source },
  });
  return { e, cls: after };
}

async function toRosterEntries(db: Db, cls: repo.ClassRow, rows: repo.EnrolmentRow[]): Promise<RosterEntry[]> {
  const sessions = await repo.listSessions(db, cls.regionId, cls.id);
  const attendance = await repo.attendanceOfSessions(
    db,
    cls.regionId,
    sessions.map((s) => s.id),
  );
  const waitlist = (await repo.listEnrolments(db, cls.regionId, cls.id))
    .filter((e) => e.status === 'waitlisted')
    .sort((a, b) => a.waitlistedAt!.getTime() - b.waitlistedAt!.getTime() || a.id.localeCompare(b.id));
  return rows.map((e) => {
    const present = attendance.filter((a) => a.enrolmentId === e.id).map((a) => a.sessionId);
    const place = waitlist.findIndex((w) => w.id === e.id);
    return {
      id: e.id,
      name: e.name,
      phoneMasked: e.phoneMasked,
      idNumberMasked: e.idNumberMasked,
      workplace: e.workplace,
      status: e.status as EnrolmentStatus,
      source: e.source as EnrolmentSource,
      waitlistPosition: place >= 0 ? place + 1 : null,
      presentSessionIds: present,
      attendanceCount: present.length,
      lessonsDoneAt: e.lessonsDoneAt?.toISOString() ?? null,
      theoryResult: e.theoryResult as RosterEntry['theoryResult'],
      theoryScore: e.theoryScore,
      practicalResult: e.practicalResult as RosterEntry['practicalResult'],
      practicalScore: e.practicalScore,
      certificateId: e.certificateId,
      enrolledAt: e.enrolledAt.toISOString(),
    };
  });
}

async function enrolResult(db: Db, cls: repo.ClassRow, e: repo.EnrolmentRow): Promise<EnrolResult> {
  const [entry] = await toRosterEntries(db, cls, [e]);
  return { enrolment: entry, waitlisted: e.status === 'waitlisted', waitlistPosition: entry.waitlistPosition };
}

/**
 * Staff enrol a learner (training:manage over the class's unit), optionally fulfilling a `training-signup` request
 * filed in the service hall (its applicant's phone is used when none is given; the request is concluded).
 */
export async function enrolByStaff(db: Db, ctx: Ctx, id: string, input: EnrolByStaff): Promise<EnrolResult> {
  const found = await getClass(db, id);
  const org = await classScope(db, ctx, found, 'training:manage');
  const idNumber = checkedIdNumber(input.idNumber);
  const signup = input.serviceRequestId ? await hallSignup(db, ctx, input.serviceRequestId) : undefined;
  const phoneText = input.phone ?? signup?.phone;
  if (!phoneText) {
    invalid('phone', 'the learner’s phone is required');
  }
  const phone = checkedPhone(phoneText);
  const e = await db.transaction(async (tx) => {
    const cls = (await repo.lockClass(tx, found.regionId, id))!;
    assertEnrolling(cls);
    const { e } = await enrolLocked(tx, ctx, cls, org, {
      name: input.name,
      idNumber,
      phone,
      workplace: input.workplace,
      source: input.serviceRequestId ? 'hall' : 'staff',
      serviceRequestId: input.serviceRequestId ?? null,
    });
    await followInHall(tx, ctx, e);
    return e;
  });
  return enrolResult(db, await getClass(db, id), e);
}

/**
 * A signed-in learner enrols through the class QR page: the enrolment's phone is the account's, the service hall
 * gets a `training-signup` request (done at once, or accepted while waitlisted).
 */
export async function enrolByPublic(db: Db, ctx: Ctx, token: string, input: PublicEnrol): Promise<EnrolResult> {
  const found = await repo.findClassByToken(db, token);
  if (!found || found.status === 'draft') {
    throw new AppError('NOT_FOUND', { entity: 'training_class' });
  }
  const idNumber = checkedIdNumber(input.idNumber);
  const phone = await getPublicPhone(db, ctx);
  const org = await orgs.getOrg(db, found.orgId);
  const course = await catalogue.getCourse(db, found.courseId);
  const e = await db.transaction(async (tx) => {
    const cls = (await repo.lockClass(tx, found.regionId, found.id))!;
    assertEnrolling(cls);
    const { e } = await enrolLocked(tx, ctx, cls, org, {
      name: input.name,
      idNumber,
      phone,
      workplace: input.workplace,
      source: 'qr',
      publicAccountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : null,
    });
    const requestId = await openHallRequest(tx, ctx, e, cls, course, phone);
    const linked = await repo.updateEnrolment(tx, e, { serviceRequestId: requestId });
    await followInHall(tx, ctx, linked);
    return linked;
  });
  return enrolResult(db, await getClass(db, found.id), e);
}

/** Promotes waitlisted learners into free places of the locked class (first come, first served), telling each. */
async function promoteWhileRoom(tx: Db, ctx: Ctx, cls: repo.ClassRow): Promise<repo.ClassRow> {
  let current = cls;
  while (current.enrolledCount < current.capacity && current.status !== 'cancelled') {
    const next = await repo.firstWaitlisted(tx, current);
    if (!next) {
      break;
    }
    current = await promoteLocked(tx, ctx, current, next);
  }
  return current;
}

async function promoteLocked(tx: Db, ctx: Ctx, cls: repo.ClassRow, e: repo.EnrolmentRow): Promise<repo.ClassRow> {
  const after = await repo.updateEnrolment(tx, e, { status: 'enrolled', waitlistedAt: null });
  const clsAfter = await repo.updateClass(tx, cls, {
    enrolledCount: cls.enrolledCount + 1,
    waitlistCount: Math.max(0, cls.waitlistCount - 1),
  });
  await followInHall(tx, ctx, after);
  await notify(
    tx,
    e,
    'training_waitlist_promoted',
    `【博爱】您已从候补转为正式报名:培训班“${cls.title}”,${cls.startsOn} 开班。请按时参加。`,
  );
  await recordAudit(tx, ctx, {
    action: 'training_enrolment.promoted',
    entityType: 'training_enrolment',
    entityId: e.id,
    orgId: cls.orgId,
    regionId: cls.regionId,
    before: { status: 'waitlisted' },
    after: { status: 'enrolled' },
  });
  return clsAfter;
}

/**
 * Cancels an enrolment (staff with training:manage, or the learner themselves); an enrolled learner's place goes to
 * the first on the waitlist in the same transaction.
 */
export async function cancelEnrolment(db: Db, ctx: Ctx, enrolmentId: string, reason?: string): Promise<EnrolResult> {
  const own = await loadOwnEnrolment(db, ctx, enrolmentId);
  if (ctx.actor.kind !== 'public') {
    assertCanAt(ctx.actor, 'training:manage', own.org.path);
  }
  const e = await db.transaction(async (tx) => {
    const cls = (await repo.lockClass(tx, own.cls.regionId, own.cls.id))!;
    const e = (await repo.lockEnrolment(tx, own.enrolment.regionId, enrolmentId))!;
    if (e.status !== 'enrolled' && e.status !== 'waitlisted') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'cancel', status: e.status });
    }
    if (cls.status === 'finished' || cls.status === 'cancelled') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'cancel', classStatus: cls.status });
    }
    const after = await repo.updateEnrolment(tx, e, {
      status: 'cancelled',
      cancelledAt: new Date(),
      waitlistedAt: null,
    });
    let clsAfter = await repo.updateClass(
      tx,
      cls,
      e.status === 'enrolled'
        ? { enrolledCount: cls.enrolledCount - 1 }
        : { waitlistCount: Math.max(0, cls.waitlistCount - 1) },
    );
    await recordAudit(tx, ctx, {
      action: 'training_enrolment.cancelled',
      entityType: 'training_enrolment',
      entityId: e.id,
      orgId: cls.orgId,
      regionId: cls.regionId,
      before: { status: e.status },
      after: { status: 'cancelled' },
      reason: reason ?? null,
    });
    await followInHall(tx, ctx, after, reason);
    clsAfter = await promoteWhileRoom(tx, ctx, clsAfter);
    return after;
  });
  return enrolResult(db, await getClass(db, own.cls.id), e);
}

/** Staff move a waitlisted learner into a free place (CONFLICT when the class is full). */
export async function promoteEnrolment(db: Db, ctx: Ctx, classId: string, enrolmentId: string): Promise<EnrolResult> {
  const found = await getClass(db, classId);
  await classScope(db, ctx, found, 'training:manage');
  const e = await db.transaction(async (tx) => {
    const cls = (await repo.lockClass(tx, found.regionId, classId))!;
    const e = await repo.lockEnrolment(tx, cls.regionId, enrolmentId);
    if (!e || e.classId !== cls.id) {
      throw new AppError('NOT_FOUND', { entity: 'training_enrolment', id: enrolmentId });
    }
    if (e.status !== 'waitlisted') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'promote', status: e.status });
    }
    if (cls.enrolledCount >= cls.capacity) {
      throw new AppError('CONFLICT', { reason: 'the class is full', capacity: cls.capacity });
    }
    await promoteLocked(tx, ctx, cls, e);
    return (await repo.findEnrolmentById(tx, enrolmentId))!;
  });
  return enrolResult(db, await getClass(db, classId), e);
}

export async function roster(db: Db, ctx: Ctx, id: string): Promise<{ items: RosterEntry[] }> {
  const cls = await getClass(db, id);
  await classScope(db, ctx, cls, 'training:view');
  return { items: await toRosterEntries(db, cls, await repo.listEnrolments(db, cls.regionId, cls.id)) };
}

// ------------------------------------------------------------------------------------------------ Excel enrolment

const text = (zh: string, en: string) => ({ zh, en });
type EnrolColumn = SheetColumn & { rule: { zh: string; en: string } };
export const enrolColumns: EnrolColumn[] = [
  {
    key: 'name',
    header: '姓名',
    aliases: ['Name'],
    width: 12,
    rule: text('必填,最多 50 字', 'required, at most 50 characters'),
  },
  {
    key: 'idNumber',
    header: '身份证号',
    aliases: ['ID number'],
    width: 22,
    isText: true,
    rule: text('18 位居民身份证号,校验位须正确', 'an 18-digit resident ID number with a valid check character'),
  },
  {
    key: 'phone',
    header: '手机号',
    aliases: ['Phone'],
    width: 16,
    isText: true,
    rule: text('必填,11 位手机号', 'required, a mobile number'),
  },
  { key: 'workplace', header: '工作单位', aliases: ['Workplace'], width: 24, rule: text('选填', 'optional') },
].map((c) => ({ ...c, note: c.rule.zh }));
const enrolRule = new Map(enrolColumns.map((c) => [c.key, c.rule]));
export const maxEnrolRows = 1000;

export function buildEnrolTemplate(): Promise<Buffer> {
  return writeSheet('报名名单', enrolColumns, []);
}

/**
 * Reads an Excel list of learners (training:manage over the class) and starts enrolling them: bad names, ID numbers
 * (checksum), phones, people repeated in the file or already enrolled are listed row by row (IMPORT_ROWS_INVALID) and
 * nothing is imported. A good file is enrolled in one transaction (places first, then the waitlist). An order-based
 * class's roster uses the same import (source `roster`).
 */
export async function uploadEnrolments(
  db: Db,
  ctx: Ctx,
  id: string,
  q: { source: 'excel' | 'roster' },
  file: { fileName: string; buffer: Buffer },
): Promise<ImportView> {
  const found = await getClass(db, id);
  const org = await classScope(db, ctx, found, 'training:manage');
  assertEnrolling(found);
  const sheet = await imports.readImportFile(ctx, file.buffer, enrolColumns, maxEnrolRows);
  const { errors } = sheet;
  const bad = (row: number, field: string, code = 'INVALID_VALUE', t?: { zh: string; en: string }) => {
    const m = t ?? enrolRule.get(field)!;
    errors.add(row, field, code, m.zh, m.en);
  };
  const learners: (Learner & { rowNumber: number })[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { rowNumber, values: v } of sheet.rows) {
    let ok = true;
    const name = (v.name ?? '').trim();
    if (!name || [...name].length > 50) {
      bad(rowNumber, 'name');
      ok = false;
    }
    const checked = validateIdNumber((v.idNumber ?? '').trim().toUpperCase());
    let idNumber = '';
    if (!checked.ok) {
      bad(rowNumber, 'idNumber', 'INVALID_ID_NUMBER');
      ok = false;
    } else {
      idNumber = checked.value;
      const first = firstRowOf.get(idNumber);
      if (first) {
        bad(
          rowNumber,
          'idNumber',
          'DUPLICATE_IN_FILE',
          text(`与第 ${first} 行是同一人(身份证号重复)`, `the same person as row ${first} (repeated ID number)`),
        );
        ok = false;
      } else {
        firstRowOf.set(idNumber, rowNumber);
      }
    }
    const phone = normalizePhone((v.phone ?? '').trim());
    if (!phone.ok) {
      bad(rowNumber, 'phone', 'INVALID_PHONE');
      ok = false;
    }
    const workplace = (v.workplace ?? '').trim();
    if ([...workplace].length > 100) {
      bad(rowNumber, 'workplace');
      ok = false;
    }
    if (ok && phone.ok) {
      learners.push({ rowNumber, name, idNumber, phone: phone.value, workplace: workplace || null, source: q.source });
    }
  }
  for (const l of learners) {
    const person = await people.findPersonByIdNumber(db, l.idNumber);
    const existing = person ? await repo.findEnrolmentOfPerson(db, found, person.regionId, person.id) : undefined;
    if (existing && existing.status !== 'cancelled') {
      bad(
        l.rowNumber,
        'idNumber',
        'ALREADY_ENROLLED',
        text('此人已报名本班', 'this person is already enrolled in the class'),
      );
    }
  }
  imports.refuseBadRows(errors);
  return imports.startImport(db, ctx, repo.enrolImportRecords, {
    fileName: file.fileName,
    totalRows: learners.length,
    run: async (tx, { importId, report }) => {
      let cls = (await repo.lockClass(tx, found.regionId, id))!;
      assertEnrolling(cls);
      for (const [i, l] of learners.entries()) {
        ({ cls } = await enrolLocked(tx, ctx, cls, org, l));
        report(i + 1);
      }
      await recordAudit(tx, ctx, {
        action: 'training_class.list_imported',
        entityType: 'training_class',
        entityId: cls.id,
        orgId: org.id,
        regionId: cls.regionId,
        after: { importId, fileName: file.fileName, count: learners.length, source: q.source },
      });
      return learners.length;
    },
  });
}

export async function getEnrolImport(db: Db, ctx: Ctx, id: string, importId: string): Promise<ImportView> {
  const cls = await getClass(db, id);
  await classScope(db, ctx, cls, 'training:manage');
  return imports.getImport(db, ctx, repo.enrolImportRecords, importId);
}

// ------------------------------------------------------------------------------------------------ attendance

const checkinSlackMs = 30 * 60 * 1000;

/** A signed-in learner scans the session's QR code within its time ± 30 minutes: present (idempotent). */
export async function checkIn(db: Db, ctx: Ctx, token: string, now = new Date()): Promise<CheckinResult> {
  const session = await repo.findSessionByToken(db, token);
  if (!session) {
    throw new AppError('NOT_FOUND', { entity: 'training_session' });
  }
  const cls = (await repo.findClassInRegion(db, session.regionId, session.classId))!;
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const mine = (await repo.enrolmentsByPhoneHash(db, phoneHash)).find(
    (e) =>
      e.classId === cls.id && e.regionId === cls.regionId && ['enrolled', 'completed', 'failed'].includes(e.status),
  );
  if (!mine) {
    throw new AppError('NOT_FOUND', { entity: 'training_enrolment', reason: 'not enrolled in this class' });
  }
  if (
    now.getTime() < session.startsAt.getTime() - checkinSlackMs ||
    now.getTime() > session.endsAt.getTime() + checkinSlackMs
  ) {
    throw new AppError('CHECKIN_NOT_OPEN', {
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
    });
  }
  const added = await db.transaction(async (tx) => {
    const added = await repo.insertAttendance(tx, {
      regionId: cls.regionId,
      sessionId: session.id,
      enrolmentId: mine.id,
      method: 'qr',
      checkedInAt: now,
      recordedBy: whoIs(ctx),
    });
    if (added) {
      await recordAudit(tx, ctx, {
        action: 'training_attendance.checked_in',
        entityType: 'training_enrolment',
        entityId: mine.id,
        orgId: cls.orgId,
        regionId: cls.regionId,
        after: { sessionId: session.id, method: 'qr' },
      });
    }
    return added;
  });
  return {
    classTitle: cls.title,
    sessionTitle: session.title,
    learnerName: mine.name,
    checkedInAt: now.toISOString(),
    alreadyPresent: !added,
  };
}

/** Staff mark a learner present or absent at a session of the class. */
export async function markAttendance(db: Db, ctx: Ctx, id: string, input: MarkAttendance) {
  const cls = await getClass(db, id);
  const org = await classScope(db, ctx, cls, 'training:manage');
  const session = (await repo.listSessions(db, cls.regionId, cls.id)).find((s) => s.id === input.sessionId);
  const e = await repo.findEnrolmentById(db, input.enrolmentId);
  if (!session || !e || e.classId !== cls.id) {
    throw new AppError('NOT_FOUND', { entity: session ? 'training_enrolment' : 'training_session' });
  }
  if (e.status === 'waitlisted' || e.status === 'cancelled') {
    throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'attendance', status: e.status });
  }
  await db.transaction(async (tx) => {
    const changed = input.present
      ? await repo.insertAttendance(tx, {
          regionId: cls.regionId,
          sessionId: session.id,
          enrolmentId: e.id,
          method: 'staff',
          checkedInAt: new Date(),
          recordedBy: whoIs(ctx),
        })
      : await repo.deleteAttendance(tx, cls.regionId, session.id, e.id);
    if (changed) {
      await recordAudit(tx, ctx, {
        action: input.present ? 'training_attendance.marked_present' : 'training_attendance.marked_absent',
        entityType: 'training_enrolment',
        entityId: e.id,
        orgId: org.id,
        regionId: cls.regionId,
        after: { sessionId: session.id, present: input.present },
      });
    }
  });
  const [entry] = await toRosterEntries(db, cls, [(await repo.findEnrolmentById(db, e.id))!]);
  return entry;
}

// ------------------------------------------------------------------------------------------------ public

async function toPublicClass(db: Db, cls: repo.ClassRow, locale: 'zh' | 'en'): Promise<PublicClass> {
  const [summary] = await toSummaries(db, [cls], locale);
  const course = await catalogue.getCourse(db, cls.courseId);
  const sessions = await repo.listSessions(db, cls.regionId, cls.id);
  return {
    token: cls.publicToken,
    title: cls.title,
    classNo: cls.classNo,
    kind: cls.kind as ClassKind,
    status: cls.status as ClassStatus,
    courseName: summary.courseName,
    courseKind: course.kind,
    courseDescription: course.description,
    onlineHours: course.onlineHours,
    offlineHours: course.offlineHours,
    orgName: summary.orgName,
    orderOrgName: cls.orderOrgName,
    venue: summary.venue,
    startsOn: cls.startsOn,
    endsOn: cls.endsOn,
    enrolClosesAt: cls.enrolClosesAt?.toISOString() ?? null,
    capacity: cls.capacity,
    enrolledCount: cls.enrolledCount,
    waitlistCount: cls.waitlistCount,
    isEnrolling: isEnrolling(cls),
    sessions: sessions.map((s) => ({
      seq: s.seq,
      title: s.title,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    })),
  };
}

/** The class page its QR code opens (anyone; drafts are not shown). */
export async function viewPublicClass(db: Db, ctx: Ctx, token: string): Promise<PublicClass> {
  const cls = await repo.findClassByToken(db, token);
  if (!cls || cls.status === 'draft') {
    throw new AppError('NOT_FOUND', { entity: 'training_class' });
  }
  return toPublicClass(db, cls, ctx.locale);
}

/** Open public classes taking enrolments (the training home page). */
export async function listPublicClasses(db: Db, ctx: Ctx): Promise<PublicClass[]> {
  const rows = await repo.listOpenClasses(db, toChinaDate(), 30);
  return Promise.all(rows.map((r) => toPublicClass(db, r, ctx.locale)));
}

function nextStepOf(e: repo.EnrolmentRow, course: CourseRow, needsStudy: boolean): MyEnrolment['nextStep'] {
  switch (e.status) {
    case 'waitlisted':
      return 'waitlist';
    case 'cancelled':
      return 'none';
    case 'failed':
      return 'none';
  }
  if (needsStudy && !e.lessonsDoneAt) {
    return 'study';
  }
  if (course.hasTheoryExam && e.theoryResult !== 'passed') {
    return e.theoryResult === 'failed' && e.status !== 'enrolled' ? 'none' : 'theory_exam';
  }
  if (course.hasPracticalExam && e.practicalResult !== 'passed') {
    return 'practical_exam';
  }
  if (e.certificateId) {
    return 'certificate';
  }
  return 'done';
}

/** The signed-in learner's enrolments across classes (by the account's phone), newest first. */
export async function listMyEnrolments(db: Db, ctx: Ctx): Promise<MyEnrolment[]> {
  const rows = await repo.enrolmentsByPhoneHash(db, await getPublicPhoneHash(db, ctx));
  const classes = new Map(
    (await repo.findClassesByIds(db, [...new Set(rows.map((r) => r.classId))])).map((c) => [c.id, c]),
  );
  const summaries = new Map((await toSummaries(db, [...classes.values()], ctx.locale)).map((s) => [s.id, s]));
  const courses = new Map(
    (await catalogue.findCoursesByIds(db, [...new Set([...classes.values()].map((c) => c.courseId))])).map((c) => [
      c.id,
      c,
    ]),
  );
  const studyNeeded = new Map<number, boolean>();
  for (const course of courses.values()) {
    const lessons = await catalogue.listLessonRows(db, course.id);
    studyNeeded.set(
      course.id,
      lessons.some((l) => l.isActive && l.isRequired && l.mode === 'online'),
    );
  }
  const out: MyEnrolment[] = [];
  for (const e of rows) {
    const cls = classes.get(e.classId);
    if (!cls) {
      continue;
    }
    const course = courses.get(cls.courseId)!;
    const summary = summaries.get(cls.id)!;
    const [entry] = await toRosterEntries(db, cls, [e]);
    out.push({
      id: e.id,
      classId: cls.id,
      classToken: cls.publicToken,
      classNo: cls.classNo,
      classTitle: cls.title,
      classStatus: cls.status as ClassStatus,
      courseId: course.id,
      courseCode: course.code,
      courseKind: course.kind,
      courseName: summary.courseName,
      orgName: summary.orgName,
      venue: summary.venue,
      startsOn: cls.startsOn,
      endsOn: cls.endsOn,
      status: e.status as EnrolmentStatus,
      waitlistPosition: entry.waitlistPosition,
      hasTheoryExam: course.hasTheoryExam,
      hasPracticalExam: course.hasPracticalExam,
      theoryOpensAt: cls.theoryOpensAt?.toISOString() ?? null,
      theoryClosesAt: cls.theoryClosesAt?.toISOString() ?? null,
      lessonsDoneAt: entry.lessonsDoneAt,
      theoryResult: entry.theoryResult,
      theoryScore: e.theoryScore,
      practicalResult: entry.practicalResult,
      practicalScore: e.practicalScore,
      certificateId: e.certificateId,
      attendanceCount: entry.attendanceCount,
      nextStep: nextStepOf(e, course, studyNeeded.get(course.id) ?? false),
      enrolledAt: e.enrolledAt.toISOString(),
    });
  }
  return out;
}

/** The learner cancels their own enrolment (before the class finishes). */
export async function cancelMyEnrolment(db: Db, ctx: Ctx, enrolmentId: string): Promise<EnrolResult> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN');
  }
  return cancelEnrolment(db, ctx, enrolmentId, '学员本人取消');
}

// ------------------------------------------------------------------------------------------------ awareness

function toAwarenessView(row: repo.AwarenessRow, orgName: string): AwarenessView {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName,
    heldOn: row.heldOn,
    venueKind: row.venueKind as VenueKind,
    venue: row.venue,
    topic: row.topic,
    attendees: row.attendees,
    hours: row.hours,
    instructorId: row.instructorId,
    trainerName: row.trainerName,
    evidenceFileIds: row.evidenceFileIds as string[],
    createdAt: row.createdAt.toISOString(),
  };
}

/** Records an awareness session (普及培训) with its attendees and evidence photos (training:manage at the unit). */
export async function recordAwareness(db: Db, ctx: Ctx, input: CreateAwareness): Promise<AwarenessView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'training:manage', org.path);
  if (input.heldOn > toChinaDate()) {
    invalid('heldOn', 'a session is recorded once it has been held');
  }
  let trainerName = input.trainerName;
  if (input.instructorId) {
    trainerName = (await catalogue.getInstructor(db, input.instructorId)).name;
  }
  const awarenessCourse = await catalogue.findCourseByCode(db, 'awareness');
  return db.transaction(async (tx) => {
    if (input.evidenceFileIds.length > 0) {
      await attachFiles(tx, ctx, input.evidenceFileIds, {
        orgId: org.id,
        readPermission: 'training:view',
        purpose: 'training_awareness_evidence',
      });
    }
    const row = await repo.insertAwareness(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      courseId: awarenessCourse?.id ?? null,
      heldOn: input.heldOn,
      venueKind: input.venueKind,
      venue: input.venue,
      topic: input.topic,
      attendees: input.attendees,
      hours: input.hours,
      instructorId: input.instructorId,
      trainerName,
      evidenceFileIds: input.evidenceFileIds,
      createdBy: whoIs(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'training_awareness.recorded',
      entityType: 'training_awareness_session',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: toAwarenessView(row, org.name),
    });
    return toAwarenessView(row, org.name);
  });
}

/** Awareness sessions in the caller's scope (under one unit, in a period), with totals over every match. */
export async function listAwareness(db: Db, ctx: Ctx, q: AwarenessListQuery) {
  const c = repo.columns.awareness;
  const conds: SQL[] = [await catalogue.scopeUnder(db, ctx, c.orgId, q.orgId)];
  if (q.from) {
    conds.push(gte(c.heldOn, q.from));
  }
  if (q.to) {
    conds.push(lte(c.heldOn, q.to));
  }
  if (q.venueKind) {
    conds.push(eq(c.venueKind, q.venueKind));
  }
  const { rows, total, attendees, hours } = await repo.listAwareness(db, and(...conds)!, q);
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return {
    items: rows.map((r) => toAwarenessView(r, names.get(r.orgId) ?? '')),
    total,
    totalAttendees: attendees,
    totalAttendeeHours: hours,
  };
}
