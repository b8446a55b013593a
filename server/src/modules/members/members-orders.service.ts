// Service orders (点餐制): each unit publishes a menu of services; a member orders one (preferred dates, place,
// audience); the unit accepts or declines, schedules, records delivery; the member rates it once. Each step is one
// transaction with its audit row and an SMS to the member through the outbox.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as repo from './members-orders.repo';
import type {
  AcceptOrder,
  CreateMenuItem,
  DeliverOrder,
  MenuItemView,
  OrderStats,
  OrderStatus,
  OrdersQuery,
  OrderView,
  PlaceOrder,
  RateOrder,
  ScheduleOrder,
  UpdateMenuItem,
} from './members-orders.schemas';
import * as pointsRepo from './members-points.repo';
import { memberOfCaller, pathIds } from './members-points.service';

type MemberRow = pointsRepo.MemberLite;

/** A calendar date `days` after `date` (YYYY-MM-DD). */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const chinaTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

// ------------------------------------------------------------------------------------------------ menu

async function toMenuViews(db: Db, rows: repo.MenuRow[]): Promise<MenuItemView[]> {
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    orgName: names.get(r.orgId) ?? '',
    name: r.name,
    description: r.description,
    audienceMin: r.audienceMin,
    audienceMax: r.audienceMax,
    leadDays: r.leadDays,
    isActive: r.isActive,
  }));
}

/** A unit's menu with what units above it offer (members:view there). */
export async function listMenu(db: Db, ctx: Ctx, orgId: number): Promise<MenuItemView[]> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  return toMenuViews(db, await repo.listMenuAt(db, pathIds(org.path), false));
}

export async function createMenuItem(db: Db, ctx: Ctx, input: CreateMenuItem): Promise<MenuItemView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  return db.transaction(async (tx) => {
    const row = await repo.insertMenuItem(tx, {
      id: crypto.randomUUID(),
      orgId: org.id,
      name: input.name,
      description: input.description ?? '',
      audienceMin: input.audienceMin ?? 1,
      audienceMax: input.audienceMax,
      leadDays: input.leadDays ?? 7,
    });
    await recordAudit(tx, ctx, {
      action: 'member_service.menu_created',
      entityType: 'member_service_menu',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: row,
    });
    return (await toMenuViews(tx, [row]))[0];
  });
}

export async function updateMenuItem(db: Db, ctx: Ctx, id: string, patch: UpdateMenuItem): Promise<MenuItemView> {
  const item = await repo.findMenuItem(db, id);
  if (!item) {
    throw new AppError('NOT_FOUND', { entity: 'member_service_menu', id });
  }
  const org = await orgs.getOrg(db, item.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  const next = {
    name: patch.name ?? item.name,
    description: patch.description ?? item.description,
    audienceMin: patch.audienceMin ?? item.audienceMin,
    audienceMax: patch.audienceMax ?? item.audienceMax,
    leadDays: patch.leadDays ?? item.leadDays,
    isActive: patch.isActive ?? item.isActive,
  };
  if (next.audienceMin > next.audienceMax) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.audienceMax', message: 'at least the minimum audience' }],
    });
  }
  return db.transaction(async (tx) => {
    const row = await repo.updateMenuItem(tx, id, next);
    await recordAudit(tx, ctx, {
      action: 'member_service.menu_updated',
      entityType: 'member_service_menu',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: item,
      after: row,
    });
    return (await toMenuViews(tx, [row]))[0];
  });
}

/** The menu a signed-in member may order from: active services of their unit and the units above it. */
export async function myMenu(db: Db, ctx: Ctx): Promise<MenuItemView[]> {
  const m = await memberOfCaller(db, ctx);
  const org = await orgs.getOrg(db, m.orgId);
  return toMenuViews(db, await repo.listMenuAt(db, pathIds(org.path), true));
}

// ------------------------------------------------------------------------------------------------ orders

async function toOrderViews(db: Db, rows: repo.OrderRow[]): Promise<OrderView[]> {
  const units = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  const ms = new Map(
    (
      await pointsRepo.findMembersByIds(
        db,
        rows.map((r) => ({ regionId: r.regionId, id: r.memberId })),
      )
    ).map((m) => [m.id, m]),
  );
  return rows.map((r) => {
    const m = ms.get(r.memberId);
    return {
      id: r.id,
      orderNo: r.orderNo,
      orgId: r.orgId,
      orgName: units.get(r.orgId) ?? '',
      memberId: r.memberId,
      memberName: m ? m.name || m.groupName || '' : '',
      memberNo: m?.memberNo ?? null,
      menuItemId: r.menuItemId,
      serviceName: r.serviceName,
      preferredDates: r.preferredDates,
      place: r.place,
      expectedAudience: r.expectedAudience,
      note: r.note,
      status: r.status as OrderStatus,
      declineReason: r.declineReason,
      scheduledAt: r.scheduledAt?.toISOString() ?? null,
      staffNames: r.staffNames,
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
      attendance: r.attendance,
      deliveryNotes: r.deliveryNotes,
      photoFileIds: r.photoFileIds,
      rating: r.rating,
      ratingComment: r.ratingComment,
      ratedAt: r.ratedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

/** The member's mobile (the person's, or a group's contact): where the order's messages go. */
export async function memberPhone(db: Db, m: MemberRow): Promise<string | null> {
  if (m.contactPhoneEnc) {
    return pii().decrypt(m.contactPhoneEnc);
  }
  const person = m.personId ? await people.findPersonRow(db, m.personId) : undefined;
  return person?.phoneEnc ? pii().decrypt(person.phoneEnc) : null;
}

async function notify(tx: Db, m: MemberRow, order: repo.OrderRow, step: string, text: string): Promise<void> {
  const to = await memberPhone(tx, m);
  if (!to) {
    return;
  }
  await queueMessage(tx, {
    channel: 'sms',
    to,
    template: `member_order_${step}`,
    body: `【红十字会】您点单的“${order.serviceName}”(${order.orderNo})${text}`,
    dedupeKey: `member-order:${order.id}:${step}`,
  });
}

/**
 * A member orders a service from their menu: each preferred date at least the service's lead time away
 * (SERVICE_ORDER_TOO_SOON), the audience within its limits (SERVICE_ORDER_AUDIENCE), the service still offered.
 */
export async function placeOrder(db: Db, ctx: Ctx, input: PlaceOrder): Promise<OrderView> {
  const m = await memberOfCaller(db, ctx);
  const org = await orgs.getOrg(db, m.orgId);
  const item = await repo.findMenuItem(db, input.menuItemId);
  if (!item || !pathIds(org.path).includes(item.orgId)) {
    throw new AppError('NOT_FOUND', { entity: 'member_service_menu', id: input.menuItemId });
  }
  if (!item.isActive) {
    throw new AppError('SERVICE_MENU_ITEM_INACTIVE', { id: item.id });
  }
  const earliest = addDays(toChinaDate(), item.leadDays);
  const tooSoon = input.preferredDates.filter((d) => d < earliest);
  if (tooSoon.length > 0) {
    throw new AppError('SERVICE_ORDER_TOO_SOON', { earliest, dates: tooSoon });
  }
  if (input.expectedAudience < item.audienceMin || input.expectedAudience > item.audienceMax) {
    throw new AppError('SERVICE_ORDER_AUDIENCE', { min: item.audienceMin, max: item.audienceMax });
  }
  return db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const row = await repo.insertOrder(tx, {
      regionId: m.regionId,
      id,
      orderNo: `DC${toChinaDate().replaceAll('-', '')}${crypto.randomInt(0, 1e6).toString().padStart(6, '0')}`,
      orgId: item.orgId,
      memberId: m.id,
      menuItemId: item.id,
      serviceName: item.name,
      preferredDates: [...new Set(input.preferredDates)].sort(),
      place: input.place,
      expectedAudience: input.expectedAudience,
      note: input.note ?? '',
      status: 'requested',
    });
    await recordAudit(tx, ctx, {
      action: 'member_order.placed',
      entityType: 'member_service_order',
      entityId: id,
      orgId: item.orgId,
      regionId: m.regionId,
      after: row,
    });
    await notify(tx, m, row, 'placed', '已提交,我们会尽快与您联系。');
    return (await toOrderViews(tx, [row]))[0];
  });
}

async function loadForStaff(db: Db, ctx: Ctx, id: string, permission: 'members:view' | 'members:manage') {
  const row = await repo.findOrder(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'member_service_order', id });
  }
  assertCanAt(ctx.actor, permission, (await orgs.getOrg(db, row.orgId)).path);
  return row;
}

export async function viewOrder(db: Db, ctx: Ctx, id: string): Promise<OrderView> {
  return (await toOrderViews(db, [await loadForStaff(db, ctx, id, 'members:view')]))[0];
}

export async function listOrders(db: Db, ctx: Ctx, q: OrdersQuery) {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  const where = [orgs.orgUnderCondition(repo.orderColumns.orgId, org.path)];
  if (q.status) {
    where.push(eq(repo.orderColumns.status, q.status));
  }
  const { rows, total } = await repo.listOrders(db, where, q);
  return { items: await toOrderViews(db, rows), total };
}

/** Moves an order one step (members:manage at the providing unit), refused with SERVICE_ORDER_STEP from a wrong state. */
async function step(
  db: Db,
  ctx: Ctx,
  id: string,
  from: OrderStatus[],
  action: string,
  build: (row: repo.OrderRow) => Partial<repo.OrderRow>,
  message: (row: repo.OrderRow) => string,
  evidence?: string[],
): Promise<OrderView> {
  const found = await loadForStaff(db, ctx, id, 'members:manage');
  return db.transaction(async (tx) => {
    const row = (await repo.findOrder(tx, found.id, true))!;
    if (!from.includes(row.status as OrderStatus)) {
      throw new AppError('SERVICE_ORDER_STEP', { status: row.status, action });
    }
    if (evidence && evidence.length > 0) {
      await claimEvidence(
        tx,
        ctx,
        evidence.map((fid, i) => ({ field: `photoFileIds.${i}`, id: fid })),
        { orgId: row.orgId, readPermission: 'members:view', purpose: 'member_order_photo' },
      );
    }
    const updated = await repo.updateOrder(tx, row, build(row));
    await recordAudit(tx, ctx, {
      action: `member_order.${action}`,
      entityType: 'member_service_order',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      before: { status: row.status },
      after: updated,
    });
    const m = await pointsRepo.findMember(tx, row.memberId, row.regionId);
    if (m) {
      await notify(tx, m, updated, action, message(updated));
    }
    return (await toOrderViews(tx, [updated]))[0];
  });
}

const when = (d: Date | null) => (d ? chinaTime.format(d) : '');

export function acceptOrder(db: Db, ctx: Ctx, id: string, input: AcceptOrder): Promise<OrderView> {
  const scheduled = input.scheduledAt ? new Date(input.scheduledAt) : null;
  return step(
    db,
    ctx,
    id,
    ['requested'],
    'accepted',
    () => ({
      status: scheduled ? 'scheduled' : 'accepted',
      scheduledAt: scheduled,
      staffNames: input.staffNames ?? null,
    }),
    (r) => (r.scheduledAt ? `已受理,安排在 ${when(r.scheduledAt)},${r.place}。` : '已受理,具体时间将另行通知。'),
  );
}

export function declineOrder(db: Db, ctx: Ctx, id: string, reason: string): Promise<OrderView> {
  return step(
    db,
    ctx,
    id,
    ['requested', 'accepted'],
    'declined',
    () => ({ status: 'declined', declineReason: reason }),
    () => `未能受理:${reason}。`,
  );
}

export function scheduleOrder(db: Db, ctx: Ctx, id: string, input: ScheduleOrder): Promise<OrderView> {
  return step(
    db,
    ctx,
    id,
    ['accepted', 'scheduled'],
    'scheduled',
    () => ({ status: 'scheduled', scheduledAt: new Date(input.scheduledAt), staffNames: input.staffNames }),
    (r) => `已安排在 ${when(r.scheduledAt)},${r.place},服务人员:${r.staffNames}。`,
  );
}

export function deliverOrder(db: Db, ctx: Ctx, id: string, input: DeliverOrder): Promise<OrderView> {
  return step(
    db,
    ctx,
    id,
    ['scheduled'],
    'delivered',
    () => ({
      status: 'delivered',
      deliveredAt: new Date(),
      attendance: input.attendance,
      deliveryNotes: input.notes ?? '',
      photoFileIds: input.photoFileIds ?? [],
    }),
    () => '已完成,欢迎在“我的点单”中为本次服务评分。',
    input.photoFileIds,
  );
}

async function loadMine(db: Db, ctx: Ctx, id: string) {
  const m = await memberOfCaller(db, ctx);
  const row = await repo.findOrder(db, id);
  if (!row || row.memberId !== m.id) {
    throw new AppError('NOT_FOUND', { entity: 'member_service_order', id });
  }
  return { m, row };
}

/** The member rates a delivered order once (1–5 stars and a comment). */
export async function rateOrder(db: Db, ctx: Ctx, id: string, input: RateOrder): Promise<OrderView> {
  const { row: found } = await loadMine(db, ctx, id);
  return db.transaction(async (tx) => {
    const row = (await repo.findOrder(tx, found.id, true))!;
    if (row.status !== 'delivered') {
      throw new AppError('SERVICE_ORDER_STEP', { status: row.status, action: 'rate' });
    }
    if (row.rating !== null) {
      throw new AppError('SERVICE_ORDER_ALREADY_RATED');
    }
    const updated = await repo.updateOrder(tx, row, {
      rating: input.rating,
      ratingComment: input.comment ?? '',
      ratedAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: 'member_order.rated',
      entityType: 'member_service_order',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      after: { rating: input.rating, comment: input.comment ?? '' },
    });
    return (await toOrderViews(tx, [updated]))[0];
  });
}

/** The member withdraws an order the unit has not scheduled yet. */
export async function cancelMyOrder(db: Db, ctx: Ctx, id: string): Promise<OrderView> {
  const { row: found } = await loadMine(db, ctx, id);
  return db.transaction(async (tx) => {
    const row = (await repo.findOrder(tx, found.id, true))!;
    if (!['requested', 'accepted'].includes(row.status)) {
      throw new AppError('SERVICE_ORDER_STEP', { status: row.status, action: 'cancel' });
    }
    const updated = await repo.updateOrder(tx, row, { status: 'cancelled' });
    await recordAudit(tx, ctx, {
      action: 'member_order.cancelled',
      entityType: 'member_service_order',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      before: { status: row.status },
      after: { status: 'cancelled', by: actorLabel(ctx.actor) },
    });
    return (await toOrderViews(tx, [updated]))[0];
  });
}

export async function myOrders(db: Db, ctx: Ctx): Promise<OrderView[]> {
  const m = await memberOfCaller(db, ctx);
  return toOrderViews(db, await repo.listOrdersOfMember(db, m.regionId, m.id));
}

/** Orders, deliveries, audience and average rating per providing unit in the subtree, and per service. */
export async function orderStats(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; from?: string; to?: string },
): Promise<OrderStats> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  const from = q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined;
  const to = q.to ? new Date(`${addDays(q.to, 1)}T00:00:00+08:00`) : undefined;
  const { units, byService } = await repo.orderStats(
    db,
    orgs.orgUnderCondition(repo.orderColumns.orgId, org.path),
    from,
    to,
  );
  const names = new Map(
    (
      await orgs.findOrgsByIds(
        db,
        units.map((u) => u.orgId),
      )
    ).map((o) => [o.id, o.name]),
  );
  return {
    units: units
      .map((u) => ({
        ...u,
        orgName: names.get(u.orgId) ?? '',
        averageRating: u.averageRating === null ? null : Number(u.averageRating),
      }))
      .sort((a, b) => b.orders - a.orders),
    byService,
  };
}
