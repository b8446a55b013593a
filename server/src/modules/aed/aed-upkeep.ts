// Device upkeep (维护): inspections (巡检) with a checklist, tasks raised automatically (expiring battery or pads,
// overdue inspection, telemetry, failed checks, use in a rescue) or by hand and closed when the cause is fixed or with a
// note, the due-work list per unit, SMS to guardians and the unit through the outbox (once per task), usage reports
// after a rescue and the guardian's confirmation of new pads.
import crypto from 'node:crypto';
import { and } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { normalizePhone } from '../../platform/identity/phone';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { actorLabel, assertCanAt, canAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './aed.repo';
import {
  type AedStatus,
  type AedTaskKind,
  type AedTaskView,
  type AedView,
  type ConfirmPads,
  type DueWorkQuery,
  inspectionItems,
  type RecordInspection,
  type ReportUsage,
} from './aed.schemas';
import {
  type AedRow,
  addDays,
  closeFixedExpiryTasks,
  expiryWindows,
  getAedRow,
  loadInScope,
  setStatus,
  toAedView,
  toTaskView,
} from './aed-registry';

const kindZh: Record<AedTaskKind, string> = {
  battery_expiring: '电池即将到期',
  pads_expiring: '电极片即将到期',
  inspection_due: '巡检到期',
  inspection_failed: '巡检发现问题',
  heartbeat_missing: '设备心跳中断',
  device_fault: '设备报告故障',
  self_test_failed: '设备自检失败',
  used_in_rescue: '已用于急救,待更换电极片',
  public_report: '公众报告问题',
  other: '其他维护',
};

/** Kinds whose cause takes a device out of ready (a later good report of the same cause may restore it). */
export const statusCauses = {
  heartbeat_missing: 'needs_service',
  device_fault: 'needs_service',
  self_test_failed: 'needs_service',
  inspection_failed: 'needs_service',
  used_in_rescue: 'out_of_service',
} as const;

/**
 * Raises a task on a device unless it has an open one of that kind (public reports always add one); tells the
 * guardians by SMS and the unit's contact, once per task. Returns the task when new.
 */
export async function raiseTask(
  tx: Db,
  ctx: Ctx,
  aed: AedRow,
  t: { kind: AedTaskKind; detail: string; dueOn?: string; sourceId?: string | null },
): Promise<repo.TaskRow | undefined> {
  const row = {
    regionId: aed.regionId,
    id: crypto.randomUUID(),
    aedId: aed.id,
    orgId: aed.orgId,
    kind: t.kind,
    status: 'open',
    dueOn: t.dueOn ?? toChinaDate(),
    detail: t.detail,
    sourceId: t.sourceId ?? null,
    createdBy: actorLabel(ctx.actor),
  };
  const task = t.kind === 'public_report' ? await repo.insertTask(tx, row) : await repo.insertTaskIfNone(tx, row);
  if (!task) {
    return undefined;
  }
  await notifyTask(tx, aed, task);
  await recordAudit(tx, ctx, {
    action: 'aed.task_raised',
    entityType: 'aed_task',
    entityId: task.id,
    orgId: aed.orgId,
    regionId: aed.regionId,
    after: { aedId: aed.id, code: aed.code, kind: task.kind, dueOn: task.dueOn, detail: task.detail },
  });
  return task;
}

/** SMS to each guardian and to the unit's contact phone; the dedupe key makes it once per task and recipient. */
async function notifyTask(tx: Db, aed: AedRow, task: repo.TaskRow): Promise<void> {
  const where = [aed.address, aed.building, aed.floor].filter(Boolean).join(' ');
  const body = `【红十字会】AED ${aed.code}(${where}):${kindZh[task.kind as AedTaskKind]}${task.detail ? `,${task.detail}` : ''}。请于 ${task.dueOn} 前处理。`;
  for (const g of await repo.listGuardians(tx, aed.regionId, [aed.id])) {
    await queueMessage(tx, {
      channel: 'sms',
      to: pii().decrypt(g.phoneEnc),
      template: 'aed_task',
      body,
      dedupeKey: `aed-task:${task.id}:${g.id}`,
    });
  }
  const org = await orgs.findOrgById(tx, aed.orgId);
  const contact = org?.contactPhone ? normalizePhone(org.contactPhone) : undefined;
  if (contact?.ok) {
    await queueMessage(tx, {
      channel: 'sms',
      to: contact.value,
      template: 'aed_task_unit',
      body,
      dedupeKey: `aed-task:${task.id}:unit`,
    });
  }
}

/**
 * Turns a ready device `status` for a system cause (a missed heartbeat, a fault, a failed check, a rescue) and raises
 * the cause's task. A device already out of ready keeps its status and cause; the task is raised all the same.
 */
export async function degrade(
  tx: Db,
  ctx: Ctx,
  aed: AedRow,
  kind: keyof typeof statusCauses,
  detail: string,
  sourceId?: string | null,
): Promise<AedRow> {
  let row = aed;
  const to = statusCauses[kind];
  if (aed.status === 'ready' || (to === 'out_of_service' && aed.status === 'needs_service')) {
    row = await setStatus(tx, aed, to, `${kindZh[kind]}${detail ? `:${detail}` : ''}`, kind);
    await recordAudit(tx, ctx, {
      action: 'aed.status_changed',
      entityType: 'aed',
      entityId: aed.id,
      orgId: aed.orgId,
      regionId: aed.regionId,
      before: { status: aed.status, reason: aed.statusReason },
      after: { status: row.status, reason: row.statusReason, cause: kind },
    });
  }
  await raiseTask(tx, ctx, row, { kind, detail, sourceId });
  return row;
}

/**
 * Closes the cause's open task and returns the device to ready when that cause is the one that took it out of ready
 * (its `status_cause`) and the device is not removed. A device a person put in needs_service stays there.
 */
export async function restore(
  tx: Db,
  ctx: Ctx,
  aed: AedRow,
  kind: keyof typeof statusCauses,
  note: string,
): Promise<AedRow> {
  await repo.closeOpenTasks(tx, aed.regionId, aed.id, [kind], { by: actorLabel(ctx.actor), note });
  if (aed.status !== 'ready' && aed.status !== 'removed' && aed.statusCause === kind) {
    const row = await setStatus(tx, aed, 'ready', note, 'manual');
    await recordAudit(tx, ctx, {
      action: 'aed.status_changed',
      entityType: 'aed',
      entityId: aed.id,
      orgId: aed.orgId,
      regionId: aed.regionId,
      before: { status: aed.status, reason: aed.statusReason, cause: aed.statusCause },
      after: { status: 'ready', reason: note },
    });
    return row;
  }
  return aed;
}

// ------------------------------------------------------------------------------------------------ inspections

/**
 * Records an inspection (aed:manage): closes the open inspection_due task; a failed critical item (indicator, battery,
 * pads, access) turns the device needs_service with an inspection_failed task; a clean inspection closes an open
 * inspection_failed task and restores a device that a failed inspection took out of ready.
 */
export async function recordInspection(db: Db, ctx: Ctx, id: string, input: RecordInspection): Promise<AedView> {
  const { row: found, org } = await loadInScope(db, ctx, id, 'aed:manage');
  if (found.status === 'removed') {
    throw new AppError('AED_STATUS_TRANSITION', { status: found.status, reason: 'a removed device is not inspected' });
  }
  const inspectedAt = input.inspectedAt ? new Date(input.inspectedAt) : new Date();
  if (inspectedAt.getTime() > Date.now() + 5 * 60_000) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.inspectedAt', message: 'in the future' }] });
  }
  const seen = new Set<string>();
  for (const i of input.items) {
    if (seen.has(i.item)) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.items', message: `${i.item} given twice` }] });
    }
    seen.add(i.item);
  }
  const failedCritical = input.items.filter((i) => !i.ok && inspectionItems.find((d) => d.key === i.item)?.critical);
  const result = input.items.every((i) => i.ok) ? 'pass' : 'fail';
  return db.transaction(async (tx) => {
    let row = (await repo.lockAed(tx, found.regionId, id))!;
    const inspection = await repo.insertInspection(tx, {
      regionId: row.regionId,
      id: crypto.randomUUID(),
      aedId: row.id,
      orgId: row.orgId,
      inspectedAt,
      inspector: input.inspector,
      items: input.items,
      result,
      photoFileId: input.photoFileId ?? null,
      note: input.note,
      createdBy: actorLabel(ctx.actor),
    });
    await claimEvidence(tx, ctx, [{ field: 'photoFileId', id: input.photoFileId }], {
      orgId: org.id,
      readPermission: 'aed:view',
      purpose: 'aed_inspection',
    });
    if (!row.lastInspectedAt || row.lastInspectedAt < inspectedAt) {
      row = await repo.updateAed(tx, row.regionId, row.id, { lastInspectedAt: inspectedAt });
    }
    await repo.closeOpenTasks(tx, row.regionId, row.id, ['inspection_due'], {
      by: actorLabel(ctx.actor),
      note: `已巡检(${toChinaDate(inspectedAt)})`,
    });
    if (failedCritical.length > 0) {
      const names = failedCritical.map((i) => inspectionItems.find((d) => d.key === i.item)!.zh).join('、');
      row = await degrade(tx, ctx, row, 'inspection_failed', names, inspection.id);
    } else {
      row = await restore(tx, ctx, row, 'inspection_failed', '巡检合格');
    }
    await recordAudit(tx, ctx, {
      action: 'aed.inspected',
      entityType: 'aed',
      entityId: row.id,
      orgId: org.id,
      regionId: row.regionId,
      after: { inspectionId: inspection.id, result, failed: input.items.filter((i) => !i.ok).map((i) => i.item) },
    });
    return toAedView(tx, row, org.name);
  });
}

// ------------------------------------------------------------------------------------------------ tasks

/** Closes a task by hand with a note (aed:manage at the device's unit). NOT_FOUND for a closed or unknown task. */
export async function closeTaskByHand(db: Db, ctx: Ctx, id: string, taskId: string, note: string): Promise<AedView> {
  const { row, org } = await loadInScope(db, ctx, id, 'aed:manage');
  return db.transaction(async (tx) => {
    const task = await repo.findTask(tx, row.regionId, taskId);
    if (!task || task.aedId !== row.id || task.status !== 'open') {
      throw new AppError('NOT_FOUND', { entity: 'aed_task', id: taskId });
    }
    await repo.closeTask(tx, row.regionId, taskId, { by: actorLabel(ctx.actor), note });
    await recordAudit(tx, ctx, {
      action: 'aed.task_closed',
      entityType: 'aed_task',
      entityId: taskId,
      orgId: org.id,
      regionId: row.regionId,
      before: { status: 'open', kind: task.kind },
      after: { status: 'done' },
      reason: note,
    });
    return toAedView(tx, (await repo.findAedById(tx, row.id))!, org.name);
  });
}

/** The due-work list: open tasks due within `withinDays` (overdue first) under a unit in the caller's aed:view scope. */
export async function listDueWork(db: Db, ctx: Ctx, q: DueWorkQuery): Promise<{ items: AedTaskView[] }> {
  const a = repo.columns.aed;
  const conds = [orgs.orgScopeCondition(a.orgId, ctx, 'aed:view')];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'aed:view', org.path);
    conds.push(orgs.orgUnderCondition(a.orgId, org.path));
  }
  const rows = await repo.listDueTasks(db, and(...conds), addDays(toChinaDate(), q.withinDays), q.kind);
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.aed.orgId))])).map((o) => [o.id, o.name]),
  );
  return { items: rows.map((r) => toTaskView(r.task, r.aed, names.get(r.aed.orgId) ?? '')) };
}

/**
 * The daily sweep (`aed.raise-due-tasks`): raises battery (60 days), pads (30 days) and inspection-overdue tasks, one
 * open task per device and kind; guardians and the unit hear once per task. Returns how many tasks were new.
 */
export async function raiseDueTasks(db: Db, ctx: Ctx, now = new Date()): Promise<number> {
  const today = toChinaDate(now);
  const candidates = await repo.dueCandidates(db, today, expiryWindows);
  let raised = 0;
  const rows = new Map<string, AedRow>();
  for (const c of candidates) {
    const aed = rows.get(c.id) ?? (await repo.findAedById(db, c.id));
    if (!aed) {
      continue;
    }
    rows.set(c.id, aed);
    const task = await raiseTask(db, ctx, aed, {
      kind: c.kind as AedTaskKind,
      detail: c.detail,
      dueOn: laterDate(c.due_on, today),
    });
    if (task) {
      raised++;
    }
  }
  return raised;
}

// ------------------------------------------------------------------------------------------------ usage reports

/**
 * Records that a device was used in a rescue (shocks, outcome, optional emergency): it goes out of service ("used,
 * awaiting new pads") with a used_in_rescue task until a guardian or staff confirm new pads. For staff: aed:manage at
 * the unit; the response module calls it with the system actor.
 */
export async function reportUsage(db: Db, ctx: Ctx, id: string, input: ReportUsage): Promise<AedView> {
  const found = await getAedRow(db, id);
  const org = await orgs.getOrg(db, found.orgId);
  if (ctx.actor.kind !== 'system') {
    assertCanAt(ctx.actor, 'aed:manage', org.path);
  }
  if (found.status === 'removed') {
    throw new AppError('AED_STATUS_TRANSITION', { status: found.status, reason: 'a removed device cannot be used' });
  }
  const usedAt = new Date(input.usedAt);
  if (usedAt.getTime() > Date.now() + 5 * 60_000) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.usedAt', message: 'in the future' }] });
  }
  return db.transaction(async (tx) => {
    let row = (await repo.lockAed(tx, found.regionId, id))!;
    const usage = await repo.insertUsage(tx, {
      regionId: row.regionId,
      id: crypto.randomUUID(),
      aedId: row.id,
      orgId: row.orgId,
      usedAt,
      shocksDelivered: input.shocksDelivered,
      outcome: input.outcome,
      emergencyId: input.emergencyId ?? null,
      reporter: input.reporter,
      note: input.note,
      createdBy: actorLabel(ctx.actor),
    });
    row = await degrade(tx, ctx, row, 'used_in_rescue', `电击 ${input.shocksDelivered} 次`, usage.id);
    await recordAudit(tx, ctx, {
      action: 'aed.usage_reported',
      entityType: 'aed',
      entityId: row.id,
      orgId: org.id,
      regionId: row.regionId,
      after: {
        usageId: usage.id,
        usedAt: usedAt.toISOString(),
        shocks: input.shocksDelivered,
        outcome: input.outcome,
        emergencyId: input.emergencyId ?? null,
      },
    });
    return toAedView(tx, row, org.name);
  });
}

/**
 * New pads fitted after a rescue: by a guardian (a signed-in member of the public whose phone is on the device's
 * guardian list; NOT_AED_GUARDIAN otherwise) or staff with aed:manage at the unit. Records the new pads expiry,
 * closes the used_in_rescue (and pads) task and returns the device to ready when the rescue took it out of service.
 * A staff caller without scope gets OUT_OF_SCOPE; a device with no open usage: AED_STATUS_TRANSITION.
 */
export async function confirmPads(
  db: Db,
  ctx: Ctx,
  id: string,
  input: ConfirmPads,
): Promise<{ code: string; status: AedStatus }> {
  const found = await getAedRow(db, id);
  const org = await orgs.getOrg(db, found.orgId);
  if (ctx.actor.kind === 'public') {
    const hash = await getPublicPhoneHash(db, ctx);
    if (!(await repo.isGuardian(db, found.regionId, found.id, hash))) {
      throw new AppError('NOT_AED_GUARDIAN');
    }
  } else if (ctx.actor.kind === 'staff' && !canAt(ctx.actor, 'aed:manage', org.path)) {
    assertCanAt(ctx.actor, 'aed:manage', org.path);
  } else if (ctx.actor.kind !== 'staff' && ctx.actor.kind !== 'system') {
    throw new AppError('NOT_AED_GUARDIAN');
  }
  const today = toChinaDate();
  if (input.padsExpiresOn <= today) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.padsExpiresOn', message: 'the new pads must expire after today' }],
    });
  }
  return db.transaction(async (tx) => {
    let row = (await repo.lockAed(tx, found.regionId, id))!;
    if (!(await repo.hasOpenTask(tx, row.regionId, row.id, ['used_in_rescue']))) {
      throw new AppError('AED_STATUS_TRANSITION', { status: row.status, reason: 'no rescue awaits new pads' });
    }
    const before = row.padsExpiresOn;
    row = await repo.updateAed(tx, row.regionId, row.id, { padsExpiresOn: input.padsExpiresOn });
    await repo.confirmUsagePads(tx, row.regionId, row.id, actorLabel(ctx.actor));
    await closeFixedExpiryTasks(tx, ctx, row, today);
    row = await restore(tx, ctx, row, 'used_in_rescue', `已更换电极片(有效期至 ${input.padsExpiresOn})`);
    await recordAudit(tx, ctx, {
      action: 'aed.pads_confirmed',
      entityType: 'aed',
      entityId: row.id,
      orgId: org.id,
      regionId: row.regionId,
      before: { padsExpiresOn: before },
      after: { padsExpiresOn: row.padsExpiresOn, status: row.status },
    });
    return { code: row.code, status: row.status as AedStatus };
  });
}

/** The later of two calendar dates (YYYY-MM-DD strings compare in date order). */
function laterDate(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}
