// tlog-tiles paths and resources: the spec's examples, the one canonical spelling, and bundle framing.
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from './bytes';
import { formatTileIndex, parseTilePath, readEntryBundle, readHashTile, tilePath } from './tiles';

describe('tile paths', () => {
  it('writes the index in x-prefixed 3-digit groups, as the spec example does', () => {
    expect(formatTileIndex(1234067)).toBe('x001/x234/067');
    expect(formatTileIndex(0)).toBe('000');
    expect(formatTileIndex(5)).toBe('005');
    expect(formatTileIndex(1000)).toBe('x001/000');
    expect(tilePath({ kind: 'hash', level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ kind: 'hash', level: 2, index: 0, width: 1 })).toBe('tile/2/000.p/1');
    expect(tilePath({ kind: 'entries', level: 0, index: 3, width: 112 })).toBe('tile/entries/003.p/112');
  });

  it('parses what it writes', () => {
    for (const ref of [
      { kind: 'hash', level: 0, index: 1234067, width: 256 },
      { kind: 'hash', level: 63, index: 999, width: 255 },
      { kind: 'entries', level: 0, index: 1000, width: 1 },
    ] as const) {
      expect(parseTilePath(tilePath(ref).slice('tile/'.length))).toEqual(ref);
    }
  });

  it.each([
    '0/1',
    '0/0001',
    '0/x000/001',
    '0/001/002',
    '0/x001',
    '00/001',
    '64/001',
    '0/001.p/0',
    '0/001.p/256',
    '0/001.p/010',
    '0/001.p/',
    'entries/001.p/300',
    'entries',
    '0/001/',
  ])('refuses the non-canonical path %s', (path) => {
    expect(parseTilePath(path)).toBeUndefined();
  });
});

describe('tile contents', () => {
  it('splits a hash tile and refuses a wrong length', () => {
    const bytes = new Uint8Array(64).map((_, i) => i);
    expect(readHashTile(bytes, 2).map((h) => h[0])).toEqual([0, 32]);
    expect(() => readHashTile(bytes, 3)).toThrow(/not 3 hashes/);
  });

  it('reads uint16-length-prefixed entries and refuses truncation or a wrong count', () => {
    const a = utf8('{"a":1}');
    const b = new Uint8Array(300).fill(120);
    const bundle = concatBytes(Uint8Array.of(0, a.length), a, Uint8Array.of(1, 44), b);
    expect(readEntryBundle(bundle, 2).map((e) => e.length)).toEqual([7, 300]);
    expect(() => readEntryBundle(bundle.subarray(0, bundle.length - 1), 2)).toThrow(/inside an entry/);
    expect(() => readEntryBundle(bundle.subarray(0, 10), 1)).toThrow(/inside a length prefix|inside an entry/);
    expect(() => readEntryBundle(bundle, 3)).toThrow(/not 3/);
  });
});
