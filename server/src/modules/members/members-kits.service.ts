// First-aid kits (急救物品认领制): a unit registers kits (code + QR sticker, contents with expiry dates); a member
// claims one (or staff assign it) and places it at a public spot (a checked point and a place name, shown on a map);
// the holder or staff record checks; anyone who used it reports from the sticker's page, which raises a refill task;
// a daily job raises a task and texts the holder 30 days before an item expires. Every change is audited.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { findMissingCharacters, pngDataUrl, renderPdf } from '../../platform/documents/pdf';
import { qrPng } from '../../platform/documents/qr';
import { AppError } from '../../platform/errors';
import { assertPoint, toWgs84, wgs84ToGcj02 } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { queueMessage } from '../../platform/notify/notify.service';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './members-kits.repo';
import type {
  CheckKit,
  CreateKits,
  KitItemInput,
  KitStatus,
  KitSummary,
  KitsQuery,
  KitTaskView,
  KitView,
  PlaceKit,
  PublicKitView,
  ReportKitUsage,
} from './members-kits.schemas';
import { memberPhone } from './members-orders.service';
import * as pointsRepo from './members-points.repo';
import { memberOfCaller } from './members-points.service';

/** Days before an item's expiry that the daily job raises its task and texts the holder. */
export const expiryNoticeDays = 30;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The administrative code a kit code carries: the nearest unit up the tree (itself first) with a 6-digit code. */
async function adminCodeOf(db: Db, org: orgs.OrgRow): Promise<string> {
  const ids = org.path.split('.').filter(Boolean).map(Number);
  const chain = await orgs.findOrgsByIds(db, ids);
  for (const id of ids.reverse()) {
    const code = chain.find((o) => o.id === id)?.code;
    if (code && /^\d{6}$/.test(code)) {
      return code;
    }
  }
  return String(org.regionId).padStart(6, '0');
}

function itemRows(kit: { regionId: number; id: string }, items: KitItemInput[]): repo.ItemInsert[] {
  return items.map((it, i) => ({
    regionId: kit.regionId,
    id: crypto.randomUUID(),
    kitId: kit.id,
    name: it.name,
    quantity: it.quantity,
    expiresOn: it.expiresOn ?? null,
    position: i,
  }));
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toTaskView(t: repo.TaskRow, kitCode: string): KitTaskView {
  return {
    id: t.id,
    kitId: t.kitId,
    kitCode,
    orgId: t.orgId,
    kind: t.kind as KitTaskView['kind'],
    status: t.status as KitTaskView['status'],
    dueOn: t.dueOn,
    detail: t.detail,
    createdAt: t.createdAt.toISOString(),
    closedAt: iso(t.closedAt),
    closeNote: t.closeNote,
  };
}

async function toSummaries(db: Db, kits: repo.KitRow[]): Promise<KitSummary[]> {
  const units = new Map((await orgs.findOrgsByIds(db, [...new Set(kits.map((k) => k.orgId))])).map((o) => [o.id, o]));
  const items = await repo.listItems(db, kits);
  const holders = new Map(
    (
      await pointsRepo.findMembersByIds(
        db,
        kits.filter((k) => k.holderMemberId).map((k) => ({ regionId: k.holderRegionId!, id: k.holderMemberId! })),
      )
    ).map((m) => [m.id, m]),
  );
  const byRegion = new Map<number, string[]>();
  for (const k of kits) {
    byRegion.set(k.regionId, [...(byRegion.get(k.regionId) ?? []), k.id]);
  }
  const tasks: repo.TaskRow[] = [];
  for (const [regionId, ids] of byRegion) {
    tasks.push(...(await repo.listTasksOf(db, regionId, ids)));
  }
  return kits.map((k) => {
    const expiries = items
      .filter((i) => i.kitId === k.id && i.expiresOn)
      .map((i) => i.expiresOn!)
      .sort();
    const holder = k.holderMemberId ? holders.get(k.holderMemberId) : undefined;
    return {
      id: k.id,
      code: k.code,
      orgId: k.orgId,
      orgName: units.get(k.orgId)?.name ?? '',
      model: k.model,
      status: k.status as KitStatus,
      holderMemberId: k.holderMemberId,
      holderName: holder ? maskName(holder.name || holder.groupName || '') : null,
      placeName: k.placeName,
      lat: k.lat,
      lng: k.lng,
      gcj02: k.lat !== null && k.lng !== null ? wgs84ToGcj02({ lat: k.lat, lng: k.lng }) : null,
      placedAt: iso(k.placedAt),
      lastCheckedAt: iso(k.lastCheckedAt),
      nextExpiry: expiries[0] ?? null,
      openTasks: tasks.filter((t) => t.kitId === k.id && t.status === 'open').length,
    };
  });
}

async function toKitView(db: Db, kit: repo.KitRow): Promise<KitView> {
  const [summary] = await toSummaries(db, [kit]);
  const items = await repo.listItems(db, [kit]);
  const tasks = await repo.listTasksOf(db, kit.regionId, [kit.id]);
  const checks = await repo.listChecks(db, kit.regionId, kit.id);
  const usages = await repo.listUsages(db, kit.regionId, kit.id);
  return {
    ...summary,
    items: items.map((i) => ({ id: i.id, name: i.name, quantity: i.quantity, expiresOn: i.expiresOn })),
    tasks: tasks.map((t) => toTaskView(t, kit.code)),
    checks: checks.map((c) => ({
      id: c.id,
      checkedAt: c.checkedAt.toISOString(),
      checkedBy: c.checkedBy,
      isOk: c.isOk,
      note: c.note,
    })),
    usages: usages.map((u) => ({
      id: u.id,
      usedAt: u.usedAt.toISOString(),
      itemsUsed: u.itemsUsed,
      reporter: u.reporter,
      note: u.note,
    })),
  };
}

async function audit(tx: Db, ctx: Ctx, kit: repo.KitRow, action: string, after: unknown, before?: unknown) {
  await recordAudit(tx, ctx, {
    action: `member_kit.${action}`,
    entityType: 'member_aid_kit',
    entityId: kit.id,
    orgId: kit.orgId,
    regionId: kit.regionId,
    before,
    after,
  });
}

async function loadForStaff(db: Db, ctx: Ctx, id: string, permission: 'members:view' | 'members:manage') {
  const kit = await repo.findKit(db, id);
  if (!kit) {
    throw new AppError('NOT_FOUND', { entity: 'member_aid_kit', id });
  }
  const org = await orgs.getOrg(db, kit.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return { kit, org };
}

// ------------------------------------------------------------------------------------------------ staff

/** Registers `count` identical kits at a unit (members:manage), each with its own KIT-<admin code>-<seq> code. */
export async function createKits(db: Db, ctx: Ctx, input: CreateKits): Promise<KitSummary[]> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  return db.transaction(async (tx) => {
    const prefix = await adminCodeOf(tx, org);
    const first = await repo.reserveCodes(tx, prefix, input.count);
    const kits = Array.from({ length: input.count }, (_, i) => ({
      regionId: org.regionId,
      id: crypto.randomUUID(),
      code: `KIT-${prefix}-${String(first + i).padStart(6, '0')}`,
      orgId: org.id,
      model: input.model,
      status: 'in_stock',
      createdBy: actorLabel(ctx.actor),
    }));
    const rows = await repo.insertKits(
      tx,
      kits,
      kits.flatMap((k) => itemRows(k, input.items)),
    );
    for (const kit of rows) {
      await audit(tx, ctx, kit, 'registered', { code: kit.code, model: kit.model, items: input.items });
    }
    return toSummaries(tx, rows);
  });
}

export async function listKits(db: Db, ctx: Ctx, q: KitsQuery) {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  const where = [orgs.orgUnderCondition(repo.kitColumns.orgId, org.path)];
  if (q.status) {
    where.push(eq(repo.kitStatus, q.status));
  }
  const { rows, total } = await repo.listKits(db, where, q);
  return { items: await toSummaries(db, rows), total };
}

export async function viewKit(db: Db, ctx: Ctx, id: string): Promise<KitView> {
  const { kit } = await loadForStaff(db, ctx, id, 'members:view');
  return toKitView(db, kit);
}

/** Hands an in-stock kit to an active member of the kit unit's subtree (members:manage). */
export async function assignKit(db: Db, ctx: Ctx, id: string, memberId: string): Promise<KitView> {
  const { kit, org } = await loadForStaff(db, ctx, id, 'members:manage');
  const m = await pointsRepo.findMember(db, memberId);
  if (!m) {
    throw new AppError('NOT_FOUND', { entity: 'member', id: memberId });
  }
  const memberOrg = await orgs.getOrg(db, m.orgId);
  if (!memberOrg.path.startsWith(org.path)) {
    throw new AppError('NOT_FOUND', { entity: 'member', id: memberId, reason: 'not under the kit’s unit' });
  }
  if (m.status !== 'active') {
    throw new AppError('MEMBER_NOT_ACTIVE', { memberId, status: m.status });
  }
  return take(db, ctx, kit, m, 'assigned');
}

async function take(db: Db, ctx: Ctx, kit: repo.KitRow, m: pointsRepo.MemberLite, action: string): Promise<KitView> {
  return db.transaction(async (tx) => {
    const row = (await repo.findKit(tx, kit.id, true))!;
    if (row.status !== 'in_stock') {
      throw new AppError('AID_KIT_STEP', { status: row.status });
    }
    const updated = await repo.updateKit(tx, row, {
      status: 'assigned',
      holderMemberId: m.id,
      holderRegionId: m.regionId,
    });
    await audit(tx, ctx, updated, action, { holderMemberId: m.id, memberNo: m.memberNo }, { status: row.status });
    return toKitView(tx, updated);
  });
}

/** Replaces the contents after a refill (members:manage) and closes the kit's open tasks. */
export async function refillKit(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { items: KitItemInput[]; note?: string },
): Promise<KitView> {
  const { kit } = await loadForStaff(db, ctx, id, 'members:manage');
  if (kit.status === 'retired') {
    throw new AppError('AID_KIT_STEP', { status: kit.status });
  }
  return db.transaction(async (tx) => {
    const before = await repo.listItems(tx, [kit]);
    await repo.replaceItems(tx, kit, itemRows(kit, input.items));
    const closed = await repo.closeTasks(tx, kit.regionId, kit.id, 'all', {
      by: actorLabel(ctx.actor),
      note: input.note || '已补充/更换',
    });
    await audit(
      tx,
      ctx,
      kit,
      'refilled',
      { items: input.items, closedTasks: closed },
      { items: before.map((i) => ({ name: i.name, quantity: i.quantity, expiresOn: i.expiresOn })) },
    );
    return toKitView(tx, kit);
  });
}

export async function staffCheck(db: Db, ctx: Ctx, id: string, input: CheckKit): Promise<KitView> {
  const { kit } = await loadForStaff(db, ctx, id, 'members:manage');
  return recordCheck(db, ctx, kit, input);
}

export async function closeTask(db: Db, ctx: Ctx, id: string, taskId: string, note: string): Promise<KitView> {
  const { kit } = await loadForStaff(db, ctx, id, 'members:manage');
  const task = await repo.findTask(db, kit.regionId, taskId);
  if (!task || task.kitId !== kit.id) {
    throw new AppError('NOT_FOUND', { entity: 'member_aid_kit_task', id: taskId });
  }
  if (task.status !== 'open') {
    throw new AppError('AID_KIT_STEP', { taskStatus: task.status });
  }
  return db.transaction(async (tx) => {
    await repo.closeTasks(tx, kit.regionId, kit.id, [task.id], { by: actorLabel(ctx.actor), note });
    await audit(tx, ctx, kit, 'task_closed', { taskId, kind: task.kind, note });
    return toKitView(tx, kit);
  });
}

export async function retireKit(db: Db, ctx: Ctx, id: string, reason: string): Promise<KitView> {
  const { kit } = await loadForStaff(db, ctx, id, 'members:manage');
  return db.transaction(async (tx) => {
    const row = (await repo.findKit(tx, kit.id, true))!;
    if (row.status === 'retired') {
      throw new AppError('AID_KIT_STEP', { status: row.status });
    }
    const updated = await repo.updateKit(tx, row, { status: 'retired' });
    await repo.closeTasks(tx, kit.regionId, kit.id, 'all', { by: actorLabel(ctx.actor), note: `停用:${reason}` });
    await audit(tx, ctx, updated, 'retired', { status: 'retired', reason }, { status: row.status });
    return toKitView(tx, updated);
  });
}

export async function listTasks(db: Db, ctx: Ctx, q: { orgId: number; status: string }): Promise<KitTaskView[]> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  const tasks = await repo.listTasks(db, orgs.orgUnderCondition(repo.kitColumns.taskOrgId, org.path), q.status);
  const codes = new Map<string, string>();
  for (const t of tasks) {
    if (!codes.has(t.kitId)) {
      codes.set(t.kitId, (await repo.findKit(db, t.kitId))?.code ?? '');
    }
  }
  return tasks.map((t) => toTaskView(t, codes.get(t.kitId) ?? ''));
}

function printable(text: string): string {
  const missing = new Set(findMissingCharacters(text));
  return missing.size === 0 ? text : [...text].map((c) => (missing.has(c) ? '〇' : c)).join('');
}

/** The QR sticker (A7 PDF) linking to the kit's public page, where anyone sees its contents and reports use. */
export async function stickerPdf(db: Db, ctx: Ctx, id: string, origin: string) {
  const { kit, org } = await loadForStaff(db, ctx, id, 'members:view');
  const url = `${origin}/k/${encodeURIComponent(kit.code)}`;
  const qr = await qrPng(url, { width: 500, margin: 2, errorCorrectionLevel: 'Q' });
  const pdf = await renderPdf({
    pageSize: 'A7',
    pageMargins: [12, 12, 12, 10],
    info: { title: kit.code },
    content: [
      { text: '红十字急救包', fontSize: 16, bold: true, color: '#c8102e', alignment: 'center' },
      { image: pngDataUrl(qr), fit: [120, 120], alignment: 'center', margin: [0, 4, 0, 2] },
      { text: '扫码查看物品清单 · 使用后请扫码登记', fontSize: 7, alignment: 'center', color: '#333333' },
      { text: kit.code, fontSize: 10, bold: true, alignment: 'center', margin: [0, 4, 0, 2] },
      { text: `管理单位:${printable(org.name)}`, fontSize: 6.5, alignment: 'center', color: '#777777' },
      { text: '紧急情况请拨打 120', fontSize: 7.5, bold: true, alignment: 'center', color: '#c8102e' },
    ],
  });
  return { code: kit.code, pdf };
}

// ------------------------------------------------------------------------------------------------ holders and the public

async function loadHeld(db: Db, ctx: Ctx, id: string) {
  const m = await memberOfCaller(db, ctx);
  const kit = await repo.findKit(db, id);
  if (!kit) {
    throw new AppError('NOT_FOUND', { entity: 'member_aid_kit', id });
  }
  if (kit.holderMemberId !== m.id || kit.status === 'retired') {
    throw new AppError('NOT_KIT_HOLDER');
  }
  return { m, kit };
}

/** A member claims an in-stock kit by the code on its sticker; the kit's unit must be theirs or above it. */
export async function claimKit(db: Db, ctx: Ctx, code: string): Promise<KitView> {
  const m = await memberOfCaller(db, ctx);
  const kit = await repo.findKitByCode(db, code.trim().toUpperCase());
  const memberOrg = await orgs.getOrg(db, m.orgId);
  const kitOrg = kit ? await orgs.getOrg(db, kit.orgId) : undefined;
  if (!kit || !kitOrg || !memberOrg.path.startsWith(kitOrg.path)) {
    throw new AppError('NOT_FOUND', { entity: 'member_aid_kit', code });
  }
  return take(db, ctx, kit, m, 'claimed');
}

/** The holder places the kit at a public spot: a point checked to lie in China (INVALID_LOCATION) and a place name. */
export async function placeKit(db: Db, ctx: Ctx, id: string, input: PlaceKit): Promise<KitView> {
  const { kit } = await loadHeld(db, ctx, id);
  return setPlace(db, ctx, kit, input);
}

/** Places a kit for its holder without a holder's session: demo data only. */
export async function placeDemoKit(db: Db, ctx: Ctx, id: string, input: PlaceKit): Promise<KitView> {
  const kit = await repo.findKit(db, id);
  if (!kit) {
    throw new AppError('NOT_FOUND', { entity: 'member_aid_kit', id });
  }
  return setPlace(db, ctx, kit, input);
}

async function setPlace(db: Db, ctx: Ctx, kit: repo.KitRow, input: PlaceKit): Promise<KitView> {
  assertPoint({ lat: input.lat, lng: input.lng }, { china: true });
  const w = toWgs84({ lat: input.lat, lng: input.lng }, input.datum);
  return db.transaction(async (tx) => {
    const row = (await repo.findKit(tx, kit.id, true))!;
    if (row.status !== 'assigned' && row.status !== 'placed') {
      throw new AppError('AID_KIT_STEP', { status: row.status });
    }
    const updated = await repo.updateKit(tx, row, {
      status: 'placed',
      lat: Math.round(w.lat * 1e7) / 1e7,
      lng: Math.round(w.lng * 1e7) / 1e7,
      placeName: input.placeName,
      placedAt: new Date(),
    });
    await audit(
      tx,
      ctx,
      updated,
      'placed',
      { placeName: updated.placeName, lat: updated.lat, lng: updated.lng },
      { status: row.status, placeName: row.placeName, lat: row.lat, lng: row.lng },
    );
    return toKitView(tx, updated);
  });
}

async function recordCheck(db: Db, ctx: Ctx, kit: repo.KitRow, input: CheckKit): Promise<KitView> {
  if (kit.status === 'retired') {
    throw new AppError('AID_KIT_STEP', { status: kit.status });
  }
  return db.transaction(async (tx) => {
    const now = new Date();
    const id = crypto.randomUUID();
    await repo.insertCheck(tx, {
      regionId: kit.regionId,
      id,
      kitId: kit.id,
      checkedAt: now,
      checkedBy: actorLabel(ctx.actor),
      isOk: input.isOk,
      note: input.note ?? '',
    });
    const updated = await repo.updateKit(tx, kit, { lastCheckedAt: now });
    if (!input.isOk) {
      await raiseTask(tx, ctx, updated, {
        kind: 'refill',
        sourceId: id,
        dueOn: addDays(toChinaDate(now), 7),
        detail: `检查发现问题:${input.note || '需补充'}`,
      });
    }
    await audit(tx, ctx, updated, 'checked', { checkId: id, isOk: input.isOk, note: input.note ?? '' });
    return toKitView(tx, updated);
  });
}

/** The holder records a check (contents present and in date, or what is wrong: then a refill task). */
export async function holderCheck(db: Db, ctx: Ctx, id: string, input: CheckKit): Promise<KitView> {
  const { kit } = await loadHeld(db, ctx, id);
  return recordCheck(db, ctx, kit, input);
}

export async function myKits(db: Db, ctx: Ctx): Promise<KitView[]> {
  const m = await memberOfCaller(db, ctx);
  const kits = await repo.listKitsOfHolder(db, m.id);
  const out: KitView[] = [];
  for (const k of kits) {
    out.push(await toKitView(db, k));
  }
  return out;
}

async function getByCode(db: Db, code: string): Promise<repo.KitRow> {
  const kit = await repo.findKitByCode(db, code.trim().toUpperCase());
  if (!kit || kit.status === 'retired') {
    throw new AppError('NOT_FOUND', { entity: 'member_aid_kit', code });
  }
  return kit;
}

/** What anyone scanning the sticker sees: contents with expiry dates, the place, the unit; never the holder. */
export async function publicKit(db: Db, code: string): Promise<PublicKitView> {
  const kit = await getByCode(db, code);
  const org = await orgs.getOrg(db, kit.orgId);
  const items = await repo.listItems(db, [kit]);
  return {
    code: kit.code,
    model: kit.model,
    orgName: org.name,
    status: kit.status as KitStatus,
    placeName: kit.placeName,
    lat: kit.lat,
    lng: kit.lng,
    items: items.map((i) => ({ id: i.id, name: i.name, quantity: i.quantity, expiresOn: i.expiresOn })),
    lastCheckedAt: iso(kit.lastCheckedAt),
  };
}

/** A usage report from the sticker's page (anyone): what was used; raises a refill task and texts the holder. */
export async function reportUsage(db: Db, ctx: Ctx, code: string, input: ReportKitUsage) {
  const kit = await getByCode(db, code);
  return db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const now = new Date();
    await repo.insertUsage(tx, {
      regionId: kit.regionId,
      id,
      kitId: kit.id,
      usedAt: now,
      itemsUsed: input.itemsUsed,
      reporter: input.reporter || (ctx.actor.kind === 'anonymous' ? '扫码用户' : actorLabel(ctx.actor)),
      note: input.note ?? '',
    });
    const task = await raiseTask(tx, ctx, kit, {
      kind: 'refill',
      sourceId: id,
      dueOn: addDays(toChinaDate(now), 3),
      detail: `已使用:${input.itemsUsed},请补充`,
    });
    await audit(tx, ctx, kit, 'used', { usageId: id, itemsUsed: input.itemsUsed, note: input.note ?? '' });
    return { received: true as const, refillTaskId: task?.id ?? null };
  });
}

/** Raises a task unless one of the same cause is open; texts the holder once per task. */
async function raiseTask(
  tx: Db,
  ctx: Ctx,
  kit: repo.KitRow,
  t: { kind: 'expiring' | 'refill'; sourceId: string; dueOn: string; detail: string },
): Promise<repo.TaskRow | undefined> {
  const task = await repo.insertTaskIfNone(tx, {
    regionId: kit.regionId,
    id: crypto.randomUUID(),
    kitId: kit.id,
    orgId: kit.orgId,
    kind: t.kind,
    sourceId: t.sourceId,
    status: 'open',
    dueOn: t.dueOn,
    detail: t.detail,
  });
  if (!task) {
    return undefined;
  }
  if (kit.holderMemberId && kit.holderRegionId !== null) {
    const m = await pointsRepo.findMember(tx, kit.holderMemberId, kit.holderRegionId);
    const to = m ? await memberPhone(tx, m) : null;
    if (to) {
      await queueMessage(tx, {
        channel: 'sms',
        to,
        template: `member_kit_${t.kind}`,
        body: `【红十字会】您认领的急救包 ${kit.code}${kit.placeName ? `(${kit.placeName})` : ''}:${t.detail}。请于 ${t.dueOn} 前处理。`,
        dedupeKey: `member-kit-task:${task.id}`,
      });
    }
  }
  await audit(tx, ctx, kit, 'task_raised', {
    taskId: task.id,
    kind: task.kind,
    dueOn: task.dueOn,
    detail: task.detail,
  });
  return task;
}

/**
 * The daily sweep: every item of a kit in service expiring within 30 days (or already expired) gets an `expiring`
 * task (once while open) and its holder an SMS. Returns how many tasks it raised.
 */
export async function raiseExpiryTasks(db: Db, ctx: Ctx, now = new Date()): Promise<number> {
  const until = addDays(toChinaDate(now), expiryNoticeDays);
  const due = await repo.listExpiringItems(db, until);
  let raised = 0;
  for (const { item, kit } of due) {
    await db.transaction(async (tx) => {
      const task = await raiseTask(tx, ctx, kit, {
        kind: 'expiring',
        sourceId: item.id,
        dueOn: item.expiresOn!,
        detail: `${item.name} 将于 ${item.expiresOn} 到期,请更换`,
      });
      if (task) {
        raised++;
      }
    });
  }
  return raised;
}
