// The proof caches (upper tiles held whole, level-0 nodes) never serve a stale answer: a log that grows after the
// caches were filled still proves every entry at its new size, also when the caches are too small and start afresh.
// Each proof is checked with the independent verifier (@boai/tlog-verify).
import {
  fromBase64,
  leafHash,
  rootFromLeafHashes,
  utf8,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@boai/tlog-verify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp, testLedgerKey } from '../../test/test-app';
import {
  appendLedgerEntry,
  getConsistencyProof,
  getInclusionProof,
  getLatestCheckpointNote,
  signCheckpoint,
} from './ledger.service';
import { setNodeCacheLimit, setUpperTileCacheLimit } from './ledger-tiles';

let t: TestApp;
const key = { origin: testLedgerKey.origin, signer: testLedgerKey.signer };

async function appendUpTo(size: number): Promise<void> {
  const [{ n }] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM ledger_entries`);
  for (let i = n; i < size; i++) {
    await t.db.transaction((tx) => appendLedgerEntry(tx, { kind: 'test.cache', facts: { n: i } }));
  }
  await t.db.transaction((tx) => signCheckpoint(tx, key));
}

async function checkAll(size: number, step: number): Promise<void> {
  const note = await getLatestCheckpointNote(t.db);
  const checkpoint = verifyCheckpoint(note, testLedgerKey.verifierKey);
  expect(checkpoint.size).toBe(size);
  for (let index = 0; index < size; index += step) {
    const entry = await getInclusionProof(t.db, index);
    const proof = entry.inclusionProof.map((p) => fromBase64(p)!);
    expect(verifyInclusion(leafHash(utf8(entry.leaf)), index, size, proof, checkpoint.rootHash), `${index}`).toBe(true);
  }
}

beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t.close());

describe('proof caches', () => {
  it('prove every entry after the log grew past the upper tiles that were cached', async () => {
    await appendUpTo(300);
    await checkAll(300, 13);
    // 300 → 800 completes level-1 nodes at 512 and 768 and the height-9 node over 0..511: the cached level-1 tile
    // (2 hashes at 300) is now short, and the level-0 tile 1 the caches hold a part of is full.
    await appendUpTo(800);
    await checkAll(800, 7);
    const leaves = (await queryRows<{ leaf: string }>(t.db, sql`SELECT leaf FROM ledger_entries ORDER BY index`)).map(
      (r) => leafHash(utf8(r.leaf)),
    );
    for (const [from, to] of [
      [300, 800],
      [512, 800],
      [1, 800],
    ]) {
      const view = await getConsistencyProof(t.db, from, to);
      expect(
        verifyConsistency(
          from,
          to,
          rootFromLeafHashes(leaves.slice(0, from)),
          rootFromLeafHashes(leaves.slice(0, to)),
          view.proof.map((p) => fromBase64(p)!),
        ),
        `${from}→${to}`,
      ).toBe(true);
    }
  }, 120_000);

  it('prove every entry when both caches are too small to hold a proof and start afresh', async () => {
    setNodeCacheLimit(3);
    setUpperTileCacheLimit(64);
    try {
      await appendUpTo(900);
      await checkAll(900, 5);
    } finally {
      setNodeCacheLimit(200_000);
      setUpperTileCacheLimit(256 * 2 ** 20);
    }
  }, 120_000);
});
