// Crash test: the real server (`boai serve`) in a child process takes online gifts from concurrent clients, is killed
// with SIGKILL at a random moment, and restarted on the same data. Then: every gift acknowledged to a client exists
// exactly once (by order and by provider transaction id), no gift lacks its paid order, the log's entries are the
// state's size with indexes 0..n-1, every gift's entry holds its amount, and the Merkle root recomputed from every
// leaf equals the root of a freshly signed, verified checkpoint. Several rounds per database; PASS/FAIL, exit code.
//
//   npm run bench -- crash [--db=pglite|postgres|both] [--rounds=3] [--clients=20]
//   node --import tsx bench/crash-test.ts [same options]
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL names the server; a fresh boai_crash_<random> database is
// created there and dropped afterwards. PGlite: a temporary data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openPglite, openPostgres } from '../server/src/db/client';
import { migrateDatabase } from '../server/src/db/migrate';
import { createProject, updateProject } from '../server/src/modules/donations/donations.service';
import { deriveLocalPaymentKey } from '../server/src/modules/donations/donations-runtime';
import { verifyCheckpoint } from '../server/src/modules/ledger/checkpoint';
import { signCheckpoint } from '../server/src/modules/ledger/ledger.service';
import { deriveLedgerKey } from '../server/src/modules/ledger/ledger-key';
import { leafHash, rootHash } from '../server/src/modules/ledger/merkle';
import { configurePii, createPii, derivePiiKeys } from '../server/src/platform/pii';
import { systemActor } from '../server/src/platform/rbac/actor';
import { syncBuiltinRoles } from '../server/src/platform/rbac/rbac.service';
import { seedDivisions } from '../server/src/seed/demo-seed';
import { adminQuery, withDatabase } from '../server/src/test/template';
import { smallTree } from './auth-overhead';
import { createOrder, donorAddress, type GiftTarget, request, sendPaidNotification } from './intake-load';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const secretKeyHex = 'c0ffee'.repeat(11).slice(0, 64);
const master = Buffer.from(secretKeyHex, 'hex');
const ledgerOrigin = 'boai.crash-test/ledger';
const ctx = { actor: systemActor('crash-test'), requestId: null, ip: null, locale: 'zh' as const };
configurePii(createPii(derivePiiKeys(master)));

type DbKind = 'pglite' | 'postgres';
type Options = { dbs: DbKind[]; rounds: number; clients: number; postgresUrl?: string };

function parseOptions(argv: string[]): Options {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = /^--(db|rounds|clients)=(.+)$/.exec(a);
    if (!m) {
      throw new Error(`unknown argument ${a} (known: --db=pglite|postgres|both --rounds=N --clients=N)`);
    }
    args.set(m[1], m[2]);
  }
  const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
  const db = args.get('db') ?? (postgresUrl ? 'both' : 'pglite');
  const dbs: DbKind[] = db === 'both' ? ['pglite', 'postgres'] : [db as DbKind];
  if (!dbs.every((d) => d === 'pglite' || d === 'postgres')) {
    throw new Error(`--db must be pglite, postgres or both, not ${db}`);
  }
  if (dbs.includes('postgres') && !postgresUrl) {
    throw new Error('--db=postgres needs a server: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)');
  }
  const int = (name: string, env: string, fallback: number) => {
    const v = Number(args.get(name) ?? process.env[env] ?? fallback);
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`--${name} must be a positive integer`);
    }
    return v;
  };
  return {
    dbs,
    rounds: int('rounds', 'BENCH_CRASH_ROUNDS', 3),
    clients: int('clients', 'BENCH_CRASH_CLIENTS', 20),
    postgresUrl,
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------------------------------------ the data under test

type Store = {
  kind: DbKind;
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
};

async function createStore(kind: DbKind, postgresUrl: string | undefined, dir: string): Promise<Store> {
  if (kind === 'postgres') {
    const name = `boai_crash_${crypto.randomBytes(5).toString('hex')}`;
    await adminQuery(postgresUrl!, `CREATE DATABASE ${name}`);
    const url = withDatabase(postgresUrl!, name);
    return {
      kind,
      env: { DATABASE_URL: url },
      open: () => openPostgres(url, { max: 4 }),
      drop: () => adminQuery(postgresUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dataDir = path.join(dir, 'data');
  return {
    kind,
    env: { BOAI_DATA_DIR: dataDir },
    open: () => openPglite({ dataDir }),
    drop: async () => {},
  };
}

/** Migrates and creates an open project, as staff would, before the server first starts. Returns its code. */
async function prepare(store: Store): Promise<string> {
  const database = await store.open();
  try {
    await migrateDatabase(database);
    await syncBuiltinRoles(database.db);
    const idByCode = await database.db.transaction((tx) => seedDivisions(tx, [...smallTree]));
    const project = await createProject(database.db, ctx, {
      orgId: idByCode.get('330681')!,
      name: '崩溃测试募捐项目',
      summary: '崩溃恢复测试',
      description: '',
      fundKind: 'restricted',
      purpose: '困难群众救助',
      targetFen: 1_000_000_000,
      presetAmountsFen: [1000, 5000],
      startsOn: '2020-01-01',
      endsOn: null,
      isEmergency: false,
    });
    await updateProject(database.db, ctx, project.id, { status: 'open' });
    return project.code;
  } finally {
    await database.close();
  }
}

// ------------------------------------------------------------------------------------------------ the server

type Server = { child: ChildProcess; baseUrl: string; exited: Promise<number | null> };

// Servers still running when this process ends (an error, Ctrl-C) are killed with it.
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) {
    c.kill('SIGKILL');
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

async function startServer(store: Store, logFile: string): Promise<Server> {
  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(root, 'server/bin/boai.mjs'), 'serve'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      ...store.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BOAI_DEMO_SEED: 'false',
      // The load generator stands in for the reverse proxy on loopback, spreading donors over the per-IP limits.
      BOAI_TRUST_PROXY: 'loopback',
      BOAI_SECRET_KEY: secretKeyHex,
      BOAI_LEDGER_ORIGIN: ledgerOrigin,
      LOG_LEVEL: 'warn',
      BOAI_JOBS: process.env.BENCH_CRASH_JOBS === 'off' ? 'off' : 'on',
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: false });
  const deadline = Date.now() + 120_000;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline && !gone) {
    try {
      const res = await request(agent, `${baseUrl}/api/health`, { timeoutMs: 2000 });
      if (res.status === 200) {
        return { child, baseUrl, exited };
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not come up (see ${logFile}):\n${tail(logFile)}`);
}

function tail(file: string, lines = 30): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
}

async function stopServer(server: Server, signal: NodeJS.Signals): Promise<void> {
  server.child.kill(signal);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  await server.exited;
  clearTimeout(timer);
}

// ------------------------------------------------------------------------------------------------ the load

type Acked = { orderNo: string; accessToken: string; amountFen: number; providerTxnId: string; donationNo?: string };

/** Clients give until the server disappears; every gift whose paid callback was answered 200 is recorded. */
async function driveUntilKilled(target: GiftTarget, clients: number, acked: Acked[], seq: { n: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  let attempted = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const n = seq.n++;
        const amountFen = 100 + (n % 97) * 100;
        attempted++;
        try {
          const ip = donorAddress(n);
          const order = await createOrder(agent, target, amountFen, n, ip);
          const paid = await sendPaidNotification(agent, target, { orderNo: order.orderNo, amountFen }, ip);
          if (paid.status !== 200) {
            throw new Error(`paid callback answered ${paid.status}: ${paid.body.slice(0, 200)}`);
          }
          const gift: Acked = { ...order, amountFen, providerTxnId: paid.providerTxnId };
          acked.push(gift);
          const status = await request(
            agent,
            `${target.baseUrl}/api/public/orders/${order.orderNo}?token=${encodeURIComponent(order.accessToken)}`,
            { headers: { 'x-forwarded-for': ip } },
          );
          if (status.status === 200) {
            gift.donationNo = (JSON.parse(status.body) as { donationNo: string | null }).donationNo ?? undefined;
          }
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
            return; // the server is gone
          }
          if (error instanceof Error && /socket hang up|timed out/.test(error.message)) {
            return;
          }
          throw error;
        }
      }
    }),
  );
  agent.destroy();
  return attempted;
}

// ------------------------------------------------------------------------------------------------ the checks

type Check = { name: string; ok: boolean; detail: string };

/** Through the restarted server: every acknowledged order is paid and names its gift (the same one as before). */
async function checkOverHttp(baseUrl: string, acked: Acked[]): Promise<Check[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const problems: string[] = [];
  for (let i = 0; i < acked.length; i += 16) {
    await Promise.all(
      acked.slice(i, i + 16).map(async (a) => {
        const res = await request(
          agent,
          `${baseUrl}/api/public/orders/${a.orderNo}?token=${encodeURIComponent(a.accessToken)}`,
          { headers: { 'x-forwarded-for': donorAddress(1_000_000 + i) } },
        );
        const body =
          res.status === 200 ? (JSON.parse(res.body) as { status: string; donationNo: string | null }) : null;
        if (body?.status !== 'paid' || !body.donationNo) {
          problems.push(`${a.orderNo}: HTTP ${res.status} ${res.body.slice(0, 120)}`);
        } else if (a.donationNo && a.donationNo !== body.donationNo) {
          problems.push(`${a.orderNo}: gift ${body.donationNo}, was ${a.donationNo} before the crash`);
        } else {
          a.donationNo = body.donationNo;
        }
      }),
    );
  }
  agent.destroy();
  return [
    {
      name: 'every acknowledged order is paid, with its gift, after the restart (HTTP)',
      ok: problems.length === 0,
      detail: problems.length ? problems.slice(0, 5).join('; ') : `${acked.length} orders`,
    },
  ];
}

async function rows<T>(database: Database, text: string, params: unknown[] = []): Promise<T[]> {
  const driver = (database.pglite ?? database.pool) as unknown as {
    query(text: string, params: unknown[]): Promise<{ rows: T[] }>;
  };
  return (await driver.query(text, params)).rows;
}

/** On the data itself, with the server stopped. */
async function checkData(
  database: Database,
  acked: Acked[],
): Promise<{ checks: Check[]; gifts: number; entries: number }> {
  const checks: Check[] = [];
  const add = (name: string, problems: string[], okDetail: string) =>
    checks.push({
      name,
      ok: problems.length === 0,
      detail: problems.length ? problems.slice(0, 5).join('; ') : okDetail,
    });

  const perOrder = await rows<{
    order_no: string;
    status: string | null;
    by_order: number;
    by_txn: number;
    txn: string;
  }>(
    database,
    `SELECT a.order_no, o.status, a.txn,
            (SELECT count(*)::int FROM donations d WHERE d.order_id = o.id) AS by_order,
            (SELECT count(*)::int FROM donations d WHERE d.channel = 'local' AND d.provider_txn_id = a.txn) AS by_txn
     FROM unnest($1::text[], $2::text[]) AS a(order_no, txn)
     LEFT JOIN donation_orders o ON o.order_no = a.order_no`,
    [acked.map((a) => a.orderNo), acked.map((a) => a.providerTxnId)],
  );
  add(
    'every acknowledged gift exists exactly once, by order and by provider transaction id',
    perOrder
      .filter((r) => r.status !== 'paid' || r.by_order !== 1 || r.by_txn !== 1)
      .map((r) => `${r.order_no}: order ${r.status}, ${r.by_order} gifts by order, ${r.by_txn} by txn ${r.txn}`),
    `${acked.length} acknowledged`,
  );

  const [orphans] = await rows<{ without_order: number; paid_without_gift: number; duplicated: number; gifts: number }>(
    database,
    `SELECT (SELECT count(*)::int FROM donations d
              LEFT JOIN donation_orders o ON o.id = d.order_id AND o.region_id = d.region_id
              WHERE o.id IS NULL OR o.status <> 'paid' OR o.donation_id IS DISTINCT FROM d.id) AS without_order,
            (SELECT count(*)::int FROM donation_orders o WHERE o.status = 'paid'
              AND NOT EXISTS (SELECT 1 FROM donations d WHERE d.order_id = o.id)) AS paid_without_gift,
            (SELECT count(*)::int FROM (SELECT order_id FROM donations GROUP BY order_id HAVING count(*) > 1) x) AS duplicated,
            (SELECT count(*)::int FROM donations) AS gifts`,
  );
  add(
    'no gift without its paid order, no paid order without its gift, no order with two gifts',
    [
      orphans.without_order ? `${orphans.without_order} gifts without a paid order pointing at them` : '',
      orphans.paid_without_gift ? `${orphans.paid_without_gift} paid orders without a gift` : '',
      orphans.duplicated ? `${orphans.duplicated} orders with several gifts` : '',
    ].filter(Boolean),
    `${orphans.gifts} gifts`,
  );

  const [jobs] = await rows<{ without_job: number; certificates: number }>(
    database,
    `SELECT (SELECT count(*)::int FROM donations d WHERE NOT EXISTS (
               SELECT 1 FROM jobs j WHERE j.name = 'donations.certificate' AND j.payload->>'donationId' = d.id::text)
            ) AS without_job,
            (SELECT count(*)::int FROM donations WHERE certificate_file_id IS NOT NULL) AS certificates`,
  );
  add(
    "every gift's certificate job was queued with it",
    jobs.without_job ? [`${jobs.without_job} gifts without a certificate job`] : [],
    `${jobs.certificates} certificates issued so far`,
  );

  const [log] = await rows<{ entries: number; min: number | null; max: number | null; size: number | null }>(
    database,
    `SELECT count(*)::int AS entries, min(index)::int AS min, max(index)::int AS max,
            (SELECT size::int FROM ledger_state WHERE id = 1) AS size
     FROM ledger_entries`,
  );
  add(
    "the log's entry count equals the state's size, indexes 0..n-1 without a gap",
    log.entries === (log.size ?? 0) && (log.entries === 0 || (log.min === 0 && log.max === log.entries - 1))
      ? []
      : [`${log.entries} entries, state size ${log.size}, indexes ${log.min}..${log.max}`],
    `${log.entries} entries`,
  );

  const gifts = await rows<{
    donation_no: string;
    amount_fen: number;
    ledger_index: number;
    kind: string | null;
    leaf: string | null;
  }>(
    database,
    `SELECT d.donation_no, d.amount_fen::int AS amount_fen, d.ledger_index::int AS ledger_index, e.kind, e.leaf
     FROM donations d LEFT JOIN ledger_entries e ON e.index = d.ledger_index ORDER BY d.ledger_index`,
  );
  const entryProblems: string[] = [];
  const seen = new Set<number>();
  for (const g of gifts) {
    if (seen.has(g.ledger_index)) {
      entryProblems.push(`two gifts on entry ${g.ledger_index}`);
    }
    seen.add(g.ledger_index);
    const leaf = g.leaf ? (JSON.parse(g.leaf) as { ref?: string; amountFen?: number }) : null;
    if (!leaf || g.kind !== 'donation.received' || leaf.ref !== g.donation_no || leaf.amountFen !== g.amount_fen) {
      entryProblems.push(
        `${g.donation_no}: entry ${g.ledger_index} is ${g.kind ?? 'missing'} ${g.leaf?.slice(0, 80) ?? ''}`,
      );
    }
  }
  const [{ received }] = await rows<{ received: number }>(
    database,
    `SELECT count(*)::int AS received FROM ledger_entries WHERE kind = 'donation.received'`,
  );
  if (received !== gifts.length) {
    entryProblems.push(`${received} donation.received entries for ${gifts.length} gifts`);
  }
  add(
    "each gift's ledger entry exists and holds its number and amount; no entry without its gift",
    entryProblems,
    `${gifts.length} gifts`,
  );

  const leaves = await rows<{ index: number; leaf: string; leaf_hash: Uint8Array }>(
    database,
    'SELECT index::int AS index, leaf, leaf_hash FROM ledger_entries ORDER BY index',
  );
  const hashes = leaves.map((l) => new Uint8Array(l.leaf_hash));
  const badHashes = leaves
    .filter(
      (l, i) => Buffer.compare(Buffer.from(leafHash(new TextEncoder().encode(l.leaf))), Buffer.from(hashes[i])) !== 0,
    )
    .map((l) => `entry ${l.index}: stored leaf hash is not SHA-256(0x00 || leaf)`);
  const key = deriveLedgerKey(master, ledgerOrigin);
  const signed = await signCheckpoint(database.db, { origin: key.origin, signer: key.signer });
  const recomputed = Buffer.from(rootHash(hashes)).toString('base64');
  const rootProblems = [...badHashes];
  if (!signed) {
    rootProblems.push('no checkpoint could be signed');
  } else {
    const verified = verifyCheckpoint(signed.note, key.verifierKey);
    if (verified.size !== leaves.length || Buffer.from(verified.rootHash).toString('base64') !== recomputed) {
      rootProblems.push(
        `checkpoint size ${verified.size} root ${Buffer.from(verified.rootHash).toString('base64')}, recomputed from ${leaves.length} leaves ${recomputed}`,
      );
    }
  }
  add(
    'the Merkle root of all leaf hashes equals the root of a freshly signed checkpoint (signature verified)',
    rootProblems,
    `size ${leaves.length}, root ${recomputed.slice(0, 12)}…`,
  );
  return { checks, gifts: orphans.gifts, entries: log.entries };
}

// ------------------------------------------------------------------------------------------------ rounds

type RoundResult = {
  db: DbKind;
  round: number;
  killedAfterMs: number;
  attempted: number;
  acknowledged: number;
  gifts: number;
  entries: number;
  checks: Check[];
};

async function runOnDatabase(kind: DbKind, opts: Options): Promise<RoundResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-crash-'));
  const logFile = path.join(dir, 'server.log');
  const store = await createStore(kind, opts.postgresUrl, dir);
  const results: RoundResult[] = [];
  let running: Server | undefined;
  try {
    const projectCode = await prepare(store);
    const acked: Acked[] = [];
    const seq = { n: 0 };
    for (let round = 1; round <= opts.rounds; round++) {
      const server = await startServer(store, logFile);
      running = server;
      const target: GiftTarget = { baseUrl: server.baseUrl, projectCode, localKey: deriveLocalPaymentKey(master) };
      const killAfter = 1000 + Math.floor(Math.random() * 3000);
      const before = acked.length;
      const driving = driveUntilKilled(target, opts.clients, acked, seq);
      // The random delay runs from the first acknowledged gift of the round, so the kill lands under load.
      for (const started = Date.now(); acked.length === before && Date.now() - started < 60_000; ) {
        await sleep(20);
      }
      await sleep(killAfter);
      server.child.kill('SIGKILL');
      await server.exited;
      const attempted = await driving;
      say(
        `  ${kind} round ${round}: SIGKILL ${killAfter} ms after the first acknowledged gift; ${acked.length - before} gifts acknowledged of ${attempted} attempted this round`,
      );
      const restarted = await startServer(store, logFile);
      running = restarted;
      const checks = await checkOverHttp(restarted.baseUrl, acked);
      await stopServer(restarted, 'SIGTERM');
      running = undefined;
      const database = await store.open();
      try {
        const data = await checkData(database, acked);
        checks.push(...data.checks);
        results.push({
          db: kind,
          round,
          killedAfterMs: killAfter,
          attempted,
          acknowledged: acked.length,
          gifts: data.gifts,
          entries: data.entries,
          checks,
        });
      } finally {
        await database.close();
      }
      for (const c of checks) {
        say(`    ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      }
    }
  } catch (error) {
    say(`  server log (${logFile}):\n${tail(logFile)}`);
    throw error;
  } finally {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await store.drop();
    if (results.every((r) => r.checks.every((c) => c.ok))) {
      fs.rmSync(dir, { recursive: true, force: true });
    } else {
      say(`  kept ${dir} for inspection`);
    }
  }
  return results;
}

export async function runCrashTest(argv: string[]): Promise<boolean> {
  const opts = parseOptions(argv);
  say(
    `Crash test: ${opts.rounds} rounds of SIGKILL under ${opts.clients} concurrent clients on ${opts.dbs.join(' and ')}`,
  );
  const results: RoundResult[] = [];
  for (const kind of opts.dbs) {
    results.push(...(await runOnDatabase(kind, opts)));
  }
  const passed = results.length === opts.rounds * opts.dbs.length && results.every((r) => r.checks.every((c) => c.ok));
  say('\nSummary (cumulative per database: each round adds gifts to the same data):');
  say('  db        round  killed after  acknowledged  gifts  log entries  result');
  for (const r of results) {
    const ok = r.checks.every((c) => c.ok);
    say(
      `  ${r.db.padEnd(8)}  ${String(r.round).padStart(5)}  ${`${r.killedAfterMs} ms`.padStart(12)}  ${String(r.acknowledged).padStart(12)}  ${String(r.gifts).padStart(5)}  ${String(r.entries).padStart(11)}  ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
  say(`\nCrash test: ${passed ? 'PASS' : 'FAIL'}`);
  return passed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runCrashTest(process.argv.slice(2)).then(
    (passed) => process.exit(passed ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
