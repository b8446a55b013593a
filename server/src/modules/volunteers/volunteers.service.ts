// Volunteer registration (by the person on a phone or by staff), approval with a volunteer number, the list and
// detail with this year's hours against the full-registration threshold, teams, and per-unit settings. Activities,
// check-in and hours live in volunteers-activities.ts and volunteers-hours.ts.
import crypto from 'node:crypto';
import { and, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhone, getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { attachFiles } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { pii } from '../../platform/pii';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import type { Permission } from '../../platform/rbac/permissions';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as repo from './volunteers.repo';
import type {
  CreateTeam,
  DecideVolunteer,
  RegisterByStaff,
  RegisterSelf,
  TeamMemberInput,
  TeamView,
  VolunteerListQuery,
  VolunteerSettings,
  VolunteerView,
} from './volunteers.schemas';
import { ageOn, chinaDayStart } from './volunteers-rules';

export const viewPerm: Permission = 'volunteers:view';
export const managePerm: Permission = 'volunteers:manage';
/** DOMAIN.md: 20 hours a year for full registration (configurable per unit). */
export const defaultFullRegistrationHours = 20;

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });

function normalisedPhone(field: string, input: string): string {
  const r = normalizePhone(input);
  if (!r.ok) {
    throw new AppError('INVALID_PHONE', { field });
  }
  return r.value;
}

// ------------------------------------------------------------------------------------------------ lookups

export async function getVolunteer(db: Db, id: string): Promise<repo.VolunteerRow> {
  const row = await repo.findVolunteerById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'volunteer', id });
  }
  return row;
}

/** The volunteer and its unit after checking `perm` there (FORBIDDEN / OUT_OF_SCOPE). */
export async function volunteerInScope(db: Db, ctx: Ctx, id: string, perm: Permission) {
  const v = await getVolunteer(db, id);
  const org = await orgs.getOrg(db, v.orgId);
  assertCanAt(ctx.actor, perm, org.path);
  return { v, org };
}

/**
 * The signed-in public caller's registration (by the account phone's blind index): the approved one if any, else the
 * newest. Undefined when they have none.
 */
export async function findMyVolunteer(db: Db, ctx: Ctx): Promise<repo.VolunteerRow | undefined> {
  const rows = await repo.findVolunteersByPhoneHash(db, await getPublicPhoneHash(db, ctx));
  return rows.find((r) => r.status === 'approved') ?? rows[0];
}

/** The caller's approved registration, or NOT_A_VOLUNTEER. */
export async function getMyApprovedVolunteer(db: Db, ctx: Ctx): Promise<repo.VolunteerRow> {
  const v = await findMyVolunteer(db, ctx);
  if (v?.status !== 'approved') {
    throw new AppError('NOT_A_VOLUNTEER', { status: v?.status ?? null });
  }
  return v;
}

// ------------------------------------------------------------------------------------------------ settings

/** The full-registration threshold at a unit: its own setting, else its nearest ancestor's, else 20. */
export async function fullRegistrationHoursAt(db: Db, org: orgs.OrgRow): Promise<number> {
  const ids = org.path.split('.').filter(Boolean).map(Number);
  const rows = await repo.findSettings(db, ids);
  for (const id of ids.reverse()) {
    const row = rows.find((r) => r.orgId === id);
    if (row) {
      return row.fullRegistrationHours;
    }
  }
  return defaultFullRegistrationHours;
}

export async function viewSettings(db: Db, ctx: Ctx, orgId: number): Promise<VolunteerSettings> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, viewPerm, org.path);
  return { orgId, fullRegistrationHours: await fullRegistrationHoursAt(db, org) };
}

/** Sets a unit's full-registration threshold (applies to its subtree unless a lower unit sets its own). Audited. */
export async function updateSettings(db: Db, ctx: Ctx, input: VolunteerSettings): Promise<VolunteerSettings> {
  return db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, managePerm, org.path);
    const before = await fullRegistrationHoursAt(tx, org);
    await repo.upsertSettings(tx, {
      orgId: org.id,
      fullRegistrationHours: input.fullRegistrationHours,
      updatedBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'volunteer-settings.updated',
      entityType: 'volunteer_settings',
      entityId: org.id,
      orgId: org.id,
      regionId: org.regionId,
      before: { fullRegistrationHours: before },
      after: input,
    });
    return input;
  });
}

// ------------------------------------------------------------------------------------------------ views

export async function toVolunteerViews(db: Db, rows: repo.VolunteerRow[]): Promise<VolunteerView[]> {
  if (rows.length === 0) {
    return [];
  }
  const year = toChinaDate().slice(0, 4);
  const [units, minutes] = await Promise.all([
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
    repo.minutesSince(
      db,
      rows.map((r) => r.personId),
      chinaDayStart(`${year}-01-01`),
    ),
  ]);
  const thresholds = new Map<number, number>();
  for (const u of units) {
    thresholds.set(u.id, await fullRegistrationHoursAt(db, u));
  }
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return rows.map((v) => {
    const m = minutes.get(v.personId) ?? 0;
    const threshold = thresholds.get(v.orgId) ?? defaultFullRegistrationHours;
    return {
      id: v.id,
      orgId: v.orgId,
      orgName: unitName.get(v.orgId) ?? '',
      personId: v.personId,
      name: v.name,
      volunteerNo: v.volunteerNo,
      status: v.status as VolunteerView['status'],
      phoneMasked: v.phoneMasked,
      skills: v.skills,
      languages: v.languages,
      availability: v.availability,
      emergencyName: v.emergencyName,
      emergencyPhoneMasked: v.emergencyPhoneMasked,
      isMinor: v.isMinor,
      guardianName: v.guardianName,
      guardianPhoneMasked: v.guardianPhoneMasked,
      guardianConsentFileId: v.guardianConsentFileId,
      registeredVia: v.registeredVia as VolunteerView['registeredVia'],
      note: v.note,
      createdAt: v.createdAt.toISOString(),
      decidedAt: v.decidedAt?.toISOString() ?? null,
      decisionNote: v.decisionNote,
      minutesThisYear: m,
      fullRegistrationHours: threshold,
      isFullyRegistered: v.status === 'approved' && m >= threshold * 60,
    };
  });
}

export async function toVolunteerView(db: Db, row: repo.VolunteerRow): Promise<VolunteerView> {
  return (await toVolunteerViews(db, [row]))[0];
}

// ------------------------------------------------------------------------------------------------ registration

type Registration = Omit<RegisterByStaff, 'phone'> & { phone: string };

/** A volunteer number people read out: ZY + the unit's admin code (or id) + the year + 6 random digits. */
function newVolunteerNo(org: orgs.OrgRow): string {
  const digits = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  return `ZY${org.code?.slice(0, 6) ?? org.id}${toChinaDate().slice(0, 4)}${digits}`;
}

async function register(
  tx: Db,
  ctx: Ctx,
  input: Registration,
  via: 'public' | 'staff',
  org: orgs.OrgRow,
): Promise<repo.VolunteerRow> {
  const phone = normalisedPhone('phone', input.phone);
  const emergencyPhone = normalisedPhone('emergencyContact.phone', input.emergencyContact.phone);
  const guardianPhone = input.guardian ? normalisedPhone('guardian.phone', input.guardian.phone) : null;
  const id = people.normaliseIdNumber('resident_id', input.idNumber);
  const existingPerson = await people.findPersonByIdNumber(tx, id.value);
  if (existingPerson && existingPerson.name !== input.name) {
    throw new AppError('CONFLICT', { field: 'name', reason: 'the ID number is registered under another name' });
  }
  const { person } = await people.findOrRegisterPerson(tx, ctx, {
    orgId: org.id,
    name: input.name,
    idNumber: id.value,
    phone,
  });
  // One registration per person, across regions: serialise on the person, then look.
  await repo.lockKey(tx, `volunteer:${person.id}`);
  const existing = await repo.findVolunteerByPerson(tx, person.id);
  if (existing) {
    throw new AppError('VOLUNTEER_DUPLICATE', { volunteerId: existing.id, status: existing.status });
  }
  const birthDate = person.birthDate ?? id.birthDate ?? null;
  const isMinor = birthDate !== null && ageOn(birthDate, toChinaDate()) < 18;
  if (isMinor && !input.guardian) {
    throw new AppError('VOLUNTEER_GUARDIAN_REQUIRED', { field: 'guardian' });
  }
  if (input.guardian) {
    await attachFiles(tx, ctx, [input.guardian.consentFileId], {
      orgId: org.id,
      readPermission: viewPerm,
      purpose: 'volunteer-guardian-consent',
    });
  }
  const approvedNow = via === 'staff';
  const row = await repo.insertVolunteer(tx, {
    regionId: org.regionId,
    id: crypto.randomUUID(),
    orgId: org.id,
    personId: person.id,
    name: input.name,
    volunteerNo: approvedNow ? newVolunteerNo(org) : null,
    status: approvedNow ? 'approved' : 'pending',
    phoneEnc: pii().encrypt(phone),
    phoneHash: pii().blindIndex('phone', phone),
    phoneMasked: maskPhone(phone),
    skills: [...new Set(input.skills)],
    languages: [...new Set(input.languages)],
    availability: input.availability,
    emergencyName: input.emergencyContact.name,
    emergencyPhoneEnc: pii().encrypt(emergencyPhone),
    emergencyPhoneMasked: maskPhone(emergencyPhone),
    birthDate,
    isMinor,
    guardianName: input.guardian?.name ?? null,
    guardianPhoneEnc: guardianPhone ? pii().encrypt(guardianPhone) : null,
    guardianPhoneMasked: guardianPhone ? maskPhone(guardianPhone) : null,
    guardianConsentFileId: input.guardian?.consentFileId ?? null,
    registeredVia: via,
    note: input.note,
    createdBy: actorLabel(ctx.actor),
    decidedAt: approvedNow ? new Date() : null,
    decidedBy: approvedNow ? actorLabel(ctx.actor) : null,
  });
  await recordAudit(tx, ctx, {
    action: 'volunteer.registered',
    entityType: 'volunteer',
    entityId: row.id,
    orgId: org.id,
    regionId: row.regionId,
    after: { ...row, birthDate: undefined },
  });
  return row;
}

/**
 * A member of the public registers as a volunteer of a unit with the signed-in phone. Pending until staff approve.
 * Throws VOLUNTEER_DUPLICATE (409) for an ID already registered, VOLUNTEER_GUARDIAN_REQUIRED (422) under 18 without
 * the guardian's consent, INVALID_ID_NUMBER / INVALID_PHONE, NOT_FOUND for an unknown unit or consent file.
 */
export async function registerSelf(db: Db, ctx: Ctx, input: RegisterSelf): Promise<VolunteerView> {
  const phone = await getPublicPhone(db, ctx);
  const row = await db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    return register(tx, ctx, { ...input, phone }, 'public', org);
  });
  return toVolunteerView(db, row);
}

/** Staff (volunteers:manage at the unit) register someone; approved at once with a volunteer number. */
export async function registerByStaff(db: Db, ctx: Ctx, input: RegisterByStaff): Promise<VolunteerView> {
  return toVolunteerView(db, await registerOnBehalf(db, ctx, input, 'staff'));
}

/** Registers someone as if by staff (`staff`: approved) or as their own pending application (`public`; demo data). */
export async function registerOnBehalf(
  db: Db,
  ctx: Ctx,
  input: RegisterByStaff,
  via: 'public' | 'staff',
): Promise<repo.VolunteerRow> {
  return db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, managePerm, org.path);
    return register(tx, ctx, input, via, org);
  });
}

/**
 * Approves (with a volunteer number) or rejects a pending registration. Throws TRANSITION_NOT_ALLOWED when it is not
 * pending.
 */
export async function decideVolunteer(db: Db, ctx: Ctx, id: string, input: DecideVolunteer): Promise<VolunteerView> {
  const row = await db.transaction(async (tx) => {
    const { v, org } = await volunteerInScope(tx, ctx, id, managePerm);
    await repo.lockKey(tx, `volunteer:${v.personId}`);
    const current = await getVolunteer(tx, id);
    if (current.status !== 'pending') {
      throw new AppError('TRANSITION_NOT_ALLOWED', {
        from: current.status,
        to: input.approve ? 'approved' : 'rejected',
      });
    }
    const updated = await repo.updateVolunteer(tx, v, {
      status: input.approve ? 'approved' : 'rejected',
      volunteerNo: input.approve ? newVolunteerNo(org) : null,
      decidedAt: new Date(),
      decidedBy: actorLabel(ctx.actor),
      decisionNote: input.note,
    });
    await recordAudit(tx, ctx, {
      action: input.approve ? 'volunteer.approved' : 'volunteer.rejected',
      entityType: 'volunteer',
      entityId: v.id,
      orgId: v.orgId,
      regionId: v.regionId,
      before: { status: current.status },
      after: { status: updated.status, volunteerNo: updated.volunteerNo },
      reason: input.note || null,
    });
    return updated;
  });
  return toVolunteerView(db, row);
}

export async function viewVolunteer(db: Db, ctx: Ctx, id: string): Promise<VolunteerView> {
  const { v } = await volunteerInScope(db, ctx, id, viewPerm);
  return toVolunteerView(db, v);
}

/** Volunteers of units in the caller's scope (optionally under one unit), by status or name / number. */
export async function listVolunteers(db: Db, ctx: Ctx, q: VolunteerListQuery) {
  const col = repo.columns.volunteer;
  const conds: SQL[] = [orgs.orgScopeCondition(col.orgId, ctx, viewPerm)];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, viewPerm, org.path);
    conds.push(orgs.orgUnderCondition(col.orgId, org.path));
  }
  if (q.status) {
    conds.push(eq(col.status, q.status));
  }
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(col.name, like), ilike(col.volunteerNo, like))!);
  }
  const page = await repo.listVolunteers(db, and(...conds)!, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: await toVolunteerViews(db, page.items), total: page.total };
}

/** The signed-in caller's registration, or null. */
export async function viewMyRegistration(db: Db, ctx: Ctx): Promise<VolunteerView | null> {
  const v = await findMyVolunteer(db, ctx);
  return v ? toVolunteerView(db, v) : null;
}

// ------------------------------------------------------------------------------------------------ teams

async function toTeamViews(db: Db, teams: repo.TeamRow[]): Promise<TeamView[]> {
  const members = await repo.listTeamMembers(
    db,
    teams.map((t) => t.id),
  );
  const [vols, units] = await Promise.all([
    repo.findVolunteersByIds(db, [...new Set(members.map((m) => m.volunteerId))]),
    orgs.findOrgsByIds(db, [...new Set(teams.map((t) => t.orgId))]),
  ]);
  const byId = new Map(vols.map((v) => [v.id, v]));
  return teams.map((t) => ({
    id: t.id,
    orgId: t.orgId,
    orgName: units.find((u) => u.id === t.orgId)?.name ?? '',
    name: t.name,
    description: t.description,
    members: members
      .filter((m) => m.teamId === t.id)
      .map((m) => ({
        volunteerId: m.volunteerId,
        name: byId.get(m.volunteerId)?.name ?? '',
        volunteerNo: byId.get(m.volunteerId)?.volunteerNo ?? null,
        role: m.role as 'leader' | 'member',
      }))
      .sort((a, b) => (a.role === b.role ? 0 : a.role === 'leader' ? -1 : 1)),
    createdAt: t.createdAt.toISOString(),
  }));
}

export async function getTeam(db: Db, id: string): Promise<repo.TeamRow> {
  const team = await repo.findTeamById(db, id);
  if (!team) {
    throw new AppError('NOT_FOUND', { entity: 'volunteer_team', id });
  }
  return team;
}

export async function listTeams(db: Db, ctx: Ctx, orgId: number): Promise<TeamView[]> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, viewPerm, org.path);
  const teams = await repo.listTeams(db, orgs.orgUnderCondition(repo.columns.team.orgId, org.path));
  return toTeamViews(db, teams);
}

/** Creates a team (志愿服务队) under a unit. A duplicate name in the unit is a CONFLICT. */
export async function createTeam(db: Db, ctx: Ctx, input: CreateTeam): Promise<TeamView> {
  const team = await db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, managePerm, org.path);
    const row = await repo.insertTeam(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      name: input.name,
      description: input.description,
      createdBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'volunteer-team.created',
      entityType: 'volunteer_team',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: row,
    });
    return row;
  });
  return (await toTeamViews(db, [team]))[0];
}

/**
 * Adds a volunteer to a team as leader or member (or changes their role). The volunteer must be approved
 * (VOLUNTEER_NOT_APPROVED) and in the caller's scope.
 */
export async function setTeamMember(db: Db, ctx: Ctx, teamId: string, input: TeamMemberInput): Promise<TeamView> {
  const team = await db.transaction(async (tx) => {
    const team = await getTeam(tx, teamId);
    const org = await orgs.getOrg(tx, team.orgId);
    assertCanAt(ctx.actor, managePerm, org.path);
    const { v } = await volunteerInScope(tx, ctx, input.volunteerId, viewPerm);
    if (v.status !== 'approved') {
      throw new AppError('VOLUNTEER_NOT_APPROVED', { volunteerId: v.id });
    }
    await repo.upsertTeamMember(tx, { regionId: team.regionId, teamId, volunteerId: v.id, role: input.role });
    await recordAudit(tx, ctx, {
      action: 'volunteer-team.member-set',
      entityType: 'volunteer_team',
      entityId: team.id,
      orgId: team.orgId,
      regionId: team.regionId,
      after: input,
    });
    return team;
  });
  return (await toTeamViews(db, [team]))[0];
}

export async function removeTeamMember(db: Db, ctx: Ctx, teamId: string, volunteerId: string): Promise<TeamView> {
  const team = await db.transaction(async (tx) => {
    const team = await getTeam(tx, teamId);
    const org = await orgs.getOrg(tx, team.orgId);
    assertCanAt(ctx.actor, managePerm, org.path);
    if ((await repo.deleteTeamMember(tx, team.regionId, teamId, volunteerId)) === 0) {
      throw new AppError('NOT_FOUND', { entity: 'volunteer_team_member', volunteerId });
    }
    await recordAudit(tx, ctx, {
      action: 'volunteer-team.member-removed',
      entityType: 'volunteer_team',
      entityId: team.id,
      orgId: team.orgId,
      regionId: team.regionId,
      before: { volunteerId },
    });
    return team;
  });
  return (await toTeamViews(db, [team]))[0];
}

export { invalid };
