// Queries run together on one connection (Promise.all inside a transaction) are answered in order, each with its own
// result, and without node-postgres's deprecated query queue (gone in pg 9); on the pool they still overlap.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../test/test-app';
import { type Database, queryRows } from './client';

let database: Database;
let drop: () => Promise<void>;
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);

beforeAll(async () => {
  ({ database, drop } = await createTestDatabase());
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await database.close();
  await drop();
});

const slowValue = (db: Database['db'], n: number) =>
  queryRows<{ n: number }>(db, sql`SELECT ${n}::int AS n FROM pg_sleep(${(n % 3) / 100})`);

describe('queries sent together on one connection', () => {
  it('are answered in order, each with its own rows, with no queue warning', async () => {
    const answers = await database.db.transaction(async (tx) =>
      Promise.all(Array.from({ length: 24 }, (_, i) => slowValue(tx, i))),
    );
    expect(answers.map((rows) => rows[0].n)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
  });

  it.runIf(inject('dbKind') === 'postgres')(
    'reach node-postgres one at a time (its own queue stays empty)',
    async () => {
      const client = await database.pool!.connect();
      try {
        const all = Promise.all([1, 2, 3].map((n) => client.query('SELECT $1::int AS n FROM pg_sleep(0.01)', [n])));
        // The first is on the wire; without serialiseQueries the other two would wait in pg's deprecated queue.
        expect((client as unknown as { _queryQueue: unknown[] })._queryQueue).toHaveLength(0);
        expect((await all).map((r) => r.rows[0].n)).toEqual([1, 2, 3]);
      } finally {
        client.release();
      }
    },
  );

  it('keep the transaction whole when one of them fails: the rest are refused and nothing is written', async () => {
    await queryRows(database.db, sql`CREATE TABLE IF NOT EXISTS serialise_probe (n int)`);
    const outcome = await database.db
      .transaction(async (tx) =>
        Promise.all([
          queryRows(tx, sql`INSERT INTO serialise_probe VALUES (1)`),
          queryRows(tx, sql`SELECT 1 / 0`),
          queryRows(tx, sql`INSERT INTO serialise_probe VALUES (2)`),
        ]),
      )
      .then(
        () => 'committed',
        (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
      );
    expect(outcome).toMatch(/division by zero/);
    expect(await queryRows(database.db, sql`SELECT n FROM serialise_probe`)).toEqual([]);
    // The connection is whole again afterwards.
    expect((await slowValue(database.db, 7))[0].n).toBe(7);
  });
});
