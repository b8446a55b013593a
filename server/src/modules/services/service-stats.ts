// Statistics of the hall for a unit and a date range: received, 办结率, 按时办结率, average handling working days and
// satisfaction, per item, per child unit and per month, read from the rollup (never by scanning requests), and the
// same figures as an Excel workbook.

import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt, scopePaths, systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { listAllItems } from './catalogue';
import * as repo from './services.repo';
import type { StatFigures, StatsQuery, StatsView } from './services.schemas';
import { addCalendarDays } from './working-days';

type Sums = Omit<repo.StatsCell, 'itemId' | 'unitId' | 'month'>;

const zero = (): Sums => ({
  received: 0,
  accepted: 0,
  returned: 0,
  refused: 0,
  withdrawn: 0,
  done: 0,
  rejected: 0,
  concludedOnTime: 0,
  handlingDaysSum: 0,
  ratings: 0,
  starsSum: 0,
  goodRatings: 0,
});

function add(into: Sums, c: Sums): void {
  for (const k of Object.keys(into) as (keyof Sums)[]) {
    into[k] += c[k];
  }
}

const ratio = (n: number, d: number, digits = 4) => (d > 0 ? Math.round((n / d) * 10 ** digits) / 10 ** digits : null);

/** The published figures from the sums (rates as 0..1 with four decimals, averages with two). */
export function toFigures(s: Sums): StatFigures {
  const concluded = s.done + s.rejected;
  return {
    received: s.received,
    accepted: s.accepted,
    returned: s.returned,
    refused: s.refused,
    withdrawn: s.withdrawn,
    done: s.done,
    rejected: s.rejected,
    concluded,
    concludedOnTime: s.concludedOnTime,
    completionRate: ratio(concluded, s.accepted),
    onTimeRate: ratio(s.concludedOnTime, concluded),
    avgHandlingDays: ratio(s.handlingDaysSum, concluded, 2),
    ratings: s.ratings,
    avgStars: ratio(s.starsSum, s.ratings, 2),
    goodRate: ratio(s.goodRatings, s.ratings),
  };
}

/**
 * Splits [from, to] into the whole months inside it (read from month rows) and the days of the partial months at
 * either end (read from day rows).
 */
export function splitRange(
  from: string,
  to: string,
): { months: [string, string] | null; dayRanges: [string, string][] } {
  const firstOfMonth = (d: string) => `${d.slice(0, 7)}-01`;
  const nextMonth = (d: string) => {
    const y = Number(d.slice(0, 4));
    const m = Number(d.slice(5, 7));
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  };
  // The first whole month starts on `from` if it is a 1st, else the next month; the last whole month ends on `to`
  // if `to` is a month's last day.
  const firstWhole = from.endsWith('-01') ? from : nextMonth(from);
  const afterLastWhole = addCalendarDays(to, 1).endsWith('-01') ? addCalendarDays(to, 1) : firstOfMonth(to);
  if (firstWhole >= afterLastWhole) {
    return { months: null, dayRanges: [[from, to]] };
  }
  const dayRanges: [string, string][] = [];
  if (from < firstWhole) {
    dayRanges.push([from, addCalendarDays(firstWhole, -1)]);
  }
  if (afterLastWhole <= to) {
    dayRanges.push([afterLastWhole, to]);
  }
  const lastWholeStart = firstOfMonth(addCalendarDays(afterLastWhole, -1));
  return { months: [firstWhole, lastWholeStart], dayRanges };
}

/**
 * Which rollup rows lie under the unit, and which child each belongs to. For a top-level unit (the province) the
 * cities are read from their region totals (one row per period and item instead of one per unit), and only its own
 * region's rows unit by unit; a unit inside a region reads that region only (the primary key starts with region_id)
 * and matches each child by its subtree.
 */
function bucketsOf(
  unit: orgs.OrgRow,
  children: { id: number; path: string; regionId: number }[],
): { where: SQL; unitOf: SQL }[] {
  const { orgId, regionId } = repo.rollupColumns;
  const regionChildren = children.filter((c) => c.regionId === c.id && c.id !== unit.id);
  const otherChildren = children.filter((c) => !regionChildren.includes(c));
  const subtreeWhens = otherChildren.map((c) => sql`WHEN ${orgs.orgUnderCondition(orgId, c.path)} THEN ${c.id}::int`);
  const ownRegion = {
    where: sql`${regionId} = ${unit.regionId} AND ${orgId} <> ${repo.regionTotal} AND ${orgs.orgUnderCondition(orgId, unit.path)}`,
    unitOf:
      subtreeWhens.length === 0
        ? sql`${unit.id}::int`
        : sql`CASE ${sql.join(subtreeWhens, sql` `)} ELSE ${unit.id}::int END`,
  };
  if (unit.regionId !== unit.id || unit.parentId !== null || regionChildren.length === 0) {
    return [ownRegion];
  }
  const regions = regionChildren.map((c) => sql`${c.id}`);
  return [
    {
      where: sql`${orgId} = ${repo.regionTotal} AND ${regionId} IN (${sql.join(regions, sql`, `)})`,
      unitOf: sql`${regionId}`,
    },
    ownRegion,
  ];
}

const unitsCtx = { actor: systemActor('services.stats'), requestId: null, ip: null, locale: 'zh' as const };

/** The caller's top unit for services:handle (the first of their grants' units). */
function defaultUnit(ctx: Ctx): number {
  const paths = scopePaths(ctx.actor, 'services:handle');
  if (paths === null || paths.length === 0) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.orgId', message: 'choose a unit' }] });
  }
  const top = [...paths].sort((a, b) => a.length - b.length)[0];
  return Number(top.split('.').filter(Boolean).at(-1));
}

/**
 * The statistics of the requests submitted in [from, to] and handled under the chosen unit (in the caller's
 * services:handle scope), by item, by the unit's children, by item × child, and by month.
 */
export async function viewStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<StatsView> {
  if (q.to < q.from) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.to', message: 'before from' }] });
  }
  if (addCalendarDays(q.from, 366 * 3) < q.to) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.to', message: 'at most three years' }] });
  }
  const unit = await orgs.getOrg(db, q.orgId ?? defaultUnit(ctx));
  assertCanAt(ctx.actor, 'services:handle', unit.path);
  const [children, items] = await Promise.all([orgs.listOrgChildren(db, unitsCtx, unit.id, true), listAllItems(db)]);
  let itemId: number | undefined;
  if (q.itemCode) {
    itemId = items.find((i) => i.code === q.itemCode)?.id;
    if (itemId === undefined) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'querystring.itemCode', message: 'no such item' }] });
    }
  }
  const { months, dayRanges } = splitRange(q.from, q.to);
  const cells: repo.StatsCell[] = [];
  for (const part of bucketsOf(unit, children)) {
    cells.push(...(await repo.sumRollup(db, { ...part, months, dayRanges, itemId })));
  }

  const totals = zero();
  const byItem = new Map<number, Sums>();
  const byUnit = new Map<number, Sums>();
  const byMonth = new Map<string, Sums>();
  const byCell = new Map<string, Sums & { itemId: number; unitId: number }>();
  const bucket = <K>(m: Map<K, Sums>, k: K) => m.get(k) ?? m.set(k, zero()).get(k)!;
  for (const c of cells) {
    add(totals, c);
    add(bucket(byItem, c.itemId), c);
    add(bucket(byUnit, c.unitId), c);
    add(bucket(byMonth, c.month), c);
    const key = `${c.itemId}:${c.unitId}`;
    const cell = byCell.get(key) ?? byCell.set(key, { ...zero(), itemId: c.itemId, unitId: c.unitId }).get(key)!;
    add(cell, c);
  }
  const itemById = new Map(items.map((i) => [i.id, i]));
  const unitRows = [
    ...children.map((c) => ({ orgId: c.id, orgName: c.name, isSelf: false })),
    ...(byUnit.has(unit.id) ? [{ orgId: unit.id, orgName: unit.name, isSelf: true }] : []),
  ];
  const monthList: string[] = [];
  for (
    let m = `${q.from.slice(0, 7)}-01`;
    m <= q.to;
    m = `${addCalendarDays(`${m.slice(0, 7)}-28`, 4).slice(0, 7)}-01`
  ) {
    monthList.push(m.slice(0, 7));
  }
  return {
    orgId: unit.id,
    orgName: unit.name,
    from: q.from,
    to: q.to,
    totals: toFigures(totals),
    byItem: items
      .filter((i) => byItem.has(i.id) || (i.isActive && itemId === undefined) || i.id === itemId)
      .map((i) => ({
        itemCode: i.code,
        itemNameZh: i.nameZh,
        itemNameEn: i.nameEn,
        ...toFigures(byItem.get(i.id) ?? zero()),
      })),
    byUnit: unitRows.map((u) => ({ ...u, ...toFigures(byUnit.get(u.orgId) ?? zero()) })),
    cells: [...byCell.values()].map((c) => ({
      itemCode: itemById.get(c.itemId)?.code ?? String(c.itemId),
      orgId: c.unitId,
      ...toFigures(c),
    })),
    byMonth: monthList.map((m) => ({ month: m, ...toFigures(byMonth.get(m) ?? zero()) })),
  };
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 100);

/** The statistics as a workbook: by unit, by item, and item × unit. */
export async function exportStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<{ buffer: Buffer; name: string }> {
  const s = await viewStats(db, ctx, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Boai';
  const figureColumns = [
    { key: 'received', header: '收件数', width: 10 },
    { key: 'accepted', header: '受理数', width: 10 },
    { key: 'refused', header: '不予受理', width: 10 },
    { key: 'concluded', header: '办结数', width: 10 },
    { key: 'completionRate', header: '办结率(%)', width: 11 },
    { key: 'onTimeRate', header: '按时办结率(%)', width: 14 },
    { key: 'avgHandlingDays', header: '平均办理工作日', width: 14 },
    { key: 'ratings', header: '评价数', width: 10 },
    { key: 'avgStars', header: '平均星级', width: 10 },
    { key: 'goodRate', header: '好评率(%)', width: 11 },
  ];
  const row = (f: StatFigures) => ({
    ...f,
    completionRate: pct(f.completionRate),
    onTimeRate: pct(f.onTimeRate),
    goodRate: pct(f.goodRate),
  });
  const sheet = (
    name: string,
    first: { key: string; header: string; width: number }[],
    rows: Record<string, unknown>[],
  ) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [...first, ...figureColumns];
    ws.getRow(1).font = { bold: true };
    for (const r of rows) {
      ws.addRow(r);
    }
  };
  const itemName = new Map(s.byItem.map((i) => [i.itemCode, i.itemNameZh]));
  const unitName = new Map(s.byUnit.map((u) => [u.orgId, u.orgName]));
  sheet(
    '按单位',
    [{ key: 'orgName', header: '单位', width: 24 }],
    [
      ...s.byUnit.map((u) => ({ orgName: u.isSelf ? `${u.orgName}(本级)` : u.orgName, ...row(u) })),
      { orgName: '合计', ...row(s.totals) },
    ],
  );
  sheet(
    '按事项',
    [{ key: 'itemName', header: '事项', width: 24 }],
    s.byItem.map((i) => ({ itemName: i.itemNameZh, ...row(i) })),
  );
  sheet(
    '事项×单位',
    [
      { key: 'itemName', header: '事项', width: 24 },
      { key: 'orgName', header: '单位', width: 24 },
    ],
    s.cells.map((c) => ({
      itemName: itemName.get(c.itemCode) ?? c.itemCode,
      orgName: unitName.get(c.orgId) ?? '',
      ...row(c),
    })),
  );
  const info = wb.addWorksheet('说明');
  info.addRow([`${s.orgName} 办件统计 ${s.from} 至 ${s.to}`]);
  info.addRow([
    '统计口径:统计期内提交的办件及其至今的办理结果;办结率 = 办结数 ÷ 受理数;按时办结率 = 按时办结数 ÷ 办结数;好评率 = 4–5 星评价 ÷ 评价数。',
  ]);
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), name: `办件统计-${s.orgName}-${s.from}-${s.to}.xlsx` };
}
