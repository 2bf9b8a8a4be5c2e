/**
 * HDR histogram settings in one place (as autocannon's histUtil does): integer microseconds,
 * 3 significant digits, auto-resize, plain JS (no WASM memory to free).
 */
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import type { Histogram as HdrHistogram } from 'hdr-histogram-js';
import type { LatencyStats } from '../report/types.js';
import { encodeCompressedBase64, type EncodableHistogram } from './hdr-encoding.js';

export type Histogram = HdrHistogram;

// The package's index also loads its WebAssembly build (~8 MB of memory for a base64 blob we never
// use), so take the plain-JS class from its own module. The V2 codec (pako and every histogram
// class, ~7 MB more) is loaded only to decode; encoding is ours (hdr-encoding.ts).
const require = createRequire(import.meta.url);
type JsHistogramInstance = Histogram & EncodableHistogram & { autoResize: boolean };
type HistogramClass = new (lowest: number, highest: number, digits: number) => JsHistogramInstance;
const Float64Histogram: HistogramClass = require('hdr-histogram-js/dist/Float64Histogram.js').default;

/** The settings every crmload histogram has, and the bounds a decoded one (from a file) must keep. */
export const HISTOGRAM_SETTINGS = {
  significantDigits: 3,
  lowestDiscernibleValue: 1,
  /** 2^43 µs is about 100 days: beyond any run; bounds the counts array a header can ask for. */
  maxHighestTrackableValue: 2 ** 43,
  /** Longest encoded (base64) form accepted: a full 3-digit histogram is far smaller. */
  maxEncodedChars: 2 * 1024 * 1024,
  /** Inflated size limit (a decompression bomb stops here): a full 3-digit histogram is < 400 KiB. */
  maxInflatedBytes: 1024 * 1024,
} as const;

/**
 * The smallest highest-trackable value the library accepts (2 × lowest). Histograms start with the
 * smallest counts array (2,048 buckets, 16 KB) and grow to the largest value they record: a step
 * whose latencies stay under 10 ms never holds the 140 KB a 60 s range costs.
 */
const INITIAL_HIGHEST = 2;

/** A new latency histogram recording integer microseconds, sized to what it records. */
export function createHistogram(): Histogram {
  const settings = HISTOGRAM_SETTINGS;
  const histogram = new Float64Histogram(settings.lowestDiscernibleValue, INITIAL_HIGHEST, settings.significantDigits);
  histogram.autoResize = true;
  return histogram;
}

/** The plain-JS histogram's own fields that `recordMicros` updates (present at runtime, untyped). */
interface Internals {
  _counts: Float64Array;
  _totalCount: number;
  maxValue: number;
  minNonZeroValue: number;
  countsArrayLength: number;
  subBucketHalfCountMagnitude: number;
  unitMagnitude: number;
}

/** 3 significant digits from 1 µs: sub-buckets of 2,048, half of them 2^10, unit 1. */
const HALF_MAGNITUDE = 10;
const FAST_PATH = (() => {
  const h = createHistogram() as unknown as Internals;
  return h.subBucketHalfCountMagnitude === HALF_MAGNITUDE && h.unitMagnitude === 0 && h._counts instanceof Float64Array && typeof h._totalCount === 'number';
})();

/**
 * Record an integer number of microseconds (≥ 1), as `histogram.recordValue` would, on the hot path:
 * the bucket index from integer bit arithmetic (`Math.clz32`) instead of the library's `log2`, `floor`
 * and `pow` for every value (a third of the recording cost). Values it cannot place (beyond the
 * counts array, so the histogram must grow, or ≥ 2^31 µs) go through `recordValue`.
 */
export function recordMicros(histogram: Histogram, us: number): void {
  if (FAST_PATH && us >= 1 && us < 0x80000000 && us === (us | 0)) {
    const h = histogram as unknown as Internals;
    const bucket = Math.max(0, 31 - Math.clz32(us) - HALF_MAGNITUDE);
    const index = ((bucket + 1) << HALF_MAGNITUDE) + (us >>> bucket) - (1 << HALF_MAGNITUDE);
    if (index < h.countsArrayLength) {
      h._counts[index]++;
      h._totalCount++;
      if (us > h.maxValue) h.maxValue = us;
      if (us < h.minNonZeroValue) h.minNonZeroValue = us;
      return;
    }
  }
  histogram.recordValue(us);
}

/** Compressed base64 V2 encoding ("HISTFAAA…"). */
export function encodeHistogram(histogram: Histogram): string {
  return encodeCompressedBase64(histogram as JsHistogramInstance);
}

const V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
const V2_COOKIE_BASE = 0x1c849303;

/**
 * Decode a histogram from its compressed base64 V2 form. Bounded, for untrusted files: the encoded
 * length, the inflated size and the header's settings are checked before any counts array is made.
 * @throws Error with a short reason on corrupt or out-of-bounds input
 */
export function decodeHistogram(encoded: string): Histogram {
  const limits = HISTOGRAM_SETTINGS;
  if (encoded.length > limits.maxEncodedChars) throw new Error(`encoded histogram longer than ${limits.maxEncodedChars} characters`);
  const bytes = Buffer.from(encoded.trim(), 'base64');
  if (bytes.length < 8 || (bytes.readInt32BE(0) & ~0xf0) !== V2_COMPRESSED_COOKIE_BASE) throw new Error('not a compressed V2 histogram');
  const length = bytes.readInt32BE(4);
  if (length < 0 || 8 + length > bytes.length) throw new Error('compressed length past the end of the data');
  let inflated: Buffer;
  try {
    inflated = inflateSync(bytes.subarray(8, 8 + length), { maxOutputLength: limits.maxInflatedBytes });
  } catch (error) {
    if (error instanceof RangeError) throw new Error(`histogram inflates past ${limits.maxInflatedBytes} bytes`);
    throw new Error(`cannot inflate the histogram (${(error as Error).message})`);
  }
  checkHeader(inflated);
  // Loading the codec installs decode on JsHistogram (pako and every histogram class: only here).
  require('hdr-histogram-js/dist/JsHistogram.encoding.js');
  const { JsHistogram } = require('hdr-histogram-js/dist/JsHistogram.js') as {
    JsHistogram: { decode(data: Uint8Array, bitBucketSize: 64): Histogram };
  };
  return JsHistogram.decode(new Uint8Array(inflated), 64);
}

function checkHeader(data: Buffer): void {
  const limits = HISTOGRAM_SETTINGS;
  if (data.length < 40 || (data.readInt32BE(0) & ~0xf0) !== V2_COOKIE_BASE) throw new Error('not a V2 histogram');
  const payload = data.readInt32BE(4);
  if (payload < 0 || 40 + payload > data.length) throw new Error('payload length past the end of the data');
  const digits = data.readInt32BE(12);
  const lowest = Number(data.readBigInt64BE(16));
  const highest = Number(data.readBigInt64BE(24));
  if (digits !== limits.significantDigits || lowest !== limits.lowestDiscernibleValue) {
    throw new Error(`histogram settings differ: ${digits} significant digits, lowest value ${lowest} (crmload uses ${limits.significantDigits} and ${limits.lowestDiscernibleValue})`);
  }
  if (!(highest >= lowest * 2) || highest > limits.maxHighestTrackableValue) throw new Error(`highest trackable value ${highest} out of bounds`);
}

/** Exact extremes kept beside a histogram, whose own max is a bucket edge. Microseconds. */
export interface Extremes {
  minUs: number;
  maxUs: number;
}

export function emptyExtremes(): Extremes {
  return { minUs: Number.POSITIVE_INFINITY, maxUs: 0 };
}

const US_PER_MS = 1000;

function ms(us: number): number {
  return Math.round(us) / US_PER_MS;
}

/** Percentile in ms from a histogram of µs, clamped to the exact extremes so p100 == max and pN >= min. */
export function percentileMs(histogram: Histogram, extremes: Extremes, percentile: number): number | null {
  if (histogram.totalCount === 0) return null;
  const us = histogram.getValueAtPercentile(percentile);
  return ms(Math.min(Math.max(us, extremes.minUs), extremes.maxUs));
}

/** Summarise a histogram into the report's LatencyStats (ms); `null` fields when empty. */
export function toLatencyStats(histogram: Histogram, extremes: Extremes): LatencyStats {
  const count = histogram.totalCount;
  const p = (q: number) => percentileMs(histogram, extremes, q);
  const empty = count === 0;
  const mean = empty ? null : Math.min(Math.max(histogram.mean, extremes.minUs), extremes.maxUs);
  return {
    unit: 'ms',
    count,
    min: empty ? null : ms(extremes.minUs),
    mean: mean === null ? null : Math.round(mean) / US_PER_MS,
    stdev: empty ? null : Math.round(histogram.stdDeviation) / US_PER_MS,
    p50: p(50),
    p75: p(75),
    p90: p(90),
    p95: p(95),
    p99: p(99),
    p999: p(99.9),
    max: empty ? null : ms(extremes.maxUs),
    hdr: encodeHistogram(histogram),
  };
}
