import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../src/metrics/histogram.js';
import { mergeSparse, sparsePercentile, toSparse } from '../../src/metrics/sparse-histogram.js';
import { seededRandom } from '../helpers/seeded-random.js';

const PERCENTILES = [0.1, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

describe('SparseHistogram', () => {
  it('is null for an empty histogram, and merging with null keeps the other', () => {
    expect(toSparse(createHistogram())).toBeNull();
    const h = createHistogram();
    h.recordValue(1234);
    const sparse = toSparse(h);
    expect(mergeSparse(sparse, null)).toBe(sparse);
    expect(mergeSparse(null, null)).toBeNull();
  });

  it('keeps only the non-empty buckets, in order', () => {
    const h = createHistogram();
    for (const us of [5000, 10, 10, 5000, 70_000_000]) h.recordValue(us);
    const sparse = toSparse(h)!;
    expect(Array.from(sparse.counts)).toEqual([2, 2, 1]);
    expect(sparse.total).toBe(5);
    expect([...sparse.indexes].every((v, i, all) => i === 0 || v > all[i - 1])).toBe(true);
  });

  it('property: percentiles and merges answer exactly as the HDR histogram itself', () => {
    const random = seededRandom(42);
    for (let run = 0; run < 200; run++) {
      const a = createHistogram();
      const b = createHistogram();
      const both = createHistogram();
      const scale = 10 ** (1 + Math.floor(random() * 6)); // 10 µs … 10 s
      for (const h of [a, b]) {
        const n = Math.floor(random() * 300);
        for (let i = 0; i < n; i++) {
          const us = Math.max(1, Math.round(random() * random() * scale));
          h.recordValue(us);
          both.recordValue(us);
        }
      }
      const merged = mergeSparse(toSparse(a), toSparse(b));
      if (both.totalCount === 0) {
        expect(merged).toBeNull();
        continue;
      }
      expect(merged?.total).toBe(both.totalCount);
      for (const q of PERCENTILES) {
        expect(sparsePercentile(merged!, q, a), `run ${run}, p${q}`).toBe(both.getValueAtPercentile(q));
        if (a.totalCount > 0) expect(sparsePercentile(toSparse(a)!, q, b), `run ${run}, p${q} of a`).toBe(a.getValueAtPercentile(q));
      }
    }
  });
});
