// The staff side of the hall: the work queue (open requests of the caller's units, overdue first, then by deadline,
// keyset-paged), its counts, and search by number, phone, item, status, dates and unit.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { normalizePhone } from '../../platform/identity/phone';
import { pii } from '../../platform/pii';
import { assertCanAt, hasPermission } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { loadCalendar } from './catalogue';
import * as repo from './services.repo';
import type { QueueCounts, QueuePage, QueueQuery, RequestPage, SearchQuery } from './services.schemas';
import { toRequestSummary, viewContext } from './services.service';
import { addCalendarDays, addWorkingDays } from './working-days';

async function itemIdOf(db: Db, code: string | undefined): Promise<number | undefined> {
  if (!code) {
    return undefined;
  }
  const item = await repo.findItemByCode(db, code);
  if (!item) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.itemCode', message: 'no such item' }] });
  }
  return item.id;
}

/** A unit filter inside the caller's scope (OUT_OF_SCOPE otherwise). */
async function underUnit(db: Db, ctx: Ctx, orgId: number | undefined) {
  if (orgId === undefined) {
    return undefined;
  }
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'services:handle', org.path);
  return orgs.orgUnderCondition(repo.columns.orgId, org.path);
}

function parseCursor(cursor: string | undefined): { deadlineOn: string; id: string } | undefined {
  if (!cursor) {
    return undefined;
  }
  const m = /^(\d{4}-\d{2}-\d{2})_([0-9a-f-]{36})$/.exec(cursor);
  if (!m) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.cursor', message: 'not a cursor' }] });
  }
  return { deadlineOn: m[1], id: m[2] };
}

/**
 * The caller's work queue: open requests (submitted, accepted, in progress) handled by units in their services:handle
 * scope, by deadline (so overdue ones come first), then id. `urgency`: only overdue, or due within a working day.
 */
export async function listQueue(db: Db, ctx: Ctx, q: QueueQuery): Promise<QueuePage> {
  const today = toChinaDate();
  let deadlineBy: string | undefined;
  if (q.urgency === 'overdue') {
    deadlineBy = addCalendarDays(today, -1);
  } else if (q.urgency === 'due') {
    deadlineBy = addWorkingDays(today, 1, await loadCalendar(db));
  }
  const rows = await repo.listQueue(db, {
    scope: orgs.orgScopeCondition(repo.columns.orgId, ctx, 'services:handle'),
    under: await underUnit(db, ctx, q.orgId),
    itemId: await itemIdOf(db, q.itemCode),
    status: q.status,
    deadlineBy,
    after: parseCursor(q.cursor),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const v = await viewContext(db, page);
  return {
    items: page.map((r) => toRequestSummary(r, v)),
    nextCursor: rows.length > q.limit && last ? `${last.deadlineOn}_${last.id}` : null,
  };
}

export async function countQueue(db: Db, ctx: Ctx, orgId: number | undefined): Promise<QueueCounts> {
  const today = toChinaDate();
  const soon = addWorkingDays(today, 1, await loadCalendar(db));
  const c = await repo.countQueue(db, {
    scope: orgs.orgScopeCondition(repo.columns.orgId, ctx, 'services:handle'),
    under: await underUnit(db, ctx, orgId),
    today,
    soon,
  });
  return { open: c.open, submitted: c.submitted, inHand: c.open - c.submitted, overdue: c.overdue, dueSoon: c.dueSoon };
}

/** Open requests of a unit's subtree past their deadline: a count for dashboards (callers check their own access). */
export async function countOverdueUnder(db: Db, orgPath: string): Promise<number> {
  const today = toChinaDate();
  const c = await repo.countQueue(db, {
    scope: orgs.orgUnderCondition(repo.columns.orgId, orgPath),
    today,
    soon: today,
  });
  return c.overdue;
}

/**
 * Search over requests handled by or filed at units in the caller's scope. The phone is matched exactly through its
 * blind index (never stored in clear).
 */
export async function searchRequests(db: Db, ctx: Ctx, q: SearchQuery): Promise<RequestPage> {
  if (!hasPermission(ctx.actor, 'services:handle')) {
    throw new AppError('FORBIDDEN', { permission: 'services:handle' });
  }
  let phoneHash: string | undefined;
  if (q.phone) {
    const phone = normalizePhone(q.phone);
    if (!phone.ok) {
      throw new AppError('INVALID_PHONE', { field: 'querystring.phone' });
    }
    phoneHash = pii().blindIndex('phone', phone.value);
  }
  const handled = orgs.orgScopeCondition(repo.columns.orgId, ctx, 'services:handle');
  const filed = orgs.orgScopeCondition(repo.columns.filedAtOrgId, ctx, 'services:handle');
  const { rows, total } = await repo.searchRequests(db, {
    scope: sql`(${handled} OR ${filed})`,
    under: await underUnit(db, ctx, q.orgId),
    requestNo: q.requestNo,
    phoneHash,
    itemId: await itemIdOf(db, q.itemCode),
    status: q.status,
    from: q.from,
    to: q.to,
    limit: q.limit,
    offset: q.offset,
  });
  const v = await viewContext(db, rows);
  return { items: rows.map((r) => toRequestSummary(r, v)), total };
}
