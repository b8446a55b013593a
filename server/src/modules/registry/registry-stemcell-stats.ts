// Statistics of the blood and stem-cell registers for a unit and a period: registrations, samples, preliminary
// matches, collections and withdrawals (from the dated workflow steps), drives, donors and millilitres, rolled up to
// each child unit's subtree and per month; and their Excel export.
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import { writeSheet } from '../../platform/excel';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as bloodRepo from './registry-blood.repo';
import * as repo from './registry-stemcell.repo';
import type { StatsQuery, StatsView } from './registry-stemcell.schemas';

type Counts = StatsView['totals'];
const zero = (): Counts => ({
  registrations: 0,
  samples: 0,
  matches: 0,
  collections: 0,
  withdrawals: 0,
  drives: 0,
  bloodDonors: 0,
  bloodVolumeMl: 0,
});

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const stepCounter: Record<string, keyof Counts> = {
  signed_up: 'registrations',
  sampled: 'samples',
  preliminary_match: 'matches',
  collected: 'collections',
  withdrawn: 'withdrawals',
};

/** Counts under a unit (registry:view there) for a period of at most 5 years, by child unit and by month. */
export async function getStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<StatsView> {
  if (q.from > q.to) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.from', message: 'from is after to' }] });
  }
  if (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4)) > 5) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.from', message: 'at most 5 years' }] });
  }
  const unit = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'registry:view', unit.path);
  const steps = await repo.countStepsByOrgMonth(
    db,
    orgs.orgUnderCondition(repo.columns.step.orgId, unit.path),
    q.from,
    q.to,
  );
  const blood = await bloodRepo.countByOrgMonth(
    db,
    orgs.orgUnderCondition(bloodRepo.columns.drive.orgId, unit.path),
    q.from,
    q.to,
  );

  // Each unit with rows, mapped to the child of `unit` whose subtree holds it (or to the unit itself).
  const ids = [...new Set([...steps.map((s) => s.orgId), ...blood.map((b) => b.orgId)])];
  const rows = await orgs.findOrgsByIds(db, ids);
  const depth = unit.path.split('.').filter(Boolean).length;
  const childOf = new Map<number, number>();
  for (const r of rows) {
    const chain = r.path.split('.').filter(Boolean).map(Number);
    childOf.set(r.id, chain[depth] ?? unit.id);
  }
  const children = await orgs.findOrgsByIds(db, [...new Set(childOf.values())]);
  const byUnit = new Map<number, Counts>();
  const byMonth = new Map<string, Counts>();
  const totals = zero();
  const bump = (orgId: number, month: string, key: keyof Counts, n: number) => {
    const u = childOf.get(orgId) ?? unit.id;
    if (!byUnit.has(u)) {
      byUnit.set(u, zero());
    }
    if (!byMonth.has(month)) {
      byMonth.set(month, zero());
    }
    byUnit.get(u)![key] += n;
    byMonth.get(month)![key] += n;
    totals[key] += n;
  };
  // Every month of the period appears, empty ones too, so a chart's axis is time.
  for (let m = q.from.slice(0, 7); m <= q.to.slice(0, 7); m = nextMonth(m)) {
    byMonth.set(m, zero());
  }
  for (const s of steps) {
    const key = stepCounter[s.step];
    if (key) {
      bump(s.orgId, s.month, key, s.n);
    }
  }
  for (const b of blood) {
    bump(b.orgId, b.month, 'drives', b.drives);
    bump(b.orgId, b.month, 'bloodDonors', b.donors);
    bump(b.orgId, b.month, 'bloodVolumeMl', b.volumeMl);
  }
  return {
    orgId: unit.id,
    orgName: unit.name,
    from: q.from,
    to: q.to,
    totals,
    byUnit: [...byUnit.entries()]
      .map(([orgId, c]) => ({
        orgId,
        orgName: orgId === unit.id ? `${unit.name}(本级)` : (children.find((o) => o.id === orgId)?.name ?? ''),
        ...c,
      }))
      .sort((a, b) => b.registrations - a.registrations || a.orgId - b.orgId),
    byMonth: [...byMonth.entries()]
      .map(([month, c]) => ({ month, ...c }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  };
}

const headers: [keyof Counts, string][] = [
  ['registrations', '造血干细胞登记'],
  ['samples', '采集血样'],
  ['matches', '初配成功'],
  ['collections', '完成采集'],
  ['withdrawals', '撤销'],
  ['drives', '献血活动'],
  ['bloodDonors', '献血人次'],
  ['bloodVolumeMl', '献血量(毫升)'],
];

/** The statistics as a workbook: one row per child unit, then the total. */
export async function exportStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<{ buffer: Buffer; name: string }> {
  const stats = await getStats(db, ctx, q);
  const columns = [{ key: 'orgName', header: '单位' }, ...headers.map(([key, header]) => ({ key, header }))];
  const rows: Record<string, unknown>[] = [
    ...stats.byUnit,
    { orgName: `合计 ${stats.from} 至 ${stats.to}`, ...stats.totals },
  ];
  const buffer = await writeSheet('三献统计', columns, rows);
  return { buffer, name: `${stats.orgName}三献统计-${stats.from}-${stats.to}.xlsx` };
}
