// Organ and body (遗体/组织) donation intent registration: written consent (online signature or the signed form),
// two witnesses, a family contact (and for a body, an executor and the receiving institution); revocable at any time by
// the registrant, or by staff on the registrant's recorded request; the steps after death; every change a version.
// Every read of a registration's detail is audited; lists are masked; pii:view unmasks.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhone, getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { writeSheet } from '../../platform/excel';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { pii } from '../../platform/pii';
import { actorId, actorLabel, assertCanAt, canAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as services from '../services/services.service';
import * as repo from './registry-organ.repo';
import type {
  AfterDeathStep,
  ChangeRegistration,
  DonorKind,
  RegisterAtCounter,
  RegisterOnline,
  RegistrationDetail,
  RegistrationListQuery,
  RegistrationStatus,
  RegistrationView,
  RegistryStats,
  RegistryStatsQuery,
  WithdrawByStaff,
} from './registry-organ.schemas';

/** The youngest age at which one may register an intent oneself (full civil capacity; see docs/registry-organ.md). */
export const minimumRegistrantAge = 18;

const hallItemOf: Record<DonorKind, string> = { organ: 'organ', body: 'body-donation' };

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Refuses what the rules refuse before anything is written: under 18, a witness who is the registrant, scopes. */
export function checkRegistrationRules(input: {
  kind: DonorKind;
  birthDate: string;
  today: string;
  registrantPhone: string;
  scope: string;
  items: readonly string[];
  witnesses: readonly { name: string; phone: string }[];
  registrantName: string;
  executor?: unknown;
}): void {
  if (ageOn(input.birthDate, input.today) < minimumRegistrantAge) {
    throw new AppError('DONOR_UNDER_18', { birthDate: input.birthDate });
  }
  const phones = input.witnesses.map((w) => normalizePhone(w.phone));
  if (phones.some((p) => !p.ok)) {
    throw new AppError('INVALID_PHONE', { field: 'witnesses' });
  }
  const witnessPhones = phones.map((p) => (p.ok ? p.value : ''));
  if (
    witnessPhones.includes(input.registrantPhone) ||
    input.witnesses.some((w) => w.name === input.registrantName) ||
    (witnessPhones.length === 2 && witnessPhones[0] === witnessPhones[1])
  ) {
    throw new AppError('DONOR_WITNESS_INVALID');
  }
  const organScopes = ['all', 'some'];
  const validScope = input.kind === 'organ' ? organScopes.includes(input.scope) : !organScopes.includes(input.scope);
  const needsItems = input.scope === 'some' || input.scope === 'tissue';
  if (!validScope || (needsItems && input.items.length === 0)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.scope', message: 'scope does not fit the kind, or names no organ/tissue' }],
    });
  }
  if (input.kind === 'body' && !input.executor) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.executor', message: 'an executor is required' }],
    });
  }
}

function sealContact(c: { name: string; relation?: string; phone: string }, staffUserId?: string | null) {
  const phone = normalizePhone(c.phone);
  if (!phone.ok) {
    throw new AppError('INVALID_PHONE', { field: 'contact' });
  }
  return {
    name: c.name,
    relation: c.relation ?? null,
    phoneEnc: pii().encrypt(phone.value),
    phoneMasked: maskPhone(phone.value),
    staffUserId: staffUserId ?? null,
  };
}

const contactView = (c: repo.StoredContact, masked = true) => ({
  name: masked ? maskName(c.name) : c.name,
  relation: c.relation ?? null,
  phoneMasked: c.phoneMasked,
  isStaff: Boolean(c.staffUserId),
});

export function toRegistrationView(row: repo.RegistrationRow, orgName: string, hasMemorial = false): RegistrationView {
  return {
    id: row.id,
    kind: row.kind as DonorKind,
    regNo: row.regNo,
    orgId: row.orgId,
    orgName,
    name: maskName(row.name),
    idNumberMasked: row.idNumberMasked,
    phoneMasked: row.phoneMasked,
    age: ageOn(row.birthDate, toChinaDate()),
    channel: row.channel as 'online' | 'counter',
    scope: row.scope,
    items: row.items,
    status: row.status as RegistrationStatus,
    version: row.version,
    registeredAt: row.createdAt.toISOString(),
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    deathOn: row.deathOn,
    receivedOn: row.receivedOn,
    hasMemorial,
  };
}

/** What the version history and the audit trail keep: the masked view plus the masked contacts. */
function snapshotOf(row: repo.RegistrationRow) {
  return {
    ...toRegistrationView(row, ''),
    witnesses: row.witnesses.map((w) => contactView(w)),
    familyContact: contactView(row.familyContact),
    executor: row.executor ? contactView(row.executor) : null,
    institution: row.institution,
  };
}

async function writeVersion(tx: Db, ctx: Ctx, row: repo.RegistrationRow, change: string, note: string | null) {
  await repo.insertVersion(tx, {
    regionId: row.regionId,
    id: crypto.randomUUID(),
    registrationId: row.id,
    version: row.version,
    change,
    snapshot: snapshotOf(row),
    note,
    changedBy: actorLabel(ctx.actor),
    changedAt: new Date(),
  });
}

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function randomCode(n: number): string {
  let s = '';
  for (const b of crypto.randomBytes(n)) {
    s += alphabet[b & 31];
  }
  return s;
}

type RegisterInput = (RegisterOnline | RegisterAtCounter) & { phoneValue: string };

async function register(
  db: Db,
  ctx: Ctx,
  input: RegisterInput,
  channel: 'online' | 'counter',
  consent: { signature: string | null; fileId: string | null },
): Promise<RegistrationView> {
  return db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    if (!org.isActive) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.orgId', message: 'the unit is inactive' }] });
    }
    const id = people.normaliseIdNumber('resident_id', input.idNumber);
    if (!id.birthDate) {
      throw new AppError('INVALID_ID_NUMBER', { field: 'idNumber' });
    }
    checkRegistrationRules({
      kind: input.kind,
      birthDate: id.birthDate,
      today: toChinaDate(),
      registrantPhone: input.phoneValue,
      scope: input.scope,
      items: input.items,
      witnesses: input.witnesses,
      registrantName: input.name,
      executor: input.executor,
    });
    if (consent.fileId) {
      await claimEvidence(tx, ctx, [{ field: 'consentFileId', id: consent.fileId }], {
        orgId: org.id,
        readPermission: 'registry:view',
        purpose: 'donor-consent',
      });
    }
    // findOrRegisterPerson locks the ID number, so two registrations of one person cannot race past this check.
    const { person } = await people.findOrRegisterPerson(tx, ctx, {
      orgId: org.id,
      name: input.name,
      idNumber: input.idNumber,
      phone: input.phoneValue,
    });
    const existing = await repo.findLiveRegistration(tx, person.id, input.kind);
    if (existing) {
      throw new AppError('DONOR_REGISTRATION_DUPLICATE', { kind: input.kind, regNo: existing.regNo });
    }
    const staffId = ctx.actor.kind === 'staff' ? actorId(ctx.actor) : null;
    const witnesses: repo.StoredContact[] = input.witnesses.map((w) => sealContact(w));
    if (channel === 'counter' && witnesses.length < 2 && ctx.actor.kind === 'staff') {
      // At a counter the staff member taking the form witnesses it.
      witnesses.push({
        name: ctx.actor.displayName,
        relation: '经办工作人员',
        phoneEnc: null,
        phoneMasked: null,
        staffUserId: staffId,
      });
    }
    const now = new Date();
    let row = await repo.insertRegistration(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      kind: input.kind,
      regNo: `${input.kind === 'organ' ? 'QG' : 'YT'}${toChinaDate(now).slice(0, 4)}${randomCode(8)}`,
      checkCode: randomCode(16),
      orgId: org.id,
      personId: person.id,
      name: input.name,
      idNumberMasked: person.idNumberMasked ?? '',
      birthDate: id.birthDate,
      phoneEnc: pii().encrypt(input.phoneValue),
      phoneHash: pii().blindIndex('phone', input.phoneValue),
      phoneMasked: maskPhone(input.phoneValue),
      channel,
      scope: input.scope,
      items: input.scope === 'all' || input.scope === 'whole_body' ? [] : input.items,
      consentSignature: consent.signature,
      consentFileId: consent.fileId,
      consentAt: now,
      witnesses,
      familyContact: sealContact(input.familyContact),
      executor: input.kind === 'body' && input.executor ? sealContact(input.executor) : null,
      institution: input.kind === 'body' ? (input.institution ?? null) : null,
      status: 'active',
      version: 1,
      createdBy: actorLabel(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
    const form: Record<string, string> =
      input.kind === 'organ'
        ? { idNumber: input.idNumber, scope: input.scope, organs: input.items.join(','), familyInformed: 'yes' }
        : {
            idNumber: input.idNumber,
            executorName: input.executor!.name,
            executorPhone: input.executor!.phone,
            school: input.institution ?? '',
          };
    const request = await services.openServiceRequest(
      tx,
      ctx,
      {
        itemCode: hallItemOf[input.kind],
        orgId: org.id,
        applicant: { name: input.name, phone: input.phoneValue, personId: person.id },
        form,
        fileIds: {},
        subject: { kind: 'donor_registration', id: row.id },
      },
      { channel: 'module', accountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : undefined },
    );
    // A registration in writing is effective at once: the hall request is concluded (办结) in the same transaction.
    await concludeInHall(tx, ctx, request.id, `登记编号 ${row.regNo}`);
    row = await repo.updateRegistration(tx, row, { serviceRequestId: request.id });
    await writeVersion(tx, ctx, row, 'registered', null);
    await recordAudit(tx, ctx, {
      action: 'donor_registration.registered',
      entityType: 'donor_registration',
      entityId: row.id,
      orgId: org.id,
      regionId: row.regionId,
      after: snapshotOf(row),
    });
    return toRegistrationView(row, org.name);
  });
}

async function concludeInHall(tx: Db, ctx: Ctx, requestId: string, note: string): Promise<void> {
  for (const to of ['accepted', 'done'] as const) {
    await services.advanceServiceRequest(tx, ctx, requestId, { to, note, authorisedBy: 'module' });
  }
}

/** Opens and concludes a `registry-change` hall request for a change or withdrawal of this registration. */
async function recordChangeInHall(
  tx: Db,
  ctx: Ctx,
  row: repo.RegistrationRow,
  changeKind: 'change' | 'withdraw',
  detail: string,
): Promise<void> {
  const request = await services.openServiceRequest(
    tx,
    ctx,
    {
      itemCode: 'registry-change',
      orgId: row.orgId,
      applicant: { name: row.name, phone: pii().decrypt(row.phoneEnc), personId: row.personId },
      form: { registration: row.kind, changeKind, detail: detail.slice(0, 200) },
      fileIds: {},
      subject: { kind: 'donor_registration', id: row.id },
    },
    { channel: 'module', accountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : undefined },
  );
  await concludeInHall(tx, ctx, request.id, `登记编号 ${row.regNo}`);
}

/**
 * A citizen registers their own intent on the phone: the signed-in phone is the registrant's, the consent is the
 * typed signature. Throws DONOR_UNDER_18, DONOR_WITNESS_INVALID, DONOR_REGISTRATION_DUPLICATE (409), INVALID_ID_NUMBER.
 */
export async function registerOnline(db: Db, ctx: Ctx, input: RegisterOnline): Promise<RegistrationView> {
  const phoneValue = await getPublicPhone(db, ctx);
  if (input.consentSignature !== input.name) {
    throw new AppError('DONOR_CONSENT_REQUIRED', { reason: 'the signature must be the registrant’s name' });
  }
  return register(db, ctx, { ...input, phoneValue }, 'online', { signature: input.consentSignature, fileId: null });
}

/** Staff register a form signed at the counter (uploaded); the staff member is the second witness if none is given. */
export async function registerAtCounter(db: Db, ctx: Ctx, input: RegisterAtCounter): Promise<RegistrationView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'registry:manage', org.path);
  const phone = normalizePhone(input.phone);
  if (!phone.ok) {
    throw new AppError('INVALID_PHONE', { field: 'phone' });
  }
  return register(db, ctx, { ...input, phoneValue: phone.value }, 'counter', {
    signature: null,
    fileId: input.consentFileId,
  });
}

/** The signed-in citizen's registrations (by their phone). */
export async function listMine(db: Db, ctx: Ctx): Promise<RegistrationView[]> {
  const rows = await repo.listByPhoneHash(db, await getPublicPhoneHash(db, ctx));
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const memorials = await repo.registrationIdsWithMemorial(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRegistrationView(r, units.find((u) => u.id === r.orgId)?.name ?? '', memorials.has(r.id)));
}

/** The registration if the signed-in citizen is its registrant; NOT_REGISTRANT (403) otherwise. */
export async function getOwnRegistration(db: Db, ctx: Ctx, id: string, forUpdate = false) {
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const row = await repo.findRegistration(db, id, forUpdate);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'donor_registration', id });
  }
  if (row.phoneHash !== phoneHash) {
    throw new AppError('NOT_REGISTRANT');
  }
  return row;
}

async function getInScope(db: Db, ctx: Ctx, id: string, permission: 'registry:view' | 'registry:manage' | 'pii:view') {
  const row = await repo.findRegistration(db, id, permission !== 'registry:view');
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'donor_registration', id });
  }
  const org = await orgs.getOrg(db, row.orgId);
  if (!canAt(ctx.actor, 'registry:view', org.path)) {
    throw new AppError('NOT_FOUND', { entity: 'donor_registration', id });
  }
  assertCanAt(ctx.actor, permission, org.path);
  return { row, org };
}

async function withdraw(tx: Db, ctx: Ctx, row: repo.RegistrationRow, note: string | null, fileId: string | null) {
  if (row.status !== 'active') {
    throw new AppError('REGISTRATION_NOT_ACTIVE', { status: row.status });
  }
  const after = await repo.updateRegistration(tx, row, {
    status: 'withdrawn',
    version: row.version + 1,
    withdrawnAt: new Date(),
    withdrawnBy: actorLabel(ctx.actor),
    withdrawalNote: note,
    withdrawalFileId: fileId,
  });
  await writeVersion(tx, ctx, after, 'withdrawn', note);
  await recordChangeInHall(tx, ctx, after, 'withdraw', note ?? '本人撤销');
  await recordAudit(tx, ctx, {
    action: 'donor_registration.withdrawn',
    entityType: 'donor_registration',
    entityId: row.id,
    orgId: row.orgId,
    regionId: row.regionId,
    before: snapshotOf(row),
    after: snapshotOf(after),
    reason: note,
  });
  return after;
}

/** The registrant withdraws at any time, no reason needed. NOT_REGISTRANT for anyone else's registration. */
export async function withdrawOwn(db: Db, ctx: Ctx, id: string, reason?: string): Promise<RegistrationView> {
  return db.transaction(async (tx) => {
    const row = await getOwnRegistration(tx, ctx, id, true);
    const after = await withdraw(tx, ctx, row, reason ?? null, null);
    return toRegistrationView(after, (await orgs.getOrg(tx, row.orgId)).name);
  });
}

/**
 * Staff holding registry:manage over the registration's unit withdraw it on the registrant's recorded request: a note
 * and the signed request are both required (WITHDRAWAL_REQUEST_REQUIRED), so no withdrawal happens on staff's own say.
 */
export async function withdrawByStaff(db: Db, ctx: Ctx, id: string, input: WithdrawByStaff) {
  if (!input.requestNote || !input.requestFileId) {
    throw new AppError('WITHDRAWAL_REQUEST_REQUIRED');
  }
  return db.transaction(async (tx) => {
    const { row, org } = await getInScope(tx, ctx, id, 'registry:manage');
    await claimEvidence(tx, ctx, [{ field: 'requestFileId', id: input.requestFileId }], {
      orgId: org.id,
      readPermission: 'registry:view',
      purpose: 'donor-withdrawal',
    });
    const after = await withdraw(tx, ctx, row, input.requestNote!, input.requestFileId!);
    return toRegistrationView(after, org.name);
  });
}

function applyChange(row: repo.RegistrationRow, input: ChangeRegistration): Partial<repo.RegistrationInsert> {
  const scope = input.scope ?? row.scope;
  const items = input.items ?? row.items;
  checkScope(row.kind as DonorKind, scope, items);
  const patch: Partial<repo.RegistrationInsert> = {
    scope,
    items: scope === 'all' || scope === 'whole_body' ? [] : items,
  };
  if (input.familyContact) {
    patch.familyContact = sealContact(input.familyContact);
  }
  if (row.kind === 'body' && input.executor) {
    patch.executor = sealContact(input.executor);
  }
  if (row.kind === 'body' && input.institution) {
    patch.institution = input.institution;
  }
  return patch;
}

function checkScope(kind: DonorKind, scope: string, items: readonly string[]) {
  const organScopes = ['all', 'some'];
  const valid = kind === 'organ' ? organScopes.includes(scope) : !organScopes.includes(scope);
  if (!valid || ((scope === 'some' || scope === 'tissue') && items.length === 0)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.scope', message: 'scope does not fit the kind, or names no organ/tissue' }],
    });
  }
}

async function change(tx: Db, ctx: Ctx, row: repo.RegistrationRow, input: ChangeRegistration, orgName: string) {
  if (row.status !== 'active') {
    throw new AppError('REGISTRATION_NOT_ACTIVE', { status: row.status });
  }
  const after = await repo.updateRegistration(tx, row, { ...applyChange(row, input), version: row.version + 1 });
  await writeVersion(tx, ctx, after, 'changed', input.note ?? null);
  await recordChangeInHall(tx, ctx, after, 'change', input.note ?? '变更登记信息');
  await recordAudit(tx, ctx, {
    action: 'donor_registration.changed',
    entityType: 'donor_registration',
    entityId: row.id,
    orgId: row.orgId,
    regionId: row.regionId,
    before: snapshotOf(row),
    after: snapshotOf(after),
    reason: input.note ?? null,
  });
  return toRegistrationView(after, orgName);
}

/** The registrant changes what to donate, the family contact (or executor, institution); a new version. */
export async function changeOwn(db: Db, ctx: Ctx, id: string, input: ChangeRegistration) {
  return db.transaction(async (tx) => {
    const row = await getOwnRegistration(tx, ctx, id, true);
    return change(tx, ctx, row, input, (await orgs.getOrg(tx, row.orgId)).name);
  });
}

/** Staff record a change the registrant asked for (the note says how it was asked). */
export async function changeByStaff(db: Db, ctx: Ctx, id: string, input: ChangeRegistration) {
  if (!input.note) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.note', message: 'say how the registrant asked' }],
    });
  }
  return db.transaction(async (tx) => {
    const { row, org } = await getInScope(tx, ctx, id, 'registry:manage');
    return change(tx, ctx, row, input, org.name);
  });
}

/**
 * Staff record the steps after death with evidence, in order: the death reported (active → deceased), then the
 * donation realised: organs recovered or the body received by the institution (deceased → realised).
 * AFTER_DEATH_STEP_ORDER otherwise.
 */
export async function recordAfterDeathStep(db: Db, ctx: Ctx, id: string, input: AfterDeathStep) {
  return db.transaction(async (tx) => {
    const { row, org } = await getInScope(tx, ctx, id, 'registry:manage');
    const expected = input.step === 'death_reported' ? 'active' : 'deceased';
    if (row.status !== expected) {
      throw new AppError('AFTER_DEATH_STEP_ORDER', { status: row.status, step: input.step });
    }
    const today = toChinaDate();
    const day = input.step === 'death_reported' ? input.deathOn : input.receivedOn;
    if (day > today || (input.step === 'received' && row.deathOn && day < row.deathOn)) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body', message: 'the date is out of order' }] });
    }
    await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
      orgId: org.id,
      readPermission: 'registry:view',
      purpose: 'donor-after-death',
    });
    const patch: Partial<repo.RegistrationInsert> =
      input.step === 'death_reported'
        ? {
            status: 'deceased',
            deathOn: input.deathOn,
            deathReportedAt: new Date(),
            deathReportedBy: actorLabel(ctx.actor),
            deathEvidenceFileId: input.evidenceFileId,
          }
        : {
            status: 'realised',
            receivedOn: input.receivedOn,
            receivedBy: input.receivedBy,
            receivedRecordedBy: actorLabel(ctx.actor),
            receivedEvidenceFileId: input.evidenceFileId,
          };
    const after = await repo.updateRegistration(tx, row, { ...patch, version: row.version + 1 });
    await writeVersion(tx, ctx, after, input.step, input.note ?? null);
    await recordAudit(tx, ctx, {
      action: `donor_registration.${input.step === 'death_reported' ? 'death-reported' : 'received'}`,
      entityType: 'donor_registration',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      before: snapshotOf(row),
      after: snapshotOf(after),
      reason: input.note ?? null,
    });
    return toRegistrationView(after, org.name);
  });
}

/** Masked page of registrations in the caller's registry:view scope. */
export async function listRegistrations(db: Db, ctx: Ctx, q: RegistrationListQuery) {
  let underPath: string | undefined;
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'registry:view', org.path);
    underPath = org.path;
  }
  const { rows, total } = await repo.listRegistrations(db, {
    scope: (col) => orgs.orgScopeCondition(col, ctx, 'registry:view'),
    under: underPath ? (col) => orgs.orgUnderCondition(col, underPath) : undefined,
    kind: q.kind,
    status: q.status,
    regNo: q.regNo,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const memorials = await repo.registrationIdsWithMemorial(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => toRegistrationView(r, units.find((u) => u.id === r.orgId)?.name ?? '', memorials.has(r.id))),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function toDetail(
  row: repo.RegistrationRow,
  orgName: string,
  versions: repo.VersionRow[],
  hasMemorial: boolean,
): RegistrationDetail {
  return {
    ...toRegistrationView(row, orgName, hasMemorial),
    consentSignature: row.consentSignature ? maskName(row.consentSignature) : null,
    consentFileId: row.consentFileId,
    consentAt: row.consentAt.toISOString(),
    witnesses: row.witnesses.map((w) => contactView(w)),
    familyContact: contactView(row.familyContact),
    executor: row.executor ? contactView(row.executor) : null,
    institution: row.institution,
    withdrawalNote: row.withdrawalNote,
    withdrawalFileId: row.withdrawalFileId,
    deathEvidenceFileId: row.deathEvidenceFileId,
    receivedBy: row.receivedBy,
    receivedEvidenceFileId: row.receivedEvidenceFileId,
    serviceRequestId: row.serviceRequestId,
    versions: versions.map((v) => ({
      version: v.version,
      change: v.change,
      note: v.note,
      changedBy: v.changedBy,
      changedAt: v.changedAt.toISOString(),
    })),
  };
}

/** A registration's masked detail with its versions; every read writes a `donor_registration.viewed` audit row. */
export async function viewRegistration(db: Db, ctx: Ctx, id: string): Promise<RegistrationDetail> {
  return db.transaction(async (tx) => {
    const { row, org } = await getInScope(tx, ctx, id, 'registry:view');
    await recordAudit(tx, ctx, {
      action: 'donor_registration.viewed',
      entityType: 'donor_registration',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
    });
    const versions = await repo.listVersions(tx, row.regionId, row.id);
    const withMemorial = await repo.registrationIdsWithMemorial(tx, [row.id]);
    return toDetail(row, org.name, versions, withMemorial.has(row.id));
  });
}

/** The registrant's own detail (their own data, masked as everywhere; the read is audited too). */
export async function viewOwnRegistration(db: Db, ctx: Ctx, id: string): Promise<RegistrationDetail> {
  return db.transaction(async (tx) => {
    const row = await getOwnRegistration(tx, ctx, id);
    await recordAudit(tx, ctx, {
      action: 'donor_registration.viewed',
      entityType: 'donor_registration',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
    });
    const org = await orgs.getOrg(tx, row.orgId);
    return toDetail(row, org.name, await repo.listVersions(tx, row.regionId, row.id), false);
  });
}

/** Full name, ID number and phones for a holder of pii:view, with the reason in the audit trail. */
export async function unmaskRegistration(db: Db, ctx: Ctx, id: string, reason: string) {
  return db.transaction(async (tx) => {
    const { row } = await getInScope(tx, ctx, id, 'pii:view');
    const person = await people.findPersonRow(tx, row.personId);
    await recordAudit(tx, ctx, {
      action: 'donor_registration.unmasked',
      entityType: 'donor_registration',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      reason,
    });
    const open = (c: repo.StoredContact) => ({
      name: c.name,
      relation: c.relation ?? null,
      phone: c.phoneEnc ? pii().decrypt(c.phoneEnc) : null,
    });
    return {
      id: row.id,
      name: row.name,
      idNumber: person?.idNumberEnc ? pii().decrypt(person.idNumberEnc) : '',
      phone: pii().decrypt(row.phoneEnc),
      witnesses: row.witnesses.map((w) => ({ name: w.name, phone: w.phoneEnc ? pii().decrypt(w.phoneEnc) : null })),
      familyContact: open(row.familyContact),
      executor: row.executor ? open(row.executor) : null,
    };
  });
}

/** What the card's QR opens: masked name, kind, status. NOT_FOUND for an unknown code. */
export async function checkRegistration(db: Db, code: string) {
  const row = await repo.findRegistrationByCheckCode(db, code);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'donor_registration' });
  }
  const org = await orgs.getOrg(db, row.orgId);
  return {
    regNo: row.regNo,
    kind: row.kind as DonorKind,
    name: maskName(row.name),
    status: row.status as RegistrationStatus,
    registeredOn: toChinaDate(row.createdAt),
    orgName: org.name,
  };
}

/** The card's data for the registrant (public) or staff in scope (audited as a read). */
export async function getCertificateData(db: Db, ctx: Ctx, id: string) {
  const row =
    ctx.actor.kind === 'public'
      ? await getOwnRegistration(db, ctx, id)
      : (await getInScope(db, ctx, id, 'registry:view')).row;
  if (ctx.actor.kind !== 'public') {
    await recordAudit(db, ctx, {
      action: 'donor_registration.certificate-printed',
      entityType: 'donor_registration',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
    });
  }
  const org = await orgs.getOrg(db, row.orgId);
  return { row, orgName: org.name };
}

/** For the memorial: a registration in scope (registry:manage), its registrant's full name for a consenting family. */
export async function getRegistrationForMemorial(tx: Db, ctx: Ctx, id: string) {
  return getInScope(tx, ctx, id, 'registry:manage');
}

const emptyCounts = () => ({
  organRegistered: 0,
  bodyRegistered: 0,
  organWithdrawn: 0,
  bodyWithdrawn: 0,
  organRealised: 0,
  bodyRealised: 0,
});
type Counts = ReturnType<typeof emptyCounts>;

/** Registrations, withdrawals and realised donations by kind for the unit's children and months, rolled up. */
const statsHeaders: [keyof RegistryStats['total'], string][] = [
  ['organRegistered', '器官捐献登记'],
  ['organWithdrawn', '器官捐献撤销'],
  ['organRealised', '器官捐献实现'],
  ['bodyRegistered', '遗体(组织)捐献登记'],
  ['bodyWithdrawn', '遗体(组织)捐献撤销'],
  ['bodyRealised', '遗体(组织)捐献实现'],
];

/** The same statistics as a workbook: a row per child unit (rolled up) and the total of the period. */
export async function exportRegistryStats(
  db: Db,
  ctx: Ctx,
  q: RegistryStatsQuery,
): Promise<{ buffer: Buffer; name: string }> {
  const stats = await registryStats(db, ctx, q);
  const columns = [{ key: 'orgName', header: '单位' }, ...statsHeaders.map(([key, header]) => ({ key, header }))];
  const rows = [...stats.units, { orgName: `合计 ${stats.from} 至 ${stats.to}`, ...stats.total }];
  const buffer = await writeSheet('器官遗体捐献统计', columns, rows);
  return { buffer, name: `${stats.orgName}器官遗体捐献统计-${stats.from}-${stats.to}.xlsx` };
}

export async function registryStats(db: Db, ctx: Ctx, q: RegistryStatsQuery): Promise<RegistryStats> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'registry:view', org.path);
  if (q.from > q.to) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.from', message: 'from is after to' }] });
  }
  const events = await repo.countEvents(db, (col) => orgs.orgUnderCondition(col, org.path), q.from, q.to);
  const units = await orgs.findOrgsByIds(db, [...new Set(events.map((e) => e.orgId))]);
  const childIds = new Map<number, number>();
  for (const u of units) {
    const rest = u.path.slice(org.path.length).split('.').filter(Boolean);
    childIds.set(u.id, rest.length === 0 ? org.id : Number(rest[0]));
  }
  const children = await orgs.findOrgsByIds(db, [...new Set(childIds.values())]);
  const total = emptyCounts();
  const byUnit = new Map<number, Counts>();
  const byMonth = new Map<string, Counts>();
  for (const e of events) {
    const key = `${e.kind}${e.event[0].toUpperCase()}${e.event.slice(1)}` as keyof Counts;
    const unit = childIds.get(e.orgId)!;
    const u = byUnit.get(unit) ?? emptyCounts();
    const m = byMonth.get(e.month) ?? emptyCounts();
    u[key] += e.n;
    m[key] += e.n;
    total[key] += e.n;
    byUnit.set(unit, u);
    byMonth.set(e.month, m);
  }
  return {
    orgId: org.id,
    orgName: org.name,
    from: q.from,
    to: q.to,
    total,
    units: [...byUnit.entries()]
      .map(([id, c]) => ({ orgId: id, orgName: children.find((c2) => c2.id === id)?.name ?? '', ...c }))
      .sort((a, b) => a.orgId - b.orgId),
    months: [...byMonth.entries()]
      .map(([month, c]) => ({ month, ...c }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  };
}
