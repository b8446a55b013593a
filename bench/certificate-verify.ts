// Benchmark (certificates): the public certificate verification over 1,000,000 certificates (target p99 < 20 ms):
// GET /api/training/certificates/verify for random existing numbers (with and without the QR code's code) and for
// numbers that do not exist, over loopback HTTP, against GET /api/health in the same rounds. Server-side latency is
// Fastify's reply.elapsedTime taken in an onResponse hook (request received → response sent).
// Sizes from the environment: BENCH_CERTIFICATES (1,000,000; --quick 100,000), BENCH_CERT_ROUNDS (4),
// BENCH_CERT_ROUND_MS (1000).
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../server/src/app';
import { ensureTrainingReference } from '../server/src/modules/training/training.service';
import { seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchDatabase,
  type BenchOptions,
  type BenchResult,
  log,
  measure,
  openBenchDatabase,
  seconds,
  startRssSampler,
  toGroup,
} from './harness';
import { percentile } from './timing';

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const n = (value: number) => value.toLocaleString('en-US');
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

const tree = [
  { code: '330000', name: '浙江省', type: 'province', parentCode: null },
  { code: '330600', name: '绍兴市', type: 'city', parentCode: '330000' },
  { code: '330681', name: '诸暨市', type: 'county', parentCode: '330600' },
] as const;

/**
 * Certificate i: 100 issuing series (JH3306uu) × 10 years × up to 1,000 numbers each, so i ↦ number is one-to-one:
 * u = i mod 100, year = 2016 + (i div 100) mod 10, sequence = i div 1000 + 1. The code is md5(i)'s first 10 hex digits.
 */
export function certNoOf(i: number): string {
  const unit = String(i % 100).padStart(2, '0');
  const year = 2016 + (Math.floor(i / 100) % 10);
  return `JH3306${unit}-${year}-${String(Math.floor(i / 1000) + 1).padStart(6, '0')}`;
}
const codeOf = (i: number) => crypto.createHash('md5').update(String(i)).digest('hex').slice(0, 10).toUpperCase();

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

async function loadCertificates(bdb: BenchDatabase, total: number, orgId: number, regionId: number, courseId: number) {
  const restore = await deferIndexes(bdb, 'training_certificates');
  const chunk = 200_000;
  for (let first = 0; first < total; first += chunk) {
    const last = Math.min(total, first + chunk) - 1;
    await bdb.raw(
      `INSERT INTO training_certificates (region_id, id, cert_no, org_id, course_id, kind, person_id, person_region_id,
         holder_name, holder_name_masked, id_number_masked, issued_on, valid_until, status, source, verify_code,
         revoke_category, created_by)
       SELECT $3, gen_random_uuid(),
              'JH3306' || lpad((i % 100)::text, 2, '0') || '-' || (2016 + (i / 100) % 10) || '-' || lpad((i / 1000 + 1)::text, 6, '0'),
              $4, $5, 'first_aider', gen_random_uuid(), $3, '持证人' || (i % 9973), '持*人', '330***********' || lpad((i % 10000)::text, 4, '0'),
              d.issued, d.issued + interval '3 years' - interval '1 day',
              CASE WHEN i % 50 = 0 THEN 'revoked' ELSE 'valid' END, 'import',
              upper(substr(md5(i::text), 1, 10)),
              CASE WHEN i % 50 = 0 THEN 'fraud' END, 'bench'
       FROM generate_series($1::bigint, $2::bigint) i
       CROSS JOIN LATERAL (SELECT make_date(2016 + ((i / 100) % 10)::int, 1 + (i % 12)::int, 1 + (i % 28)::int) AS issued) d`,
      [first, last, regionId, orgId, courseId],
    );
    log(`  ${n(last + 1)} certificates`);
  }
  await restore();
  await bdb.raw('ANALYZE training_certificates');
}

type Kind = 'health' | 'full' | 'number' | 'unknown';

export async function runCertificateVerify(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const total = envInt('BENCH_CERTIFICATES', opts.quick ? 100_000 : 1_000_000);
  const rounds = envInt('BENCH_CERT_ROUNDS', opts.quick ? 2 : 4);
  const roundMs = envInt('BENCH_CERT_ROUND_MS', opts.quick ? 300 : 1000);
  const bdb = await openBenchDatabase(opts);
  const db = bdb.database.db;
  try {
    const ids = await db.transaction((tx) => seedDivisions(tx, [...tree]));
    await ensureTrainingReference(db);
    const [{ id: courseId }] = await bdb.raw<{ id: number }>(
      `SELECT id FROM training_courses WHERE code = 'first-aider'`,
    );
    const [{ region_id: regionId }] = await bdb.raw<{ region_id: number }>('SELECT region_id FROM orgs WHERE id = $1', [
      ids.get('330681'),
    ]);
    const loadStarted = performance.now();
    log(`${bdb.version}: loading ${n(total)} certificates`);
    await loadCertificates(bdb, total, ids.get('330681')!, regionId, courseId);
    const loadMs = performance.now() - loadStarted;
    rss.sample();

    const app = await buildApp({
      database: bdb.database,
      logLevel: 'silent',
      rateLimits: false,
      webDist: '/nonexistent',
    });
    const server: Record<Kind, number[]> = { health: [], full: [], number: [], unknown: [] };
    app.addHook('onResponse', async (req, reply) => {
      const url = req.url;
      const kind: Kind | null = url.startsWith('/api/health')
        ? 'health'
        : !url.startsWith('/api/training/certificates/verify')
          ? null
          : reply.statusCode === 404
            ? 'unknown'
            : url.includes('&c=')
              ? 'full'
              : 'number';
      if (kind) {
        server[kind].push(reply.elapsedTime);
      }
    });
    await app.ready();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // Sanity: the three answers are what the page expects.
    const check = async (url: string, status: number) => {
      const res = await app.inject({ method: 'GET', url });
      if (res.statusCode !== status) {
        throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      }
      return res.json();
    };
    const probe = 12_345 % total;
    const full = await check(`/api/training/certificates/verify?no=${certNoOf(probe)}&c=${codeOf(probe)}`, 200);
    if (!full.isCodeVerified || !full.holderNameMasked) {
      throw new Error(`the code did not verify: ${JSON.stringify(full)}`);
    }
    await check(`/api/training/certificates/verify?no=${certNoOf(probe)}`, 200);
    await check('/api/training/certificates/verify?no=JH330699-2020-999999', 404);

    const plans: BenchResult['plans'] = [];
    const statements = await bdb.capture(() =>
      app.inject({ method: 'GET', url: `/api/training/certificates/verify?no=${certNoOf(probe)}&c=${codeOf(probe)}` }),
    );
    for (const [i, st] of statements.entries()) {
      plans.push({
        title: `verify (number and code): statement ${i + 1} of ${statements.length}`,
        text: `${st.text}\n${await bdb.explain(st.text, st.params)}`,
      });
    }

    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const get = (path: string, expect: number) =>
      new Promise<void>((resolve, reject) => {
        http
          .get(`${base}${path}`, { agent }, (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === expect ? resolve() : reject(new Error(`${path}: HTTP ${res.statusCode}`)),
            );
          })
          .on('error', reject);
      });
    const existing = () => crypto.randomInt(0, total);
    // A number of the same shape that no certificate has (sequence beyond any issued).
    const missing = () =>
      `JH3306${String(crypto.randomInt(0, 100)).padStart(2, '0')}-${2016 + crypto.randomInt(0, 10)}-${String(900_000 + crypto.randomInt(0, 99_999)).padStart(6, '0')}`;
    const cases = [
      { label: 'GET /api/health (baseline)', run: () => get('/api/health', 200) },
      {
        label: 'verify an existing number with its QR code (full answer)',
        run: () => {
          const i = existing();
          return get(`/api/training/certificates/verify?no=${certNoOf(i)}&c=${codeOf(i)}`, 200);
        },
      },
      {
        label: 'verify an existing number alone (status and dates)',
        run: () => get(`/api/training/certificates/verify?no=${certNoOf(existing())}`, 200),
      },
      {
        label: 'verify a number that does not exist (404)',
        run: () => get(`/api/training/certificates/verify?no=${missing()}`, 404),
      },
    ];
    const stats = (kind: Kind) => {
      const sorted = [...server[kind]].sort((a, b) => a - b);
      return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), count: sorted.length };
    };
    /** One run of the four cases at a concurrency: client timings and the server-side ones (onResponse). */
    const runAt = async (concurrency: number) => {
      log(`loopback HTTP, ${concurrency} keep-alive connection(s), ${rounds} rounds of ${roundMs} ms per case`);
      for (const k of Object.keys(server) as Kind[]) {
        server[k] = [];
      }
      const measured = await measure(cases, { concurrency, rounds, roundMs, maxOpsPerRound: 50_000, warmupOps: 300 });
      const s = { health: stats('health'), full: stats('full'), number: stats('number'), unknown: stats('unknown') };
      return { concurrency, measured, s, worstP99: Math.max(s.full.p99, s.number.p99, s.unknown.p99) };
    };
    const serial = await runAt(1);
    const parallel = await runAt(8);
    agent.destroy();
    rss.sample();
    await app.close();

    const line = (r: typeof serial, label: string, k: Exclude<Kind, 'health'>) =>
      `${r.concurrency} connection(s), ${label}: server p50 ${fmt(r.s[k].p50)} ms, p99 ${fmt(r.s[k].p99)} ms (${n(r.s[k].count)} requests; /api/health p99 ${fmt(r.s.health.p99)} ms)`;
    const verdict = (r: typeof serial) =>
      `${fmt(r.worstP99)} ms (${r.worstP99 < 20 ? 'met' : 'NOT met'}: target < 20 ms)`;
    return {
      bench: 'certificate-verify',
      title: '(certificates) Public certificate verification',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        { label: 'certificates', value: n(total) },
        { label: 'load (generate_series, indexes built after)', value: seconds(loadMs) },
        { label: 'server-side p99, worst verify case, 1 connection', value: verdict(serial) },
        { label: 'server-side p99, worst verify case, 8 connections', value: verdict(parallel) },
        {
          label: 'server-side p50 / p99, GET /api/health (1 / 8 connections)',
          value: `${fmt(serial.s.health.p50)} / ${fmt(serial.s.health.p99)} ms; ${fmt(parallel.s.health.p50)} / ${fmt(parallel.s.health.p99)} ms`,
        },
      ],
      groups: [serial, parallel].map((r) =>
        toGroup('Loopback HTTP (node:http keep-alive, load generator in the same process)', r.measured, {
          ratioKind: 'slowdown',
          concurrency: `${r.concurrency} connection${r.concurrency > 1 ? 's' : ''}`,
        }),
      ),
      notes: [
        ...[serial, parallel].flatMap((r) => [
          line(r, 'with the QR code (cert_no index probe; unit and course names cached a minute)', 'full'),
          line(r, 'number alone', 'number'),
          line(r, 'unknown number (404)', 'unknown'),
        ]),
        'Server-side = Fastify reply.elapsedTime in an onResponse hook (request parsed → response written). With 8 connections on 2 cores it includes waiting behind the other requests in the event loop, and the load generator runs in the same process.',
        'The public route is rate-limited per client (30 a minute) in production; the benchmark app runs without rate limits.',
      ],
      plans,
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}
