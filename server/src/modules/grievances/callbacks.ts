// Call-back checks (回访): a reproducible random sample of paid relief recipients under a unit, one call task each,
// the caller's result, a per-unit confirmation summary; a denial or a different amount opens an investigation.
import crypto from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { parseChinaDateTime } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { formatYuan } from '../../platform/money';
import { actorLabel, assertCanAt, canAt, systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as oversight from '../relief/relief-oversight';
import * as repo from './grievances.repo';
import type { CallbackSummary, CallbackTaskView, DrawSample, RecordCallback, SampleView } from './grievances.schemas';
import { findGrievancesByIds, openVerificationGrievance, orgNames } from './grievances.service';
import { candidateListHash, drawPositions, newSeed, sampleSize } from './sampling';

const permission = 'grievances:handle' as const;
const lookupCtx: Ctx = { actor: systemActor('grievances.callbacks'), requestId: null, ip: null, locale: 'zh' };

function toSampleView(s: repo.SampleRow, orgName: string, doneCount: number): SampleView {
  return {
    id: s.id,
    orgId: s.orgId,
    orgName,
    periodFrom: s.periodFrom,
    periodTo: s.periodTo,
    requestedSize: s.requestedSize,
    requestedPercent: s.requestedPercent,
    candidateCount: s.candidateCount,
    candidateHash: s.candidateHash,
    sampleSize: s.sampleSize,
    seed: s.seed,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    doneCount,
  };
}

function toTaskView(t: repo.TaskRow, orgName: string, grievanceNo: string | null): CallbackTaskView {
  return {
    id: t.id,
    sampleId: t.sampleId,
    drawOrder: t.drawOrder,
    orgId: t.orgId,
    orgName,
    reliefCaseId: t.reliefCaseId,
    caseNo: t.caseNo,
    payoutNo: t.payoutNo,
    recipientName: t.recipientName,
    phoneMasked: t.phoneMasked,
    paidFen: t.paidFen,
    paidAt: t.paidAt.toISOString(),
    status: t.status as CallbackTaskView['status'],
    result: t.result as CallbackTaskView['result'],
    reportedFen: t.reportedFen,
    note: t.note,
    attempts: t.attempts,
    calledAt: t.calledAt?.toISOString() ?? null,
    calledBy: t.calledBy,
    grievanceId: t.grievanceId,
    grievanceNo,
  };
}

/** The instant an Asia/Shanghai calendar day starts. */
function chinaMidnight(date: string): Date {
  return parseChinaDateTime(date)!;
}

/**
 * Draws a random sample of recipients paid under a unit in a period (both days included), by size or percentage,
 * and creates one call task per recipient drawn. The seed (32 bytes from the OS generator), the number of candidates
 * and a hash of their ordered list are kept: the same seed over the same list draws the same recipients.
 * Throws OUT_OF_SCOPE outside the actor's units, VALIDATION_FAILED when nobody was paid in the period.
 */
export async function drawCallbackSample(db: Db, ctx: Ctx, input: DrawSample, now = new Date()): Promise<SampleView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  const from = chinaMidnight(input.periodFrom);
  const to = new Date(chinaMidnight(input.periodTo).getTime() + 86_400_000);
  const candidates = await oversight.listPaidRecipients(db, ctx, permission, org.path, from, to);
  if (candidates.length === 0) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.periodFrom', message: 'no relief was paid under this unit in the period' }],
    });
  }
  const seed = newSeed();
  const size = sampleSize(candidates.length, { size: input.size, percent: input.percent });
  const drawn = drawPositions(seed, candidates.length, size).map((i) => candidates[i]);
  const phones = new Map<string, string | null>();
  for (const c of drawn) {
    if (!phones.has(c.personId)) {
      const person = await people.viewPerson(db, lookupCtx, c.personId).catch(() => undefined);
      phones.set(c.personId, person?.phoneMasked ?? null);
    }
  }
  const sample = await db.transaction(async (tx) => {
    const s = await repo.insertSample(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      requestedSize: input.size ?? null,
      requestedPercent: input.percent ?? null,
      candidateCount: candidates.length,
      candidateHash: candidateListHash(candidates.map((c) => c.payoutId)),
      sampleSize: size,
      seed,
      createdBy: actorLabel(ctx.actor),
      createdAt: now,
    });
    await repo.insertTasks(
      tx,
      drawn.map((c, i) => ({
        regionId: c.regionId,
        id: crypto.randomUUID(),
        sampleId: s.id,
        drawOrder: i + 1,
        orgId: c.orgId,
        reliefCaseId: c.caseId,
        caseNo: c.caseNo,
        payoutId: c.payoutId,
        payoutNo: c.payoutNo,
        personId: c.personId,
        recipientName: c.applicantName,
        phoneMasked: phones.get(c.personId) ?? null,
        paidFen: c.amountFen,
        paidAt: c.paidAt ?? now,
        status: 'pending',
        createdAt: now,
      })),
    );
    await recordAudit(tx, ctx, {
      action: 'callback.sample-drawn',
      entityType: 'callback_sample',
      entityId: s.id,
      orgId: org.id,
      regionId: org.regionId,
      after: { ...s, drawnCases: drawn.map((c) => c.caseNo) },
    });
    return s;
  });
  return toSampleView(sample, org.name, 0);
}

export async function listCallbackSamples(db: Db, ctx: Ctx, q: { orgId?: number }): Promise<SampleView[]> {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.sample.orgId, ctx, permission)];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, permission, org.path);
    where.push(orgs.orgUnderCondition(repo.columns.sample.orgId, org.path));
  }
  const rows = await repo.listSamples(db, where);
  const done = await repo.countDoneBySample(
    db,
    rows.map((r) => r.id),
  );
  const names = await orgNames(
    db,
    rows.map((r) => r.orgId),
  );
  return rows.map((r) => toSampleView(r, names.get(r.orgId) ?? '', done.get(r.id) ?? 0));
}

async function toTaskViews(db: Db, rows: repo.TaskRow[]): Promise<CallbackTaskView[]> {
  const names = await orgNames(
    db,
    rows.map((r) => r.orgId),
  );
  const gs = await findGrievancesByIds(
    db,
    rows.map((r) => r.grievanceId).filter((id): id is string => !!id),
  );
  const nos = new Map(gs.map((g) => [g.id, g.grievanceNo]));
  return rows.map((r) =>
    toTaskView(r, names.get(r.orgId) ?? '', r.grievanceId ? (nos.get(r.grievanceId) ?? null) : null),
  );
}

/** The call list: tasks of recipients in the actor's units, optionally of one sample or status. */
export async function listCallbackTasks(
  db: Db,
  ctx: Ctx,
  q: { sampleId?: string; status?: 'pending' | 'done' },
): Promise<CallbackTaskView[]> {
  const c = repo.columns.task;
  const where: SQL[] = [orgs.orgScopeCondition(c.orgId, ctx, permission)];
  if (q.sampleId) {
    where.push(eq(c.sampleId, q.sampleId));
  }
  if (q.status) {
    where.push(eq(c.status, q.status));
  }
  return toTaskViews(db, await repo.listTasks(db, where));
}

async function getTaskInScope(db: Db, ctx: Ctx, id: string) {
  const t = await repo.findTaskById(db, id);
  if (!t) {
    throw new AppError('NOT_FOUND', { entity: 'callback_task', id });
  }
  const org = await orgs.getOrg(db, t.orgId);
  if (!canAt(ctx.actor, permission, org.path)) {
    throw new AppError('NOT_FOUND', { entity: 'callback_task', id });
  }
  return t;
}

const resultLabels = {
  denied: '受助人否认收到救助款',
  amount_differs: '受助人所述金额与拨付金额不一致',
} as const;

/**
 * Records the result of a call. A task is called once, except that an unreachable recipient may be tried again.
 * A denial or a different amount opens an investigation (a grievance of kind 'verification') in the same transaction.
 * Throws TRANSITION_NOT_ALLOWED for a task already answered, VALIDATION_FAILED for a call time in the future.
 */
export async function recordCallbackResult(
  db: Db,
  ctx: Ctx,
  id: string,
  input: RecordCallback,
  now = new Date(),
): Promise<CallbackTaskView> {
  const found = await getTaskInScope(db, ctx, id);
  const calledAt = input.calledAt ? new Date(input.calledAt) : now;
  if (calledAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.calledAt', message: 'in the future' }] });
  }
  const after = await db.transaction(async (tx) => {
    const t = (await repo.lockTask(tx, found.regionId, found.id))!;
    if (t.status === 'done' && t.result !== 'unreachable') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { from: t.result, action: 'record' });
    }
    let grievanceId: string | null = null;
    if (input.result === 'denied' || input.result === 'amount_differs') {
      const said = input.result === 'amount_differs' ? `,称收到 ${formatYuan(input.reportedFen ?? 0)}` : '';
      const g = await openVerificationGrievance(
        tx,
        ctx,
        {
          orgId: t.orgId,
          reliefCaseId: t.reliefCaseId,
          caseNo: t.caseNo,
          callbackTaskId: t.id,
          content:
            `回访核查:${resultLabels[input.result]}(个案 ${t.caseNo},拨付 ${t.payoutNo ?? '-'},拨付金额 ${formatYuan(t.paidFen)}${said})。${input.note ?? ''}`.trim(),
        },
        now,
      );
      grievanceId = g.id;
    }
    const changed = await repo.updateTask(tx, t, {
      status: 'done',
      result: input.result,
      reportedFen: input.result === 'confirmed' ? t.paidFen : (input.reportedFen ?? null),
      note: input.note ?? null,
      attempts: t.attempts + 1,
      calledAt,
      calledBy: actorLabel(ctx.actor),
      grievanceId,
    });
    await recordAudit(tx, ctx, {
      action: 'callback.recorded',
      entityType: 'callback_task',
      entityId: t.id,
      orgId: t.orgId,
      regionId: t.regionId,
      before: { status: t.status, result: t.result },
      after: { status: changed.status, result: changed.result, reportedFen: changed.reportedFen, grievanceId },
    });
    return changed;
  });
  const [view] = await toTaskViews(db, [after]);
  return view;
}

/**
 * Shows the recipient's full phone (from their person record) to a holder of pii:view who may handle the task; the
 * person module records who looked and why. Throws FORBIDDEN/OUT_OF_SCOPE from the person module's checks.
 */
export async function unmaskRecipientPhone(db: Db, ctx: Ctx, id: string, reason: string) {
  const t = await getTaskInScope(db, ctx, id);
  if (!t.personId) {
    return { id: t.id, phone: null };
  }
  const unmasked = await people.unmaskPerson(db, ctx, t.personId, `回访 ${t.caseNo}: ${reason}`);
  return { id: t.id, phone: unmasked.phone };
}

/**
 * Call-back results per unit of the recipients in the actor's scope (optionally one sample or one subtree):
 * confirmation rate = confirmed / reached, reached = confirmed + denied + amount differs.
 */
export async function summariseCallbacks(
  db: Db,
  ctx: Ctx,
  q: { sampleId?: string; orgId?: number },
): Promise<CallbackSummary> {
  const c = repo.columns.task;
  const where: SQL[] = [orgs.orgScopeCondition(c.orgId, ctx, permission)];
  if (q.sampleId) {
    where.push(eq(c.sampleId, q.sampleId));
  }
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, permission, org.path);
    where.push(orgs.orgUnderCondition(c.orgId, org.path));
  }
  const rows = await repo.summariseTasks(db, where);
  const names = await orgNames(
    db,
    rows.map((r) => r.orgId),
  );
  return {
    units: rows.map((r) => {
      const reached = r.confirmed + r.denied + r.amountDiffers;
      return {
        ...r,
        orgName: names.get(r.orgId) ?? '',
        confirmationRate: reached === 0 ? null : Math.round((r.confirmed / reached) * 10_000) / 10_000,
      };
    }),
  };
}
