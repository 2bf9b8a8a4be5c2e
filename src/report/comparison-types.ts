/** The baseline comparison's shape (`crmload compare`, `run --baseline`): part of the report contract (`types.ts` re-exports it). */

/** One metric of one scope (the whole run or a step), base against head. */
export interface ComparisonRow {
  /**
   * The step name, or null for the whole run; in parentheses for what is not a step:
   * `(journey time)`, `(checks)`, `(trend NAME)`, `(group NAME)`.
   */
  step: string | null;
  /** Canonical metric name (`p95`, `p(97.5)`, `throughput`…); `requests` for a step found on one side only. */
  metric: string;
  /** Unit of base, head and delta: ms, per second, percent, or a count. */
  unit: 'ms' | '/s' | '%' | 'count';
  base: number | null;
  head: number | null;
  /** head − base, in `unit`; null when either side has no data. */
  delta: number | null;
  /** Relative change in percent of base; null when base is 0 or either side has no data. */
  deltaPct: number | null;
  /** Which way is worse: latency and error rate `higher`, throughput and availability `lower`. */
  worse: 'higher' | 'lower';
  /** The allowed worsening, or null when the metric is shown but not gated. */
  tolerance: { limit: number; unit: '%' | 'pp' } | null;
  /** True when the head is worse than the base by more than the tolerance. */
  regressed: boolean;
  /** Why a row has no verdict. */
  note?: 'only in base' | 'only in head' | 'no data';
}

/** The result of comparing a head report against a baseline. */
export interface Comparison {
  /** False when any row regressed. */
  passed: boolean;
  /** The whole run first, then each step of the base, then steps only in the head. */
  rows: ComparisonRow[];
  /** Reasons to read the numbers with care (different load, aborted or saturated runs). */
  notes: string[];
}
