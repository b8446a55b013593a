// Members (会员): applications online and by staff, admission with a member number, the member's own page, lists
// and the lookups other modules use (points, service orders and first-aid kits build on members).
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhone, getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { attachFiles, claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { validateUscc } from '../../platform/identity/uscc';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { toPinyinKey } from '../../platform/pinyin';
import { actorId, actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as services from '../services/services.service';
import * as repo from './members.repo';
import type {
  EnrolMember,
  JoinOnline,
  MemberCategory,
  MemberDetail,
  MemberKind,
  MemberListQuery,
  MemberStatus,
  MemberSummary,
  MemberTier,
} from './members.schemas';
import { duesPerYearFen, paymentViews } from './members-dues';
import { moveMemberPoints } from './members-points.service';

export type MemberRow = repo.MemberRow;

// ------------------------------------------------------------------------------------------------ lookups for others

/** A member by id (in its region when known), any status; undefined when there is none. */
export function findMemberById(db: Db, regionId: number | null, id: string): Promise<MemberRow | undefined> {
  return repo.findMember(db, regionId, id);
}

/** The person's active membership (an individual one first), undefined when they are not an active member. */
export function findActiveMemberByPerson(db: Db, personId: string): Promise<MemberRow | undefined> {
  return repo.findActiveMemberOfPerson(db, personId);
}

/**
 * The signed-in citizen's membership, live ones first (active, lapsed, then an application in progress): the one
 * the account applied for online, or an individual membership staff filed with the account's phone.
 */
export async function memberOfAccount(db: Db, accountId: string): Promise<MemberRow | undefined> {
  const ctx: Ctx = {
    actor: { kind: 'public', accountId, phoneMasked: '', sessionHash: '' },
    requestId: null,
    ip: null,
    locale: 'zh',
  };
  const phoneHash = await getPublicPhoneHash(db, ctx).catch(() => null);
  return repo.findMemberOfAccount(db, accountId, phoneHash);
}

// ------------------------------------------------------------------------------------------------ rules

/** Units that take members: branches and grassroots units, not rescue teams or training bases. */
const memberUnitTypes = new Set([
  'province',
  'city',
  'county',
  'township',
  'village',
  'school',
  'enterprise',
  'service_station',
  'other',
]);

/** Full years of age on `today` for a birth date (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * The age rules of an individual application: under 18 joins as a youth member (MEMBER_CATEGORY_AGE), under 14
 * needs a guardian with signed consent (MEMBER_GUARDIAN_REQUIRED).
 */
export function checkAgeRules(
  birthDate: string | null | undefined,
  category: 'ordinary' | 'youth',
  hasGuardian: boolean,
  today = toChinaDate(),
): void {
  if (!birthDate) {
    return;
  }
  const age = ageOn(birthDate, today);
  if (age < 18 && category !== 'youth') {
    throw new AppError('MEMBER_CATEGORY_AGE', { age });
  }
  if (age < 14 && !hasGuardian) {
    throw new AppError('MEMBER_GUARDIAN_REQUIRED', { age });
  }
}

async function memberUnit(db: Db, orgId: number): Promise<orgs.OrgRow> {
  const org = await orgs.getOrg(db, orgId);
  if (!org.isActive || !memberUnitTypes.has(org.type)) {
    throw new AppError('MEMBER_UNIT_NOT_ALLOWED', { orgId, type: org.type });
  }
  return org;
}

function phoneOrThrow(input: string, field: string): string {
  const p = normalizePhone(input);
  if (!p.ok) {
    throw new AppError('INVALID_PHONE', { field });
  }
  return p.value;
}

function guardianColumns(g: { name: string; phone: string; consentFileId: string } | undefined) {
  if (!g) {
    return {};
  }
  const phone = phoneOrThrow(g.phone, 'guardian.phone');
  return {
    guardianName: g.name,
    guardianPhoneEnc: pii().encrypt(phone),
    guardianPhoneMasked: maskPhone(phone),
    guardianConsentFileId: g.consentFileId,
  };
}

export async function recordEvent(
  tx: Db,
  ctx: Ctx,
  m: { regionId: number; id: string; orgId: number },
  kind: string,
  extra: { toOrgId?: number; note?: string | null; data?: Record<string, unknown>; at?: Date } = {},
): Promise<void> {
  await repo.insertEvent(tx, {
    regionId: m.regionId,
    id: crypto.randomUUID(),
    memberId: m.id,
    kind,
    orgId: m.orgId,
    toOrgId: extra.toOrgId ?? null,
    note: extra.note ?? null,
    data: extra.data ?? {},
    actorId: actorId(ctx.actor),
    actorName: actorLabel(ctx.actor),
    at: extra.at ?? new Date(),
  });
}

/** The member's phone (decrypted): the member's own, or a group's contact's. */
export async function memberPhone(db: Db, m: MemberRow): Promise<string | null> {
  if (m.contactPhoneEnc) {
    return pii().decrypt(m.contactPhoneEnc);
  }
  if (m.personId) {
    const person = await people.findPersonRow(db, m.personId);
    return person?.phoneEnc ? pii().decrypt(person.phoneEnc) : null;
  }
  return null;
}

async function sms(tx: Db, m: MemberRow, template: string, body: string, dedupeKey?: string) {
  const to = await memberPhone(tx, m);
  if (to) {
    await queueMessage(tx, { channel: 'sms', to, template, body, dedupeKey });
  }
}

// ------------------------------------------------------------------------------------------------ applications

type IndividualInput = {
  orgId: number;
  category: 'ordinary' | 'youth';
  tier: MemberTier;
  name: string;
  idNumber: string;
  phone: string;
  workplace?: string;
  address?: string;
  guardian?: { name: string; phone: string; consentFileId: string };
};

/** Inserts an individual application (status applied) after the duplicate and age checks, in the caller's tx. */
async function insertIndividual(
  tx: Db,
  ctx: Ctx,
  org: orgs.OrgRow,
  input: IndividualInput,
  channel: 'online' | 'staff' | 'import',
  accountId: string | null,
): Promise<MemberRow> {
  const phone = phoneOrThrow(input.phone, 'phone');
  // findOrRegisterPerson holds the ID number's advisory lock to the end of the transaction: two applications with
  // one ID number cannot both pass the check below.
  const { person } = await people.findOrRegisterPerson(tx, ctx, {
    orgId: org.id,
    name: input.name,
    idNumber: input.idNumber,
    phone,
    address: input.address,
  });
  const live = await repo.findLiveMemberOfPerson(tx, person.id);
  if (live) {
    throw new AppError('MEMBER_ALREADY_APPLIED', { status: live.status, memberNo: live.memberNo });
  }
  checkAgeRules(person.birthDate, input.category, !!input.guardian);
  return repo.insertMember(tx, {
    regionId: org.regionId,
    id: crypto.randomUUID(),
    orgId: org.id,
    kind: 'individual',
    category: input.category,
    tier: input.tier,
    status: 'applied',
    personId: person.id,
    name: input.name,
    namePinyin: toPinyinKey(input.name, { personName: true }),
    phoneHash: pii().blindIndex('phone', phone),
    phoneMasked: maskPhone(phone),
    idNumberMasked: person.idNumberMasked,
    workplace: input.workplace || null,
    address: input.address || null,
    accountId,
    channel,
    ...guardianColumns(input.guardian),
  });
}

/**
 * A signed-in citizen applies on the phone (the account's phone is the member's). Opens the `member-join` hall
 * request in the same transaction. MEMBER_ALREADY_APPLIED for an ID number with a live membership or application,
 * MEMBER_CATEGORY_AGE / MEMBER_GUARDIAN_REQUIRED by age, MEMBER_UNIT_NOT_ALLOWED for a unit that takes no members.
 */
export async function joinOnline(db: Db, ctx: Ctx, input: JoinOnline): Promise<MemberDetail> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN');
  }
  const accountId = ctx.actor.accountId;
  const id = await db.transaction(async (tx) => {
    const org = await memberUnit(tx, input.orgId);
    const phone = await getPublicPhone(tx, ctx);
    const m = await insertIndividual(tx, ctx, org, { ...input, tier: 'ordinary', phone }, 'online', accountId);
    if (input.guardian) {
      await attachFiles(tx, ctx, [input.guardian.consentFileId], {
        orgId: org.id,
        readPermission: 'members:view',
        purpose: 'member_guardian_consent',
      });
    }
    const request = await services.openServiceRequest(
      tx,
      ctx,
      {
        itemCode: 'member-join',
        orgId: org.id,
        applicant: { name: input.name, phone, personId: m.personId ?? undefined },
        form: {
          memberKind: input.category,
          ...(input.workplace ? { workplace: input.workplace } : {}),
          ...(input.address ? { address: input.address } : {}),
        },
        fileIds: {},
        subject: { kind: 'member', id: m.id },
      },
      { channel: 'module', accountId },
    );
    await repo.updateMember(tx, m.regionId, m.id, { serviceRequestId: request.id });
    await recordEvent(tx, ctx, m, 'applied', { data: { channel: 'online', requestNo: request.requestNo } });
    await recordAudit(tx, ctx, {
      action: 'member.applied',
      entityType: 'member',
      entityId: m.id,
      orgId: org.id,
      regionId: m.regionId,
      after: { orgId: org.id, category: m.category, channel: 'online' },
    });
    return m.id;
  });
  return viewMemberRow(db, (await repo.findMember(db, null, id))!);
}

/**
 * Staff enrol a member at a unit in their members:manage subtree (a counter, a school enrolling a class): an
 * individual or a group (统一社会信用代码, headcount, contact). Admitted at once with `admit`.
 */
export async function enrolMember(db: Db, ctx: Ctx, input: EnrolMember): Promise<MemberDetail> {
  const id = await db.transaction(async (tx) => {
    const m = await enrolInTx(tx, ctx, input, 'staff');
    if (input.admit) {
      await admitInTx(tx, ctx, m, undefined);
    }
    return m.id;
  });
  return viewMemberRow(db, (await repo.findMember(db, null, id))!);
}

export async function enrolInTx(tx: Db, ctx: Ctx, input: EnrolMember, channel: 'staff' | 'import'): Promise<MemberRow> {
  const org = await memberUnit(tx, input.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  let m: MemberRow;
  if (input.kind === 'individual') {
    m = await insertIndividual(tx, ctx, org, input, channel, null);
    if (input.guardian) {
      await claimEvidence(tx, ctx, [{ field: 'guardian.consentFileId', id: input.guardian.consentFileId }], {
        orgId: org.id,
        readPermission: 'members:view',
        purpose: 'member_guardian_consent',
      });
    }
  } else {
    const uscc = validateUscc(input.uscc);
    if (!uscc.ok) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.uscc', message: uscc.reason }] });
    }
    const phone = phoneOrThrow(input.contactPhone, 'contactPhone');
    const existing = await repo.findGroupByUscc(tx, uscc.value);
    if (existing) {
      throw new AppError('MEMBER_GROUP_ALREADY_APPLIED', { status: existing.status, memberNo: existing.memberNo });
    }
    m = await repo.insertMember(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      kind: 'group',
      category: 'group',
      tier: input.tier,
      status: 'applied',
      name: input.groupName,
      namePinyin: toPinyinKey(input.groupName),
      groupName: input.groupName,
      groupUscc: uscc.value,
      headcount: input.headcount,
      contactName: input.contactName,
      contactPhoneEnc: pii().encrypt(phone),
      contactPhoneMasked: maskPhone(phone),
      phoneHash: pii().blindIndex('phone', phone),
      phoneMasked: maskPhone(phone),
      address: input.address || null,
      channel,
    });
  }
  await recordEvent(tx, ctx, m, 'applied', { data: { channel } });
  await recordAudit(tx, ctx, {
    action: 'member.enrolled',
    entityType: 'member',
    entityId: m.id,
    orgId: org.id,
    regionId: m.regionId,
    after: { orgId: org.id, kind: m.kind, category: m.category, tier: m.tier, channel },
  });
  return m;
}

// ------------------------------------------------------------------------------------------------ admission

/** The administrative code a member number carries: the nearest unit up the tree (itself first) with a 6-digit code. */
export async function adminCodeOf(db: Db, org: orgs.OrgRow): Promise<string> {
  const ids = org.path.split('.').filter(Boolean).map(Number).reverse();
  const chain = await orgs.findOrgsByIds(db, ids);
  for (const id of ids) {
    const code = chain.find((o) => o.id === id)?.code;
    if (code && /^\d{6}$/.test(code)) {
      return code;
    }
  }
  return String(org.regionId).padStart(6, '0');
}

/** Member number 会员证号: `<county code>-<year joined>-<six-digit sequence>`, e.g. 330681-2026-000123. */
export async function nextMemberNo(db: Db, org: orgs.OrgRow, year: number): Promise<string> {
  const prefix = await adminCodeOf(db, org);
  const n = await repo.nextNumber(db, 'member', prefix, year);
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}

export async function loadMember(
  db: Db,
  ctx: Ctx,
  id: string,
  permission: 'members:view' | 'members:manage',
  lock = false,
) {
  const row = await repo.findMember(db, null, id, lock);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'member', id });
  }
  const org = await orgs.getOrg(db, row.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return { row, org };
}

export async function admitInTx(tx: Db, ctx: Ctx, m: MemberRow, note: string | undefined): Promise<MemberRow> {
  if (m.status !== 'applied') {
    throw new AppError('MEMBER_NOT_PENDING', { status: m.status });
  }
  const org = await orgs.getOrg(tx, m.orgId);
  const today = toChinaDate();
  const memberNo = await nextMemberNo(tx, org, Number(today.slice(0, 4)));
  const now = new Date();
  const after = await repo.updateMember(tx, m.regionId, m.id, {
    status: 'active',
    memberNo,
    joinedOn: today,
    cardToken: crypto.randomBytes(16).toString('base64url'),
    cardVersion: 1,
    cardIssuedAt: now,
    decidedBy: actorId(ctx.actor),
    decidedAt: now,
    decisionNote: note ?? null,
  });
  await recordEvent(tx, ctx, m, 'admitted', { note, data: { memberNo } });
  await recordAudit(tx, ctx, {
    action: 'member.admitted',
    entityType: 'member',
    entityId: m.id,
    orgId: m.orgId,
    regionId: m.regionId,
    before: { status: m.status },
    after: { status: 'active', memberNo },
  });
  if (m.serviceRequestId) {
    await followInHall(tx, ctx, m.serviceRequestId, 'done', note ?? `会员证号 ${memberNo}`);
  }
  await sms(
    tx,
    after,
    'member.admitted',
    `【红十字会】${m.name},您的入会申请已通过,会员证号 ${memberNo}。可在“我的会员”查看电子会员证。`,
  );
  return after;
}

/** Admits an application: member number, joined date, card, status active; SMS. MEMBER_NOT_PENDING when decided. */
export async function admitMember(db: Db, ctx: Ctx, id: string, note?: string): Promise<MemberDetail> {
  await db.transaction(async (tx) => {
    const { row } = await loadMember(tx, ctx, id, 'members:manage', true);
    await admitInTx(tx, ctx, row, note);
  });
  return viewMember(db, ctx, id);
}

/** Rejects an application with a reason (told to the applicant by SMS). MEMBER_NOT_PENDING when decided. */
export async function rejectMember(db: Db, ctx: Ctx, id: string, reason: string): Promise<MemberDetail> {
  await db.transaction(async (tx) => {
    const { row: m } = await loadMember(tx, ctx, id, 'members:manage', true);
    if (m.status !== 'applied') {
      throw new AppError('MEMBER_NOT_PENDING', { status: m.status });
    }
    await repo.updateMember(tx, m.regionId, m.id, {
      status: 'rejected',
      decidedBy: actorId(ctx.actor),
      decidedAt: new Date(),
      decisionNote: reason,
    });
    await recordEvent(tx, ctx, m, 'rejected', { note: reason });
    await recordAudit(tx, ctx, {
      action: 'member.rejected',
      entityType: 'member',
      entityId: m.id,
      orgId: m.orgId,
      regionId: m.regionId,
      before: { status: m.status },
      after: { status: 'rejected' },
      reason,
    });
    if (m.serviceRequestId) {
      await followInHall(tx, ctx, m.serviceRequestId, 'refused', reason);
    }
    await sms(tx, m, 'member.rejected', `【红十字会】${m.name},您的入会申请未通过:${reason}`);
  });
  return viewMember(db, ctx, id);
}

/**
 * Moves a hall request the module owns to `to` ('done' via accepted → in_progress, or 'refused' / 'rejected'), one
 * allowed step at a time; a request someone already moved elsewhere is left as it is.
 */
export async function followInHall(
  tx: Db,
  ctx: Ctx,
  requestId: string,
  to: 'done' | 'refused',
  note: string,
): Promise<void> {
  let request = await services.getServiceRequestRow(tx, requestId);
  const path: Record<string, string | undefined> =
    to === 'done'
      ? { submitted: 'accepted', accepted: 'in_progress', in_progress: 'done' }
      : { submitted: 'refused', accepted: 'rejected', in_progress: 'rejected' };
  for (let step = path[request.status]; step; step = path[request.status]) {
    request = await services.advanceServiceRequest(tx, ctx, request.id, {
      to: step as 'accepted',
      note: step === to || step === 'rejected' ? note : undefined,
      authorisedBy: 'module',
    });
  }
}

// ------------------------------------------------------------------------------------------------ transfer

/**
 * Transfers a member to another unit (转会), with members:manage at both units: the receiving unit's staff see the
 * member from now on, the sending unit keeps only the history and past statistics. Applications, rejected and
 * withdrawn members cannot move (MEMBER_NOT_ADMITTED); the same unit is MEMBER_TRANSFER_SAME_UNIT; another city
 * (region) is refused for now (MEMBER_TRANSFER_ACROSS_REGIONS).
 */
export async function transferMember(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { toOrgId: number; reason: string },
): Promise<MemberDetail> {
  await db.transaction(async (tx) => {
    const { row: m, org: from } = await loadMember(tx, ctx, id, 'members:manage', true);
    if (m.status !== 'active' && m.status !== 'lapsed') {
      throw new AppError('MEMBER_NOT_ADMITTED', { status: m.status });
    }
    if (input.toOrgId === m.orgId) {
      throw new AppError('MEMBER_TRANSFER_SAME_UNIT');
    }
    const to = await memberUnit(tx, input.toOrgId);
    assertCanAt(ctx.actor, 'members:manage', to.path);
    // Compared by the units' regions (a unit moved to another city takes its members' region along with it).
    if (to.regionId !== from.regionId) {
      throw new AppError('MEMBER_TRANSFER_ACROSS_REGIONS', { fromRegionId: from.regionId, toRegionId: to.regionId });
    }
    await repo.updateMember(tx, m.regionId, m.id, { orgId: to.id });
    // The member's points totals follow them, so rankings count them under the receiving unit from now on.
    await moveMemberPoints(tx, { regionId: m.regionId, id: m.id, orgId: to.id });
    await recordEvent(tx, ctx, m, 'transferred', { toOrgId: to.id, note: input.reason });
    await recordAudit(tx, ctx, {
      action: 'member.transferred',
      entityType: 'member',
      entityId: m.id,
      orgId: to.id,
      regionId: m.regionId,
      before: { orgId: m.orgId },
      after: { orgId: to.id },
      reason: input.reason,
    });
  });
  return viewMember(db, ctx, id);
}

// ------------------------------------------------------------------------------------------------ views

async function orgNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  const rows = await orgs.findOrgsByIds(db, [...new Set(ids)]);
  return new Map(rows.map((o) => [o.id, o.name]));
}

export function toMemberSummary(m: MemberRow, orgName: string): MemberSummary {
  return {
    id: m.id,
    memberNo: m.memberNo,
    kind: m.kind as MemberKind,
    category: m.category as MemberCategory,
    tier: m.tier as MemberTier,
    status: m.status as MemberStatus,
    name: m.name,
    phoneMasked: m.phoneMasked,
    idNumberMasked: m.idNumberMasked,
    orgId: m.orgId,
    orgName,
    channel: m.channel as MemberSummary['channel'],
    appliedAt: m.appliedAt.toISOString(),
    joinedOn: m.joinedOn,
    paidThroughYear: m.paidThroughYear,
    headcount: m.headcount,
  };
}

async function viewMemberRow(db: Db, m: MemberRow): Promise<MemberDetail> {
  const events = await repo.listEvents(db, m.id);
  const names = await orgNames(db, [m.orgId, ...events.flatMap((e) => [e.orgId, e.toOrgId ?? e.orgId])]);
  return {
    ...toMemberSummary(m, names.get(m.orgId) ?? ''),
    workplace: m.workplace,
    address: m.address,
    groupUscc: m.groupUscc,
    contactName: m.contactName,
    guardianName: m.guardianName,
    guardianPhoneMasked: m.guardianPhoneMasked,
    guardianConsentFileId: m.guardianConsentFileId,
    decisionNote: m.decisionNote,
    cardVersion: m.cardVersion,
    cardIssuedAt: m.cardIssuedAt?.toISOString() ?? null,
    serviceRequestId: m.serviceRequestId,
    duesPerYearFen: await duesPerYearFen(db, m),
    events: events.map((e) => ({
      kind: e.kind,
      orgName: names.get(e.orgId) ?? '',
      toOrgName: e.toOrgId ? (names.get(e.toOrgId) ?? '') : null,
      note: e.note,
      actorName: e.actorName,
      at: e.at.toISOString(),
    })),
    payments: await paymentViews(db, m),
  };
}

/** A member's detail with history and dues, for staff holding members:view over the member's unit. */
export async function viewMember(db: Db, ctx: Ctx, id: string): Promise<MemberDetail> {
  const { row } = await loadMember(db, ctx, id, 'members:view');
  return viewMemberRow(db, row);
}

/** The member list in the caller's members:view scope: search by name / pinyin, member number or phone. */
export async function listMembers(db: Db, ctx: Ctx, q: MemberListQuery) {
  const filter: repo.MemberFilter = {
    scope: (col) => orgs.orgScopeCondition(col, ctx, 'members:view'),
    status: q.status,
    kind: q.kind,
    category: q.category,
    tier: q.tier,
  };
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'members:view', org.path);
    filter.orgUnder = (col) => orgs.orgUnderCondition(col, org.path);
  }
  if (q.unpaidYear) {
    filter.paidThroughBelow = q.unpaidYear;
    filter.status = filter.status ?? 'active';
  }
  const text = q.q?.trim();
  if (text) {
    const phone = /^\+?\d[\d\s-]{6,}$/.test(text) ? normalizePhone(text) : undefined;
    if (/^\d{6}-\d{4}-\d{6}$/.test(text)) {
      filter.memberNo = text;
    } else if (phone?.ok) {
      filter.phoneHash = pii().blindIndex('phone', phone.value);
    } else if (/^[a-z\s]+$/i.test(text)) {
      filter.pinyin = text.toLowerCase();
    } else {
      filter.name = text;
    }
  }
  const { rows, total } = await repo.listMembers(db, filter, { limit: q.limit, offset: q.offset });
  const names = await orgNames(
    db,
    rows.map((r) => r.orgId),
  );
  return { items: rows.map((r) => toMemberSummary(r, names.get(r.orgId) ?? '')), total };
}

export { maskName, orgNames, viewMemberRow };
