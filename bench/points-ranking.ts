// Benchmark (points): member points rankings of a province of 700,000 members (issue 7: < 200 ms). The members sit
// in 990 townships of 90 counties of 11 cities (skewed: some townships are much larger), with ~3 ledger entries each
// over three years. Measured: Boai's ranking() (page of 20 with competition ranks, the subtree's count, names and
// unit names) from the maintained per-member totals, for the province (all time and this year), a city, a county and
// a deep page; against the baseline measured in the same run: the same top 20 of the province by a plain
// ORDER BY over the ledger sum (GROUP BY member, joined to the unit path), which is what ranking without the totals
// table costs. Sizes from the environment: BENCH_POINT_MEMBERS (700,000; --quick 70,000), BENCH_POINT_ENTRIES_PER
// (3: entries per member on average).
import type { Database } from '../server/src/db/client';
import { ranking } from '../server/src/modules/members/members-points.service';
import { seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchOptions,
  type BenchResult,
  log,
  measure,
  openBenchDatabase,
  seconds,
  startRssSampler,
  systemCtx,
  toGroup,
} from './harness';
import { percentile } from './timing';

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const n = (value: number) => value.toLocaleString('en-US');
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

type Raw = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** Drops the table's plain indexes before a bulk load; the returned function rebuilds them. */
async function deferIndexes(raw: Raw, table: string) {
  const defs = await raw<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.tablename = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  for (const d of defs) {
    await raw(`DROP INDEX "${d.name}"`);
  }
  return async () => {
    for (const d of defs) {
      await raw(d.def);
    }
  };
}

/** 浙江省 with 11 cities × ~8 counties (90) × 11 townships. */
function divisions() {
  const units: {
    code: string;
    name: string;
    type: 'province' | 'city' | 'county' | 'township';
    parentCode: string | null;
  }[] = [{ code: '330000', name: '浙江省', type: 'province', parentCode: null }];
  let counties = 0;
  for (let c = 1; c <= 11; c++) {
    const city = `33${String(c).padStart(2, '0')}00`;
    units.push({ code: city, name: `市${c}`, type: 'city', parentCode: '330000' });
    const perCity = c <= 2 ? 9 : 8;
    for (let k = 1; k <= perCity && counties < 90; k++, counties++) {
      const county = `33${String(c).padStart(2, '0')}${String(k).padStart(2, '0')}`;
      units.push({ code: county, name: `县${c}-${k}`, type: 'county', parentCode: city });
      for (let t = 1; t <= 11; t++) {
        units.push({
          code: `${county}${String(t).padStart(3, '0')}`,
          name: `镇${c}-${k}-${t}`,
          type: 'township',
          parentCode: county,
        });
      }
    }
  }
  return units;
}

/** The baseline: the province's top 20 summed from the ledger on every call (no maintained totals). */
const baselineSql = `SELECT e.member_id, sum(e.points)::int AS points
  FROM member_point_entries e JOIN orgs o ON o.id = e.org_id
  WHERE o.path LIKE $1
  GROUP BY e.member_id ORDER BY points DESC, e.member_id LIMIT 20`;

export async function runPointsRanking(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const total = envInt('BENCH_POINT_MEMBERS', opts.quick ? 70_000 : 700_000);
  const per = envInt('BENCH_POINT_ENTRIES_PER', 3);
  const bdb = await openBenchDatabase(opts, 2);
  const db = bdb.database.db as Database['db'];
  try {
    const ids = await db.transaction((tx) => seedDivisions(tx, divisions()));
    const provinceId = ids.get('330000')!;
    const cityId = ids.get('330100')!;
    const countyId = ids.get('330101')!;
    const [{ path: provincePath }] = await bdb.raw<{ path: string }>('SELECT path FROM orgs WHERE id = $1', [
      provinceId,
    ]);
    log(`${bdb.version}: ${n(total)} members, ~${per} ledger entries each`);

    const t0 = performance.now();
    const restoreMembers = await deferIndexes(bdb.raw, 'members');
    const restoreEntries = await deferIndexes(bdb.raw, 'member_point_entries');
    const restoreTotals = await deferIndexes(bdb.raw, 'member_point_totals');
    await bdb.raw('SELECT setseed(0.42)');
    // Townships skewed: unit k of N gets members with weight ~ (1 - k/N)^1.5 (a few big towns, many small ones).
    const chunk = 100_000;
    for (let first = 1; first <= total; first += chunk) {
      const last = Math.min(total, first + chunk - 1);
      await bdb.raw(
        `WITH towns AS (SELECT id, region_id, row_number() OVER (ORDER BY id) AS rn, count(*) OVER () AS cnt
                        FROM orgs WHERE type = 'township')
         INSERT INTO members (region_id, id, org_id, member_no, kind, category, tier, status, name, channel, joined_on)
         SELECT t.region_id, gen_random_uuid(), t.id, 'M' || lpad(g::text, 8, '0'), 'individual', 'ordinary',
                'ordinary', 'active', '会员' || g, 'staff', DATE '2020-01-01'
         FROM (SELECT g, 1 + floor(power(random(), 1.6) * 990)::int AS rn FROM generate_series($1::int, $2::int) g) x
         JOIN towns t ON t.rn = x.rn`,
        [first, last],
      );
      // Entries: 0..2·per per member (mean `per`), points like the rules (study 5, spread 10, hours 5–40, breach −20).
      await bdb.raw(
        `INSERT INTO member_point_entries (region_id, id, member_id, org_id, rule_code, category, points, reason, source,
                                           year, occurred_at, created_by)
         SELECT m.region_id, gen_random_uuid(), m.id, m.org_id, r.code, r.category, r.points, '基准', 'staff',
                2024 + (k % 3), TIMESTAMPTZ '2024-03-01 12:00+08' + ((k % 3) * 365 + (random() * 300)::int) * interval '1 day',
                'bench'
         FROM members m
         CROSS JOIN LATERAL generate_series(1, floor(random() * (2 * $3 + 1))::int) k
         CROSS JOIN LATERAL (SELECT (ARRAY['STUDY','SPREAD','HOURS','HOURS','BREACH'])[1 + floor(random() * 5)::int] AS code) c
         CROSS JOIN LATERAL (SELECT c.code,
                  CASE WHEN c.code = 'BREACH' THEN 'prohibited' WHEN c.code = 'HOURS' THEN 'exemplary' ELSE 'basic' END AS category,
                  CASE c.code WHEN 'STUDY' THEN 5 WHEN 'SPREAD' THEN 10 WHEN 'BREACH' THEN -20
                              ELSE 5 * (1 + floor(random() * 8)::int) END AS points) r
         WHERE m.member_no BETWEEN $1 AND $2`,
        [`M${String(first).padStart(8, '0')}`, `M${String(last).padStart(8, '0')}`, per],
      );
      log(`  ${n(last)} members`);
    }
    // The maintained totals, as appendEntries keeps them: one row per member for all time (year 0) and per year.
    await bdb.raw(
      `INSERT INTO member_point_totals (region_id, member_id, year, org_id, org_path, points)
       SELECT e.region_id, e.member_id, y.year, e.org_id, o.path, sum(e.points)::int
       FROM member_point_entries e JOIN orgs o ON o.id = e.org_id
       CROSS JOIN LATERAL (VALUES (0), (e.year)) y(year)
       GROUP BY e.region_id, e.member_id, y.year, e.org_id, o.path`,
    );
    await bdb.raw(
      `INSERT INTO member_point_unit_counts (region_id, org_id, year, members)
       SELECT region_id, org_id, year, count(*)::int FROM member_point_totals GROUP BY region_id, org_id, year`,
    );
    const loadMs = performance.now() - t0;
    const t1 = performance.now();
    await restoreMembers();
    await restoreEntries();
    await restoreTotals();
    await bdb.raw('VACUUM ANALYZE members');
    await bdb.raw('VACUUM ANALYZE member_point_entries');
    await bdb.raw('VACUUM ANALYZE member_point_totals');
    const indexMs = performance.now() - t1;
    const [counts] = await bdb.raw<{ entries: number; totals: number; ranked: number }>(
      `SELECT (SELECT count(*) FROM member_point_entries)::int AS entries,
              (SELECT count(*) FROM member_point_totals)::int AS totals,
              (SELECT count(*) FROM member_point_totals WHERE year = 0)::int AS ranked`,
    );
    log(`  loaded in ${seconds(loadMs)}, indexes + analyze in ${seconds(indexMs)}: ${n(counts.entries)} entries`);
    rss.sample();

    // The two answers must agree: the ranking's top 20 is the ledger sum's top 20.
    const mine = await ranking(db, systemCtx, { orgId: provinceId, limit: 20, offset: 0 });
    const theirs = await bdb.raw<{ member_id: string; points: number }>(baselineSql, [`${provincePath}%`]);
    const agree = mine.items.every((r, i) => r.points === theirs[i].points);
    const year = 2026;
    const cases = [
      {
        label: 'baseline: province top 20 by ORDER BY over the ledger sum (GROUP BY member)',
        run: () => bdb.raw(baselineSql, [`${provincePath}%`]),
      },
      {
        label: 'ranking(): province, all time, page 1 (20) + count',
        run: () => ranking(db, systemCtx, { orgId: provinceId, limit: 20, offset: 0 }),
      },
      {
        label: `ranking(): province, ${year}, page 1`,
        run: () => ranking(db, systemCtx, { orgId: provinceId, year, limit: 20, offset: 0 }),
      },
      {
        label: 'ranking(): province, all time, page 51 (offset 1,000)',
        run: () => ranking(db, systemCtx, { orgId: provinceId, limit: 20, offset: 1000 }),
      },
      {
        label: 'ranking(): a city, all time, page 1',
        run: () => ranking(db, systemCtx, { orgId: cityId, limit: 20, offset: 0 }),
      },
      {
        label: 'ranking(): a county, all time, page 1',
        run: () => ranking(db, systemCtx, { orgId: countyId, limit: 20, offset: 0 }),
      },
    ];
    const measured = await measure(cases, {
      concurrency: 1,
      rounds: opts.quick ? 2 : 3,
      roundMs: opts.quick ? 1500 : 4000,
      maxOpsPerRound: 400,
      warmupOps: 3,
    });
    rss.sample();
    const p = (label: string, q: number) =>
      percentile(
        [...(measured.find((m) => m.label === label)?.latencies ?? [])].sort((a, b) => a - b),
        q,
      );
    const p99s = measured.slice(1).map((m) => p(m.label, 0.99));
    const worst = Math.max(...p99s);
    const [{ a: cityMembers }] = await bdb.raw<{ a: number }>(
      `SELECT count(*)::int AS a FROM member_point_totals WHERE year = 0 AND org_path LIKE (SELECT path || '%' FROM orgs WHERE id = $1)`,
      [cityId],
    );
    const [{ a: countyMembers }] = await bdb.raw<{ a: number }>(
      `SELECT count(*)::int AS a FROM member_point_totals WHERE year = 0 AND org_path LIKE (SELECT path || '%' FROM orgs WHERE id = $1)`,
      [countyId],
    );
    const plan = async (title: string, text: string, params: unknown[]) => ({
      title,
      text: `${text}\n-- params ${JSON.stringify(params)}\n${await bdb.explain(text, params)}`,
    });
    const pageSql = `SELECT region_id, member_id, org_id, points FROM member_point_totals
      WHERE year = $1 AND org_path LIKE $2 ORDER BY points DESC NULLS LAST, member_id LIMIT 20 OFFSET 0`;
    const countSql = `SELECT coalesce(sum(members), 0)::int FROM member_point_unit_counts
      WHERE year = $1 AND org_id IN (SELECT id FROM orgs WHERE path LIKE $2)`;
    const [{ path: countyPath }] = await bdb.raw<{ path: string }>('SELECT path FROM orgs WHERE id = $1', [countyId]);
    const plans = [
      await plan('ranking page, province (rank index walked, path filtered)', pageSql, [0, `${provincePath}%`]),
      await plan('ranking page, county (path index range, top-N sort)', pageSql, [0, `${countyPath}%`]),
      await plan("ranked members of the province (sum of the units' maintained counts)", countSql, [
        0,
        `${provincePath}%`,
      ]),
      await plan('baseline: top 20 from the ledger sum', baselineSql, [`${provincePath}%`]),
    ];
    const [sizes] = await bdb.raw<{ entries: string; totals: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('member_point_entries')) AS entries,
              pg_size_pretty(pg_total_relation_size('member_point_totals')) AS totals`,
    );
    return {
      bench: 'points-ranking',
      title: `(points) Member points rankings, ${n(total)} members of a province`,
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        {
          label: 'members (990 townships, skewed) / ranked (with a total)',
          value: `${n(total)} / ${n(counts.ranked)}`,
        },
        {
          label: 'ledger entries / maintained total rows (all time + per year)',
          value: `${n(counts.entries)} / ${n(counts.totals)}`,
        },
        { label: 'members ranked in the city / the county measured', value: `${n(cityMembers)} / ${n(countyMembers)}` },
        { label: 'table sizes with indexes: ledger / totals', value: `${sizes.entries} / ${sizes.totals}` },
        { label: 'load / indexes + VACUUM ANALYZE', value: `${seconds(loadMs)} / ${seconds(indexMs)}` },
        { label: "ranking()'s top 20 equals the ledger sum's top 20", value: agree ? 'yes' : 'NO' },
        ...measured.map((m) => ({
          label: `${m.label}: p50 / p99`,
          value: `${fmt(p(m.label, 0.5))} / ${fmt(p(m.label, 0.99))} ms`,
        })),
        {
          label: 'worst ranking() p99 (target < 200 ms)',
          value: `${fmt(worst)} ms (${worst < 200 ? 'met' : 'NOT met'})`,
        },
      ],
      groups: [
        toGroup('Rankings, one call after another (ranking() = page + count + names, as the route answers)', measured, {
          ratioKind: 'slowdown',
          concurrency: '1 client',
        }),
      ],
      notes: [
        'ranking() reads member_point_totals, which every ledger append keeps in the same transaction (one row per member for all time, one per year, with the member’s unit path). A page walks member_point_totals_rank_idx (year, points DESC, member_id) and filters the path for big subtrees, or ranges member_point_totals_path_idx (year, org_path text_pattern_ops, points) and sorts the few rows for small ones; the page total is a sum over the subtree’s units of member_point_unit_counts (kept with the totals: +1 when a member gets a first total in a period), not a count over its members.',
        'The baseline sums the whole ledger of the subtree on every call, which is what a ranking without maintained totals costs; both are measured in the same rounds, interleaved.',
        'Ratio = baseline ops/s ÷ the row’s ops/s: the share of the baseline’s time one call takes (0.01 = a hundred times faster than the baseline).',
      ],
      plans,
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}
