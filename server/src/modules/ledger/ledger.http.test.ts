// The transparency log on a real database: gapless appends inside the caller's transaction (also under concurrency
// and rollback), signed checkpoints, and public routes whose answers verify with the pure RFC 9162 / C2SP verifiers.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { enqueueJob, runDueJobs } from '../../platform/jobs/jobs.service';
import { createTestApp, type TestApp, testLedgerKey, testMasterKey } from '../../test/test-app';
import { type ParsedCheckpoint, verifyCheckpoint } from './checkpoint';
import type { LedgerEntryView } from './ledger.schemas';
import { appendLedgerEntry, defineLedgerJobs, type LedgerFacts, signCheckpoint } from './ledger.service';
import { deriveLedgerKey } from './ledger-key';
import { frontierRoot, leafHash, rootHash, verifyConsistency, verifyInclusion } from './merkle';

let t: TestApp;
const responses: LightMyRequestResponse[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const b64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const key = { origin: testLedgerKey.origin, signer: testLedgerKey.signer };

async function get(url: string): Promise<LightMyRequestResponse> {
  const res = await t.inject(null, { method: 'GET', url });
  responses.push(res);
  return res;
}

function append(kind: string, facts: LedgerFacts) {
  return t.db.transaction((tx) => appendLedgerEntry(tx, { kind, facts }));
}

async function entryCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM ledger_entries`);
  return Number(row.n);
}

async function logSize(): Promise<number> {
  const rows = await queryRows<{ size: number | string }>(t.db, sql`SELECT size FROM ledger_state WHERE id = 1`);
  return Number(rows[0]?.size ?? 0);
}

async function fetchCheckpoint(): Promise<ParsedCheckpoint> {
  const keyRes = await get('/api/ledger/key');
  const res = await get('/api/ledger/checkpoint');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  const { origin, verifierKey } = keyRes.json() as { origin: string; verifierKey: string };
  return verifyCheckpoint(res.body, verifierKey, { origin });
}

describe('the ledger before its first checkpoint', () => {
  it('answers GET /api/ledger/checkpoint with 404 NOT_FOUND', async () => {
    const res = await get('/api/ledger/checkpoint');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('signs nothing while the log is empty', async () => {
    expect(await t.db.transaction((tx) => signCheckpoint(tx, key))).toBeUndefined();
    const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM ledger_checkpoints`);
    expect(Number(row.n)).toBe(0);
  });

  it('serves the origin and the verifier key derived from the master key', async () => {
    const res = await get('/api/ledger/key');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ origin: 'boai.test/ledger', verifierKey: testLedgerKey.verifierKey, witnesses: [] });
    expect(deriveLedgerKey(testMasterKey, 'boai.test/ledger')).toEqual(testLedgerKey);
    expect(deriveLedgerKey(Buffer.alloc(32, 8), 'boai.test/ledger').verifierKey).not.toBe(testLedgerKey.verifierKey);
  });
});

describe('appending entries', () => {
  it('gives 20 concurrent appends the indexes 0..19 exactly once, with a frontier matching the stored leaves', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => append('test.concurrent', { n: i, amountFen: 100 * (i + 1) })),
    );
    expect(results.map((r) => r.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));

    const leaves = await queryRows<{ index: number | string; leaf_hash: Uint8Array }>(
      t.db,
      sql`SELECT index, leaf_hash FROM ledger_entries ORDER BY index`,
    );
    expect(leaves.map((r) => Number(r.index))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const [state] = await queryRows<{ size: number | string; frontier: string[] }>(
      t.db,
      sql`SELECT size, frontier FROM ledger_state WHERE id = 1`,
    );
    expect(Number(state.size)).toBe(20);
    const stored = leaves.map((r) => new Uint8Array(r.leaf_hash));
    const frontier = { size: 20, hashes: state.frontier.map(b64) };
    expect(Buffer.from(frontierRoot(frontier)).toString('hex')).toBe(Buffer.from(rootHash(stored)).toString('hex'));
  });

  it('stores the canonical JSON of the kind and facts, hashed as an RFC 9162 leaf', async () => {
    const { index, leafHash: hash } = await append('donation.received', { projectId: 'p-1', amountFen: 5000 });
    const [row] = await queryRows<{ kind: string; leaf: string; leaf_hash: Uint8Array }>(
      t.db,
      sql`SELECT kind, leaf, leaf_hash FROM ledger_entries WHERE index = ${index}`,
    );
    expect(row.kind).toBe('donation.received');
    expect(row.leaf).toBe('{"amountFen":5000,"kind":"donation.received","projectId":"p-1"}');
    expect(Buffer.from(row.leaf_hash).equals(Buffer.from(hash))).toBe(true);
    expect(Buffer.from(leafHash(new TextEncoder().encode(row.leaf))).equals(Buffer.from(hash))).toBe(true);
  });

  it('leaves no entry and no gap when the transaction rolls back: the next append takes the same index', async () => {
    const sizeBefore = await logSize();
    const countBefore = await entryCount();
    const rollback = new Error('rollback');
    let appendedAt = -1;
    await expect(
      t.db.transaction(async (tx) => {
        appendedAt = (await appendLedgerEntry(tx, { kind: 'test.rolled-back', facts: { n: 1 } })).index;
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(appendedAt).toBe(sizeBefore);
    expect(await logSize()).toBe(sizeBefore);
    expect(await entryCount()).toBe(countBefore);
    expect((await get(`/api/ledger/entries/${sizeBefore}`)).statusCode).toBe(404);

    const next = await append('test.after-rollback', { n: 2 });
    expect(next.index).toBe(sizeBefore);
    expect(await entryCount()).toBe(countBefore + 1);
  });

  it('refuses to append outside a transaction', async () => {
    const countBefore = await entryCount();
    await expect(appendLedgerEntry(t.db, { kind: 'test.no-tx', facts: {} })).rejects.toThrow(/inside the transaction/);
    expect(await entryCount()).toBe(countBefore);
  });

  it.each([
    ['name', { name: '张三', amountFen: 1 }, 'facts.name'],
    ['idNumber', { idNumber: '330102199001011234' }, 'facts.idNumber'],
    ['phone (nested)', { donor: { phone: '13800138000' } }, 'facts.donor.phone'],
    ['id_number (snake case, in an array)', { items: [{ id_number: 'x' }] }, 'facts.items[0].id_number'],
  ] as [string, LedgerFacts, string][])('refuses facts holding personal data: %s', async (_label, facts, field) => {
    const sizeBefore = await logSize();
    await expect(append('test.personal', facts)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ field }] },
    });
    expect(await logSize()).toBe(sizeBefore);
  });

  it('refuses a kind among the facts and a value JSON cannot hold', async () => {
    const sizeBefore = await logSize();
    await expect(append('test.kind', { kind: 'other' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(append('test.nan', { amountFen: Number.NaN })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(append(' ', { n: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await logSize()).toBe(sizeBefore);
  });
});

describe('checkpoints and proofs', () => {
  let first: ParsedCheckpoint;

  it('signs a checkpoint of the current log that verifies with the served key, once per size', async () => {
    const signed = await t.db.transaction((tx) => signCheckpoint(tx, key));
    expect(signed).toMatchObject({ size: await logSize(), isNew: true });
    first = await fetchCheckpoint();
    expect(first.size).toBe(await logSize());
    expect(Buffer.from(first.rootHash).toString('base64')).toBe(signed!.rootHash);

    const again = await t.db.transaction((tx) => signCheckpoint(tx, key));
    expect(again).toEqual({ ...signed, isNew: false });
    const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM ledger_checkpoints`);
    expect(Number(row.n)).toBe(1);
  });

  it('rejects the checkpoint under another key (the verification can fail)', async () => {
    const res = await get('/api/ledger/checkpoint');
    const other = deriveLedgerKey(Buffer.alloc(32, 9), 'boai.test/ledger');
    expect(() => verifyCheckpoint(res.body, other.verifierKey)).toThrow();
  });

  it('serves every entry with an inclusion proof that verifies against the checkpoint root', async () => {
    for (let index = 0; index < first.size; index++) {
      const res = await get(`/api/ledger/entries/${index}`);
      expect(res.statusCode).toBe(200);
      const entry = res.json() as LedgerEntryView;
      expect(entry).toMatchObject({ index, treeSize: first.size });
      expect(JSON.parse(entry.leaf).kind).toBe(entry.kind);
      const hash = leafHash(new TextEncoder().encode(entry.leaf));
      expect(Buffer.from(hash).toString('base64')).toBe(entry.leafHash);
      const proof = entry.inclusionProof.map(b64);
      expect(verifyInclusion(hash, index, first.size, proof, first.rootHash), `entry ${index}`).toBe(true);
      expect(verifyInclusion(hash, (index + 1) % first.size, first.size, proof, first.rootHash)).toBe(false);
    }
  });

  it('proves a newer entry in the current tree until a checkpoint covers it, and older ones in any signed size', async () => {
    const { index } = await append('test.after-checkpoint', { n: 3 });
    const res = await get(`/api/ledger/entries/${index}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().treeSize).toBe(index + 1);
    const older = await get(`/api/ledger/entries/0?treeSize=${first.size - 1}`);
    expect(older.json().treeSize).toBe(first.size - 1);
    expect(older.json().inclusionProof.length).toBeGreaterThan(0);
    // A size nobody signed yet is refused: every proof asked for must be checkable against a checkpoint.
    const unsigned = await get(`/api/ledger/entries/0?treeSize=${index + 1}`);
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('proves the second checkpoint consistent with the first', async () => {
    await append('test.more', { n: 4 });
    await append('test.more', { n: 5 });
    await t.db.transaction((tx) => signCheckpoint(tx, key));
    const second = await fetchCheckpoint();
    expect(second.size).toBe(first.size + 3);

    const res = await get(`/api/ledger/consistency?from=${first.size}&to=${second.size}`);
    expect(res.statusCode).toBe(200);
    const proof = (res.json().proof as string[]).map(b64);
    expect(verifyConsistency(first.size, second.size, first.rootHash, second.rootHash, proof)).toBe(true);
    expect(verifyConsistency(first.size, second.size, second.rootHash, second.rootHash, proof)).toBe(false);

    const same = await get(`/api/ledger/consistency?from=${second.size}&to=${second.size}`);
    expect(same.json()).toEqual({ from: second.size, to: second.size, proof: [] });
  });

  it('signs a checkpoint from the recurring ledger.checkpoint job when the log grew', async () => {
    defineLedgerJobs(testLedgerKey.signer, testLedgerKey.origin);
    await append('test.job', { n: 6 });
    await enqueueJob(t.db, 'ledger.checkpoint');
    expect(await runDueJobs(t.db, 'ledger-test-worker')).toBeGreaterThanOrEqual(1);
    expect((await fetchCheckpoint()).size).toBe(await logSize());
  });
});

describe('bad requests', () => {
  it('answers malformed indexes and sizes with 400 VALIDATION_FAILED', async () => {
    const size = await logSize();
    const urls = [
      '/api/ledger/entries/abc',
      '/api/ledger/entries/-1',
      '/api/ledger/entries/1.5',
      '/api/ledger/entries/99999999999999999999',
      '/api/ledger/entries/0?treeSize=abc',
      '/api/ledger/entries/0?treeSize=0',
      `/api/ledger/entries/3?treeSize=3`,
      `/api/ledger/entries/0?treeSize=${size + 1}`,
      '/api/ledger/consistency',
      '/api/ledger/consistency?from=1',
      '/api/ledger/consistency?from=x&to=2',
      '/api/ledger/consistency?from=3&to=2',
      `/api/ledger/consistency?from=0&to=${size + 1}`,
    ];
    for (const url of urls) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('VALIDATION_FAILED');
    }
  });

  it('answers an index past the end of the log with 404 NOT_FOUND', async () => {
    const size = await logSize();
    for (const index of [size, size + 1000]) {
      const res = await get(`/api/ledger/entries/${index}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('never answered 5xx', () => {
    expect(responses.length).toBeGreaterThan(20);
    expect(responses.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);
  });
});
