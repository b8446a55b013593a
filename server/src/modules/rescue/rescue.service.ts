// Rescue teams (应急救援队): team profiles on rescue_team units, members (people) with certifications and the
// first-aider certificate from the training module, equipment with inspections, deployments (出动) with the members
// dispatched and their own departure and return, training sessions, and the daily certification-expiry warning to the
// team's leaders. Every change is one transaction with its audit row; deployments also keep a readable timeline.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { attachFiles } from '../../platform/files/files.service';
import { assertPoint } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { actorId, actorLabel, assertCanAt, canAt } from '../../platform/rbac/actor';
import type { Permission } from '../../platform/rbac/permissions';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as training from '../training/training.service';
import * as repo from './rescue.repo';
import {
  type AddCertification,
  type AddEquipment,
  type AddMember,
  type AdvanceDeployment,
  type CallOut,
  type CertificationView,
  type CreateTeam,
  type DeploymentListQuery,
  type DeploymentReport,
  type DeploymentSummary,
  type DeploymentView,
  type DispatchMembers,
  type EquipmentView,
  incidentKindLabels,
  type MemberRole,
  type MemberTimes,
  type MemberView,
  memberRoleLabels,
  type RecordInspection,
  type RecordTraining,
  type TeamProfile,
  type TeamView,
  type TrainingView,
  type UpdateEquipment,
  type UpdateMember,
} from './rescue.schemas';

const view: Permission = 'rescue:view';
const manage: Permission = 'rescue:manage';
/** How many days ahead a certification counts as expiring (and its leader is warned). */
export const certificationWarningDays = 30;
/** Clock slack for times typed on a phone in the field. */
const futureSlackMs = 10 * 60_000;

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });
const recorder = (ctx: Ctx) => actorId(ctx.actor) ?? actorLabel(ctx.actor);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Midnight Asia/Shanghai of a China date. */
const chinaMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

function assertNotFutureDate(field: string, date: string | null | undefined): void {
  if (date && date > toChinaDate()) {
    throw invalid(field, 'in the future');
  }
}

function assertNotFutureTime(field: string, at: Date): void {
  if (at.getTime() > Date.now() + futureSlackMs) {
    throw invalid(field, 'in the future');
  }
}

function assertPosition(lat: number | null | undefined, lng: number | null | undefined): void {
  if ((lat == null) !== (lng == null)) {
    throw invalid(lat == null ? 'lat' : 'lng', 'give both latitude and longitude, or neither');
  }
  if (lat != null && lng != null) {
    assertPoint({ lat, lng }, { china: true, field: 'location' });
  }
}

// ------------------------------------------------------------------------------------------------ teams

/** The unit of a team: it must be a rescue_team unit (RESCUE_NOT_A_TEAM), in the actor's scope for `permission`. */
async function teamUnitInScope(db: Db, ctx: Ctx, orgId: number, permission: Permission) {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, permission, org.path);
  if (org.type !== 'rescue_team') {
    throw new AppError('RESCUE_NOT_A_TEAM', { orgId, type: org.type });
  }
  return org;
}

/** A team (unit and profile) in scope; NOT_FOUND when the unit has no rescue profile yet. */
async function teamInScope(db: Db, ctx: Ctx, orgId: number, permission: Permission) {
  const org = await teamUnitInScope(db, ctx, orgId, permission);
  const team = await repo.findTeam(db, orgId);
  if (!team) {
    throw new AppError('NOT_FOUND', { entity: 'rescue_team', orgId });
  }
  return { org, team };
}

async function toTeamViews(db: Db, rows: repo.TeamRow[]): Promise<TeamView[]> {
  const units = await orgs.findOrgsByIds(
    db,
    rows.map((r) => r.orgId),
  );
  const parents = await orgs.findOrgsByIds(db, [
    ...new Set(units.map((u) => u.parentId).filter((p): p is number => p !== null)),
  ]);
  const counts = await repo.teamCounts(
    db,
    rows.map((r) => r.orgId),
    addDays(toChinaDate(), certificationWarningDays),
  );
  return rows.map((t) => {
    const unit = units.find((u) => u.id === t.orgId);
    const c = counts.get(t.orgId)!;
    return {
      orgId: t.orgId,
      name: unit?.name ?? '',
      parentName: parents.find((p) => p.id === unit?.parentId)?.name ?? null,
      hasProfile: true,
      speciality: t.speciality as TeamView['speciality'],
      provinceStatus: t.provinceStatus as TeamView['provinceStatus'],
      provinceRegNo: t.provinceRegNo,
      registeredOn: t.registeredOn,
      foundedOn: t.foundedOn,
      baseAddress: t.baseAddress,
      baseLat: t.baseLat,
      baseLng: t.baseLng,
      contactName: t.contactName,
      contactPhone: t.contactPhone,
      description: t.description,
      leaders: c.leaders
        .sort((a, b) => (a.role === 'captain' ? -1 : b.role === 'captain' ? 1 : 0))
        .map((m) => ({ memberId: m.id, name: m.name, role: m.role as MemberRole })),
      activeMembers: c.active,
      partyMembers: c.party,
      equipmentLines: c.equipment,
      expiringCertifications: c.expiring,
      openDeployments: c.open,
    };
  });
}

function profileColumns(input: TeamProfile) {
  assertPosition(input.baseLat, input.baseLng);
  assertNotFutureDate('registeredOn', input.registeredOn);
  assertNotFutureDate('foundedOn', input.foundedOn);
  if (input.provinceStatus === 'registered' && !input.provinceRegNo) {
    throw invalid('provinceRegNo', 'a team registered with the province has a registration number');
  }
  return {
    speciality: input.speciality,
    provinceStatus: input.provinceStatus,
    provinceRegNo: input.provinceRegNo ?? null,
    registeredOn: input.registeredOn ?? null,
    foundedOn: input.foundedOn ?? null,
    baseAddress: input.baseAddress ?? null,
    baseLat: input.baseLat ?? null,
    baseLng: input.baseLng ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    description: input.description ?? null,
  };
}

/** Teams (units with a rescue profile) in the actor's rescue:view scope, optionally under one unit. */
export async function listTeams(db: Db, ctx: Ctx, q: { orgId?: number; speciality?: string }): Promise<TeamView[]> {
  let scope = orgs.orgScopeCondition(repo.columns.teamOrgId, ctx, view);
  if (q.orgId) {
    const under = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, view, under.path);
    scope = orgs.orgUnderCondition(repo.columns.teamOrgId, under.path);
  }
  return toTeamViews(db, await repo.listTeams(db, scope, q.speciality));
}

export async function viewTeam(db: Db, ctx: Ctx, orgId: number): Promise<TeamView> {
  const { team } = await teamInScope(db, ctx, orgId, view);
  return (await toTeamViews(db, [team]))[0];
}

/**
 * Sets the rescue profile of an existing rescue_team unit (speciality, provincial registration, base, contact).
 * Throws RESCUE_NOT_A_TEAM for another unit type, INVALID_LOCATION for a base outside China.
 */
export async function saveTeamProfile(db: Db, ctx: Ctx, orgId: number, input: TeamProfile): Promise<TeamView> {
  const cols = profileColumns(input);
  return db.transaction(async (tx) => {
    const org = await teamUnitInScope(tx, ctx, orgId, manage);
    const before = await repo.findTeam(tx, orgId);
    const saved = await repo.upsertTeam(tx, { orgId, regionId: org.regionId, ...cols, updatedBy: recorder(ctx) });
    await recordAudit(tx, ctx, {
      action: before ? 'rescue_team.updated' : 'rescue_team.registered',
      entityType: 'rescue_team',
      entityId: orgId,
      orgId,
      regionId: org.regionId,
      before,
      after: saved,
    });
    return (await toTeamViews(tx, [saved]))[0];
  });
}

/**
 * Creates a team: a rescue_team unit under `parentId` (where the actor holds rescue:manage) and its profile, in one
 * transaction. The org tree's placement rules apply (ORG_PARENT_TYPE).
 */
export async function createTeam(db: Db, ctx: Ctx, input: CreateTeam): Promise<TeamView> {
  const { parentId, name, ...profile } = input;
  const cols = profileColumns(profile);
  return db.transaction(async (tx) => {
    const parent = await orgs.getOrg(tx, parentId);
    assertCanAt(ctx.actor, manage, parent.path);
    // The unit is created on the rescue officer's authority (rescue:manage at the parent), recorded below.
    const unit = await orgs.createOrg(
      tx,
      { ...ctx, actor: { kind: 'system', label: `rescue:${recorder(ctx)}` } },
      {
        name,
        type: 'rescue_team',
        parentId,
        code: null,
        contactName: profile.contactName ?? null,
        contactPhone: profile.contactPhone ?? null,
        address: profile.baseAddress ?? null,
        lat: profile.baseLat ?? null,
        lng: profile.baseLng ?? null,
      },
    );
    const saved = await repo.upsertTeam(tx, {
      orgId: unit.id,
      regionId: unit.regionId,
      ...cols,
      updatedBy: recorder(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'rescue_team.created',
      entityType: 'rescue_team',
      entityId: unit.id,
      orgId: unit.id,
      regionId: unit.regionId,
      after: { name, parentId, ...saved },
    });
    return (await toTeamViews(tx, [saved]))[0];
  });
}

// ------------------------------------------------------------------------------------------------ members

export function certificationState(expiresOn: string | null, today: string): CertificationView['state'] {
  if (!expiresOn) {
    return 'no_expiry';
  }
  if (expiresOn < today) {
    return 'expired';
  }
  return expiresOn <= addDays(today, certificationWarningDays) ? 'expiring' : 'valid';
}

function toCertificationView(c: repo.CertificationRow, today: string): CertificationView {
  return {
    id: c.id,
    memberId: c.memberId,
    kind: c.kind,
    certNo: c.certNo,
    issuer: c.issuer,
    issuedOn: c.issuedOn,
    expiresOn: c.expiresOn,
    state: certificationState(c.expiresOn, today),
  };
}

async function toMemberViews(db: Db, rows: repo.MemberRow[], withFirstAid: boolean): Promise<MemberView[]> {
  const today = toChinaDate();
  const ids = rows.map((r) => r.id);
  const [certs, attendance] = await Promise.all([
    repo.listCertificationsOfMembers(db, ids),
    repo.attendanceOfMembers(db, ids),
  ]);
  // The first-aider certificate is the training module's: looked up by the person's phone (its blind index).
  const phoneOf = new Map<string, string>();
  if (withFirstAid) {
    for (const r of rows) {
      const person = await people.findPersonRow(db, r.personId);
      if (person?.phoneHash) {
        phoneOf.set(r.id, person.phoneHash);
      }
    }
  }
  const firstAid = withFirstAid
    ? await training.findValidCertificatesByPhones(db, [...phoneOf.values()], today)
    : new Map<string, { certNo: string; validUntil: string }>();
  return rows.map((m) => {
    const cert = phoneOf.has(m.id) ? firstAid.get(phoneOf.get(m.id)!) : undefined;
    const a = attendance.get(m.id);
    return {
      id: m.id,
      teamOrgId: m.teamOrgId,
      personId: m.personId,
      name: m.name,
      phoneMasked: m.phoneMasked,
      idNumberMasked: m.idNumberMasked,
      role: m.role as MemberRole,
      isPartyMember: m.isPartyMember,
      skills: m.skills,
      joinedOn: m.joinedOn,
      leftOn: m.leftOn,
      isActive: m.leftOn === null,
      certifications: certs.filter((c) => c.memberId === m.id).map((c) => toCertificationView(c, today)),
      firstAid: cert ? { certNo: cert.certNo, validUntil: cert.validUntil } : null,
      attendance: a?.attendance ?? 0,
      deploymentMinutes: a?.minutes ?? 0,
    };
  });
}

export async function listMembers(db: Db, ctx: Ctx, orgId: number, includeLeft: boolean): Promise<MemberView[]> {
  await teamInScope(db, ctx, orgId, view);
  return toMemberViews(db, await repo.listMembers(db, orgId, includeLeft), true);
}

/** A member in the actor's scope for `permission` (NOT_FOUND outside the viewer's subtree). */
async function memberInScope(db: Db, ctx: Ctx, id: string, permission: Permission) {
  const member = await repo.findMember(db, id);
  if (!member) {
    throw new AppError('NOT_FOUND', { entity: 'rescue_member', id });
  }
  const org = await orgs.getOrg(db, member.teamOrgId);
  if (!canAt(ctx.actor, view, org.path)) {
    throw new AppError('NOT_FOUND', { entity: 'rescue_member', id });
  }
  assertCanAt(ctx.actor, permission, org.path);
  return { member, org };
}

/**
 * Adds a person to a team (registered in the team's unit when the ID number is new). The person's ID number and
 * phone are stored encrypted on the person; the member row keeps the masked forms. A second active membership of the
 * same team is refused (RESCUE_MEMBER_EXISTS); INVALID_ID_NUMBER, INVALID_PHONE for bad identifiers.
 */
export async function addMember(db: Db, ctx: Ctx, orgId: number, input: AddMember): Promise<MemberView> {
  assertNotFutureDate('joinedOn', input.joinedOn);
  return db.transaction(async (tx) => {
    const { org } = await teamInScope(tx, ctx, orgId, manage);
    const { person } = await people.findOrRegisterPerson(tx, ctx, {
      orgId,
      name: input.name,
      idNumber: input.idNumber,
      phone: input.phone ?? undefined,
    });
    if (await repo.findActiveMembership(tx, org.regionId, orgId, person.id)) {
      throw new AppError('RESCUE_MEMBER_EXISTS', { personId: person.id });
    }
    const row = await repo.insertMember(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      teamOrgId: orgId,
      personRegionId: person.regionId,
      personId: person.id,
      name: person.name,
      phoneMasked: person.phoneMasked,
      idNumberMasked: person.idNumberMasked,
      role: input.role,
      isPartyMember: input.isPartyMember,
      skills: input.skills ?? null,
      joinedOn: input.joinedOn,
      createdBy: recorder(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'rescue_member.added',
      entityType: 'rescue_member',
      entityId: row.id,
      orgId,
      regionId: row.regionId,
      after: row,
    });
    return (await toMemberViews(tx, [row], false))[0];
  });
}

/** Changes a member's role, party membership or skills, or records that they left (on or after joining). */
export async function updateMember(db: Db, ctx: Ctx, id: string, patch: UpdateMember): Promise<MemberView> {
  assertNotFutureDate('leftOn', patch.leftOn);
  return db.transaction(async (tx) => {
    const { member } = await memberInScope(tx, ctx, id, manage);
    if (patch.leftOn && patch.leftOn < member.joinedOn) {
      throw invalid('leftOn', 'before the member joined');
    }
    const next: Partial<repo.MemberRow> = {};
    if (patch.role !== undefined) {
      next.role = patch.role;
    }
    if (patch.isPartyMember !== undefined) {
      next.isPartyMember = patch.isPartyMember;
    }
    if (patch.skills !== undefined) {
      next.skills = patch.skills;
    }
    if (patch.leftOn !== undefined) {
      next.leftOn = patch.leftOn;
    }
    const saved = await repo.updateMember(tx, member, next);
    await recordAudit(tx, ctx, {
      action: patch.leftOn ? 'rescue_member.left' : 'rescue_member.updated',
      entityType: 'rescue_member',
      entityId: id,
      orgId: member.teamOrgId,
      regionId: member.regionId,
      before: member,
      after: saved,
    });
    return (await toMemberViews(tx, [saved], false))[0];
  });
}

/** Records a member's certification; an expiry not after the issue date is refused. */
export async function addCertification(
  db: Db,
  ctx: Ctx,
  memberId: string,
  input: AddCertification,
): Promise<CertificationView> {
  assertNotFutureDate('issuedOn', input.issuedOn);
  if (input.issuedOn && input.expiresOn && input.expiresOn <= input.issuedOn) {
    throw invalid('expiresOn', 'not after the issue date');
  }
  return db.transaction(async (tx) => {
    const { member } = await memberInScope(tx, ctx, memberId, manage);
    const row = await repo.insertCertification(tx, {
      regionId: member.regionId,
      id: crypto.randomUUID(),
      memberId,
      teamOrgId: member.teamOrgId,
      kind: input.kind,
      certNo: input.certNo ?? null,
      issuer: input.issuer ?? null,
      issuedOn: input.issuedOn ?? null,
      expiresOn: input.expiresOn ?? null,
      createdBy: recorder(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'rescue_certification.added',
      entityType: 'rescue_certification',
      entityId: row.id,
      orgId: member.teamOrgId,
      regionId: member.regionId,
      after: row,
    });
    return toCertificationView(row, toChinaDate());
  });
}

// ------------------------------------------------------------------------------------------------ equipment

function toEquipmentViews(rows: repo.EquipmentRow[], inspections: repo.InspectionRow[]): EquipmentView[] {
  const today = toChinaDate();
  return rows.map((e) => ({
    id: e.id,
    teamOrgId: e.teamOrgId,
    name: e.name,
    category: e.category as EquipmentView['category'],
    quantity: e.quantity,
    serialNo: e.serialNo,
    condition: e.condition as EquipmentView['condition'],
    lastInspectedOn: e.lastInspectedOn,
    expiresOn: e.expiresOn,
    note: e.note,
    isExpired: e.expiresOn !== null && e.expiresOn < today,
    inspections: inspections
      .filter((i) => i.equipmentId === e.id)
      .slice(0, 10)
      .map((i) => ({
        id: i.id,
        inspectedOn: i.inspectedOn,
        inspector: i.inspector,
        condition: i.condition as EquipmentView['condition'],
        note: i.note,
      })),
  }));
}

export async function listEquipment(db: Db, ctx: Ctx, orgId: number): Promise<EquipmentView[]> {
  await teamInScope(db, ctx, orgId, view);
  const rows = await repo.listEquipment(db, orgId);
  return toEquipmentViews(
    rows,
    await repo.listInspections(
      db,
      rows.map((r) => r.id),
    ),
  );
}

export async function addEquipment(db: Db, ctx: Ctx, orgId: number, input: AddEquipment): Promise<EquipmentView> {
  assertNotFutureDate('lastInspectedOn', input.lastInspectedOn);
  return db.transaction(async (tx) => {
    const { org } = await teamInScope(tx, ctx, orgId, manage);
    const row = await repo.insertEquipment(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      teamOrgId: orgId,
      name: input.name,
      category: input.category,
      quantity: input.quantity,
      serialNo: input.serialNo ?? null,
      condition: input.condition,
      lastInspectedOn: input.lastInspectedOn ?? null,
      expiresOn: input.expiresOn ?? null,
      note: input.note ?? null,
      createdBy: recorder(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'rescue_equipment.added',
      entityType: 'rescue_equipment',
      entityId: row.id,
      orgId,
      regionId: row.regionId,
      after: row,
    });
    return toEquipmentViews([row], [])[0];
  });
}

async function equipmentInScope(db: Db, ctx: Ctx, id: string, permission: Permission) {
  const row = await repo.findEquipment(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'rescue_equipment', id });
  }
  const org = await orgs.getOrg(db, row.teamOrgId);
  if (!canAt(ctx.actor, view, org.path)) {
    throw new AppError('NOT_FOUND', { entity: 'rescue_equipment', id });
  }
  assertCanAt(ctx.actor, permission, org.path);
  return row;
}

export async function updateEquipment(db: Db, ctx: Ctx, id: string, patch: UpdateEquipment): Promise<EquipmentView> {
  return db.transaction(async (tx) => {
    const before = await equipmentInScope(tx, ctx, id, manage);
    const saved = await repo.updateEquipment(tx, before, patch);
    await recordAudit(tx, ctx, {
      action: 'rescue_equipment.updated',
      entityType: 'rescue_equipment',
      entityId: id,
      orgId: before.teamOrgId,
      regionId: before.regionId,
      before,
      after: saved,
    });
    return toEquipmentViews([saved], await repo.listInspections(tx, [id]))[0];
  });
}

/** Records an inspection: the line's condition and last-inspection date follow the latest inspection. */
export async function recordInspection(db: Db, ctx: Ctx, id: string, input: RecordInspection): Promise<EquipmentView> {
  assertNotFutureDate('inspectedOn', input.inspectedOn);
  return db.transaction(async (tx) => {
    const before = await equipmentInScope(tx, ctx, id, manage);
    const inspection = await repo.insertInspection(tx, {
      regionId: before.regionId,
      id: crypto.randomUUID(),
      equipmentId: id,
      inspectedOn: input.inspectedOn,
      inspector: input.inspector,
      condition: input.condition,
      note: input.note ?? null,
      createdBy: recorder(ctx),
    });
    const isLatest = !before.lastInspectedOn || input.inspectedOn >= before.lastInspectedOn;
    const saved = isLatest
      ? await repo.updateEquipment(tx, before, { condition: input.condition, lastInspectedOn: input.inspectedOn })
      : before;
    await recordAudit(tx, ctx, {
      action: 'rescue_equipment.inspected',
      entityType: 'rescue_equipment',
      entityId: id,
      orgId: before.teamOrgId,
      regionId: before.regionId,
      after: inspection,
    });
    return toEquipmentViews([saved], await repo.listInspections(tx, [id]))[0];
  });
}

// ------------------------------------------------------------------------------------------------ deployments

const newDeploymentNo = (at: Date) =>
  `RD${toChinaDate(at).replaceAll('-', '')}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;

const minutesBetween = (from: Date | null, to: Date | null) =>
  from && to ? Math.round((to.getTime() - from.getTime()) / 60_000) : null;

const hhmm = (at: Date) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);

async function addEvent(tx: Db, ctx: Ctx, d: repo.DeploymentRow, kind: string, note: string | null, at = new Date()) {
  await repo.insertEvent(tx, {
    regionId: d.regionId,
    id: crypto.randomUUID(),
    deploymentId: d.id,
    at,
    kind,
    note,
    actorLabel: actorLabel(ctx.actor),
  });
}

async function deploymentInScope(db: Db, ctx: Ctx, id: string, permission: Permission, lock = false) {
  const found = await repo.findDeployment(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'rescue_deployment', id });
  }
  const org = await orgs.getOrg(db, found.teamOrgId);
  if (!canAt(ctx.actor, view, org.path)) {
    throw new AppError('NOT_FOUND', { entity: 'rescue_deployment', id });
  }
  assertCanAt(ctx.actor, permission, org.path);
  const row = lock ? (await repo.lockDeployment(db, found.regionId, id))! : found;
  return { row, org };
}

function assertOpen(d: repo.DeploymentRow): void {
  if (d.status === 'closed') {
    throw new AppError('TRANSITION_NOT_ALLOWED', { status: d.status, reason: 'the deployment is closed' });
  }
}

/** Refuses (RESCUE_MEMBER_BUSY) when any of these people is on another deployment overlapping [start, end). */
async function assertNotBusy(
  tx: Db,
  members: { personId: string; name: string }[],
  deploymentId: string,
  start: Date,
  end: Date | null,
): Promise<void> {
  const clashes = await repo.findOverlappingStints(
    tx,
    members.map((m) => m.personId),
    deploymentId,
    start,
    end,
  );
  if (clashes.length > 0) {
    throw new AppError('RESCUE_MEMBER_BUSY', {
      members: clashes.map((c) => ({
        name: members.find((m) => m.personId === c.person_id)?.name ?? '',
        deploymentNo: c.deployment_no,
      })),
    });
  }
}

/** Adds members to a deployment: only the team's active members, none already on an overlapping deployment. */
async function dispatchInto(
  tx: Db,
  ctx: Ctx,
  d: repo.DeploymentRow,
  memberIds: string[],
  at = new Date(),
): Promise<number> {
  const wanted = [...new Set(memberIds)];
  if (wanted.length === 0) {
    return 0;
  }
  const found = await repo.findMembersByIds(tx, wanted);
  for (const id of wanted) {
    const m = found.find((r) => r.id === id);
    if (!m || m.teamOrgId !== d.teamOrgId || m.leftOn !== null) {
      throw new AppError('RESCUE_MEMBER_NOT_ACTIVE', { memberId: id, name: m?.name });
    }
  }
  const already = new Set((await repo.listDispatched(tx, d.regionId, d.id)).map((r) => r.memberId));
  const fresh = found.filter((m) => !already.has(m.id));
  if (fresh.length === 0) {
    return 0;
  }
  await repo.lockPeople(
    tx,
    fresh.map((m) => m.personId),
  );
  await assertNotBusy(tx, fresh, d.id, d.calledOutAt, null);
  await repo.insertDispatched(
    tx,
    fresh.map((m) => ({
      regionId: d.regionId,
      deploymentId: d.id,
      memberId: m.id,
      personId: m.personId,
      teamOrgId: d.teamOrgId,
      isPartyMember: m.isPartyMember,
    })),
  );
  await addEvent(tx, ctx, d, 'members_dispatched', fresh.map((m) => m.name).join('、'), at);
  return fresh.length;
}

async function toDeploymentSummaries(db: Db, rows: repo.DeploymentRow[]): Promise<DeploymentSummary[]> {
  const [units, counts] = await Promise.all([
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.teamOrgId))]),
    repo.dispatchCounts(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((d) => ({
    id: d.id,
    deploymentNo: d.deploymentNo,
    teamOrgId: d.teamOrgId,
    teamName: units.find((u) => u.id === d.teamOrgId)?.name ?? '',
    incidentKind: d.incidentKind as DeploymentSummary['incidentKind'],
    place: d.place,
    calledOutAt: d.calledOutAt.toISOString(),
    status: d.status as DeploymentSummary['status'],
    members: counts.get(d.id)?.members ?? 0,
    partyMembers: counts.get(d.id)?.party ?? 0,
    peopleHelped: d.peopleHelped,
    peopleRescued: d.peopleRescued,
  }));
}

async function toDeploymentView(db: Db, d: repo.DeploymentRow): Promise<DeploymentView> {
  const [summary] = await toDeploymentSummaries(db, [d]);
  const dispatched = await repo.listDispatched(db, d.regionId, d.id);
  const members = await repo.findMembersByIds(
    db,
    dispatched.map((r) => r.memberId),
  );
  const events = await repo.listEvents(db, d.regionId, d.id);
  return {
    ...summary,
    lat: d.lat,
    lng: d.lng,
    description: d.description,
    tasks: d.tasks,
    photoFileIds: d.photoFileIds,
    equipmentUsed: d.equipmentUsed,
    closedAt: d.closedAt?.toISOString() ?? null,
    dispatched: dispatched.map((r) => {
      const m = members.find((x) => x.id === r.memberId);
      return {
        memberId: r.memberId,
        name: m?.name ?? '',
        role: (m?.role ?? 'member') as MemberRole,
        isPartyMember: r.isPartyMember,
        departedAt: r.departedAt?.toISOString() ?? null,
        returnedAt: r.returnedAt?.toISOString() ?? null,
        minutes: minutesBetween(r.departedAt, r.returnedAt),
      };
    }),
    timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, note: e.note, actorLabel: e.actorLabel })),
  };
}

/**
 * Logs a call-out (出动) of a team to an incident, with the members dispatched (the team's active members only; a
 * member on another overlapping deployment is refused with RESCUE_MEMBER_BUSY). INVALID_LOCATION for a position
 * outside China; a call-out time in the future is refused.
 */
export async function callOut(db: Db, ctx: Ctx, input: CallOut): Promise<DeploymentView> {
  const calledOutAt = new Date(input.calledOutAt);
  assertNotFutureTime('calledOutAt', calledOutAt);
  assertPosition(input.lat, input.lng);
  return db.transaction(async (tx) => {
    const { org } = await teamInScope(tx, ctx, input.teamOrgId, manage);
    const d = await repo.insertDeployment(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      deploymentNo: newDeploymentNo(calledOutAt),
      teamOrgId: org.id,
      incidentKind: input.incidentKind,
      place: input.place,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      description: input.description ?? null,
      calledOutAt,
      status: 'called_out',
      createdBy: recorder(ctx),
    });
    await addEvent(
      tx,
      ctx,
      d,
      'called_out',
      `${incidentKindLabels[input.incidentKind].zh} · ${input.place}`,
      calledOutAt,
    );
    await dispatchInto(tx, ctx, d, input.memberIds, calledOutAt);
    await recordAudit(tx, ctx, {
      action: 'rescue_deployment.called_out',
      entityType: 'rescue_deployment',
      entityId: d.id,
      orgId: org.id,
      regionId: d.regionId,
      after: { ...d, memberIds: input.memberIds },
    });
    return toDeploymentView(tx, d);
  });
}

export async function dispatchMembers(db: Db, ctx: Ctx, id: string, input: DispatchMembers): Promise<DeploymentView> {
  return db.transaction(async (tx) => {
    const { row } = await deploymentInScope(tx, ctx, id, manage, true);
    if (row.status !== 'called_out' && row.status !== 'deployed') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { status: row.status, reason: 'the team is back' });
    }
    const added = await dispatchInto(tx, ctx, row, input.memberIds);
    await recordAudit(tx, ctx, {
      action: 'rescue_deployment.members_dispatched',
      entityType: 'rescue_deployment',
      entityId: id,
      orgId: row.teamOrgId,
      regionId: row.regionId,
      after: { memberIds: input.memberIds, added },
    });
    return toDeploymentView(tx, row);
  });
}

/** Applies departure/return times to dispatched members, checking order, call-out, the clock and overlaps. */
async function applyTimes(
  tx: Db,
  d: repo.DeploymentRow,
  changes: { row: repo.DeploymentMemberRow; name: string; departedAt: Date | null; returnedAt: Date | null }[],
) {
  for (const c of changes) {
    if (c.departedAt) {
      assertNotFutureTime('departedAt', c.departedAt);
      if (c.departedAt < d.calledOutAt) {
        throw invalid('departedAt', 'before the call-out');
      }
    }
    if (c.returnedAt) {
      assertNotFutureTime('returnedAt', c.returnedAt);
      if (!c.departedAt || c.returnedAt < c.departedAt) {
        throw new AppError('RESCUE_RETURN_BEFORE_DEPARTURE', {
          name: c.name,
          departedAt: c.departedAt?.toISOString() ?? null,
          returnedAt: c.returnedAt.toISOString(),
        });
      }
    }
  }
  await repo.lockPeople(
    tx,
    changes.map((c) => c.row.personId),
  );
  for (const c of changes) {
    if (c.departedAt) {
      await assertNotBusy(tx, [{ personId: c.row.personId, name: c.name }], d.id, c.departedAt, c.returnedAt);
    }
    await repo.updateDispatched(tx, c.row, { departedAt: c.departedAt, returnedAt: c.returnedAt });
  }
}

/**
 * Sets one dispatched member's departure and/or return. A return before the departure (or without one) is refused
 * with RESCUE_RETURN_BEFORE_DEPARTURE; a departure before the call-out or a time in the future with VALIDATION_FAILED;
 * a stint overlapping another deployment of the same person with RESCUE_MEMBER_BUSY. The first departure moves a
 * called-out deployment to deployed.
 */
export async function setMemberTimes(
  db: Db,
  ctx: Ctx,
  id: string,
  memberId: string,
  input: MemberTimes,
): Promise<DeploymentView> {
  return db.transaction(async (tx) => {
    let { row: d } = await deploymentInScope(tx, ctx, id, manage, true);
    assertOpen(d);
    const dispatched = (await repo.listDispatched(tx, d.regionId, d.id)).find((r) => r.memberId === memberId);
    if (!dispatched) {
      throw new AppError('NOT_FOUND', { entity: 'rescue_deployment_member', memberId });
    }
    const [member] = await repo.findMembersByIds(tx, [memberId]);
    const departedAt =
      input.departedAt === undefined
        ? dispatched.departedAt
        : input.departedAt === null
          ? null
          : new Date(input.departedAt);
    const returnedAt =
      input.returnedAt === undefined
        ? dispatched.returnedAt
        : input.returnedAt === null
          ? null
          : new Date(input.returnedAt);
    await applyTimes(tx, d, [{ row: dispatched, name: member.name, departedAt, returnedAt }]);
    const parts = [
      departedAt ? `出发 ${hhmm(departedAt)}` : null,
      returnedAt ? `返回 ${hhmm(returnedAt)}` : null,
    ].filter(Boolean);
    await addEvent(tx, ctx, d, 'member_times', `${member.name}:${parts.join(',') || '时间已清除'}`);
    if (d.status === 'called_out' && departedAt) {
      d = await repo.updateDeployment(tx, d, { status: 'deployed' });
      await addEvent(tx, ctx, d, 'deployed', null, departedAt);
    }
    await recordAudit(tx, ctx, {
      action: 'rescue_deployment.member_times',
      entityType: 'rescue_deployment',
      entityId: id,
      orgId: d.teamOrgId,
      regionId: d.regionId,
      before: { memberId, departedAt: dispatched.departedAt, returnedAt: dispatched.returnedAt },
      after: { memberId, departedAt, returnedAt },
    });
    return toDeploymentView(tx, d);
  });
}

const nextStatus: Record<string, string> = { called_out: 'deployed', deployed: 'returned', returned: 'closed' };

/**
 * Moves a deployment on: called_out → deployed (members without a departure leave at `at`), deployed → returned
 * (members who left and have no return come back at `at`), returned → closed (the tasks done must be recorded:
 * RESCUE_REPORT_MISSING). Anything else is TRANSITION_NOT_ALLOWED.
 */
export async function advanceDeployment(
  db: Db,
  ctx: Ctx,
  id: string,
  input: AdvanceDeployment,
): Promise<DeploymentView> {
  const at = input.at ? new Date(input.at) : new Date();
  return db.transaction(async (tx) => {
    const { row: d } = await deploymentInScope(tx, ctx, id, manage, true);
    if (nextStatus[d.status] !== input.to) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { status: d.status, to: input.to });
    }
    const dispatched = await repo.listDispatched(tx, d.regionId, d.id);
    const members = await repo.findMembersByIds(
      tx,
      dispatched.map((r) => r.memberId),
    );
    const nameOf = (memberId: string) => members.find((m) => m.id === memberId)?.name ?? '';
    const patch: Partial<repo.DeploymentRow> = { status: input.to };
    if (input.to === 'deployed') {
      if (dispatched.length === 0) {
        throw new AppError('TRANSITION_NOT_ALLOWED', {
          status: d.status,
          to: input.to,
          reason: 'no member dispatched',
        });
      }
      await applyTimes(
        tx,
        d,
        dispatched
          .filter((r) => !r.departedAt)
          .map((r) => ({ row: r, name: nameOf(r.memberId), departedAt: at, returnedAt: r.returnedAt })),
      );
    } else if (input.to === 'returned') {
      await applyTimes(
        tx,
        d,
        dispatched
          .filter((r) => r.departedAt && !r.returnedAt)
          .map((r) => ({ row: r, name: nameOf(r.memberId), departedAt: r.departedAt, returnedAt: at })),
      );
    } else {
      if (!d.tasks?.trim()) {
        throw new AppError('RESCUE_REPORT_MISSING');
      }
      patch.closedAt = new Date();
    }
    const saved = await repo.updateDeployment(tx, d, patch);
    await addEvent(tx, ctx, saved, input.to, input.note ?? null, input.to === 'closed' ? new Date() : at);
    await recordAudit(tx, ctx, {
      action: `rescue_deployment.${input.to}`,
      entityType: 'rescue_deployment',
      entityId: id,
      orgId: d.teamOrgId,
      regionId: d.regionId,
      before: { status: d.status },
      after: { status: input.to, at: at.toISOString(), note: input.note ?? null },
    });
    return toDeploymentView(tx, saved);
  });
}

/** Records what was done: tasks, people helped and rescued, photos (claimed for the team), equipment used. */
export async function reportDeployment(db: Db, ctx: Ctx, id: string, input: DeploymentReport): Promise<DeploymentView> {
  return db.transaction(async (tx) => {
    const { row: d } = await deploymentInScope(tx, ctx, id, manage, true);
    assertOpen(d);
    const patch: Partial<repo.DeploymentRow> = {};
    if (input.lat !== undefined || input.lng !== undefined) {
      assertPosition(input.lat, input.lng);
      patch.lat = input.lat ?? null;
      patch.lng = input.lng ?? null;
    }
    if (input.place !== undefined) {
      patch.place = input.place;
    }
    if (input.description !== undefined) {
      patch.description = input.description;
    }
    if (input.tasks !== undefined) {
      patch.tasks = input.tasks;
    }
    if (input.peopleHelped !== undefined) {
      patch.peopleHelped = input.peopleHelped;
    }
    if (input.peopleRescued !== undefined) {
      patch.peopleRescued = input.peopleRescued;
    }
    if (input.photoFileIds !== undefined) {
      const fresh = input.photoFileIds.filter((f) => !d.photoFileIds.includes(f));
      await attachFiles(tx, ctx, fresh, { orgId: d.teamOrgId, readPermission: view, purpose: 'rescue-photo' });
      patch.photoFileIds = [...new Set(input.photoFileIds)];
    }
    if (input.equipmentUsed !== undefined) {
      const lines = await repo.findEquipmentByIds(
        tx,
        input.equipmentUsed.map((e) => e.equipmentId),
      );
      patch.equipmentUsed = input.equipmentUsed.map((e) => {
        const line = lines.find((l) => l.id === e.equipmentId);
        if (!line || line.teamOrgId !== d.teamOrgId) {
          throw new AppError('NOT_FOUND', { entity: 'rescue_equipment', id: e.equipmentId });
        }
        if (e.quantity > line.quantity) {
          throw invalid('equipmentUsed', `more ${line.name} than the team holds (${line.quantity})`);
        }
        return { equipmentId: line.id, name: line.name, quantity: e.quantity };
      });
    }
    const saved = await repo.updateDeployment(tx, d, patch);
    await addEvent(tx, ctx, saved, 'report', null);
    await recordAudit(tx, ctx, {
      action: 'rescue_deployment.reported',
      entityType: 'rescue_deployment',
      entityId: id,
      orgId: d.teamOrgId,
      regionId: d.regionId,
      before: d,
      after: saved,
    });
    return toDeploymentView(tx, saved);
  });
}

export async function viewDeployment(db: Db, ctx: Ctx, id: string): Promise<DeploymentView> {
  const { row } = await deploymentInScope(db, ctx, id, view);
  return toDeploymentView(db, row);
}

export async function listDeployments(db: Db, ctx: Ctx, q: DeploymentListQuery) {
  let teamUnder: ReturnType<typeof orgs.orgUnderCondition> | undefined;
  if (q.orgId) {
    const under = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, view, under.path);
    teamUnder = orgs.orgUnderCondition(repo.columns.deploymentTeam, under.path);
  }
  const { rows, total } = await repo.listDeployments(db, {
    scope: orgs.orgScopeCondition(repo.columns.deploymentTeam, ctx, view),
    teamUnder,
    status: q.status,
    fromAt: q.from ? chinaMidnight(q.from) : undefined,
    toAt: q.to ? chinaMidnight(addDays(q.to, 1)) : undefined,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: await toDeploymentSummaries(db, rows), total, page: q.page, pageSize: q.pageSize };
}

// ------------------------------------------------------------------------------------------------ training

function toTrainingView(t: repo.TrainingRow, members: repo.MemberRow[]): TrainingView {
  return {
    id: t.id,
    teamOrgId: t.teamOrgId,
    heldOn: t.heldOn,
    topic: t.topic,
    hours: t.hoursTenths / 10,
    place: t.place,
    trainer: t.trainer,
    note: t.note,
    attendees: t.memberIds.map((id) => ({ memberId: id, name: members.find((m) => m.id === id)?.name ?? '' })),
  };
}

export async function listTrainings(db: Db, ctx: Ctx, orgId: number): Promise<TrainingView[]> {
  await teamInScope(db, ctx, orgId, view);
  const rows = await repo.listTrainings(db, orgId, 200);
  const members = await repo.findMembersByIds(db, [...new Set(rows.flatMap((r) => r.memberIds))]);
  return rows.map((r) => toTrainingView(r, members));
}

/** Records a training session of the team; attendees must be members of the team on that day. */
export async function recordTraining(db: Db, ctx: Ctx, orgId: number, input: RecordTraining): Promise<TrainingView> {
  assertNotFutureDate('heldOn', input.heldOn);
  return db.transaction(async (tx) => {
    const { org } = await teamInScope(tx, ctx, orgId, manage);
    const ids = [...new Set(input.memberIds)];
    const members = await repo.findMembersByIds(tx, ids);
    for (const id of ids) {
      const m = members.find((r) => r.id === id);
      if (!m || m.teamOrgId !== orgId || m.joinedOn > input.heldOn || (m.leftOn !== null && m.leftOn < input.heldOn)) {
        throw new AppError('RESCUE_MEMBER_NOT_ACTIVE', { memberId: id, name: m?.name });
      }
    }
    const row = await repo.insertTraining(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      teamOrgId: orgId,
      heldOn: input.heldOn,
      topic: input.topic,
      hoursTenths: Math.round(input.hours * 10),
      place: input.place ?? null,
      trainer: input.trainer ?? null,
      note: input.note ?? null,
      memberIds: ids,
      createdBy: recorder(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'rescue_training.recorded',
      entityType: 'rescue_training',
      entityId: row.id,
      orgId,
      regionId: row.regionId,
      after: row,
    });
    return toTrainingView(row, members);
  });
}

// ------------------------------------------------------------------------------------------------ certification warnings

/**
 * The daily warning: certifications of active members expiring within 30 days (or already expired) that have not
 * been warned about go, one SMS per team and leader (队长/副队长 with a phone), through the outbox; each
 * certification is warned about once. Returns how many messages were queued.
 */
export async function warnExpiringCertifications(db: Db, ctx: Ctx, now = new Date()): Promise<number> {
  const today = toChinaDate(now);
  const due = await repo.listDueCertificationWarnings(db, addDays(today, certificationWarningDays), 500);
  const byTeam = new Map<number, typeof due>();
  for (const row of due) {
    byTeam.set(row.cert.teamOrgId, [...(byTeam.get(row.cert.teamOrgId) ?? []), row]);
  }
  let queued = 0;
  for (const [teamOrgId, rows] of byTeam) {
    await db.transaction(async (tx) => {
      const team = await orgs.findOrgById(tx, teamOrgId);
      const leaders = (await repo.listMembers(tx, teamOrgId, false)).filter((m) => m.role !== 'member');
      const lines = rows
        .slice(0, 5)
        .map(
          (r) =>
            `${r.member.name}「${r.cert.kind}」${r.cert.expiresOn! < today ? '已于' : '将于'}${r.cert.expiresOn}到期`,
        );
      const more = rows.length > 5 ? `等${rows.length}项` : '';
      let sent = 0;
      for (const leader of leaders) {
        const person = await people.findPersonRow(tx, leader.personId);
        if (!person?.phoneEnc) {
          continue;
        }
        const id = await queueMessage(tx, {
          channel: 'sms',
          to: pii().decrypt(person.phoneEnc),
          template: 'rescue.certification-expiry',
          body: `【博爱】${leader.name}${memberRoleLabels[leader.role as MemberRole].zh},${team?.name ?? '救援队'}队员资质即将到期:${lines.join(';')}${more}。请安排复训或换证。`,
          dedupeKey: `rescue-cert-warn:${teamOrgId}:${leader.id}:${rows
            .map((r) => r.cert.id)
            .join(',')
            .slice(0, 200)}`,
        });
        if (id) {
          sent++;
        }
      }
      await repo.markCertificationsReminded(
        tx,
        rows.map((r) => ({ regionId: r.cert.regionId, id: r.cert.id })),
        now,
      );
      await recordAudit(tx, ctx, {
        action: 'rescue_certification.warned',
        entityType: 'rescue_team',
        entityId: teamOrgId,
        orgId: teamOrgId,
        regionId: rows[0].cert.regionId,
        after: { certifications: rows.map((r) => r.cert.id), messages: sent },
      });
      queued += sent;
    });
  }
  return queued;
}
