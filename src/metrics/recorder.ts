/**
 * The Recorder: every finished request goes through `record` (O(1), no allocation); statistics are
 * computed once, in `snapshot`. Warm-up requests are counted apart and kept out of every statistic.
 */
import { performance } from 'node:perf_hooks';
import type { StatsBlock, StepReport, ScenarioReport, TimelinePoint } from '../report/types.js';
import { Extras, type ExtrasSnapshot } from './extras.js';
import { Slot, toMicros, type Sample } from './slot.js';
import { StabilityWindows } from './stability-windows.js';
import { Timeline } from './timeline.js';

export interface RecorderOptions {
  /** Monotonic time (ms) at which the run started. */
  startedAt: number;
  warmupMs: number;
  /** Planned run length, if known, to size the timeline buckets. */
  plannedMs: number | null;
  /** Iterations in flight, read when a timeline bucket closes. */
  activeVus: () => number;
  /** Iterations dropped so far, warm-up included (cumulative), read when a timeline bucket closes. */
  dropped?: () => number;
  /** Closed model: service time equals latency (both timed from the send). */
  serviceIsLatency?: boolean;
  /** Quick mode: one step only, whose stability windows are the run's (not recorded twice). */
  singleStep?: boolean;
  /** Shard runs: timeline points carry their histograms (exact merge). */
  timelineHistograms?: boolean;
  /** The run's monotonic clock (for checks and custom metrics, which have no exchange times). */
  now?: () => number;
}

export interface RecorderSnapshot {
  /** Measured time (after warm-up), ms. */
  measuredMs: number;
  overall: StatsBlock;
  steps: Array<Omit<StepReport, never>>;
  /** Per-scenario blocks (without iteration counters, which the engine keeps). */
  scenarios: Array<StatsBlock & { name: string }>;
  timeline: TimelinePoint[];
  warmup: { requests: number; completed: number; failed: number; iterations?: number; dropped?: number };
  /** Iteration and group durations, checks, custom metrics (absent in snapshots rebuilt from merged shard reports). */
  extras?: ExtrasSnapshot;
}

export class Recorder {
  private readonly steps = new Map<string, Slot>();
  private readonly scenarioSlots = new Map<string, Slot>();
  private readonly overallWindows = new StabilityWindows();
  private readonly timeline: Timeline;
  private readonly measuredStart: number;
  readonly warmup = { requests: 0, completed: 0, failed: 0 };
  /** What scenarios measure besides requests. */
  readonly extras: Extras;

  constructor(private readonly options: RecorderOptions, private readonly multiScenario: boolean) {
    this.measuredStart = options.startedAt + options.warmupMs;
    this.timeline = new Timeline(options.plannedMs, options.warmupMs, options.activeVus, options.dropped, options.timelineHistograms === true);
    this.extras = new Extras(this.measuredStart, options.now ?? (() => performance.now()));
  }

  /**
   * The slot of a step, created on first use; callers keep it so the hot path does no lookup.
   * `group`: the group the step was first seen in.
   */
  slot(name: string, scenario: string, group: string | null = null): Slot {
    let slot = this.steps.get(name);
    if (!slot) {
      slot = new Slot(name, scenario, this.multiScenario ? this.scenarioSlot(scenario) : null, this.options.serviceIsLatency === true);
      slot.group = group;
      this.steps.set(name, slot);
    }
    return slot;
  }

  private scenarioSlot(name: string): Slot {
    let slot = this.scenarioSlots.get(name);
    if (!slot) {
      slot = new Slot(name, name, null, this.options.serviceIsLatency === true);
      this.scenarioSlots.set(name, slot);
    }
    return slot;
  }

  record(slot: Slot, sample: Sample): void {
    const offset = sample.endedAt - this.options.startedAt;
    const success = sample.kind === null;
    const interrupted = sample.kind === 'interrupted';
    const latencyUs = toMicros(sample.intendedAt, sample.endedAt);
    this.timeline.add(offset, latencyUs, success, interrupted);
    // A request counts as warm-up when it was *sent* during warm-up.
    if (sample.sentAt < this.measuredStart) {
      this.warmup.requests++;
      if (success) this.warmup.completed++;
      else if (!interrupted) this.warmup.failed++;
      return;
    }
    slot.add(sample, this.measuredStart, latencyUs);
    if (!interrupted && !this.options.singleStep) this.overallWindows.add(sample.endedAt - this.measuredStart, latencyUs, success);
  }

  /** Close idle timeline buckets (called about once a second). */
  tick(now: number): void {
    this.timeline.advance(now - this.options.startedAt);
  }

  /** The step slots so far, for live observers that read counters on demand. */
  stepSlots(): Slot[] {
    return [...this.steps.values()];
  }

  /** Requests recorded so far, warm-up included (for the progress line). */
  get count(): number {
    let n = this.warmup.requests;
    for (const slot of this.steps.values()) n += slot.requests;
    return n;
  }

  snapshot(endedAt: number): RecorderSnapshot {
    const measuredMs = Math.max(0, endedAt - this.measuredStart);
    const total = new Slot('total', '', null, this.options.serviceIsLatency === true);
    const byName: StepReport[] = [];
    for (const slot of this.steps.values()) {
      total.merge(slot);
      byName.push({ name: slot.name, scenario: slot.scenario, ...(slot.group ? { group: slot.group } : {}), ...slot.toStatsBlock(measuredMs) });
    }
    const only = this.options.singleStep && this.steps.size === 1 ? [...this.steps.values()][0] : null;
    const overall = total.toStatsBlock(measuredMs, only ? only.windows : this.overallWindows);
    const scenarios = [...this.scenarioSlots.values()].map((s) => ({ name: s.name, ...s.toStatsBlock(measuredMs) }));
    return {
      measuredMs,
      overall,
      steps: byName,
      scenarios,
      timeline: this.timeline.snapshot(endedAt - this.options.startedAt),
      warmup: { ...this.warmup },
      extras: this.extras.snapshot(measuredMs),
    };
  }
}
