// Benchmark (b): what a signed-in request costs over a bare route — in process (app.inject) and over loopback HTTP
// from a separate load-generator process.
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchOptions,
  type BenchResult,
  buildBenchApp,
  createSignedInStaff,
  log,
  type Measured,
  measure,
  openBenchDatabase,
  startRssSampler,
  toGroup,
} from './harness';
import type { LoadReply, LoadRequest, LoadTarget } from './http-load';

/** A tiny province > city > county: this benchmark is about the request path, not the data. */
export const smallTree = [
  { code: '330000', name: '浙江省', type: 'province', parentCode: null },
  { code: '330600', name: '绍兴市', type: 'city', parentCode: '330000' },
  { code: '330681', name: '诸暨市', type: 'county', parentCode: '330600' },
] as const;

/** The baseline: a Fastify instance with one route and nothing else (no plugins, hooks, schemas or database). */
async function buildBareApp(): Promise<FastifyInstance> {
  const bare = Fastify({ logger: false });
  bare.get('/ping', async () => ({ status: 'ok' }));
  await bare.ready();
  return bare;
}

function runLoad(request: LoadRequest): Promise<Measured[]> {
  const child = fork(fileURLToPath(new URL('./http-load.ts', import.meta.url)), [], { execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (reply: LoadReply) => (reply.ok ? resolve(reply.measured) : reject(new Error(reply.error))));
    // Messages already received are emitted before a late 'exit'; once resolved, this reject is a no-op.
    child.once('exit', (code) =>
      setImmediate(() => reject(new Error(`the load generator exited (${code}) without an answer`))),
    );
    child.send(request);
  });
}

export async function runAuthOverhead(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const bdb = await openBenchDatabase(opts);
  const db = bdb.database.db;
  try {
    const idByCode = await db.transaction((tx) => seedDivisions(tx, [...smallTree]));
    const countyId = idByCode.get('330681')!;
    const app = await buildBenchApp(bdb.database);
    const staff = await createSignedInStaff(app, db, { username: 'bench_staff', roleId: 'readonly', orgId: countyId });
    const bare = await buildBareApp();

    const routes = [
      { label: 'bare Fastify GET /ping (baseline)', app: bare, url: '/ping', cookie: undefined },
      { label: 'GET /api/health (public, SELECT 1)', app, url: '/api/health', cookie: undefined },
      { label: 'GET /api/auth/me (session + grants join)', app, url: '/api/auth/me', cookie: staff.cookie },
      { label: `GET /api/orgs/:id (session + 2 queries)`, app, url: `/api/orgs/${countyId}`, cookie: staff.cookie },
    ];
    for (const r of routes) {
      const res = await r.app.inject({ method: 'GET', url: r.url, headers: r.cookie ? { cookie: r.cookie } : {} });
      if (res.statusCode !== 200) {
        throw new Error(`${r.url}: ${res.statusCode} ${res.body}`);
      }
    }

    // What a signed-in request sends to the database, with its plan (planning time matters at this size).
    const plans: BenchResult['plans'] = [];
    const statements = await bdb.capture(() =>
      app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: staff.cookie } }),
    );
    for (const [i, st] of statements.entries()) {
      plans.push({
        title: `GET /api/auth/me: statement ${i + 1} of ${statements.length}`,
        text: `${st.text}\n${await bdb.explain(st.text, st.params)}`,
      });
    }

    log(`${bdb.version}: app.inject, one request after another`);
    const injectTiming = opts.quick ? { rounds: 3, roundMs: 100 } : { rounds: 5, roundMs: 300 };
    const injected = await measure(
      routes.map((r) => ({
        label: r.label,
        run: () => r.app.inject({ method: 'GET', url: r.url, headers: r.cookie ? { cookie: r.cookie } : {} }),
      })),
      { concurrency: 1, ...injectTiming, maxOpsPerRound: 50_000, warmupOps: 200 },
    );
    rss.sample();

    log('loopback HTTP from a separate process, 8 concurrent keep-alive connections');
    await app.listen({ host: '127.0.0.1', port: 0 });
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const base = (a: FastifyInstance) => `http://127.0.0.1:${(a.server.address() as AddressInfo).port}`;
    const targets: LoadTarget[] = routes.map((r) => ({
      label: r.label,
      url: `${base(r.app)}${r.url}`,
      cookie: r.cookie,
    }));
    const concurrency = 8;
    const overHttp = await runLoad({
      targets,
      concurrency,
      ...(opts.quick ? { rounds: 2, roundMs: 200 } : { rounds: 4, roundMs: 500 }),
      maxOpsPerRound: 20_000,
      warmupOps: 200,
    });
    rss.sample();
    await app.close();
    await bare.close();

    const groups = [
      toGroup('In process: app.inject', injected, { ratioKind: 'slowdown', concurrency: '1 client' }),
      toGroup('Loopback HTTP (node:http keep-alive, separate process)', overHttp, {
        ratioKind: 'slowdown',
        concurrency: `${concurrency} connections`,
      }),
    ];
    const ms = (g: (typeof groups)[number], i: number) => 1000 / g.rows[i].opsPerSec;
    return {
      bench: 'auth-overhead',
      title: '(b) Authenticated request overhead',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [],
      groups,
      notes: [
        `In process, resolving the session (one join over sessions, users, grants, roles, orgs) costs ${(ms(groups[0], 2) - ms(groups[0], 1)).toFixed(2)} ms more than /api/health's SELECT 1; the full app stack (cookie, access guard, Zod serialiser, error handler, one SELECT 1) costs ${(ms(groups[0], 1) - ms(groups[0], 0)).toFixed(2)} ms over a bare Fastify route.`,
        'The load generator and the server share the 2 cores, so loopback figures are a floor on what the server alone would do.',
      ],
      plans,
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}
