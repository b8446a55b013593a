// What an indicator source is, and the SQL helpers the modules' `<m>.kpi.ts` sources share (China months, month ends).
// A separate file so the sources import it without a cycle through the catalogue.
import { type SQL, sql } from 'drizzle-orm';
import type { IndicatorGroup } from './kpi.schemas';

/** A span of whole China months: `from` and `to` are first days ('2026-03-01'), `from` inclusive, `to` exclusive. */
export type MonthRange = { from: string; to: string };

/**
 * A computed indicator. `source(range)` is a SELECT returning, for each unit and China month of the range, either
 * `(org_id int, month date, value float8, den float8 | null)` — summed per unit and month by the refresh — or, for a
 * `distinct` indicator, `(org_id int, month date, key text)`, one row per thing to count once. Stock indicators
 * return the level at the end of each month of the range. The SQL runs inside the database (INSERT … SELECT).
 */
export type KpiDefinition = {
  code: string;
  group: IndicatorGroup;
  nameZh: string;
  nameEn: string;
  unitZh: string;
  unitEn: string;
  descriptionZh: string;
  descriptionEn: string;
  periodKind: 'flow' | 'stock';
  rollup: 'sum' | 'ratio' | 'per_population' | 'distinct';
  /** Shown value = raw × scale (sum, distinct) or num / den × scale (ratio, per_population). */
  scale: number;
  decimals: number;
  higherIsBetter: boolean;
  source: (range: MonthRange) => SQL;
};

/** The China month (first day, a date) of a timestamptz column. */
export function chinaMonth(column: string): SQL {
  return sql.raw(`date_trunc('month', ${column} AT TIME ZONE 'Asia/Shanghai')::date`);
}

/** The China month (first day) of a date column. */
export function dateMonth(column: string): SQL {
  return sql.raw(`date_trunc('month', ${column})::date`);
}

/** A timestamptz column inside the range's China months. */
export function chinaWithin(column: string, r: MonthRange): SQL {
  const c = sql.raw(column);
  return sql`(${c} >= (${r.from}::timestamp AT TIME ZONE 'Asia/Shanghai') AND ${c} < (${r.to}::timestamp AT TIME ZONE 'Asia/Shanghai'))`;
}

/** A date column inside the range's months. */
export function dateWithin(column: string, r: MonthRange): SQL {
  const c = sql.raw(column);
  return sql`(${c} >= ${r.from}::date AND ${c} < ${r.to}::date)`;
}

/**
 * The months of the range as a FROM item `me(month date, end_date date, end_at timestamptz)`: the month's first day,
 * the first day of the next month, and the instant that month ends in China. Stock sources join their rows to it.
 */
export function monthEnds(r: MonthRange): SQL {
  return sql`(SELECT gm::date AS month, (gm + interval '1 month')::date AS end_date,
      ((gm + interval '1 month') AT TIME ZONE 'Asia/Shanghai') AS end_at
    FROM generate_series(${r.from}::timestamp, ${r.to}::timestamp - interval '1 month', interval '1 month') AS gm) AS me`;
}
