/**
 * Types of SLA expressions (DESIGN §4): a parsed `Sla`, and the `SlaSource` it is evaluated against.
 */
import type { ChecksReport, CustomMetricReport, GroupReport, IterationCounters, LatencyStats, RequestCounters, SlaResult, Stability, StatsBlock } from '../report/types.js';

/** What an SLA measures; decides where the value comes from and its canonical unit. */
export type SlaKind =
  | 'latency'
  | 'service'
  | 'throughput'
  | 'iterations'
  | 'availability'
  | 'error_rate'
  | 'dropped'
  | 'window_p99'
  | 'throughput_cv'
  | 'iterations_failed'
  | 'iteration_duration'
  | 'group_duration'
  | 'checks'
  /** A custom counter (count or per second) or rate (percent), by the target's unit. */
  | 'custom'
  /** A latency metric of a custom trend (`p95{trend="queue_wait"}`). */
  | 'trend';

/** Comparison operator of an SLA. */
export type SlaOp = SlaResult['op'];

/** Exact statistic of a latency distribution (not a percentile). */
export type SlaStat = 'min' | 'mean' | 'max';

/**
 * Where an SLA applies: one step, one scenario, one group (`group_duration`), one check (`checks`),
 * one custom trend, or the whole run (`null`).
 */
export type SlaScope = { step?: string; scenario?: string; group?: string; name?: string; trend?: string } | null;

/** One parsed SLA expression, with its target converted to the metric's canonical unit. */
export interface Sla {
  /** The expression as written. */
  expression: string;
  /**
   * Canonical metric name. Percentiles that have a name of their own are written that way
   * (`p(50)` → `p50`, `p(99.9)` → `p99.9`); any other is `p(N)` with N as a plain number
   * (`p(99.50)` → `p(99.5)`). Service time metrics are prefixed: `service.p95`, `service.p(99.5)`.
   */
  metric: string;
  kind: SlaKind;
  /** Percentile in (0, 100], for latency and service percentiles. */
  percentile?: number;
  /** Exact statistic, for `min`, `mean`, `max` (and their `service.` forms). */
  stat?: SlaStat;
  scope: SlaScope;
  op: SlaOp;
  /** Target in the canonical unit: ms, percent, per second, count, or fraction (`throughput_cv`). */
  target: number;
  /** Canonical unit: `ms`, `%`, `/s`, `count`, or `''` (a fraction). */
  unit: string;
}

/**
 * What SLAs are evaluated against. A `Report` is assignable to it: run-wide SLAs read `totals` plus the
 * top-level `latency`, `serviceTime` and `stability`; scoped SLAs read the matching step or scenario,
 * which carry all of those inline.
 */
export interface SlaSource {
  totals: RequestCounters & { dropped: number; iterationsPerSecond: number; iterations?: IterationCounters };
  latency: LatencyStats;
  serviceTime: LatencyStats;
  stability: Stability;
  steps: ReadonlyArray<StatsBlock & { name: string }>;
  scenarios: ReadonlyArray<StatsBlock & { name: string; iterations: Partial<IterationCounters> & { dropped: number }; iterationDuration?: LatencyStats }>;
  iterationDuration?: LatencyStats;
  checks?: ChecksReport;
  metrics?: readonly CustomMetricReport[];
  groups?: readonly GroupReport[];
}
