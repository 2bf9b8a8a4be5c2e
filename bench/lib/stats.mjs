// Pure statistics for the benchmark: medians, nearest-rank percentiles and the true latency
// distribution of an open-model run against a target that stalls once.

/** Median of the finite numbers in `values`, or undefined when there are none. */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile of an ascending array: the smallest value with at least p% at or below it. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/**
 * The latencies an ideal coordinated-omission-free open-model client would record.
 *
 * Request k is scheduled at s = k × 1000 / rate ms (k = 0 … rate × durationMs / 1000 − 1), measured
 * from the first request. The target freezes during [stallStartMs, stallEndMs) (same origin). A
 * request still being handled at the freeze, or scheduled during it, completes when the freeze ends:
 * its latency is stallEndMs − s + baseMs. Every other request takes baseMs (the unloaded round trip).
 * The backlog drained after the freeze is not modelled: with `connections` sockets it adds at most
 * backlog / (connections × per-socket rate), tens of ms, and it lands on the shortest of the stalled
 * latencies, not on the p99.
 */
export function trueStallLatencies({ rate, durationMs, stallStartMs, stallEndMs, baseMs }) {
  const count = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const latencies = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const scheduled = k * interval;
    const caught = scheduled + baseMs > stallStartMs && scheduled < stallEndMs;
    latencies[k] = caught ? Math.max(baseMs, stallEndMs - scheduled + baseMs) : baseMs;
  }
  return latencies.sort();
}

/** p50/p90/p95/p99/max of an ascending array. */
export function summarise(sorted) {
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : undefined,
    count: sorted.length,
  };
}

/** |measured − truth| / truth, or undefined when either is missing. */
export function relativeError(measured, truth) {
  if (!Number.isFinite(measured) || !Number.isFinite(truth) || truth === 0) return undefined;
  return Math.abs(measured - truth) / truth;
}

/** One goal check: passes only with a measured value (no data fails, never passes vacuously). */
export function check(name, goal, measured, passes) {
  const has = measured !== undefined && measured !== null && !(typeof measured === 'number' && !Number.isFinite(measured));
  return { name, goal, measured: has ? measured : null, pass: has ? Boolean(passes) : false, ...(has ? {} : { reason: 'no data' }) };
}
