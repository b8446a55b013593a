// The kpi engine's queries: the indicator catalogue, and the heavy SQL that keeps facts and subtree roll-ups fresh
// (kept here in plain sight, as STYLE.md asks of roll-ups). The only file that imports kpi.tables.
import { and, asc, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { structureChangedAt, unitAncestors, unitPopulations, unitRegions } from '../orgs/orgs.kpi';
import { kpiIndicators, kpiRefreshState, kpiRollups } from './kpi.tables';
import { type MonthRange, monthEnds } from './kpi-sql';

export type IndicatorRow = typeof kpiIndicators.$inferSelect;
export type IndicatorInsert = typeof kpiIndicators.$inferInsert;
export type RollupRow = typeof kpiRollups.$inferSelect;
export type RefreshStateRow = typeof kpiRefreshState.$inferSelect;

// ------------------------------------------------------------------------------------------------ catalogue

/** Inserts or updates a computed indicator's definition; whether it is active stays as staff set it. */
export async function upsertComputedIndicator(db: Db, row: IndicatorInsert): Promise<void> {
  const { code: _code, isActive: _active, createdAt: _at, createdBy: _by, ...definition } = row;
  await db.insert(kpiIndicators).values(row).onConflictDoUpdate({ target: kpiIndicators.code, set: definition });
}

/** Inserts an indicator unless its code exists (returns false then). */
export async function insertIndicatorIfMissing(db: Db, row: IndicatorInsert): Promise<boolean> {
  const inserted = await db
    .insert(kpiIndicators)
    .values(row)
    .onConflictDoNothing({ target: kpiIndicators.code })
    .returning({ code: kpiIndicators.code });
  return inserted.length > 0;
}

export async function listIndicatorRows(db: Db, opts: { activeOnly: boolean }): Promise<IndicatorRow[]> {
  return db
    .select()
    .from(kpiIndicators)
    .where(opts.activeOnly ? eq(kpiIndicators.isActive, true) : undefined)
    .orderBy(asc(kpiIndicators.sort), asc(kpiIndicators.code));
}

export async function findIndicator(db: Db, code: string): Promise<IndicatorRow | undefined> {
  const [row] = await db.select().from(kpiIndicators).where(eq(kpiIndicators.code, code));
  return row;
}

export async function updateIndicator(db: Db, code: string, patch: Partial<IndicatorInsert>): Promise<IndicatorRow> {
  const [row] = await db.update(kpiIndicators).set(patch).where(eq(kpiIndicators.code, code)).returning();
  return row;
}

export async function maxIndicatorSort(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number | null }>(db, sql`SELECT max(sort)::int AS n FROM kpi_indicators`);
  return Number(row?.n ?? 0);
}

// ------------------------------------------------------------------------------------------------ refresh

/** Serialises refreshes of one indicator (the job and a manual recompute) until the transaction ends. */
export async function lockIndicator(db: Db, code: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`kpi:${code}`}))`);
}

/** What `source` gives for the months of the range, summed per unit and month: `(region_id, org_id, month, value, den)`. */
function freshFacts(range: MonthRange, source: SQL): SQL {
  return sql`SELECT r.region_id, s.org_id, s.month, sum(s.value)::float8 AS value, sum(s.den)::float8 AS den
      FROM (${source}) AS s JOIN ${unitRegions} r ON r.org_id = s.org_id
     WHERE s.month >= ${range.from}::date AND s.month < ${range.to}::date
     GROUP BY r.region_id, s.org_id, s.month`;
}

/** The keys a distinct indicator's `source` gives for the months of the range: `(region_id, org_id, month, key)`. */
function freshKeys(range: MonthRange, source: SQL): SQL {
  return sql`SELECT DISTINCT r.region_id, s.org_id, s.month, s.key::text AS key
      FROM (${source}) AS s JOIN ${unitRegions} r ON r.org_id = s.org_id
     WHERE s.month >= ${range.from}::date AND s.month < ${range.to}::date AND s.key IS NOT NULL`;
}

/**
 * Replaces an indicator's facts for the months of the range with what `source` returns, summed per unit and month:
 * one DELETE and one INSERT … SELECT, so the records never leave the database. Returns the rows written.
 */
export async function replaceFacts(db: Db, code: string, range: MonthRange, source: SQL): Promise<number> {
  await db.execute(sql`DELETE FROM kpi_facts WHERE indicator = ${code}
    AND month >= ${range.from}::date AND month < ${range.to}::date`);
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH written AS (
      INSERT INTO kpi_facts (region_id, indicator, org_id, month, value, den)
      SELECT f.region_id, ${code}, f.org_id, f.month, f.value, f.den FROM (${freshFacts(range, source)}) f
      RETURNING 1)
    SELECT count(*)::int AS n FROM written`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Whether recomputing the range from the records would change an indicator's stored facts (or, for a distinct
 * indicator, its keys): the fresh rows against the stored ones, both ways. The cheap pass skips the roll-ups when not.
 */
export async function factsDiffer(
  db: Db,
  code: string,
  range: MonthRange,
  source: SQL,
  distinct: boolean,
): Promise<boolean> {
  const [fresh, stored] = distinct
    ? [
        freshKeys(range, source),
        sql`SELECT region_id, org_id, month, key FROM kpi_fact_keys
             WHERE indicator = ${code} AND month >= ${range.from}::date AND month < ${range.to}::date`,
      ]
    : [
        freshFacts(range, source),
        sql`SELECT region_id, org_id, month, value, den FROM kpi_facts
             WHERE indicator = ${code} AND month >= ${range.from}::date AND month < ${range.to}::date`,
      ];
  const rows = await queryRows<{ differs: boolean }>(
    db,
    sql`WITH fresh AS (${fresh}), stored AS (${stored})
        SELECT (EXISTS (SELECT * FROM fresh EXCEPT SELECT * FROM stored)
             OR EXISTS (SELECT * FROM stored EXCEPT SELECT * FROM fresh)) AS differs`,
  );
  return rows[0]?.differs === true;
}

/** The last change to the tree or the populations (roll-ups depend on them too), or null. */
export async function lastStructureChange(db: Db): Promise<Date | null> {
  const rows = await queryRows<{ changed_at: Date | string | null }>(
    db,
    sql`SELECT changed_at FROM ${structureChangedAt} x`,
  );
  const at = rows[0]?.changed_at;
  return at ? new Date(at) : null;
}

/** One indicator's last refresh pass, if any. */
export async function refreshStateOf(db: Db, code: string): Promise<RefreshStateRow | undefined> {
  const [row] = await db.select().from(kpiRefreshState).where(eq(kpiRefreshState.indicator, code));
  return row;
}

/** Replaces a distinct indicator's keys (what it counts once) for the months of the range. */
export async function replaceFactKeys(db: Db, code: string, range: MonthRange, source: SQL): Promise<number> {
  await db.execute(sql`DELETE FROM kpi_fact_keys WHERE indicator = ${code}
    AND month >= ${range.from}::date AND month < ${range.to}::date`);
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH written AS (
      INSERT INTO kpi_fact_keys (region_id, indicator, org_id, month, key)
      SELECT k.region_id, ${code}, k.org_id, k.month, k.key FROM (${freshKeys(range, source)}) k
      RETURNING 1)
    SELECT count(*)::int AS n FROM written`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The source of a manual indicator: staff-entered monthly figures; a stock carries the latest figure forward. */
export function manualSource(code: string, periodKind: 'flow' | 'stock', range: MonthRange): SQL {
  if (periodKind === 'flow') {
    return sql`SELECT org_id, month, value, NULL::float8 AS den FROM kpi_manual_figures
      WHERE indicator = ${code} AND NOT is_void AND month >= ${range.from}::date AND month < ${range.to}::date`;
  }
  return sql`SELECT DISTINCT ON (f.org_id, me.month) f.org_id, me.month, f.value, NULL::float8 AS den
      FROM ${monthEnds(range)}
      JOIN kpi_manual_figures f ON f.indicator = ${code} AND NOT f.is_void AND f.month <= me.month
     ORDER BY f.org_id, me.month, f.month DESC`;
}

export type RollupSpec = {
  code: string;
  rollup: 'sum' | 'ratio' | 'per_population' | 'distinct';
  periodKind: 'flow' | 'stock';
  manual: boolean;
};

/**
 * Recomputes the subtree roll-ups of months `fromMonth`..`toMonth` of `year` from the facts: every unit's figure is
 * the sum over itself and every unit below it (facts joined to each unit's ancestors by the materialised path). The
 * year-to-date columns continue from the last roll-up before `fromMonth`, so later months must be in the span too.
 * Per-population indicators take the subtree's registered population as the denominator, and get a row (value 0) for
 * every unit with a population, so "no AEDs" reads 0 per 100,000 rather than nothing.
 */
export async function replaceRollups(
  db: Db,
  spec: RollupSpec,
  year: number,
  fromMonth: number,
  toMonth: number,
): Promise<number> {
  const { code } = spec;
  const from = monthStart(year, fromMonth);
  const to = monthStart(toMonth === 12 ? year + 1 : year, toMonth === 12 ? 1 : toMonth + 1);
  await db.execute(sql`DELETE FROM kpi_rollups WHERE indicator = ${code} AND year = ${year}
    AND month >= ${fromMonth} AND month <= ${toMonth}`);
  const isStock = spec.periodKind === 'stock';
  const keepsDen = spec.rollup === 'ratio' || spec.rollup === 'per_population';
  const joined =
    spec.rollup === 'per_population'
      ? sql`SELECT coalesce(a.org_id, g.org_id) AS org_id, coalesce(a.region_id, g.region_id) AS region_id,
                   coalesce(a.month, g.month) AS month, coalesce(a.v, 0) AS v, g.population AS d
              FROM agg a
              FULL JOIN (SELECT p.org_id, r.region_id, m.month, p.population
                           FROM ${unitPopulations(year)} p
                           JOIN ${unitRegions} r ON r.org_id = p.org_id
                           CROSS JOIN generate_series(${fromMonth}::int, ${toMonth}::int) AS m(month)) g
                ON g.org_id = a.org_id AND g.month = a.month`
      : sql`SELECT org_id, region_id, month, v, d FROM agg`;
  const ytdValue = isStock ? sql`j.v` : sql`coalesce(b.ytd_value, 0) + sum(j.v) OVER w`;
  const ytdDen = !keepsDen
    ? sql`NULL::float8`
    : isStock || spec.rollup === 'per_population'
      ? sql`j.d`
      : sql`coalesce(b.ytd_den, 0) + sum(coalesce(j.d, 0)) OVER w`;
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH sums AS (
        SELECT ua.ancestor_id AS org_id, extract(month FROM f.month)::int AS month, sum(f.value) AS v, sum(f.den) AS d
          FROM kpi_facts f JOIN ${unitAncestors} ua ON ua.org_id = f.org_id
         WHERE f.indicator = ${code} AND f.month >= ${from}::date AND f.month < ${to}::date
         GROUP BY 1, 2
      ), agg AS (
        SELECT s.org_id, r.region_id, s.month, s.v, s.d FROM sums s JOIN ${unitRegions} r ON r.org_id = s.org_id
      ), joined AS (${joined}
      ), base AS (
        SELECT DISTINCT ON (org_id) org_id, ytd_value, ytd_den FROM kpi_rollups
         WHERE indicator = ${code} AND year = ${year} AND month < ${fromMonth}
         ORDER BY org_id, month DESC
      ), written AS (
        INSERT INTO kpi_rollups
          (region_id, org_id, year, month, indicator, month_value, month_den, ytd_value, ytd_den, manual)
        SELECT j.region_id, j.org_id, ${year}, j.month, ${code}, j.v, ${keepsDen ? sql`j.d` : sql`NULL::float8`},
               ${ytdValue}, ${ytdDen}, ${spec.manual}
          FROM joined j LEFT JOIN base b ON b.org_id = j.org_id
        WINDOW w AS (PARTITION BY j.org_id ORDER BY j.month)
        RETURNING 1)
      SELECT count(*)::int AS n FROM written`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Recomputes a distinct indicator's roll-ups for months `fromMonth`..`toMonth` of `year` from its keys: each unit
 * counts a key once in a month, and once in the year to date — from the first month it appears in the unit's subtree.
 * Only the keys of the recomputed months are read, and, for those keys alone, whether they appeared earlier in the year.
 */
export async function replaceDistinctRollups(
  db: Db,
  spec: RollupSpec,
  year: number,
  fromMonth: number,
  toMonth: number,
): Promise<number> {
  const { code } = spec;
  const from = monthStart(year, fromMonth);
  const to = monthStart(toMonth === 12 ? year + 1 : year, toMonth === 12 ? 1 : toMonth + 1);
  await db.execute(sql`DELETE FROM kpi_rollups WHERE indicator = ${code} AND year = ${year}
    AND month >= ${fromMonth} AND month <= ${toMonth}`);
  const ytd = spec.periodKind === 'stock' ? sql`mv.v` : sql`coalesce(b.ytd_value, 0) + sum(coalesce(nc.n, 0)) OVER w`;
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH recent AS (
        SELECT ua.ancestor_id AS org_id, extract(month FROM fk.month)::int AS month, fk.key
          FROM kpi_fact_keys fk JOIN ${unitAncestors} ua ON ua.org_id = fk.org_id
         WHERE fk.indicator = ${code} AND fk.month >= ${from}::date AND fk.month < ${to}::date
      ), earlier AS (
        SELECT DISTINCT ua.ancestor_id AS org_id, fk.key
          FROM kpi_fact_keys fk JOIN ${unitAncestors} ua ON ua.org_id = fk.org_id
         WHERE fk.indicator = ${code} AND fk.month >= ${monthStart(year, 1)}::date AND fk.month < ${from}::date
           AND fk.key IN (SELECT DISTINCT key FROM recent)
      ), mv AS (
        SELECT c.org_id, r.region_id, c.month, c.v
          FROM (SELECT org_id, month, count(DISTINCT key)::float8 AS v FROM recent GROUP BY 1, 2) c
          JOIN ${unitRegions} r ON r.org_id = c.org_id
      ), firsts AS (
        SELECT r.org_id, r.key, min(r.month) AS month FROM recent r
         WHERE NOT EXISTS (SELECT 1 FROM earlier e WHERE e.org_id = r.org_id AND e.key = r.key)
         GROUP BY 1, 2
      ), nc AS (
        SELECT org_id, month, count(*)::float8 AS n FROM firsts GROUP BY 1, 2
      ), base AS (
        SELECT DISTINCT ON (org_id) org_id, ytd_value FROM kpi_rollups
         WHERE indicator = ${code} AND year = ${year} AND month < ${fromMonth}
         ORDER BY org_id, month DESC
      ), written AS (
        INSERT INTO kpi_rollups
          (region_id, org_id, year, month, indicator, month_value, month_den, ytd_value, ytd_den, manual)
        SELECT mv.region_id, mv.org_id, ${year}, mv.month, ${code}, mv.v, NULL, ${ytd}, NULL, ${spec.manual}
          FROM mv LEFT JOIN nc ON nc.org_id = mv.org_id AND nc.month = mv.month
          LEFT JOIN base b ON b.org_id = mv.org_id
        WINDOW w AS (PARTITION BY mv.org_id ORDER BY mv.month)
        RETURNING 1)
      SELECT count(*)::int AS n FROM written`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Drops roll-ups of months after `lastMonth` (a month the calendar has not reached must show nothing). */
export async function deleteRollupsAfter(db: Db, code: string, year: number, lastMonth: number): Promise<void> {
  await db.execute(sql`DELETE FROM kpi_rollups WHERE indicator = ${code} AND year = ${year} AND month > ${lastMonth}`);
}

export async function saveRefreshState(db: Db, row: typeof kpiRefreshState.$inferInsert): Promise<void> {
  const { indicator: _i, ...rest } = row;
  await db.insert(kpiRefreshState).values(row).onConflictDoUpdate({ target: kpiRefreshState.indicator, set: rest });
}

export async function listRefreshState(db: Db): Promise<RefreshStateRow[]> {
  return db.select().from(kpiRefreshState).orderBy(asc(kpiRefreshState.indicator));
}

// ------------------------------------------------------------------------------------------------ reads

/** Roll-up rows of these units for months 1..`upToMonth` of a year (all indicators, or those listed). */
export async function listRollups(
  db: Db,
  orgIds: number[],
  year: number,
  upToMonth: number,
  indicators?: string[],
): Promise<RollupRow[]> {
  if (orgIds.length === 0 || indicators?.length === 0) {
    return [];
  }
  return db
    .select()
    .from(kpiRollups)
    .where(
      and(
        inArray(kpiRollups.orgId, orgIds),
        eq(kpiRollups.year, year),
        gte(kpiRollups.month, 1),
        lte(kpiRollups.month, upToMonth),
        indicators ? inArray(kpiRollups.indicator, indicators) : undefined,
      ),
    );
}

/**
 * For each of these units and each indicator, its latest roll-up row at or before `month` of the year: all a figure
 * needs (the year to date of a flow; a stock's level when that row is the month itself). One row per unit and
 * indicator, however many months, so a drill-down into hundreds of units stays small.
 */
export async function listLatestRollups(
  db: Db,
  orgIds: number[],
  year: number,
  month: number,
  indicators?: string[],
): Promise<RollupRow[]> {
  if (orgIds.length === 0 || indicators?.length === 0) {
    return [];
  }
  return db
    .selectDistinctOn([kpiRollups.orgId, kpiRollups.indicator])
    .from(kpiRollups)
    .where(
      and(
        inArray(kpiRollups.orgId, orgIds),
        eq(kpiRollups.year, year),
        lte(kpiRollups.month, month),
        indicators ? inArray(kpiRollups.indicator, indicators) : undefined,
      ),
    )
    .orderBy(kpiRollups.orgId, kpiRollups.indicator, desc(kpiRollups.month));
}

/** Which of these units have any roll-up in the year (inactive units with figures stay visible). */
export async function orgsWithRollups(db: Db, orgIds: number[], year: number): Promise<Set<number>> {
  if (orgIds.length === 0) {
    return new Set();
  }
  const rows = await db
    .selectDistinct({ orgId: kpiRollups.orgId })
    .from(kpiRollups)
    .where(and(inArray(kpiRollups.orgId, orgIds), eq(kpiRollups.year, year)));
  return new Set(rows.map((r) => r.orgId));
}

export function monthStart(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** Writes a staff-entered monthly figure for the demo (the targets part owns entry with evidence files and audit). */
export async function insertDemoManualFigure(
  db: Db,
  row: { regionId: number; orgId: number; indicator: string; month: string; value: number; evidenceNote: string },
): Promise<void> {
  await db.execute(sql`INSERT INTO kpi_manual_figures (region_id, org_id, indicator, month, value, evidence_note, entered_by)
    VALUES (${row.regionId}, ${row.orgId}, ${row.indicator}, ${row.month}::date, ${row.value}, ${row.evidenceNote}, 'system:seed')
    ON CONFLICT DO NOTHING`);
}
