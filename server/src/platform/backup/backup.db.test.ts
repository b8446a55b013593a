// boai backup / restore round trip on the project's database (PGlite data dir, or fresh PostgreSQL databases): the
// demo seed (every module) backed up by the CLI in a child process, restored into an empty target, and compared
// table by table; damaged files, non-empty targets and a different master key are refused.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPglite, openPostgres, pgliteExtensions } from '../../db/client';
import { migrateDatabase, migrationsFolder } from '../../db/migrate';
import { verifyCheckpoint } from '../../modules/ledger/checkpoint';
import { signCheckpoint } from '../../modules/ledger/ledger.service';
import { frontierRoot, leafHash, rootHash } from '../../modules/ledger/merkle';
import { seedDemo } from '../../seed/demo-seed';
import { migrate } from '../../server';
import { adminQuery, withDatabase } from '../../test/template';
import { testLedgerKey, testMasterKey } from '../../test/test-app';
import { createPii, derivePiiKeys } from '../pii';
import { BackupError, backupDatabase, countRows, EXIT, restoreDatabase, type Target } from './backup';
import { readHeader } from './backup-file';

const kind = inject('dbKind');
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-backup-test-'));
const created: string[] = [];

type Runner = { query<T>(text: string): Promise<T[]>; close(): Promise<void> };

/** A raw connection to a target (PGlite opened on its data dir, or a pg client). */
async function connect(target: Target): Promise<Runner> {
  if (target.kind === 'pglite') {
    const client = await PGlite.create({ dataDir: path.join(target.dataDir, 'pglite'), extensions: pgliteExtensions });
    return { query: async <T>(text: string) => (await client.query<T>(text)).rows, close: () => client.close() };
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return { query: async <T>(text: string) => (await client.query(text)).rows as T[], close: () => client.end() };
}

/** A new target: an empty PostgreSQL database (from template0, or the migrated test template), or a new data dir. */
async function newTarget(from: 'empty' | 'template'): Promise<Target> {
  if (kind === 'postgres') {
    const name = `boai_bk_${crypto.randomBytes(4).toString('hex')}`;
    const template = from === 'empty' ? 'template0' : inject('postgresTemplate');
    await adminQuery(inject('postgresUrl'), `CREATE DATABASE ${name} TEMPLATE ${template}`);
    created.push(name);
    return { kind: 'postgres', url: withDatabase(inject('postgresUrl'), name) };
  }
  const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  if (from === 'template') {
    const database = await openPglite({ dataDir, loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
    await database.close();
  }
  return { kind: 'pglite', dataDir };
}

async function open(target: Target) {
  return target.kind === 'pglite' ? openPglite({ dataDir: target.dataDir }) : openPostgres(target.url, { max: 2 });
}

/** Runs the real command line: node --import tsx server/src/main.ts <args>, configured for `target`. */
function cli(args: string[], target: Target): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    BOAI_SECRET_KEY: testMasterKey.toString('hex'),
    LOG_LEVEL: 'silent',
    ...(target.kind === 'postgres'
      ? { DATABASE_URL: target.url, BOAI_DATA_DIR: path.join(work, 'unused') }
      : { BOAI_DATA_DIR: target.dataDir }),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/src/main.ts', ...args],
      { cwd: repoRoot, env, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Every table's rows as one digest (row text sorted), so equal digests mean identical contents. */
async function tableDigests(run: Runner): Promise<Record<string, string>> {
  const tables = await run.query<{ s: string; t: string }>(
    `SELECT schemaname AS s, tablename AS t FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const { s, t } of tables) {
    const [row] = await run.query<{ d: string | null }>(
      `SELECT md5(string_agg(x::text, E'\\n' ORDER BY x::text)) AS d FROM "${s}"."${t}" x`,
    );
    out[`${s}.${t}`] = row.d ?? 'empty';
  }
  return out;
}

let source: Target;
let backupFile: string;
let sourceCounts: Record<string, number>;
let sourceDigests: Record<string, string>;
let seedMs = 0;

beforeAll(async () => {
  source = await newTarget('template');
  const database = await open(source);
  const started = Date.now();
  // The whole demo (every module) with a small population: the people register is where a bigger seed grows.
  expect(await seedDemo(database.db, { people: 20 })).toBe(true);
  seedMs = Date.now() - started;
  expect(await signCheckpoint(database.db, testLedgerKey)).toBeDefined();
  await database.close();
  const run = await connect(source);
  sourceCounts = await countRows(run);
  sourceDigests = await tableDigests(run);
  await run.close();
  backupFile = path.join(work, 'demo.boai-backup');
}, 240_000);

afterAll(async () => {
  for (const name of created) {
    await adminQuery(inject('postgresUrl'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  }
  fs.rmSync(work, { recursive: true, force: true });
});

describe(`boai backup / restore (${kind})`, () => {
  it('backs up the demo database from the command line, with a checked header', async () => {
    const started = Date.now();
    const res = await cli(['backup', backupFile], source);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('backup written');
    expect(res.stdout).toContain('master key is NOT in the backup');
    const { header } = readHeader(backupFile);
    expect(header.database).toBe(kind);
    expect(header.format).toBe(kind === 'postgres' ? 'pg_dump-custom' : 'pglite-datadir-tgz');
    expect(header.tables).toEqual(sourceCounts);
    expect(header.migrations.count).toBeGreaterThan(10);
    expect(fs.statSync(backupFile).mode & 0o077).toBe(0);
    console.log(
      `[${kind}] seed ${seedMs} ms; backup (CLI, incl. process start) ${Date.now() - started} ms, ` +
        `${fs.statSync(backupFile).size} bytes, ${Object.values(sourceCounts).reduce((a, b) => a + b, 0)} rows`,
    );
    // A second backup to the same name is refused: backups are never overwritten.
    expect((await cli(['backup', backupFile], source)).code).toBe(EXIT.target);
  }, 240_000);

  it('restores into an empty database: same rows, sequences continue, ledger and personal data verify', async () => {
    const target = await newTarget('empty');
    const started = Date.now();
    const lines: string[] = [];
    const result = await restoreDatabase({
      target,
      file: backupFile,
      master: testMasterKey,
      migrate,
      log: (l) => lines.push(l),
    });
    console.log(`[${kind}] restore ${Date.now() - started} ms`);
    expect(result.migrated).toBe(false);
    expect(result.piiReadable).toBe(true);
    expect(lines.join('\n')).toContain('row counts match');

    const run = await connect(target);
    try {
      expect(await countRows(run)).toEqual(sourceCounts);
      expect(await tableDigests(run)).toEqual(sourceDigests);

      // Every sequence owned by a column hands out a value above the column's largest: the next insert can't collide.
      const owned = await run.query<{ seq: string; tbl: string; col: string }>(
        `SELECT s.oid::regclass::text AS seq, t.oid::regclass::text AS tbl, a.attname AS col
           FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
           JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
          WHERE s.relkind = 'S'`,
      );
      expect(owned.length).toBeGreaterThan(0);
      for (const o of owned) {
        const [row] = await run.query<{ next: string; max: string | null }>(
          `SELECT nextval('${o.seq}')::text AS next, (SELECT max("${o.col}")::text FROM ${o.tbl}) AS max`,
        );
        expect(Number(row.next), o.seq).toBeGreaterThan(Number(row.max ?? 0));
      }
      const [people] = await run.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
      expect(people.n).toBeGreaterThan(0);

      // The public ledger: leaves recompute to the stored frontier and the latest checkpoint, whose signature verifies.
      const entries = await run.query<{ leaf: string }>('SELECT leaf FROM ledger_entries ORDER BY index');
      expect(entries.length).toBeGreaterThan(0);
      const root = rootHash(entries.map((e) => leafHash(new TextEncoder().encode(e.leaf))));
      const [state] = await run.query<{ size: string; frontier: string[] }>('SELECT size, frontier FROM ledger_state');
      const frontier = frontierRoot({
        size: Number(state.size),
        hashes: state.frontier.map((h) => new Uint8Array(Buffer.from(h, 'base64'))),
      });
      expect(Buffer.from(frontier).toString('hex')).toBe(Buffer.from(root).toString('hex'));
      const [checkpoint] = await run.query<{ size: string; note: string; root_hash: string }>(
        'SELECT size, note, root_hash FROM ledger_checkpoints ORDER BY size DESC LIMIT 1',
      );
      expect(Number(checkpoint.size)).toBe(entries.length);
      const verified = verifyCheckpoint(checkpoint.note, testLedgerKey.verifierKey);
      expect(Buffer.from(verified.rootHash).toString('hex')).toBe(Buffer.from(root).toString('hex'));

      // Personal data decrypts with the same key, and not with another.
      const [person] = await run.query<{ phone_enc: string }>(
        'SELECT phone_enc FROM people WHERE phone_enc IS NOT NULL LIMIT 1',
      );
      expect(createPii(derivePiiKeys(testMasterKey)).decrypt(person.phone_enc)).toMatch(/^\+861\d{10}$/);
      expect(() => createPii(derivePiiKeys(Buffer.alloc(32, 9))).decrypt(person.phone_enc)).toThrow();
    } finally {
      await run.close();
    }

    // The target is no longer empty: a second restore into it is refused and changes nothing.
    await expect(restoreDatabase({ target, file: backupFile, master: testMasterKey, migrate })).rejects.toMatchObject({
      exitCode: EXIT.target,
    });
  }, 240_000);

  it('restores a backup taken before the newest migration and brings its schema up to date', async () => {
    // A database at the previous release's schema (every migration but the newest), with one audit row in it.
    const folder = fs.mkdtempSync(path.join(work, 'migrations-'));
    fs.cpSync(migrationsFolder, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const newest = journal.entries.pop()!;
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const older = await newTarget('empty');
    const database = await open(older);
    try {
      await migrateDatabase(database, folder);
    } finally {
      await database.close();
    }
    let run = await connect(older);
    await run.query(
      `INSERT INTO audit_log (region_id, actor_kind, actor_label, action, entity_type)
       VALUES (330000, 'system', 'backup-test', 'backup_test.older_schema', 'backup_test')`,
    );
    const [before] = await run.query<{ t: string | null }>(`SELECT to_regclass('audit_chain')::text AS t`);
    expect(before.t).toBeNull();
    await run.close();
    const file = path.join(work, 'older.boai-backup');
    const header = await backupDatabase({ target: older, file, master: testMasterKey });
    expect(header.migrations.count).toBe(journal.entries.length);

    const target = await newTarget('empty');
    const lines: string[] = [];
    const result = await restoreDatabase({ target, file, master: testMasterKey, migrate, log: (l) => lines.push(l) });
    expect(result.migrated).toBe(true);
    expect(lines.join('\n')).toContain(`from ${journal.entries.length} to ${journal.entries.length + 1} migrations`);
    run = await connect(target);
    try {
      // The newest migration ran on the restored rows: its tables exist and the old row gained its new column.
      const [applied] = await run.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      expect(applied.n, newest.tag).toBe(journal.entries.length + 1);
      const [after] = await run.query<{ t: string | null }>(`SELECT to_regclass('audit_chain')::text AS t`);
      expect(after.t).toBe('audit_chain');
      const rows = await run.query<{ action: string; xid: string }>(
        `SELECT action, xid::text AS xid FROM audit_log WHERE actor_label = 'backup-test'`,
      );
      expect(rows).toHaveLength(1);
      expect(Number(rows[0].xid)).toBeGreaterThan(0);
    } finally {
      await run.close();
    }
  }, 240_000);

  it('refuses a tampered file (command line, exit 4) and a different master key, leaving the target empty', async () => {
    const tampered = path.join(work, 'tampered.boai-backup');
    const bytes = fs.readFileSync(backupFile);
    const { payloadOffset } = readHeader(backupFile);
    bytes[payloadOffset + Math.floor((bytes.length - payloadOffset) / 2)] ^= 0x01;
    fs.writeFileSync(tampered, bytes);
    const target = await newTarget('empty');
    const res = await cli(['restore', tampered], target);
    expect(res.code).toBe(EXIT.badFile);
    expect(res.stderr).toContain('damaged or has been altered');

    const other = await restoreDatabase({ target, file: backupFile, master: Buffer.alloc(32, 9), migrate }).catch(
      (e: unknown) => e,
    );
    expect(other).toBeInstanceOf(BackupError);
    expect((other as BackupError).exitCode).toBe(EXIT.key);

    // A backup whose schema has a migration this code does not know (a newer Boai) is refused.
    const newer = path.join(work, 'newer.boai-backup');
    const original = fs.readFileSync(backupFile).toString('latin1');
    const edited = original.replace(/"lastCreatedAt":\d{13}/, '"lastCreatedAt":9999999999999');
    expect(edited).not.toBe(original);
    fs.writeFileSync(newer, Buffer.from(edited, 'latin1'));
    await expect(restoreDatabase({ target, file: newer, master: testMasterKey, migrate })).rejects.toMatchObject({
      exitCode: EXIT.badFile,
      message: expect.stringContaining('newer Boai'),
    });

    const notBackup = path.join(work, 'not-a-backup');
    fs.writeFileSync(notBackup, 'PGDMP not ours');
    await expect(restoreDatabase({ target, file: notBackup, master: testMasterKey })).rejects.toMatchObject({
      exitCode: EXIT.badFile,
    });
    if (source.kind === 'pglite') {
      // A PGlite database open in another process (a running server) is not backed up: its copy could be torn.
      const held = await open(source);
      try {
        await expect(
          backupDatabase({ target: source, file: path.join(work, 'busy.boai-backup'), master: testMasterKey }),
        ).rejects.toMatchObject({ exitCode: EXIT.target, message: expect.stringContaining('stop the server') });
      } finally {
        await held.close();
      }
    }
    if (target.kind === 'pglite') {
      expect(fs.existsSync(path.join(target.dataDir, 'pglite'))).toBe(false);
    } else {
      const run = await connect(target);
      expect(await countRows(run)).toEqual({});
      await run.close();
    }
  }, 240_000);
});
