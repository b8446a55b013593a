// Benchmark (fanout): responder alert fan-out. 20,000 simulated responders, each with its own public session, hold a
// WebSocket to the server; emergencies are raised through the 120 dispatcher API at points with 200 responders
// within the default 1,000 m radius; we time from just before the API call to each of those 200 clients receiving its
// `alert` frame (target p99 < 300 ms), while the clients send position fixes at 1,000/s (target: sustained).
// Baseline in the same run: a bare realtime publish (pg_notify in a transaction → LISTEN → WebSocket frame) to the same
// 200 clients, i.e. the fan-out path without selection, alert rows or assignment.
//
// The machines allow 20,000 open files per process, so 20,000 sockets cannot sit in one Node process next to its
// database connections: the server runs as BENCH_FANOUT_INSTANCES (default 2) instances on one PostgreSQL — as a
// 2-core machine would run Boai in production — and the clients connect round robin; alerts raised through
// instance 1 reach clients of instance 2 through LISTEN/NOTIFY, as in production. Clients live in 2 child processes.
// PostgreSQL only (PGlite is one process per data directory). Sizes from the environment: BENCH_RESPONDERS (20,000;
// --quick 4,000), BENCH_FANOUT_CLUSTER (200), BENCH_FANOUT_EMERGENCIES (30; --quick 10), BENCH_POSITIONS_PER_S (1,000).
import { type ChildProcess, fork } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTrainingReference } from '../server/src/modules/training/training.service';
import { offsetPoint } from '../server/src/platform/geo';
import { maskPhone } from '../server/src/platform/identity/masking';
import { pii } from '../server/src/platform/pii';
import { seedDivisions } from '../server/src/seed/demo-seed';
import {
  type BenchOptions,
  type BenchResult,
  type Group,
  log,
  openBenchDatabase,
  seconds,
  startRssSampler,
} from './harness';
import { percentile } from './timing';

const here = path.dirname(fileURLToPath(import.meta.url));
const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const n = (value: number) => value.toLocaleString('en-US');
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

const tree = [
  { code: '330000', name: '浙江省', type: 'province', parentCode: null },
  { code: '330600', name: '绍兴市', type: 'city', parentCode: '330000' },
  { code: '330681', name: '诸暨市', type: 'county', parentCode: '330600' },
] as const;

type Child = { proc: ChildProcess; request<T>(msg: Record<string, unknown>, reply: string): Promise<T> };

function spawnChild(script: string, args: string[] = []): Promise<Child> {
  const proc = fork(path.join(here, script), args, {
    execArgv: [...process.execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, Array<(m: unknown) => void>>();
  proc.on('message', (m: { cmd: string }) => {
    const list = waiting.get(m.cmd);
    const fn = list?.shift();
    fn?.(m);
  });
  const wait = <T>(cmd: string) =>
    new Promise<T>((resolve) => {
      const list = waiting.get(cmd) ?? [];
      list.push(resolve as (m: unknown) => void);
      waiting.set(cmd, list);
    });
  const child: Child = {
    proc,
    request<T>(msg: Record<string, unknown>, reply: string) {
      const p = wait<T>(reply);
      proc.send(msg);
      return p;
    },
  };
  return new Promise((resolve, reject) => {
    wait('ready').then(() => resolve(child));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function postJson(port: number, pathname: string, body: unknown, headers: Record<string, string>) {
  const payload = JSON.stringify(body);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

type Arrival = { i: number; event: string; key: string; at: number };

export async function runResponderFanout(opts: BenchOptions): Promise<BenchResult> {
  if (opts.db !== 'postgres') {
    throw new Error('the fan-out benchmark runs on PostgreSQL only (several server processes share one database)');
  }
  const started = performance.now();
  const rss = startRssSampler();
  const total = envInt('BENCH_RESPONDERS', opts.quick ? 4_000 : 20_000);
  const clusterSize = envInt('BENCH_FANOUT_CLUSTER', 200);
  const emergencies = envInt('BENCH_FANOUT_EMERGENCIES', opts.quick ? 10 : 30);
  const positionsPerS = envInt('BENCH_POSITIONS_PER_S', 1_000);
  const instances = envInt('BENCH_FANOUT_INSTANCES', 2);
  const clusters = Math.floor(total / clusterSize);
  const bdb = await openBenchDatabase(opts, 4);
  const db = bdb.database.db;
  const servers: Child[] = [];
  const clientProcs: Child[] = [];
  try {
    // ------------------------------------------------------------------ data: responders in clusters 6 km apart
    const ids = await db.transaction((tx) => seedDivisions(tx, [...tree]));
    await ensureTrainingReference(db);
    const orgId = ids.get('330681')!;
    const [{ region_id: regionId }] = await bdb.raw<{ region_id: number }>('SELECT region_id FROM orgs WHERE id = $1', [
      orgId,
    ]);
    const [{ id: courseId }] = await bdb.raw<{ id: number }>(
      `SELECT id FROM training_courses WHERE code = 'first-aider'`,
    );
    const origin = { lat: 29.2, lng: 119.6 };
    const centres = Array.from({ length: clusters }, (_, c) =>
      offsetPoint(offsetPoint(origin, (c % 10) * 6000, 90), Math.floor(c / 10) * 6000, 0),
    );
    log(
      `${bdb.version}: ${n(total)} responders in ${n(clusters)} clusters of ${clusterSize} (within 800 m of a centre)`,
    );
    const loadStarted = performance.now();
    const people: { token: string; lat: number; lng: number; responderId: string; cluster: number }[] = [];
    const batch = 1000;
    for (let from = 0; from < clusters * clusterSize; from += batch) {
      const rows = Array.from({ length: Math.min(batch, clusters * clusterSize - from) }, (_, k) => {
        const i = from + k;
        const cluster = Math.floor(i / clusterSize);
        const p = offsetPoint(centres[cluster]!, 800 * Math.sqrt(Math.random()), Math.random() * 360);
        const phone = `139${String(i).padStart(8, '0')}`;
        return {
          i,
          cluster,
          ...p,
          phone,
          phoneHash: pii().blindIndex('phone', phone),
          phoneEnc: pii().encrypt(phone),
          accountId: crypto.randomUUID(),
          responderId: crypto.randomUUID(),
          certId: crypto.randomUUID(),
          token: `bench-${crypto.randomBytes(16).toString('hex')}`,
        };
      });
      const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
      await bdb.raw(
        `INSERT INTO public_accounts (id, phone_hash, phone_enc, phone_masked)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
        [col('accountId'), col('phoneHash'), col('phoneEnc'), rows.map((r) => maskPhone(r.phone))],
      );
      await bdb.raw(
        `INSERT INTO sessions (token_hash, public_account_id, expires_at)
         SELECT t, a, now() + interval '1 day' FROM unnest($1::text[], $2::uuid[]) AS u(t, a)`,
        [rows.map((r) => pii().hashToken(r.token)), col('accountId')],
      );
      await bdb.raw(
        `INSERT INTO training_certificates (region_id, id, cert_no, org_id, course_id, kind, person_id, person_region_id,
           holder_name, holder_name_masked, phone_hash, issued_on, valid_until, status, source, verify_code, created_by)
         SELECT $1, c, 'JHB-' || i, $2, $3, 'first_aider', gen_random_uuid(), $1, '测试' || i, '测*', h,
                current_date - 30, current_date + 700, 'valid', 'import', 'X', 'bench'
         FROM unnest($4::uuid[], $5::int[], $6::text[]) AS u(c, i, h)`,
        [regionId, orgId, courseId, col('certId'), col('i'), col('phoneHash')],
      );
      await bdb.raw(
        `INSERT INTO response_responders (region_id, id, account_id, org_id, phone_hash, phone_enc, phone_masked,
           holder_name_masked, certificate_id, cert_no, cert_valid_until, consent_version, consented_at, on_call,
           on_call_since)
         SELECT $1, r, a, $2, h, e, '139****0000', '测*', c, 'JHB-' || i, current_date + 700, $7, now(), true, now()
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $8::uuid[], $9::int[]) AS u(r, a, h, e, c, i)`,
        [
          regionId,
          orgId,
          col('responderId'),
          col('accountId'),
          col('phoneHash'),
          col('phoneEnc'),
          await currentConsentVersion(),
          col('certId'),
          col('i'),
        ],
      );
      await bdb.raw(
        `INSERT INTO response_positions (region_id, responder_id, lat, lng, accuracy_m, fixed_at)
         SELECT $1, r, la, ln, 10, now() FROM unnest($2::uuid[], $3::float8[], $4::float8[]) AS u(r, la, ln)`,
        [regionId, col('responderId'), col('lat'), col('lng')],
      );
      for (const r of rows) {
        people.push({ token: r.token, lat: r.lat, lng: r.lng, responderId: r.responderId, cluster: r.cluster });
      }
    }
    // Two ready, always-open AEDs per cluster (the alert carries the nearest).
    await bdb.raw(
      `INSERT INTO aeds (region_id, id, code, org_id, brand, model, serial_no, lat, lng, address, is_24h, open_hours,
         status, created_by)
       SELECT $1, gen_random_uuid(), 'AED-B-' || k, $2, 'Bench', 'B1', 'S' || k, la, ln, '测试地址', true,
              array_fill(16777215, ARRAY[7]), 'ready', 'bench'
       FROM unnest($3::int[], $4::float8[], $5::float8[]) AS u(k, la, ln)`,
      [
        regionId,
        orgId,
        centres.flatMap((_, c) => [2 * c, 2 * c + 1]),
        centres.flatMap((c) => [offsetPoint(c, 150, 45).lat, offsetPoint(c, 500, 200).lat]),
        centres.flatMap((c) => [offsetPoint(c, 150, 45).lng, offsetPoint(c, 500, 200).lng]),
      ],
    );
    await bdb.raw('ANALYZE');
    const key = await issueBenchDispatchKey(bdb, orgId);
    const loadMs = performance.now() - loadStarted;
    log(`loaded in ${seconds(loadMs)}`);

    // ------------------------------------------------------------------ servers and clients
    const url = new URL(opts.postgresUrl!);
    url.pathname = `/${(await bdb.raw<{ d: string }>('SELECT current_database() AS d'))[0].d}`;
    const basePort = 3900 + Math.floor(Math.random() * 50) * 2;
    for (let s = 0; s < instances; s++) {
      servers.push(await spawnChild('fanout-server.ts', [`--url=${url.toString()}`, `--port=${basePort + s}`]));
    }
    const clientChildren = 2;
    for (let c = 0; c < clientChildren; c++) {
      clientProcs.push(await spawnChild('fanout-clients.ts'));
    }
    // Client j of child c is responder c + j*clientChildren; it talks to instance (index mod instances).
    const shares = clientProcs.map((_, c) => people.filter((_, i) => i % clientChildren === c));
    const connectStarted = performance.now();
    const connected = await Promise.all(
      clientProcs.map((proc, c) =>
        proc.request<{ ok: number; failed: number; ms: number }>(
          {
            cmd: 'connect',
            concurrency: 100,
            clients: shares[c]!.map((p, j) => ({
              cookie: `boai_session=${p.token}`,
              url: `ws://127.0.0.1:${basePort + ((j * clientChildren + c) % instances)}/api/realtime`,
              lat: p.lat,
              lng: p.lng,
            })),
          },
          'connected',
        ),
      ),
    );
    const connectMs = performance.now() - connectStarted;
    const connectedOk = connected.reduce((s, r) => s + r.ok, 0);
    log(`connected ${n(connectedOk)} of ${n(people.length)} WebSockets in ${seconds(connectMs)}`);
    if (connectedOk < people.length) {
      throw new Error(`only ${connectedOk} of ${people.length} clients connected`);
    }
    // Baseline topics: client → bench:<global index>.
    await Promise.all(
      clientProcs.map((proc, c) =>
        proc.request(
          { cmd: 'subscribe', topics: shares[c]!.map((_, j) => `bench:${j * clientChildren + c}`) },
          'subscribed',
        ),
      ),
    );
    await sleep(1000);
    const collect = async () => {
      const parts = await Promise.all(
        clientProcs.map((proc, c) =>
          proc
            .request<{ arrivals: Arrival[]; positionsSent: number; positionErrors: number }>(
              { cmd: 'collect' },
              'collected',
            )
            .then((r) => ({ ...r, arrivals: r.arrivals.map((a) => ({ ...a, i: a.i * clientChildren + c })) })),
        ),
      );
      return {
        arrivals: parts.flatMap((p) => p.arrivals),
        positionsSent: parts.reduce((s, p) => s + p.positionsSent, 0),
        positionErrors: parts.reduce((s, p) => s + p.positionErrors, 0),
      };
    };
    await collect();

    // ------------------------------------------------------------------ baseline: bare publish to 200 clients
    const baseline: number[] = [];
    const bareRounds = Math.min(clusters, emergencies);
    // One untimed round first: the first frames after 20,000 connects meet cold code paths and a pending GC.
    for (let k = -1; k < bareRounds; k++) {
      const members = people.map((p, i) => (p.cluster === Math.max(0, k) ? i : -1)).filter((i) => i >= 0);
      const keyK = `bare-${k}`;
      const t0 = now();
      await servers[0]!.request({ cmd: 'publish', key: keyK, topics: members.map((i) => `bench:${i}`) }, 'published');
      await sleep(400);
      const got = (await collect()).arrivals.filter((a) => a.key === keyK);
      if (k >= 0) {
        baseline.push(...got.map((a) => a.at - t0));
      }
      if (got.length !== members.length) {
        log(`baseline round ${k}: ${got.length} of ${members.length} frames arrived`);
      }
    }

    // ------------------------------------------------------------------ alerts while positions stream at 1,000/s
    const [{ c: fixesBefore }] = await bdb.raw<{ c: number }>(
      `SELECT count(*)::int AS c FROM response_positions WHERE fixed_at > now() - interval '1 second'`,
    );
    await Promise.all(
      clientProcs.map((proc) =>
        proc.request({ cmd: 'positions', perSecond: positionsPerS / clientChildren }, 'positions-started'),
      ),
    );
    const streamStarted = now();
    await sleep(2000);
    const alertLatencies: number[] = [];
    const apiLatencies: number[] = [];
    let delivered = 0;
    let expected = 0;
    const missing: string[] = [];
    for (let k = 0; k < emergencies; k++) {
      const cluster = clusters - 1 - (k % clusters);
      const centre = centres[cluster]!;
      const inRange = people.filter((p) => p.cluster === cluster).length;
      const t0 = now();
      const res = await postJson(
        basePort,
        '/api/response/dispatch/emergencies',
        { lat: centre.lat, lng: centre.lng, address: `测试地点 ${k}`, note: 'bench', externalId: `bench-${k}` },
        { authorization: `Bearer ${key}` },
      );
      apiLatencies.push(now() - t0);
      if (res.status !== 201) {
        throw new Error(`raise failed: ${res.status} ${res.body}`);
      }
      const emergencyId = (JSON.parse(res.body) as { id: string }).id;
      await sleep(700);
      const got = (await collect()).arrivals.filter((a) => a.event === 'alert' && a.key === emergencyId);
      alertLatencies.push(...got.map((a) => a.at - t0));
      delivered += got.length;
      expected += inRange;
      if (got.length !== inRange) {
        missing.push(`emergency ${k}: ${got.length} of ${inRange}`);
      }
      await sleep(300);
    }
    const streamMs = now() - streamStarted;
    const final = await collect();
    await Promise.all(clientProcs.map((proc) => proc.request({ cmd: 'positions', perSecond: 0 }, 'positions-started')));
    await sleep(1000);
    const positionsSent = final.positionsSent;
    // Fixes the database holds from the streaming window (each responder's row keeps only its latest fix).
    const [{ c: fixesFresh }] = await bdb.raw<{ c: number }>(
      `SELECT count(*)::int AS c FROM response_positions WHERE fixed_at > to_timestamp($1 / 1000.0)`,
      [streamStarted],
    );
    const serverStats = await Promise.all(
      servers.map((s) =>
        s.request<{ rssMb: number; cpuMs: number; realtime: { received: number; delivered: number } }>(
          { cmd: 'stats' },
          'stats',
        ),
      ),
    );

    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const b = sorted(baseline);
    const a = sorted(alertLatencies);
    const api = sorted(apiLatencies);
    const row = (label: string, xs: number[], isBaseline: boolean, base?: number[]) => ({
      label,
      opsPerSec: 0,
      p50Ms: percentile(xs, 0.5),
      p95Ms: percentile(xs, 0.95),
      ops: xs.length,
      ratio: base ? percentile(xs, 0.5) / percentile(base, 0.5) : null,
      isBaseline,
    });
    const group: Group = {
      title: `Alert frames received by the ${clusterSize} responders in range, ${n(total)} connected, positions at ${n(positionsPerS)}/s`,
      ratioKind: 'slowdown',
      concurrency: `${instances} server instances, ${clientChildren} client processes`,
      rows: [
        row('bare realtime publish to the same clients (baseline)', b, true),
        row('dispatcher API call → alert frame at the responder', a, false, b),
        row('dispatcher API call → HTTP response', api, false, b),
      ],
    };
    const positionRate = (positionsSent / streamMs) * 1000;
    const notes = [
      `p99: alert ${fmt(percentile(a, 0.99))} ms (target < 300 ms), baseline ${fmt(percentile(b, 0.99))} ms, API response ${fmt(percentile(api, 0.99))} ms; max alert ${fmt(a[a.length - 1] ?? 0)} ms. Ratio column: p50 ÷ the baseline's p50.`,
      `alerts delivered ${n(delivered)} of ${n(expected)} expected over ${emergencies} emergencies${missing.length ? ` (${missing.join('; ')})` : ''}.`,
      `positions sent ${n(positionsSent)} in ${seconds(streamMs)} = ${n(Math.round(positionRate))}/s (target 1,000/s); refused ${n(final.positionErrors)}; responders whose stored fix is from the streaming window: ${n(fixesFresh)} (before: ${n(fixesBefore)}).`,
      `server instances: ${serverStats.map((s, i) => `#${i + 1} peak RSS ${s.rssMb} MB, CPU ${seconds(s.cpuMs)}, realtime events received ${n(s.realtime.received)}, frames delivered ${n(s.realtime.delivered)}`).join('; ')}.`,
      `${instances} server instance(s) on one PostgreSQL, clients round robin: these machines allow 20,000 open files per process, so 20,000 sockets cannot share one Node process with its database connections; alerts raised through instance 1 reach the other instances' clients through LISTEN/NOTIFY, as in production.`,
      ...(delivered === expected ? [] : ['CHECK FAILED: not every responder in range received its alert']),
    ];
    for (const line of notes) {
      log(line);
    }
    return {
      bench: 'fanout',
      title: 'Responder alert fan-out over WebSocket',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        { label: 'Responders connected (own sessions, on call, with a fix)', value: n(connectedOk) },
        { label: 'Connect time (100 at a time)', value: seconds(connectMs) },
        { label: 'Server instances / client processes', value: `${instances} / ${clientChildren}` },
        { label: 'Emergencies raised (200 in range each)', value: n(emergencies) },
        {
          label: 'p99 alert / baseline / API response',
          value: `${fmt(percentile(a, 0.99))} / ${fmt(percentile(b, 0.99))} / ${fmt(percentile(api, 0.99))} ms`,
        },
        { label: 'Position fixes sent while raising', value: `${n(Math.round(positionRate))}/s` },
        { label: 'Load time', value: seconds(loadMs) },
      ],
      groups: [group],
      notes,
      plans: [],
      peakRssMb: Math.max(rss.stop(), ...serverStats.map((s) => s.rssMb)),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    for (const c of clientProcs) {
      c.proc.send({ cmd: 'close' });
    }
    for (const s of servers) {
      s.proc.send({ cmd: 'close' });
    }
    await sleep(1500);
    for (const p of [...clientProcs, ...servers]) {
      p.proc.kill('SIGKILL');
    }
    await bdb.drop();
  }
}

/** The consent version responders accept (the response module's current text). */
async function currentConsentVersion(): Promise<string> {
  const m = await import('../server/src/modules/response/response-consent').catch(() => null);
  return (m as { consentVersion?: string } | null)?.consentVersion ?? '1';
}

/** A dispatcher API key for the bench's 120 centre, made the way the console makes one. */
async function issueBenchDispatchKey(
  bdb: Awaited<ReturnType<typeof openBenchDatabase>>,
  orgId: number,
): Promise<string> {
  const id = crypto.randomUUID();
  const secret = crypto.randomBytes(24).toString('base64url');
  await bdb.raw(
    `INSERT INTO response_dispatch_keys (id, name, org_id, secret_hash, created_by) VALUES ($1, 'bench 120', $2, $3, 'bench')`,
    [id, orgId, crypto.createHash('sha256').update(secret).digest('hex')],
  );
  return `${id}.${secret}`;
}
