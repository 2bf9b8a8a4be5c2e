/**
 * What `/metrics` shows, as plain data: a run's live view reduced to counts (requests per status
 * class, errors per kind, cumulative latency buckets), cheap to send once a second from a `--workers`
 * thread and exact to merge: counters and bucket counts are summed, never averaged, so the merge of
 * the workers' snapshots is the snapshot one process with all their samples would give.
 */
import type { LiveHealth, LiveView } from '../engine/live.js';
import { ERROR_KINDS } from '../error-kinds.js';
import type { Slot } from '../metrics/slot.js';
import { cumulativeBuckets, LATENCY_BUCKETS_SECONDS, type CumulativeBuckets } from './buckets.js';

/** Status classes of a finished request; `none` when no response arrived (transport error, timeout). */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'none'] as const;

/** One step's counts (structured-cloneable). */
export interface StepCounts {
  scenario: string;
  step: string;
  /** Requests per STATUS_CLASSES entry (they sum to the step's requests). */
  statusClasses: number[];
  /** Errors per ERROR_KINDS entry (interrupted included). */
  errors: number[];
  /** Over LATENCY_BUCKETS_SECONDS. */
  latency: CumulativeBuckets;
  service: CumulativeBuckets;
}

/** A live view as counts: every field of LiveView but the step slots, which become `stepCounts`. */
export interface LiveSnapshot extends Omit<LiveView, 'steps'> {
  stepCounts: StepCounts[];
}

/** The view's counts now (read at scrape time, or once a second in a worker thread). */
export function liveSnapshot(view: LiveView): LiveSnapshot {
  const { steps, ...rest } = view;
  return { ...rest, stepCounts: steps.map(stepCounts) };
}

/** Tells a snapshot from a live view (RunMetrics reads either). */
export function isLiveSnapshot(value: LiveView | LiveSnapshot): value is LiveSnapshot {
  return 'stepCounts' in value;
}

function stepCounts(slot: Slot): StepCounts {
  const statusClasses = STATUS_CLASSES.map(() => 0);
  let withStatus = 0;
  for (const [code, n] of slot.statusCodes) {
    statusClasses[code >= 100 && code < 600 ? Math.floor(code / 100) - 1 : STATUS_CLASSES.length - 1] += n;
    withStatus += n;
  }
  statusClasses[STATUS_CLASSES.length - 1] += slot.requests - withStatus;
  const errors = ERROR_KINDS.map((kind, i) => (kind === 'interrupted' ? slot.interrupted : slot.errors[i]));
  const latency = cumulativeBuckets(slot.latency.histogram, LATENCY_BUCKETS_SECONDS);
  const service = slot.serviceIsLatency ? latency : cumulativeBuckets(slot.service.histogram, LATENCY_BUCKETS_SECONDS);
  return { scenario: slot.scenario, step: slot.name, statusClasses, errors, latency, service };
}

/**
 * The snapshots of several workers of one run as one: counters, gauges of amounts (VUs, rates) and
 * bucket counts summed; the elapsed time and the generator-health figures are the largest (each
 * thread has its own event loop: the worst one is the generator's health). Steps are matched by
 * scenario and name, in the order first seen.
 */
export function mergeLiveSnapshots(snapshots: readonly LiveSnapshot[]): LiveSnapshot {
  const steps = new Map<string, StepCounts>();
  for (const s of snapshots) {
    for (const c of s.stepCounts) {
      const key = JSON.stringify([c.scenario, c.step]);
      const seen = steps.get(key);
      steps.set(key, seen ? addSteps(seen, c) : c);
    }
  }
  const sum = (f: (s: LiveSnapshot) => number) => snapshots.reduce((n, s) => n + f(s), 0);
  const max = (f: (s: LiveSnapshot) => number) => snapshots.reduce((n, s) => Math.max(n, f(s)), 0);
  const sumOrNull = (f: (s: LiveSnapshot) => number | null) => (snapshots.some((s) => f(s) !== null) ? sum((s) => f(s) ?? 0) : null);
  const health: LiveHealth = {
    eventLoopDelayP99Ms: max((s) => s.health.eventLoopDelayP99Ms),
    scheduleLagP99Ms: max((s) => s.health.scheduleLagP99Ms),
    scheduleLagMaxMs: max((s) => s.health.scheduleLagMaxMs),
  };
  return {
    running: snapshots.some((s) => s.running),
    elapsedMs: max((s) => s.elapsedMs),
    stepCounts: [...steps.values()],
    warmupRequests: sum((s) => s.warmupRequests),
    activeVus: sum((s) => s.activeVus),
    iterationsStarted: sum((s) => s.iterationsStarted),
    dropped: sum((s) => s.dropped),
    offeredRate: sumOrNull((s) => s.offeredRate),
    targetVus: sumOrNull((s) => s.targetVus),
    health,
  };
}

function addSteps(a: StepCounts, b: StepCounts): StepCounts {
  const add = (x: number[], y: number[]) => x.map((v, i) => v + y[i]);
  const buckets = (x: CumulativeBuckets, y: CumulativeBuckets): CumulativeBuckets => ({ counts: add(x.counts, y.counts), count: x.count + y.count, sumUs: x.sumUs + y.sumUs });
  return { ...a, statusClasses: add(a.statusClasses, b.statusClasses), errors: add(a.errors, b.errors), latency: buckets(a.latency, b.latency), service: buckets(a.service, b.service) };
}
