// The sampling rules: the same seed redraws the same sample; draws are distinct, in range, and spread over the list.
import { describe, expect, it } from 'vitest';
import { lowestCommonUnit } from './duplicates';
import { drawPositions, newSeed, sampleSize } from './sampling';

describe('drawPositions', () => {
  it('draws the same positions for the same seed and different ones for another', () => {
    const seed = newSeed();
    expect(drawPositions(seed, 1000, 50)).toEqual(drawPositions(seed, 1000, 50));
    expect(drawPositions(newSeed(), 1000, 50)).not.toEqual(drawPositions(seed, 1000, 50));
  });

  it('draws distinct positions inside the list, all of them when k = n', () => {
    const seed = newSeed();
    const drawn = drawPositions(seed, 37, 20);
    expect(new Set(drawn).size).toBe(20);
    expect(drawn.every((i) => i >= 0 && i < 37)).toBe(true);
    expect([...drawPositions(seed, 9, 9)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(drawPositions(seed, 5, 0)).toEqual([]);
  });

  it('gives every position about the same chance', () => {
    const hits = new Array(10).fill(0);
    for (let i = 0; i < 2000; i++) {
      hits[drawPositions(newSeed(), 10, 1)[0]]++;
    }
    expect(Math.min(...hits)).toBeGreaterThan(120);
    expect(Math.max(...hits)).toBeLessThan(290);
  });

  it.each([
    ['not hex', 'xyz', 5, 1],
    ['more than the list', 'a'.repeat(64), 3, 4],
    ['negative', 'a'.repeat(64), 3, -1],
  ])('refuses a bad draw (%s)', (_, seed, n, k) => {
    expect(() => drawPositions(seed, n, k)).toThrow(RangeError);
  });
});

describe('sampleSize', () => {
  it.each([
    [100, { percent: 10 }, 10],
    [7, { percent: 10 }, 1],
    [7, { percent: 50 }, 4],
    [7, { size: 20 }, 7],
    [0, { size: 3 }, 0],
  ])('of %i candidates with %o is %i', (n, opts, expected) => {
    expect(sampleSize(n, opts)).toBe(expected);
  });
});

describe('lowestCommonUnit', () => {
  it.each([
    ['1.2.5.', '1.2.7.9.', 2],
    ['1.2.5.', '1.2.5.8.', 5],
    ['1.2.', '1.3.', 1],
    ['4.', '6.7.', 4],
  ])('of %s and %s is %i', (a, b, expected) => {
    expect(lowestCommonUnit(a, b)).toBe(expected);
  });
});
