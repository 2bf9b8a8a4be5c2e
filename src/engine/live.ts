/**
 * What a running load run shows to live observers (the `--metrics-port` endpoint). Read on demand,
 * never pushed: the hot path does no extra work for it, and an observer that is off costs nothing.
 */
import type { PlanLoad } from '../config/plan.js';
import type { Executor } from '../load/driver.js';
import { valueAt } from '../load/profile.js';
import type { Recorder } from '../metrics/recorder.js';
import type { Slot } from '../metrics/slot.js';

/** Generator health so far (the same measures the report's `generator` block ends with). */
export interface LiveHealth {
  /** Event-loop delay p99 since the start, ms (monitor resolution already subtracted). */
  eventLoopDelayP99Ms: number;
  /** Open model: actual − scheduled start of iterations, ms. */
  scheduleLagP99Ms: number;
  scheduleLagMaxMs: number;
}

/** A consistent read of the run's counters at one instant. */
export interface LiveView {
  /** True once the measured run has started (after setup()). */
  running: boolean;
  /** Time since the measured run started, ms. */
  elapsedMs: number;
  /** Per-step measurements (after warm-up); the same objects the report is built from. */
  steps: readonly Slot[];
  /** Requests sent during warm-up (counted apart from every statistic). */
  warmupRequests: number;
  /** Iterations in flight, started so far, and dropped (open model, all VUs busy). */
  activeVus: number;
  iterationsStarted: number;
  dropped: number;
  /** Open model: iterations per second the profile asks of this shard now; else null. */
  offeredRate: number | null;
  /** Closed model: VUs the profile asks for now; else null. */
  targetVus: number | null;
  health: LiveHealth;
}

/** The view from the run's parts; before the measured run starts (no recorder yet) nothing runs. */
export function liveView(parts: {
  recorder: Recorder | null;
  executor: Executor | null;
  load: PlanLoad;
  /** Shards of the whole run: this one offers its share of the profile. */
  shards: number;
  elapsedMs: number;
  health: LiveHealth;
}): LiveView {
  const { recorder, executor, load, shards } = parts;
  const wanted = recorder ? valueAt(load.profile, parts.elapsedMs) : 0;
  return {
    running: recorder !== null,
    elapsedMs: parts.elapsedMs,
    steps: recorder?.stepSlots() ?? [],
    warmupRequests: recorder?.warmup.requests ?? 0,
    activeVus: executor?.active ?? 0,
    iterationsStarted: executor?.started ?? 0,
    dropped: executor?.dropped ?? 0,
    offeredRate: load.model === 'open' ? wanted / shards : null,
    targetVus: load.model === 'closed' ? Math.floor(wanted / shards) : null,
    health: parts.health,
  };
}
