// Data access of practical exams, certificates and training statistics: the only file of this part that touches the
// training tables. Large tables are addressed by (region_id, id) once the region is known; lookups by id alone use
// the *_id_idx indexes.
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { importStore } from '../../platform/imports/imports.repo';
import {
  trainingAwarenessSessions,
  trainingCertCounters,
  trainingCertImports,
  trainingCertificates,
  trainingClasses,
  trainingClassStaff,
  trainingCourses,
  trainingEnrolments,
  trainingInstructors,
  trainingPracticalScores,
} from './training.tables';

// Courses, classes and enrolments are read and written through the repos that own them (one way each).
export { findCourse, findCourseByCode, listCourses } from './training-catalogue.repo';
export {
  findClassById,
  findClassInRegion,
  findEnrolmentById,
  lockEnrolment,
  updateEnrolment,
} from './training-classes.repo';

export type CertificateRow = typeof trainingCertificates.$inferSelect;
export type CertificateInsert = typeof trainingCertificates.$inferInsert;
export type ScoreRow = typeof trainingPracticalScores.$inferSelect;
export type ScoreInsert = typeof trainingPracticalScores.$inferInsert;
export type EnrolmentRow = typeof trainingEnrolments.$inferSelect;
export type ClassRow = typeof trainingClasses.$inferSelect;
export type CourseRow = typeof trainingCourses.$inferSelect;
export type InstructorRow = typeof trainingInstructors.$inferSelect;
export type AwarenessInsert = typeof trainingAwarenessSessions.$inferInsert;

export const certificateOrgColumn = trainingCertificates.orgId;
export const classOrgColumn = trainingClasses.orgId;
export const certImportRecords = importStore(trainingCertImports);

// ------------------------------------------------------------------------------------------------ classes, courses

/** The learners of a class who may sit the practical exam (enrolled, completed or failed), by name. */
export async function listClassLearners(db: Db, regionId: number, classId: string): Promise<EnrolmentRow[]> {
  return db
    .select()
    .from(trainingEnrolments)
    .where(
      and(
        eq(trainingEnrolments.regionId, regionId),
        eq(trainingEnrolments.classId, classId),
        inArray(trainingEnrolments.status, ['enrolled', 'completed', 'failed']),
      ),
    )
    .orderBy(asc(trainingEnrolments.enrolledAt), asc(trainingEnrolments.id));
}

// ------------------------------------------------------------------------------------------------ instructors, staff

export async function findInstructorByUser(db: Db, userId: string): Promise<InstructorRow | undefined> {
  const [row] = await db.select().from(trainingInstructors).where(eq(trainingInstructors.userId, userId));
  return row;
}

export async function findInstructorsByIds(db: Db, ids: string[]): Promise<InstructorRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db.select().from(trainingInstructors).where(inArray(trainingInstructors.id, ids));
}

/** The roles (trainer, examiner) an instructor holds in a class. */
export async function rolesInClass(db: Db, regionId: number, classId: string, instructorId: string): Promise<string[]> {
  const rows = await db
    .select({ role: trainingClassStaff.role })
    .from(trainingClassStaff)
    .where(
      and(
        eq(trainingClassStaff.regionId, regionId),
        eq(trainingClassStaff.classId, classId),
        eq(trainingClassStaff.instructorId, instructorId),
      ),
    );
  return rows.map((r) => r.role);
}

/** Classes where the instructor is an examiner, newest first, with their learner and signed counts. */
export async function listExaminerClasses(db: Db, instructorId: string) {
  return queryRows<{
    region_id: number;
    id: string;
    class_no: string;
    title: string;
    course_id: number;
    org_id: number;
    status: string;
    starts_on: string;
    ends_on: string;
    learners: number;
    signed: number;
    is_trainer: boolean;
  }>(
    db,
    sql`SELECT c.region_id, c.id, c.class_no, c.title, c.course_id, c.org_id, c.status, c.starts_on::text, c.ends_on::text,
          (SELECT count(*)::int FROM ${trainingEnrolments} e WHERE e.region_id = c.region_id AND e.class_id = c.id
             AND e.status IN ('enrolled', 'completed', 'failed')) AS learners,
          (SELECT count(DISTINCT p.enrolment_id)::int FROM ${trainingPracticalScores} p
             WHERE p.region_id = c.region_id AND p.class_id = c.id AND p.status = 'signed') AS signed,
          EXISTS (SELECT 1 FROM ${trainingClassStaff} t WHERE t.region_id = c.region_id AND t.class_id = c.id
             AND t.instructor_id = ${instructorId} AND t.role = 'trainer') AS is_trainer
        FROM ${trainingClassStaff} s
        JOIN ${trainingClasses} c ON c.region_id = s.region_id AND c.id = s.class_id
        WHERE s.instructor_id = ${instructorId} AND s.role = 'examiner' AND c.status <> 'cancelled'
        ORDER BY c.starts_on DESC, c.class_no
        LIMIT 200`,
  );
}

// ------------------------------------------------------------------------------------------------ practical scores

export async function listScoresOfEnrolment(db: Db, regionId: number, enrolmentId: string): Promise<ScoreRow[]> {
  return db
    .select()
    .from(trainingPracticalScores)
    .where(and(eq(trainingPracticalScores.regionId, regionId), eq(trainingPracticalScores.enrolmentId, enrolmentId)))
    .orderBy(asc(trainingPracticalScores.version));
}

export async function listScoresOfClass(db: Db, regionId: number, classId: string): Promise<ScoreRow[]> {
  return db
    .select()
    .from(trainingPracticalScores)
    .where(and(eq(trainingPracticalScores.regionId, regionId), eq(trainingPracticalScores.classId, classId)))
    .orderBy(asc(trainingPracticalScores.version));
}

export async function insertScore(db: Db, row: ScoreInsert): Promise<ScoreRow> {
  const [created] = await db.insert(trainingPracticalScores).values(row).returning();
  return created;
}

export async function updateScore(
  db: Db,
  regionId: number,
  id: string,
  patch: Partial<ScoreInsert>,
): Promise<ScoreRow> {
  const [row] = await db
    .update(trainingPracticalScores)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(trainingPracticalScores.regionId, regionId), eq(trainingPracticalScores.id, id)))
    .returning();
  return row;
}

export async function findScoreById(db: Db, id: string): Promise<ScoreRow | undefined> {
  const [row] = await db.select().from(trainingPracticalScores).where(eq(trainingPracticalScores.id, id)).limit(1);
  return row;
}

/** Amendments waiting for a second user, in units matching `scope` (a condition on the class's org id). */
export async function listPendingAmendments(db: Db, scope: SQL, limit: number) {
  return db
    .select({ score: trainingPracticalScores, cls: trainingClasses, enrolment: trainingEnrolments })
    .from(trainingPracticalScores)
    .innerJoin(
      trainingClasses,
      and(
        eq(trainingClasses.regionId, trainingPracticalScores.regionId),
        eq(trainingClasses.id, trainingPracticalScores.classId),
      ),
    )
    .innerJoin(
      trainingEnrolments,
      and(
        eq(trainingEnrolments.regionId, trainingPracticalScores.regionId),
        eq(trainingEnrolments.id, trainingPracticalScores.enrolmentId),
      ),
    )
    .where(and(eq(trainingPracticalScores.status, 'amendment_pending'), scope))
    .orderBy(asc(trainingPracticalScores.createdAt))
    .limit(limit);
}

// ------------------------------------------------------------------------------------------------ certificates

/** Takes the next number of a unit's series for a year (the counter row stays locked until the transaction ends). */
export async function takeCertSeq(db: Db, orgId: number, year: number): Promise<number> {
  const [row] = await db
    .insert(trainingCertCounters)
    .values({ orgId, year, lastSeq: 1 })
    .onConflictDoUpdate({
      target: [trainingCertCounters.orgId, trainingCertCounters.year],
      set: { lastSeq: sql`${trainingCertCounters.lastSeq} + 1` },
    })
    .returning({ lastSeq: trainingCertCounters.lastSeq });
  return row.lastSeq;
}

/** Moves a series past numbers taken outside it (imported historical certificates). */
export async function raiseCertSeq(db: Db, orgId: number, year: number, atLeast: number): Promise<void> {
  await db
    .insert(trainingCertCounters)
    .values({ orgId, year, lastSeq: atLeast })
    .onConflictDoUpdate({
      target: [trainingCertCounters.orgId, trainingCertCounters.year],
      set: { lastSeq: sql`greatest(${trainingCertCounters.lastSeq}, ${atLeast})` },
    });
}

export async function insertCertificate(db: Db, row: CertificateInsert): Promise<CertificateRow> {
  const [created] = await db.insert(trainingCertificates).values(row).returning();
  return created;
}

export async function insertCertificates(db: Db, rows: CertificateInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(trainingCertificates).values(rows.slice(i, i + 500));
  }
}

export async function findCertificateById(db: Db, id: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(trainingCertificates).where(eq(trainingCertificates.id, id)).limit(1);
  return row;
}

export async function lockCertificate(db: Db, regionId: number, id: string): Promise<CertificateRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingCertificates)
    .where(and(eq(trainingCertificates.regionId, regionId), eq(trainingCertificates.id, id)))
    .for('update');
  return row;
}

/** The public verification lookup: one index probe on cert_no, the few columns the page may show. */
export async function findCertificateForVerify(db: Db, certNo: string) {
  const [row] = await db
    .select({
      certNo: trainingCertificates.certNo,
      orgId: trainingCertificates.orgId,
      courseId: trainingCertificates.courseId,
      holderNameMasked: trainingCertificates.holderNameMasked,
      issuedOn: trainingCertificates.issuedOn,
      validUntil: trainingCertificates.validUntil,
      status: trainingCertificates.status,
      verifyCode: trainingCertificates.verifyCode,
      revokeCategory: trainingCertificates.revokeCategory,
    })
    .from(trainingCertificates)
    .where(eq(trainingCertificates.certNo, certNo))
    .limit(1);
  return row;
}

export async function findCertificatesByNos(db: Db, certNos: string[]): Promise<string[]> {
  if (certNos.length === 0) {
    return [];
  }
  const rows = await db
    .select({ certNo: trainingCertificates.certNo })
    .from(trainingCertificates)
    .where(inArray(trainingCertificates.certNo, certNos));
  return rows.map((r) => r.certNo);
}

export async function updateCertificate(
  db: Db,
  regionId: number,
  id: string,
  patch: Partial<CertificateInsert>,
): Promise<CertificateRow> {
  const [row] = await db
    .update(trainingCertificates)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(trainingCertificates.regionId, regionId), eq(trainingCertificates.id, id)))
    .returning();
  return row;
}

/** The person's latest valid certificate of a kind (the one a re-certification renews). */
export async function findLatestValidCertificate(
  db: Db,
  personId: string,
  kind: string,
  today: string,
): Promise<CertificateRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingCertificates)
    .where(
      and(
        eq(trainingCertificates.personId, personId),
        eq(trainingCertificates.kind, kind),
        eq(trainingCertificates.status, 'valid'),
        gte(trainingCertificates.validUntil, today),
      ),
    )
    .orderBy(desc(trainingCertificates.validUntil))
    .limit(1);
  return row;
}

/** Valid (not revoked, not expired on `today`) certificates of a kind issued to any of these phones. */
export async function listValidCertificatesByPhones(
  db: Db,
  phoneHashes: string[],
  kind: string,
  today: string,
): Promise<CertificateRow[]> {
  if (phoneHashes.length === 0) {
    return [];
  }
  return db
    .select()
    .from(trainingCertificates)
    .where(
      and(
        inArray(trainingCertificates.phoneHash, phoneHashes),
        eq(trainingCertificates.kind, kind),
        eq(trainingCertificates.status, 'valid'),
        gte(trainingCertificates.validUntil, today),
      ),
    )
    .orderBy(desc(trainingCertificates.validUntil));
}

export async function listCertificatesByPhone(db: Db, phoneHash: string): Promise<CertificateRow[]> {
  return db
    .select()
    .from(trainingCertificates)
    .where(eq(trainingCertificates.phoneHash, phoneHash))
    .orderBy(desc(trainingCertificates.issuedOn))
    .limit(50);
}

export type CertificateFilter = {
  scope: SQL;
  regionId?: number;
  q?: string;
  personId?: string;
  status?: 'valid' | 'expired' | 'revoked';
  expiringWithinDays?: number;
  today: string;
  limit: number;
  offset: number;
};

function certificateWhere(f: CertificateFilter): SQL {
  const c = trainingCertificates;
  const where: SQL[] = [f.scope];
  if (f.regionId !== undefined) {
    where.push(eq(c.regionId, f.regionId));
  }
  if (f.q) {
    const escaped = f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`);
    where.push(or(eq(c.certNo, f.q), ilike(c.holderName, `%${escaped}%`))!);
  }
  if (f.personId) {
    where.push(eq(c.personId, f.personId));
  }
  if (f.status === 'revoked') {
    where.push(eq(c.status, 'revoked'));
  } else if (f.status === 'valid') {
    where.push(and(eq(c.status, 'valid'), gte(c.validUntil, f.today))!);
  } else if (f.status === 'expired') {
    where.push(and(eq(c.status, 'valid'), lt(c.validUntil, f.today))!);
  }
  if (f.expiringWithinDays !== undefined) {
    where.push(
      and(
        eq(c.status, 'valid'),
        gte(c.validUntil, f.today),
        lte(c.validUntil, sql`(${f.today}::date + ${f.expiringWithinDays}::int)`),
      )!,
    );
  }
  return and(...where)!;
}

export async function listCertificates(db: Db, f: CertificateFilter) {
  const where = certificateWhere(f);
  const rows = await db
    .select()
    .from(trainingCertificates)
    .where(where)
    .orderBy(desc(trainingCertificates.issuedOn), desc(trainingCertificates.certNo))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(trainingCertificates).where(where);
  return { rows, total: Number(total) };
}

/** Valid certificates whose reminder (90 or 30 days ahead) is due and not yet sent. */
export async function listDueReminders(db: Db, days: 90 | 30, today: string, limit: number) {
  const c = trainingCertificates;
  const sentAt = days === 90 ? c.reminded90At : c.reminded30At;
  const lower = days === 90 ? sql`(${today}::date + 31)` : sql`${today}::date`;
  return db
    .select()
    .from(c)
    .where(
      and(
        eq(c.status, 'valid'),
        gte(c.validUntil, lower),
        lte(c.validUntil, sql`(${today}::date + ${days}::int)`),
        isNull(sentAt),
      ),
    )
    .orderBy(asc(c.validUntil))
    .limit(limit);
}

/** Holders of a valid certificate of a kind at a date (the AED/response module alerts them). */
export async function listValidHolders(db: Db, kind: string, at: string, scope: SQL, limit: number) {
  const c = trainingCertificates;
  return db
    .selectDistinctOn([c.personRegionId, c.personId], {
      personRegionId: c.personRegionId,
      personId: c.personId,
      certNo: c.certNo,
      validUntil: c.validUntil,
    })
    .from(c)
    .where(and(eq(c.kind, kind), eq(c.status, 'valid'), gte(c.validUntil, at), lte(c.issuedOn, at), scope))
    .orderBy(c.personRegionId, c.personId, desc(c.validUntil))
    .limit(limit);
}

export async function hasValidCertificate(
  db: Db,
  personRegionId: number,
  personId: string,
  kind: string,
  at: string,
): Promise<boolean> {
  const c = trainingCertificates;
  const [row] = await db
    .select({ id: c.id })
    .from(c)
    .where(
      and(
        eq(c.personId, personId),
        eq(c.personRegionId, personRegionId),
        eq(c.kind, kind),
        eq(c.status, 'valid'),
        gte(c.validUntil, at),
        lte(c.issuedOn, at),
      ),
    )
    .limit(1);
  return row !== undefined;
}

// ------------------------------------------------------------------------------------------------ statistics

export type StatWindow = {
  /** A condition on an org id column: the unit's subtree. */
  scopeOn: (column: SQLWrapper) => SQL;
  regionId?: number;
  from: string;
  to: string;
  today: string;
};

type OrgCount = { org_id: number; n: number };

/**
 * Per-unit counts in a subtree: enrolments in [from, to) (trainees), certificates issued in [from, to), certificates
 * valid today, awareness attendees in [from, to). The caller rolls them up the tree.
 */
export async function countsByOrg(db: Db, w: StatWindow) {
  const e = trainingEnrolments;
  const c = trainingCertificates;
  const a = trainingAwarenessSessions;
  const region = (col: SQLWrapper) => (w.regionId === undefined ? sql`true` : sql`${col} = ${w.regionId}`);
  const trainees = await queryRows<OrgCount>(
    db,
    sql`SELECT ${e.orgId} AS org_id, count(*)::int AS n FROM ${e}
        WHERE ${region(e.regionId)} AND ${w.scopeOn(e.orgId)} AND ${e.status} IN ('enrolled', 'completed', 'failed')
          AND ${e.enrolledAt} >= (${w.from}::timestamp AT TIME ZONE 'Asia/Shanghai') AND ${e.enrolledAt} < (${w.to}::timestamp AT TIME ZONE 'Asia/Shanghai')
        GROUP BY 1`,
  );
  const issued = await queryRows<OrgCount>(
    db,
    sql`SELECT ${c.orgId} AS org_id, count(*)::int AS n FROM ${c}
        WHERE ${region(c.regionId)} AND ${w.scopeOn(c.orgId)} AND ${c.issuedOn} >= ${w.from} AND ${c.issuedOn} < ${w.to}
        GROUP BY 1`,
  );
  const valid = await queryRows<OrgCount>(
    db,
    sql`SELECT ${c.orgId} AS org_id, count(*)::int AS n FROM ${c}
        WHERE ${region(c.regionId)} AND ${w.scopeOn(c.orgId)} AND ${c.status} = 'valid'
          AND ${c.validUntil} >= ${w.today} AND ${c.issuedOn} <= ${w.today}
        GROUP BY 1`,
  );
  const awareness = await queryRows<OrgCount>(
    db,
    sql`SELECT ${a.orgId} AS org_id, sum(${a.attendees})::int AS n FROM ${a}
        WHERE ${region(a.regionId)} AND ${w.scopeOn(a.orgId)} AND ${a.heldOn} >= ${w.from} AND ${a.heldOn} < ${w.to}
        GROUP BY 1`,
  );
  return { trainees, issued, valid, awareness };
}

type PassRow = {
  key: string;
  label: string;
  theory_passed: number;
  theory_decided: number;
  practical_passed: number;
  practical_decided: number;
};

const passColumns = (e: typeof trainingEnrolments) => sql`
  count(*) FILTER (WHERE ${e.theoryResult} = 'passed')::int AS theory_passed,
  count(*) FILTER (WHERE ${e.theoryResult} IN ('passed', 'failed'))::int AS theory_decided,
  count(*) FILTER (WHERE ${e.practicalResult} = 'passed')::int AS practical_passed,
  count(*) FILTER (WHERE ${e.practicalResult} IN ('passed', 'failed'))::int AS practical_decided`;

/** Theory and practical pass rates of the period's enrolments per course and per trainer of their class. */
export async function passRates(db: Db, w: StatWindow) {
  const e = trainingEnrolments;
  const cl = trainingClasses;
  const where = sql`${region(w, e.regionId)} AND ${w.scopeOn(e.orgId)} AND ${e.status} IN ('enrolled', 'completed', 'failed')
    AND ${e.enrolledAt} >= (${w.from}::timestamp AT TIME ZONE 'Asia/Shanghai') AND ${e.enrolledAt} < (${w.to}::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const byCourse = await queryRows<PassRow>(
    db,
    sql`SELECT co.id::text AS key, co.name_zh AS label, ${passColumns(e)}
        FROM ${e} JOIN ${cl} ON ${cl.regionId} = ${e.regionId} AND ${cl.id} = ${e.classId}
        JOIN ${trainingCourses} co ON co.id = ${cl.courseId}
        WHERE ${where} GROUP BY co.id, co.name_zh ORDER BY co.id`,
  );
  const byTrainer = await queryRows<PassRow>(
    db,
    sql`SELECT i.id::text AS key, i.name AS label, ${passColumns(e)}
        FROM ${e} JOIN ${trainingClassStaff} s ON s.region_id = ${e.regionId} AND s.class_id = ${e.classId} AND s.role = 'trainer'
        JOIN ${trainingInstructors} i ON i.id = s.instructor_id
        WHERE ${where} GROUP BY i.id, i.name ORDER BY i.name LIMIT 200`,
  );
  return { byCourse, byTrainer };
}

function region(w: StatWindow, col: SQLWrapper): SQL {
  return w.regionId === undefined ? sql`true` : sql`${col} = ${w.regionId}`;
}

// ------------------------------------------------------------------------------------------------ demo

export async function insertAwarenessSessions(db: Db, rows: AwarenessInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(trainingAwarenessSessions).values(rows.slice(i, i + 500));
  }
}

export async function countCertificates(db: Db): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(trainingCertificates);
  return Number(n);
}
