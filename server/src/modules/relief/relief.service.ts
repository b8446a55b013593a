// Humanitarian relief (人道救助): kinds and their rules, cases from application through verification, review,
// approval by amount band (four-eyes), public notice with objections, to follow-up and closure. Every step is one
// transaction with its audit row and a timeline event. Payouts live in relief-payouts.ts, batches in relief-batches.ts.
import crypto from 'node:crypto';
import { asc, desc, eq, gte, ilike, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { displayNamesOf } from '../../platform/auth/auth.service';
import { addDays, parseChinaDateTime, toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { attachFiles, findStoredFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { validateIdNumber } from '../../platform/identity/id-number';
import { maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import {
  type Actor,
  actorId,
  actorLabel,
  assertCanAt,
  canAt,
  hasPermission,
  systemActor,
} from '../../platform/rbac/actor';
import type { Permission } from '../../platform/rbac/permissions';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as services from '../services/services.service';
import * as repo from './relief.repo';
import type {
  ApplicantInput,
  ApplyForRelief,
  ApprovalLevel,
  ApproveReliefCase,
  CaseStatus,
  FileObjection,
  FileReliefCase,
  FollowUpReliefCase,
  MaterialFile,
  ObjectionListQuery,
  PublicNoticeQuery,
  ReliefCaseListQuery,
  ReliefKind,
  ResolveObjection,
  ResubmitReliefCase,
  ReviewReliefCase,
  UpdateReliefKind,
  VerifyReliefCase,
  VisitInput,
} from './relief.schemas';
import { openCaseStatusValues, reliefKindLabels } from './relief.schemas';
import { followInHall, openHallRequest } from './relief-hall';
import { newReliefNumber } from './relief-numbers';
import {
  deciderPermission,
  decisionDueAt,
  defaultKinds,
  noticeEndsAt,
  rankOfLevel,
  rankOfOrgType,
  reliefWarnings,
  requiredLevel,
  type StepAction,
  stepFrom,
} from './relief-rules';
import {
  type CaseMaterial,
  currentAmount,
  missingMaterials,
  toCaseFacts,
  toCaseView,
  toKindRules,
  toKindView,
  toMyCase,
  toObjectionView,
  toPublicNotices,
  toSummaries,
} from './relief-views';

export type { CaseRow } from './relief.repo';

/** Permissions that let staff see relief cases of a unit (finance sees them to pay them). */
const casePermissions: Permission[] = ['relief:verify', 'relief:review', 'relief:approve', 'funds:payout'];
/** Units a case may belong to: the applicant's village or community (a township or 博爱家园 for their own). */
const caseUnitTypes = new Set(['village', 'township', 'boai_home']);

const whoIs = (ctx: Ctx) => actorId(ctx.actor) ?? actorLabel(ctx.actor);

// ------------------------------------------------------------------------------------------------ kinds

/** Writes the default kinds that are missing (every install, every start; edited kinds are left alone). */
export async function seedReliefKinds(db: Db): Promise<void> {
  await repo.insertMissingKinds(
    db,
    defaultKinds.map((k) => ({
      code: k.code,
      name: k.name,
      description: k.description,
      ...k.rules,
      updatedBy: 'system:seed',
    })),
  );
}

export async function kindsByCode(db: Db): Promise<Map<string, repo.KindRow>> {
  return new Map((await repo.listKinds(db)).map((k) => [k.code, k]));
}

export async function getKind(db: Db, code: string): Promise<repo.KindRow> {
  const kind = await repo.findKind(db, code);
  if (!kind) {
    throw new AppError('NOT_FOUND', { entity: 'relief_kind', code });
  }
  return kind;
}

export async function listKinds(db: Db) {
  return (await repo.listKinds(db)).map(toKindView);
}

/** What a citizen reads before applying: the active kinds, their materials, exclusions and time limits. */
export async function listPublicKinds(db: Db, locale: 'zh' | 'en') {
  return (await repo.listKinds(db))
    .filter((k) => k.isActive)
    .map((k) => {
      const rules = toKindRules(k);
      return {
        code: k.code as ReliefKind,
        name: locale === 'en' ? reliefKindLabels[k.code as ReliefKind].en : k.name,
        description: k.description,
        materials: rules.materials,
        exclusions: rules.exclusions,
        decisionWorkingDays: rules.decisionWorkingDays,
        noticeDays: rules.noticeDays,
      };
    });
}

/** Changes a kind's rules (relief:manage on a province: the kinds are network-wide). Throws OUT_OF_SCOPE below it. */
export async function updateKind(db: Db, ctx: Ctx, code: ReliefKind, patch: UpdateReliefKind) {
  if (!hasPermission(ctx.actor, 'relief:manage')) {
    throw new AppError('FORBIDDEN', { permission: 'relief:manage' });
  }
  // The kinds hold for the whole network: only a grant on a root unit (a province) may change them.
  const atRoot =
    ctx.actor.kind === 'system' ||
    (ctx.actor.kind === 'staff' &&
      ctx.actor.grants.some((g) => g.permissions.has('relief:manage') && /^\d+\.$/.test(g.orgPath)));
  if (!atRoot) {
    throw new AppError('OUT_OF_SCOPE', { permission: 'relief:manage', reason: 'kinds are changed at the province' });
  }
  return db.transaction(async (tx) => {
    const before = await getKind(tx, code);
    const after = await repo.updateKind(tx, code, { ...patch, updatedBy: whoIs(ctx) });
    await recordAudit(tx, ctx, {
      action: 'relief_kind.updated',
      entityType: 'relief_kind',
      entityId: code,
      before: toKindView(before),
      after: toKindView(after),
    });
    return toKindView(after);
  });
}

// ------------------------------------------------------------------------------------------------ step machinery

/** The case, or NOT_FOUND; for staff outside every unit where they may see cases, NOT_FOUND as well. */
async function getCase(db: Db, id: string): Promise<repo.CaseRow> {
  const c = await repo.findCaseById(db, id);
  if (!c) {
    throw new AppError('NOT_FOUND', { entity: 'relief_case', id });
  }
  return c;
}

/** Throws FORBIDDEN without any relief (or payout) permission, OUT_OF_SCOPE when the case's unit is outside them. */
function assertSeesCase(actor: Actor, orgPath: string): void {
  if (!casePermissions.some((p) => hasPermission(actor, p))) {
    throw new AppError('FORBIDDEN', { permission: 'relief:verify' });
  }
  if (!casePermissions.some((p) => canAt(actor, p, orgPath))) {
    throw new AppError('OUT_OF_SCOPE', { permission: 'relief:verify' });
  }
}

function assertStep(c: repo.CaseRow, action: StepAction): void {
  if (!(stepFrom[action] as readonly string[]).includes(c.status)) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { action, status: c.status, allowedFrom: stepFrom[action] });
  }
}

/** The unit the actor acts from on a case: their deepest grant holding the permission above the case's unit. */
function actingOrgId(actor: Actor, permission: Permission, orgPath: string): number | null {
  if (actor.kind !== 'staff') {
    return null;
  }
  const grants = actor.grants
    .filter((g) => g.permissions.has(permission) && orgPath.startsWith(g.orgPath))
    .sort((a, b) => b.orgPath.length - a.orgPath.length);
  return grants[0]?.orgId ?? null;
}

type Advance = {
  to: CaseStatus;
  event: string;
  note?: string | null;
  patch?: Partial<repo.CaseInsert>;
  /** The unit shown on the applicant's timeline (defaults to the case's unit). */
  orgId?: number | null;
  audit?: Record<string, unknown>;
};

/** Moves a locked case to its next status in the caller's transaction: the row, a timeline event, an audit row. */
export async function advanceCase(tx: Db, ctx: Ctx, c: repo.CaseRow, step: Advance): Promise<repo.CaseRow> {
  const after = await repo.updateCase(tx, c, { ...step.patch, status: step.to });
  await repo.insertEvents(tx, [
    {
      regionId: c.regionId,
      id: crypto.randomUUID(),
      caseId: c.id,
      event: step.event,
      fromStatus: c.status,
      toStatus: step.to,
      note: step.note ?? null,
      actorId: whoIs(ctx),
      orgId: step.orgId === undefined ? c.orgId : step.orgId,
    },
  ]);
  await recordAudit(tx, ctx, {
    action: `relief_case.${step.event}`,
    entityType: 'relief_case',
    entityId: c.id,
    orgId: c.orgId,
    regionId: c.regionId,
    before: { status: c.status },
    after: { status: step.to, ...step.audit },
  });
  await followInHall(tx, ctx, after, step.note ?? null);
  return after;
}

/**
 * Runs one step on a case: loads it, checks the caller may see it, locks it in a transaction and runs `work`, then
 * answers the staff case page. `work` throws to refuse (nothing is written).
 */
async function runStep(
  db: Db,
  ctx: Ctx,
  id: string,
  work: (tx: Db, c: repo.CaseRow, org: orgs.OrgRow) => Promise<unknown>,
) {
  const found = await getCase(db, id);
  const org = await orgs.getOrg(db, found.orgId);
  assertSeesCase(ctx.actor, org.path);
  await db.transaction(async (tx) => {
    const c = (await repo.lockCase(tx, found.regionId, id))!;
    await work(tx, c, org);
  });
  return toCaseView(db, ctx, await getCase(db, id), ctx.locale);
}

// ------------------------------------------------------------------------------------------------ filing

/** Checks the materials against the kind: unknown keys are VALIDATION_FAILED, missing required ones MATERIALS_MISSING. */
function checkMaterials(kind: repo.KindRow, materials: MaterialFile[]): void {
  const rules = toKindRules(kind);
  const known = new Set(rules.materials.map((m) => m.key));
  const unknown = materials.filter((m) => !known.has(m.key));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      issues: unknown.map((m) => ({ field: 'materials', message: `unknown material key: ${m.key}` })),
    });
  }
  const missing = missingMaterials(rules, materials);
  if (missing.length > 0) {
    const names = rules.materials.filter((m) => missing.includes(m.key)).map((m) => m.name);
    throw new AppError('MATERIALS_MISSING', { field: 'materials', missing, names });
  }
}

function checkIdNumber(idNumber: string): void {
  const checked = validateIdNumber(idNumber);
  if (!checked.ok) {
    throw new AppError('INVALID_ID_NUMBER', { field: 'applicant.idNumber', reason: checked.reason });
  }
}

async function caseUnit(db: Db, orgId: number): Promise<orgs.OrgRow> {
  const org = await orgs.getOrg(db, orgId);
  if (!caseUnitTypes.has(org.type) || !org.isActive) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'orgId', message: 'a case belongs to an active village, community, township or 博爱家园' }],
    });
  }
  return org;
}

type NewCase = {
  kind: repo.KindRow;
  /** The hall's working calendar (holidays, 调休): decisions are due in working days. */
  calendar: services.WorkingCalendar;
  org: orgs.OrgRow;
  person: people.PersonRow;
  applicantName: string;
  householdSize: number;
  causeCategory: string;
  causeText: string;
  requestedFen: number;
  materials: MaterialFile[];
  filedVia: 'public' | 'staff' | 'batch' | 'service_hall';
  publicAccountId?: string | null;
  batchId?: string | null;
  status?: CaseStatus;
  extra?: Partial<repo.CaseInsert>;
};

/** The row of a new case (submitted now, due after the kind's decision working days). */
export function newCaseRow(ctx: Ctx, n: NewCase, now = new Date()): repo.CaseInsert {
  return {
    regionId: n.org.regionId,
    id: crypto.randomUUID(),
    caseNo: newReliefNumber('R', now),
    kind: n.kind.code,
    status: n.status ?? 'submitted',
    orgId: n.org.id,
    personId: n.person.id,
    applicantName: n.applicantName,
    idNumberMasked: n.person.idNumberMasked,
    householdSize: n.householdSize,
    causeCategory: n.causeCategory,
    causeText: n.causeText,
    requestedFen: n.requestedFen,
    materials: n.materials,
    filedVia: n.filedVia,
    filedBy: whoIs(ctx),
    publicAccountId: n.publicAccountId ?? null,
    batchId: n.batchId ?? null,
    submittedAt: now,
    decisionDueAt: decisionDueAt(now, n.kind.decisionWorkingDays, n.calendar),
    ...n.extra,
  };
}

/** Refuses a second open case of the same kind for the same person in the same unit (a double tap, a re-filing). */
async function assertNoOpenTwin(db: Db, personId: string, kind: string, orgId: number): Promise<void> {
  const twin = (await repo.casesOfPeople(db, [personId])).find(
    (c) => c.kind === kind && c.orgId === orgId && (openCaseStatusValues as readonly string[]).includes(c.status),
  );
  if (twin) {
    throw new AppError('CONFLICT', { entity: 'relief_case', existingCaseNo: twin.caseNo });
  }
}

async function openCase(
  db: Db,
  ctx: Ctx,
  input: {
    kind: ReliefKind;
    orgId: number;
    applicant: ApplicantInput;
    householdSize: number;
    causeCategory: string;
    causeText: string;
    requestedFen: number;
    materials: MaterialFile[];
  },
  via: 'public' | 'staff',
) {
  const kind = await getKind(db, input.kind);
  if (!kind.isActive) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'kind', message: 'this kind is not offered now' }] });
  }
  const org = await caseUnit(db, input.orgId);
  if (via === 'staff') {
    assertCanAt(ctx.actor, 'relief:verify', org.path);
  }
  checkMaterials(kind, input.materials);
  if ('idNumber' in input.applicant) {
    checkIdNumber(input.applicant.idNumber);
  }
  const created = await db.transaction(async (tx) => {
    let person: people.PersonRow;
    if ('personId' in input.applicant) {
      const found = await people.findPersonRow(tx, input.applicant.personId);
      if (!found) {
        throw new AppError('NOT_FOUND', { entity: 'person', id: input.applicant.personId });
      }
      person = found;
    } else {
      ({ person } = await people.findOrRegisterPerson(tx, ctx, { orgId: org.id, ...input.applicant }));
    }
    await assertNoOpenTwin(tx, person.id, kind.code, org.id);
    await attachFiles(
      tx,
      ctx,
      input.materials.map((m) => m.fileId),
      { orgId: org.id, readPermission: 'relief:verify', purpose: 'relief_material' },
    );
    const [row] = await repo.insertCases(tx, [
      newCaseRow(ctx, {
        kind,
        calendar: await services.loadCalendar(tx),
        org,
        person,
        applicantName: 'name' in input.applicant ? input.applicant.name : person.name,
        householdSize: input.householdSize,
        causeCategory: input.causeCategory,
        causeText: input.causeText,
        requestedFen: input.requestedFen,
        materials: input.materials,
        filedVia: via,
        publicAccountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : null,
      }),
    ]);
    await repo.insertEvents(tx, [
      {
        regionId: row.regionId,
        id: crypto.randomUUID(),
        caseId: row.id,
        event: 'submitted',
        fromStatus: null,
        toStatus: 'submitted',
        note: null,
        actorId: whoIs(ctx),
        orgId: org.id,
      },
    ]);
    await recordAudit(tx, ctx, {
      action: 'relief_case.submitted',
      entityType: 'relief_case',
      entityId: row.id,
      orgId: org.id,
      regionId: row.regionId,
      after: { ...row, causeText: undefined },
    });
    const hallRequestId = await openHallRequest(tx, ctx, row, 'personId' in input.applicant ? {} : input.applicant);
    return hallRequestId ? repo.updateCase(tx, row, { serviceRequestId: hallRequestId }) : row;
  });
  return created;
}

/**
 * Staff (relief:verify at the village) file a case on the applicant's behalf: the person is found by ID number (blind
 * index) or registered. Throws MATERIALS_MISSING, INVALID_ID_NUMBER, CONFLICT for an open case of the same kind.
 */
export async function fileCase(db: Db, ctx: Ctx, input: FileReliefCase) {
  const row = await openCase(db, ctx, input, 'staff');
  return toCaseView(db, ctx, row, ctx.locale);
}

/** A signed-in citizen applies on their phone; they follow the case under "my cases". */
export async function applyForRelief(db: Db, ctx: Ctx, input: ApplyForRelief) {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'citizens apply with a public account; staff file cases' });
  }
  const row = await openCase(db, ctx, input, 'public');
  return toMyCase(db, row, ctx.locale);
}

/** Cases the signed-in citizen filed. */
export async function listMyCases(db: Db, ctx: Ctx) {
  if (ctx.actor.kind !== 'public') {
    return [];
  }
  const rows = await repo.casesOfAccount(db, ctx.actor.accountId);
  return Promise.all(rows.map((c) => toMyCase(db, c, ctx.locale)));
}

async function getMyCase(db: Db, ctx: Ctx, caseNo: string): Promise<repo.CaseRow> {
  const c = await repo.findCaseByNo(db, caseNo);
  if (!c || ctx.actor.kind !== 'public' || c.publicAccountId !== ctx.actor.accountId) {
    throw new AppError('NOT_FOUND', { entity: 'relief_case', caseNo });
  }
  return c;
}

export async function viewMyCase(db: Db, ctx: Ctx, caseNo: string) {
  return toMyCase(db, await getMyCase(db, ctx, caseNo), ctx.locale);
}

async function resubmitLocked(tx: Db, ctx: Ctx, c: repo.CaseRow, input: ResubmitReliefCase): Promise<repo.CaseRow> {
  assertStep(c, 'resubmit');
  const kind = await getKind(tx, c.kind);
  const materials = input.materials ?? (c.materials as CaseMaterial[]);
  checkMaterials(kind, materials);
  if (input.materials) {
    await attachFiles(
      tx,
      ctx,
      input.materials.map((m) => m.fileId),
      { orgId: c.orgId, readPermission: 'relief:verify', purpose: 'relief_material' },
    );
  }
  const now = new Date();
  return advanceCase(tx, ctx, c, {
    to: 'submitted',
    event: 'resubmitted',
    note: input.note ?? null,
    patch: {
      householdSize: input.householdSize ?? c.householdSize,
      causeCategory: input.causeCategory ?? c.causeCategory,
      causeText: input.causeText ?? c.causeText,
      requestedFen: input.requestedFen ?? c.requestedFen,
      materials,
      // 补正 restarts the steps and the clock.
      decisionDueAt: decisionDueAt(now, kind.decisionWorkingDays, await services.loadCalendar(tx)),
      verifiedBy: null,
      verifiedAt: null,
      reviewedBy: null,
      reviewedAt: null,
      recommendedFen: null,
      approvedFen: null,
      approvedBy: null,
      approvalLevel: null,
      overrideNote: null,
      decisionNote: null,
      noticeStartsAt: null,
      noticeEndsAt: null,
    },
  });
}

/** The applicant corrects a returned case (补正) and submits it again. */
export async function resubmitMyCase(db: Db, ctx: Ctx, caseNo: string, input: ResubmitReliefCase) {
  const found = await getMyCase(db, ctx, caseNo);
  await db.transaction(async (tx) => {
    const c = (await repo.lockCase(tx, found.regionId, found.id))!;
    await resubmitLocked(tx, ctx, c, input);
  });
  return viewMyCase(db, ctx, caseNo);
}

/** Staff (relief:verify) correct and resubmit a returned case on the applicant's behalf. */
export function resubmitCase(db: Db, ctx: Ctx, id: string, input: ResubmitReliefCase) {
  return runStep(db, ctx, id, async (tx, c, org) => {
    assertCanAt(ctx.actor, 'relief:verify', org.path);
    await resubmitLocked(tx, ctx, c, input);
  });
}

// ------------------------------------------------------------------------------------------------ decisions

async function insertVisit(
  tx: Db,
  ctx: Ctx,
  c: repo.CaseRow,
  kind: 'verification' | 'follow_up',
  v: VisitInput,
  exclusions: string[],
) {
  if (v.photoFileIds.length > 0) {
    await attachFiles(tx, ctx, v.photoFileIds, {
      orgId: c.orgId,
      readPermission: 'relief:verify',
      purpose: 'relief_visit',
    });
  }
  return repo.insertVisit(tx, {
    regionId: c.regionId,
    id: crypto.randomUUID(),
    caseId: c.id,
    kind,
    visitedOn: v.visitedOn,
    visitors: v.visitors,
    findings: v.findings,
    photoFileIds: v.photoFileIds,
    exclusionsConfirmed: exclusions,
    recordedBy: whoIs(ctx),
  });
}

/**
 * A visit is dated by its China day: not after today (a day's grace for clocks), not before the day before the
 * application. Compared as China days, not instants: a visit on the day of an application filed just after midnight
 * is the same day.
 */
function assertVisitDate(visitedOn: string, notBefore?: Date): void {
  const day = parseChinaDateTime(visitedOn) ? visitedOn.slice(0, 10) : null;
  const today = toChinaDate();
  if (!day || day > addDays(today, 1) || (notBefore && day < addDays(toChinaDate(notBefore), -1))) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'visit.visitedOn', message: 'the visit date lies in the future or before the application' }],
    });
  }
}

/**
 * Village/township verification (relief:verify): the home-visit record, and every exclusion of the kind confirmed
 * absent (else RELIEF_RULE_VIOLATED listing the unconfirmed ones).
 */
export function verifyCase(db: Db, ctx: Ctx, id: string, input: VerifyReliefCase) {
  return runStep(db, ctx, id, async (tx, c, org) => {
    assertCanAt(ctx.actor, 'relief:verify', org.path);
    assertStep(c, 'verify');
    assertVisitDate(input.visit.visitedOn, c.submittedAt);
    const kind = await getKind(tx, c.kind);
    const confirmed = new Set(input.exclusionsConfirmed);
    const unconfirmed = (kind.exclusions as string[]).filter((e) => !confirmed.has(e));
    if (unconfirmed.length > 0) {
      throw new AppError('RELIEF_RULE_VIOLATED', { field: 'exclusionsConfirmed', rule: 'EXCLUSIONS', unconfirmed });
    }
    const visit = await insertVisit(tx, ctx, c, 'verification', input.visit, input.exclusionsConfirmed);
    await advanceCase(tx, ctx, c, {
      to: 'verified',
      event: 'verified',
      note: input.note ?? null,
      orgId: actingOrgId(ctx.actor, 'relief:verify', org.path),
      patch: { verifiedBy: whoIs(ctx), verifiedAt: new Date() },
      audit: { visitId: visit.id },
    });
  });
}

/** County review (relief:review) with the recommended amount. */
export function reviewCase(db: Db, ctx: Ctx, id: string, input: ReviewReliefCase) {
  return runStep(db, ctx, id, async (tx, c, org) => {
    assertCanAt(ctx.actor, 'relief:review', org.path);
    assertStep(c, 'review');
    await advanceCase(tx, ctx, c, {
      to: 'reviewed',
      event: 'reviewed',
      note: input.note ?? null,
      orgId: actingOrgId(ctx.actor, 'relief:review', org.path),
      patch: { reviewedBy: whoIs(ctx), reviewedAt: new Date(), recommendedFen: input.recommendedFen },
      audit: { recommendedFen: input.recommendedFen },
    });
  });
}

/** The highest approval level the actor holds relief:approve at above the unit (null: none). */
export async function approvalLevelAt(db: Db, actor: Actor, orgPath: string): Promise<ApprovalLevel | null> {
  if (actor.kind === 'system') {
    return 'province';
  }
  if (actor.kind !== 'staff') {
    return null;
  }
  const grants = actor.grants.filter((g) => g.permissions.has('relief:approve') && orgPath.startsWith(g.orgPath));
  const units = await orgs.findOrgsByIds(db, [...new Set(grants.map((g) => g.orgId))]);
  const best = Math.max(0, ...units.map((u) => rankOfOrgType(u.type)));
  return best === 0 ? null : (['county', 'city', 'province'] as const)[best - 1];
}

/**
 * Approval (relief:approve) of a reviewed case. Four-eyes: whoever filed, verified or reviewed it may not approve it
 * (SAME_USER_APPROVAL). The approver's grant must sit at the band's level for the amount or above
 * (APPROVAL_BAND_EXCEEDED). A same-cause case of a "helped once" kind needs an override note (RELIEF_RULE_VIOLATED).
 * With notice days the case goes on public notice at once.
 */
export async function approveInTx(
  tx: Db,
  ctx: Ctx,
  c: repo.CaseRow,
  org: orgs.OrgRow,
  input: ApproveReliefCase,
  opts: { bandAmountFen?: number; skipFourEyes?: boolean } = {},
): Promise<repo.CaseRow> {
  assertCanAt(ctx.actor, 'relief:approve', org.path);
  assertStep(c, 'approve');
  const me = whoIs(ctx);
  if (!opts.skipFourEyes && (me === c.verifiedBy || me === c.reviewedBy || me === c.filedBy)) {
    throw new AppError('SAME_USER_APPROVAL', { reason: 'the approver filed, verified or reviewed this case' });
  }
  const kind = await getKind(tx, c.kind);
  const rules = toKindRules(kind);
  const needed = requiredLevel(rules.bands, opts.bandAmountFen ?? input.approvedFen);
  const held = await approvalLevelAt(tx, ctx.actor, org.path);
  if (!held || rankOfLevel(held) < rankOfLevel(needed)) {
    throw new AppError('APPROVAL_BAND_EXCEEDED', {
      field: 'approvedFen',
      requiredLevel: needed,
      heldLevel: held,
      amountFen: opts.bandAmountFen ?? input.approvedFen,
    });
  }
  const others = (await repo.casesOfPeople(tx, [c.personId])).filter((o) => o.id !== c.id).map(toCaseFacts);
  const blocking = reliefWarnings(toCaseFacts(c), others, rules, input.approvedFen).filter((w) => w.isBlocking);
  if (blocking.length > 0 && !input.overrideNote) {
    throw new AppError('RELIEF_RULE_VIOLATED', {
      field: 'overrideNote',
      rule: blocking[0].code,
      caseNos: blocking.flatMap((w) => w.caseNos),
    });
  }
  const now = new Date();
  const approved = await advanceCase(tx, ctx, c, {
    to: 'approved',
    event: 'approved',
    note: input.note ?? null,
    orgId: actingOrgId(ctx.actor, 'relief:approve', org.path),
    patch: {
      approvedBy: me,
      approvedFen: input.approvedFen,
      approvalLevel: held,
      overrideNote: blocking.length > 0 ? (input.overrideNote ?? null) : null,
      decisionNote: input.note ?? null,
      decidedAt: now,
    },
    audit: { approvedFen: input.approvedFen, level: held, overrideNote: input.overrideNote ?? null },
  });
  if (rules.noticeDays === 0) {
    return approved;
  }
  return advanceCase(tx, ctx, approved, {
    to: 'on_notice',
    event: 'notice_started',
    patch: { noticeStartsAt: now, noticeEndsAt: noticeEndsAt(now, rules.noticeDays) },
    audit: { noticeDays: rules.noticeDays },
  });
}

export function approveCase(db: Db, ctx: Ctx, id: string, input: ApproveReliefCase) {
  return runStep(db, ctx, id, (tx, c, org) => approveInTx(tx, ctx, c, org, input));
}

/** Sends a case back for correction (补正) or rejects it, at the step it stands at, by that step's permission. */
function decideAgainst(db: Db, ctx: Ctx, id: string, outcome: 'return' | 'reject', reason: string) {
  return runStep(db, ctx, id, async (tx, c, org) => {
    assertStep(c, outcome);
    const permission = deciderPermission(c.status as CaseStatus);
    assertCanAt(ctx.actor, permission, org.path);
    await closeAgainst(tx, ctx, c, outcome, reason, actingOrgId(ctx.actor, permission, org.path));
  });
}

async function closeAgainst(
  tx: Db,
  ctx: Ctx,
  c: repo.CaseRow,
  outcome: 'return' | 'reject',
  reason: string,
  orgId: number | null,
) {
  const after = await advanceCase(tx, ctx, c, {
    to: outcome === 'return' ? 'returned' : 'rejected',
    event: outcome === 'return' ? 'returned' : 'rejected',
    note: reason,
    orgId,
    patch: { decisionNote: reason, ...(outcome === 'reject' ? { decidedAt: new Date() } : {}) },
    audit: { reason },
  });
  await tellApplicant(tx, after, outcome === 'return' ? 'relief.returned' : 'relief.rejected');
  return after;
}

/** Texts the applicant when their case comes back or is refused (the phone of the person record, when known). */
async function tellApplicant(tx: Db, c: repo.CaseRow, template: 'relief.returned' | 'relief.rejected' | 'relief.paid') {
  const person = await people.findPersonRow(tx, c.personId);
  if (!person?.phoneEnc) {
    return;
  }
  const body =
    template === 'relief.returned'
      ? `【博爱】您的救助申请 ${c.caseNo} 需要补正:${c.decisionNote ?? ''}。请登录"我的救助"修改后重新提交。`
      : template === 'relief.rejected'
        ? `【博爱】您的救助申请 ${c.caseNo} 未获批准:${c.decisionNote ?? ''}。如有疑问请联系当地红十字会。`
        : `【博爱】您的救助申请 ${c.caseNo} 救助金 ¥${((c.paidFen ?? 0) / 100).toFixed(2)} 已拨付。`;
  await queueMessage(tx, {
    channel: 'sms',
    to: pii().decrypt(person.phoneEnc),
    template,
    body,
    dedupeKey: `${template}:${c.id}:${c.updatedAt.getTime()}`,
  });
}

export { tellApplicant };

export function returnCase(db: Db, ctx: Ctx, id: string, reason: string) {
  return decideAgainst(db, ctx, id, 'return', reason);
}

export function rejectCase(db: Db, ctx: Ctx, id: string, reason: string) {
  return decideAgainst(db, ctx, id, 'reject', reason);
}

/** The follow-up visit after payment (relief:verify or relief:review). */
export function followUpCase(db: Db, ctx: Ctx, id: string, input: FollowUpReliefCase) {
  return runStep(db, ctx, id, async (tx, c, org) => {
    if (!canAt(ctx.actor, 'relief:verify', org.path)) {
      assertCanAt(ctx.actor, 'relief:review', org.path);
    }
    assertStep(c, 'follow_up');
    assertVisitDate(input.visit.visitedOn, c.paidAt ?? undefined);
    const visit = await insertVisit(tx, ctx, c, 'follow_up', input.visit, []);
    await advanceCase(tx, ctx, c, {
      to: 'followed_up',
      event: 'followed_up',
      note: input.note ?? null,
      audit: { visitId: visit.id },
    });
  });
}

/** Closes a followed-up case (relief:review). */
export function closeCase(db: Db, ctx: Ctx, id: string, note: string | undefined) {
  return runStep(db, ctx, id, async (tx, c, org) => {
    assertCanAt(ctx.actor, 'relief:review', org.path);
    assertStep(c, 'close');
    await advanceCase(tx, ctx, c, {
      to: 'closed',
      event: 'closed',
      note: note ?? null,
      patch: { closedAt: new Date() },
    });
  });
}

/**
 * Links a case to the service-hall request it fulfils (for the hall; no route). Records a timeline event.
 */
export async function linkServiceRequest(db: Db, ctx: Ctx, caseId: string, serviceRequestId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await getCase(tx, caseId);
    const c = (await repo.lockCase(tx, found.regionId, caseId))!;
    await advanceCase(tx, ctx, c, {
      to: c.status as CaseStatus,
      event: 'linked_to_service_request',
      patch: { serviceRequestId, filedVia: c.filedVia === 'public' ? 'service_hall' : c.filedVia },
      audit: { serviceRequestId },
    });
  });
}

// ------------------------------------------------------------------------------------------------ reading

/** The staff case page (any relief permission, or funds:payout, in the case's subtree). */
export async function viewCase(db: Db, ctx: Ctx, id: string) {
  const c = await getCase(db, id);
  assertSeesCase(ctx.actor, (await orgs.getOrg(db, c.orgId)).path);
  return toCaseView(db, ctx, c, ctx.locale);
}

/** A case for another module (the service hall): its number, status and amounts, unscoped. */
export async function findCaseSummary(db: Db, id: string) {
  const c = await repo.findCaseById(db, id);
  return c
    ? { id: c.id, caseNo: c.caseNo, status: c.status as CaseStatus, orgId: c.orgId, approvedFen: c.approvedFen }
    : undefined;
}

const decisionPending = ['submitted', 'verified', 'reviewed'];

/** Cases in the caller's scope with filters; overdue first on request (the work queue). */
export async function listCases(db: Db, ctx: Ctx, q: ReliefCaseListQuery) {
  const col = repo.columns.case;
  const scope = casePermissions.filter((p) => hasPermission(ctx.actor, p));
  if (scope.length === 0) {
    throw new AppError('FORBIDDEN', { permission: 'relief:verify' });
  }
  const where: SQL[] = [or(...scope.map((p) => orgs.orgScopeCondition(col.orgId, ctx, p)))!];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertSeesCase(ctx.actor, org.path);
    where.push(orgs.orgUnderCondition(col.orgId, org.path));
  }
  if (q.status) {
    where.push(eq(col.status, q.status));
  }
  if (q.kind) {
    where.push(eq(col.kind, q.kind));
  }
  if (q.batchId) {
    where.push(eq(col.batchId, q.batchId));
  }
  if (q.from) {
    where.push(gte(col.submittedAt, parseChinaDateTime(q.from)!));
  }
  if (q.to) {
    where.push(lt(col.submittedAt, new Date(parseChinaDateTime(q.to)!.getTime() + 86_400_000)));
  }
  const now = new Date();
  const overdueSql = sql`(${col.status} in ('submitted', 'verified', 'reviewed') and ${col.decisionDueAt} < ${now.toISOString()})`;
  if (q.overdue === 'true') {
    where.push(inArray(col.status, decisionPending), lte(col.decisionDueAt, now));
  }
  if (q.q) {
    const text = q.q.trim();
    const id = validateIdNumber(text);
    if (id.ok) {
      const person = await people.findPersonByIdNumber(db, text);
      where.push(eq(col.personId, person?.id ?? crypto.randomUUID()));
    } else {
      where.push(or(eq(col.caseNo, text.toUpperCase()), ilike(col.applicantName, `%${text.replace(/[\\%_]/g, '')}%`))!);
    }
  }
  const orderBy =
    q.overdueFirst === 'true'
      ? [sql`case when ${overdueSql} then 0 else 1 end`, asc(col.decisionDueAt), asc(col.caseNo)]
      : [desc(col.submittedAt), desc(col.caseNo)];
  const { rows, total } = await repo.listCases(db, { where, orderBy, limit: q.limit, offset: q.offset });
  return { items: await toSummaries(db, rows, await kindsByCode(db)), total };
}

/** Cases of a unit's subtree whose decision is overdue: a count for dashboards (callers check their own access). */
export async function countOverdueCases(db: Db, orgPath: string): Promise<number> {
  const col = repo.columns.case;
  const where = [
    orgs.orgUnderCondition(col.orgId, orgPath),
    inArray(col.status, decisionPending),
    lte(col.decisionDueAt, new Date()),
  ];
  return (await repo.listCases(db, { where, orderBy: [asc(col.caseNo)], limit: 0, offset: 0 })).total;
}

// ------------------------------------------------------------------------------------------------ public notice

/** Open public notices (notice not yet ended), newest first; names masked unless the kind shows them. */
export async function listPublicNotices(db: Db, ctx: Ctx, q: PublicNoticeQuery) {
  const col = repo.columns.case;
  const where: SQL[] = [];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(col.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.kind) {
    where.push(eq(col.kind, q.kind));
  }
  const { rows, total } = await repo.listOpenNotices(db, { where, limit: q.limit, offset: q.offset, now: new Date() });
  return { items: await toPublicNotices(db, rows, await kindsByCode(db), ctx.locale), total };
}

/** Units for the applicant's picker (province → city → county → township → village), open to anyone. */
export async function listPublicUnits(db: Db, parentId: number | undefined) {
  const ctx: Ctx = { actor: systemActor('relief-public'), requestId: null, ip: null, locale: 'zh' };
  const units = await orgs.listOrgChildren(db, ctx, parentId, false);
  return units
    .filter((u) => ['province', 'city', 'county', 'township', 'village', 'boai_home'].includes(u.type))
    .map((u) => ({
      id: u.id,
      name: u.name,
      type: u.type,
      hasChildren: (u.childCount ?? 0) > 0,
      canApply: caseUnitTypes.has(u.type),
    }));
}

// ------------------------------------------------------------------------------------------------ objections

/**
 * Anyone (anonymously if they wish) objects to a case on public notice, while the notice runs. Throws NOT_FOUND for
 * an unknown case number, TRANSITION_NOT_ALLOWED when it is not on notice, INVALID_PHONE.
 */
export async function fileObjection(db: Db, ctx: Ctx, caseNo: string, input: FileObjection) {
  const found = await repo.findCaseByNo(db, caseNo);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'relief_case', caseNo });
  }
  let phone: string | null = null;
  if (input.phone) {
    const p = normalizePhone(input.phone);
    if (!p.ok) {
      throw new AppError('INVALID_PHONE', { field: 'phone' });
    }
    phone = p.value;
  }
  const row = await db.transaction(async (tx) => {
    const c = (await repo.lockCase(tx, found.regionId, found.id))!;
    if (c.status !== 'on_notice' || !c.noticeEndsAt || c.noticeEndsAt <= new Date()) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'object', status: c.status, reason: 'not on notice' });
    }
    const o = await repo.insertObjection(tx, {
      regionId: c.regionId,
      id: crypto.randomUUID(),
      objectionNo: newReliefNumber('O'),
      caseId: c.id,
      orgId: c.orgId,
      text: input.text,
      objectorName: input.name ?? null,
      phoneEnc: phone ? pii().encrypt(phone) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      status: 'open',
    });
    await repo.insertEvents(tx, [
      {
        regionId: c.regionId,
        id: crypto.randomUUID(),
        caseId: c.id,
        event: 'objection_filed',
        fromStatus: c.status,
        toStatus: c.status,
        note: null,
        actorId: null,
        orgId: c.orgId,
      },
    ]);
    await recordAudit(tx, ctx, {
      action: 'relief_objection.filed',
      entityType: 'relief_objection',
      entityId: o.id,
      orgId: c.orgId,
      regionId: c.regionId,
      after: { caseNo: c.caseNo, objectionNo: o.objectionNo, isAnonymous: o.objectorName === null },
    });
    return o;
  });
  return { objectionNo: row.objectionNo, caseNo, createdAt: row.createdAt.toISOString() };
}

/**
 * Resolves an open objection (relief:review at the case's unit). Upheld: the case (still on notice) is returned for
 * correction or rejected with the reason; dismissed: the reason is recorded and the case stays on notice. The objector
 * who left a phone is told the outcome. Throws TRANSITION_NOT_ALLOWED for a resolved objection or a case off notice.
 */
export async function resolveObjection(db: Db, ctx: Ctx, id: string, input: ResolveObjection) {
  const found = await repo.findObjectionById(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'relief_objection', id });
  }
  const org = await orgs.getOrg(db, found.orgId);
  assertCanAt(ctx.actor, 'relief:review', org.path);
  const caseRow = await getCase(db, found.caseId);
  const after = await db.transaction(async (tx) => {
    const c = (await repo.lockCase(tx, caseRow.regionId, caseRow.id))!;
    const o = (await repo.lockObjection(tx, found.regionId, id))!;
    if (o.status !== 'open') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'resolve', status: o.status });
    }
    const now = new Date();
    const resolved = await repo.updateObjection(tx, o, {
      status: input.outcome,
      caseAction: input.outcome === 'upheld' ? (input.caseAction ?? null) : null,
      resolutionNote: input.reason,
      resolvedBy: whoIs(ctx),
      resolvedAt: now,
    });
    if (input.outcome === 'upheld') {
      if (c.status !== 'on_notice') {
        throw new AppError('TRANSITION_NOT_ALLOWED', { action: 'uphold', status: c.status });
      }
      await closeAgainst(
        tx,
        ctx,
        c,
        input.caseAction!,
        input.reason,
        actingOrgId(ctx.actor, 'relief:review', org.path),
      );
    }
    await repo.insertEvents(tx, [
      {
        regionId: c.regionId,
        id: crypto.randomUUID(),
        caseId: c.id,
        event: input.outcome === 'upheld' ? 'objection_upheld' : 'objection_dismissed',
        fromStatus: c.status,
        toStatus: input.outcome === 'upheld' ? (input.caseAction === 'return' ? 'returned' : 'rejected') : c.status,
        note: input.reason,
        actorId: whoIs(ctx),
        orgId: c.orgId,
      },
    ]);
    await recordAudit(tx, ctx, {
      action: `relief_objection.${input.outcome}`,
      entityType: 'relief_objection',
      entityId: o.id,
      orgId: o.orgId,
      regionId: o.regionId,
      before: { status: o.status },
      after: { status: input.outcome, caseAction: resolved.caseAction, reason: input.reason },
    });
    if (o.phoneEnc) {
      await queueMessage(tx, {
        channel: 'sms',
        to: pii().decrypt(o.phoneEnc),
        template: 'relief.objection.resolved',
        body: `【博爱】您对救助公示 ${c.caseNo} 提出的异议(${o.objectionNo})已处理:${input.outcome === 'upheld' ? '异议成立' : '异议不成立'}。${input.reason}`,
        dedupeKey: `relief.objection.resolved:${o.id}`,
      });
    }
    return resolved;
  });
  return toObjectionView(after, caseRow.caseNo, await displayNamesOf(db, [after.resolvedBy]));
}

/** Objections in the caller's relief:review scope, newest first (open ones: the work queue). */
export async function listObjections(db: Db, ctx: Ctx, q: ObjectionListQuery) {
  const col = repo.columns.objection;
  const where: SQL[] = [orgs.orgScopeCondition(col.orgId, ctx, 'relief:review')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(col.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.status) {
    where.push(eq(col.status, q.status));
  }
  const { rows, total } = await repo.listObjections(db, { where, limit: q.limit, offset: q.offset });
  const cases = new Map(
    (await repo.findCasesByIds(db, [...new Set(rows.map((r) => r.caseId))])).map((c) => [c.id, c.caseNo]),
  );
  const names = await displayNamesOf(
    db,
    rows.map((r) => r.resolvedBy),
  );
  return { items: rows.map((o) => toObjectionView(o, cases.get(o.caseId) ?? '', names)), total };
}

export { actingOrgId, assertSeesCase, assertStep, currentAmount, getCase, runStep, whoIs };

/**
 * A file of a case for staff who see the case: a material, a visit photo or the approval form (others: NOT_FOUND).
 * The approver, who holds no relief:verify, reads the materials this way.
 */
export async function readCaseFile(db: Db, ctx: Ctx, id: string, fileId: string) {
  const c = await getCase(db, id);
  assertSeesCase(ctx.actor, (await orgs.getOrg(db, c.orgId)).path);
  const visits = await repo.visitsOfCase(db, c.id);
  const ids = new Set([
    ...(c.materials as CaseMaterial[]).map((m) => m.fileId),
    ...visits.flatMap((v) => v.photoFileIds as string[]),
    ...(c.approvalFileId ? [c.approvalFileId] : []),
  ]);
  const file = ids.has(fileId) ? await findStoredFile(db, fileId) : undefined;
  if (!file) {
    throw new AppError('NOT_FOUND', { entity: 'file', id: fileId });
  }
  return file;
}
