// c2sp.org/tlog-tiles resources: the path of a hash tile or entry bundle, and reading their bytes. A level-L tile holds
// up to 256 hashes, each the MTH of 256^L consecutive leaves; an entry bundle holds the leaves of one level-0 tile, each
// as a big-endian uint16 length and the bytes.
import { HASH_SIZE } from './merkle';
import { VerifyError } from './note';

export const TILE_WIDTH = 256;
export const MAX_TILE_LEVEL = 63;

export type TileRef = {
  /** 'hash' for `tile/<L>/<N>`, 'entries' for `tile/entries/<N>`. */
  readonly kind: 'hash' | 'entries';
  /** The tile level (0 for entry bundles). */
  readonly level: number;
  readonly index: number;
  /** 256 for a full tile, 1..255 for a partial one. */
  readonly width: number;
};

/** `N` as tlog-tiles writes it: zero-padded 3-digit groups, all but the last prefixed with `x` (1234067 → x001/x234/067). */
export function formatTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`tile index ${index} is not a non-negative safe integer`);
  }
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** The path below the log prefix: `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`. */
export function tilePath(ref: TileRef): string {
  const suffix = ref.width === TILE_WIDTH ? '' : `.p/${ref.width}`;
  const head = ref.kind === 'entries' ? 'tile/entries' : `tile/${ref.level}`;
  return `${head}/${formatTileIndex(ref.index)}${suffix}`;
}

/**
 * Parses the part of a tile path after `tile/` (`0/x001/234`, `entries/005.p/17`); undefined for anything that is not
 * the one canonical spelling (no leading zeroes in L or W, 3-digit groups, an `x` on every group but the last, no
 * leading zero group, a width of 1..255).
 */
export function parseTilePath(path: string): TileRef | undefined {
  const match = /^(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(path);
  if (!match) {
    return undefined;
  }
  const groups = match[2].split('/').map((g) => g.replace('x', ''));
  if (groups.length > 1 && groups[0] === '000') {
    return undefined;
  }
  const index = Number(groups.join(''));
  const width = match[3] === undefined ? TILE_WIDTH : Number(match[3]);
  const level = match[1] === 'entries' ? 0 : Number(match[1]);
  if (!Number.isSafeInteger(index) || (match[3] !== undefined && width >= TILE_WIDTH) || level > MAX_TILE_LEVEL) {
    return undefined;
  }
  return { kind: match[1] === 'entries' ? 'entries' : 'hash', level, index, width };
}

/** The hashes of a hash tile; throws VerifyError unless the bytes are exactly `width` 32-byte hashes. */
export function readHashTile(bytes: Uint8Array, width: number): Uint8Array[] {
  if (bytes.length !== width * HASH_SIZE) {
    throw new VerifyError(`hash tile holds ${bytes.length} bytes, not ${width} hashes`);
  }
  return Array.from({ length: width }, (_, i) => bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
}

/** The entries of an entry bundle; throws VerifyError when a length runs past the end or the count is not `width`. */
export function readEntryBundle(bytes: Uint8Array, width: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 2 > bytes.length) {
      throw new VerifyError('entry bundle ends inside a length prefix');
    }
    const length = (bytes[offset] << 8) | bytes[offset + 1];
    if (offset + 2 + length > bytes.length) {
      throw new VerifyError('entry bundle ends inside an entry');
    }
    entries.push(bytes.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  if (entries.length !== width) {
    throw new VerifyError(`entry bundle holds ${entries.length} entries, not ${width}`);
  }
  return entries;
}
