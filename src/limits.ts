/**
 * The range of every numeric input, checked before the run (exit 2) so an edge value can never change
 * behaviour silently or hang. The README's "Limits" table lists the same values.
 */

/** The longest duration anywhere (run, stage, warm-up, grace, timeout, think time, abort delay): 2^31 − 1 ms, the longest a Node.js timer holds (about 24.8 days); a longer one fires at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** The shortest per-request `--timeout`: timers are not finer than a millisecond. */
export const MIN_TIMEOUT_MS = 1;

/** The highest arrival rate (`--rate`, `--start-rate`, stage targets), per second: twice what one core can send (about 48k req/s, README Benchmarks), so any higher value is a typo. */
export const MAX_RATE_PER_SECOND = 100_000;

/** The most VUs (`--vus`, `--max-vus`, stage targets): each VU holds state and usually a connection. */
export const MAX_VUS = 100_000;

/** The most connections per origin (`--connections`); the open-file limit is checked too. */
export const MAX_CONNECTIONS = 100_000;

/** The most `--workers` threads: each loads the scenario and holds its own heap; more than the cores only compete. */
export const MAX_WORKERS = 256;

/** The deepest HTTP/1.1 pipelining (`--pipelining`). */
export const MAX_PIPELINING = 1_000;

/** The largest `--seed`: the seeded generators take 32 bits. */
export const MAX_SEED = 2 ** 32 - 1;
