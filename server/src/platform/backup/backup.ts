// `boai backup` / `boai restore`: PostgreSQL through pg_dump/pg_restore (custom format, one consistent snapshot), the
// embedded PGlite as its data-directory tarball; both wrapped in a checked file (backup-file.ts). The master key is
// never in a backup: restoring needs the same BOAI_SECRET_KEY (or secret.key), and a restore proves it by decrypting.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inheritedEnv } from '../../config';
import { type Database, openPglite, openPostgres, pgliteExtensions } from '../../db/client';
import { migrationsFolder } from '../../db/migrate';
import { createPii, derivePiiKeys, keyringOf } from '../pii';
import { type BackupHeader, checkPayload, keyCheck, readHeader, writeBackupFile } from './backup-file';

/** A failure with the process exit code the CLI answers (see docs/operations.md "Backups"). */
export class BackupError extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const EXIT = {
  usage: 2,
  /** pg_dump/pg_restore missing or too old, no master key. */
  environment: 3,
  /** Not a backup, damaged or tampered, from a newer Boai, or for the other database kind. */
  badFile: 4,
  /** The source is missing or in use, the target is not empty. */
  target: 5,
  /** The master key differs from the one the backup's encrypted fields were written with. */
  key: 6,
  /** Restored, but the check afterwards failed (row counts). */
  verify: 7,
} as const;

export type Target = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

type Log = (line: string) => void;

type Runner = { query<T>(text: string): Promise<T[]> };

const PGLITE_FORMAT = 'pglite-datadir-tgz';
const PG_FORMAT = 'pg_dump-custom';

function boaiVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The migrations this code knows (drizzle's journal): their count and the newest one. */
export function codeMigrationLevel(): { count: number; lastCreatedAt: number; tags: Map<number, string> } {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[];
  };
  const tags = new Map(journal.entries.map((e) => [e.when, e.tag]));
  return { count: journal.entries.length, lastCreatedAt: Math.max(0, ...journal.entries.map((e) => e.when)), tags };
}

async function migrationLevel(run: Runner): Promise<BackupHeader['migrations']> {
  const exists = await run.query<{ t: string | null }>(`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`);
  if (!exists[0]?.t) {
    return { count: 0, lastCreatedAt: 0 };
  }
  const [row] = await run.query<{ n: number; last: string | null }>(
    'SELECT count(*)::int AS n, max(created_at)::text AS last FROM drizzle.__drizzle_migrations',
  );
  const lastCreatedAt = Number(row.last ?? 0);
  return { count: row.n, lastCreatedAt, lastTag: codeMigrationLevel().tags.get(lastCreatedAt) };
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every user table ("schema.table") with its row count. */
export async function countRows(run: Runner): Promise<Record<string, number>> {
  const tables = await run.query<{ s: string; t: string }>(
    `SELECT schemaname AS s, tablename AS t FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const counts: Record<string, number> = {};
  for (const { s, t } of tables) {
    const [row] = await run.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quote(s)}.${quote(t)}`);
    counts[`${s}.${t}`] = Number(row.n);
  }
  return counts;
}

function pgRunner(client: pg.Client | pg.Pool): Runner {
  return { query: async <T>(text: string) => (await client.query(text)).rows as T[] };
}

function pgliteRunner(client: PGlite): Runner {
  return { query: async <T>(text: string) => (await client.query<T>(text)).rows };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ---------------------------------------------------------------------------------------------- PostgreSQL tools

/** libpq settings for a child process: the URL without its password (visible in `ps`), the password in PGPASSWORD. */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = inheritedEnv();
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { dbname: u.toString(), env };
}

function toolPath(pgBin: string | undefined, tool: 'pg_dump' | 'pg_restore' | 'psql'): string {
  return pgBin ? path.join(pgBin, tool) : tool;
}

/** `pg_dump (PostgreSQL) 15.20 (Debian …)` → { text, major: 15 }; throws when the tool cannot be run. */
async function toolVersion(bin: string): Promise<{ text: string; major: number }> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(bin, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text.trim()) : reject(new Error(`${bin} --version: ${code}`))));
  }).catch((error: Error) => {
    throw new BackupError(
      EXIT.environment,
      `cannot run ${bin} (${error.message}); install the PostgreSQL client tools (Debian: apt install postgresql-client) or pass --pg-bin <directory>`,
    );
  });
  const match = /(\d+)(?:\.\d+)?/.exec(out.replace(/^[^)]*\)/, ''));
  if (!match) {
    throw new BackupError(EXIT.environment, `cannot read the version of ${bin}: ${out}`);
  }
  return { text: out, major: Number(match[1]) };
}

async function serverMajor(run: Runner): Promise<{ text: string; major: number }> {
  const [row] = await run.query<{ v: string; n: string }>(
    `SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n`,
  );
  return { text: row.v, major: Math.floor(Number(row.n) / 10000) };
}

/** Runs a PostgreSQL tool, piping `input` to its stdin / its stdout to `onData`; rejects with its stderr on failure. */
function runTool(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  io: { onData?: (chunk: Buffer) => void; input?: NodeJS.ReadableStream; onStderrLine?: (line: string) => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: [io.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const errors: string[] = [];
    let pending = '';
    child.stderr!.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (io.onStderrLine?.(line) === undefined && !/^pg_\w+: (processing|creating|executing|dropping)/.test(line)) {
          errors.push(line);
        }
      }
    });
    child.stdout!.on('data', (d: Buffer) => io.onData?.(d));
    if (io.input && child.stdin) {
      io.input.pipe(child.stdin);
      child.stdin.on('error', () => {
        // the tool exited early; its exit code and stderr tell why
      });
    }
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending) {
        errors.push(pending);
      }
      if (code === 0) {
        resolve();
      } else {
        const tail = errors.filter((l) => l.trim() !== '').slice(-15);
        reject(new Error(`${path.basename(bin)} exited with ${code}:\n${tail.join('\n')}`));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------- backup

export type BackupOptions = {
  target: Target;
  file: string;
  /** The master key, only to record its key check value (null: none configured, nothing recorded). */
  master: Buffer | null;
  pgBin?: string;
  log?: Log;
};

export async function backupDatabase(opts: BackupOptions): Promise<BackupHeader> {
  const log = opts.log ?? (() => {});
  if (fs.existsSync(opts.file)) {
    throw new BackupError(
      EXIT.target,
      `${opts.file} already exists; choose a new file name (backups are never overwritten)`,
    );
  }
  const dir = path.dirname(path.resolve(opts.file));
  if (!fs.existsSync(dir)) {
    throw new BackupError(EXIT.target, `directory ${dir} does not exist`);
  }
  const started = Date.now();
  const header =
    opts.target.kind === 'postgres'
      ? await backupPostgres(opts.target.url, opts, log)
      : await backupPglite(opts.target.dataDir, opts, log);
  log(
    `backup written: ${opts.file} (${mb(header.payload.bytes)}, ${Object.keys(header.tables).length} tables, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s, sha256 ${header.payload.sha256.slice(0, 16)}…)`,
  );
  return header;
}

async function backupPostgres(url: string, opts: BackupOptions, log: Log): Promise<BackupHeader> {
  const pgDump = toolPath(opts.pgBin, 'pg_dump');
  const tool = await toolVersion(pgDump);
  const client = new pg.Client({ connectionString: url });
  await client.connect().catch((error: Error) => {
    throw new BackupError(EXIT.target, `cannot connect to DATABASE_URL: ${error.message}`);
  });
  try {
    const run = pgRunner(client);
    const server = await serverMajor(run);
    if (tool.major < server.major) {
      throw new BackupError(
        EXIT.environment,
        `${pgDump} is version ${tool.major} but the server is PostgreSQL ${server.text}: pg_dump must be at least the ` +
          `server's major version. Install postgresql-client-${server.major} and pass --pg-bin /usr/lib/postgresql/${server.major}/bin`,
      );
    }
    log(`PostgreSQL ${server.text}, ${tool.text}`);
    // One snapshot for everything: the row counts in the header are those of the dump (pg_dump --snapshot).
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ snapshot }] = await run.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
    const migrations = await migrationLevel(run);
    if (migrations.count === 0) {
      throw new BackupError(EXIT.target, 'the database has no Boai schema (no migrations applied): nothing to back up');
    }
    log('counting rows…');
    const tables = await countRows(run);
    log(`dumping ${Object.keys(tables).length} tables with pg_dump --format=custom…`);
    const target = libpqTarget(url);
    const header = await writeBackupFile(
      opts.file,
      {
        format: PG_FORMAT,
        database: 'postgres',
        serverVersion: server.text,
        pgDumpVersion: tool.text,
        migrations,
        createdAt: new Date().toISOString(),
        boaiVersion: boaiVersion(),
        keyCheck: opts.master ? keyCheck(opts.master) : null,
        tables,
      },
      async (sink) => {
        const timer = setInterval(() => log(`  ${mb(sink.bytes)} written`), 5000);
        try {
          await runTool(
            pgDump,
            ['--format=custom', `--snapshot=${snapshot}`, '--no-password', `--dbname=${target.dbname}`],
            target.env,
            { onData: (chunk) => sink.write(chunk) },
          );
        } catch (error) {
          throw new BackupError(1, (error as Error).message);
        } finally {
          clearInterval(timer);
        }
      },
    );
    await client.query('COMMIT');
    return header;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The PGlite database directory of a Boai data dir. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

async function backupPglite(dataDir: string, opts: BackupOptions, log: Log): Promise<BackupHeader> {
  const dir = pgliteDir(dataDir);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new BackupError(EXIT.target, `no PGlite database in ${dir} (BOAI_DATA_DIR=${dataDir})`);
  }
  assertPgliteNotInUse(dir);
  log(`opening PGlite in ${dir}…`);
  const client = await PGlite.create({ dataDir: dir, extensions: pgliteExtensions });
  try {
    const run = pgliteRunner(client);
    const server = await serverMajor(run);
    const migrations = await migrationLevel(run);
    if (migrations.count === 0) {
      throw new BackupError(EXIT.target, 'the database has no Boai schema (no migrations applied): nothing to back up');
    }
    log('counting rows…');
    const tables = await countRows(run);
    log(`dumping the data directory (${Object.keys(tables).length} tables)…`);
    return await writeBackupFile(
      opts.file,
      {
        format: PGLITE_FORMAT,
        database: 'pglite',
        serverVersion: `${server.text} (PGlite)`,
        migrations,
        createdAt: new Date().toISOString(),
        boaiVersion: boaiVersion(),
        keyCheck: opts.master ? keyCheck(opts.master) : null,
        tables,
      },
      async (sink) => {
        const blob = await client.dumpDataDir('gzip');
        for await (const chunk of blob.stream() as unknown as AsyncIterable<Uint8Array>) {
          sink.write(chunk);
        }
      },
    );
  } finally {
    await client.close();
  }
}

/**
 * PGlite is one process per data directory and does not lock it: a second process opening it (a backup beside a
 * running server) would copy a torn state and can corrupt it. PGlite writes `postmaster.pid` when it opens the
 * directory and removes it when closed cleanly (its pid inside is a placeholder, so it cannot tell a live holder from
 * a crashed one): while it is there, refuse.
 */
export function assertPgliteNotInUse(dir: string): void {
  if (fs.existsSync(path.join(dir, 'postmaster.pid'))) {
    throw new BackupError(
      EXIT.target,
      `the PGlite database in ${dir} is open (${path.join(dir, 'postmaster.pid')} exists): a Boai server is running on ` +
        'it, or the last one did not shut down cleanly. PGlite allows one process per data directory: stop the server ' +
        '(Ctrl-C or SIGTERM; after a crash start it once and stop it again), run the backup, start the server again',
    );
  }
}

// ---------------------------------------------------------------------------------------------- restore

export type RestoreOptions = {
  target: Target;
  file: string;
  master: Buffer;
  /** Keys of an unfinished rotation (BOAI_PREVIOUS_SECRET_KEYS): values under them still decrypt. */
  previousKeys?: Buffer[];
  pgBin?: string;
  log?: Log;
  /** Restore even though the master key differs from the backup's (encrypted fields will be unreadable). */
  allowKeyMismatch?: boolean;
  /** Brings the restored schema up to date and syncs reference data (server.ts migrate); given by the CLI. */
  migrate?: (database: Database) => Promise<void>;
};

export type RestoreResult = {
  header: BackupHeader;
  migrated: boolean;
  /** Whether a sampled encrypted value decrypted with the configured key (null: the database holds none). */
  piiReadable: boolean | null;
};

export async function restoreDatabase(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  if (!fs.existsSync(opts.file)) {
    throw new BackupError(EXIT.badFile, `${opts.file} does not exist`);
  }
  let parsed: ReturnType<typeof readHeader>;
  try {
    parsed = readHeader(opts.file);
  } catch (error) {
    throw new BackupError(EXIT.badFile, `${opts.file}: ${(error as Error).message}`);
  }
  const { header, payloadOffset } = parsed;
  log(
    `backup of ${header.database} (${header.serverVersion}) taken ${header.createdAt} by Boai ${header.boaiVersion}, ` +
      `${mb(header.payload.bytes)}, ${header.migrations.count} migrations (${header.migrations.lastTag ?? header.migrations.lastCreatedAt})`,
  );
  if (header.database !== opts.target.kind) {
    throw new BackupError(
      EXIT.badFile,
      header.database === 'pglite'
        ? 'this is a backup of the embedded PGlite database; it restores into a PGlite data directory (unset DATABASE_URL and set BOAI_DATA_DIR), not into PostgreSQL'
        : 'this is a PostgreSQL backup; it restores into PostgreSQL (set DATABASE_URL), not into PGlite',
    );
  }
  log('checking the SHA-256 of the payload…');
  const problem = await checkPayload(opts.file, header, payloadOffset);
  if (problem) {
    throw new BackupError(
      EXIT.badFile,
      `${opts.file} is damaged or has been altered: ${problem}. Nothing was restored`,
    );
  }
  const code = codeMigrationLevel();
  if (header.migrations.lastCreatedAt > code.lastCreatedAt) {
    throw new BackupError(
      EXIT.badFile,
      `the backup was made by a newer Boai (its schema has migrations this version does not know: ${header.migrations.count} ` +
        `applied, this version has ${code.count}). Upgrade Boai to ${header.boaiVersion} or later, then restore`,
    );
  }
  if (header.keyCheck !== null && header.keyCheck !== keyCheck(opts.master)) {
    const message =
      'the configured master key (BOAI_SECRET_KEY or <BOAI_DATA_DIR>/secret.key) is NOT the key this backup was made ' +
      'with: every encrypted field (ID numbers, phones, …) would be unreadable. Set the original key and try again';
    if (!opts.allowKeyMismatch) {
      throw new BackupError(EXIT.key, `${message} (or pass --allow-key-mismatch to restore anyway)`);
    }
    log(`WARNING: ${message}`);
  }

  const database =
    opts.target.kind === 'postgres'
      ? await restorePostgres(opts.target.url, header, payloadOffset, opts, log)
      : await restorePglite(opts.target.dataDir, payloadOffset, opts, log);
  try {
    const run = database.pglite ? pgliteRunner(database.pglite) : pgRunner(database.pool!);
    log('comparing row counts with the backup…');
    const counts = await countRows(run);
    const wrong = Object.entries(header.tables)
      .filter(([t, n]) => counts[t] !== n)
      .map(([t, n]) => `${t}: ${counts[t] ?? 'missing'} rows, the backup had ${n}`);
    if (wrong.length > 0) {
      throw new BackupError(EXIT.verify, `the restored database differs from the backup:\n  ${wrong.join('\n  ')}`);
    }
    log(`row counts match (${Object.keys(header.tables).length} tables)`);
    let migrated = false;
    if (header.migrations.lastCreatedAt < code.lastCreatedAt) {
      if (!opts.migrate) {
        throw new BackupError(1, 'the backup has an older schema and no migrate function was given');
      }
      log(`bringing the schema from ${header.migrations.count} to ${code.count} migrations…`);
      await opts.migrate(database);
      migrated = true;
    }
    const piiReadable = await sampleDecrypts(run, opts.master, opts.previousKeys);
    if (piiReadable === false) {
      log(
        'WARNING: an encrypted field of the restored database does not decrypt with the configured master key: ' +
          'personal data is unreadable until the original BOAI_SECRET_KEY (or secret.key) is configured',
      );
    } else if (piiReadable) {
      log('encrypted personal data decrypts with the configured master key');
    } else {
      log('no encrypted personal data to check the master key against');
    }
    log(`restore finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { header, migrated, piiReadable };
  } finally {
    await database.close();
  }
}

/** Decrypts one non-empty value of every `*_enc` text column (first row found) with the key; null when there is none. */
export async function sampleDecrypts(run: Runner, master: Buffer, previous: Buffer[] = []): Promise<boolean | null> {
  // Values written before a key rotation finished are under a previous key (docs/operations.md → Keys).
  const pii = previous.length
    ? createPii(keyringOf({ current: master, previous, lookup: master }))
    : createPii(derivePiiKeys(master));
  const columns = await run.query<{ s: string; t: string; c: string }>(
    `SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS c FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name LIKE '%\\_enc'
        AND c.data_type = 'text' ORDER BY 2, 3`,
  );
  let sampled = false;
  for (const { s, t, c } of columns) {
    const rows = await run.query<{ v: string }>(
      `SELECT ${quote(c)} AS v FROM ${quote(s)}.${quote(t)} WHERE ${quote(c)} LIKE 'v%.%' LIMIT 1`,
    );
    if (rows.length === 0) {
      continue;
    }
    sampled = true;
    try {
      pii.decrypt(rows[0].v);
    } catch {
      return false;
    }
  }
  return sampled ? true : null;
}

async function assertPostgresEmpty(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect().catch((error: Error) => {
    throw new BackupError(EXIT.target, `cannot connect to DATABASE_URL: ${error.message}`);
  });
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
          AND n.nspname NOT LIKE 'pg\\_temp%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
    );
    if (rows[0].n > 0) {
      const db = new URL(url).pathname.slice(1);
      throw new BackupError(
        EXIT.target,
        `the target database "${db}" is not empty (${rows[0].n} tables, views or sequences). A restore only goes into ` +
          `an empty database: create one (createdb -T template0 ${db}_restored, or DROP DATABASE ${db}; CREATE DATABASE ${db}; ` +
          'after checking you have a backup of it) and point DATABASE_URL at it',
      );
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function restorePostgres(
  url: string,
  header: BackupHeader,
  payloadOffset: number,
  opts: RestoreOptions,
  log: Log,
): Promise<Database> {
  const pgRestore = toolPath(opts.pgBin, 'pg_restore');
  const tool = await toolVersion(pgRestore);
  const dumpMajor = Number(/(\d+)/.exec((header.pgDumpVersion ?? '').replace(/^[^)]*\)/, ''))?.[1] ?? 0);
  if (tool.major < dumpMajor) {
    throw new BackupError(
      EXIT.environment,
      `${pgRestore} is version ${tool.major} but the backup was written by ${header.pgDumpVersion}: install ` +
        `postgresql-client-${dumpMajor} and pass --pg-bin /usr/lib/postgresql/${dumpMajor}/bin`,
    );
  }
  const psql = toolPath(opts.pgBin, 'psql');
  await toolVersion(psql);
  await assertPostgresEmpty(url);
  log(`restoring with ${tool.text} and psql (one transaction: on failure the target stays empty)…`);
  const target = libpqTarget(url);
  const total = Object.keys(header.tables).length;
  let done = 0;
  try {
    await restoreThroughPsql(pgRestore, psql, opts.file, payloadOffset, target, (rows) => {
      done += 1;
      if (rows > 0 || done % 25 === 0 || done === total) {
        log(`  [${done}/${total}] tables loaded (the last one: ${rows} rows)`);
      }
    });
  } catch (error) {
    throw new BackupError(
      1,
      `the restore failed; the target database was left unchanged.\n${(error as Error).message}`,
    );
  }
  return openPostgres(url, { max: 2 });
}

/**
 * pg_restore turns the archive into SQL and psql runs it in one transaction. Not pg_restore --dbname: its script
 * empties search_path, and earthdistance's ll_to_earth (SQL, inlined into the aeds/key-places GiST index expressions)
 * names the type `earth` unqualified, so CREATE INDEX … (ll_to_earth(lat, lng)) fails with `type "earth" does not
 * exist` (earthdistance 1.1 as shipped up to PostgreSQL 15). The script's one search_path line, in its preamble before
 * any data, is set to `public, pg_catalog` instead; every name the dump writes is schema-qualified anyway.
 */
function restoreThroughPsql(
  pgRestore: string,
  psql: string,
  file: string,
  payloadOffset: number,
  target: { dbname: string; env: NodeJS.ProcessEnv },
  onTable: (rows: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const restore = spawn(pgRestore, ['--no-owner', '--no-privileges', '--file=-'], {
      env: target.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const runner = spawn(
      psql,
      ['-X', '--no-password', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '--file=-', `--dbname=${target.dbname}`],
      { env: target.env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const errors: string[] = [];
    restore.stderr.on('data', (d: Buffer) => errors.push(`pg_restore: ${d.toString().trim()}`));
    runner.stderr.on('data', (d: Buffer) => errors.push(d.toString().trim()));
    let pendingOut = '';
    runner.stdout.on('data', (d: Buffer) => {
      pendingOut += d.toString();
      const lines = pendingOut.split('\n');
      pendingOut = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^COPY (\d+)$/.exec(line);
        if (m) {
          onTable(Number(m[1]));
        }
      }
    });
    const emptyPath = "SELECT pg_catalog.set_config('search_path', '', false);";
    const publicPath = "SELECT pg_catalog.set_config('search_path', 'public, pg_catalog', false);";
    let preamble: string | null = '';
    const rewrite = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        if (preamble === null) {
          callback(null, chunk);
          return;
        }
        preamble += chunk.toString('latin1');
        const at = preamble.indexOf(emptyPath);
        if (at >= 0 || preamble.length > 1 << 16) {
          const text = at >= 0 ? preamble.replace(emptyPath, publicPath) : preamble;
          preamble = null;
          callback(null, Buffer.from(text, 'latin1'));
          return;
        }
        callback();
      },
      flush(callback) {
        callback(null, preamble ? Buffer.from(preamble, 'latin1') : undefined);
      },
    });
    fs.createReadStream(file, { start: payloadOffset, highWaterMark: 1 << 20 }).pipe(restore.stdin);
    restore.stdout.pipe(rewrite).pipe(runner.stdin);
    for (const stream of [restore.stdin, runner.stdin]) {
      stream.on('error', () => {
        // the reader exited early; its exit code and stderr say why
      });
    }
    const codes: { restore?: number | null; psql?: number | null } = {};
    let settled = false;
    const fail = (error: Error) => {
      if (!settled) {
        settled = true;
        restore.kill();
        runner.kill();
        reject(error);
      }
    };
    const closed = () => {
      if (codes.restore !== undefined && codes.restore !== 0) {
        fail(new Error(`pg_restore exited with ${codes.restore}:\n${errors.slice(-15).join('\n')}`));
      } else if (codes.psql !== undefined && codes.psql !== 0) {
        fail(new Error(`psql exited with ${codes.psql}:\n${errors.slice(-15).join('\n')}`));
      } else if (codes.restore === 0 && codes.psql === 0 && !settled) {
        settled = true;
        resolve();
      }
    };
    restore.on('error', fail);
    runner.on('error', fail);
    restore.on('close', (code) => {
      codes.restore = code;
      closed();
    });
    runner.on('close', (code) => {
      codes.psql = code;
      closed();
    });
  });
}

async function restorePglite(
  dataDir: string,
  payloadOffset: number,
  opts: RestoreOptions,
  log: Log,
): Promise<Database> {
  const dir = pgliteDir(dataDir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new BackupError(
      EXIT.target,
      `${dir} already holds a database. A restore only goes into an empty data directory: stop the server and move ` +
        `${dir} aside (mv ${dir} ${dir}.old), or point BOAI_DATA_DIR at a new directory, then restore`,
    );
  }
  log(`loading the data directory into ${dir}…`);
  const payload = await fs.promises.readFile(opts.file);
  const blob = new Blob([payload.subarray(payloadOffset)], { type: 'application/x-gzip' });
  try {
    return await openPglite({ dataDir, loadDataDir: blob });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new BackupError(1, `PGlite could not load the backup: ${(error as Error).message}`);
  }
}
