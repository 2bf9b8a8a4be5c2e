import { describe, expect, it } from 'vitest';
import { mixSeed, pickWeighted, SeededRandom } from '../../src/scenario/rng.js';

const draw = (seed: number, n: number) => {
  const random = new SeededRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('SeededRandom', () => {
  it('is deterministic per seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
  });

  it.each([
    { a: 1, b: 2 },
    { a: 0, b: 1 },
    { a: 42, b: 43 },
  ])('seeds $a and $b give different sequences', ({ a, b }) => {
    expect(draw(a, 10)).not.toEqual(draw(b, 10));
  });

  it('next() is in [0, 1) and roughly uniform', () => {
    const values = draw(7, 20_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const deciles = new Array(10).fill(0);
    for (const v of values) deciles[Math.floor(v * 10)]++;
    for (const count of deciles) expect(count).toBeGreaterThan(1800);
  });

  it.each([
    { min: 1, max: 6 },
    { min: -3, max: 3 },
    { min: 5, max: 5 },
  ])('int($min, $max) is inclusive and hits every value', ({ min, max }) => {
    const random = new SeededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = random.int(min, max);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(min);
      expect(v).toBeLessThanOrEqual(max);
      seen.add(v);
    }
    expect(seen.size).toBe(max - min + 1);
  });

  it('pick() returns an element and hits all of them', () => {
    const random = new SeededRandom(9);
    const items = ['a', 'b', 'c'] as const;
    const seen = new Set(Array.from({ length: 300 }, () => random.pick(items)));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
  });

  it('pick() from an empty list throws', () => {
    expect(() => new SeededRandom(1).pick([])).toThrow(/empty list/);
  });
});

describe('mixSeed', () => {
  it('is deterministic, unsigned 32-bit, and depends on both inputs', () => {
    expect(mixSeed(1, 2)).toBe(mixSeed(1, 2));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(1, 3));
    for (const [a, b] of [[0, 0], [1, 1], [0xffffffff, 7], [123456, 789]]) {
      const h = mixSeed(a, b);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });

  it('gives distinct seeds for consecutive VUs', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, vu) => mixSeed(1, vu + 1)));
    expect(seeds.size).toBe(1000);
  });
});

describe('pickWeighted', () => {
  it('picks by weight (cumulative 1, 3, 6 → weights 1:2:3)', () => {
    const random = new SeededRandom(11);
    const counts = [0, 0, 0];
    const n = 60_000;
    for (let i = 0; i < n; i++) counts[pickWeighted(random, [1, 3, 6])]++;
    expect(counts[0] / n).toBeCloseTo(1 / 6, 1);
    expect(counts[1] / n).toBeCloseTo(2 / 6, 1);
    expect(counts[2] / n).toBeCloseTo(3 / 6, 1);
  });

  it.each([
    { name: 'lowest draw', x: 0, wanted: 0 },
    { name: 'just below the first edge', x: 0.16, wanted: 0 },
    { name: 'on the first edge', x: 1 / 6, wanted: 1 },
    { name: 'middle', x: 0.4, wanted: 1 },
    { name: 'highest draw', x: 0.999999, wanted: 2 },
  ])('$name ($x) → index $wanted', ({ x, wanted }) => {
    const fixed = { next: () => x, int: () => 0, pick: <T>(items: readonly T[]) => items[0] };
    expect(pickWeighted(fixed, [1, 3, 6])).toBe(wanted);
  });

  it('is reproducible for a seed', () => {
    const run = () => {
      const random = new SeededRandom(5);
      return Array.from({ length: 50 }, () => pickWeighted(random, [2, 5, 6]));
    };
    expect(run()).toEqual(run());
  });
});
