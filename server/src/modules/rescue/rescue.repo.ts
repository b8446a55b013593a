// Rescue data access: the only file that touches the rescue tables. Statistics are plain SQL kept visible here.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import {
  rescueCertifications,
  rescueDeploymentEvents,
  rescueDeploymentMembers,
  rescueDeployments,
  rescueEquipment,
  rescueEquipmentInspections,
  rescueMembers,
  rescueTeams,
  rescueTrainings,
} from './rescue.tables';

export type TeamRow = typeof rescueTeams.$inferSelect;
export type MemberRow = typeof rescueMembers.$inferSelect;
export type CertificationRow = typeof rescueCertifications.$inferSelect;
export type EquipmentRow = typeof rescueEquipment.$inferSelect;
export type InspectionRow = typeof rescueEquipmentInspections.$inferSelect;
export type DeploymentRow = typeof rescueDeployments.$inferSelect;
export type DeploymentMemberRow = typeof rescueDeploymentMembers.$inferSelect;
export type EventRow = typeof rescueDeploymentEvents.$inferSelect;
export type TrainingRow = typeof rescueTrainings.$inferSelect;

export const columns = {
  teamOrgId: rescueTeams.orgId,
  deploymentTeam: rescueDeployments.teamOrgId,
};

// ------------------------------------------------------------------------------------------------ teams

export async function findTeam(db: Db, orgId: number): Promise<TeamRow | undefined> {
  const [row] = await db.select().from(rescueTeams).where(eq(rescueTeams.orgId, orgId));
  return row;
}

export async function upsertTeam(db: Db, row: typeof rescueTeams.$inferInsert): Promise<TeamRow> {
  const { orgId: _orgId, createdAt: _createdAt, ...patch } = row;
  const [saved] = await db
    .insert(rescueTeams)
    .values(row)
    .onConflictDoUpdate({ target: rescueTeams.orgId, set: { ...patch, updatedAt: new Date() } })
    .returning();
  return saved;
}

export async function listTeams(db: Db, scope: SQL, speciality?: string): Promise<TeamRow[]> {
  return db
    .select()
    .from(rescueTeams)
    .where(and(scope, speciality ? eq(rescueTeams.speciality, speciality) : undefined))
    .orderBy(asc(rescueTeams.orgId));
}

/** Per team: active and party members, equipment lines, certifications expiring by `soon`, open deployments. */
export async function teamCounts(db: Db, orgIds: number[], soon: string) {
  const out = new Map<
    number,
    { active: number; party: number; equipment: number; expiring: number; open: number; leaders: MemberRow[] }
  >();
  for (const id of orgIds) {
    out.set(id, { active: 0, party: 0, equipment: 0, expiring: 0, open: 0, leaders: [] });
  }
  if (orgIds.length === 0) {
    return out;
  }
  const members = await db
    .select()
    .from(rescueMembers)
    .where(and(inArray(rescueMembers.teamOrgId, orgIds), isNull(rescueMembers.leftOn)));
  for (const m of members) {
    const c = out.get(m.teamOrgId)!;
    c.active++;
    c.party += m.isPartyMember ? 1 : 0;
    if (m.role !== 'member') {
      c.leaders.push(m);
    }
  }
  const ids = sql.join(
    orgIds.map((i) => sql`${i}`),
    sql`, `,
  );
  const rows = await queryRows<{ team: number; kind: string; n: number }>(
    db,
    sql`SELECT team_org_id AS team, 'equipment' AS kind, count(*)::int AS n FROM rescue_equipment
        WHERE team_org_id IN (${ids}) AND condition <> 'retired' GROUP BY team_org_id
        UNION ALL
        SELECT c.team_org_id, 'expiring', count(*)::int FROM rescue_certifications c
        JOIN rescue_members m ON m.region_id = c.region_id AND m.id = c.member_id AND m.left_on IS NULL
        WHERE c.team_org_id IN (${ids}) AND c.expires_on IS NOT NULL AND c.expires_on <= ${soon}::date
        GROUP BY c.team_org_id
        UNION ALL
        SELECT team_org_id, 'open', count(*)::int FROM rescue_deployments
        WHERE team_org_id IN (${ids}) AND status <> 'closed' GROUP BY team_org_id`,
  );
  for (const r of rows) {
    const c = out.get(Number(r.team))!;
    if (r.kind === 'equipment') {
      c.equipment = r.n;
    } else if (r.kind === 'expiring') {
      c.expiring = r.n;
    } else {
      c.open = r.n;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ members

export async function insertMember(db: Db, row: typeof rescueMembers.$inferInsert): Promise<MemberRow> {
  const [created] = await db.insert(rescueMembers).values(row).returning();
  return created;
}

export async function findMember(db: Db, id: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(rescueMembers).where(eq(rescueMembers.id, id));
  return row;
}

export async function findActiveMembership(
  db: Db,
  regionId: number,
  teamOrgId: number,
  personId: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(rescueMembers)
    .where(
      and(
        eq(rescueMembers.regionId, regionId),
        eq(rescueMembers.teamOrgId, teamOrgId),
        eq(rescueMembers.personId, personId),
        isNull(rescueMembers.leftOn),
      ),
    );
  return row;
}

export async function updateMember(db: Db, row: MemberRow, patch: Partial<MemberRow>): Promise<MemberRow> {
  const [saved] = await db
    .update(rescueMembers)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(rescueMembers.regionId, row.regionId), eq(rescueMembers.id, row.id)))
    .returning();
  return saved;
}

export async function listMembers(db: Db, teamOrgId: number, includeLeft: boolean): Promise<MemberRow[]> {
  return db
    .select()
    .from(rescueMembers)
    .where(and(eq(rescueMembers.teamOrgId, teamOrgId), includeLeft ? undefined : isNull(rescueMembers.leftOn)))
    .orderBy(
      sql`CASE ${rescueMembers.role} WHEN 'captain' THEN 0 WHEN 'vice_captain' THEN 1 ELSE 2 END`,
      asc(rescueMembers.joinedOn),
      asc(rescueMembers.name),
    );
}

export async function findMembersByIds(db: Db, ids: string[]): Promise<MemberRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db.select().from(rescueMembers).where(inArray(rescueMembers.id, ids));
}

export async function insertCertification(
  db: Db,
  row: typeof rescueCertifications.$inferInsert,
): Promise<CertificationRow> {
  const [created] = await db.insert(rescueCertifications).values(row).returning();
  return created;
}

export async function listCertificationsOfMembers(db: Db, memberIds: string[]): Promise<CertificationRow[]> {
  if (memberIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(rescueCertifications)
    .where(inArray(rescueCertifications.memberId, memberIds))
    .orderBy(asc(rescueCertifications.expiresOn));
}

/** Certifications of active members expiring on or before `until` whose warning has not gone out yet. */
export async function listDueCertificationWarnings(db: Db, until: string, limit: number) {
  return db
    .select({ cert: rescueCertifications, member: rescueMembers })
    .from(rescueCertifications)
    .innerJoin(
      rescueMembers,
      and(
        eq(rescueMembers.regionId, rescueCertifications.regionId),
        eq(rescueMembers.id, rescueCertifications.memberId),
      ),
    )
    .where(
      and(
        isNull(rescueCertifications.remindedAt),
        lte(rescueCertifications.expiresOn, until),
        isNull(rescueMembers.leftOn),
      ),
    )
    .orderBy(asc(rescueCertifications.expiresOn))
    .limit(limit);
}

export async function markCertificationsReminded(db: Db, ids: { regionId: number; id: string }[], at: Date) {
  for (const c of ids) {
    await db
      .update(rescueCertifications)
      .set({ remindedAt: at })
      .where(and(eq(rescueCertifications.regionId, c.regionId), eq(rescueCertifications.id, c.id)));
  }
}

/** Attendance (member-deployments) and minutes on deployment per member. */
export async function attendanceOfMembers(db: Db, memberIds: string[]) {
  const out = new Map<string, { attendance: number; minutes: number }>();
  if (memberIds.length === 0) {
    return out;
  }
  const rows = await db
    .select({
      memberId: rescueDeploymentMembers.memberId,
      attendance: sql<number>`count(*)::int`.mapWith(Number),
      minutes:
        sql<number>`coalesce(sum(extract(epoch FROM (${rescueDeploymentMembers.returnedAt} - ${rescueDeploymentMembers.departedAt})) / 60), 0)::int`.mapWith(
          Number,
        ),
    })
    .from(rescueDeploymentMembers)
    .where(and(inArray(rescueDeploymentMembers.memberId, memberIds), isNotNull(rescueDeploymentMembers.departedAt)))
    .groupBy(rescueDeploymentMembers.memberId);
  for (const r of rows) {
    out.set(r.memberId, { attendance: r.attendance, minutes: r.minutes });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ equipment

export async function insertEquipment(db: Db, row: typeof rescueEquipment.$inferInsert): Promise<EquipmentRow> {
  const [created] = await db.insert(rescueEquipment).values(row).returning();
  return created;
}

export async function findEquipment(db: Db, id: string): Promise<EquipmentRow | undefined> {
  const [row] = await db.select().from(rescueEquipment).where(eq(rescueEquipment.id, id));
  return row;
}

export async function findEquipmentByIds(db: Db, ids: string[]): Promise<EquipmentRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db.select().from(rescueEquipment).where(inArray(rescueEquipment.id, ids));
}

export async function updateEquipment(db: Db, row: EquipmentRow, patch: Partial<EquipmentRow>): Promise<EquipmentRow> {
  const [saved] = await db
    .update(rescueEquipment)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(rescueEquipment.regionId, row.regionId), eq(rescueEquipment.id, row.id)))
    .returning();
  return saved;
}

export async function listEquipment(db: Db, teamOrgId: number): Promise<EquipmentRow[]> {
  return db
    .select()
    .from(rescueEquipment)
    .where(eq(rescueEquipment.teamOrgId, teamOrgId))
    .orderBy(asc(rescueEquipment.category), asc(rescueEquipment.name));
}

export async function insertInspection(
  db: Db,
  row: typeof rescueEquipmentInspections.$inferInsert,
): Promise<InspectionRow> {
  const [created] = await db.insert(rescueEquipmentInspections).values(row).returning();
  return created;
}

export async function listInspections(db: Db, equipmentIds: string[]): Promise<InspectionRow[]> {
  if (equipmentIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(rescueEquipmentInspections)
    .where(inArray(rescueEquipmentInspections.equipmentId, equipmentIds))
    .orderBy(desc(rescueEquipmentInspections.inspectedOn), desc(rescueEquipmentInspections.createdAt));
}

// ------------------------------------------------------------------------------------------------ deployments

export async function insertDeployment(db: Db, row: typeof rescueDeployments.$inferInsert): Promise<DeploymentRow> {
  const [created] = await db.insert(rescueDeployments).values(row).returning();
  return created;
}

export async function findDeployment(db: Db, id: string): Promise<DeploymentRow | undefined> {
  const [row] = await db.select().from(rescueDeployments).where(eq(rescueDeployments.id, id));
  return row;
}

/** The deployment locked for a change (two tablets in the field may write at once). */
export async function lockDeployment(db: Db, regionId: number, id: string): Promise<DeploymentRow | undefined> {
  const [row] = await db
    .select()
    .from(rescueDeployments)
    .where(and(eq(rescueDeployments.regionId, regionId), eq(rescueDeployments.id, id)))
    .for('update');
  return row;
}

export async function updateDeployment(
  db: Db,
  row: DeploymentRow,
  patch: Partial<DeploymentRow>,
): Promise<DeploymentRow> {
  const [saved] = await db
    .update(rescueDeployments)
    .set(patch)
    .where(and(eq(rescueDeployments.regionId, row.regionId), eq(rescueDeployments.id, row.id)))
    .returning();
  return saved;
}

export type DeploymentFilter = {
  scope: SQL;
  teamUnder?: SQL;
  status?: string;
  fromAt?: Date;
  toAt?: Date;
  limit: number;
  offset: number;
};

function deploymentWhere(f: DeploymentFilter): SQL {
  return and(
    f.scope,
    f.teamUnder,
    f.status ? eq(rescueDeployments.status, f.status) : undefined,
    f.fromAt ? sql`${rescueDeployments.calledOutAt} >= ${f.fromAt.toISOString()}` : undefined,
    f.toAt ? sql`${rescueDeployments.calledOutAt} < ${f.toAt.toISOString()}` : undefined,
  )!;
}

export async function listDeployments(db: Db, f: DeploymentFilter) {
  const where = deploymentWhere(f);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int`.mapWith(Number) })
    .from(rescueDeployments)
    .where(where);
  const rows = await db
    .select()
    .from(rescueDeployments)
    .where(where)
    .orderBy(desc(rescueDeployments.calledOutAt))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total };
}

export async function dispatchCounts(db: Db, deploymentIds: string[]) {
  const out = new Map<string, { members: number; party: number }>();
  if (deploymentIds.length === 0) {
    return out;
  }
  const rows = await db
    .select({
      id: rescueDeploymentMembers.deploymentId,
      members: sql<number>`count(*)::int`.mapWith(Number),
      party: sql<number>`count(*) FILTER (WHERE ${rescueDeploymentMembers.isPartyMember})::int`.mapWith(Number),
    })
    .from(rescueDeploymentMembers)
    .where(inArray(rescueDeploymentMembers.deploymentId, deploymentIds))
    .groupBy(rescueDeploymentMembers.deploymentId);
  for (const r of rows) {
    out.set(r.id, { members: r.members, party: r.party });
  }
  return out;
}

export async function listDispatched(db: Db, regionId: number, deploymentId: string): Promise<DeploymentMemberRow[]> {
  return db
    .select()
    .from(rescueDeploymentMembers)
    .where(and(eq(rescueDeploymentMembers.regionId, regionId), eq(rescueDeploymentMembers.deploymentId, deploymentId)))
    .orderBy(asc(rescueDeploymentMembers.createdAt));
}

export async function insertDispatched(db: Db, rows: (typeof rescueDeploymentMembers.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) {
    await db.insert(rescueDeploymentMembers).values(rows);
  }
}

export async function updateDispatched(
  db: Db,
  row: DeploymentMemberRow,
  patch: Partial<DeploymentMemberRow>,
): Promise<DeploymentMemberRow> {
  const [saved] = await db
    .update(rescueDeploymentMembers)
    .set(patch)
    .where(
      and(
        eq(rescueDeploymentMembers.regionId, row.regionId),
        eq(rescueDeploymentMembers.deploymentId, row.deploymentId),
        eq(rescueDeploymentMembers.memberId, row.memberId),
      ),
    )
    .returning();
  return saved;
}

/**
 * The other deployments these people are on whose time overlaps [start, end) (end null = still out): a stint runs
 * from its departure (or its deployment's call-out) to its return (or, while out, without end); closed deployments
 * whose member never returned count only up to the deployment's closing.
 */
export async function findOverlappingStints(
  db: Db,
  personIds: string[],
  exceptDeploymentId: string,
  start: Date,
  end: Date | null,
) {
  if (personIds.length === 0) {
    return [];
  }
  return queryRows<{ person_id: string; deployment_no: string }>(
    db,
    sql`SELECT dm.person_id, d.deployment_no
        FROM rescue_deployment_members dm
        JOIN rescue_deployments d ON d.region_id = dm.region_id AND d.id = dm.deployment_id
        WHERE dm.person_id IN (${sql.join(
          personIds.map((p) => sql`${p}::uuid`),
          sql`, `,
        )})
          AND dm.deployment_id <> ${exceptDeploymentId}::uuid
          AND coalesce(dm.departed_at, d.called_out_at) < ${end ? end.toISOString() : 'infinity'}::timestamptz
          AND coalesce(dm.returned_at, d.closed_at, 'infinity'::timestamptz) > ${start.toISOString()}::timestamptz`,
  );
}

/** Serialises dispatches of the same people (two deployments could otherwise each miss the other's new row). */
export async function lockPeople(db: Db, personIds: string[]): Promise<void> {
  for (const id of [...new Set(personIds)].sort()) {
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`rescue-person:${id}`}))`);
  }
}

export async function insertEvent(db: Db, row: typeof rescueDeploymentEvents.$inferInsert): Promise<void> {
  await db.insert(rescueDeploymentEvents).values(row);
}

export async function listEvents(db: Db, regionId: number, deploymentId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(rescueDeploymentEvents)
    .where(and(eq(rescueDeploymentEvents.regionId, regionId), eq(rescueDeploymentEvents.deploymentId, deploymentId)))
    .orderBy(asc(rescueDeploymentEvents.createdAt), asc(rescueDeploymentEvents.at));
}

// ------------------------------------------------------------------------------------------------ training

export async function insertTraining(db: Db, row: typeof rescueTrainings.$inferInsert): Promise<TrainingRow> {
  const [created] = await db.insert(rescueTrainings).values(row).returning();
  return created;
}

export async function listTrainings(db: Db, teamOrgId: number, limit: number): Promise<TrainingRow[]> {
  return db
    .select()
    .from(rescueTrainings)
    .where(eq(rescueTrainings.teamOrgId, teamOrgId))
    .orderBy(desc(rescueTrainings.heldOn), desc(rescueTrainings.createdAt))
    .limit(limit);
}

// ------------------------------------------------------------------------------------------------ statistics

/** `teamScope(column)`: the teams in scope, as a condition on a team_org_id column. */
export type StatsWindow = { teamScope: (column: SQLWrapper) => SQL; fromAt: Date | null; toAt: Date | null };

function windowSql(column: SQL, w: StatsWindow): SQL {
  return sql`${w.fromAt ? sql`${column} >= ${w.fromAt.toISOString()}::timestamptz` : sql`true`} AND ${
    w.toAt ? sql`${column} < ${w.toAt.toISOString()}::timestamptz` : sql`true`
  }`;
}

/** Per team in scope: deployments, attendance, party attendance, hours, people helped and rescued. */
export async function statsByTeam(db: Db, w: StatsWindow) {
  const d = sql.raw('d');
  return queryRows<{
    team: number;
    deployments: number;
    attendance: number;
    party: number;
    minutes: number;
    helped: number;
    rescued: number;
  }>(
    db,
    sql`SELECT d.team_org_id AS team,
               count(*)::int AS deployments,
               coalesce(sum(a.attendance), 0)::int AS attendance,
               coalesce(sum(a.party), 0)::int AS party,
               coalesce(sum(a.minutes), 0)::int AS minutes,
               coalesce(sum(d.people_helped), 0)::int AS helped,
               coalesce(sum(d.people_rescued), 0)::int AS rescued
        FROM rescue_deployments d
        LEFT JOIN LATERAL (
          SELECT count(*) AS attendance,
                 count(*) FILTER (WHERE dm.is_party_member) AS party,
                 coalesce(sum(extract(epoch FROM (dm.returned_at - dm.departed_at)) / 60), 0) AS minutes
          FROM rescue_deployment_members dm
          WHERE dm.region_id = d.region_id AND dm.deployment_id = d.id AND dm.departed_at IS NOT NULL
        ) a ON true
        WHERE ${w.teamScope(sql.raw('d.team_org_id'))} AND ${windowSql(sql`${d}.called_out_at`, w)}
        GROUP BY d.team_org_id`,
  );
}

export async function statsByKindAndMonth(db: Db, w: StatsWindow) {
  const d = sql.raw('d');
  return queryRows<{ kind: string; month: string; deployments: number; attendance: number }>(
    db,
    sql`SELECT d.incident_kind AS kind,
               to_char(d.called_out_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
               count(*)::int AS deployments,
               coalesce(sum((SELECT count(*) FROM rescue_deployment_members dm
                             WHERE dm.region_id = d.region_id AND dm.deployment_id = d.id AND dm.departed_at IS NOT NULL)), 0)::int AS attendance
        FROM rescue_deployments d
        WHERE ${w.teamScope(sql.raw('d.team_org_id'))} AND ${windowSql(sql`${d}.called_out_at`, w)}
        GROUP BY 1, 2 ORDER BY 2, 1`,
  );
}

/** Per member of the teams in scope: attendance and hours in the window, training sessions attended. */
export async function statsByMember(db: Db, w: StatsWindow, limit: number) {
  const d = sql.raw('d');
  const tr = sql.raw('tr');
  return queryRows<{
    member_id: string;
    name: string;
    team_org_id: number;
    is_party_member: boolean;
    attendance: number;
    minutes: number;
    trainings: number;
  }>(
    db,
    sql`SELECT m.id AS member_id, m.name, m.team_org_id, m.is_party_member,
               coalesce(a.attendance, 0)::int AS attendance, coalesce(a.minutes, 0)::int AS minutes,
               (SELECT count(*) FROM rescue_trainings tr
                WHERE tr.team_org_id = m.team_org_id AND tr.member_ids ? m.id::text
                  AND ${windowSql(sql`(${tr}.held_on::timestamp AT TIME ZONE 'Asia/Shanghai')`, w)})::int AS trainings
        FROM rescue_members m
        LEFT JOIN LATERAL (
          SELECT count(*) AS attendance,
                 sum(extract(epoch FROM (dm.returned_at - dm.departed_at)) / 60) AS minutes
          FROM rescue_deployment_members dm
          JOIN rescue_deployments d ON d.region_id = dm.region_id AND d.id = dm.deployment_id
          WHERE dm.member_id = m.id AND dm.departed_at IS NOT NULL AND ${windowSql(sql`${d}.called_out_at`, w)}
        ) a ON true
        WHERE ${w.teamScope(sql.raw('m.team_org_id'))} AND (m.left_on IS NULL OR coalesce(a.attendance, 0) > 0)
        ORDER BY attendance DESC, minutes DESC, m.name
        LIMIT ${limit}`,
  );
}

export async function activeMemberCounts(db: Db, w: StatsWindow) {
  return queryRows<{ team: number; n: number }>(
    db,
    sql`SELECT team_org_id AS team, count(*)::int AS n FROM rescue_members m
        WHERE ${w.teamScope(sql.raw('m.team_org_id'))} AND left_on IS NULL GROUP BY team_org_id`,
  );
}
