/**
 * Latency percentile names, in one table for the SLA grammar, `--max-regression` and the report:
 * p50, p75, p90, p95, p99 and p99.9 have names of their own; any other percentile N is written `p(N)`.
 * `percentileOf` reads any percentile of a report's latency block the one way every consumer must:
 * the stored field when there is one, else the encoded histogram, clamped to the exact extremes.
 */
import type { LatencyStats } from '../report/types.js';
import { decodeHistogram, percentileMs, type Histogram } from './histogram.js';

/** A percentile with a name of their own, and the `LatencyStats` field that holds its value. */
interface NamedPercentile {
  name: string;
  percentile: number;
  field: keyof LatencyStats & ('p50' | 'p75' | 'p90' | 'p95' | 'p99' | 'p999');
}

const NAMED: readonly NamedPercentile[] = [
  { name: 'p50', percentile: 50, field: 'p50' },
  { name: 'p75', percentile: 75, field: 'p75' },
  { name: 'p90', percentile: 90, field: 'p90' },
  { name: 'p95', percentile: 95, field: 'p95' },
  { name: 'p99', percentile: 99, field: 'p99' },
  { name: 'p99.9', percentile: 99.9, field: 'p999' },
];

/** The percentile names, in ascending order: `p50` … `p99.9`. */
export const PERCENTILE_NAMES: readonly string[] = NAMED.map((p) => p.name);

/** How any other percentile is written, as listed in error messages. */
export const PERCENTILE_CALL = 'p(N)';

/** A percentile's canonical name: `p95` for a named one, else `p(N)` with N a plain number (`p(97.5)`). */
export function percentileName(percentile: number): string {
  return NAMED.find((p) => p.percentile === percentile)?.name ?? `p(${percentile})`;
}

/** A percentile metric, canonically named. */
export interface PercentileRef {
  metric: string;
  percentile: number;
}

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Parses a percentile name: `p95`, or `p(N)` with N a decimal number in (0, 100] (`p(95)` → `p95`,
 * `p(99.50)` → `p(99.5)`). `undefined` when the name is no percentile at all; `{ problem }` when it
 * is written as `p(…)` but N is not a number or out of range.
 */
export function parsePercentile(name: string): PercentileRef | { problem: string } | undefined {
  const named = NAMED.find((p) => p.name === name);
  if (named) return { metric: named.name, percentile: named.percentile };
  const call = /^p\((.*)\)$/.exec(name);
  if (!call) return undefined;
  if (!DECIMAL.test(call[1])) return { problem: `percentile in "${name}" must be a number, like p(99.5)` };
  const percentile = Number(call[1]);
  if (!(percentile > 0 && percentile <= 100)) {
    return { problem: `percentile in "${name}" must be greater than 0 and at most 100` };
  }
  return { metric: percentileName(percentile), percentile };
}

/**
 * The value at `percentile` (in (0, 100]) of a latency block, in ms; `null` without samples. A named
 * percentile and p100 (the max) are read from their fields; any other is recomputed from the encoded
 * histogram (decoded by `decode`, which may cache) and clamped to the exact min and max, since a
 * histogram answers with a bucket edge. Throws when the histogram cannot be decoded.
 */
export function percentileOf(stats: LatencyStats, percentile: number, decode: (hdr: string) => Histogram = decodeHistogram): number | null {
  if (stats.count === 0) return null;
  if (percentile === 100) return stats.max;
  const named = NAMED.find((p) => p.percentile === percentile);
  return named ? stats[named.field] : percentileFromHistogram(stats, percentile, decode);
}

/**
 * The value at `percentile` recomputed from the block's encoded histogram, clamped to its exact min and
 * max, whatever its fields say (`compare` judges the distributions themselves); `null` without samples.
 */
export function percentileFromHistogram(stats: LatencyStats, percentile: number, decode: (hdr: string) => Histogram = decodeHistogram): number | null {
  if (stats.count === 0 || stats.min === null || stats.max === null) return null;
  const extremes = { minUs: Math.round(stats.min * 1000), maxUs: Math.round(stats.max * 1000) };
  return percentileMs(decode(stats.hdr), extremes, percentile);
}

/** Names the SLA grammar already gives a meaning: a custom metric may not take one. */
export const BUILTIN_METRIC_NAMES: ReadonlySet<string> = new Set([
  'min', 'mean', 'max', 'throughput', 'iterations', 'availability', 'error_rate', 'dropped', 'throughput_cv',
  'iterations_failed', 'checks', 'iteration_duration', 'group_duration', 'service', 'window',
]);
