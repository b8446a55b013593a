// Opens the database: embedded PGlite (files under the data dir) or PostgreSQL via DATABASE_URL, behind one Drizzle type.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** The one database handle type: a Drizzle database or a transaction on it, on either driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The PGlite instance when embedded (for dumps in tests), undefined on PostgreSQL. */
  pglite?: PGlite;
  /** The pg pool when on PostgreSQL (for LISTEN/NOTIFY and raw admin work). */
  pool?: pg.Pool;
  close(): Promise<void>;
};

export const pgliteExtensions = { cube, earthdistance, pg_trgm };

// Return int8 as JS number when safe; money is bigint fen but stays below 2^53 (9e13 yuan).
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`int8 value ${v} exceeds the safe integer range`);
  }
  return n;
});

/** Opens PGlite in `dataDir/pglite` (created if missing), or an existing data dump for tests. */
export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob | File }): Promise<Database> {
  let dir: string | undefined;
  if (opts.dataDir) {
    dir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(opts.dataDir, { recursive: true });
  }
  const client = await PGlite.create({
    dataDir: dir,
    loadDataDir: opts.loadDataDir,
    extensions: pgliteExtensions,
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', pglite: client, close: () => client.close() };
}

/** Opens a pool on PostgreSQL. */
/**
 * A connection runs one query at a time. node-postgres queues a query sent while another runs, but that queue is
 * deprecated (a warning now, gone in pg 9). Services use `Promise.all` over reads that run on the pool (several
 * connections, real overlap) and, unchanged, inside a transaction (one connection): there each query must wait for
 * the one before. So every connection takes its promise queries strictly in order, itself. Callback and streaming
 * calls (pool.query, cursors) pass straight through: they have the connection to themselves.
 */
export function serialiseQueries(client: pg.ClientBase): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  let pending = 0;
  let tail: Promise<unknown> = Promise.resolve();
  const release = () => {
    pending--;
  };
  client.query = ((...args: unknown[]) => {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args[args.length - 1] === 'function' || typeof first?.submit === 'function') {
      return query(...args);
    }
    const run = pending === 0 ? query(...args) : tail.then(() => query(...args));
    pending++;
    tail = run.then(release, release);
    return run;
  }) as typeof client.query;
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it on next use.
  });
  pool.on('connect', serialiseQueries);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, kind: 'postgres', pool, close: () => pool.end() };
}

export async function openDatabase(cfg: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return cfg.databaseUrl ? openPostgres(cfg.databaseUrl) : openPglite({ dataDir: cfg.dataDir });
}

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). Keep raw SQL for the few heavy or locking queries. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
