// Tiles kept in step with real appends, served per C2SP tlog-tiles, proofs read from them in O(log n) rows, and the
// NDJSON export — each answer checked with the independent verifier (@boai/tlog-verify), not with the server's code.
import {
  createExportVerifier,
  fromBase64,
  fromHex,
  leafHash,
  parseExportLine,
  readEntryBundle,
  readHashTile,
  rootFromLeafHashes,
  toHex,
  utf8,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@boai/tlog-verify';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp, testLedgerKey } from '../../test/test-app';
import type { ReadStats } from './ledger.repo';
import { appendLedgerEntry, getConsistencyProof, getInclusionProof, signCheckpoint } from './ledger.service';
import { areTilesInStep, rebuildLedgerTiles, setNodeCacheLimit } from './ledger-tiles';
import { storedNodeCount, tileHashes } from './tile-math';

let t: TestApp;
const responses: LightMyRequestResponse[] = [];
const SIZE = 600;
const key = { origin: testLedgerKey.origin, signer: testLedgerKey.signer };

beforeAll(async () => {
  t = await createTestApp();
  for (let i = 0; i < SIZE; i++) {
    await t.db.transaction((tx) => appendLedgerEntry(tx, { kind: 'test.tiles', facts: { n: i, amountFen: i * 10 } }));
  }
  await t.db.transaction((tx) => signCheckpoint(tx, key));
}, 120_000);
afterAll(() => t.close());

async function get(url: string): Promise<LightMyRequestResponse> {
  const res = await t.inject(null, { method: 'GET', url });
  responses.push(res);
  return res;
}

async function leafHashes(): Promise<Uint8Array[]> {
  const rows = await queryRows<{ leaf: string }>(t.db, sql`SELECT leaf FROM ledger_entries ORDER BY index`);
  return rows.map((r) => leafHash(utf8(r.leaf)));
}

async function tileRows(): Promise<Record<string, string>> {
  const rows = await queryRows<{ level: number; index: number | string; hashes: Uint8Array }>(
    t.db,
    sql`SELECT level, index, hashes FROM ledger_tiles ORDER BY level, index`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.level}/${Number(r.index)}`, toHex(new Uint8Array(r.hashes))]));
}

describe('tiles kept by appends', () => {
  it('hold the leaf hashes at level 0 and the roots of full tiles at level 1, with their inner nodes', async () => {
    const leaves = await leafHashes();
    const tiles = await tileRows();
    expect(Object.keys(tiles)).toEqual(['0/0', '0/1', '0/2', '1/0']);
    const served = (key: string, width: number) => toHex(tileHashes(fromHex(tiles[key])!, width));
    expect(tiles['0/0'].length / 64).toBe(510);
    expect(served('0/0', 256)).toBe(leaves.slice(0, 256).map(toHex).join(''));
    expect(tiles['0/2'].length / 64).toBe(storedNodeCount(88));
    expect(served('0/2', 88)).toBe(leaves.slice(512, 600).map(toHex).join(''));
    expect(served('1/0', 2)).toBe(
      [rootFromLeafHashes(leaves.slice(0, 256)), rootFromLeafHashes(leaves.slice(256, 512))].map(toHex).join(''),
    );
    // The last stored hash of tile 0/0 is the node over leaves 128..255.
    expect(tiles['0/0'].slice(-64)).toBe(toHex(rootFromLeafHashes(leaves.slice(128, 256))));
    expect(await areTilesInStep(t.db, SIZE)).toBe(true);
  });

  it('are rebuilt identically from the entries', async () => {
    const before = await tileRows();
    await t.db.execute(sql`DELETE FROM ledger_tiles WHERE level = 1`);
    expect(await areTilesInStep(t.db, SIZE)).toBe(true);
    expect(await rebuildLedgerTiles(t.db)).toBe(4);
    expect(await tileRows()).toEqual(before);
  });
});

describe('leaf size', () => {
  it('refuses a leaf over 65,535 bytes (tlog-tiles entry bundles frame each leaf with a uint16)', async () => {
    const huge = { note: 'x'.repeat(70_000) };
    await expect(
      t.db.transaction((tx) => appendLedgerEntry(tx, { kind: 'test.huge', facts: huge })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await areTilesInStep(t.db, SIZE)).toBe(true);
  });
});

describe('GET /api/ledger/tile/*', () => {
  it('serves a full level-0 tile: the 256 leaf hashes, immutable', async () => {
    const res = await get('/api/ledger/tile/0/001');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const hashes = readHashTile(new Uint8Array(res.rawPayload), 256);
    expect(hashes.map(toHex)).toEqual((await leafHashes()).slice(256, 512).map(toHex));
  });

  it('serves partial tiles of any width the log holds, briefly cached', async () => {
    const res = await get('/api/ledger/tile/0/002.p/88');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.rawPayload.length).toBe(88 * 32);
    const narrower = await get('/api/ledger/tile/0/002.p/5');
    expect(narrower.rawPayload.length).toBe(5 * 32);
    const level1 = await get('/api/ledger/tile/1/000.p/2');
    const [a, b] = readHashTile(new Uint8Array(level1.rawPayload), 2);
    const leaves = await leafHashes();
    expect(toHex(a)).toBe(toHex(rootFromLeafHashes(leaves.slice(0, 256))));
    expect(toHex(b)).toBe(toHex(rootFromLeafHashes(leaves.slice(256, 512))));
  });

  it('serves entry bundles whose entries hash to the level-0 tile', async () => {
    const res = await get('/api/ledger/tile/entries/000');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    const entries = readEntryBundle(new Uint8Array(res.rawPayload), 256);
    const tile = readHashTile(new Uint8Array((await get('/api/ledger/tile/0/000')).rawPayload), 256);
    expect(entries.map((e) => toHex(leafHash(e)))).toEqual(tile.map(toHex));
    expect(new TextDecoder().decode(entries[7])).toBe('{"amountFen":70,"kind":"test.tiles","n":7}');
    const partial = await get('/api/ledger/tile/entries/002.p/88');
    expect(readEntryBundle(new Uint8Array(partial.rawPayload), 88)).toHaveLength(88);
  });

  it('answers 404 NOT_FOUND for tiles the log does not hold and for non-canonical paths', async () => {
    for (const path of [
      '0/002',
      '0/002.p/89',
      '0/003.p/1',
      '1/000',
      '1/000.p/3',
      '2/000.p/1',
      'entries/002',
      'entries/002.p/89',
      '0/2',
      '0/x000/001',
      '0/001.p/256',
      '0/001.p/0',
      '64/000',
      'x/000',
    ]) {
      const res = await get(`/api/ledger/tile/${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error.code, path).toBe('NOT_FOUND');
    }
  });
});

describe('proofs from tiles', () => {
  it('prove every entry in one query (entry, state, checkpoint, its level-0 tile) once the upper tiles are held', async () => {
    const checkpoint = verifyCheckpoint((await get('/api/ledger/checkpoint')).body, testLedgerKey.verifierKey);
    expect(checkpoint.size).toBe(SIZE);
    // The first proof on a database handle loads the upper tiles (level 1 and above) once.
    const first: ReadStats = { queries: 0, rows: 0 };
    await getInclusionProof(t.db, 0, undefined, first);
    expect(first.queries).toBeLessThanOrEqual(3);
    let single = 0;
    for (let index = 0; index < SIZE; index += 7) {
      const stats: ReadStats = { queries: 0, rows: 0 };
      const entry = await getInclusionProof(t.db, index, undefined, stats);
      const proof = entry.inclusionProof.map((p) => fromBase64(p)!);
      expect(verifyInclusion(leafHash(utf8(entry.leaf)), index, SIZE, proof, checkpoint.rootHash), `${index}`).toBe(
        true,
      );
      // One query for the entry with the log's and the checkpoint's sizes and the entry's level-0 tile; a second one
      // only for right-edge nodes of another level-0 tile not read before (node hashes never change).
      expect(stats.queries).toBeGreaterThanOrEqual(1);
      expect(stats.queries).toBeLessThanOrEqual(2);
      expect(stats.rows).toBeLessThanOrEqual(4 + 1);
      single += stats.queries === 1 ? 1 : 0;
    }
    expect(single).toBeGreaterThan(Math.ceil(SIZE / 7) - 3);
  });

  it('still prove every entry when the node cache fills up and starts afresh mid-proof', async () => {
    const checkpoint = verifyCheckpoint((await get('/api/ledger/checkpoint')).body, testLedgerKey.verifierKey);
    setNodeCacheLimit(5);
    try {
      for (let index = 0; index < SIZE; index += 11) {
        const entry = await getInclusionProof(t.db, index);
        const proof = entry.inclusionProof.map((p) => fromBase64(p)!);
        expect(verifyInclusion(leafHash(utf8(entry.leaf)), index, SIZE, proof, checkpoint.rootHash), `${index}`).toBe(
          true,
        );
      }
    } finally {
      setNodeCacheLimit(200_000);
    }
  });

  it('prove consistency between any two sizes with at most one tile query', async () => {
    const leaves = await leafHashes();
    for (const [from, to] of [
      [1, 600],
      [255, 256],
      [256, 513],
      [300, 600],
      [599, 600],
    ]) {
      const stats: ReadStats = { queries: 0, rows: 0 };
      const view = await getConsistencyProof(t.db, from, to, stats);
      const ok = verifyConsistency(
        from,
        to,
        rootFromLeafHashes(leaves.slice(0, from)),
        rootFromLeafHashes(leaves.slice(0, to)),
        view.proof.map((p) => fromBase64(p)!),
      );
      expect(ok, `${from}→${to}`).toBe(true);
      expect(stats.queries).toBeLessThanOrEqual(2);
      expect(stats.rows).toBeLessThanOrEqual(1 + 4);
    }
  });
});

describe('GET /api/ledger/export', () => {
  it('streams NDJSON that verifies against the checkpoint, entry by entry', async () => {
    const note = (await get('/api/ledger/checkpoint')).body;
    const checkpoint = verifyCheckpoint(note, testLedgerKey.verifierKey);
    const res = await get('/api/ledger/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body.trimEnd().split('\n');
    expect(lines).toHaveLength(SIZE);
    const verifier = createExportVerifier(checkpoint);
    lines.forEach((line, i) => {
      verifier.push(parseExportLine(line, i + 1));
    });
    expect(verifier.finish()).toEqual({ entries: SIZE });
    expect(JSON.parse(lines[3])).toEqual({
      index: 3,
      leaf: '{"amountFen":30,"kind":"test.tiles","n":3}',
      leafHash: expect.any(String),
    });
  });

  it('pages with from and to, and refuses ranges past the latest checkpoint', async () => {
    const res = await get('/api/ledger/export?from=590&to=600');
    expect(
      res.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).index),
    ).toEqual(Array.from({ length: 10 }, (_, i) => 590 + i));
    for (const url of [
      '/api/ledger/export?from=10&to=5',
      `/api/ledger/export?to=${SIZE + 1}`,
      '/api/ledger/export?from=x',
    ]) {
      const bad = await get(url);
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json().error.code, url).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /api/ledger/checkpoint', () => {
  it('is the exact signed note as text/plain, cacheable for seconds only', async () => {
    const res = await get('/api/ledger/checkpoint');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=5');
    expect(res.body).toMatch(
      /^boai\.test\/ledger\n600\n[A-Za-z0-9+/]{43}=\n\n\u2014 boai\.test\/ledger [A-Za-z0-9+/]+=*\n$/,
    );
    const bySize = await get('/api/ledger/checkpoints/600');
    expect(bySize.body).toBe(res.body);
    expect((await get('/api/ledger/checkpoints/599')).statusCode).toBe(404);
  });

  it('never answered 5xx', () => {
    expect(responses.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);
  });
});
