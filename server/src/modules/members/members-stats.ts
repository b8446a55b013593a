// Member statistics per unit and period, rolled up the tree: for a chosen unit, one row per child unit (its whole
// subtree) plus the unit's own members, with current counts by kind, tier and status, and for the period the members
// admitted, lapsed and transferred, the dues collected (where the member was when paying) and the shares kept.
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt, scopePaths } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './members.repo';
import type { MemberCountsView, MemberStats } from './members.schemas';

const empty = (): MemberCountsView => ({
  active: 0,
  applied: 0,
  lapsed: 0,
  ordinary: 0,
  youth: 0,
  group: 0,
  groupHeadcount: 0,
  tierSpecial: 0,
  tierLife: 0,
  admitted: 0,
  lapsedInPeriod: 0,
  transferredIn: 0,
  transferredOut: 0,
  duesCollectedFen: 0,
  duesSharesFen: 0,
});

function add(into: MemberCountsView, from: MemberCountsView): void {
  for (const k of Object.keys(into) as (keyof MemberCountsView)[]) {
    into[k] += from[k];
  }
}

/** China day bounds of [from, to] as instants. */
function dayRange(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(`${to}T00:00:00+08:00`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { start, end };
}

/**
 * Statistics of the unit `orgId` (default: the caller's top unit) for [from, to], members:view there: a row per
 * child unit with its subtree rolled up, and a row for members of the unit itself.
 */
export async function memberStats(
  db: Db,
  ctx: Ctx,
  q: { orgId?: number; from: string; to: string },
): Promise<MemberStats> {
  if (q.from > q.to) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.from', message: 'from is after to' }] });
  }
  let orgId = q.orgId;
  if (!orgId) {
    const paths = scopePaths(ctx.actor, 'members:view') ?? [];
    const top = paths[0]?.split('.').filter(Boolean).at(-1);
    if (!top) {
      throw new AppError('FORBIDDEN');
    }
    orgId = Number(top);
  }
  const unit = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'members:view', unit.path);
  const subtree = await orgs.orgsRepo.listAllForExport(db, [unit.path], true);
  const ids: repo.Under = (col) => orgs.orgUnderCondition(col, unit.path);
  // Each unit of the subtree counts towards the child of `unit` on its path (or `unit` itself).
  const bucketOf = new Map<number, number>();
  for (const o of subtree) {
    const chain = o.path.split('.').filter(Boolean).map(Number);
    const at = chain.indexOf(unit.id);
    bucketOf.set(o.id, chain[at + 1] ?? unit.id);
  }
  const buckets = new Map<number, MemberCountsView>();
  const bucket = (orgIdOf: number) => {
    const b = bucketOf.get(orgIdOf) ?? unit.id;
    if (!buckets.has(b)) {
      buckets.set(b, empty());
    }
    return buckets.get(b)!;
  };
  for (const c of await repo.countMembersByUnit(db, ids)) {
    const b = bucket(c.orgId);
    if (c.status === 'active' || c.status === 'applied' || c.status === 'lapsed') {
      b[c.status] += c.n;
    }
    if (c.status === 'active') {
      b[c.category as 'ordinary' | 'youth' | 'group'] += c.n;
      if (c.tier === 'special') {
        b.tierSpecial += c.n;
      } else if (c.tier === 'life') {
        b.tierLife += c.n;
      }
    }
  }
  for (const h of await repo.sumGroupHeadcount(db, ids)) {
    bucket(h.orgId).groupHeadcount += h.n;
  }
  const { start, end } = dayRange(q.from, q.to);
  for (const e of await repo.countEventsByUnit(db, ids, start, end)) {
    const b = bucket(e.orgId);
    if (e.kind === 'admitted') {
      b.admitted += e.n;
    } else if (e.kind === 'lapsed') {
      b.lapsedInPeriod += e.n;
    } else if (e.kind === 'transferred') {
      b.transferredOut += e.n;
    }
  }
  for (const e of await repo.countTransfersInByUnit(db, ids, start, end)) {
    bucket(e.orgId).transferredIn += e.n;
  }
  for (const d of await repo.sumDuesByUnit(db, ids, q.from, q.to)) {
    bucket(d.orgId).duesCollectedFen += d.fen;
  }
  for (const d of await repo.sumSharesByUnit(db, ids, q.from, q.to)) {
    bucket(d.orgId).duesSharesFen += d.fen;
  }
  const names = new Map(subtree.map((o) => [o.id, o.name]));
  const children = subtree.filter((o) => o.parentId === unit.id).map((o) => o.id);
  const total = empty();
  const rows = [unit.id, ...children].map((id) => {
    const counts = buckets.get(id) ?? empty();
    add(total, counts);
    return { orgId: id, orgName: id === unit.id ? `${unit.name}(本级)` : (names.get(id) ?? ''), ...counts };
  });
  return { org: { id: unit.id, name: unit.name }, from: q.from, to: q.to, total, rows };
}
