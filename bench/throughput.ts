// Benchmark (c): single-client vs 8-client throughput of plain statements and of requests through the app — what
// PGlite's one-statement-at-a-time means next to a PostgreSQL pool.
import { sql } from 'drizzle-orm';
import { makeIdNumber, seedDivisions } from '../server/src/seed/demo-seed';
import { smallTree } from './auth-overhead';
import {
  type BenchOptions,
  type BenchResult,
  buildBenchApp,
  type Case,
  createSignedInStaff,
  type Group,
  log,
  measure,
  openBenchDatabase,
  startRssSampler,
  toGroup,
} from './harness';

const clients = 8;
const poolMax = 10;

/** A distinct, valid birth date and sequence for the n-th registration (unique ID numbers for millions of calls). */
function nthIdNumber(region: string, n: number): string {
  const day = new Date(Date.UTC(1960, 0, 1) + (n % 15_000) * 86_400_000);
  const birth = day.toISOString().slice(0, 10).replaceAll('-', '');
  return makeIdNumber(region, birth, 1 + (Math.floor(n / 15_000) % 999));
}

export async function runThroughput(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rss = startRssSampler();
  const bdb = await openBenchDatabase(opts, poolMax);
  const db = bdb.database.db;
  try {
    const idByCode = await db.transaction((tx) => seedDivisions(tx, [...smallTree]));
    const countyId = idByCode.get('330681')!;
    const app = await buildBenchApp(bdb.database);
    const staff = await createSignedInStaff(app, db, {
      username: 'bench_admin',
      roleId: 'branch_admin',
      orgId: countyId,
    });
    await bdb.raw(
      'CREATE TABLE bench_rows (id serial PRIMARY KEY, org_id int NOT NULL, label text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
    let inserted = 0;
    const insertRow = async () => {
      inserted++;
      await db.execute(sql`INSERT INTO bench_rows (org_id, label) VALUES (${countyId}, ${`row ${inserted}`})`);
    };
    for (let i = 0; i < 1000; i++) {
      await insertRow();
    }
    const selectRow = () =>
      db.execute(sql`SELECT * FROM bench_rows WHERE id = ${1 + Math.floor(Math.random() * 1000)}`);
    const getOrg = async () => {
      const res = await app.inject({ method: 'GET', url: `/api/orgs/${countyId}`, headers: { cookie: staff.cookie } });
      if (res.statusCode !== 200) {
        throw new Error(`GET /api/orgs/:id: ${res.statusCode} ${res.body}`);
      }
    };
    let registered = 0;
    const registerPerson = async () => {
      const idNumber = nthIdNumber('330681', registered++);
      const res = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: staff.cookie },
        payload: { orgId: countyId, name: '压测人员', idType: 'resident_id', idNumber },
      });
      if (res.statusCode !== 201) {
        throw new Error(`POST /api/people: ${res.statusCode} ${res.body}`);
      }
    };

    const timing = opts.quick ? { rounds: 2, roundMs: 150 } : { rounds: 4, roundMs: 400 };
    const pairs: { title: string; run: Case['run'] }[] = [
      { title: 'INSERT one row (db.execute)', run: insertRow },
      { title: 'SELECT one row by primary key (db.execute)', run: selectRow },
      { title: 'GET /api/orgs/:id through the app (inject, signed in)', run: getOrg },
      {
        title: 'POST /api/people through the app (inject: transaction, advisory lock, insert, audit row)',
        run: registerPerson,
      },
    ];
    const groups: Group[] = [];
    for (const pair of pairs) {
      log(`${bdb.version}: ${pair.title}`);
      // 1 and 8 clients alternate round by round, so both see the same machine.
      const measured = await measure(
        [
          { label: '1 client (baseline)', run: pair.run, concurrency: 1 },
          { label: `${clients} concurrent clients`, run: pair.run, concurrency: clients },
        ],
        { concurrency: 1, ...timing, maxOpsPerRound: 100_000, warmupOps: 20 },
      );
      groups.push(toGroup(pair.title, measured, { ratioKind: 'speedup', concurrency: `1 vs ${clients} clients` }));
      rss.sample();
    }
    await app.close();
    return {
      bench: 'throughput',
      title: '(c) One client vs eight',
      db: opts.db,
      dbVersion: bdb.version,
      quick: opts.quick,
      setup: [],
      groups,
      notes: [
        opts.db === 'pglite'
          ? 'PGlite is one connection in this process: concurrent statements wait their turn on one mutex, and a transaction holds it from BEGIN to COMMIT.'
          : `PostgreSQL through a pg pool of ${poolMax}: 8 clients get 8 server backends, limited by the 2 cores shared with this process.`,
        '"× ops/s" is the throughput of 8 clients over that of 1 client in the same run on the same database.',
      ],
      plans: [],
      peakRssMb: rss.stop(),
      durationS: (performance.now() - started) / 1000,
    };
  } finally {
    await bdb.drop();
  }
}
