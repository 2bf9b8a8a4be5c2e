/** What `crmload run` uses when neither the command line nor the scenario says: one table, also shown by `--help`. */
export const DEFAULTS = {
  /** Closed model without --vus, --rate or stages. */
  vus: 10,
  /** Without --duration, --iterations or stages. */
  durationMs: 10_000,
  /** Total deadline per request. */
  timeoutMs: 30_000,
  /** Time in-flight requests get to finish at the end. */
  graceMs: 5_000,
  /** Minimum measured time before an SLA may abort the run. */
  abortEvalDelayMs: 5_000,
  /** Open model: connections per origin, at most (never more than --max-vus). */
  openConnections: 50,
  /** HTTP/1.1 pipelining depth. */
  pipelining: 1,
  /** Seed of the data and the scenario mix. */
  seed: 1,
  /** Open model: --max-vus is this many times the peak rate… */
  maxVusPerRate: 10,
  /** …but no fewer than this… */
  minMaxVus: 100,
  /** …and no more than this. */
  maxMaxVus: 10_000,
} as const;

/** The default cap on concurrent iterations for a peak rate (per second) or VU count. */
export function defaultMaxVus(peak: number): number {
  return Math.max(DEFAULTS.minMaxVus, Math.min(DEFAULTS.maxMaxVus, Math.ceil(peak * DEFAULTS.maxVusPerRate)));
}
