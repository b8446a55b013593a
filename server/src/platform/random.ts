// A seeded PRNG (mulberry32) for reproducible demo data, benchmarks and property tests. Not for secrets.

/** Returns a generator of floats in [0, 1) that yields the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
