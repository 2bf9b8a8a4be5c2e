/**
 * Helpers to build report variants for the report tests: a mutation by path on a deep copy, and
 * latency blocks built from known values through the real histogram code.
 */
import { toLatencyStats } from '../../src/metrics/histogram.js';
import { Distribution } from '../../src/metrics/slot.js';
import type { LatencyStats } from '../../src/report/types.js';

/** Marks a field to delete in {@link mutate}. */
export const DELETE = Symbol('delete');

/** A deep copy of `value` with the field at `path` (`totals.requests`, `steps.0.latency.hdr`) set or deleted. */
export function mutate<T>(value: T, path: string, next: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node: Record<string, unknown> = copy;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (next === DELETE) delete node[last];
  else node[last] = next;
  return copy as T;
}

/** LatencyStats of the given millisecond values, recorded as integer µs like the Recorder does. */
export function latencyOf(valuesMs: readonly number[]): LatencyStats {
  const distribution = new Distribution();
  for (const v of valuesMs) distribution.add(Math.round(v * 1000));
  return toLatencyStats(distribution.histogram, distribution.extremes);
}

/** `n` values spread evenly over [fromMs, toMs]. */
export function evenly(n: number, fromMs: number, toMs: number): number[] {
  return Array.from({ length: n }, (_, i) => fromMs + ((toMs - fromMs) * i) / Math.max(1, n - 1));
}
