/**
 * The target's own metrics, sampled from its Prometheus endpoint during the run
 * (`--server-metrics`), on the same time axis as the report's timeline. Part of the Report contract.
 */

/** One point of a server series. */
export interface ServerPoint {
  /**
   * Seconds since the start of the run, like `TimelinePoint.t`: the scrape time for a value, the
   * middle of the interval between two scrapes for a rate or an interval mean.
   */
  t: number;
  /** The value in the series' unit; null when the interval had no data (a mean over no request). */
  v: number | null;
}

/** One kept series of the target's metrics. */
export interface ServerSeries {
  /** The metric family, like `process_cpu_seconds_total` or `demo_http_request_duration_seconds`. */
  metric: string;
  /** Label matchers given with `--server-series` (`name{route="GET /api/contacts"}`); `{}` when none. Series that match are summed. */
  matchers: Record<string, string>;
  /**
   * How points are made: `rate` is a counter's increase per second between two scrapes, `value` a
   * gauge's value at a scrape, `mean` a histogram's (or summary's) Δsum / Δcount between two scrapes.
   */
  kind: 'rate' | 'value' | 'mean';
  /** Unit of `v`: `%` (CPU seconds per second, as percent of one core), `bytes`, `ms`, `/s`, or `` (none). */
  unit: '%' | 'bytes' | 'ms' | '/s' | '';
  /** A short name for charts and tables, like "CPU" or "demo_http_request_duration_seconds mean". */
  label: string;
  /** At most 600 points: long runs average neighbouring points pairwise. Empty when the target never had the metric. */
  points: ServerPoint[];
}

/** What `--server-metrics` sampled. A failed scrape is counted and listed, never fatal, never a verdict. */
export interface ServerMetrics {
  /** The endpoint scraped (credentials stripped). */
  url: string;
  /** Time between scrapes, ms. */
  intervalMs: number;
  /** Scrapes attempted, succeeded and failed (attempted = succeeded + failed). */
  scrapes: { attempted: number; succeeded: number; failed: number };
  /** The first failed scrapes (at most 20): when (seconds since the start of the run) and why. */
  failures: Array<{ t: number; error: string }>;
  series: ServerSeries[];
}
