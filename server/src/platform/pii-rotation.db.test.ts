// PII key rotation on a real database: data from several modules under key A (the original v1 format and v2) is
// re-encrypted under key B in batches; lookups by ID number and phone find the same people during and after; a run
// interrupted mid-batch or between batches resumes without losing or repeating a row; a missing old key or a wrong
// lookup key is refused before anything is written.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { queryRows } from '../db/client';
import { searchPeople } from '../modules/people/people.service';
import {
  createOpenProject,
  createPerson,
  createProvince,
  giveOnline,
  signInByPhone,
  systemCtx,
  uniqueIdNumber,
} from '../test/factories';
import { createMember, uniquePhone } from '../test/member-factory';
import { withDatabase } from '../test/template';
import { createTestApp, type TestApp, testMasterKey } from '../test/test-app';
import { findPublicAccountByPhoneHash } from './auth/auth.repo';
import { normalizePhone } from './identity/phone';
import { enqueueJob, runDueJobs } from './jobs/jobs.service';
import { configurePii, createPii, derivePiiKeys, keyringOf, type Pii, pii, piiKeyId } from './pii';
import {
  definePiiRotationJob,
  RotationRefused,
  rotationPlans,
  rotationStatus,
  runRotation,
  startRotation,
} from './pii-rotation';

const keyA = testMasterKey;
const keyB = Buffer.alloc(32, 0xb);
const keyC = Buffer.alloc(32, 0xc);
const idB = piiKeyId(keyB);
const ring = (current: Buffer, previous: Buffer[], lookup = keyA): Pii =>
  createPii(keyringOf({ current, previous, lookup }));

let t: TestApp;
const people: { id: string; idNumber: string; phone: string }[] = [];
let accountPhone = '';
let accountId = '';
let countsAtStart: Map<string, number>;

/** Every ciphertext of every registered column, by `table|primary key|column|n`. */
async function ciphertexts(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const plan of rotationPlans()) {
    const cols = [...plan.key.map((k) => k.name), ...plan.text, ...plan.json];
    const rows = await queryRows<Record<string, unknown>>(
      t.db,
      sql`SELECT ${sql.join(
        cols.map((c) => sql.identifier(c)),
        sql`, `,
      )} FROM ${sql.identifier(plan.name)}`,
    );
    for (const row of rows) {
      const pk = plan.key.map((k) => String(row[k.name])).join('/');
      for (const col of plan.text) {
        if (typeof row[col] === 'string') {
          out.set(`${plan.name}|${pk}|${col}|0`, row[col] as string);
        }
      }
      for (const col of plan.json) {
        JSON.stringify(row[col], (k, v) => {
          if (/Enc$/.test(k) && typeof v === 'string') {
            out.set(`${plan.name}|${pk}|${col}|${out.size}`, v);
          }
          return v;
        });
      }
    }
  }
  return out;
}

function normalised(phone: string): string {
  const n = normalizePhone(phone);
  if (!n.ok) {
    throw new Error('bad phone');
  }
  return n.value;
}

async function findByQuery(q: string): Promise<string[]> {
  const found = await searchPeople(t.db, systemCtx, { q, page: 1, pageSize: 20 } as never);
  return found.items.map((p: { id: string }) => p.id);
}

async function expectLookupsWork() {
  for (const p of [people[0], people[people.length - 1], people[Math.floor(people.length / 2)]]) {
    expect(await findByQuery(p.idNumber)).toEqual([p.id]);
    expect(await findByQuery(p.phone)).toEqual([p.id]);
  }
  // The phone sign-in's lookup of the account.
  const found = await findPublicAccountByPhoneHash(t.db, pii().blindIndex('phone', normalised(accountPhone)));
  expect(found?.id).toBe(accountId);
}

async function tableCounts(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const plan of rotationPlans()) {
    const [{ n }] = await queryRows<{ n: string }>(t.db, sql`SELECT count(*) AS n FROM ${sql.identifier(plan.name)}`);
    out.set(plan.name, Number(n));
  }
  return out;
}

async function counts(toKeyId: string) {
  return queryRows<{ table_name: string; rows_done: string; rows_changed: string; finished_at: unknown }>(
    t.db,
    sql`SELECT table_name, rows_done, rows_changed, finished_at FROM pii_rotations WHERE to_key_id = ${toKeyId}`,
  );
}

let before: Map<string, string>;
let plaintexts: Map<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const province = await createProvince(t);
  // Written by the original single-key writer (format v1, no key id) ...
  configurePii(createPii(derivePiiKeys(keyA)));
  for (let i = 0; i < 12; i++) {
    const idNumber = uniqueIdNumber();
    const phone = uniquePhone();
    const p = await createPerson(t, province.id, { idNumber, phone });
    people.push({ id: p.id, idNumber, phone });
  }
  // ... and by a keyring whose current key is A (format v2.<id of A>).
  configurePii(ring(keyA, []));
  for (let i = 0; i < 12; i++) {
    const idNumber = uniqueIdNumber();
    const phone = uniquePhone();
    const p = await createPerson(t, province.id, { idNumber, phone });
    people.push({ id: p.id, idNumber, phone });
  }
  await createMember(t, province.id);
  const project = await createOpenProject(t, province.id);
  for (let i = 0; i < 3; i++) {
    const { paid } = await giveOnline(t, (project as { code: string }).code, 1000 + i, { phone: uniquePhone() });
    expect(paid.statusCode).toBeLessThan(400);
  }
  accountPhone = uniquePhone();
  await signInByPhone(t, accountPhone);
  const [account] = await queryRows<{ id: string }>(
    t.db,
    sql`SELECT id FROM public_accounts ORDER BY created_at DESC LIMIT 1`,
  );
  accountId = account.id;

  before = await ciphertexts();
  const readA = ring(keyA, []);
  plaintexts = new Map([...before].map(([k, v]) => [k, readA.decrypt(v)]));
  // Rotating to B: B is current, A still decrypts and keys the lookups.
  configurePii(ring(keyB, [keyA]));
}, 240_000);

afterAll(async () => {
  configurePii(createPii(derivePiiKeys(testMasterKey)));
  await t?.close();
});

describe('PII key rotation', () => {
  it('starts with data from several modules under key A, in both formats', () => {
    const tables = new Set([...before.keys()].map((k) => k.split('|')[0]));
    for (const table of ['people', 'donation_orders', 'donations', 'public_accounts', 'outbox_messages']) {
      expect(tables.has(table), table).toBe(true);
    }
    expect([...before.values()].some((v) => v.startsWith('v1.'))).toBe(true);
    expect([...before.values()].some((v) => v.startsWith(`v2.${piiKeyId(keyA)}.`))).toBe(true);
  });

  it('refuses a missing old key or a wrong lookup key before writing anything', async () => {
    configurePii(ring(keyC, [], keyA));
    await expect(startRotation(t.db)).rejects.toThrow(RotationRefused);
    await expect(startRotation(t.db)).rejects.toThrow(/no configured key decrypts|not configured/);
    configurePii(ring(keyB, [keyA], keyB));
    await expect(startRotation(t.db)).rejects.toThrow(/lookup key/);
    configurePii(ring(keyB, [keyA]));
    expect(await counts(piiKeyId(keyC))).toEqual([]);
    expect(await counts(idB)).toEqual([]);
    expect(await ciphertexts()).toEqual(before);
  });

  it('survives a crash inside a batch and between batches, with lookups working while half rotated', async () => {
    const { started } = await startRotation(t.db);
    expect(started).toBe(true);
    countsAtStart = await tableCounts();
    expect((await rotationStatus(t.db)).previousKeysDroppable).toBe(false);

    // A crash inside the third batch's transaction: that batch (rows and cursor) is rolled back.
    let n = 0;
    await expect(
      runRotation(t.db, {
        batchSize: 5,
        beforeCommit: () => {
          if (++n === 3) {
            throw new Error('crash');
          }
        },
      }),
    ).rejects.toThrow('crash');
    const afterCrash = await counts(idB);
    expect(afterCrash.reduce((s, r) => s + Number(r.rows_done), 0)).toBe(10);
    // people (the first table) is now half under B, half under A; its indexes stay under the lookup key.
    const peopleNow = [...(await ciphertexts())].filter(([k]) => k.startsWith('people|')).map(([, v]) => v);
    const peopleUnderB = peopleNow.filter((v) => v.startsWith(`v2.${idB}.`)).length;
    expect(peopleUnderB).toBeGreaterThan(0);
    expect(peopleUnderB).toBeLessThan(peopleNow.length);
    await expectLookupsWork();

    // A crash between batches (after the fifth commits).
    let m = 0;
    await expect(
      runRotation(t.db, {
        batchSize: 5,
        afterBatch: () => {
          if (++m === 5) {
            throw new Error('crash');
          }
        },
      }),
    ).rejects.toThrow('crash');
    const half = await ciphertexts();
    const underB = [...half.values()].filter((v) => v.startsWith(`v2.${idB}.`)).length;
    expect(underB).toBeGreaterThan(0);
    expect(underB).toBeLessThan(half.size);
    await expectLookupsWork();

    expect(await runRotation(t.db, { batchSize: 5 })).toBe(true);
  });

  it('leaves every value under B with its plaintext, readable with A dropped, each row counted once', async () => {
    const after = await ciphertexts();
    expect([...before.keys()].filter((k) => !after.has(k))).toEqual([]);
    const onlyB = ring(keyB, []);
    for (const [k, v] of after) {
      expect(v.startsWith(`v2.${idB}.`), k).toBe(true);
      if (before.has(k)) {
        expect(onlyB.decrypt(v), k).toBe(plaintexts.get(k));
      }
    }
    const rows = await counts(idB);
    expect(rows.every((r) => r.finished_at)).toBe(true);
    const now = await tableCounts();
    for (const [table, n] of countsAtStart) {
      const done = Number(rows.find((r) => r.table_name === table)?.rows_done);
      if (now.get(table) === n) {
        expect(done, table).toBe(n);
      } else {
        // Rows added during the rotation are counted when the cursor had not yet passed their key.
        expect(done, table).toBeGreaterThanOrEqual(n);
        expect(done, table).toBeLessThanOrEqual(now.get(table) ?? 0);
      }
    }
    const rowsWithValues = new Set([...before.keys()].map((k) => k.split('|').slice(0, 2).join('|'))).size;
    expect(rows.reduce((s, r) => s + Number(r.rows_changed), 0)).toBe(rowsWithValues);

    const status = await rotationStatus(t.db);
    expect(status.finished).toBe(true);
    expect(status.previousKeysDroppable).toBe(true);
    const audits = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_type = 'pii_rotation' AND entity_id = ${idB} ORDER BY id`,
    );
    expect(audits.map((a) => a.action).sort()).toEqual(['pii.rotation.finish', 'pii.rotation.start']);
  });

  it('finds the same people after A is dropped (lookup key kept), and a second run changes nothing', async () => {
    configurePii(ring(keyB, []));
    await expectLookupsWork();
    const changedBefore = (await counts(idB)).reduce((s, r) => s + Number(r.rows_changed), 0);
    expect((await startRotation(t.db)).started).toBe(false);
    expect(await runRotation(t.db)).toBe(true);
    expect((await counts(idB)).reduce((s, r) => s + Number(r.rows_changed), 0)).toBe(changedBefore);
  });

  // The real command in a child process, killed with SIGKILL part-way (PostgreSQL: the child needs the same database).
  it.skipIf(inject('dbKind') !== 'postgres')(
    'resumes `boai keys rotate` after the process is killed part-way (SIGKILL)',
    async () => {
      const [{ db }] = await queryRows<{ db: string }>(t.db, sql`SELECT current_database() AS db`);
      const idC = piiKeyId(keyC);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.resolve(__dirname, '../main.ts'), 'keys', 'rotate', '--batch', '1'],
        {
          env: {
            PATH: process.env.PATH,
            DATABASE_URL: withDatabase(inject('postgresUrl'), db),
            BOAI_DATA_DIR: os.tmpdir(),
            BOAI_SECRET_KEY: keyC.toString('hex'),
            BOAI_PREVIOUS_SECRET_KEYS: `${keyB.toString('hex')},${keyA.toString('hex')}`,
            BOAI_LOOKUP_SECRET_KEY: keyA.toString('hex'),
          },
          stdio: 'ignore',
        },
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let done = 0;
      for (let i = 0; i < 6000 && done < 20; i++) {
        await new Promise((r) => setTimeout(r, 10));
        done = (await counts(idC)).reduce((s, r) => s + Number(r.rows_done), 0);
      }
      child.kill('SIGKILL');
      expect(await exited).toBe(null); // killed, not finished
      const killedAt = await counts(idC);
      expect(killedAt.some((r) => !r.finished_at)).toBe(true);

      configurePii(ring(keyC, [keyB]));
      expect(await runRotation(t.db)).toBe(true);
      const after = await ciphertexts();
      const onlyC = ring(keyC, []);
      for (const [k, v] of after) {
        expect(v.startsWith(`v2.${idC}.`), k).toBe(true);
        if (before.has(k)) {
          expect(onlyC.decrypt(v), k).toBe(plaintexts.get(k));
        }
      }
      const rows = await counts(idC);
      const now = await tableCounts();
      for (const r of rows) {
        expect(Number(r.rows_done), r.table_name).toBe(now.get(r.table_name));
      }
      await expectLookupsWork();
    },
    120_000,
  );

  it('is done by the background job on a running server (pii.rotate)', async () => {
    const keyD = Buffer.alloc(32, 0xd);
    definePiiRotationJob();
    configurePii(ring(keyD, [keyB, keyC]));
    expect((await rotationStatus(t.db)).previousKeysDroppable).toBe(false);
    const jobId = await enqueueJob(t.db, 'pii.rotate');
    // Other test files of this worker may have registered jobs of their own (due here too): run until none is left.
    expect(await runDueJobs(t.db, 'test-worker', 100)).toBeGreaterThanOrEqual(1);
    const [job] = await queryRows<{ status: string }>(t.db, sql`SELECT status FROM jobs WHERE id = ${jobId}`);
    expect(job.status).toBe('done');
    const status = await rotationStatus(t.db);
    expect(status.finished).toBe(true);
    expect(status.previousKeysDroppable).toBe(true);
    const onlyD = ring(keyD, []);
    for (const [k, v] of await ciphertexts()) {
      if (before.has(k)) {
        expect(onlyD.decrypt(v), k).toBe(plaintexts.get(k));
      }
    }
    await expectLookupsWork();
  });
});
