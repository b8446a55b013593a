// Shared pieces of the benchmarks: a fresh database per benchmark (PGlite data dir or a throw-away PostgreSQL
// database), the real app on it, signed-in staff, result rows with ratios to a baseline, peak memory.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BoaiApp, buildApp } from '../server/src/app';
import { type Database, openPglite, openPostgres } from '../server/src/db/client';
import { migrateDatabase } from '../server/src/db/migrate';
import { sessionCookie } from '../server/src/platform/auth/auth.routes';
import { createUserAccount, resolveSession } from '../server/src/platform/auth/auth.service';
import type { Ctx } from '../server/src/platform/http/context';
import { configurePii, createPii, derivePiiKeys } from '../server/src/platform/pii';
import { systemActor } from '../server/src/platform/rbac/actor';
import { grantRole, syncBuiltinRoles } from '../server/src/platform/rbac/rbac.service';
import { adminQuery, withDatabase } from '../server/src/test/template';
import { type Measured, percentile } from './timing';

export { type Case, type Measured, measure } from './timing';

export type DbKind = 'pglite' | 'postgres';

export type BenchOptions = {
  db: DbKind;
  quick: boolean;
  postgresUrl?: string;
  /** SQL run on the loaded search data set before every search case is measured again (trying an index). */
  trySql?: string;
};

export type Row = {
  label: string;
  opsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  ops: number;
  /** Against the group's baseline: see Group.ratioKind. Null on the baseline row itself. */
  ratio: number | null;
  isBaseline: boolean;
};

export type Group = {
  title: string;
  /**
   * 'slowdown': baseline ops/s ÷ this row's ops/s (how many times the baseline's time one operation takes);
   * 'speedup': this row's ops/s ÷ baseline ops/s (throughput gained, e.g. by more clients).
   */
  ratioKind: 'slowdown' | 'speedup';
  concurrency: string;
  rows: Row[];
};

export type BenchResult = {
  bench: string;
  title: string;
  db: DbKind;
  dbVersion: string;
  quick: boolean;
  setup: { label: string; value: string }[];
  groups: Group[];
  notes: string[];
  plans: { title: string; text: string }[];
  peakRssMb: number;
  durationS: number;
};

export const benchMasterKey = Buffer.alloc(32, 11);
export const benchPassword = 'Bench-password-2026';
export const systemCtx: Ctx = { actor: systemActor('bench'), requestId: null, ip: null, locale: 'zh' };

configurePii(createPii(derivePiiKeys(benchMasterKey)));

export type BenchDatabase = {
  database: Database;
  kind: DbKind;
  version: string;
  /** Hand-written SQL straight to the driver (no Drizzle): the baselines. */
  raw<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` and returns every statement Drizzle sent to the driver meanwhile. */
  capture(fn: () => Promise<unknown>): Promise<{ text: string; params: unknown[] }[]>;
  explain(text: string, params?: unknown[]): Promise<string>;
  drop(): Promise<void>;
};

type QueryFn = (...args: unknown[]) => Promise<unknown>;

/**
 * A migrated, empty database for one benchmark: PGlite in a temporary data dir (as `npm start` runs it), or
 * `boai_bench_<random>` created on the PostgreSQL server and dropped by `drop()`.
 */
export async function openBenchDatabase(opts: BenchOptions, poolMax = 10): Promise<BenchDatabase> {
  let database: Database;
  let cleanup: () => Promise<void>;
  if (opts.db === 'postgres') {
    if (!opts.postgresUrl) {
      throw new Error('PostgreSQL benchmarks need a server URL (BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    }
    const serverUrl = opts.postgresUrl;
    const name = `boai_bench_${crypto.randomBytes(5).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    database = await openPostgres(withDatabase(serverUrl, name), { max: poolMax });
    cleanup = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-bench-'));
    database = await openPglite({ dataDir: dir });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await migrateDatabase(database);
  await syncBuiltinRoles(database.db);

  // The PGlite instance or the pg pool: the object Drizzle calls `query` on.
  const driver = (database.pglite ?? database.pool) as unknown as { query: QueryFn };
  const raw = async <T>(text: string, params: unknown[] = []) =>
    ((await driver.query(text, params)) as { rows: T[] }).rows;
  const [{ version }] = await raw<{ version: string }>(`SELECT current_setting('server_version') AS version`);
  return {
    database,
    kind: database.kind,
    version: `${database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'} ${version}`,
    raw,
    async capture(fn) {
      const seen: { text: string; params: unknown[] }[] = [];
      const original = driver.query;
      driver.query = (...args: unknown[]) => {
        const q = args[0] as string | { text: string };
        seen.push({ text: typeof q === 'string' ? q : q.text, params: (args[1] as unknown[]) ?? [] });
        return original.apply(driver, args);
      };
      try {
        await fn();
      } finally {
        driver.query = original;
      }
      return seen;
    },
    async explain(text, params = []) {
      const rows = await raw<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    },
    async drop() {
      await database.close();
      await cleanup();
    },
  };
}

export async function buildBenchApp(database: Database): Promise<BoaiApp> {
  const app = await buildApp({ database, logLevel: 'silent', rateLimits: false, webDist: '/nonexistent' });
  await app.ready();
  return app;
}

export type Staff = { cookie: string; ctx: Ctx; userId: string };

/** A staff account with a built-in role on a unit, signed in through the real route; also its resolved actor. */
export async function createSignedInStaff(
  app: BoaiApp,
  db: Database['db'],
  opts: { username: string; roleId: string; orgId: number },
): Promise<Staff> {
  const user = await createUserAccount(db, {
    username: opts.username,
    displayName: opts.username,
    password: benchPassword,
  });
  await grantRole(db, systemCtx, user.id, { roleId: opts.roleId, orgId: opts.orgId });
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { username: opts.username, password: benchPassword },
  });
  if (res.statusCode !== 200) {
    throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  }
  const set = res.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set[0] : String(set)).split(';')[0];
  const token = cookie.slice(`${sessionCookie}=`.length);
  const actor = await resolveSession(db, token);
  if (!actor) {
    throw new Error('the new session does not resolve');
  }
  return { cookie, userId: user.id, ctx: { actor, requestId: null, ip: null, locale: 'zh' } };
}

/** Rows for a group; the first measured case is the baseline. */
export function toGroup(
  title: string,
  measured: Measured[],
  opts: { ratioKind: Group['ratioKind']; concurrency: string },
): Group {
  const rows = measured.map((m, i) => {
    const sorted = [...m.latencies].sort((a, b) => a - b);
    return {
      label: m.label,
      opsPerSec: (m.ops / m.elapsedMs) * 1000,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      ops: m.ops,
      ratio: null as number | null,
      isBaseline: i === 0,
    };
  });
  const base = rows[0].opsPerSec;
  for (const row of rows.slice(1)) {
    row.ratio = opts.ratioKind === 'slowdown' ? base / row.opsPerSec : row.opsPerSec / base;
  }
  return { title, ratioKind: opts.ratioKind, concurrency: opts.concurrency, rows };
}

/** Peak resident memory of this process: process.memoryUsage().rss sampled every 100 ms and on demand. */
export function startRssSampler() {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
    return peak;
  };
  const timer = setInterval(sample, 100);
  timer.unref();
  return {
    sample,
    currentMb: () => process.memoryUsage().rss / 2 ** 20,
    /** The larger of the sampled peak and the kernel's high-water mark (a long synchronous loop starves the timer). */
    stop(): number {
      clearInterval(timer);
      sample();
      return Math.max(peak, process.resourceUsage().maxRSS * 1024) / 2 ** 20;
    },
  };
}

export function log(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
