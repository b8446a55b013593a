// Complaints and objections (投诉/异议): public filing and lookup by code, handling by the subject's unit with a
// deadline in working days, overdue flags and reminders; the flags relief cases carry from grievances.
import crypto from 'node:crypto';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { actorLabel, assertCanAt, canAt, systemActor } from '../../platform/rbac/actor';
import * as donations from '../donations/donations.service';
import * as orgs from '../orgs/orgs.service';
import * as relief from '../relief/relief.service';
import * as oversight from '../relief/relief-oversight';
import { grievanceDueOn } from './deadlines';
import * as repo from './grievances.repo';
import type {
  CaseFlags,
  ConcludeGrievance,
  FileGrievance,
  GrievanceDetail,
  GrievanceFiled,
  GrievanceListQuery,
  GrievanceView,
  PublicGrievance,
  SubjectKind,
} from './grievances.schemas';
import { resolveServiceRequest } from './subjects';

export type { GrievanceRow } from './grievances.repo';

const permission = 'grievances:handle' as const;
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomChars(n: number): string {
  let out = '';
  for (const b of crypto.randomBytes(n)) {
    out += alphabet[b & 31];
  }
  return out;
}

/** G + the Asia/Shanghai date + 8 random characters: read out on the phone, unguessable enough to enumerate. */
export function newGrievanceNo(at: Date = new Date()): string {
  return `G${toChinaDate(at).replaceAll('-', '')}${randomChars(8)}`;
}

export function isOverdue(g: { status: string; dueOn: string }, today: string = toChinaDate()): boolean {
  return g.status !== 'concluded' && g.dueOn < today;
}

export function toGrievanceView(g: repo.GrievanceRow, orgName: string, today: string = toChinaDate()): GrievanceView {
  return {
    id: g.id,
    grievanceNo: g.grievanceNo,
    kind: g.kind as GrievanceView['kind'],
    source: g.source as GrievanceView['source'],
    subjectKind: g.subjectKind as SubjectKind,
    subjectRef: g.subjectRef,
    subjectId: g.subjectId,
    reliefCaseId: g.reliefCaseId,
    orgId: g.orgId,
    orgName,
    isAnonymous: g.isAnonymous,
    complainantName: g.complainantName,
    phoneMasked: g.phoneMasked,
    content: g.content,
    status: g.status as GrievanceView['status'],
    outcome: g.outcome as GrievanceView['outcome'],
    reply: g.reply,
    submittedAt: g.submittedAt.toISOString(),
    dueOn: g.dueOn,
    isOverdue: isOverdue(g, today),
    acceptedAt: g.acceptedAt?.toISOString() ?? null,
    concludedAt: g.concludedAt?.toISOString() ?? null,
    callbackTaskId: g.callbackTaskId,
  };
}

type Subject = {
  subjectKind: SubjectKind;
  subjectRef: string | null;
  subjectId: string | null;
  reliefCaseId: string | null;
  org: orgs.OrgRow;
};

const subjectNotFound = (subjectKind: SubjectKind, ref: string) =>
  new AppError('NOT_FOUND', { entity: subjectKind, field: 'subjectRef', ref });

/** Finds what the complaint is about and the unit that owns it (NOT_FOUND with field subjectRef when unknown). */
async function resolveSubject(db: Db, input: FileGrievance): Promise<Subject> {
  const ref = input.subjectRef?.trim().toUpperCase() ?? '';
  switch (input.subjectKind) {
    case 'relief_case': {
      const c = await oversight.findCaseByNo(db, ref);
      if (!c) {
        throw subjectNotFound('relief_case', ref);
      }
      return {
        subjectKind: 'relief_case',
        subjectRef: c.caseNo,
        subjectId: c.id,
        reliefCaseId: c.id,
        org: await orgs.getOrg(db, c.orgId),
      };
    }
    case 'payout': {
      const p = await oversight.findPayoutByNo(db, ref);
      if (!p) {
        // Not a relief payout: any paid payout of the public disclosure, handled by the unit that paid it.
        const paid = await donations.findPaidPayoutByNo(db, ref);
        if (!paid) {
          throw subjectNotFound('payout', ref);
        }
        return {
          subjectKind: 'payout',
          subjectRef: paid.payoutNo,
          subjectId: paid.id,
          reliefCaseId: null,
          org: await orgs.getOrg(db, paid.orgId),
        };
      }
      return {
        subjectKind: 'payout',
        subjectRef: p.payoutNo,
        subjectId: p.payoutId,
        reliefCaseId: p.caseId,
        org: await orgs.getOrg(db, p.orgId),
      };
    }
    case 'service_request': {
      const r = await resolveServiceRequest(db, ref);
      if (!r) {
        throw subjectNotFound('service_request', ref);
      }
      return {
        subjectKind: 'service_request',
        subjectRef: r.requestNo,
        subjectId: r.id,
        reliefCaseId: null,
        org: await orgs.getOrg(db, r.orgId),
      };
    }
    default: {
      const org = input.orgId ? await orgs.findOrgById(db, input.orgId) : await topUnit(db);
      if (!org?.isActive) {
        throw new AppError('NOT_FOUND', { entity: 'org', field: 'orgId', id: input.orgId ?? null });
      }
      return { subjectKind: 'other', subjectRef: null, subjectId: null, reliefCaseId: null, org };
    }
  }
}

async function topUnit(db: Db): Promise<orgs.OrgRow | undefined> {
  const roots = await orgs.listOrgChildren(
    db,
    { ...systemCtxBase, actor: systemActor('grievances') },
    undefined,
    false,
  );
  return roots[0] ? orgs.findOrgById(db, roots[0].id) : undefined;
}

const systemCtxBase: Omit<Ctx, 'actor'> = { requestId: null, ip: null, locale: 'zh' };
const jobCtx = (label: string): Ctx => ({ ...systemCtxBase, actor: systemActor(label) });

async function addEvent(
  tx: Db,
  g: repo.GrievanceRow,
  ctx: Ctx,
  kind: string,
  note: string | null,
  isPublic: boolean,
  at: Date = new Date(),
) {
  await repo.insertEvent(tx, {
    regionId: g.regionId,
    id: crypto.randomUUID(),
    grievanceId: g.id,
    kind,
    note,
    isPublic,
    actorLabel: ctx.actor.kind === 'anonymous' ? 'public' : actorLabel(ctx.actor),
    at,
  });
}

/**
 * Files a complaint or objection from anyone. The subject is resolved to its owning unit, which handles it within
 * the deadline (working days). Anonymous filings keep neither name nor phone. Returns the number and the secret code
 * to follow it (shown once). Throws NOT_FOUND (field subjectRef) for an unknown case, payout or request number,
 * INVALID_PHONE for a phone that is not one.
 */
export async function fileGrievance(db: Db, ctx: Ctx, input: FileGrievance, now = new Date()): Promise<GrievanceFiled> {
  let phone: string | null = null;
  if (!input.isAnonymous && input.phone) {
    const p = normalizePhone(input.phone);
    if (!p.ok) {
      throw new AppError('INVALID_PHONE', { field: 'phone' });
    }
    phone = p.value;
  }
  const subject = await resolveSubject(db, input);
  const code = randomChars(10);
  const dueOn = await grievanceDueOn(db, toChinaDate(now));
  return db.transaction(async (tx) => {
    const g = await repo.insertGrievance(tx, {
      regionId: subject.org.regionId,
      id: crypto.randomUUID(),
      grievanceNo: newGrievanceNo(now),
      kind: input.kind,
      source: 'public',
      subjectKind: subject.subjectKind,
      subjectRef: subject.subjectRef,
      subjectId: subject.subjectId,
      reliefCaseId: subject.reliefCaseId,
      orgId: subject.org.id,
      isAnonymous: input.isAnonymous,
      complainantName: input.isAnonymous ? null : (input.name ?? null),
      phoneEnc: phone ? pii().encrypt(phone) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      content: input.content,
      lookupCodeHash: pii().hashToken(code),
      status: 'submitted',
      submittedAt: now,
      dueOn,
      updatedAt: now,
    });
    await addEvent(tx, g, ctx, 'submitted', null, true, now);
    await tellUnit(
      tx,
      subject.org,
      g,
      'grievance.received',
      `【博爱】收到${input.kind === 'objection' ? '异议' : '投诉'} ${g.grievanceNo},请于 ${dueOn} 前办结。`,
    );
    if (input.kind === 'objection' && subject.subjectKind === 'relief_case' && subject.subjectRef) {
      await forwardNoticeObjection(tx, ctx, g, subject.subjectRef, input, phone, now);
    }
    await recordAudit(tx, ctx, {
      action: 'grievance.filed',
      entityType: 'grievance',
      entityId: g.id,
      orgId: g.orgId,
      regionId: g.regionId,
      after: toGrievanceView(g, subject.org.name),
    });
    return { grievanceNo: g.grievanceNo, lookupCode: code, orgName: subject.org.name, dueOn };
  });
}

/** One SMS to the handling unit's contact mobile (when it has one), once per grievance and template. */
async function tellUnit(tx: Db, org: orgs.OrgRow, g: repo.GrievanceRow, template: string, body: string) {
  const phone = org.contactPhone ? normalizePhone(org.contactPhone) : undefined;
  if (!phone?.ok) {
    return false;
  }
  return (
    (await queueMessage(tx, { channel: 'sms', to: phone.value, template, body, dedupeKey: `${template}:${g.id}` })) !==
    null
  );
}

/**
 * An objection to a case still on public notice is also recorded as the case's notice objection, so that the payout
 * waits until relief staff resolve it; a case off notice keeps only the grievance. Runs in the caller's transaction
 * (the relief step in a savepoint: its refusal leaves the grievance standing).
 */
async function forwardNoticeObjection(
  tx: Db,
  ctx: Ctx,
  g: repo.GrievanceRow,
  caseNo: string,
  input: FileGrievance,
  phone: string | null,
  now: Date,
) {
  try {
    const o = await relief.fileObjection(tx, ctx, caseNo, {
      text: input.content.slice(0, 1000),
      name: input.isAnonymous ? undefined : input.name,
      phone: phone ?? undefined,
    });
    await addEvent(tx, g, ctx, 'note', `已同时登记为公示异议 ${o.objectionNo},拨付须待异议处理`, false, now);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'TRANSITION_NOT_ALLOWED')) {
      throw error;
    }
  }
}

function sameCode(storedHash: string, code: string): boolean {
  const a = Buffer.from(storedHash);
  const b = Buffer.from(pii().hashToken(code.trim().toUpperCase()));
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * What the complainant sees with their code: status, public timeline, outcome and reply. A wrong code answers exactly
 * like an unknown number (NOT_FOUND), so numbers cannot be probed.
 */
export async function viewPublicGrievance(db: Db, no: string, code: string): Promise<PublicGrievance> {
  const g = await repo.findGrievanceByNo(db, no.trim().toUpperCase());
  if (!g?.lookupCodeHash || !sameCode(g.lookupCodeHash, code)) {
    throw new AppError('NOT_FOUND', { entity: 'grievance' });
  }
  const org = await orgs.getOrg(db, g.orgId);
  const events = await repo.listEvents(db, g.regionId, g.id, true);
  return {
    grievanceNo: g.grievanceNo,
    kind: g.kind as PublicGrievance['kind'],
    subjectKind: g.subjectKind as SubjectKind,
    subjectRef: g.subjectRef,
    orgName: org.name,
    status: g.status as PublicGrievance['status'],
    submittedAt: g.submittedAt.toISOString(),
    dueOn: g.dueOn,
    isOverdue: isOverdue(g),
    outcome: g.outcome as PublicGrievance['outcome'],
    reply: g.reply,
    concludedAt: g.concludedAt?.toISOString() ?? null,
    timeline: events.map((e) => ({ kind: e.kind, note: null, at: e.at.toISOString() })),
  };
}

/** A grievance the actor may handle; outside their subtree it does not exist for them (NOT_FOUND). */
async function getInScope(db: Db, ctx: Ctx, id: string) {
  const g = await repo.findGrievanceById(db, id);
  if (!g) {
    throw new AppError('NOT_FOUND', { entity: 'grievance', id });
  }
  const org = await orgs.getOrg(db, g.orgId);
  if (!canAt(ctx.actor, permission, org.path)) {
    throw new AppError('NOT_FOUND', { entity: 'grievance', id });
  }
  return { g, org };
}

async function toDetail(db: Db, g: repo.GrievanceRow, orgName: string): Promise<GrievanceDetail> {
  const events = await repo.listEvents(db, g.regionId, g.id, false);
  const [reliefCase] = g.reliefCaseId ? await oversight.findCasesByIds(db, [g.reliefCaseId]) : [];
  return {
    ...toGrievanceView(g, orgName),
    reliefCaseNo: reliefCase?.caseNo ?? null,
    timeline: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      note: e.note,
      isPublic: e.isPublic,
      actorLabel: e.actorLabel,
      at: e.at.toISOString(),
    })),
  };
}

export async function viewGrievance(db: Db, ctx: Ctx, id: string): Promise<GrievanceDetail> {
  const { g, org } = await getInScope(db, ctx, id);
  return toDetail(db, g, org.name);
}

/** The queue of the actor's units: overdue first, then open by deadline, then concluded. */
export async function listGrievances(db: Db, ctx: Ctx, q: GrievanceListQuery) {
  const c = repo.columns.grievance;
  const today = toChinaDate();
  const where: SQL[] = [orgs.orgScopeCondition(c.orgId, ctx, permission)];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, permission, org.path);
    where.push(orgs.orgUnderCondition(c.orgId, org.path));
  }
  if (q.status) {
    where.push(eq(c.status, q.status));
  }
  if (q.open === 'true') {
    where.push(sql`${c.status} <> 'concluded'`);
  } else if (q.open === 'false') {
    where.push(eq(c.status, 'concluded'));
  }
  if (q.overdue === 'true') {
    where.push(sql`${c.status} <> 'concluded' AND ${c.dueOn} < ${today}`);
  }
  if (q.q) {
    const term = q.q.toUpperCase();
    where.push(sql`(${c.grievanceNo} = ${term} OR ${c.subjectRef} = ${term})`);
  }
  const { rows, total } = await repo.listGrievances(db, where, today, q.pageSize, (q.page - 1) * q.pageSize);
  const names = await orgNames(
    db,
    rows.map((r) => r.orgId),
  );
  return {
    items: rows.map((r) => toGrievanceView(r, names.get(r.orgId) ?? '', today)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function orgNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  const units = await orgs.findOrgsByIds(db, [...new Set(ids)]);
  return new Map(units.map((u) => [u.id, u.name]));
}

/** Runs one status change of a grievance in scope: lock, check the allowed statuses, change, timeline, audit. */
async function transition(
  db: Db,
  ctx: Ctx,
  id: string,
  from: readonly string[],
  action: string,
  change: (tx: Db, g: repo.GrievanceRow, now: Date) => Promise<repo.GrievanceRow>,
): Promise<GrievanceDetail> {
  const { g: found, org } = await getInScope(db, ctx, id);
  const after = await db.transaction(async (tx) => {
    const g = (await repo.lockGrievance(tx, found.regionId, found.id))!;
    if (!from.includes(g.status)) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { from: g.status, action });
    }
    const changed = await change(tx, g, new Date());
    await recordAudit(tx, ctx, {
      action: `grievance.${action}`,
      entityType: 'grievance',
      entityId: g.id,
      orgId: g.orgId,
      regionId: g.regionId,
      before: { status: g.status },
      after: { status: changed.status, outcome: changed.outcome },
    });
    return changed;
  });
  return toDetail(db, after, org.name);
}

/** 受理: submitted → accepted. TRANSITION_NOT_ALLOWED from any other status. */
export function acceptGrievance(db: Db, ctx: Ctx, id: string, note?: string): Promise<GrievanceDetail> {
  return transition(db, ctx, id, ['submitted'], 'accepted', async (tx, g, now) => {
    const after = await repo.updateGrievance(tx, g, {
      status: 'accepted',
      acceptedBy: actorLabel(ctx.actor),
      acceptedAt: now,
    });
    // The public timeline shows that it was accepted, never the note (public views carry no notes).
    await addEvent(tx, g, ctx, 'accepted', note ?? null, true, now);
    return after;
  });
}

/** An investigation note (internal): accepted → investigating; refused before acceptance and after conclusion. */
export function addInvestigationNote(db: Db, ctx: Ctx, id: string, note: string): Promise<GrievanceDetail> {
  return transition(db, ctx, id, ['accepted', 'investigating'], 'noted', async (tx, g, now) => {
    const after = g.status === 'investigating' ? g : await repo.updateGrievance(tx, g, { status: 'investigating' });
    await addEvent(tx, g, ctx, 'note', note, false, now);
    return after;
  });
}

/**
 * 办结: the outcome and the reply the complainant reads; tells them by SMS when they left a phone. An upheld (or partly
 * upheld) grievance about a relief case flags the case in its oversight view.
 */
export function concludeGrievance(db: Db, ctx: Ctx, id: string, input: ConcludeGrievance): Promise<GrievanceDetail> {
  return transition(db, ctx, id, ['accepted', 'investigating'], 'concluded', async (tx, g, now) => {
    const after = await repo.updateGrievance(tx, g, {
      status: 'concluded',
      outcome: input.outcome,
      reply: input.reply,
      concludedBy: actorLabel(ctx.actor),
      concludedAt: now,
    });
    await addEvent(tx, g, ctx, 'concluded', null, true, now);
    if (g.phoneEnc) {
      await queueMessage(tx, {
        channel: 'sms',
        to: pii().decrypt(g.phoneEnc),
        template: 'grievance.concluded',
        body: `【博爱】您反映的问题(编号 ${g.grievanceNo})已办结,请凭查询码查看处理结果。`,
        dedupeKey: `grievance.concluded:${g.id}`,
      });
    }
    return after;
  });
}

/** Shows a complainant's full phone to a holder of pii:view in scope, recording who looked and why. */
export async function unmaskComplainantPhone(db: Db, ctx: Ctx, id: string, reason: string) {
  const { g } = await getInScope(db, ctx, id);
  return db.transaction(async (tx) => {
    await recordAudit(tx, ctx, {
      action: 'grievance.unmasked',
      entityType: 'grievance',
      entityId: g.id,
      orgId: g.orgId,
      regionId: g.regionId,
      reason,
    });
    return { id: g.id, phone: g.phoneEnc ? pii().decrypt(g.phoneEnc) : null };
  });
}

/**
 * Opens an investigation (kind 'verification') for a call-back that did not confirm the payout, in the caller's
 * transaction: accepted at once, due like any complaint, linked to the call-back task.
 */
export async function openVerificationGrievance(
  tx: Db,
  ctx: Ctx,
  input: { orgId: number; reliefCaseId: string; caseNo: string; callbackTaskId: string; content: string },
  now = new Date(),
): Promise<repo.GrievanceRow> {
  const org = await orgs.getOrg(tx, input.orgId);
  const g = await repo.insertGrievance(tx, {
    regionId: org.regionId,
    id: crypto.randomUUID(),
    grievanceNo: newGrievanceNo(now),
    kind: 'verification',
    source: 'callback',
    subjectKind: 'relief_case',
    subjectRef: input.caseNo,
    subjectId: input.reliefCaseId,
    reliefCaseId: input.reliefCaseId,
    orgId: org.id,
    isAnonymous: false,
    content: input.content,
    status: 'accepted',
    submittedAt: now,
    dueOn: await grievanceDueOn(tx, toChinaDate(now)),
    acceptedBy: actorLabel(ctx.actor),
    acceptedAt: now,
    callbackTaskId: input.callbackTaskId,
    updatedAt: now,
  });
  await addEvent(tx, g, ctx, 'submitted', null, false, now);
  await addEvent(tx, g, ctx, 'accepted', null, false, now);
  await recordAudit(tx, ctx, {
    action: 'grievance.opened-by-callback',
    entityType: 'grievance',
    entityId: g.id,
    orgId: g.orgId,
    regionId: g.regionId,
    after: toGrievanceView(g, org.name),
  });
  return g;
}

export const findGrievancesByIds = repo.findGrievancesByIds;

// ------------------------------------------------------------------------------------------------ overdue job

/**
 * Flags open grievances past their last day, once each: an internal timeline entry, an audit row and one SMS to the
 * handling unit's contact mobile (dedupe key per grievance). Units without a mobile contact are flagged but not told.
 */
export async function flagOverdueGrievances(db: Db, now = new Date()) {
  const ctx = jobCtx('grievances.overdue');
  const today = toChinaDate(now);
  const flagged: string[] = [];
  const messaged: string[] = [];
  for (;;) {
    const batch = await repo.listNewlyOverdue(db, today, 200);
    if (batch.length === 0) {
      break;
    }
    for (const g of batch) {
      await repo.updateGrievance(db, g, { overdueAt: now });
      await addEvent(db, g, ctx, 'overdue', `超过办理期限 ${g.dueOn}`, false, now);
      const org = await orgs.getOrg(db, g.orgId);
      const told = await tellUnit(
        db,
        org,
        g,
        'grievance.overdue',
        `【博爱】投诉/异议 ${g.grievanceNo} 已超过办理期限(${g.dueOn}),请尽快办结。`,
      );
      if (told) {
        messaged.push(g.grievanceNo);
      }
      await recordAudit(db, ctx, {
        action: 'grievance.overdue',
        entityType: 'grievance',
        entityId: g.id,
        orgId: g.orgId,
        regionId: g.regionId,
        after: { dueOn: g.dueOn, told },
      });
      flagged.push(g.grievanceNo);
    }
  }
  return { flagged, messaged };
}

// ------------------------------------------------------------------------------------------------ case flags

/**
 * The flags each relief case carries from grievances and verification: upheld complaints, open complaints,
 * suspected duplicates and call-back results. For the relief case page and the oversight view.
 */
export async function listCaseFlags(db: Db, caseIds: string[]): Promise<CaseFlags[]> {
  const ids = [...new Set(caseIds)];
  const [gs, dups, tasks] = await Promise.all([
    repo.listGrievancesForCases(db, ids),
    repo.listDuplicatesForCases(db, ids),
    repo.listTasksForCases(db, ids),
  ]);
  return ids.map((id) => {
    const mine = gs.filter((g) => g.reliefCaseId === id);
    const upheld = mine
      .filter((g) => g.outcome === 'upheld' || g.outcome === 'partly_upheld')
      .map((g) => ({
        grievanceNo: g.grievanceNo,
        outcome: g.outcome as 'upheld' | 'partly_upheld',
        at: (g.concludedAt ?? g.updatedAt).toISOString(),
      }));
    const duplicateSuspects = dups
      .filter((d) => d.caseAId === id || d.caseBId === id)
      .map((d) => ({
        id: d.id,
        otherCaseNo: d.caseAId === id ? d.caseBNo : d.caseANo,
        status: d.status as 'open' | 'resolved',
        resolution: d.resolution,
      }));
    const callbackResults = tasks
      .filter((t) => t.reliefCaseId === id && t.result)
      .map((t) => ({
        result: t.result as CaseFlags['callbackResults'][number]['result'],
        at: t.calledAt!.toISOString(),
      }));
    return {
      reliefCaseId: id,
      upheldComplaints: upheld,
      openComplaints: mine.filter((g) => g.status !== 'concluded').length,
      duplicateSuspects,
      callbackResults,
      isFlagged:
        upheld.length > 0 ||
        duplicateSuspects.some((d) => d.status === 'open' || d.resolution === 'duplicate') ||
        callbackResults.some((r) => r.result === 'denied' || r.result === 'amount_differs'),
    };
  });
}

/** The oversight flags of one case by number, for staff who may handle grievances where the case lives. */
export async function viewCaseFlags(db: Db, ctx: Ctx, caseNo: string): Promise<CaseFlags> {
  const c = await oversight.findCaseByNo(db, caseNo);
  if (!c) {
    throw new AppError('NOT_FOUND', { entity: 'relief_case', caseNo });
  }
  const org = await orgs.getOrg(db, c.orgId);
  if (!canAt(ctx.actor, permission, org.path)) {
    throw new AppError('NOT_FOUND', { entity: 'relief_case', caseNo });
  }
  const [flags] = await listCaseFlags(db, [c.id]);
  return flags;
}
