// Stem-cell donor registration (造血干细胞捐献者资料库): sign-up on a phone with a 7-day cooling-off, registration by
// staff in person, the sample with its barcode, the workflow (入库 → 初配 → 高分辨 → 体检 → 动员 → 采集) with dates and the
// responsible staff, withdrawals (the registrant, or staff with a recorded request; late ones confirmed explicitly),
// audited reads of a registrant's detail, the public check page and the service-hall requests.
import crypto from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhone, getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { pii } from '../../platform/pii';
import { actorId, assertCanAt, canAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as bloodRepo from './registry-blood.repo';
import * as repo from './registry-stemcell.repo';
import {
  type ConsentView,
  healthKeys,
  healthQuestions,
  type RecordSample,
  type RecordStep,
  type RegistrationDetail,
  type RegistrationListItem,
  type RegistrationQuery,
  type SelfWithdraw,
  type SignUp,
  type StaffRegister,
  type StaffWithdraw,
  type StemCellStatus,
  stemCellRules,
} from './registry-stemcell.schemas';
import { fileWithdrawalRequest, followInHall, openStemCellRequest } from './registry-stemcell-hall';
import {
  ageOn,
  canWithdraw,
  isActive,
  isLateWithdrawal,
  isStemCellAge,
  nextWorkflowStep,
} from './registry-stemcell-rules';

const day = 86_400_000;
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });

function randomTail(n: number): string {
  let out = '';
  for (const b of crypto.randomBytes(n)) {
    out += alphabet[b & 31];
  }
  return out;
}

/** The consent text (知情同意书), versioned: a sign-up names the version it agreed to, refused when outdated. */
export const stemCellConsent: ConsentView = {
  version: '2026-01',
  title: '中华骨髓库造血干细胞捐献者知情同意书',
  paragraphs: [
    '我自愿加入中华骨髓库,成为造血干细胞捐献志愿者。我了解登记后将采集5–8毫升血样进行HLA分型,结果存入中华骨髓库供患者检索。',
    '我了解初配成功后还需高分辨配型、体检,并经动员后采集造血干细胞;采集前需注射动员剂4–5天。',
    '我了解我可以在采集前任何时候撤销捐献意愿,但在初配成功后撤销可能使正在等待的患者失去救治机会,因此会慎重决定。',
    '我同意红十字会在捐献相关工作中处理我的身份、联系方式、健康声明和两位亲属的联系方式,这些信息属于敏感个人信息,将加密保存、严格限制查看并留痕。',
    '网上登记后有7天冷静期,期满后须本人确认方可生效;30天内未确认的登记自动失效。',
  ],
  healthQuestions: healthQuestions.map((q) => ({ key: q.key, zh: q.zh, en: q.en })),
  rules: { ...stemCellRules },
};

function staffName(ctx: Ctx): string {
  return ctx.actor.kind === 'staff' ? ctx.actor.displayName : ctx.actor.kind === 'public' ? '登记人本人' : '系统';
}

// ------------------------------------------------------------------------------------------------ views

type Viewer = { fullName: boolean; publicUrl?: string };

function toListItem(
  r: repo.RegistrationRow,
  orgName: string,
  barcode: string | null,
  fullName: boolean,
): RegistrationListItem {
  return {
    id: r.id,
    registrationNo: r.registrationNo,
    orgId: r.orgId,
    orgName,
    name: fullName ? r.name : maskName(r.name),
    idNumberMasked: r.idNumberMasked,
    gender: r.gender,
    age: ageOn(r.birthDate, toChinaDate()),
    channel: r.channel as RegistrationListItem['channel'],
    status: r.status as StemCellStatus,
    barcode,
    createdAt: r.createdAt.toISOString(),
  };
}

type RelativeStored = { name: string; relation: string; phoneEnc: string; phoneMasked: string };

const hasCertificate = (status: StemCellStatus) => !['cooling_off', 'withdrawn', 'lapsed'].includes(status);

export function checkUrlOf(r: repo.RegistrationRow, publicUrl?: string): string {
  return `${publicUrl ?? ''}/registry/stem-cell/check/${r.checkCode}`;
}

async function toDetail(db: Db, r: repo.RegistrationRow, viewer: Viewer): Promise<RegistrationDetail> {
  const org = await orgs.getOrg(db, r.orgId);
  const samples = await repo.listSamples(db, r.regionId, [r.id]);
  const steps = await repo.listSteps(db, r.regionId, r.id);
  const status = r.status as StemCellStatus;
  const now = new Date();
  return {
    ...toListItem(r, org.name, samples.at(-1)?.barcode ?? null, viewer.fullName),
    phoneMasked: r.phoneMasked,
    bloodType: r.bloodType as RegistrationDetail['bloodType'],
    consentVersion: r.consentVersion,
    consentedAt: r.consentedAt.toISOString(),
    coolingOffEndsAt: r.coolingOffEndsAt?.toISOString() ?? null,
    confirmBy: r.confirmBy?.toISOString() ?? null,
    relatives: (r.relatives as RelativeStored[]).map((x) => ({
      name: viewer.fullName ? x.name : maskName(x.name),
      relation: x.relation as RegistrationDetail['relatives'][number]['relation'],
      phoneMasked: x.phoneMasked,
    })),
    health: r.health as Record<string, boolean>,
    driveId: r.driveId,
    samples: samples.map((s) => ({
      id: s.id,
      barcode: s.barcode,
      collectedOn: s.collectedOn,
      volumeMl: s.volumeMl,
      collectedByName: s.collectedByName,
    })),
    steps: steps.map((s) => ({
      id: s.id,
      step: s.step as RegistrationDetail['steps'][number]['step'],
      stepOn: s.stepOn,
      actorName: s.actorName,
      note: s.note,
      detail: (s.detail as Record<string, unknown> | null) ?? null,
      at: s.at.toISOString(),
    })),
    nextStep: nextWorkflowStep(status),
    canWithdraw: canWithdraw(status),
    isLateWithdrawal: isLateWithdrawal(status),
    canConfirm: status === 'cooling_off' && !!r.coolingOffEndsAt && r.coolingOffEndsAt <= now,
    hasCertificate: hasCertificate(status),
    checkUrl: hasCertificate(status) ? checkUrlOf(r, viewer.publicUrl) : null,
  };
}

// ------------------------------------------------------------------------------------------------ registration

type Checked = {
  id: { value: string; birthDate?: string; gender?: 'male' | 'female' };
  idHash: string;
  relatives: RelativeStored[];
};

/** The rules every registration meets, by any channel; throws the first that fails. */
function checkRegistrant(input: SignUp | StaffRegister, ownPhone: string, today: string): Checked {
  if (input.consentVersion !== stemCellConsent.version) {
    throw new AppError('STEMCELL_CONSENT_OUTDATED', { current: stemCellConsent.version });
  }
  const id = people.normaliseIdNumber(input.idType, input.idNumber);
  if (!id.birthDate || !isStemCellAge(id.birthDate, today)) {
    throw new AppError('STEMCELL_AGE', {
      age: id.birthDate ? ageOn(id.birthDate, today) : null,
      minAge: stemCellRules.minAge,
      maxAge: stemCellRules.maxAge,
    });
  }
  const missing = healthKeys.filter((k) => !(k in input.health));
  if (missing.length > 0) {
    throw invalid('body.health', `answer every question: ${missing.join(', ')}`);
  }
  const yes = healthKeys.filter((k) => input.health[k as keyof typeof input.health] === true);
  if (yes.length > 0) {
    throw new AppError('STEMCELL_HEALTH_INELIGIBLE', { conditions: yes });
  }
  const phones = input.relatives.map((r) => {
    const p = normalizePhone(r.phone);
    if (!p.ok) {
      throw new AppError('INVALID_PHONE', { field: 'relatives.phone' });
    }
    return p.value;
  });
  if (phones[0] === phones[1] || phones.includes(ownPhone) || input.relatives[0].name === input.relatives[1].name) {
    throw new AppError('STEMCELL_RELATIVES_INVALID');
  }
  return {
    id,
    idHash: pii().blindIndex('id', `${input.idType}:${id.value}`),
    relatives: input.relatives.map((r, i) => ({
      name: r.name,
      relation: r.relation,
      phoneEnc: pii().encrypt(phones[i]),
      phoneMasked: maskPhone(phones[i]),
    })),
  };
}

async function assertNoActiveRegistration(tx: Db, idHash: string): Promise<void> {
  await repo.lockKey(tx, idHash);
  const existing = (await repo.findByIdHash(tx, idHash)).find((r) => isActive(r.status as StemCellStatus));
  if (existing) {
    throw new AppError('STEMCELL_DUPLICATE', { registrationNo: existing.registrationNo, status: existing.status });
  }
}

async function getUsableDrive(tx: Db, driveId: string | undefined) {
  if (!driveId) {
    return undefined;
  }
  const drive = await bloodRepo.findDrive(tx, driveId);
  if (!drive) {
    throw new AppError('NOT_FOUND', { entity: 'blood_drive', id: driveId });
  }
  if (drive.status === 'cancelled') {
    throw new AppError('BLOOD_DRIVE_CLOSED');
  }
  return drive;
}

async function insertRegistration(
  tx: Db,
  ctx: Ctx,
  input: SignUp | StaffRegister,
  checked: Checked,
  phone: string,
  channel: 'online' | 'staff',
  org: orgs.OrgRow,
): Promise<repo.RegistrationRow> {
  const now = new Date();
  const phoneCols = people.piiColumns(input.idType, input.idNumber, phone);
  const { person } = await people.findOrRegisterPerson(tx, ctx, {
    orgId: org.id,
    name: input.name,
    idType: input.idType,
    idNumber: input.idNumber,
    phone,
  });
  const row = await repo.insertRegistration(tx, {
    regionId: org.regionId,
    id: crypto.randomUUID(),
    registrationNo: `SC${toChinaDate(now).replaceAll('-', '')}${randomTail(6)}`,
    orgId: org.id,
    personId: person.id,
    name: input.name,
    idType: input.idType,
    idNumberEnc: phoneCols.idNumberEnc!,
    idNumberHash: checked.idHash,
    idNumberMasked: phoneCols.idNumberMasked!,
    phoneEnc: phoneCols.phoneEnc!,
    phoneHash: phoneCols.phoneHash!,
    phoneMasked: phoneCols.phoneMasked!,
    birthDate: checked.id.birthDate!,
    gender: checked.id.gender ?? null,
    bloodType: input.bloodType,
    channel,
    driveId: input.driveId ?? null,
    consentVersion: input.consentVersion,
    consentedAt: now,
    relatives: checked.relatives,
    health: input.health,
    status: channel === 'online' ? 'cooling_off' : 'awaiting_sample',
    coolingOffEndsAt: channel === 'online' ? new Date(now.getTime() + stemCellRules.coolingOffDays * day) : null,
    confirmBy: channel === 'online' ? new Date(now.getTime() + stemCellRules.confirmWithinDays * day) : null,
    confirmedAt: channel === 'online' ? null : now,
    checkCode: `${org.regionId}.${crypto.randomBytes(12).toString('base64url')}`,
    publicAccountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : null,
    createdBy: actorId(ctx.actor) ?? ctx.actor.kind,
  });
  await addStep(tx, ctx, row, 'signed_up', toChinaDate(now), channel === 'online' ? '网上登记' : '现场登记(当面告知)');
  const requestId = await openStemCellRequest(tx, ctx, row, phone, checked.id.value);
  const withRequest = await repo.updateRegistration(tx, row, { serviceRequestId: requestId });
  await recordAudit(tx, ctx, {
    action: 'stemcell.registered',
    entityType: 'stemcell_registration',
    entityId: row.id,
    orgId: row.orgId,
    regionId: row.regionId,
    after: { registrationNo: row.registrationNo, channel, status: row.status, consentVersion: row.consentVersion },
  });
  return withRequest;
}

async function addStep(
  tx: Db,
  ctx: Ctx,
  r: repo.RegistrationRow,
  step: string,
  stepOn: string,
  note = '',
  detail: Record<string, unknown> | null = null,
): Promise<void> {
  await repo.insertStep(tx, {
    regionId: r.regionId,
    id: crypto.randomUUID(),
    registrationId: r.id,
    orgId: r.orgId,
    step,
    stepOn,
    actorKind: ctx.actor.kind,
    actorId: actorId(ctx.actor),
    actorName: staffName(ctx),
    note,
    detail,
  });
}

/**
 * Sign-up on a phone by the signed-in registrant (their account's phone is theirs): consent of the current version,
 * 18–45, every health question answered "no", two different relatives, no active registration of the same ID
 * (STEMCELL_DUPLICATE). Starts the 7-day cooling-off and opens the `stem-cell` hall request.
 */
export async function signUp(db: Db, ctx: Ctx, input: SignUp, publicUrl?: string): Promise<RegistrationDetail> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'online sign-up is made by the registrant on a phone' });
  }
  const phone = await getPublicPhone(db, ctx);
  const checked = checkRegistrant(input, phone, toChinaDate());
  const row = await db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    if (!org.isActive) {
      throw invalid('body.orgId', 'the unit is inactive');
    }
    await getUsableDrive(tx, input.driveId);
    await assertNoActiveRegistration(tx, checked.idHash);
    return insertRegistration(tx, ctx, input, checked, phone, 'online', org);
  });
  return toDetail(db, row, { fullName: true, publicUrl });
}

/** Registration by staff in person (counselled face to face, so no cooling-off): registry:manage at the unit. */
export async function registerByStaff(
  db: Db,
  ctx: Ctx,
  input: StaffRegister,
  publicUrl?: string,
): Promise<RegistrationDetail> {
  const phone = normalizePhone(input.phone);
  if (!phone.ok) {
    throw new AppError('INVALID_PHONE', { field: 'phone' });
  }
  const row = await db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, 'registry:manage', org.path);
    const checked = checkRegistrant(input, phone.value, toChinaDate());
    await getUsableDrive(tx, input.driveId);
    await assertNoActiveRegistration(tx, checked.idHash);
    return insertRegistration(tx, ctx, input, checked, phone.value, 'staff', org);
  });
  return toDetail(db, row, { fullName: true, publicUrl });
}

// ------------------------------------------------------------------------------------------------ the registrant

async function findMine(db: Db, ctx: Ctx): Promise<repo.RegistrationRow | undefined> {
  const phoneHash = await getPublicPhoneHash(db, ctx);
  return repo.findLatestByPhoneHash(db, phoneHash);
}

/** The signed-in registrant's newest registration (null when none). */
export async function getMyRegistration(db: Db, ctx: Ctx, publicUrl?: string) {
  if (ctx.actor.kind !== 'public') {
    return { registration: null };
  }
  const mine = await findMine(db, ctx);
  return { registration: mine ? await toDetail(db, mine, { fullName: true, publicUrl }) : null };
}

async function getMineForUpdate(tx: Db, ctx: Ctx): Promise<repo.RegistrationRow> {
  const mine = await findMine(tx, ctx);
  if (!mine) {
    throw new AppError('NOT_FOUND', { entity: 'stemcell_registration' });
  }
  return (await repo.findRegistration(tx, mine.id, true))!;
}

/**
 * The registrant confirms after the cooling-off: STEMCELL_COOLING_OFF before 7 days, STEMCELL_STEP_NOT_ALLOWED when
 * not in cooling-off or past the confirmation window (the registration lapses then).
 */
export async function confirmMine(db: Db, ctx: Ctx, publicUrl?: string): Promise<RegistrationDetail> {
  const row = await db.transaction(async (tx) => {
    const r = await getMineForUpdate(tx, ctx);
    const now = new Date();
    if (r.status !== 'cooling_off') {
      throw new AppError('STEMCELL_STEP_NOT_ALLOWED', { status: r.status });
    }
    if (r.confirmBy && r.confirmBy <= now) {
      await lapse(tx, ctx, r);
      return null;
    }
    if (r.coolingOffEndsAt && r.coolingOffEndsAt > now) {
      throw new AppError('STEMCELL_COOLING_OFF', { endsAt: r.coolingOffEndsAt.toISOString() });
    }
    const after = await repo.updateRegistration(tx, r, { status: 'awaiting_sample', confirmedAt: now });
    await addStep(tx, ctx, after, 'confirmed', toChinaDate(now), '冷静期满,本人确认');
    await followInHall(tx, ctx, after, '登记人已确认');
    await recordAudit(tx, ctx, {
      action: 'stemcell.confirmed',
      entityType: 'stemcell_registration',
      entityId: r.id,
      orgId: r.orgId,
      regionId: r.regionId,
      before: { status: r.status },
      after: { status: after.status },
    });
    return after;
  });
  if (!row) {
    throw new AppError('STEMCELL_STEP_NOT_ALLOWED', { status: 'lapsed' });
  }
  return toDetail(db, row, { fullName: true, publicUrl });
}

async function lapse(tx: Db, ctx: Ctx, r: repo.RegistrationRow): Promise<void> {
  const after = await repo.updateRegistration(tx, r, { status: 'lapsed' });
  await addStep(tx, ctx, after, 'lapsed', toChinaDate(), '冷静期后未在期限内确认');
  await followInHall(tx, ctx, after, '冷静期后未确认,登记失效');
  await recordAudit(tx, ctx, {
    action: 'stemcell.lapsed',
    entityType: 'stemcell_registration',
    entityId: r.id,
    orgId: r.orgId,
    regionId: r.regionId,
    before: { status: r.status },
    after: { status: 'lapsed' },
  });
}

/** The hourly sweep: online sign-ups not confirmed within the window lapse. Returns how many. */
export async function lapseUnconfirmed(db: Db, ctx: Ctx, now = new Date()): Promise<number> {
  const due = await repo.listUnconfirmedBefore(db, now, 200);
  for (const r of due) {
    await db.transaction(async (tx) => {
      const fresh = await repo.findRegistration(tx, r.id, true);
      if (fresh?.status === 'cooling_off') {
        await lapse(tx, ctx, fresh);
      }
    });
  }
  return due.length;
}

async function withdraw(
  tx: Db,
  ctx: Ctx,
  r: repo.RegistrationRow,
  confirmLate: boolean,
  detail: Record<string, unknown>,
  note: string,
): Promise<repo.RegistrationRow> {
  const status = r.status as StemCellStatus;
  if (!canWithdraw(status)) {
    throw new AppError('STEMCELL_STEP_NOT_ALLOWED', { status });
  }
  const late = isLateWithdrawal(status);
  if (late && !confirmLate) {
    throw new AppError('STEMCELL_LATE_WITHDRAWAL_UNCONFIRMED', { status });
  }
  const after = await repo.updateRegistration(tx, r, { status: 'withdrawn' });
  await addStep(tx, ctx, after, 'withdrawn', toChinaDate(), note, { ...detail, late, fromStatus: status });
  await followInHall(tx, ctx, after, '捐献者撤销登记');
  await fileWithdrawalRequest(tx, ctx, after, pii().decrypt(r.phoneEnc), note || '撤销造血干细胞捐献登记');
  await recordAudit(tx, ctx, {
    action: 'stemcell.withdrawn',
    entityType: 'stemcell_registration',
    entityId: r.id,
    orgId: r.orgId,
    regionId: r.regionId,
    before: { status },
    after: { status: 'withdrawn', late, ...detail },
    reason: note || null,
  });
  return after;
}

/**
 * The registrant withdraws on their phone, any time before collection. After a preliminary match a patient may be
 * waiting: without `confirmLate` the answer is STEMCELL_LATE_WITHDRAWAL_UNCONFIRMED and nothing changes.
 */
export async function withdrawMine(
  db: Db,
  ctx: Ctx,
  input: SelfWithdraw,
  publicUrl?: string,
): Promise<RegistrationDetail> {
  const row = await db.transaction(async (tx) => {
    const r = await getMineForUpdate(tx, ctx);
    return withdraw(tx, ctx, r, input.confirmLate, { requestedBy: 'registrant', channel: 'online' }, input.reason);
  });
  return toDetail(db, row, { fullName: true, publicUrl });
}

async function getForStaff(tx: Db, ctx: Ctx, id: string, permission: 'registry:view' | 'registry:manage' | 'pii:view') {
  const r = await repo.findRegistration(tx, id, permission === 'registry:manage');
  if (!r) {
    throw new AppError('NOT_FOUND', { entity: 'stemcell_registration', id });
  }
  const org = await orgs.getOrg(tx, r.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return { r, org };
}

/**
 * A withdrawal filed by staff holding registry:manage at the unit, on the registrant's recorded request: who asked,
 * how, the reason and any evidence files (claimed for the unit). Late ones need `confirmLate` as for the registrant.
 */
export async function withdrawByStaff(
  db: Db,
  ctx: Ctx,
  id: string,
  input: StaffWithdraw,
  publicUrl?: string,
): Promise<RegistrationDetail> {
  const row = await db.transaction(async (tx) => {
    const { r } = await getForStaff(tx, ctx, id, 'registry:manage');
    await claimEvidence(
      tx,
      ctx,
      input.evidenceFileIds.map((f, i) => ({ field: `evidenceFileIds.${i}`, id: f })),
      { orgId: r.orgId, readPermission: 'registry:manage', purpose: 'stemcell_withdrawal' },
    );
    return withdraw(
      tx,
      ctx,
      r,
      input.confirmLate,
      {
        requestedBy: input.requestedBy,
        channel: input.channel,
        evidenceFileIds: input.evidenceFileIds,
        evidenceNote: input.evidenceNote,
      },
      input.reason,
    );
  });
  return toDetail(db, row, { fullName: true, publicUrl });
}

// ------------------------------------------------------------------------------------------------ staff

/**
 * Records the 5–8 ml sample with its barcode (scanned or generated; STEMCELL_BARCODE_TAKEN when in use). A sign-up
 * still in cooling-off is sampled only when the officer confirms the registrant re-affirmed consent in person
 * (`inPersonConfirmed`), else STEMCELL_COOLING_OFF.
 */
export async function recordSample(
  db: Db,
  ctx: Ctx,
  id: string,
  input: RecordSample,
  publicUrl?: string,
): Promise<RegistrationDetail> {
  const row = await db.transaction(async (tx) => {
    const { r } = await getForStaff(tx, ctx, id, 'registry:manage');
    if (r.status === 'cooling_off' && !input.inPersonConfirmed) {
      throw new AppError('STEMCELL_COOLING_OFF', { endsAt: r.coolingOffEndsAt?.toISOString() });
    }
    if (r.status !== 'cooling_off' && r.status !== 'awaiting_sample') {
      throw new AppError('STEMCELL_STEP_NOT_ALLOWED', { status: r.status });
    }
    if (input.collectedOn > toChinaDate()) {
      throw invalid('body.collectedOn', 'the date is in the future');
    }
    await getUsableDrive(tx, input.driveId);
    const barcode = input.barcode ?? `HLA${toChinaDate().slice(2).replaceAll('-', '')}${randomTail(6)}`;
    await repo.lockKey(tx, `barcode:${barcode}`);
    if (await repo.findSampleByBarcode(tx, barcode)) {
      throw new AppError('STEMCELL_BARCODE_TAKEN', { barcode });
    }
    if (r.status === 'cooling_off') {
      await addStep(tx, ctx, r, 'confirmed_in_person', input.collectedOn, '采样时本人当面确认捐献意愿');
    }
    await repo.insertSample(tx, {
      regionId: r.regionId,
      id: crypto.randomUUID(),
      registrationId: r.id,
      barcode,
      collectedOn: input.collectedOn,
      volumeMl: input.volumeMl,
      driveId: input.driveId ?? r.driveId,
      collectedBy: actorId(ctx.actor) ?? ctx.actor.kind,
      collectedByName: staffName(ctx),
    });
    const after = await repo.updateRegistration(tx, r, {
      status: 'sampled',
      confirmedAt: r.confirmedAt ?? new Date(),
    });
    await addStep(tx, ctx, after, 'sampled', input.collectedOn, `血样 ${input.volumeMl} ml,条码 ${barcode}`);
    await followInHall(tx, ctx, after, '已采集血样');
    await recordAudit(tx, ctx, {
      action: 'stemcell.sampled',
      entityType: 'stemcell_registration',
      entityId: r.id,
      orgId: r.orgId,
      regionId: r.regionId,
      before: { status: r.status },
      after: { status: after.status, barcode, volumeMl: input.volumeMl, collectedOn: input.collectedOn },
    });
    return after;
  });
  return toDetail(db, row, { fullName: true, publicUrl });
}

/**
 * Records the next workflow step (入库 → 初配 → 高分辨 → 体检 → 动员 → 采集) with its date and the responsible staff member.
 * STEMCELL_STEP_NOT_ALLOWED for any other step; VALIDATION_FAILED for a date in the future or before the last step.
 */
export async function recordStep(
  db: Db,
  ctx: Ctx,
  id: string,
  input: RecordStep,
  publicUrl?: string,
): Promise<RegistrationDetail> {
  const row = await db.transaction(async (tx) => {
    const { r } = await getForStaff(tx, ctx, id, 'registry:manage');
    const expected = nextWorkflowStep(r.status as StemCellStatus);
    if (input.step !== expected) {
      throw new AppError('STEMCELL_STEP_NOT_ALLOWED', { status: r.status, step: input.step, expected });
    }
    if (input.stepOn > toChinaDate()) {
      throw invalid('body.stepOn', 'the date is in the future');
    }
    const last = (await repo.listSteps(tx, r.regionId, r.id)).at(-1);
    if (last && input.stepOn < last.stepOn) {
      throw invalid('body.stepOn', `the date is before the previous step (${last.stepOn})`);
    }
    const after = await repo.updateRegistration(tx, r, { status: input.step });
    await addStep(tx, ctx, after, input.step, input.stepOn, input.note);
    await followInHall(tx, ctx, after, input.step === 'registered' ? '分型结果已入库' : '流程推进');
    await recordAudit(tx, ctx, {
      action: `stemcell.${input.step.replaceAll('_', '-')}`,
      entityType: 'stemcell_registration',
      entityId: r.id,
      orgId: r.orgId,
      regionId: r.regionId,
      before: { status: r.status },
      after: { status: after.status, stepOn: input.stepOn },
      reason: input.note || null,
    });
    return after;
  });
  return toDetail(db, row, { fullName: true, publicUrl });
}

/** A registrant's detail for staff holding registry:view at the unit; every read writes `registry.viewed`. */
export async function viewRegistration(db: Db, ctx: Ctx, id: string, publicUrl?: string): Promise<RegistrationDetail> {
  const { r, org } = await getForStaff(db, ctx, id, 'registry:view');
  await recordAudit(db, ctx, {
    action: 'registry.viewed',
    entityType: 'stemcell_registration',
    entityId: r.id,
    orgId: r.orgId,
    regionId: r.regionId,
  });
  return toDetail(db, r, { fullName: canAt(ctx.actor, 'registry:manage', org.path), publicUrl });
}

/** The full name, ID number, phone and relatives' phones, for pii:view at the unit with a reason (audited). */
export async function unmaskRegistration(db: Db, ctx: Ctx, id: string, reason: string) {
  const { r } = await getForStaff(db, ctx, id, 'pii:view');
  await recordAudit(db, ctx, {
    action: 'registry.unmasked',
    entityType: 'stemcell_registration',
    entityId: r.id,
    orgId: r.orgId,
    regionId: r.regionId,
    reason,
  });
  return {
    name: r.name,
    idNumber: pii().decrypt(r.idNumberEnc),
    phone: pii().decrypt(r.phoneEnc),
    relatives: (r.relatives as RelativeStored[]).map((x) => ({
      name: x.name,
      relation: x.relation as RegistrationDetail['relatives'][number]['relation'],
      phone: pii().decrypt(x.phoneEnc),
    })),
  };
}

/**
 * Registrations in the caller's registry:view scope, newest first; names masked unless the caller holds
 * registry:manage at the registration's unit. `q` finds a registration number, a barcode or a full ID number.
 */
export async function listRegistrations(db: Db, ctx: Ctx, q: RegistrationQuery) {
  const col = repo.columns.registration;
  const where: SQL[] = [orgs.orgScopeCondition(col.orgId, ctx, 'registry:view')];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'registry:view', org.path);
    where.push(orgs.orgUnderCondition(col.orgId, org.path));
  }
  if (q.status) {
    where.push(eq(col.status, q.status));
  }
  const term = q.q?.trim().toUpperCase();
  if (term) {
    if (/^\d{17}[\dX]$|^\d{15}$/.test(term)) {
      const id = people.normaliseIdNumber('resident_id', term);
      where.push(eq(col.idNumberHash, pii().blindIndex('id', `resident_id:${id.value}`)));
    } else if (term.startsWith('SC')) {
      where.push(eq(col.registrationNo, term));
    } else {
      const sample = await repo.findSampleByBarcode(db, term);
      where.push(eq(col.id, sample?.registrationId ?? crypto.randomUUID()));
    }
  }
  const { rows, total } = await repo.listRegistrations(db, where, q.limit, q.offset);
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const barcodes = await repo.barcodesOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    total,
    items: rows.map((r) => {
      const unit = units.find((u) => u.id === r.orgId);
      const fullName = !!unit && canAt(ctx.actor, 'registry:manage', unit.path);
      return toListItem(r, unit?.name ?? '', barcodes.get(r.id) ?? null, fullName);
    }),
  };
}

/** What the public check page (the certificate's QR) shows: the masked name and status only. */
export async function checkPublic(db: Db, code: string) {
  const region = Number(code.split('.')[0]);
  const r = Number.isInteger(region) && region > 0 ? await repo.findByCheckCode(db, region, code) : undefined;
  if (!r || (!hasCertificate(r.status as StemCellStatus) && r.status !== 'withdrawn')) {
    throw new AppError('NOT_FOUND', { entity: 'stemcell_registration' });
  }
  const org = await orgs.getOrg(db, r.orgId);
  return {
    registrationNo: r.registrationNo,
    nameMasked: maskName(r.name),
    status: r.status as StemCellStatus,
    registeredOn: toChinaDate(r.confirmedAt ?? r.createdAt),
    orgName: org.name,
  };
}

/** The registration row a certificate is printed from: the registrant's own, or one staff may view (audited). */
export async function getCertificateSource(db: Db, ctx: Ctx, id: string | null) {
  let r: repo.RegistrationRow | undefined;
  if (id === null) {
    r = await findMine(db, ctx);
    if (!r) {
      throw new AppError('NOT_FOUND', { entity: 'stemcell_registration' });
    }
  } else {
    r = (await getForStaff(db, ctx, id, 'registry:view')).r;
    await recordAudit(db, ctx, {
      action: 'registry.viewed',
      entityType: 'stemcell_registration',
      entityId: r.id,
      orgId: r.orgId,
      regionId: r.regionId,
      after: { document: 'certificate' },
    });
  }
  if (!hasCertificate(r.status as StemCellStatus)) {
    throw new AppError('STEMCELL_STEP_NOT_ALLOWED', { status: r.status });
  }
  const org = await orgs.getOrg(db, r.orgId);
  return { r, orgName: org.name };
}

/** A sample's label data, for staff holding registry:manage at the registration's unit. */
export async function getSampleLabel(db: Db, ctx: Ctx, sampleId: string) {
  const sample = await repo.findSample(db, sampleId);
  if (!sample) {
    throw new AppError('NOT_FOUND', { entity: 'stemcell_sample', id: sampleId });
  }
  const { r, org } = await getForStaff(db, ctx, sample.registrationId, 'registry:manage');
  return { sample, registrationNo: r.registrationNo, nameMasked: maskName(r.name), orgName: org.name };
}
