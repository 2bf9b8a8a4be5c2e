import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { canonicalHighest, type EncodableHistogram } from '../../src/metrics/hdr-encoding.js';
import { createHistogram, decodeHistogram, encodeHistogram, recordMicros, type Histogram } from '../../src/metrics/histogram.js';
import { SeededRandom } from '../../src/scenario/rng.js';

// The library's own encoder (attached to the prototype when its codec module loads): the reference.
const require = createRequire(import.meta.url);
require('hdr-histogram-js/dist/JsHistogram.encoding.js');
type Lib = Histogram & EncodableHistogram & { encodeIntoCompressedBase64(): string };
/** The library's encoding of `h`, with the canonical highest trackable value (see hdr-encoding.ts). */
function libraryEncode(h: Histogram): string {
  const view = Object.create(h) as Lib & { highestTrackableValue: number };
  view.highestTrackableValue = canonicalHighest(h as Lib);
  return view.encodeIntoCompressedBase64();
}

const cases: Array<{ name: string; fill: (h: Histogram, r: SeededRandom) => void }> = [
  { name: 'empty', fill: () => {} },
  { name: 'one value', fill: (h) => h.recordValue(1234) },
  { name: 'the smallest value', fill: (h) => h.recordValue(1) },
  { name: 'sub-millisecond spread', fill: (h, r) => { for (let i = 0; i < 5000; i++) h.recordValue(50 + r.int(0, 900)); } },
  { name: 'log-uniform 1 µs – 30 s', fill: (h, r) => { for (let i = 0; i < 20_000; i++) h.recordValue(Math.max(1, Math.round(Math.exp(r.next() * Math.log(30_000_000))))); } },
  { name: 'long runs of zeros between far values', fill: (h) => [3, 70_000, 9_000_000, 3_600_000_000].forEach((v) => h.recordValue(v)) },
  { name: 'large counts (multi-byte words)', fill: (h) => { h.recordValueWithCount(2_000, 5_000_000_000); h.recordValueWithCount(40_000, 123_456_789); } },
];

describe('HDR V2 compressed encoding', () => {
  it.each(cases)('$name: byte for byte what hdr-histogram-js writes, and it decodes back', ({ fill }) => {
    const h = createHistogram();
    fill(h, new SeededRandom(42));
    const ours = encodeHistogram(h);
    expect(ours).toBe(libraryEncode(h));
    const back = decodeHistogram(ours);
    expect(back.totalCount).toBe(h.totalCount);
    if (h.totalCount > 0) for (const p of [1, 50, 99, 100]) expect(back.getValueAtPercentile(p)).toBe(h.getValueAtPercentile(p));
  });

  it('the same counts encode the same, whatever order the histogram grew in', () => {
    const values = [5, 700, 90_000, 12_000_000, 40];
    const up = createHistogram();
    const down = createHistogram();
    values.forEach((v) => up.recordValue(v));
    [...values].reverse().forEach((v) => down.recordValue(v));
    const merged = createHistogram();
    merged.add(up);
    expect(encodeHistogram(down)).toBe(encodeHistogram(up));
    expect(encodeHistogram(merged)).toBe(encodeHistogram(up));
  });

  it('starts small and grows to the largest value recorded', () => {
    const h = createHistogram() as Histogram & { countsArrayLength: number };
    const small = h.countsArrayLength;
    expect(small * 8).toBeLessThanOrEqual(16 * 1024);
    h.recordValue(60_000_000);
    expect(h.countsArrayLength).toBeGreaterThan(small);
    expect(h.getValueAtPercentile(100)).toBeGreaterThanOrEqual(60_000_000);
  });
});

describe('recordMicros: the hot-path record', () => {
  const internals = (h: Histogram) => {
    const x = h as unknown as { _counts: Float64Array; _totalCount: number; maxValue: number; minNonZeroValue: number; countsArrayLength: number };
    return { counts: Array.from(x._counts), total: x._totalCount, max: x.maxValue, min: x.minNonZeroValue, length: x.countsArrayLength };
  };

  it.each([1, 2, 3, 4, 5])('seed %i: the same histogram as recordValue, value for value (resizes and huge values included)', (seed) => {
    const random = new SeededRandom(seed);
    const fast = createHistogram();
    const slow = createHistogram();
    for (let i = 0; i < 20_000; i++) {
      const r = random.next();
      const v = r < 0.05 ? 1 + random.int(0, 3) : r < 0.9 ? Math.max(1, Math.round(Math.exp(random.next() * Math.log(60_000_000)))) : r < 0.99 ? 2047 + random.int(0, 4) : 2 ** 31 + random.int(0, 1000);
      recordMicros(fast, v);
      slow.recordValue(v);
    }
    expect(internals(fast)).toEqual(internals(slow));
    expect(encodeHistogram(fast)).toBe(encodeHistogram(slow));
    for (const p of [0, 50, 90, 99, 99.9, 100]) expect(fast.getValueAtPercentile(p)).toBe(slow.getValueAtPercentile(p));
  });
});
