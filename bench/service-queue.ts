// Benchmark (g): the service hall over 1,000,000 requests of a year across a province — a county user's work queue
// (target p99 < 50 ms) and the province's 办结率 per item per city for the year (target < 300 ms) — through the real
// routes (app.inject) and the service calls, against hand-written SQL on the same tables in the same rounds.
// Sizes from the environment: BENCH_SERVICE_REQUESTS (1,000,000; --quick 100,000), BENCH_SERVICE_ROUNDS (5),
// BENCH_SERVICE_ROUND_MS (500).
import { buildApp } from '../server/src/app';
import type { OrgType } from '../server/src/modules/orgs/orgs.schemas';
import { viewStats } from '../server/src/modules/services/service-stats';
import { rebuildStatsRollup } from '../server/src/modules/services/services.repo';
import type { QueuePage, StatsView } from '../server/src/modules/services/services.schemas';
import { ensureServiceReference } from '../server/src/modules/services/services.service';
import { listQueue } from '../server/src/modules/services/work-queue';
import { toChinaDate } from '../server/src/platform/dates';
import { seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchDatabase,
  type BenchOptions,
  type BenchResult,
  type Case,
  createSignedInStaff,
  log,
  measure,
  openBenchDatabase,
  seconds,
  startRssSampler,
  toGroup,
} from './harness';
import { type Measured, percentile } from './timing';

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const cityNames = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];
const countiesPerCity = 8;
const townshipsPerCounty = 4;
const villagesPerTownship = 3;
const pad = (k: number, width: number) => String(k).padStart(width, '0');
const n = (value: number) => value.toLocaleString('en-US');
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

type Division = { code: string; name: string; type: OrgType; parentCode: string | null };

function buildTree(): Division[] {
  const units: Division[] = [{ code: '330000', name: '浙江省', type: 'province', parentCode: null }];
  cityNames.forEach((name, c) => {
    const city = `33${pad(c + 1, 2)}00`;
    units.push({ code: city, name: `${name}市`, type: 'city', parentCode: '330000' });
    for (let k = 1; k <= countiesPerCity; k++) {
      const county = `${city.slice(0, 4)}${pad(k, 2)}`;
      units.push({ code: county, name: `${name}${k}县`, type: 'county', parentCode: city });
      for (let j = 1; j <= townshipsPerCounty; j++) {
        const town = `${county}${pad(j, 3)}`;
        units.push({ code: town, name: `${name}${k}县${j}镇`, type: 'township', parentCode: county });
        for (let v = 1; v <= villagesPerTownship; v++) {
          units.push({
            code: `${town}${pad(v, 3)}`,
            name: `${name}${k}县${j}镇${v}村`,
            type: 'village',
            parentCode: town,
          });
        }
      }
    }
  });
  return units;
}

/** Drops a table's secondary indexes; the returned function rebuilds them from their own pg_indexes definitions. */
async function deferIndexes(bdb: BenchDatabase, table: string) {
  const defs = await bdb.raw<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.tablename = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  for (const d of defs) {
    await bdb.raw(`DROP INDEX "${d.name}"`);
  }
  return async () => {
    for (const d of defs) {
      await bdb.raw(d.def);
    }
  };
}

/**
 * `total` requests over the 365 days up to today, evenly by day, on random villages, of the 14 seeded items (handled
 * by the village's county, or its city for the city-level items), with a status mix by age: most older requests
 * concluded (86% done, 4% rejected, 3% refused, 2% withdrawn, ~7% late), a few stuck open (overdue), and about
 * half of the last ten days' still open. Set-based SQL; the statistics rollup is then rebuilt from the requests.
 */
export async function loadRequests(bdb: BenchDatabase, total: number, today: string) {
  const db = bdb.database.db;
  await db.transaction((tx) => seedDivisions(tx, buildTree()));
  await ensureServiceReference(db);
  await bdb.raw(`CREATE TEMP TABLE bench_villages AS
    SELECT row_number() OVER (ORDER BY v.id) - 1 AS k, v.id AS village_id, c.id AS county_id, c.region_id, ci.id AS city_id
    FROM orgs v JOIN orgs t ON t.id = v.parent_id JOIN orgs c ON c.id = t.parent_id JOIN orgs ci ON ci.id = c.parent_id
    WHERE v.type = 'village'`);
  await bdb.raw(`CREATE TEMP TABLE bench_items AS
    SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, handling_level, time_limit_days FROM service_items`);
  const [{ villages }] = await bdb.raw<{ villages: number }>('SELECT count(*)::int AS villages FROM bench_villages');
  const [{ items }] = await bdb.raw<{ items: number }>('SELECT count(*)::int AS items FROM bench_items');

  const restore = await deferIndexes(bdb, 'service_requests');
  const started = performance.now();
  const chunk = 200_000;
  for (let first = 0; first < total; first += chunk) {
    const last = Math.min(total, first + chunk) - 1;
    await bdb.raw(
      `INSERT INTO service_requests (region_id, id, request_no, item_id, org_id, filed_at_org_id, channel, status,
         applicant_name, applicant_phone_enc, applicant_phone_hash, applicant_phone_masked, form, files, submitted_on,
         submitted_at, accept_due_on, accepted_at, due_on, deadline_on, concluded_at, handling_days, is_on_time, stars,
         rated_at, created_by)
       SELECT x.region_id, gen_random_uuid(), 'S' || to_char(x.day, 'YYYYMMDD') || lpad(upper(to_hex(x.i)), 10, '0'),
              x.item_id, x.org_id, x.village_id, CASE WHEN x.h % 10 < 7 THEN 'online' ELSE 'counter' END, x.status,
              '申请人' || (x.h % 997), 'v1.bench', md5((x.h % 50000)::text), '138****' || lpad((x.h % 10000)::text, 4, '0'),
              '{}'::jsonb, '[]'::jsonb, x.day, x.submitted_at, x.day + 1,
              CASE WHEN x.accepted THEN x.submitted_at + (x.h % 2) * interval '1 day' END,
              CASE WHEN x.accepted THEN x.day + (x.h % 2) + ceil(x.lim * 1.4)::int END,
              CASE WHEN x.status = 'submitted' THEN x.day + 1
                   WHEN x.status IN ('accepted', 'in_progress') THEN x.day + (x.h % 2) + ceil(x.lim * 1.4)::int END,
              CASE WHEN x.status IN ('done', 'rejected') THEN x.submitted_at + ((x.h % 2) + ceil(x.took * 1.4)::int) * interval '1 day'
                   WHEN x.status IN ('refused', 'withdrawn') THEN x.submitted_at + interval '1 day' END,
              CASE WHEN x.status IN ('done', 'rejected') THEN x.took END,
              CASE WHEN x.status IN ('done', 'rejected') THEN x.took <= x.lim END,
              CASE WHEN x.status IN ('done', 'rejected') AND (x.h / 19) % 10 < 6 THEN
                CASE WHEN (x.h / 23) % 20 < 15 THEN 5 WHEN (x.h / 23) % 20 < 18 THEN 4 WHEN (x.h / 23) % 20 < 19 THEN 3 ELSE 1 END END,
              CASE WHEN x.status IN ('done', 'rejected') AND (x.h / 19) % 10 < 6 THEN x.submitted_at + interval '20 days' END,
              'bench'
       FROM (
         SELECT y.*, y.status IN ('accepted', 'in_progress', 'done', 'rejected') AS accepted
         FROM (
           SELECT g.i, g.h, d.day, (d.day::timestamp + interval '9 hours' + (g.h % 28800) * interval '1 second') AT TIME ZONE 'Asia/Shanghai' AS submitted_at,
                  v.region_id, v.village_id, it.id AS item_id, it.time_limit_days AS lim,
                  CASE WHEN it.handling_level = 'city' THEN v.city_id ELSE v.county_id END AS org_id,
                  CASE WHEN (g.h / 17) % 100 < 7 THEN it.time_limit_days + 1 + g.h % 3 ELSE (g.h / 13) % (it.time_limit_days + 1) END AS took,
                  CASE
                    WHEN $3::date - d.day < 3 AND (g.h / 7) % 1000 < 500 THEN 'submitted'
                    WHEN $3::date - d.day < 10 AND (g.h / 7) % 1000 < 450 THEN (ARRAY['accepted', 'in_progress', 'in_progress'])[1 + g.h % 3]
                    WHEN (g.h / 7) % 1000 < 8 THEN 'submitted'
                    WHEN (g.h / 7) % 1000 < 20 THEN 'returned'
                    WHEN (g.h / 7) % 1000 < 45 THEN 'in_progress'
                    WHEN (g.h / 7) % 1000 < 55 THEN 'accepted'
                    WHEN (g.h / 7) % 1000 < 85 THEN 'refused'
                    WHEN (g.h / 7) % 1000 < 105 THEN 'withdrawn'
                    WHEN (g.h / 7) % 1000 < 145 THEN 'rejected'
                    ELSE 'done' END AS status
           FROM (SELECT i, (hashint8(i)::bigint & 2147483647)::int AS h FROM generate_series($1::bigint, $2::bigint) i) g
           CROSS JOIN LATERAL (SELECT $3::date - 364 + (g.i * 365 / $4::bigint)::int AS day) d
           JOIN bench_villages v ON v.k = g.h % $5
           JOIN bench_items it ON it.k = (g.h / 101) % $6
         ) y
       ) x`,
      [first, last, today, total, villages, items],
    );
  }
  const loadS = performance.now() - started;
  await restore();
  await bdb.raw('VACUUM ANALYZE service_requests');
  const indexS = performance.now() - started - loadS;
  await rebuildStatsRollup(db);
  await bdb.raw('VACUUM ANALYZE service_stats_rollup');
  const rollupS = performance.now() - started - loadS - indexS;
  log(
    `loaded ${n(total)} requests in ${seconds(loadS)}, indexes and ANALYZE in ${seconds(indexS)}, the rollup rebuilt in ${seconds(rollupS)}`,
  );
  const [counts] = await bdb.raw<{ open: number; rollup: number; overdue: number }>(
    `SELECT (SELECT count(*)::int FROM service_requests WHERE status IN ('submitted', 'accepted', 'in_progress')) AS open,
            (SELECT count(*)::int FROM service_requests WHERE status IN ('submitted', 'accepted', 'in_progress') AND deadline_on < $1::date) AS overdue,
            (SELECT count(*)::int FROM service_stats_rollup) AS rollup`,
    [today],
  );
  return { villages, ...counts, loadS, rollupS };
}

export async function runServiceQueue(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const total = envInt('BENCH_SERVICE_REQUESTS', opts.quick ? 100_000 : 1_000_000);
  const today = toChinaDate();
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  const bdb = await openBenchDatabase(opts);
  try {
    const data = await loadRequests(bdb, total, today);
    rss.sample();
    const app = await buildApp({
      database: bdb.database,
      logLevel: 'silent',
      rateLimits: false,
      webDist: '/nonexistent',
    });
    await app.ready();
    const db = bdb.database.db;
    const [province] = await bdb.raw<{ id: number; path: string }>(`SELECT id, path FROM orgs WHERE code = '330000'`);
    const [city] = await bdb.raw<{ id: number; path: string; name: string }>(
      `SELECT id, path, name FROM orgs WHERE code = '330600'`,
    );
    // The county with the most open requests (the busiest queue).
    const [county] = await bdb.raw<{ id: number; path: string; name: string; open: number }>(
      `SELECT o.id, o.path, o.name, count(*)::int AS open FROM service_requests r JOIN orgs o ON o.id = r.org_id
       WHERE r.status IN ('submitted', 'accepted', 'in_progress') AND o.type = 'county'
       GROUP BY o.id, o.path, o.name ORDER BY count(*) DESC LIMIT 1`,
    );
    const countyUser = await createSignedInStaff(app, db, {
      username: 'bench_county',
      roleId: 'relief_officer',
      orgId: county.id,
    });
    const cityUser = await createSignedInStaff(app, db, {
      username: 'bench_city',
      roleId: 'branch_admin',
      orgId: city.id,
    });
    const provinceUser = await createSignedInStaff(app, db, {
      username: 'bench_province',
      roleId: 'branch_admin',
      orgId: province.id,
    });
    const get = async (cookie: string, url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) {
        throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
      return res;
    };

    // ------------------------------------------------------------------ the work queue
    const queueSql = `SELECT * FROM service_requests
      WHERE status IN ('submitted', 'accepted', 'in_progress')
        AND org_id IN (SELECT id FROM orgs WHERE path LIKE $1)
      ORDER BY deadline_on, id LIMIT 21`;
    const byHand = await bdb.raw<{ id: string }>(queueSql, [`${county.path}%`]);
    const viaRoute = (await get(countyUser.cookie, '/api/services/queue?limit=20')).json() as QueuePage;
    if (
      viaRoute.items.map((i) => i.id).join() !==
      byHand
        .slice(0, 20)
        .map((r) => r.id)
        .join()
    ) {
      throw new Error('the queue route and the hand-written query disagree');
    }
    const keys = await bdb.raw<{ region_id: number; id: string }>(
      'SELECT region_id, id FROM service_requests TABLESAMPLE BERNOULLI (0.2) LIMIT 2000',
    );
    let next = 0;
    const pickKey = () => keys[next++ % keys.length];
    const second = `/api/services/queue?limit=20&cursor=${viaRoute.nextCursor}`;
    const [cursorDate, cursorId] = String(viaRoute.nextCursor).split('_');
    const queueNextSql = `SELECT * FROM service_requests
      WHERE status IN ('submitted', 'accepted', 'in_progress')
        AND org_id IN (SELECT id FROM orgs WHERE path LIKE $1) AND (deadline_on, id) > ($2::date, $3::uuid)
      ORDER BY deadline_on, id LIMIT 21`;
    const queueCases: Case[] = [
      {
        label: 'raw SQL: a request by primary key (baseline)',
        run: () => {
          const k = pickKey();
          return bdb.raw('SELECT * FROM service_requests WHERE region_id = $1 AND id = $2', [k.region_id, k.id]);
        },
      },
      {
        label: `raw SQL: the county's queue, first 20 (${n(county.open)} open)`,
        run: () => bdb.raw(queueSql, [`${county.path}%`]),
      },
      { label: 'listQueue() service call, county user', run: () => listQueue(db, countyUser.ctx, { limit: 20 }) },
      {
        label: 'GET /api/services/queue, county user, first 20',
        run: () => get(countyUser.cookie, '/api/services/queue?limit=20'),
      },
      { label: 'GET /api/services/queue, county user, next page (cursor)', run: () => get(countyUser.cookie, second) },
      {
        label: 'GET /api/services/queue/counts, county user',
        run: () => get(countyUser.cookie, '/api/services/queue/counts'),
      },
      {
        label: `GET /api/services/queue, city user (${city.name})`,
        run: () => get(cityUser.cookie, '/api/services/queue?limit=20'),
      },
      {
        label: 'GET /api/services/queue, province user',
        run: () => get(provinceUser.cookie, '/api/services/queue?limit=20'),
      },
    ];

    // ------------------------------------------------------------------ statistics
    const statsUrl = `/api/services/stats?orgId=${province.id}&from=${from}&to=${today}`;
    const directSql = `SELECT r.item_id, r.region_id, count(*) AS received,
        count(*) FILTER (WHERE r.accepted_at IS NOT NULL) AS accepted,
        count(*) FILTER (WHERE r.status IN ('done', 'rejected')) AS concluded,
        count(*) FILTER (WHERE r.status IN ('done', 'rejected') AND r.is_on_time) AS on_time,
        sum(r.handling_days) FILTER (WHERE r.status IN ('done', 'rejected')) AS handling_days,
        count(r.stars) AS ratings, sum(r.stars) AS stars, count(*) FILTER (WHERE r.stars >= 4) AS good
      FROM service_requests r WHERE r.submitted_on BETWEEN $1 AND $2 GROUP BY 1, 2`;
    const rollupSql = `SELECT item_id, region_id, sum(received) AS received, sum(accepted) AS accepted,
        sum(done + rejected) AS concluded, sum(concluded_on_time) AS on_time
      FROM service_stats_rollup
      WHERE org_id = 0 AND ((grain = 'month' AND period BETWEEN $1 AND $2) OR (grain = 'day' AND (period BETWEEN $3 AND $4 OR period BETWEEN $5 AND $6)))
      GROUP BY 1, 2`;
    // The same split the service makes: whole months from month rows, the partial months from day rows.
    const { splitRange } = await import('../server/src/modules/services/service-stats');
    const split = splitRange(from, today);
    const rollupParams = [
      split.months?.[0] ?? '1900-01-01',
      split.months?.[1] ?? '1900-01-01',
      split.dayRanges[0]?.[0] ?? '1900-01-01',
      split.dayRanges[0]?.[1] ?? '1900-01-01',
      split.dayRanges[1]?.[0] ?? '1900-01-01',
      split.dayRanges[1]?.[1] ?? '1900-01-01',
    ];
    // The route answers what the requests hold: per city, received and concluded as the direct query counts them.
    const direct = await bdb.raw<{ region_id: number; received: string; concluded: string }>(directSql, [from, today]);
    const stats = (await get(provinceUser.cookie, statsUrl)).json() as StatsView;
    for (const u of stats.byUnit) {
      const rows = direct.filter((d) => d.region_id === u.orgId);
      const received = rows.reduce((s, d) => s + Number(d.received), 0);
      const concluded = rows.reduce((s, d) => s + Number(d.concluded), 0);
      if (received !== u.received || concluded !== u.concluded) {
        throw new Error(`stats disagree for ${u.orgName}: ${u.received}/${u.concluded} vs ${received}/${concluded}`);
      }
    }
    if (stats.totals.received !== total) {
      throw new Error(`stats count ${stats.totals.received} requests, not ${total}`);
    }
    const statsCases: Case[] = [
      {
        label: 'raw SQL: 办结率 per item per city straight from the requests (baseline)',
        run: () => bdb.raw(directSql, [from, today]),
      },
      { label: 'raw SQL: the same from the rollup (region totals)', run: () => bdb.raw(rollupSql, rollupParams) },
      {
        label: 'viewStats() service call, province, a year',
        run: () => viewStats(db, provinceUser.ctx, { orgId: province.id, from, to: today }),
      },
      { label: 'GET /api/services/stats, province, a year', run: () => get(provinceUser.cookie, statsUrl) },
      {
        label: `GET /api/services/stats, ${city.name} by county, a year`,
        run: () => get(cityUser.cookie, `/api/services/stats?orgId=${city.id}&from=${from}&to=${today}`),
      },
      {
        label: 'GET /api/services/stats.xlsx, province, a year',
        run: () => get(provinceUser.cookie, statsUrl.replace('/stats?', '/stats.xlsx?')),
      },
    ];

    const timing = {
      concurrency: 1,
      rounds: envInt('BENCH_SERVICE_ROUNDS', opts.quick ? 3 : 5),
      roundMs: envInt('BENCH_SERVICE_ROUND_MS', opts.quick ? 300 : 500),
      maxOpsPerRound: 5000,
      warmupOps: 20,
    };
    const plans: BenchResult['plans'] = [];
    for (const [title, text, params] of [
      ['county queue (hand-written, as the service sends it)', queueSql, [`${county.path}%`]],
      ['county queue, next page (keyset)', queueNextSql, [`${county.path}%`, cursorDate, cursorId]],
      ['province statistics from the rollup', rollupSql, rollupParams],
      ['province statistics straight from the requests', directSql, [from, today]],
    ] as const) {
      plans.push({ title, text: `${text}\n${await bdb.explain(text, [...params])}` });
    }
    log(`${bdb.version}: ${queueCases.length + statsCases.length} cases`);
    const queueMeasured = await measure(queueCases, timing);
    const statsMeasured = await measure(statsCases, timing);
    rss.sample();
    const p99 = (m: Measured) =>
      percentile(
        [...m.latencies].sort((a, b) => a - b),
        0.99,
      );
    const countyRoute = queueMeasured[3];
    const provinceStats = statsMeasured[3];
    const notes = [
      `p99 (ms): ${[...queueMeasured, ...statsMeasured].map((m) => `${m.label} ${fmt(p99(m))}`).join('; ')}.`,
      `Target (issue): county work queue p99 < 50 ms — ${fmt(p99(countyRoute))} ms through the route, ${
        p99(countyRoute) < 50 ? 'met' : 'MISSED'
      }; province 办结率 per item per city for a year < 300 ms — p99 ${fmt(p99(provinceStats))} ms through the route, ${
        p99(provinceStats) < 300 ? 'met' : 'MISSED'
      }.`,
    ];
    for (const line of notes) {
      log(line);
    }
    await app.close();
    return {
      bench: 'service-queue',
      title: '(g) Service hall: work queue and statistics over a year of requests',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        {
          label: 'Data',
          value: `${n(total)} requests over the 365 days to ${today} on ${n(data.villages)} villages of ${cityNames.length} cities and ${cityNames.length * countiesPerCity} counties (14 items); ${n(data.open)} open (${n(data.overdue)} overdue); rollup ${n(data.rollup)} rows (day and month × item × unit), rebuilt in ${seconds(data.rollupS)}`,
        },
        { label: 'Queue user', value: `relief officer of ${county.name} (${n(county.open)} open requests)` },
      ],
      groups: [
        toGroup(`Work queue over ${n(total)} requests`, queueMeasured, {
          ratioKind: 'slowdown',
          concurrency: '1 client, app.inject',
        }),
        toGroup('Statistics for a year: the rollup against the requests themselves', statsMeasured, {
          ratioKind: 'slowdown',
          concurrency: '1 client, app.inject',
        }),
      ],
      notes,
      plans,
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}
