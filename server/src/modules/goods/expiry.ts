// Expiry alerts: stock that expires within a window (or has expired), for staff and as a daily digest per unit.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { normalizePhone } from '../../platform/identity/phone';
import { queueMessage } from '../../platform/notify/notify.service';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './goods.repo';
import type { ExpiringRow } from './goods.schemas';
import { daysBetween, defaultGoodsRules, type GoodsRules } from './goods-rules';
import { withOrgNames } from './goods-views';

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const expiringLimit = 2000;

/** Stock that expires within `days` (or has expired) in the actor's units, soonest first. */
export async function listExpiring(
  db: Db,
  ctx: Ctx,
  q: { days: number; orgId?: number },
  now: Date = new Date(),
): Promise<{ before: string; items: ExpiringRow[] }> {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.warehouse.orgId, ctx, 'goods:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.warehouse.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  return expiringWhere(db, where, q.days, now);
}

async function expiringWhere(db: Db, where: SQL[], days: number, now: Date) {
  const today = toChinaDate(now);
  const before = addDays(today, days);
  const rows = await withOrgNames(db, await repo.listExpiringStock(db, where, before, expiringLimit));
  return {
    before,
    items: rows.map((r) => ({ ...r, expiresOn: r.expiresOn!, daysLeft: daysBetween(today, r.expiresOn!) })),
  };
}
// ------------------------------------------------------------------------------------------------ expiry digest

export type ExpiryDigestResult = {
  /** Units a digest was queued for. */
  queued: number[];
  /** Units whose digest for today was already queued (the job ran twice). */
  alreadyQueued: number[];
  /** Units with expiring stock but no mobile contact on record: nobody was told. */
  skipped: { orgId: number; orgName: string; reason: 'no-contact' }[];
};

const digestLines = 5;

/**
 * Queues one SMS digest per unit holding stock that expires within the alert window (or has expired), to the unit's
 * contact mobile, once per unit and day. Units without a mobile contact are skipped and listed in the result (and in
 * the audit row the daily job writes).
 */
export async function queueExpiryDigests(
  db: Db,
  rules: GoodsRules = defaultGoodsRules,
  now: Date = new Date(),
): Promise<ExpiryDigestResult> {
  const today = toChinaDate(now);
  const { items } = await expiringWhere(db, [sql`true`], rules.expiryAlertDays, now);
  const byOrg = new Map<number, ExpiringRow[]>();
  for (const item of items) {
    byOrg.set(item.orgId, [...(byOrg.get(item.orgId) ?? []), item]);
  }
  const result: ExpiryDigestResult = { queued: [], alreadyQueued: [], skipped: [] };
  const units = await orgs.findOrgsByIds(db, [...byOrg.keys()]);
  for (const org of units.sort((a, b) => a.id - b.id)) {
    const lines = byOrg.get(org.id)!;
    const phone = org.contactPhone ? normalizePhone(org.contactPhone) : null;
    if (!phone?.ok || !phone.isMainlandMobile) {
      result.skipped.push({ orgId: org.id, orgName: org.name, reason: 'no-contact' });
      continue;
    }
    const expired = lines.filter((l) => l.daysLeft < 0).length;
    const shown = lines
      .slice(0, digestLines)
      .map(
        (l) =>
          `${l.itemName}(${l.productCode})${l.quantity}${l.unit},${l.daysLeft < 0 ? '已过期' : '到期'} ${l.expiresOn},${l.warehouseName},批次 ${l.lotNo}`,
      );
    const more = lines.length > digestLines ? `;另有 ${lines.length - digestLines} 项` : '';
    const id = await queueMessage(db, {
      channel: 'sms',
      to: phone.value,
      template: 'goods.expiring',
      body: `【博爱】${org.name}物资效期提醒(${today}):${lines.length} 项库存将在 ${rules.expiryAlertDays} 天内到期${expired ? `(其中 ${expired} 项已过期)` : ''}:${shown.join(';')}${more}。请尽快安排发放或报损。`,
      dedupeKey: `goods.expiring:${org.id}:${today}`,
    });
    (id ? result.queued : result.alreadyQueued).push(org.id);
  }
  if (items.length > 0) {
    await recordAudit(
      db,
      { actor: systemActor('goods.expiry-digest'), requestId: null, ip: null, locale: 'zh' },
      {
        action: 'goods.expiry-digest',
        entityType: 'system',
        after: { date: today, withinDays: rules.expiryAlertDays, lines: items.length, ...result },
      },
    );
  }
  return result;
}
