// Benchmark (e): the public disclosure routes over 1,000,000 gifts — search by donation number, by day, by day and
// amount, and the daily disclosure (一天一公示) of a busy day for the province and for one city — through the real
// routes (app.inject), against a primary-key lookup on the same table.
// Sizes from the environment: BENCH_DISCLOSURE_GIFTS (1,000,000; --quick 100,000), BENCH_DISCLOSURE_ROUNDS (5),
// BENCH_DISCLOSURE_ROUND_MS (600).

import { buildApp } from '../server/src/app';
import { createProject, dailyDisclosure, updateProject } from '../server/src/modules/donations/donations.service';
import { createGivingRuntime } from '../server/src/modules/donations/donations-runtime';
import type { OrgType } from '../server/src/modules/orgs/orgs.schemas';
import { seededRandom } from '../server/src/platform/random';
import { seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchDatabase,
  type BenchOptions,
  type BenchResult,
  benchMasterKey,
  type Case,
  type Group,
  log,
  measure,
  openBenchDatabase,
  seconds,
  startRssSampler,
  systemCtx,
  toGroup,
} from './harness';
import { type Measured, percentile } from './timing';

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

const year = 2025;
/** 99公益日: the busiest giving day of the year in China. */
export const busyDay = `${year}-09-09`;
const ordinaryDay = `${year}-05-14`;
const cityNames = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];
const countiesPerCity = 6;
const projectCount = 120;
/** Amounts donors pick most (fen); one gift in four is some other amount. */
const presetAmounts = [1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 520, 1314, 8800];
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const n = (value: number) => value.toLocaleString('en-US');

type Division = { code: string; name: string; type: OrgType; parentCode: string | null };

function buildTree(): Division[] {
  const units: Division[] = [{ code: '330000', name: '浙江省', type: 'province', parentCode: null }];
  cityNames.forEach((name, c) => {
    const cityCode = `33${pad(c + 1, 2)}00`;
    units.push({ code: cityCode, name: `${name}市`, type: 'city', parentCode: '330000' });
    for (let k = 1; k <= countiesPerCity; k++) {
      units.push({
        code: `${cityCode.slice(0, 4)}${pad(k, 2)}`,
        name: `${name}${k}区`,
        type: 'county',
        parentCode: cityCode,
      });
    }
  });
  return units;
}

/**
 * Gifts per China day of the year: a weekly rhythm, December's year-end giving, the Spring Festival week, and the
 * days around 99公益日 (Sept 7–9), the busiest with 2% of the year's gifts. Sums exactly to `total`.
 */
function giftsPerDay(total: number): { day: string; count: number }[] {
  const days: { day: string; weight: number }[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const d = new Date(t);
    const day = d.toISOString().slice(0, 10);
    let weight = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 1.3 : 1;
    if (d.getUTCMonth() === 11) {
      weight *= 1.6;
    }
    if (day >= `${year}-01-28` && day <= `${year}-02-04`) {
      weight *= 1.8;
    }
    days.push({ day, weight });
  }
  const base = days.reduce((s, d) => s + d.weight, 0);
  // The three days of 99公益日 get fixed shares of the total; the rest is spread by weight.
  const fixed = new Map([
    [`${year}-09-07`, 0.006],
    [`${year}-09-08`, 0.008],
    [busyDay, 0.02],
  ]);
  const rest = 1 - [...fixed.values()].reduce((a, b) => a + b, 0);
  const exact = days.map((d) => (fixed.has(d.day) ? fixed.get(d.day)! : (rest * d.weight) / base) * total);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac);
  for (let k = 0; missing > 0; k++, missing--) {
    counts[order[k % order.length].i]++;
  }
  return days.map((d, i) => ({ day: d.day, count: counts[i] }));
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

type Loaded = { cityId: number; cityName: string; donationNos: string[]; keys: { regionId: number; id: string }[] };

/**
 * The data set: the tree, `projectCount` open projects on cities and counties (restricted and unrestricted), then
 * `total` gifts in ledger order over the year with one fund-journal entry each (0.1% refunded), set-based SQL.
 */
async function loadGifts(bdb: BenchDatabase, total: number): Promise<Loaded> {
  const db = bdb.database.db;
  const idByCode = await db.transaction((tx) => seedDivisions(tx, buildTree()));
  const owners = [...idByCode.entries()].filter(([code]) => code !== '330000');
  const random = seededRandom(2025);
  for (let p = 0; p < projectCount; p++) {
    const [, orgId] = owners[Math.floor(random() * owners.length)];
    const created = await createProject(db, systemCtx, {
      orgId,
      code: `XM${year}${pad(p + 1, 6)}`,
      name: `募捐项目${p + 1}`,
      summary: '基准测试项目',
      description: '',
      fundKind: p % 4 === 0 ? 'unrestricted' : 'restricted',
      purpose: '困难群众救助',
      targetFen: 100_000_000,
      presetAmountsFen: [1000, 5000],
      startsOn: `${year}-01-01`,
      endsOn: null,
      isEmergency: false,
    });
    await updateProject(db, systemCtx, created.id, { status: 'open' });
  }
  // Projects with their fund, weighted: the k-th is picked with probability ∝ 1/(k+1) (a few popular projects).
  await bdb.raw(`CREATE TEMP TABLE bench_projects AS
    SELECT row_number() OVER (ORDER BY p.id) - 1 AS k, p.id AS project_id, p.org_id, p.region_id,
           p.fund_kind, f.id AS fund_id
    FROM donation_projects p
    JOIN funds f ON (p.fund_kind = 'restricted' AND f.project_id = p.id)
                 OR (p.fund_kind = 'unrestricted' AND f.kind = 'general' AND f.org_id = p.org_id)`);
  const days = giftsPerDay(total);
  let first = 0;
  const dayRows = days.map((d) => {
    const row = { ...d, first };
    first += d.count;
    return row;
  });
  await bdb.raw(
    `CREATE TEMP TABLE bench_days AS SELECT * FROM unnest($1::date[], $2::int[], $3::bigint[]) AS t(day, n, first)`,
    [dayRows.map((d) => d.day), dayRows.map((d) => d.count), dayRows.map((d) => d.first)],
  );
  const [{ projects }] = await bdb.raw<{ projects: number }>('SELECT count(*)::int AS projects FROM bench_projects');

  const restoreDonations = await deferIndexes(bdb, 'donations');
  const restoreEntries = await deferIndexes(bdb, 'fund_entries');
  const started = performance.now();
  // g: the gift's place in the year = its ledger index. h: a per-gift hash for the spreads (deterministic).
  await bdb.raw(
    `INSERT INTO donations (region_id, id, donation_no, project_id, fund_id, org_id, channel, amount_fen, donor_kind,
       donor_name, display_name, is_anonymous, message, intent, commitment, provider_txn_id, receipt_status,
       received_at, recorded_by, ledger_index)
     SELECT p.region_id, gen_random_uuid(),
            'D' || to_char(d.day, 'YYYYMMDD') || lpad(upper(to_hex(g.g)), 10, '0'),
            p.project_id, p.fund_id, p.org_id,
            (ARRAY['local','wechat','alipay','wechat','alipay','bank'])[1 + g.h % 6],
            CASE WHEN g.h % 4 = 0 THEN 100 + (g.h / 7) % 200000
                 ELSE ($2::bigint[])[1 + (g.h / 11) % array_length($2::bigint[], 1)] END,
            CASE WHEN g.h % 50 = 0 THEN 'organisation' ELSE 'person' END,
            CASE WHEN g.h % 5 = 0 THEN NULL ELSE '捐赠人' || (g.h % 9973) END,
            CASE WHEN g.h % 5 = 0 THEN '爱心人士' WHEN g.h % 50 = 0 THEN '捐赠单位' || (g.h % 97) ELSE '张*' || (g.h % 10) END,
            g.h % 5 = 0, NULL,
            p.fund_kind,
            md5(g.g::text), 'T' || g.g, 'none',
            (d.day::timestamp + (g.i::float8 / d.n) * interval '86399 seconds') AT TIME ZONE 'Asia/Shanghai',
            'bench', g.g
     FROM bench_days d
     CROSS JOIN LATERAL (
       SELECT d.first + i AS g, i, (hashint8(d.first + i)::bigint & 2147483647) AS h FROM generate_series(0, d.n - 1) i
     ) g
     JOIN bench_projects p ON p.k = floor($1::int * power((g.h % 1000003) / 1000003.0, 2))::int`,
    [projects, presetAmounts],
  );
  const giftsS = performance.now() - started;
  await bdb.raw(
    `INSERT INTO fund_entries (region_id, id, fund_id, kind, amount_fen, donation_id, ledger_index, occurred_at)
     SELECT region_id, gen_random_uuid(), fund_id, 'donation', amount_fen, id, ledger_index, received_at FROM donations`,
  );
  // One gift in a thousand refunded: a refund entry in the fund journal (what the public views check).
  await bdb.raw(
    `INSERT INTO fund_entries (region_id, id, fund_id, kind, amount_fen, donation_id, ledger_index, occurred_at)
     SELECT region_id, gen_random_uuid(), fund_id, 'refund', -amount_fen, id, ledger_index, received_at + interval '3 days'
     FROM donations WHERE ledger_index % 1000 = 7`,
  );
  const entriesS = performance.now() - started - giftsS;
  await restoreDonations();
  await restoreEntries();
  await bdb.raw('VACUUM ANALYZE donations');
  await bdb.raw('VACUUM ANALYZE fund_entries');
  log(
    `loaded ${n(total)} gifts in ${seconds(giftsS)}, their fund entries in ${seconds(entriesS)}, indexes and ANALYZE in ${seconds(performance.now() - started - giftsS - entriesS)}`,
  );
  const [city] = await bdb.raw<{ id: number; name: string }>(
    `SELECT o.id, o.name FROM orgs o JOIN donations d ON d.region_id = o.id
     WHERE o.type = 'city' GROUP BY o.id, o.name ORDER BY count(*) DESC LIMIT 1`,
  );
  const sample = await bdb.raw<{ donation_no: string; region_id: number; id: string }>(
    'SELECT donation_no, region_id, id FROM donations TABLESAMPLE BERNOULLI (0.3) LIMIT 2000',
  );
  return {
    cityId: city.id,
    cityName: city.name,
    donationNos: sample.map((s) => s.donation_no),
    keys: sample.map((s) => ({ regionId: s.region_id, id: s.id })),
  };
}

/** Shortens the long IN lists of a statement and its plan (thousands of parameters or uuids) for the report. */
function abbreviate(text: string): string {
  return text
    .replace(/\((\$\d+)(?:, \$\d+){6,}, (\$\d+)\)/g, '($1, …, $2)')
    .replace(/'\{([^}']{300,})\}'/g, (_, list: string) => {
      const items = list.split(',');
      return `'{${items.slice(0, 2).join(',')},… ${items.length} values}'`;
    });
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export async function runDisclosureSearch(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const total = envInt('BENCH_DISCLOSURE_GIFTS', opts.quick ? 100_000 : 1_000_000);
  const bdb = await openBenchDatabase(opts);
  try {
    const data = await loadGifts(bdb, total);
    rss.sample();
    const app = await buildApp({
      database: bdb.database,
      logLevel: 'silent',
      rateLimits: false,
      webDist: '/nonexistent',
      giving: createGivingRuntime({ master: benchMasterKey, publicUrl: 'http://boai.bench' }),
    });
    await app.ready();
    const [counts] = await bdb.raw<{ busy: number; ordinary: number; city_busy: number }>(
      `SELECT count(*) FILTER (WHERE received_at >= $1::timestamptz AND received_at < $1::timestamptz + interval '1 day')::int AS busy,
              count(*) FILTER (WHERE received_at >= $2::timestamptz AND received_at < $2::timestamptz + interval '1 day')::int AS ordinary,
              count(*) FILTER (WHERE received_at >= $1::timestamptz AND received_at < $1::timestamptz + interval '1 day'
                               AND region_id = $3)::int AS city_busy
       FROM donations`,
      [`${busyDay}T00:00:00+08:00`, `${ordinaryDay}T00:00:00+08:00`, data.cityId],
    );
    const random = seededRandom(99);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const randomDay = () =>
      new Date(Date.UTC(year, 0, 1) + Math.floor(random() * 365) * 86_400_000).toISOString().slice(0, 10);
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      if (res.statusCode !== 200) {
        throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
      return res;
    };
    const routes: { label: string; url: () => string }[] = [
      {
        label: 'search by donation number',
        url: () => `/api/public/disclosure/search?donationNo=${pick(data.donationNos)}`,
      },
      { label: 'search by day (first 20)', url: () => `/api/public/disclosure/search?date=${randomDay()}` },
      {
        label: 'search by day + amount',
        url: () => `/api/public/disclosure/search?date=${randomDay()}&amountFen=${pick(presetAmounts)}`,
      },
      {
        label: 'search by day, 100 of the busy day (a disclosure page of 100)',
        url: () => `/api/public/disclosure/search?date=${busyDay}&limit=100`,
      },
      {
        label: `daily disclosure, province, busy day (${n(counts.busy)} gifts)`,
        url: () => `/api/public/disclosure/daily?date=${busyDay}`,
      },
      {
        label: `daily disclosure, ${data.cityName}, busy day (${n(counts.city_busy)} gifts)`,
        url: () => `/api/public/disclosure/daily?date=${busyDay}&orgId=${data.cityId}`,
      },
      {
        label: `daily disclosure, province, ordinary day (${n(counts.ordinary)} gifts)`,
        url: () => `/api/public/disclosure/daily?date=${ordinaryDay}`,
      },
    ];
    // The routes answer what the data holds (a wrong filter would show here, not as a fast benchmark).
    const byNo = (await get(`/api/public/disclosure/search?donationNo=${data.donationNos[0]}`)).json();
    const busyPage = (await get(`/api/public/disclosure/daily?date=${busyDay}`)).json();
    if (byNo.items.length !== 1 || busyPage.receiptCount !== counts.busy) {
      throw new Error(`unexpected answers: ${byNo.items.length} by number, ${busyPage.receiptCount} vs ${counts.busy}`);
    }

    const baselineCase: Case = {
      label: 'raw SQL: gift by primary key (baseline)',
      run: () => {
        const k = pick(data.keys);
        return bdb.raw('SELECT * FROM donations WHERE region_id = $1 AND id = $2', [k.regionId, k.id]);
      },
    };
    const timing = {
      concurrency: 1,
      rounds: envInt('BENCH_DISCLOSURE_ROUNDS', opts.quick ? 3 : 5),
      roundMs: envInt('BENCH_DISCLOSURE_ROUND_MS', opts.quick ? 300 : 600),
      maxOpsPerRound: 5000,
      warmupOps: 20,
    };
    // Where the time goes: the service without HTTP, and the page query by hand, as written (ORDER BY ledger_index)
    // and ordered by time instead (what an index on (received_at, ledger_index) can return in order).
    const dayRange = (day: string) => {
      const from = new Date(`${day}T00:00:00+08:00`);
      return [from.toISOString(), new Date(from.getTime() + 86_400_000).toISOString()];
    };
    const pageSql = (order: string, withAmount: boolean) =>
      `SELECT * FROM donations WHERE received_at >= $1 AND received_at < $2${withAmount ? ' AND amount_fen = $3' : ''} ORDER BY ${order} LIMIT 20`;
    const extraCases: Case[] = [
      {
        label: 'dailyDisclosure() service call, province, busy day',
        run: () => dailyDisclosure(bdb.database.db, { date: busyDay }),
      },
      {
        label: `dailyDisclosure() service call, ${data.cityName}, busy day`,
        run: () => dailyDisclosure(bdb.database.db, { date: busyDay, orgId: data.cityId }),
      },
      {
        label: 'raw SQL: a day, first 20, ORDER BY ledger_index (as written)',
        run: () => bdb.raw(pageSql('ledger_index', false), dayRange(randomDay())),
      },
      {
        label: 'raw SQL: a day, first 20, ORDER BY received_at, ledger_index',
        run: () => bdb.raw(pageSql('received_at, ledger_index', false), dayRange(randomDay())),
      },
      {
        label: 'raw SQL: a day + amount, ORDER BY ledger_index (as written)',
        run: () => bdb.raw(pageSql('ledger_index', true), [...dayRange(randomDay()), pick(presetAmounts)]),
      },
      {
        label: 'raw SQL: a day + amount, ORDER BY received_at, ledger_index',
        run: () => bdb.raw(pageSql('received_at, ledger_index', true), [...dayRange(randomDay()), pick(presetAmounts)]),
      },
    ];
    const measureAll = async (suffix: string) => {
      const cases: Case[] = [
        { ...baselineCase, label: baselineCase.label + suffix },
        ...routes.map((r) => ({ label: r.label + suffix, run: () => get(r.url()) })),
        ...extraCases.map((c) => ({ ...c, label: c.label + suffix })),
      ];
      log(`${bdb.version}: ${cases.length} cases${suffix}`);
      return measure(cases, timing);
    };
    const split = (m: Measured[]) => ({
      routes: m.slice(0, routes.length + 1),
      extra: [m[0], ...m.slice(routes.length + 1)],
    });

    // EXPLAIN of every statement the slowest cases send, as loaded.
    const plans: BenchResult['plans'] = [];
    const explainRoute = async (label: string, url: string) => {
      const statements = await bdb.capture(() => get(url));
      for (const [i, st] of statements.entries()) {
        const plan = await bdb.explain(st.text, st.params);
        const ms = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0);
        if (ms >= 2) {
          plans.push({
            title: `${label}: statement ${i + 1} of ${statements.length}`,
            text: abbreviate(`${st.text}\n${plan}`),
          });
        }
      }
    };
    for (const r of routes) {
      await explainRoute(r.label, r.url());
    }

    const all = split(await measureAll(''));
    const measured = all.routes;
    rss.sample();
    const groups: Group[] = [
      toGroup(`Public disclosure routes over ${n(total)} gifts`, measured, {
        ratioKind: 'slowdown',
        concurrency: '1 client, app.inject',
      }),
      toGroup('Where the time goes: service calls and the page query by hand', all.extra, {
        ratioKind: 'slowdown',
        concurrency: '1 client',
      }),
    ];
    const p99 = (m: Measured) =>
      percentile(
        [...m.latencies].sort((a, b) => a - b),
        0.99,
      );
    const notes = [
      `p99 (ms): ${[...measured, ...all.extra.slice(1)].map((m) => `${m.label} ${fmt(p99(m))}`).join('; ')}.`,
      `Target (issue): p99 < 50 ms on every public search route: ${
        measured
          .slice(1)
          .filter((m) => p99(m) >= 50)
          .map((m) => m.label)
          .join(', ') || 'met by all'
      }${measured.slice(1).some((m) => p99(m) >= 50) ? ' MISSED' : ''}.`,
    ];
    if (opts.trySql) {
      log(`${bdb.version}: trying ${opts.trySql}`);
      for (const statement of opts.trySql.split(';').filter((s) => s.trim())) {
        await bdb.raw(statement);
      }
      await bdb.raw('ANALYZE');
      const after = split(await measureAll(' [with --try-sql]'));
      groups.push(
        toGroup(`With: ${opts.trySql}`, [measured[0], ...after.routes.slice(1)], {
          ratioKind: 'slowdown',
          concurrency: '1 client, app.inject',
        }),
        toGroup(
          `With: ${opts.trySql} — service calls and the page query by hand`,
          [measured[0], ...after.extra.slice(1)],
          {
            ratioKind: 'slowdown',
            concurrency: '1 client',
          },
        ),
      );
      notes.push(
        `p99 with --try-sql (ms): ${[...after.routes, ...after.extra.slice(1)].map((m) => `${m.label} ${fmt(p99(m))}`).join('; ')}.`,
      );
      for (const r of routes) {
        await explainRoute(`${r.label} [with --try-sql]`, r.url());
      }
    }
    for (const line of notes) {
      log(line);
    }
    await app.close();
    return {
      bench: 'disclosure-search',
      title: '(e) Disclosure search over a year of gifts',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        {
          label: 'Data',
          value: `${n(total)} gifts in ${year} (busiest day ${busyDay}: ${n(counts.busy)}; an ordinary day ${ordinaryDay}: ${n(counts.ordinary)}) on ${projectCount} projects of ${cityNames.length} cities and ${cityNames.length * countiesPerCity} counties, one fund entry each, 0.1% refunded`,
        },
      ],
      groups,
      notes,
      plans,
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}
