// Reproducible random samples: a seed from the operating system's generator drives a keyed stream (HMAC-SHA256), and
// a partial Fisher–Yates shuffle of the candidate positions takes the first k. Same seed + same list = same sample.
import crypto from 'node:crypto';

/** 32 random bytes as hex: the seed a sample keeps. */
export function newSeed(): string {
  return crypto.randomBytes(32).toString('hex');
}

/** A deterministic stream of uniform integers in [0, bound), keyed by the seed (rejection sampling: no modulo bias). */
function uniformStream(seed: string) {
  const key = Buffer.from(seed, 'hex');
  let counter = 0;
  let buffer = Buffer.alloc(0);
  const next32 = (): number => {
    if (buffer.length < 4) {
      const block = crypto.createHmac('sha256', key).update(`boai/sample/${counter++}`).digest();
      buffer = Buffer.concat([buffer, block]);
    }
    const value = buffer.readUInt32BE(0);
    buffer = buffer.subarray(4);
    return value;
  };
  return (bound: number): number => {
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const v = next32();
      if (v < limit) {
        return v % bound;
      }
    }
  };
}

/**
 * Draws `k` distinct positions out of `n` (0-based) in draw order. Throws RangeError for k outside [0, n] or a seed
 * that is not 64 hex characters.
 */
export function drawPositions(seed: string, n: number, k: number): number[] {
  if (!/^[0-9a-f]{64}$/i.test(seed)) {
    throw new RangeError('the seed must be 64 hex characters');
  }
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0 || k < 0 || k > n) {
    throw new RangeError(`cannot draw ${k} of ${n}`);
  }
  const next = uniformStream(seed);
  const positions = new Map<number, number>();
  const at = (i: number) => positions.get(i) ?? i;
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + next(n - i);
    const picked = at(j);
    positions.set(j, at(i));
    positions.set(i, picked);
    out.push(picked);
  }
  return out;
}

/** The size of a sample: an exact size, or a percentage of the candidates rounded up (at least 1), never more than n. */
export function sampleSize(n: number, opts: { size?: number; percent?: number }): number {
  const wanted = opts.size ?? Math.ceil((n * (opts.percent ?? 0)) / 100);
  return Math.min(n, Math.max(wanted, n > 0 ? 1 : 0));
}

/** SHA-256 of the ordered candidate ids: shows later that the list drawn from was the same. */
export function candidateListHash(ids: string[]): string {
  return crypto.createHash('sha256').update(ids.join('\n')).digest('hex');
}
