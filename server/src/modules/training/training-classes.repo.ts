// Training classes data access: classes, their trainers and examiners, sessions, enrolments (with the waitlist),
// attendance, awareness sessions, and the Excel enrolment imports. Every query on a large table names region_id when
// the region is known.
import { and, asc, count, desc, eq, inArray, type SQL, sql, sum } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { importStore } from '../../platform/imports/imports.repo';
import {
  trainingAttendance,
  trainingAwarenessSessions,
  trainingClasses,
  trainingClassStaff,
  trainingCourses,
  trainingEnrolImports,
  trainingEnrolments,
  trainingSessions,
} from './training.tables';

export type ClassRow = typeof trainingClasses.$inferSelect;
export type ClassInsert = typeof trainingClasses.$inferInsert;
export type ClassStaffRow = typeof trainingClassStaff.$inferSelect;
export type SessionRow = typeof trainingSessions.$inferSelect;
export type SessionInsert = typeof trainingSessions.$inferInsert;
export type EnrolmentRow = typeof trainingEnrolments.$inferSelect;
export type EnrolmentInsert = typeof trainingEnrolments.$inferInsert;
export type AttendanceRow = typeof trainingAttendance.$inferSelect;
export type AwarenessRow = typeof trainingAwarenessSessions.$inferSelect;
export type AwarenessInsert = typeof trainingAwarenessSessions.$inferInsert;

export const columns = { cls: trainingClasses, awareness: trainingAwarenessSessions, enrolment: trainingEnrolments };

export const enrolImportRecords = importStore(trainingEnrolImports);

// ------------------------------------------------------------------------------------------------ classes

export async function insertClass(db: Db, row: ClassInsert): Promise<ClassRow> {
  const [created] = await db.insert(trainingClasses).values(row).returning();
  return created;
}

export async function findClassById(db: Db, id: string): Promise<ClassRow | undefined> {
  const [row] = await db.select().from(trainingClasses).where(eq(trainingClasses.id, id));
  return row;
}

export async function findClassInRegion(db: Db, regionId: number, id: string): Promise<ClassRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingClasses)
    .where(and(eq(trainingClasses.regionId, regionId), eq(trainingClasses.id, id)));
  return row;
}

export async function findClassByToken(db: Db, token: string): Promise<ClassRow | undefined> {
  const [row] = await db.select().from(trainingClasses).where(eq(trainingClasses.publicToken, token));
  return row;
}

/** The class, locked: enrolments, cancellations and promotions of one class wait for each other. */
export async function lockClass(db: Db, regionId: number, id: string): Promise<ClassRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingClasses)
    .where(and(eq(trainingClasses.regionId, regionId), eq(trainingClasses.id, id)))
    .for('update');
  return row;
}

export async function updateClass(db: Db, c: ClassRow, patch: Partial<ClassInsert>): Promise<ClassRow> {
  const [row] = await db
    .update(trainingClasses)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(trainingClasses.regionId, c.regionId), eq(trainingClasses.id, c.id)))
    .returning();
  return row;
}

export async function countClassesOn(db: Db, regionId: number, prefix: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(trainingClasses)
    .where(and(eq(trainingClasses.regionId, regionId), sql`${trainingClasses.classNo} LIKE ${`${prefix}%`}`));
  return row?.n ?? 0;
}

export async function listClasses(
  db: Db,
  where: SQL,
  page: { limit: number; offset: number },
): Promise<{ rows: ClassRow[]; total: number }> {
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(trainingClasses)
      .where(where)
      .orderBy(desc(trainingClasses.startsOn), desc(trainingClasses.createdAt))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(trainingClasses).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Open public classes still taking enrolments (the public training home), soonest first. */
export async function listOpenClasses(db: Db, today: string, limit: number): Promise<ClassRow[]> {
  return db
    .select()
    .from(trainingClasses)
    .where(
      and(
        eq(trainingClasses.status, 'open'),
        eq(trainingClasses.kind, 'open'),
        sql`${trainingClasses.endsOn} >= ${today}`,
        sql`(${trainingClasses.enrolClosesAt} IS NULL OR ${trainingClasses.enrolClosesAt} > now())`,
      ),
    )
    .orderBy(asc(trainingClasses.startsOn))
    .limit(limit);
}

/** The course of each class (for views). */
export async function courseNamesOf(db: Db, ids: number[]) {
  return ids.length > 0
    ? db
        .select({ id: trainingCourses.id, nameZh: trainingCourses.nameZh, nameEn: trainingCourses.nameEn })
        .from(trainingCourses)
        .where(inArray(trainingCourses.id, ids))
    : [];
}

// ------------------------------------------------------------------------------------------------ staff

export async function listClassStaff(db: Db, regionId: number, classId: string): Promise<ClassStaffRow[]> {
  return db
    .select()
    .from(trainingClassStaff)
    .where(and(eq(trainingClassStaff.regionId, regionId), eq(trainingClassStaff.classId, classId)))
    .orderBy(asc(trainingClassStaff.createdAt));
}

export async function insertClassStaff(db: Db, row: typeof trainingClassStaff.$inferInsert): Promise<boolean> {
  const rows = await db.insert(trainingClassStaff).values(row).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function deleteClassStaff(
  db: Db,
  regionId: number,
  classId: string,
  instructorId: string,
  role: string,
): Promise<boolean> {
  const rows = await db
    .delete(trainingClassStaff)
    .where(
      and(
        eq(trainingClassStaff.regionId, regionId),
        eq(trainingClassStaff.classId, classId),
        eq(trainingClassStaff.instructorId, instructorId),
        eq(trainingClassStaff.role, role),
      ),
    )
    .returning();
  return rows.length > 0;
}

// ------------------------------------------------------------------------------------------------ sessions

export async function insertSession(db: Db, row: SessionInsert): Promise<SessionRow> {
  const [created] = await db.insert(trainingSessions).values(row).returning();
  return created;
}

export async function listSessions(db: Db, regionId: number, classId: string): Promise<SessionRow[]> {
  return db
    .select()
    .from(trainingSessions)
    .where(and(eq(trainingSessions.regionId, regionId), eq(trainingSessions.classId, classId)))
    .orderBy(asc(trainingSessions.seq));
}

export async function findSessionByToken(db: Db, token: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(trainingSessions).where(eq(trainingSessions.checkinToken, token));
  return row;
}

export async function deleteSession(db: Db, regionId: number, id: string): Promise<void> {
  await db
    .delete(trainingAttendance)
    .where(and(eq(trainingAttendance.regionId, regionId), eq(trainingAttendance.sessionId, id)));
  await db.delete(trainingSessions).where(and(eq(trainingSessions.regionId, regionId), eq(trainingSessions.id, id)));
}

// ------------------------------------------------------------------------------------------------ enrolments

export async function insertEnrolment(db: Db, row: EnrolmentInsert): Promise<EnrolmentRow> {
  const [created] = await db.insert(trainingEnrolments).values(row).returning();
  return created;
}

export async function findEnrolmentById(db: Db, id: string): Promise<EnrolmentRow | undefined> {
  const [row] = await db.select().from(trainingEnrolments).where(eq(trainingEnrolments.id, id));
  return row;
}

export async function lockEnrolment(db: Db, regionId: number, id: string): Promise<EnrolmentRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingEnrolments)
    .where(and(eq(trainingEnrolments.regionId, regionId), eq(trainingEnrolments.id, id)))
    .for('update');
  return row;
}

export async function updateEnrolment(db: Db, e: EnrolmentRow, patch: Partial<EnrolmentInsert>): Promise<EnrolmentRow> {
  const [row] = await db
    .update(trainingEnrolments)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(trainingEnrolments.regionId, e.regionId), eq(trainingEnrolments.id, e.id)))
    .returning();
  return row;
}

export async function findEnrolmentOfPerson(
  db: Db,
  c: ClassRow,
  personRegionId: number,
  personId: string,
): Promise<EnrolmentRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingEnrolments)
    .where(
      and(
        eq(trainingEnrolments.regionId, c.regionId),
        eq(trainingEnrolments.classId, c.id),
        eq(trainingEnrolments.personRegionId, personRegionId),
        eq(trainingEnrolments.personId, personId),
      ),
    );
  return row;
}

export async function listEnrolments(db: Db, regionId: number, classId: string): Promise<EnrolmentRow[]> {
  return db
    .select()
    .from(trainingEnrolments)
    .where(and(eq(trainingEnrolments.regionId, regionId), eq(trainingEnrolments.classId, classId)))
    .orderBy(asc(trainingEnrolments.enrolledAt), asc(trainingEnrolments.id));
}

/** The first learner on the class's waitlist, locked (promoted when a place frees up). */
export async function firstWaitlisted(db: Db, c: ClassRow): Promise<EnrolmentRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingEnrolments)
    .where(
      and(
        eq(trainingEnrolments.regionId, c.regionId),
        eq(trainingEnrolments.classId, c.id),
        eq(trainingEnrolments.status, 'waitlisted'),
      ),
    )
    .orderBy(asc(trainingEnrolments.waitlistedAt), asc(trainingEnrolments.id))
    .limit(1)
    .for('update');
  return row;
}

/** 1-based place of a waitlisted enrolment. */
export async function waitlistPosition(db: Db, e: EnrolmentRow): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(trainingEnrolments)
    .where(
      and(
        eq(trainingEnrolments.regionId, e.regionId),
        eq(trainingEnrolments.classId, e.classId),
        eq(trainingEnrolments.status, 'waitlisted'),
        sql`(${trainingEnrolments.waitlistedAt}, ${trainingEnrolments.id}) <= (${e.waitlistedAt}, ${e.id})`,
      ),
    );
  return row?.n ?? 0;
}

/** Enrolments whose phone is the signed-in learner's (their own, across classes), newest first. */
export async function enrolmentsByPhoneHash(db: Db, phoneHash: string): Promise<EnrolmentRow[]> {
  return db
    .select()
    .from(trainingEnrolments)
    .where(eq(trainingEnrolments.phoneHash, phoneHash))
    .orderBy(desc(trainingEnrolments.enrolledAt))
    .limit(100);
}

export async function findClassesByIds(db: Db, ids: string[]): Promise<ClassRow[]> {
  return ids.length > 0 ? db.select().from(trainingClasses).where(inArray(trainingClasses.id, ids)) : [];
}

// ------------------------------------------------------------------------------------------------ attendance

/** Records presence; false when the learner was already present (idempotent). */
export async function insertAttendance(db: Db, row: AttendanceRow): Promise<boolean> {
  const rows = await db.insert(trainingAttendance).values(row).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function deleteAttendance(db: Db, regionId: number, sessionId: string, enrolmentId: string) {
  const rows = await db
    .delete(trainingAttendance)
    .where(
      and(
        eq(trainingAttendance.regionId, regionId),
        eq(trainingAttendance.sessionId, sessionId),
        eq(trainingAttendance.enrolmentId, enrolmentId),
      ),
    )
    .returning();
  return rows.length > 0;
}

export async function attendanceOfSessions(db: Db, regionId: number, sessionIds: string[]): Promise<AttendanceRow[]> {
  return sessionIds.length > 0
    ? db
        .select()
        .from(trainingAttendance)
        .where(and(eq(trainingAttendance.regionId, regionId), inArray(trainingAttendance.sessionId, sessionIds)))
    : [];
}

// ------------------------------------------------------------------------------------------------ awareness sessions

export async function insertAwareness(db: Db, row: AwarenessInsert): Promise<AwarenessRow> {
  const [created] = await db.insert(trainingAwarenessSessions).values(row).returning();
  return created;
}

export async function listAwareness(
  db: Db,
  where: SQL,
  page: { limit: number; offset: number },
): Promise<{ rows: AwarenessRow[]; total: number; attendees: number; hours: number }> {
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(trainingAwarenessSessions)
      .where(where)
      .orderBy(desc(trainingAwarenessSessions.heldOn), desc(trainingAwarenessSessions.createdAt))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({
        n: count(),
        attendees: sum(trainingAwarenessSessions.attendees),
        hours: sql<string>`coalesce(sum(${trainingAwarenessSessions.attendees} * ${trainingAwarenessSessions.hours}), 0)`,
      })
      .from(trainingAwarenessSessions)
      .where(where),
  ]);
  return {
    rows,
    total: totals?.n ?? 0,
    attendees: Number(totals?.attendees ?? 0),
    hours: Number(totals?.hours ?? 0),
  };
}
