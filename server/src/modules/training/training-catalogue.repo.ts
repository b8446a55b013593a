// Training catalogue data access: courses, lessons, training bases, instructors and their qualifications.
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import {
  trainingBases,
  trainingCourses,
  trainingInstructors,
  trainingLessons,
  trainingQualifications,
} from './training.tables';

export type CourseRow = typeof trainingCourses.$inferSelect;
export type CourseInsert = typeof trainingCourses.$inferInsert;
export type LessonRow = typeof trainingLessons.$inferSelect;
export type LessonInsert = typeof trainingLessons.$inferInsert;
export type BaseRow = typeof trainingBases.$inferSelect;
export type BaseInsert = typeof trainingBases.$inferInsert;
export type InstructorRow = typeof trainingInstructors.$inferSelect;
export type InstructorInsert = typeof trainingInstructors.$inferInsert;
export type QualificationRow = typeof trainingQualifications.$inferSelect;
export type QualificationInsert = typeof trainingQualifications.$inferInsert;

export const columns = { base: trainingBases, instructor: trainingInstructors };

// ------------------------------------------------------------------------------------------------ courses

/** The first root unit (the province), where the default courses live; undefined before any unit exists. */
export async function findRootOrgId(db: Db): Promise<number | undefined> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1`,
  );
  return row?.id;
}

/** Inserts the courses that are missing (by code); returns the ones inserted now. */
export async function insertMissingCourses(db: Db, rows: CourseInsert[]): Promise<CourseRow[]> {
  return db.insert(trainingCourses).values(rows).onConflictDoNothing({ target: trainingCourses.code }).returning();
}

export async function listCourses(db: Db): Promise<CourseRow[]> {
  return db.select().from(trainingCourses).orderBy(asc(trainingCourses.id));
}

export async function findCourse(db: Db, id: number): Promise<CourseRow | undefined> {
  const [row] = await db.select().from(trainingCourses).where(eq(trainingCourses.id, id));
  return row;
}

export async function findCoursesByIds(db: Db, ids: number[]): Promise<CourseRow[]> {
  return ids.length > 0 ? db.select().from(trainingCourses).where(inArray(trainingCourses.id, ids)) : [];
}

export async function findCourseByCode(db: Db, code: string): Promise<CourseRow | undefined> {
  const [row] = await db.select().from(trainingCourses).where(eq(trainingCourses.code, code));
  return row;
}

export async function lockCourse(db: Db, id: number): Promise<CourseRow | undefined> {
  const [row] = await db.select().from(trainingCourses).where(eq(trainingCourses.id, id)).for('update');
  return row;
}

export async function updateCourse(db: Db, id: number, patch: Partial<CourseInsert>): Promise<CourseRow> {
  const [row] = await db
    .update(trainingCourses)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(trainingCourses.id, id))
    .returning();
  return row;
}

// ------------------------------------------------------------------------------------------------ lessons

export async function insertLessons(db: Db, rows: LessonInsert[]): Promise<LessonRow[]> {
  return rows.length > 0 ? db.insert(trainingLessons).values(rows).returning() : [];
}

export async function listLessons(db: Db, courseId: number): Promise<LessonRow[]> {
  return db
    .select()
    .from(trainingLessons)
    .where(eq(trainingLessons.courseId, courseId))
    .orderBy(asc(trainingLessons.sortOrder), asc(trainingLessons.createdAt));
}

export async function findLesson(db: Db, id: string): Promise<LessonRow | undefined> {
  const [row] = await db.select().from(trainingLessons).where(eq(trainingLessons.id, id));
  return row;
}

export async function updateLesson(db: Db, id: string, patch: Partial<LessonInsert>): Promise<LessonRow> {
  const [row] = await db
    .update(trainingLessons)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(trainingLessons.id, id))
    .returning();
  return row;
}

// ------------------------------------------------------------------------------------------------ bases

export async function insertBase(db: Db, row: BaseInsert): Promise<BaseRow> {
  const [created] = await db.insert(trainingBases).values(row).returning();
  return created;
}

export async function findBase(db: Db, id: number): Promise<BaseRow | undefined> {
  const [row] = await db.select().from(trainingBases).where(eq(trainingBases.id, id));
  return row;
}

export async function listBases(db: Db, scope: SQL): Promise<BaseRow[]> {
  return db.select().from(trainingBases).where(scope).orderBy(asc(trainingBases.orgId), asc(trainingBases.name));
}

export async function updateBase(db: Db, id: number, patch: Partial<BaseInsert>): Promise<BaseRow> {
  const [row] = await db
    .update(trainingBases)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(trainingBases.id, id))
    .returning();
  return row;
}

// ------------------------------------------------------------------------------------------------ instructors

export async function insertInstructor(db: Db, row: InstructorInsert): Promise<InstructorRow> {
  const [created] = await db.insert(trainingInstructors).values(row).returning();
  return created;
}

export async function findInstructor(db: Db, id: string): Promise<InstructorRow | undefined> {
  const [row] = await db.select().from(trainingInstructors).where(eq(trainingInstructors.id, id));
  return row;
}

export async function findInstructorsByIds(db: Db, ids: string[]): Promise<InstructorRow[]> {
  return ids.length > 0 ? db.select().from(trainingInstructors).where(inArray(trainingInstructors.id, ids)) : [];
}

export async function findInstructorByPerson(
  db: Db,
  personRegionId: number,
  personId: string,
): Promise<InstructorRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingInstructors)
    .where(and(eq(trainingInstructors.personRegionId, personRegionId), eq(trainingInstructors.personId, personId)));
  return row;
}

/** The instructor a staff account acts as (an examiner signing in). */
export async function findInstructorByUser(db: Db, userId: string): Promise<InstructorRow | undefined> {
  const [row] = await db.select().from(trainingInstructors).where(eq(trainingInstructors.userId, userId));
  return row;
}

export async function listInstructors(db: Db, scope: SQL): Promise<InstructorRow[]> {
  return db
    .select()
    .from(trainingInstructors)
    .where(scope)
    .orderBy(asc(trainingInstructors.orgId), asc(trainingInstructors.name));
}

export async function updateInstructor(db: Db, id: string, patch: Partial<InstructorInsert>): Promise<InstructorRow> {
  const [row] = await db
    .update(trainingInstructors)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(trainingInstructors.id, id))
    .returning();
  return row;
}

export async function insertQualification(db: Db, row: QualificationInsert): Promise<QualificationRow> {
  const [created] = await db.insert(trainingQualifications).values(row).returning();
  return created;
}

export async function findQualification(db: Db, id: string): Promise<QualificationRow | undefined> {
  const [row] = await db.select().from(trainingQualifications).where(eq(trainingQualifications.id, id));
  return row;
}

export async function deleteQualification(db: Db, id: string): Promise<void> {
  await db.delete(trainingQualifications).where(eq(trainingQualifications.id, id));
}

export async function qualificationsOf(db: Db, instructorIds: string[]): Promise<QualificationRow[]> {
  return instructorIds.length > 0
    ? db
        .select()
        .from(trainingQualifications)
        .where(inArray(trainingQualifications.instructorId, instructorIds))
        .orderBy(asc(trainingQualifications.kind), asc(trainingQualifications.validUntil))
    : [];
}

/** True when the instructor holds a qualification of `kind` valid over the whole span [from, to] (dates). */
export async function hasValidQualification(
  db: Db,
  instructorId: string,
  kind: string,
  from: string,
  to: string,
): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(trainingQualifications)
    .where(
      and(
        eq(trainingQualifications.instructorId, instructorId),
        eq(trainingQualifications.kind, kind),
        sql`${trainingQualifications.issuedOn} <= ${from}`,
        sql`${trainingQualifications.validUntil} >= ${to}`,
      ),
    );
  return (row?.n ?? 0) > 0;
}

/** A staff account by username (linking an instructor to the account they sign in with). */
export async function findStaffUser(db: Db, username: string): Promise<{ id: string; username: string } | undefined> {
  const [row] = await queryRows<{ id: string; username: string }>(
    db,
    sql`SELECT id, username FROM users WHERE username = ${username}`,
  );
  return row;
}

export async function usernamesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await queryRows<{ id: string; username: string }>(
    db,
    sql`SELECT id, username FROM users WHERE id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.id, r.username]));
}
