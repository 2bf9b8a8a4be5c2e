/**
 * The crmload report: one plain object built once at the end of a run (or at abort) and rendered by
 * every reporter. This is a public contract read by CI scripts; field names are fixed.
 * Times and latencies are milliseconds unless a field says otherwise; rates are percent (0–100).
 */
import type { ErrorKind } from '../error-kinds.js';
import type { GeneratorHealth } from './generator-health.js';
import type { RunShardFields, TimelineShardFields } from './shard-fields.js';
import type { ChecksReport, CustomMetricReport, GroupReport } from './scenario-measures.js';
import type { Comparison } from './comparison-types.js';
import type { ArrivalsField, CapacityField } from './capacity-types.js';

export type { CheckReport, ChecksReport, CustomMetricReport, GroupReport } from './scenario-measures.js';
export type { Comparison, ComparisonRow } from './comparison-types.js';

export type { GeneratorHealth, RunStart } from './generator-health.js';

export const SCHEMA_VERSION = '1.2.0';
export const SCHEMA_URL = 'https://crmload.dev/schema/report-1.json';

/** Latency distribution of one set of requests, in milliseconds (µs precision). `null` when there is no data. */
export interface LatencyStats {
  /** Always "ms". */
  unit: 'ms';
  /** Number of recorded values. */
  count: number;
  /** Exact minimum (not a histogram bucket). */
  min: number | null;
  mean: number | null;
  stdev: number | null;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  /** 99.9th percentile. */
  p999: number | null;
  /** Exact maximum (not a histogram bucket). */
  max: number | null;
  /** The full distribution, integer microseconds, as HdrHistogram compressed base64 V2 ("HISTFAAA…"). */
  hdr: string;
}

/** Request counters shared by the totals, each step and each scenario. */
export interface RequestCounters {
  /** Requests sent: completed + failed + interrupted, exactly. */
  requests: number;
  /** Requests that got a response and no error. */
  completed: number;
  /** Requests with an error of any kind except `interrupted`. */
  failed: number;
  /** Requests still in flight when the run ended and the grace period ran out. */
  interrupted: number;
  /** Response bytes received (headers and body, from the wire). */
  bytesIn: number;
  /** Request bytes sent (body). */
  bytesOut: number;
  /** Completed requests per second of measured time. */
  throughput: number;
  /** Percent of finished requests that did not fail for the server's sake (no transport error, timeout, 5xx, 429). */
  availability: number | null;
  /** Percent of finished requests with any error (4xx and checks too). */
  errorRate: number | null;
  /** Failed request counts by kind, and `interrupted` for the interrupted ones (kinds with zero omitted): they add up to failed + interrupted. */
  errorsByKind: Partial<Record<ErrorKind, number>>;
  /** Response counts by HTTP status code. */
  statusCodes: Record<string, number>;
}

/**
 * Stability over consecutive 10 s windows of measured time. The windows cover the whole run: the
 * last one runs to the end (10–20 s long) and takes the requests that finish in the grace period.
 */
export interface Stability {
  /** The worst p99 latency of any window, ms; never below the block's overall p99. */
  windowP99: number | null;
  /** Coefficient of variation (stdev / mean) of throughput over 10 s windows, as a fraction. */
  throughputCv: number | null;
}

/** Counters and distributions for one step (request name), one scenario, or the whole run. */
export interface StatsBlock extends RequestCounters {
  /** Latency: from the scheduled start in the open model, from the send in the closed model. Successful requests. */
  latency: LatencyStats;
  /** Service time (actual send → last byte) of successful requests. */
  serviceTime: LatencyStats;
  /** Latency of failed requests that took time (errors, timeouts), kept apart from `latency`. */
  errorLatency: LatencyStats;
  stability: Stability;
  /** Iterations started per second (scenario and total blocks), requests per second for steps. */
  iterationsPerSecond?: number;
}

export interface StepReport extends StatsBlock {
  /** The step's metric name: its `name`, or the method and templated path (`GET /api/leads/:id`). */
  name: string;
  /** The scenario in which the step was first seen. */
  scenario: string;
  /** The group (`vu.group`) in which the step was first seen; absent outside groups. */
  group?: string;
}

export interface ScenarioReport extends StatsBlock {
  name: string;
  iterations: IterationCounters;
  /** End-to-end time of the scenario's completed iterations (from the scheduled start in the open model). Since 1.1. */
  iterationDuration?: LatencyStats;
}

export interface IterationCounters {
  started: number;
  completed: number;
  /** Iterations that ended with an error (a failed step, a thrown error). */
  failed: number;
  /** Iterations still running when the run ended. */
  interrupted: number;
  /** Open model: due iterations not started because `maxVus` were busy. */
  dropped: number;
  /** Steps not run because an earlier step in the iteration failed. */
  skippedSteps: number;
}

export interface Totals extends RequestCounters {
  /** Dropped iterations (open model, `--max-vus` reached). */
  dropped: number;
  iterations: IterationCounters;
  /** Iterations started per second of measured time. */
  iterationsPerSecond: number;
}

export interface LoadConfig extends ArrivalsField {
  model: 'closed' | 'open';
  vus?: number;
  /** Iterations per second (open model). */
  rate?: number;
  stages?: Array<{ durationMs: number; target: number }>;
  durationMs?: number;
  iterations?: number;
  maxVus?: number;
  /** Closed model: the initial VUs were started evenly over this many ms (absent: all at once). */
  rampUpMs?: number;
  connections: number;
  pipelining: number;
  timeoutMs: number;
  graceMs: number;
  thinkTime?: string;
}

export interface RunInfo extends RunShardFields {
  id: string;
  /** `completed` when the run reached its stop condition; `aborted` when a signal or a failed SLA stopped it. */
  status: 'completed' | 'aborted';
  /** Why the run was aborted (`SIGINT`, `SIGTERM`, `sla: p95 < 200ms`), absent when completed. */
  abortReason?: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  warmupMs: number;
  /** The target, with credentials stripped. `demo` is true when crmload started its demo server. */
  target: { url: string; demo: boolean };
  scenario: { name: string; description?: string; file?: string };
  load: LoadConfig;
  seed: number;
  /** Requests made during warm-up: measured, excluded from every statistic and SLA. */
  /** Warm-up requests, and iterations due in it and dropped: counted apart from every total and rate. */
  warmup: { requests: number; completed: number; failed: number; iterations?: number; dropped?: number };
  /** Requests sent by the scenarios' setup() (login…), not measured. */
  setupRequests: number;
  /** Requests sent by the scenarios' teardown(), not measured. Since 1.1. */
  teardownRequests?: number;
  tls: { verify: boolean };
}

export interface TimelinePoint extends TimelineShardFields {
  /** Seconds since the start of the run (bucket start). */
  t: number;
  /** Bucket length in seconds (1, more when downsampled). */
  span: number;
  /** Requests finished in the bucket: completed + errors + the ones interrupted at the end of the run. */
  requests: number;
  completed: number;
  errors: number;
  /** Completed requests per second in this bucket. */
  throughput: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  /** Iterations in flight at the end of the bucket. */
  activeVus: number;
  /** Open model: iterations per second the schedule offered over this bucket (its mean, ramps included). */
  offered?: number;
  /** Open model: due iterations dropped in this bucket (every VU busy). */
  dropped?: number;
  /** True for warm-up buckets. */
  warmup: boolean;
}

export interface SlaResult {
  /** The expression as written. */
  expression: string;
  metric: string;
  scope: { step?: string; scenario?: string; group?: string; name?: string; trend?: string } | null;
  op: '<' | '<=' | '>' | '>=' | '==';
  /** Target in the metric's canonical unit (ms, %, /s, count, fraction). */
  target: number;
  /** Measured value in the same unit, or null when there was no data. */
  actual: number | null;
  unit: string;
  passed: boolean;
  /** How far from failing: positive when passing (target − actual for `<`). Null without data. */
  margin: number | null;
  /** Why it failed without a comparison, e.g. "no data". */
  reason?: string;
}

export interface SlaVerdict {
  passed: boolean;
  results: SlaResult[];
}

export interface Environment {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  hostname: string;
  crmloadVersion: string;
}

/** The report of one run: the public contract that every reporter renders and CI scripts read. */
export interface Report extends CapacityField {
  /** URL of the JSON Schema this report follows ({@link SCHEMA_URL}; the schema ships as `schema/report.schema.json`). */
  $schema: string;
  /** Semantic version of the report format ({@link SCHEMA_VERSION}): a reader accepts its own major. */
  schemaVersion: string;
  /** The tool that wrote the report, and its version. */
  tool: { name: 'crmload'; version: string };
  /** What was run, against what, with which load, when, and whether it completed or was aborted. */
  run: RunInfo;
  /** Counters and rates of the whole measured run (warm-up excluded), iterations included. */
  totals: Totals;
  /** Latency of every successful request: from the scheduled start (open model) or the send (closed model). */
  latency: LatencyStats;
  /** Service time (actual send → last byte) of every successful request. */
  serviceTime: LatencyStats;
  /** Time taken by failed requests (errors, timeouts), kept apart from `latency`. */
  errorLatency: LatencyStats;
  /** Stability of the whole run over 10 s windows. */
  stability: Stability;
  /** One entry per step (request name), in order of first use. */
  steps: StepReport[];
  /** One entry per scenario (one for a single scenario, one per scenario of a mix). */
  scenarios: ScenarioReport[];
  /** End-to-end time of completed iterations, all scenarios. Since 1.1. */
  iterationDuration?: LatencyStats;
  /** Checks (`vu.check`). Since 1.1. */
  checks?: ChecksReport;
  /** Custom metrics (`vu.metric`). Since 1.1. */
  metrics?: CustomMetricReport[];
  /** Groups (`vu.group`). Since 1.1. */
  groups?: GroupReport[];
  /** Per-second buckets over the whole run, warm-up included and marked (downsampled for long runs). */
  timeline: TimelinePoint[];
  /** The SLA verdict: every SLA's result, and whether all passed. */
  sla: SlaVerdict;
  /** The load generator's own health: whether crmload itself could keep the schedule. */
  generator: GeneratorHealth;
  /** Where the run ran: Node.js, platform, CPUs, host, crmload version. */
  environment: Environment;
  /** Baseline comparison, present when the run was given `--baseline`. */
  comparison?: Comparison;
  /** The target's own metrics over the run, present when the run was given `--server-metrics`. */
  serverMetrics?: import('./server-metrics.js').ServerMetrics;
}
