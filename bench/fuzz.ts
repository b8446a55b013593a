// The full fuzz run: every registered /api route (but the WebSocket endpoint, which the fuzz test covers with its
// own handshake and frame cases) gets ≥200 seeded cases from server/src/test/fuzz.ts, as a province system
// administrator and anonymously. Counts server errors (must be 0), 4xx without the error shape and refusals that
// changed the database (row-write triggers on every table; must be 0); the rate is set against GET /api/health in
// the same run. BOAI_FUZZ_SEED replays a run; BOAI_FUZZ_CASES overrides the cases per route.
import { buildApp } from '../server/src/app';
import { createGivingRuntime } from '../server/src/modules/donations/donations-runtime';
import { deriveLedgerKey } from '../server/src/modules/ledger/ledger-key';
import { type ErrorCode, errorCodes, statusOf } from '../server/src/platform/errors';
import { seedDivisions } from '../server/src/seed/demo-seed';
import { describeReport, fuzzSeed, installWriteCounter, operationsOf, runFuzz } from '../server/src/test/fuzz';
import { smallTree } from './auth-overhead';
import {
  type BenchOptions,
  type BenchResult,
  benchMasterKey,
  createSignedInStaff,
  log,
  measure,
  openBenchDatabase,
  startRssSampler,
  toGroup,
} from './harness';

const websocketRoutes = new Set(['GET /api/realtime']);

export async function runFuzzBench(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const bdb = await openBenchDatabase(opts);
  const db = bdb.database.db;
  try {
    const idByCode = await db.transaction((tx) => seedDivisions(tx, [...smallTree]));
    const provinceId = idByCode.get('330000')!;
    const cityId = idByCode.get('330600')!;
    const countyId = idByCode.get('330681')!;
    const app = await buildApp({
      database: bdb.database,
      logLevel: 'silent',
      rateLimits: false,
      webDist: '/nonexistent',
      giving: createGivingRuntime({ master: benchMasterKey, publicUrl: 'http://boai.bench' }),
      ledger: deriveLedgerKey(benchMasterKey, 'boai.bench/ledger'),
    });
    await app.ready();
    const other = await createSignedInStaff(app, db, { username: 'fuzz_other', roleId: 'readonly', orgId: countyId });
    let signIns = 0;
    const signIn = async () =>
      (
        await createSignedInStaff(app, db, {
          username: `fuzz_admin${++signIns}`,
          roleId: 'system_admin',
          orgId: provinceId,
        })
      ).cookie;
    const tables = await installWriteCounter((text) => bdb.raw(text));

    const routes = app.boaiRoutes.filter(
      (r) => r.url.startsWith('/api/') && !websocketRoutes.has(`${r.method} ${r.url}`),
    );
    const ops = operationsOf(app.swagger(), routes);
    const seed = fuzzSeed();
    const casesPerRoute = Number(process.env.BOAI_FUZZ_CASES ?? (opts.quick ? 20 : 200));

    log(`${bdb.version}: GET /api/health, the baseline`);
    const [health] = await measure(
      [{ label: 'GET /api/health (baseline)', run: () => app.inject({ method: 'GET', url: '/api/health' }) }],
      { concurrency: 1, rounds: 3, roundMs: opts.quick ? 200 : 500, maxOpsPerRound: 20_000, warmupOps: 100 },
    );
    log(`${routes.length} routes × ${casesPerRoute} cases, seed ${seed}`);
    const report = await runFuzz({
      app,
      exec: (text) => bdb.raw(text),
      ops,
      seed,
      casesPerRoute,
      known: { uuids: [other.userId], ints: [cityId, countyId] },
      signIn,
      knownCodes: new Set(errorCodes),
      statusOf: (code) => statusOf(code as ErrorCode),
    });
    rss.sample();
    await app.close();
    log(describeReport(report));
    for (const f of report.failures.slice(0, 50)) {
      log(`${f.route}\n      ${f.case}\n      ${f.problem}`);
    }

    const group = toGroup(
      'Fuzz cases against the health check (app.inject, one request after another)',
      [
        health,
        {
          label: 'fuzz cases, all routes and families',
          ops: report.cases,
          elapsedMs: report.elapsedMs,
          latencies: report.latencies,
        },
      ],
      { ratioKind: 'slowdown', concurrency: '1 client' },
    );
    if (report.failures.length > 0) {
      throw new Error(
        `fuzz: ${report.serverErrors} server errors, ${report.badShapes} refusals without the error shape, ${report.refusalsWithWrites} refusals that wrote (seed ${seed})`,
      );
    }
    return {
      bench: 'fuzz',
      title: 'Fuzzing every route',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        { label: 'seed (BOAI_FUZZ_SEED)', value: String(seed) },
        { label: 'routes fuzzed (all /api routes but the WebSocket one)', value: String(report.routes) },
        { label: 'cases per route', value: String(casesPerRoute) },
        { label: 'cases', value: String(report.cases) },
        {
          label: 'cases per family',
          value: Object.entries(report.perFamily)
            .map(([f, n]) => `${f} ${n}`)
            .join(', '),
        },
        {
          label: 'answers',
          value: Object.entries(report.perStatus)
            .map(([s, n]) => `${s}×${n}`)
            .join(' '),
        },
        { label: 'server errors (5xx)', value: String(report.serverErrors) },
        { label: '4xx without the error shape', value: String(report.badShapes) },
        {
          label: `refusals that changed the database (write triggers on ${tables} tables)`,
          value: String(report.refusalsWithWrites),
        },
      ],
      groups: [group],
      notes: [
        'Each case is checked after it is answered: no 5xx; a 4xx carries { error: { code, message } } with a catalogue code; the row-write counters of every table are unchanged after a 4xx.',
        'The rate includes generating the case (huge strings, deep nesting) and reading the write counters after every request, so it is a floor on what the routes themselves do.',
      ],
      plans: [],
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}
