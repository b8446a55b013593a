// The kpi engine's service: the indicator catalogue, each unit's figures (actual, target, completion) read from the
// roll-ups, trends, rankings and the cockpit payload. Other parts (reports, transparency, targets, the web) call these
// functions, so a unit's figure is the same whichever page shows it.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { actorLabel, assertCanAt, canAt, hasPermission, scopePaths } from '../../platform/rbac/actor';
import * as orgsService from '../orgs/orgs.service';
import * as repo from './kpi.repo';
import type {
  Cockpit,
  CreateIndicator,
  Figure,
  Freshness,
  IndicatorAdminView,
  IndicatorGroup,
  IndicatorView,
  Ranking,
  Trend,
  UnitFigures,
  UnitTrend,
  UpdateIndicator,
} from './kpi.schemas';
import { computedIndicators, starterManualIndicators } from './kpi-catalogue';
import { chinaYearMonth, lastMonthOf, type RefreshSummary, refreshYear } from './kpi-refresh';
import { targetsFor, type UnitTarget } from './kpi-targets';

type OrgRow = orgsService.OrgRow;

// ------------------------------------------------------------------------------------------------ catalogue

/**
 * Writes the computed catalogue into kpi_indicators (definitions follow the code; whether an indicator is active stays
 * as staff set it) and creates the starter manual indicators when missing. Idempotent; staff-made indicators are kept.
 */
export async function ensureKpiCatalogue(db: Db): Promise<void> {
  let sort = 0;
  for (const d of computedIndicators) {
    sort += 10;
    await repo.upsertComputedIndicator(db, {
      code: d.code,
      groupCode: d.group,
      nameZh: d.nameZh,
      nameEn: d.nameEn,
      unitZh: d.unitZh,
      unitEn: d.unitEn,
      descriptionZh: d.descriptionZh,
      descriptionEn: d.descriptionEn,
      source: 'computed',
      periodKind: d.periodKind,
      rollup: d.rollup,
      scale: d.scale,
      decimals: d.decimals,
      higherIsBetter: d.higherIsBetter,
      sort,
    });
  }
  for (const m of starterManualIndicators) {
    sort += 10;
    await repo.insertIndicatorIfMissing(db, {
      code: m.code,
      groupCode: m.group,
      nameZh: m.nameZh,
      nameEn: m.nameEn,
      unitZh: m.unitZh,
      unitEn: m.unitEn,
      descriptionZh: m.descriptionZh,
      descriptionEn: m.descriptionEn,
      source: 'manual',
      periodKind: m.periodKind,
      rollup: 'sum',
      scale: 1,
      decimals: 0,
      higherIsBetter: true,
      sort: 1000 + sort,
    });
  }
}

export function toIndicatorView(row: repo.IndicatorRow): IndicatorView {
  return {
    code: row.code,
    group: row.groupCode as IndicatorGroup,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    unitZh: row.unitZh,
    unitEn: row.unitEn,
    descriptionZh: row.descriptionZh,
    descriptionEn: row.descriptionEn,
    source: row.source as IndicatorView['source'],
    periodKind: row.periodKind as IndicatorView['periodKind'],
    rollup: row.rollup as IndicatorView['rollup'],
    decimals: row.decimals,
    higherIsBetter: row.higherIsBetter,
    additive: row.rollup === 'sum' || row.rollup === 'distinct',
    sort: row.sort,
  };
}

function toAdminView(row: repo.IndicatorRow): IndicatorAdminView {
  return { ...toIndicatorView(row), isActive: row.isActive, createdBy: row.createdBy };
}

/** The active indicators, in catalogue order. */
export async function listIndicators(db: Db): Promise<IndicatorView[]> {
  return (await repo.listIndicatorRows(db, { activeOnly: true })).map(toIndicatorView);
}

/** The catalogue for the indicators page: active ones, or all with their state. */
export async function listCatalogue(db: Db, includeInactive: boolean): Promise<IndicatorAdminView[]> {
  return (await repo.listIndicatorRows(db, { activeOnly: !includeInactive })).map(toAdminView);
}

/** The catalogue is the province's: kpi:manage at a top unit. Throws FORBIDDEN, KPI_PROVINCE_ONLY. */
function assertCatalogueManager(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'kpi:manage')) {
    throw new AppError('FORBIDDEN', { permission: 'kpi:manage' });
  }
  const scope = scopePaths(ctx.actor, 'kpi:manage');
  if (scope !== null && !scope.some((p) => p.split('.').filter(Boolean).length === 1)) {
    throw new AppError('KPI_PROVINCE_ONLY');
  }
}

/**
 * Creates a manual indicator (figures entered monthly by staff with evidence, summed up the tree). kpi:manage at the
 * province; audited. Throws KPI_INDICATOR_EXISTS for a code in use.
 */
export async function createManualIndicator(db: Db, ctx: Ctx, input: CreateIndicator): Promise<IndicatorAdminView> {
  assertCatalogueManager(ctx);
  return db.transaction(async (tx) => {
    const row = {
      code: input.code,
      groupCode: input.group,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      unitZh: input.unitZh,
      unitEn: input.unitEn,
      descriptionZh: input.descriptionZh,
      descriptionEn: input.descriptionEn,
      source: 'manual',
      periodKind: input.periodKind,
      rollup: 'sum',
      scale: 1,
      decimals: input.decimals,
      higherIsBetter: input.higherIsBetter,
      sort: (await repo.maxIndicatorSort(tx)) + 10,
      createdBy: actorLabel(ctx.actor),
    };
    if (!(await repo.insertIndicatorIfMissing(tx, row))) {
      throw new AppError('KPI_INDICATOR_EXISTS', { code: input.code });
    }
    const created = (await repo.findIndicator(tx, input.code))!;
    await recordAudit(tx, ctx, {
      action: 'kpi_indicator.created',
      entityType: 'kpi_indicator',
      entityId: created.code,
      after: created,
    });
    return toAdminView(created);
  });
}

/**
 * Switches an indicator on or off, or renames a manual one. kpi:manage at the province; audited. Throws NOT_FOUND,
 * KPI_INDICATOR_BUILTIN (a computed indicator's texts ship with the system).
 */
export async function updateIndicator(
  db: Db,
  ctx: Ctx,
  code: string,
  patch: UpdateIndicator,
): Promise<IndicatorAdminView> {
  assertCatalogueManager(ctx);
  return db.transaction(async (tx) => {
    const before = await repo.findIndicator(tx, code);
    if (!before) {
      throw new AppError('NOT_FOUND', { entity: 'kpi_indicator', code });
    }
    const { isActive, ...texts } = patch;
    const changesTexts = Object.values(texts).some((v) => v !== undefined);
    if (!changesTexts && isActive === undefined) {
      // Found by the route fuzzer: an empty patch reached an UPDATE with nothing to set (a 500).
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body', message: 'nothing to change' }] });
    }
    if (changesTexts && before.source === 'computed') {
      throw new AppError('KPI_INDICATOR_BUILTIN', { code });
    }
    const after = await repo.updateIndicator(tx, code, {
      ...(isActive === undefined ? {} : { isActive }),
      ...Object.fromEntries(Object.entries(texts).filter(([, v]) => v !== undefined)),
    });
    await recordAudit(tx, ctx, {
      action: isActive === false ? 'kpi_indicator.deactivated' : 'kpi_indicator.updated',
      entityType: 'kpi_indicator',
      entityId: code,
      before,
      after,
    });
    return toAdminView(after);
  });
}

// ------------------------------------------------------------------------------------------------ periods

/**
 * The as-of month for a year: the current China month for the current year (or `month` if given and reached), 12 for
 * past years (or `month`). Throws KPI_PERIOD_FUTURE for a future year or a month not yet begun.
 */
export function asOfMonthFor(year: number, month?: number, now: Date = new Date()): number {
  const last = lastMonthOf(year, now);
  if (last === 0 || (month !== undefined && month > last)) {
    throw new AppError('KPI_PERIOD_FUTURE', { year, month: month ?? null, current: chinaYearMonth(now) });
  }
  return month ?? last;
}

// ------------------------------------------------------------------------------------------------ figures

type IndicatorMath = Pick<repo.IndicatorRow, 'rollup' | 'periodKind' | 'scale' | 'decimals' | 'higherIsBetter'>;
type RollupValues = Pick<repo.RollupRow, 'month' | 'monthValue' | 'monthDen' | 'ytdValue' | 'ytdDen' | 'manual'>;

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

const isRate = (ind: IndicatorMath) => ind.rollup === 'ratio' || ind.rollup === 'per_population';

function shown(ind: IndicatorMath, value: number, den: number | null): number | null {
  if (isRate(ind)) {
    return den ? round((value / den) * ind.scale, ind.decimals) : null;
  }
  return round(value * ind.scale, ind.decimals);
}

/**
 * A unit's figure of one indicator at the end of `month` from its roll-up rows (months ascending, sparse): the year to
 * date for a flow (the latest row at or before the month), the month's level for a stock (nothing recorded = 0), the
 * rate for ratios (null without a denominator). `monthValue` is the month alone.
 */
export function valueAt(
  ind: IndicatorMath,
  rows: RollupValues[],
  month: number,
): { actual: number | null; monthValue: number | null; manual: boolean } {
  let exact: RollupValues | undefined;
  let latest: RollupValues | undefined;
  for (const r of rows) {
    if (r.month <= month) {
      latest = r;
    }
    if (r.month === month) {
      exact = r;
    }
  }
  const none = isRate(ind) ? null : 0;
  const monthValue = exact ? shown(ind, exact.monthValue, exact.monthDen) : none;
  let actual: number | null;
  if (ind.periodKind === 'stock') {
    actual = monthValue;
  } else {
    actual = latest ? shown(ind, latest.ytdValue, latest.ytdDen) : none;
  }
  return { actual, monthValue, manual: rows.some((r) => r.manual) };
}

/** Adds up over the year only for flows of counts and amounts; rates and levels are compared with the whole target. */
const scalesByMonth = (ind: IndicatorMath) => ind.periodKind === 'flow' && !isRate(ind);

/**
 * What a unit should have reached by the end of `month`: the monthly targets so far (a level's or rate's target of
 * that month), else target × month / 12 for a flow of counts or amounts, else the annual target.
 */
export function expectedAt(ind: IndicatorMath, target: UnitTarget | undefined, month: number): number | null {
  if (!target) {
    return null;
  }
  const monthly = target.monthly?.some((v) => v !== null) ? target.monthly : null;
  if (scalesByMonth(ind)) {
    if (monthly) {
      return round(
        monthly.slice(0, month).reduce<number>((s, v) => s + (v ?? 0), 0),
        ind.decimals,
      );
    }
    return round((target.value * month) / 12, ind.decimals);
  }
  return monthly?.[month - 1] ?? target.value;
}

/**
 * Completion and status of a figure. Completion is actual / target (target / actual where less is better), never
 * capped: 12.01 is 1201 %. Achieved at ≥ 100 %; behind when completion trails the expected share of the target by
 * more than 10 points; no_target without a target.
 */
export function judge(
  ind: IndicatorMath,
  actual: number | null,
  target: number | null,
  expected: number | null,
): { completion: number | null; status: Figure['status'] } {
  if (target === null) {
    return { completion: null, status: 'no_target' };
  }
  if (actual === null) {
    return { completion: null, status: 'on_track' };
  }
  if (ind.higherIsBetter ? target <= 0 : actual <= 0) {
    // Nothing asked (target 0), or the best possible (zero days): met, but no meaningful ratio.
    return { completion: null, status: 'achieved' };
  }
  const completion = round(ind.higherIsBetter ? actual / target : target / actual, 4);
  if (completion >= 1) {
    return { completion, status: 'achieved' };
  }
  const expectedShare = ind.higherIsBetter && expected !== null && target > 0 ? expected / target : 1;
  return { completion, status: completion < expectedShare - 0.1 ? 'behind' : 'on_track' };
}

function figureOf(ind: repo.IndicatorRow, rows: RollupValues[], target: UnitTarget | undefined, month: number): Figure {
  const { actual, manual } = valueAt(ind, rows, month);
  const expected = expectedAt(ind, target, month);
  const targetValue = target?.value ?? null;
  return {
    indicator: ind.code,
    actual,
    target: targetValue,
    expected,
    ...judge(ind, actual, targetValue, expected),
    manual: manual || ind.source === 'manual',
    targetLocked: target?.locked ?? false,
  };
}

/** Roll-up rows grouped by unit and indicator, months ascending. */
function groupRows(rows: repo.RollupRow[]): Map<number, Map<string, repo.RollupRow[]>> {
  const byOrg = new Map<number, Map<string, repo.RollupRow[]>>();
  for (const r of [...rows].sort((a, b) => a.month - b.month)) {
    let byInd = byOrg.get(r.orgId);
    if (!byInd) {
      byInd = new Map();
      byOrg.set(r.orgId, byInd);
    }
    const list = byInd.get(r.indicator);
    if (list) {
      list.push(r);
    } else {
      byInd.set(r.indicator, [r]);
    }
  }
  return byOrg;
}

/**
 * The figures of these units (each its whole subtree) for the year as of the month, every active indicator (or those
 * listed), in the order of `orgIds` (unknown ids left out). No scope check: callers check.
 */
export async function unitFigures(
  db: Db,
  orgIds: number[],
  year: number,
  asOfMonth: number,
  indicators?: string[],
): Promise<UnitFigures[]> {
  const ids = [...new Set(orgIds)];
  const [orgRows, childCounts, catalogue, rollups, targets] = await Promise.all([
    orgsService.findOrgsByIds(db, ids),
    orgsService.countChildrenByParent(db, ids),
    repo.listIndicatorRows(db, { activeOnly: true }),
    repo.listLatestRollups(db, ids, year, asOfMonth, indicators),
    targetsFor(db, ids, year),
  ]);
  const inds = indicators ? catalogue.filter((i) => indicators.includes(i.code)) : catalogue;
  const byId = new Map(orgRows.map((o) => [o.id, o]));
  const grouped = groupRows(rollups);
  return ids.flatMap((id) => {
    const org = byId.get(id);
    if (!org) {
      return [];
    }
    const rows = grouped.get(id);
    const unitTargets = targets.get(id);
    return [
      {
        ...unitHeader(org, childCounts.get(id) ?? 0),
        figures: inds.map((ind) => figureOf(ind, rows?.get(ind.code) ?? [], unitTargets?.get(ind.code), asOfMonth)),
      },
    ];
  });
}

function unitHeader(org: OrgRow, children: number): Omit<UnitFigures, 'figures'> {
  return {
    orgId: org.id,
    name: org.name,
    code: org.code,
    type: org.type,
    depth: org.depth,
    isActive: org.isActive,
    hasChildren: children > 0,
  };
}

function trendOf(
  ind: repo.IndicatorRow,
  rows: RollupValues[],
  target: UnitTarget | undefined,
  asOfMonth: number,
): Trend {
  const points = Array.from({ length: 12 }, (_, i) => {
    const month = i + 1;
    const expected = expectedAt(ind, target, month);
    if (month > asOfMonth) {
      return { month, monthValue: null, cumulative: null, expected };
    }
    const v = valueAt(ind, rows, month);
    return { month, monthValue: v.monthValue, cumulative: v.actual, expected };
  });
  return { indicator: ind.code, points };
}

/** Month-by-month figures of a unit (its subtree) for the year (all active indicators unless listed). */
export async function trendsFor(
  db: Db,
  orgId: number,
  year: number,
  asOfMonth: number,
  indicators?: string[],
): Promise<Trend[]> {
  const [catalogue, rollups, targets] = await Promise.all([
    repo.listIndicatorRows(db, { activeOnly: true }),
    repo.listRollups(db, [orgId], year, asOfMonth, indicators),
    targetsFor(db, [orgId], year),
  ]);
  const inds = indicators ? catalogue.filter((i) => indicators.includes(i.code)) : catalogue;
  const rows = groupRows(rollups).get(orgId);
  return inds.map((ind) => trendOf(ind, rows?.get(ind.code) ?? [], targets.get(orgId)?.get(ind.code), asOfMonth));
}

// ------------------------------------------------------------------------------------------------ scope

/** The unit a caller's cockpit opens on: the top of their kpi:view scope (the first root for the system). */
async function defaultUnit(db: Db, ctx: Ctx): Promise<OrgRow> {
  if (!hasPermission(ctx.actor, 'kpi:view')) {
    throw new AppError('FORBIDDEN', { permission: 'kpi:view' });
  }
  const scope = scopePaths(ctx.actor, 'kpi:view');
  if (scope === null) {
    const [root] = await orgsService.listRootUnits(db);
    if (!root) {
      throw new AppError('NOT_FOUND', { entity: 'org' });
    }
    return root;
  }
  const top = [...scope].sort((a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b))[0];
  return orgsService.getOrg(db, Number(top.split('.').at(-2)));
}

/** The unit, checked to be in the caller's kpi:view scope (default: the top of it). Throws NOT_FOUND, OUT_OF_SCOPE. */
export async function unitInScope(db: Db, ctx: Ctx, orgId?: number): Promise<OrgRow> {
  const org = orgId === undefined ? await defaultUnit(db, ctx) : await orgsService.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'kpi:view', org.path);
  return org;
}

function periodOf(q: { year?: number; month?: number }): { year: number; asOfMonth: number } {
  const year = q.year ?? chinaYearMonth().year;
  return { year, asOfMonth: asOfMonthFor(year, q.month) };
}

/** The child units shown under a unit: active ones, and inactive ones that still have figures in the year. */
async function childUnits(db: Db, org: OrgRow, year: number): Promise<OrgRow[]> {
  const all = await orgsService.listAllChildUnits(db, org.id);
  const inactive = all.filter((c) => !c.isActive).map((c) => c.id);
  const withFigures = await repo.orgsWithRollups(db, inactive, year);
  return all.filter((c) => c.isActive || withFigures.has(c.id));
}

// ------------------------------------------------------------------------------------------------ pages

/** The cockpit of a unit in the caller's kpi:view scope (default: the top of their scope). */
export async function cockpit(
  db: Db,
  ctx: Ctx,
  q: { orgId?: number; year?: number; month?: number },
): Promise<Cockpit> {
  const org = await unitInScope(db, ctx, q.orgId);
  const { year, asOfMonth } = periodOf(q);
  const children = await childUnits(db, org, year);
  const ancestorIds = org.path
    .split('.')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== org.id);
  const [indicators, figures, trend, ancestorRows, refreshedAt] = await Promise.all([
    listIndicators(db),
    unitFigures(db, [org.id, ...children.map((c) => c.id)], year, asOfMonth),
    trendsFor(db, org.id, year, asOfMonth),
    orgsService.findOrgsByIds(db, ancestorIds),
    oldestRefresh(db),
  ]);
  const byId = new Map(ancestorRows.map((a) => [a.id, a]));
  return {
    year,
    asOfMonth,
    refreshedAt,
    indicators,
    unit: figures[0],
    ancestors: ancestorIds
      .map((id) => byId.get(id))
      .filter((a): a is OrgRow => a !== undefined && canAt(ctx.actor, 'kpi:view', a.path))
      .map((a) => ({ orgId: a.id, name: a.name })),
    children: figures.slice(1),
    trend,
  };
}

/** One unit's figures (its subtree) in the caller's scope. */
export async function viewUnitFigures(db: Db, ctx: Ctx, orgId: number, q: { year?: number; month?: number }) {
  const org = await unitInScope(db, ctx, orgId);
  const { year, asOfMonth } = periodOf(q);
  const [unit] = await unitFigures(db, [org.id], year, asOfMonth);
  return { year, asOfMonth, unit };
}

async function activeIndicator(db: Db, code: string): Promise<repo.IndicatorRow> {
  const row = await repo.findIndicator(db, code);
  if (!row?.isActive) {
    throw new AppError('NOT_FOUND', { entity: 'kpi_indicator', code });
  }
  return row;
}

/**
 * A unit's month-by-month series of one indicator. `comparable` adds, for each unit merged into it (and theirs, in
 * turn), that unit's months before the merge took effect, so the series compares across the change.
 */
export async function unitTrend(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; indicator: string; year?: number; comparable?: boolean },
): Promise<UnitTrend> {
  const org = await unitInScope(db, ctx, q.orgId);
  const ind = await activeIndicator(db, q.indicator);
  const { year, asOfMonth } = periodOf({ year: q.year });
  const predecessors = q.comparable ? await orgsService.listPredecessors(db, org.id) : [];
  const ids = [org.id, ...predecessors.map((p) => p.orgId)];
  const [rollups, targets] = await Promise.all([
    repo.listRollups(db, ids, year, asOfMonth, [ind.code]),
    targetsFor(db, [org.id], year),
  ]);
  const grouped = groupRows(rollups);
  let rows: RollupValues[] = grouped.get(org.id)?.get(ind.code) ?? [];
  if (predecessors.length > 0) {
    rows = combineSeries(
      ind,
      rows,
      predecessors.map((p) => ({
        rows: grouped.get(p.orgId)?.get(ind.code) ?? [],
        until: monthsBefore(p.effectiveOn, year),
      })),
      asOfMonth,
    );
  }
  return {
    ...trendOf(ind, rows, targets.get(org.id)?.get(ind.code), asOfMonth),
    orgId: org.id,
    year,
    asOfMonth,
    comparable: q.comparable ?? false,
    predecessors: predecessors.map((p) => ({ orgId: p.orgId, name: p.name, effectiveOn: p.effectiveOn })),
  };
}

/** The last month of `year` that belongs to a predecessor merged on `effectiveOn` (0: none, 12: all of it). */
export function monthsBefore(effectiveOn: string, year: number): number {
  const [y, m, d] = effectiveOn.split('-').map(Number);
  if (y > year) {
    return 12;
  }
  if (y < year) {
    return 0;
  }
  // Merged on the 1st: the month is the successor's. Mid-month: the predecessor's records of that month are its own.
  return d === 1 ? m - 1 : m;
}

/** Latest row at or before `month` (rows ascending). */
function latestRow(rows: RollupValues[], month: number): RollupValues | undefined {
  let found: RollupValues | undefined;
  for (const r of rows) {
    if (r.month <= month) {
      found = r;
    }
  }
  return found;
}

/**
 * A dense series (months 1..asOf) adding the predecessors' rows to the unit's: month values of their months before the
 * merge, and (for flows) their year to date as it stood at the merge, carried on after it.
 */
function combineSeries(
  ind: IndicatorMath,
  own: RollupValues[],
  others: { rows: RollupValues[]; until: number }[],
  asOfMonth: number,
): RollupValues[] {
  const out: RollupValues[] = [];
  const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
  for (let month = 1; month <= asOfMonth; month++) {
    const exact = own.find((r) => r.month === month);
    const latest = latestRow(own, month);
    const row: RollupValues = {
      month,
      monthValue: exact?.monthValue ?? 0,
      monthDen: exact?.monthDen ?? null,
      ytdValue: ind.periodKind === 'stock' ? (exact?.ytdValue ?? 0) : (latest?.ytdValue ?? 0),
      ytdDen: ind.periodKind === 'stock' ? (exact?.ytdDen ?? null) : (latest?.ytdDen ?? null),
      manual: own.some((r) => r.manual),
    };
    for (const o of others) {
      const pExact = month <= o.until ? o.rows.find((r) => r.month === month) : undefined;
      if (pExact) {
        row.monthValue += pExact.monthValue;
        row.monthDen = add(row.monthDen, pExact.monthDen);
      }
      if (ind.periodKind === 'stock') {
        if (pExact) {
          row.ytdValue += pExact.ytdValue;
          row.ytdDen = add(row.ytdDen, pExact.ytdDen);
        }
      } else {
        const pLatest = latestRow(o.rows, Math.min(month, o.until));
        if (pLatest && o.until > 0) {
          row.ytdValue += pLatest.ytdValue;
          row.ytdDen = add(row.ytdDen, pLatest.ytdDen);
        }
      }
    }
    out.push(row);
  }
  return out;
}

/**
 * The one ranking rule (the ranking page, the workbook's 排名 and the reports use it): units with a target first, by
 * completion; equal completions share a rank; then by actual (the better direction of the indicator); units without a
 * target follow by actual. Returns the units in rank order.
 */
export function rankFigures(
  units: { orgId: number; completion: number | null; actual: number | null }[],
  higherIsBetter: boolean,
): { orgId: number; rank: number }[] {
  const better = higherIsBetter ? 1 : -1;
  const sorted = [...units].sort((a, b) => {
    const ta = a.completion === null ? 0 : 1;
    const tb = b.completion === null ? 0 : 1;
    const na = a.actual === null ? 0 : 1;
    const nb = b.actual === null ? 0 : 1;
    return (
      tb - ta || (b.completion ?? 0) - (a.completion ?? 0) || nb - na || better * ((b.actual ?? 0) - (a.actual ?? 0))
    );
  });
  const out: { orgId: number; rank: number }[] = [];
  sorted.forEach((u, i) => {
    const prev = sorted[i - 1];
    const tied =
      prev !== undefined &&
      (u.completion !== null ? prev.completion === u.completion : prev.completion === null && prev.actual === u.actual);
    out.push({ orgId: u.orgId, rank: tied ? out[i - 1].rank : i + 1 });
  });
  return out;
}

/**
 * Units below a unit ranked by completion of one indicator (equal completions share a rank, then by actual; units
 * without a target follow, by actual). `level` is `children` or a unit type within the subtree.
 */
export async function rankUnits(
  db: Db,
  ctx: Ctx,
  q: { orgId?: number; indicator: string; year?: number; month?: number; level?: string },
): Promise<Ranking> {
  const org = await unitInScope(db, ctx, q.orgId);
  const ind = await activeIndicator(db, q.indicator);
  const { year, asOfMonth } = periodOf(q);
  const level = q.level ?? 'children';
  const units =
    level === 'children'
      ? await childUnits(db, org, year)
      : (await orgsService.listSubtreeUnitsOfType(db, org.path, level)).filter((u) => u.id !== org.id);
  const figures = await unitFigures(
    db,
    units.map((u) => u.id),
    year,
    asOfMonth,
    [ind.code],
  );
  const ranks = rankFigures(
    figures.map((u) => ({ orgId: u.orgId, completion: u.figures[0].completion, actual: u.figures[0].actual })),
    ind.higherIsBetter,
  );
  const byId = new Map(figures.map((u) => [u.orgId, u]));
  const items: Ranking['items'] = ranks.map(({ orgId, rank }) => {
    const u = byId.get(orgId)!;
    return { rank, orgId, name: u.name, code: u.code, type: u.type, isActive: u.isActive, figure: u.figures[0] };
  });
  return { indicator: toIndicatorView(ind), year, asOfMonth, orgId: org.id, level, items };
}

// ------------------------------------------------------------------------------------------------ freshness

async function oldestRefresh(db: Db): Promise<string | null> {
  const [states, active] = await Promise.all([
    repo.listRefreshState(db),
    repo.listIndicatorRows(db, { activeOnly: true }),
  ]);
  const codes = new Set(active.map((a) => a.code));
  const times = states.filter((s) => codes.has(s.indicator)).map((s) => s.refreshedAt.getTime());
  return times.length === 0 ? null : new Date(Math.min(...times)).toISOString();
}

let refreshSeconds: number | null = null;

/** Told by the job set-up how often the refresh runs (shown on the freshness page). */
export function setRefreshInterval(seconds: number): void {
  refreshSeconds = seconds;
}

/** How fresh each indicator's figures are: the refresh job's last pass. */
export async function freshness(db: Db): Promise<Freshness> {
  const states = await repo.listRefreshState(db);
  return {
    refreshedAt: await oldestRefresh(db),
    refreshSeconds,
    indicators: states.map((s) => ({
      indicator: s.indicator,
      refreshedAt: s.refreshedAt.toISOString(),
      fromMonth: s.fromMonth,
      toMonth: s.toMonth,
      durationMs: s.durationMs,
      rows: s.rows,
    })),
  };
}

/**
 * Recomputes a whole year from the records (after backdated records or a catalogue change). kpi:manage at the
 * province; audited with what it wrote. Throws KPI_PERIOD_FUTURE for a year not begun.
 */
export async function recompute(db: Db, ctx: Ctx, year: number): Promise<RefreshSummary> {
  assertCatalogueManager(ctx);
  asOfMonthFor(year);
  return db.transaction(async (tx) => {
    const summary = await refreshYear(tx, year);
    await recordAudit(tx, ctx, {
      action: 'kpi.recomputed',
      entityType: 'kpi_year',
      entityId: year,
      after: summary,
    });
    return summary;
  });
}
