/**
 * HDR histogram settings in one place (as autocannon's histUtil does): integer microseconds,
 * 3 significant digits, auto-resize, plain JS (no WASM memory to free).
 */
import { createRequire } from 'node:module';
import type { Histogram as HdrHistogram } from 'hdr-histogram-js';
import type { LatencyStats } from '../report/types.js';

export type Histogram = HdrHistogram;

// The package's index also loads its WebAssembly build (~8 MB of memory for a base64 blob we never
// use), so take the plain-JS classes and the V2 codec from their own modules.
const require = createRequire(import.meta.url);
type JsHistogramInstance = Histogram & { autoResize: boolean; encodeIntoCompressedBase64(): string };
type HistogramClass = new (lowest: number, highest: number, digits: number) => JsHistogramInstance;
const Float64Histogram: HistogramClass = require('hdr-histogram-js/dist/Float64Histogram.js').default;
const codec: { decompress(data: Uint8Array): Uint8Array } = require('hdr-histogram-js/dist/JsHistogram.encoding.js');
const { JsHistogram } = require('hdr-histogram-js/dist/JsHistogram.js') as {
  JsHistogram: { decode(data: Uint8Array, bitBucketSize: 64): Histogram };
};

/** A new latency histogram recording integer microseconds. */
export function createHistogram(): Histogram {
  const histogram = new Float64Histogram(1, 60_000_000, 3);
  histogram.autoResize = true;
  return histogram;
}

/** Compressed base64 V2 encoding ("HISTFAAA…"). */
export function encodeHistogram(histogram: Histogram): string {
  return (histogram as JsHistogramInstance).encodeIntoCompressedBase64();
}

/** Decode a histogram from its compressed base64 V2 form; throws on corrupt input. */
export function decodeHistogram(encoded: string): Histogram {
  return JsHistogram.decode(codec.decompress(new Uint8Array(Buffer.from(encoded.trim(), 'base64'))), 64);
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
