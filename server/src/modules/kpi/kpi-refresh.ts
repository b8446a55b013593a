// Keeps the cockpit's figures fresh: recomputes facts from the modules' records and the subtree roll-ups from the
// facts, inside the database. The job's cheap pass covers the current and the previous China month (records are
// usually recent) within a minute of new records; the nightly pass and POST /api/kpi/refresh recompute a whole year.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import * as repo from './kpi.repo';
import { computedIndicators, type KpiDefinition } from './kpi-catalogue';

export type RefreshSummary = {
  year: number;
  fromMonth: number;
  toMonth: number;
  indicators: number;
  rows: number;
  durationMs: number;
};

/** The China year and month of an instant. */
export function chinaYearMonth(now: Date = new Date()): { year: number; month: number } {
  const [y, m] = toChinaDate(now).split('-').map(Number);
  return { year: y, month: m };
}

/** The last month of a year that has begun: the current China month this year, 12 for a past year, 0 for a future one. */
export function lastMonthOf(year: number, now: Date = new Date()): number {
  const current = chinaYearMonth(now);
  if (year < current.year) {
    return 12;
  }
  return year === current.year ? current.month : 0;
}

const definitions = new Map(computedIndicators.map((d) => [d.code, d]));

/**
 * Recomputes months `fromMonth`..(the year's last begun month) of `year` for every active indicator (or those
 * listed): each indicator's facts, keys and roll-ups are replaced in one transaction, so readers never see half a
 * month. Idempotent: running it twice leaves the same rows.
 */
export async function refreshYear(
  db: Db,
  year: number,
  opts: { fromMonth?: number; indicators?: string[]; now?: Date; skipUnchanged?: boolean } = {},
): Promise<RefreshSummary> {
  const started = Date.now();
  const fromMonth = opts.fromMonth ?? 1;
  const toMonth = lastMonthOf(year, opts.now);
  const summary: RefreshSummary = { year, fromMonth, toMonth, indicators: 0, rows: 0, durationMs: 0 };
  if (toMonth < fromMonth) {
    return summary;
  }
  const rows = await repo.listIndicatorRows(db, { activeOnly: true });
  for (const row of rows) {
    if (opts.indicators && !opts.indicators.includes(row.code)) {
      continue;
    }
    const def = definitions.get(row.code);
    if (row.source === 'computed' && !def) {
      continue; // a computed indicator whose code left the catalogue: its figures stay as they were
    }
    const written = await refreshIndicator(db, row, def, year, fromMonth, toMonth, opts.skipUnchanged ?? false);
    if (written !== null) {
      summary.rows += written;
      summary.indicators++;
    }
  }
  if (fromMonth === 1 && summary.rows > 0) {
    // A whole year was rewritten: fresh planner statistics keep the next passes on index plans (PGlite has no
    // autovacuum; on PostgreSQL it would come minutes later). Measured: the 30-second pass halves after it.
    await db.execute(sql`ANALYZE kpi_facts, kpi_fact_keys, kpi_rollups`);
  }
  summary.durationMs = Date.now() - started;
  return summary;
}

async function refreshIndicator(
  db: Db,
  row: repo.IndicatorRow,
  def: KpiDefinition | undefined,
  year: number,
  fromMonth: number,
  toMonth: number,
  skipUnchanged: boolean,
): Promise<number | null> {
  const started = Date.now();
  const range = {
    from: repo.monthStart(year, fromMonth),
    to: toMonth === 12 ? repo.monthStart(year + 1, 1) : repo.monthStart(year, toMonth + 1),
  };
  const spec: repo.RollupSpec = {
    code: row.code,
    rollup: row.rollup as repo.RollupSpec['rollup'],
    periodKind: row.periodKind as repo.RollupSpec['periodKind'],
    manual: row.source === 'manual',
  };
  return db.transaction(async (tx) => {
    await repo.lockIndicator(tx, row.code);
    const source = def ? def.source(range) : repo.manualSource(row.code, spec.periodKind, range);
    if (skipUnchanged && (await unchangedSince(tx, row.code, range, source, spec.rollup === 'distinct'))) {
      // Nothing new in the records, the tree or the populations: the roll-ups stand; only the pass is recorded.
      const state = (await repo.refreshStateOf(tx, row.code))!;
      await repo.saveRefreshState(tx, { ...state, refreshedAt: new Date(), durationMs: Date.now() - started });
      return null;
    }
    let written: number;
    if (spec.rollup === 'distinct') {
      written = await repo.replaceFactKeys(tx, row.code, range, source);
      written += await repo.replaceDistinctRollups(tx, spec, year, fromMonth, toMonth);
    } else {
      written = await repo.replaceFacts(tx, row.code, range, source);
      written += await repo.replaceRollups(tx, spec, year, fromMonth, toMonth);
    }
    await repo.deleteRollupsAfter(tx, row.code, year, toMonth);
    await repo.saveRefreshState(tx, {
      indicator: row.code,
      refreshedAt: new Date(),
      fromMonth: range.from,
      toMonth: repo.monthStart(year, toMonth),
      durationMs: Date.now() - started,
      rows: written,
    });
    return written;
  });
}

/**
 * Whether an indicator's figures for the range would come out as stored: it was refreshed after the last change to
 * the tree and the populations, and its facts recomputed from the records equal the stored ones. Most passes find
 * most indicators unchanged, so a new record waits for one pass of the few indicators it touches.
 */
async function unchangedSince(
  db: Db,
  code: string,
  range: { from: string; to: string },
  source: Parameters<typeof repo.factsDiffer>[3],
  distinct: boolean,
): Promise<boolean> {
  const state = await repo.refreshStateOf(db, code);
  if (!state) {
    return false;
  }
  const structure = await repo.lastStructureChange(db);
  if (structure && structure >= state.refreshedAt) {
    return false;
  }
  return !(await repo.factsDiffer(db, code, range, source, distinct));
}

/**
 * The job's cheap pass: the current and the previous China month (across a year end, December and January).
 * Indicators never refreshed (new ones) get this year and last year in full.
 */
export async function refreshRecent(db: Db, now: Date = new Date()): Promise<RefreshSummary[]> {
  const { year, month } = chinaYearMonth(now);
  const done = new Set((await repo.listRefreshState(db)).map((s) => s.indicator));
  const fresh = (await repo.listIndicatorRows(db, { activeOnly: true })).map((r) => r.code).filter((c) => !done.has(c));
  const results: RefreshSummary[] = [];
  if (fresh.length > 0) {
    results.push(await refreshYear(db, year - 1, { indicators: fresh, now }));
    results.push(await refreshYear(db, year, { indicators: fresh, now }));
  }
  // Indicators whose records, tree and populations did not change since their last pass are skipped.
  const skipUnchanged = true;
  if (month === 1) {
    results.push(await refreshYear(db, year - 1, { fromMonth: 12, now, skipUnchanged }));
    results.push(await refreshYear(db, year, { fromMonth: 1, now, skipUnchanged }));
  } else {
    results.push(await refreshYear(db, year, { fromMonth: month - 1, now, skipUnchanged }));
  }
  return results;
}
