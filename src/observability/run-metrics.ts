/**
 * crmload's own metrics in the Prometheus text format (`--metrics-port`). Every value is read from
 * the run's counters when Prometheus scrapes: requests and errors from the per-step slots, latency
 * buckets from the HDR histograms, the rest from the executor and the health monitor. The counters
 * are the ones the report is built from, so a scrape and the report agree (measured requests only:
 * warm-up requests are counted apart, as in the report). With `--workers` the parent reads the
 * workers' snapshots merged (live-snapshot.ts) instead of one run's live view.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { LiveView } from '../engine/live.js';
import { ERROR_KINDS } from '../error-kinds.js';
import { LATENCY_BUCKETS_SECONDS } from './buckets.js';
import { histogramSamples, registerCollected, type MetricSample } from './collected-metric.js';
import { isLiveSnapshot, liveSnapshot, STATUS_CLASSES, type LiveSnapshot, type StepCounts } from './live-snapshot.js';

/** What the metrics describe, for labels. */
export interface RunMetricsOptions {
  scenario: string;
  model: 'open' | 'closed';
  /** `i/n` of a sharded run: set as the `shard` label of every series. */
  shard: { index: number; total: number } | null;
  version: string;
  /** prom-client's default process and Node.js metrics (CPU, memory, event loop, GC); default on. */
  defaultMetrics?: boolean;
}

export class RunMetrics {
  readonly registry = new Registry();
  private view: LiveSnapshot;
  private lastStarted = 0;
  private lastAt: number | null = null;
  private achievedRate = 0;

  private readonly read: () => LiveSnapshot;

  /** `read` gives one run's live view, or a snapshot (the merge of `--workers` threads' snapshots). */
  constructor(read: () => LiveView | LiveSnapshot, private readonly options: RunMetricsOptions) {
    this.read = () => {
      const view = read();
      return isLiveSnapshot(view) ? view : liveSnapshot(view);
    };
    this.view = this.read();
    if (options.shard) this.registry.setDefaultLabels({ shard: `${options.shard.index}/${options.shard.total}` });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.registerStepMetrics();
    this.registerRunMetrics();
  }

  /** The Prometheus text exposition of everything, read at this instant. */
  async metrics(): Promise<string> {
    this.view = this.read();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Sample the achieved iteration rate; called about once a second with a monotonic time in ms. */
  sampleRate(nowMs: number): void {
    const started = this.read().iterationsStarted;
    if (this.lastAt !== null && nowMs > this.lastAt) this.achievedRate = ((started - this.lastStarted) * 1000) / (nowMs - this.lastAt);
    this.lastStarted = started;
    this.lastAt = nowMs;
  }

  private perStep(collect: (step: StepCounts, labels: Record<string, string>) => MetricSample[]): () => MetricSample[] {
    return () => this.view.stepCounts.flatMap((step) => collect(step, { scenario: step.scenario, step: step.step }));
  }

  private registerStepMetrics(): void {
    const r = this.registry;
    registerCollected(r, 'crmload_requests_total', 'Requests finished after warm-up, by step and HTTP status class (none: no response)', 'counter',
      this.perStep((step, labels) => statusClassCounts(step).map(([statusClass, value]) => ({ labels: { ...labels, status_class: statusClass }, value }))));
    registerCollected(r, 'crmload_request_errors_total', 'Failed or interrupted requests after warm-up, by step and error kind', 'counter',
      this.perStep((step, labels) => errorKindCounts(step).map(([kind, value]) => ({ labels: { ...labels, kind }, value }))));
    registerCollected(r, 'crmload_request_latency_seconds', 'Latency of completed requests (open model: from the scheduled start, free of coordinated omission)', 'histogram',
      this.perStep((step, labels) => histogramSamples('crmload_request_latency_seconds', labels, step.latency, LATENCY_BUCKETS_SECONDS)));
    registerCollected(r, 'crmload_request_service_time_seconds', 'Service time of completed requests: actual send to last byte', 'histogram',
      this.perStep((step, labels) => histogramSamples('crmload_request_service_time_seconds', labels, step.service, LATENCY_BUCKETS_SECONDS)));
  }

  private registerRunMetrics(): void {
    const r = this.registry;
    const labels = { scenario: this.options.scenario };
    const one = (value: number | null): MetricSample[] => (value === null ? [] : [{ labels, value }]);
    const counter = (name: string, help: string, value: () => number) => registerCollected(r, name, help, 'counter', () => one(value()));
    const gauge = (name: string, help: string, value: () => number | null) => registerCollected(r, name, help, 'gauge', () => one(value()));
    registerCollected(r, 'crmload_run_info', 'The run: scenario, load model and crmload version (value 1)', 'gauge',
      () => [{ labels: { ...labels, model: this.options.model, version: this.options.version }, value: 1 }]);
    gauge('crmload_run_elapsed_seconds', 'Time since the measured run started (after setup)', () => this.view.elapsedMs / 1000);
    counter('crmload_warmup_requests_total', 'Requests sent during warm-up (kept out of every other request metric)', () => this.view.warmupRequests);
    gauge('crmload_active_vus', 'Iterations in flight', () => this.view.activeVus);
    gauge('crmload_target_vus', 'Closed model: VUs the load profile asks for now', () => this.view.targetVus);
    counter('crmload_iterations_started_total', 'Iterations started', () => this.view.iterationsStarted);
    counter('crmload_dropped_iterations_total', 'Open model: due iterations not started because every VU (--max-vus) was busy', () => this.view.dropped);
    gauge('crmload_offered_rate', 'Open model: iterations per second the load profile asks for now', () => this.view.offeredRate);
    gauge('crmload_achieved_rate', 'Iterations started per second over the last second', () => (this.view.running ? round3(this.achievedRate) : 0));
    gauge('crmload_schedule_lag_p99_seconds', 'Open model: p99 of actual minus scheduled iteration start so far', () => this.view.health.scheduleLagP99Ms / 1000);
    gauge('crmload_schedule_lag_max_seconds', 'Open model: worst actual minus scheduled iteration start so far', () => this.view.health.scheduleLagMaxMs / 1000);
    gauge('crmload_event_loop_delay_p99_seconds', "p99 of the generator's event-loop delay so far (monitor resolution subtracted)", () => this.view.health.eventLoopDelayP99Ms / 1000);
  }
}

/** Requests per status class (they sum to the step's requests); `2xx` always, other classes when not 0. */
export function statusClassCounts(step: StepCounts): Array<[string, number]> {
  return STATUS_CLASSES.map((cls, i): [string, number] => [cls, step.statusClasses[i]]).filter(([cls, n]) => n > 0 || cls === '2xx');
}

/** Errors per kind (interrupted included); kinds with no error are left out. */
export function errorKindCounts(step: StepCounts): Array<[string, number]> {
  return ERROR_KINDS.map((kind, i): [string, number] => [kind, step.errors[i]]).filter(([, n]) => n > 0);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
