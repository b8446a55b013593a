// createTestApp(): a fresh copy of the migrated template per test file, the real app on it, and helpers to call it
// as a given user. Factories build their own parents so tests share no rows.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { type BoaiApp, buildApp } from '../app';
import { type Database, openPglite, openPostgres } from '../db/client';
import { createGivingRuntime } from '../modules/donations/donations-runtime';
import type { GivingRuntime } from '../modules/donations/giving';
import { deriveLedgerKey } from '../modules/ledger/ledger-key';
import { configurePii, createPii, derivePiiKeys } from '../platform/pii';
import { adminQuery, withDatabase } from './template';

export const testMasterKey = Buffer.alloc(32, 7);
configurePii(createPii(derivePiiKeys(testMasterKey)));
/** The log key every test app signs with. */
export const testLedgerKey = deriveLedgerKey(testMasterKey, 'boai.test/ledger');

/** The public origin test apps build payment URLs on. */
export const testPublicUrl = 'http://boai.test';

export type Caller = { cookie: string; userId?: string; username?: string } | null;

export type TestApp = {
  app: BoaiApp;
  database: Database;
  db: Database['db'];
  kind: 'pglite' | 'postgres';
  /** Calls the API as `caller` (null = anonymous). */
  inject(caller: Caller, opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

export async function createTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (inject('dbKind') === 'postgres') {
    const url = inject('postgresUrl');
    const name = `boai_t_${crypto.randomBytes(5).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    const database = await openPostgres(withDatabase(url, name), { max: 4 });
    return { database, drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  const database = await openPglite({ loadDataDir: blob });
  return { database, drop: async () => {} };
}

export async function createTestApp(
  opts: {
    rateLimits?: boolean;
    giving?: GivingRuntime;
    /** Where the app logs (with logLevel), for tests that read the log. */
    logStream?: NodeJS.WritableStream;
    logLevel?: string;
  } = {},
): Promise<TestApp> {
  const { database, drop } = await createTestDatabase();
  const app = await buildApp({
    database,
    logLevel: opts.logLevel ?? 'silent',
    logStream: opts.logStream,
    showOutboxSecrets: true,
    rateLimits: opts.rateLimits ?? false,
    webDist: '/nonexistent',
    // Tests stand in for the reverse proxy: inject() calls come from loopback and may name the client.
    trustProxy: ['loopback'],
    ledger: testLedgerKey,
    giving: opts.giving ?? createGivingRuntime({ master: testMasterKey, publicUrl: testPublicUrl }),
  });
  await app.ready();
  return {
    app,
    database,
    db: database.db,
    kind: database.kind,
    inject(caller, options) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (caller) {
        headers.cookie = [headers.cookie, caller.cookie].filter(Boolean).join('; ');
      }
      return app.inject({ ...options, headers });
    },
    async close() {
      await app.close();
      await database.close();
      await drop();
    },
  };
}
