// Benchmark (d): donation intake through the full HTTP path — create order → paid callback → gift, fund entry, lot,
// ledger append, audit, certificate job — from 100 concurrent keep-alive clients in a separate process, against the
// raw single-row INSERT (its own COMMIT) rate measured on the same database in the same run.
// Sizes from the environment: BENCH_INTAKE_CLIENTS (100), BENCH_INTAKE_POOL (10, the server's default pg pool),
// BENCH_INTAKE_ROUNDS (4), BENCH_INTAKE_ROUND_MS (4000).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../server/src/app';
import { createProject, updateProject } from '../server/src/modules/donations/donations.service';
import { createGivingRuntime, deriveLocalPaymentKey } from '../server/src/modules/donations/donations-runtime';
import { deriveLedgerKey } from '../server/src/modules/ledger/ledger-key';
import { seedDivisions } from '../server/src/seed/demo-seed';
import { smallTree } from './auth-overhead';
import {
  type BenchDatabase,
  type BenchOptions,
  type BenchResult,
  benchMasterKey,
  type Group,
  log,
  type Measured,
  openBenchDatabase,
  startRssSampler,
  systemCtx,
  toGroup,
} from './harness';
import type { IntakeLoadReply, IntakeLoadRequest, IntakeLoadResult } from './intake-load';
import { percentile } from './timing';

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

export function intakeSizes(quick: boolean) {
  return {
    clients: envInt('BENCH_INTAKE_CLIENTS', 100),
    pool: envInt('BENCH_INTAKE_POOL', 10),
    rounds: envInt('BENCH_INTAKE_ROUNDS', quick ? 2 : 4),
    roundMs: envInt('BENCH_INTAKE_ROUND_MS', quick ? 1500 : 4000),
  };
}

// ------------------------------------------------------------------------------------------------ load child

type LoadChild = { run(r: IntakeLoadRequest): Promise<IntakeLoadResult>; stop(): void };

function startLoadChild(): LoadChild {
  const child = fork(fileURLToPath(new URL('./intake-load.ts', import.meta.url)), [], {
    execArgv: process.execArgv,
    env: { ...process.env, BOAI_INTAKE_LOAD_CHILD: '1' },
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return {
    run(r) {
      return new Promise((resolve, reject) => {
        if (exited) {
          reject(new Error('the load generator has exited'));
          return;
        }
        const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
        child.once('exit', onExit);
        child.once('message', (reply: IntakeLoadReply) => {
          child.off('exit', onExit);
          if (reply.ok) {
            resolve(reply.result);
          } else {
            reject(new Error(reply.error));
          }
        });
        child.send(r);
      });
    },
    stop() {
      if (!exited && child.connected) {
        child.disconnect();
      }
    },
  };
}

// ------------------------------------------------------------------------------------------------ lock profile

/**
 * Times every transaction that appends to the ledger, as the server sees it, by wrapping pg's Client#query: the wait
 * for the state-row lock (SELECT … FOR UPDATE), how long the lock is held (lock granted → COMMIT answered), the
 * statements sent while holding it and the COMMIT itself. PostgreSQL only (PGlite runs one transaction at a time).
 */
function startLockProfile() {
  type State = { lockedAt?: number; statements: number; stmtMs: number };
  const states = new WeakMap<object, State>();
  const waits: number[] = [];
  const holds: number[] = [];
  const statements: number[] = [];
  const commits: number[] = [];
  const stmtTimes: number[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    const q = args[0];
    const text = typeof q === 'string' ? q : ((q as { text?: string } | undefined)?.text ?? '');
    const t0 = performance.now();
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      result.then(
        () => {
          const t1 = performance.now();
          let s = states.get(this);
          if (!s) {
            s = { statements: 0, stmtMs: 0 };
            states.set(this, s);
          }
          if (/"ledger_state".*for update/is.test(text)) {
            waits.push(t1 - t0);
            s.lockedAt = t1;
            s.statements = 0;
            s.stmtMs = 0;
          } else if (s.lockedAt !== undefined) {
            if (text === 'commit' || text === 'rollback') {
              if (text === 'commit') {
                holds.push(t1 - s.lockedAt);
                statements.push(s.statements);
                commits.push(t1 - t0);
                stmtTimes.push(s.stmtMs);
              }
              s.lockedAt = undefined;
            } else {
              s.statements++;
              s.stmtMs += t1 - t0;
            }
          }
        },
        () => {},
      );
    }
    return result;
  };
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const p = (xs: number[], q: number) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      q,
    );
  return {
    stop() {
      proto.query = original;
      return {
        transactions: holds.length,
        waitMeanMs: mean(waits),
        waitP99Ms: p(waits, 0.99),
        holdMeanMs: mean(holds),
        holdP50Ms: p(holds, 0.5),
        holdP99Ms: p(holds, 0.99),
        statementsUnderLock: mean(statements),
        statementMsUnderLock: mean(stmtTimes),
        commitMeanMs: mean(commits),
      };
    },
  };
}

/** Busy fraction of all CPUs over an interval, from /proc/stat (Linux); null elsewhere. */
function cpuSampler() {
  const read = () => {
    try {
      const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
      const v = line.trim().split(/\s+/).slice(1).map(Number);
      const idle = v[3] + (v[4] ?? 0);
      return { idle, total: v.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  let busy = 0;
  let total = 0;
  return {
    measure<T>(fn: () => Promise<T>): Promise<T> {
      const a = read();
      return fn().finally(() => {
        const b = read();
        if (a && b) {
          busy += b.total - b.idle - (a.total - a.idle);
          total += b.total - a.total;
        }
      });
    },
    busyFraction: () => (total > 0 ? busy / total : null),
  };
}

// ------------------------------------------------------------------------------------------------ the benchmark

/** One raw operation of a baseline: `n` numbers it. */
type RawOp = (n: number) => Promise<unknown>;

/** One statement outside any transaction: it commits on its own (PostgreSQL flushes WAL, synchronous_commit on). */
const rawInsert =
  (bdb: BenchDatabase): RawOp =>
  (n) =>
    bdb.raw('INSERT INTO bench_intake_rows (n, label) VALUES ($1, $2)', [n, `row ${n}`]);

/**
 * The ledger append alone in hand-written SQL, serialised the way appendLedgerEntry is: BEGIN; lock the one state
 * row; insert the entry at its size; bump the size; COMMIT. The cap any design pays while it holds a row lock
 * until COMMIT, with nothing else in the transaction.
 */
function rawAppend(bdb: BenchDatabase): RawOp {
  const leaf = JSON.stringify({ kind: 'donation.received', amountFen: 5000, ref: 'D20260101ABCDEFGHIJ', v: 1 });
  const steps = async (query: (text: string, params?: unknown[]) => Promise<{ rows: { size: string }[] }>) => {
    const { rows } = await query('SELECT size FROM bench_append_state WHERE id = 1 FOR UPDATE');
    await query('INSERT INTO bench_append_entries (index, leaf) VALUES ($1, $2)', [rows[0].size, leaf]);
    await query('UPDATE bench_append_state SET size = size + 1 WHERE id = 1');
  };
  if (bdb.database.pool) {
    const pool = bdb.database.pool;
    return async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await steps((text, params) => client.query(text, params));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    };
  }
  const pglite = bdb.database.pglite!;
  return () =>
    pglite.transaction((tx) =>
      steps((text, params) => tx.query(text, params) as Promise<{ rows: { size: string }[] }>),
    );
}

async function baselineRound(
  op: RawOp,
  clients: number,
  roundMs: number,
  into: Measured,
  seq: { n: number },
): Promise<void> {
  const started = performance.now();
  const deadline = started + roundMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const n = seq.n++;
        const t0 = performance.now();
        await op(n);
        into.latencies.push(performance.now() - t0);
        into.ops++;
      }
    }),
  );
  into.elapsedMs += performance.now() - started;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export async function runDonationIntake(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const size = intakeSizes(opts.quick);
  const bdb = await openBenchDatabase(opts, size.pool);
  const db = bdb.database.db;
  const load = startLoadChild();
  try {
    const idByCode = await db.transaction((tx) => seedDivisions(tx, [...smallTree]));
    const created = await createProject(db, systemCtx, {
      orgId: idByCode.get('330600')!,
      name: '压测募捐项目',
      summary: '基准测试',
      description: '',
      fundKind: 'restricted',
      purpose: '困难群众救助',
      targetFen: 1_000_000_000,
      presetAmountsFen: [1000, 5000],
      startsOn: '2020-01-01',
      endsOn: null,
      isEmergency: false,
    });
    const project = await updateProject(db, systemCtx, created.id, { status: 'open' });
    const giving = createGivingRuntime({ master: benchMasterKey, publicUrl: 'http://boai.bench' });
    const app = await buildApp({
      database: bdb.database,
      logLevel: 'silent',
      rateLimits: false,
      webDist: '/nonexistent',
      giving,
      ledger: deriveLedgerKey(benchMasterKey, 'boai.bench/ledger'),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await bdb.raw(
      'CREATE TABLE bench_intake_rows (id bigserial PRIMARY KEY, n int NOT NULL, label text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
    await bdb.raw('CREATE TABLE bench_append_state (id int PRIMARY KEY, size bigint NOT NULL)');
    await bdb.raw('INSERT INTO bench_append_state VALUES (1, 0)');
    await bdb.raw('CREATE TABLE bench_append_entries (index bigint PRIMARY KEY, leaf text NOT NULL)');
    const insertOp = rawInsert(bdb);
    const appendOp = rawAppend(bdb);

    const target = { baseUrl, projectCode: project.code, localKey: deriveLocalPaymentKey(benchMasterKey) };
    let giftSeq = 0;
    const intakeRound = async (durationMs: number, maxGifts: number) => {
      const r = await load.run({
        ...target,
        concurrency: size.clients,
        durationMs,
        maxGifts,
        seq: giftSeq,
      });
      giftSeq += r.gifts;
      return r;
    };
    log(`${bdb.version}: warm-up`);
    await intakeRound(Math.min(size.roundMs, 1500), 2000);
    const rowSeq = { n: 0 };
    const warm: Measured = { label: 'warm-up', ops: 0, elapsedMs: 0, latencies: [] };
    await baselineRound(insertOp, size.clients, 300, warm, rowSeq);
    await baselineRound(appendOp, size.clients, 300, warm, rowSeq);

    const base100: Measured = {
      label: `raw INSERT, own COMMIT: ${size.clients} concurrent callers (baseline)`,
      ops: 0,
      elapsedMs: 0,
      latencies: [],
    };
    const base1: Measured = { label: 'raw INSERT, own COMMIT: 1 client', ops: 0, elapsedMs: 0, latencies: [] };
    const append: Measured = {
      label: `raw ledger append alone (lock, insert, update, COMMIT): ${size.clients} callers`,
      ops: 0,
      elapsedMs: 0,
      latencies: [],
    };
    const gifts: Measured = {
      label: `gift: order + paid callback, ${size.clients} HTTP clients`,
      ops: 0,
      elapsedMs: 0,
      latencies: [],
    };
    const floor: Measured = {
      label: `HTTP ceiling: 2 × GET /api/health per pair, ${size.clients} HTTP clients`,
      ops: 0,
      elapsedMs: 0,
      latencies: [],
    };
    const callbacks: number[] = [];
    const orders: number[] = [];
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    const cpu = cpuSampler();
    const profile = opts.db === 'postgres' ? startLockProfile() : undefined;
    let serverCpuMs = 0;
    const cases = [
      { m: base100, run: () => baselineRound(insertOp, size.clients, size.roundMs, base100, rowSeq) },
      { m: base1, run: () => baselineRound(insertOp, 1, size.roundMs, base1, rowSeq) },
      { m: append, run: () => baselineRound(appendOp, size.clients, size.roundMs, append, rowSeq) },
      {
        m: gifts,
        run: async () => {
          loopDelay.enable();
          const before = process.cpuUsage();
          const r = await cpu.measure(() => intakeRound(size.roundMs, 1_000_000));
          const used = process.cpuUsage(before);
          serverCpuMs += (used.user + used.system) / 1000;
          loopDelay.disable();
          gifts.ops += r.gifts;
          gifts.elapsedMs += r.elapsedMs;
          gifts.latencies.push(...r.pairMs);
          callbacks.push(...r.callbackMs);
          orders.push(...r.orderMs);
        },
      },
      {
        m: floor,
        run: async () => {
          const r = await load.run({
            ...target,
            concurrency: size.clients,
            durationMs: size.roundMs,
            maxGifts: 1_000_000,
            seq: 0,
            floorPath: '/api/health',
          });
          floor.ops += r.gifts;
          floor.elapsedMs += r.elapsedMs;
          floor.latencies.push(...r.pairMs);
        },
      },
    ];
    for (let round = 0; round < size.rounds; round++) {
      log(`${bdb.version}: round ${round + 1} of ${size.rounds}`);
      for (let k = 0; k < cases.length; k++) {
        await cases[(k + round) % cases.length].run();
      }
      rss.sample();
    }
    const lock = profile?.stop();

    // Open loop: gifts arriving at a fixed rate below what the closed loop sustained, the way donors arrive.
    const openRate = envInt('BENCH_INTAKE_OPEN_RATE', Math.max(5, Math.round((gifts.ops / gifts.elapsedMs) * 500)));
    log(`${bdb.version}: open loop at ${openRate} gifts/s`);
    const open: Measured = {
      label: `gift at a fixed ${openRate}/s (open loop, ≤ ${size.clients} in flight)`,
      ops: 0,
      elapsedMs: 0,
      latencies: [],
    };
    const openCallbacks: number[] = [];
    let shed = 0;
    for (let round = 0; round < Math.max(1, Math.ceil(size.rounds / 2)); round++) {
      const r = await load.run({
        ...target,
        concurrency: size.clients,
        durationMs: size.roundMs,
        maxGifts: 1_000_000,
        seq: giftSeq,
        ratePerSec: openRate,
      });
      giftSeq += r.gifts;
      shed += r.shed;
      open.ops += r.gifts;
      open.elapsedMs += r.elapsedMs;
      open.latencies.push(...r.pairMs);
      openCallbacks.push(...r.callbackMs);
    }
    await app.close();
    load.stop();

    // Every acknowledged gift is there once, with its entry, its job, and a gap-free log.
    const [check] = await bdb.raw<Record<string, string | number | null>>(`
      SELECT (SELECT count(*) FROM donations) AS gifts,
             (SELECT count(*) FROM donation_orders WHERE status = 'paid') AS paid_orders,
             (SELECT count(*) FROM ledger_entries) AS entries,
             (SELECT min(index) FROM ledger_entries) AS min_index,
             (SELECT max(index) FROM ledger_entries) AS max_index,
             (SELECT size FROM ledger_state WHERE id = 1) AS state_size,
             (SELECT count(*) FROM jobs WHERE name = 'donations.certificate') AS certificate_jobs,
             (SELECT count(*) FROM donations d LEFT JOIN ledger_entries e ON e.index = d.ledger_index
               WHERE e.index IS NULL) AS gifts_without_entry`);
    const c = Object.fromEntries(Object.entries(check).map(([k, v]) => [k, Number(v)]));
    const acknowledged = giftSeq;
    const consistent =
      c.gifts === acknowledged &&
      c.paid_orders === acknowledged &&
      c.entries === c.state_size &&
      c.entries === acknowledged &&
      c.min_index === 0 &&
      c.max_index === c.entries - 1 &&
      c.certificate_jobs === acknowledged &&
      c.gifts_without_entry === 0;
    if (!consistent) {
      throw new Error(`intake left an inconsistent database: acknowledged ${acknowledged}, ${JSON.stringify(c)}`);
    }

    const group = toGroup('Gift intake vs raw single-row INSERT', [base100, base1, append, gifts, open, floor], {
      ratioKind: 'speedup',
      concurrency: `${size.clients} concurrent clients; ${opts.db === 'postgres' ? `pg pool of ${size.pool}` : 'one PGlite connection'}`,
    });
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const cb = sorted(callbacks);
    const pair = sorted(gifts.latencies);
    const ord = sorted(orders);
    const ratio = group.rows[3].ratio ?? 0;
    const ocb = sorted(openCallbacks);
    const opair = sorted(open.latencies);
    const cbP99 = percentile(cb, 0.99);
    const notes = [
      `Targets (issue): gifts/s ≥ 50% of the ${size.clients}-caller INSERT rate: ${(ratio * 100).toFixed(0)}% (${ratio >= 0.5 ? 'met' : 'MISSED'}); paid callback p99 < 50 ms: ${fmt(cbP99)} ms with ${size.clients} clients flat out (${cbP99 < 50 ? 'met' : 'MISSED'}), ${fmt(percentile(ocb, 0.99))} ms at ${openRate} gifts/s (${percentile(ocb, 0.99) < 50 ? 'met' : 'MISSED'}).`,
      `HTTP ceiling: the same ${size.clients} clients get ${fmt(floor.ops / (floor.elapsedMs / 1000), 0)} pairs of GET /api/health per second (${fmt((floor.ops / floor.elapsedMs / (base100.ops / base100.elapsedMs)) * 100, 0)}% of the INSERT baseline): no gift path through this server can go faster, whatever the database does.`,
      `Latency (ms) p50 / p95 / p99 — paid callback ${fmt(percentile(cb, 0.5))} / ${fmt(percentile(cb, 0.95))} / ${fmt(cbP99)}; order ${fmt(percentile(ord, 0.5))} / ${fmt(percentile(ord, 0.95))} / ${fmt(percentile(ord, 0.99))}; order + callback ${fmt(percentile(pair, 0.5))} / ${fmt(percentile(pair, 0.95))} / ${fmt(percentile(pair, 0.99))}.`,
      `Open loop at ${openRate} gifts/s (half the closed-loop rate; ${shed} shed): paid callback p50 / p95 / p99 ${fmt(percentile(ocb, 0.5))} / ${fmt(percentile(ocb, 0.95))} / ${fmt(percentile(ocb, 0.99))} ms; order + callback, from when the gift was due, ${fmt(percentile(opair, 0.5))} / ${fmt(percentile(opair, 0.95))} / ${fmt(percentile(opair, 0.99))} ms.`,
      `Baseline: \`INSERT INTO bench_intake_rows (n, label) VALUES ($1, $2)\` sent alone (autocommit: one round trip, its own COMMIT${opts.db === 'postgres' ? ', WAL flushed' : ''}) straight to the driver, from ${size.clients} concurrent callers ${opts.db === 'postgres' ? `over a pg pool of ${size.pool} connections (the server's own pool size)` : 'on the one PGlite connection'}, and from 1 client.`,
      `During intake rounds: machine CPU ${fmt((cpu.busyFraction() ?? Number.NaN) * 100, 0)}% busy (both cores: server, database and load generator); server process CPU ${fmt((serverCpuMs / (gifts.elapsedMs || 1)) * 100, 0)}% of one core; event-loop delay p50 ${fmt(loopDelay.percentile(50) / 1e6)} ms, p99 ${fmt(loopDelay.percentile(99) / 1e6)} ms.`,
      `Checked after the run: ${acknowledged} acknowledged gifts = gifts = paid orders = certificate jobs = ledger entries = state size, indexes 0..${c.max_index} without a gap.`,
    ];
    if (lock) {
      notes.push(
        `Ledger lock (server's view, ${lock.transactions} appends): wait ${fmt(lock.waitMeanMs)} ms mean (p99 ${fmt(lock.waitP99Ms)}); held ${fmt(lock.holdMeanMs)} ms mean (p50 ${fmt(lock.holdP50Ms)}, p99 ${fmt(lock.holdP99Ms)}) — ${fmt(lock.statementsUnderLock)} statements taking ${fmt(lock.statementMsUnderLock)} ms, then COMMIT ${fmt(lock.commitMeanMs)} ms. One lock at a time caps intake at 1000 ÷ ${fmt(lock.holdMeanMs)} ≈ ${fmt(1000 / lock.holdMeanMs, 0)} gifts/s.`,
      );
    } else {
      notes.push(
        'PGlite runs one transaction at a time (a transaction holds its one connection from BEGIN to COMMIT), so the ledger lock adds no wait of its own there.',
      );
    }
    for (const n of notes) {
      log(n);
    }
    return {
      bench: 'donation-intake',
      title: '(d) Donation intake over HTTP',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [
        {
          label: 'Path',
          value:
            'POST /api/public/orders → POST /api/payments/local/notify (signed): gift, fund entry, FIFO lot, ledger append, audit rows, certificate job, one transaction',
        },
        {
          label: 'Clients',
          value: `${size.clients} keep-alive node:http connections from a separate process; ${size.rounds} interleaved rounds × ${(size.roundMs / 1000).toFixed(1)} s`,
        },
      ],
      groups: [group] satisfies Group[],
      notes,
      plans: [],
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    load.stop();
    await bdb.drop();
  }
}
