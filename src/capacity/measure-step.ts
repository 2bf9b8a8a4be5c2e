/**
 * One step's Report → the row of the capacity table, plus what the models need and the table does not
 * show (service-time spread and quantiles). Pure.
 */
import { decodeHistogram } from '../metrics/histogram.js';
import type { LatencyStats, Report, TimelinePoint } from '../report/types.js';
import type { CapacityStep, CapacityStepPhase, CapacityVerdict } from '../report/capacity-types.js';

/** Above this share of failed requests a step is an overload: the search stops loading the target. */
export const OVERLOAD_ERROR_PERCENT = 50;
/** Little's law holds when L and X × W agree within this fraction. */
export const LITTLE_TOLERANCE = 0.2;
/** Service-time quantiles kept for the model: the 0.5%, 1.5%, …, 99.5% points. */
const QUANTILE_COUNT = 100;

/** A measured step: its table row and the service-time figures the models use. */
export interface StepMeasurement {
  row: CapacityStep;
  /** Service time of successful requests (null without any). */
  service: { meanMs: number; stdevMs: number; quantilesMs: number[] } | null;
  /** Requests sent in the window per second (the arrivals the target saw). */
  sentPerSecond: number;
}

/** What the step runner hands over besides the step's report. */
export interface StepRun {
  index: number;
  phase: CapacityStepPhase;
  offeredRate: number;
  report: Report;
  /** Mean requests in flight over the window. */
  concurrency: number;
  /** The judged window: from the end of the step's warm-up to the end of its hold, ms from its start. */
  windowMs: { from: number; to: number };
  durationMs: number;
}

/** crmload held a step's rate when it started (or dropped, VUs all busy) at least this share of the offered rate. */
export const HELD_SHARE = 0.9;

/**
 * Judges a step. A saturated generator only ever makes a step look worse (later sends, longer
 * latencies, fewer requests), so a step that passes anyway, at the offered rate, stands. Any failure
 * while crmload lagged is the generator's step: its delays compound with queueing (a starved process
 * also holds requests and responses in its own sockets, where its lag figures do not see them), so no
 * margin proves the target guilty — and a generator limit must never be reported as the target's.
 */
export function judgeStep(report: Report, windowS: number): CapacityVerdict {
  const overload = (report.totals.errorRate ?? 0) > OVERLOAD_ERROR_PERCENT;
  const g = report.generator;
  if (g.saturated) {
    const held = g.achievedRate + report.totals.dropped / windowS >= HELD_SHARE * (g.offeredRate ?? 0);
    if (!held || overload || !report.sla.passed) return 'generator';
  }
  if (overload) return 'overload';
  return report.sla.passed ? 'pass' : 'fail';
}

/** The row and model inputs of one step. */
export function measureStep(run: StepRun): StepMeasurement {
  const { report } = run;
  const windowS = Math.max(0.001, (run.windowMs.to - run.windowMs.from) / 1000);
  const window = windowCounts(report.timeline, run.windowMs);
  const throughput = window ? window.completed / window.seconds : report.totals.throughput;
  const finishedPerSecond = window ? (window.completed + window.errors) / window.seconds : report.totals.throughput;
  const meanAllMs = meanOfAll(report.latency, report.errorLatency);
  const predictedL = (finishedPerSecond * (meanAllMs ?? 0)) / 1000;
  const relativeError = predictedL > 0 ? (run.concurrency - predictedL) / predictedL : null;
  const l = report.latency;
  return {
    row: {
      index: run.index,
      phase: run.phase,
      offeredRate: run.offeredRate,
      throughput: round3(throughput),
      requests: report.totals.requests,
      latency: { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99 },
      serviceMeanMs: report.serviceTime.mean,
      errorRate: report.totals.errorRate,
      concurrency: round3(run.concurrency),
      verdict: judgeStep(report, windowS),
      sla: report.sla.results.map((r) => ({ expression: r.expression, passed: r.passed, actual: r.actual, ...(r.reason ? { reason: r.reason } : {}) })),
      generator: {
        saturated: report.generator.saturated,
        scheduleLagP99Ms: report.generator.scheduleLagP99Ms,
        eventLoopDelayP99Ms: report.generator.eventLoopDelayP99Ms,
        cpuPercent: report.generator.cpu.percent,
      },
      little: {
        measured: round3(run.concurrency),
        predicted: round3(predictedL),
        relativeError: relativeError === null ? null : round3(relativeError),
        consistent: relativeError !== null && Math.abs(relativeError) <= LITTLE_TOLERANCE,
      },
      predicted: null,
      durationMs: Math.round(run.durationMs),
    },
    service: serviceFigures(report.serviceTime),
    sentPerSecond: report.totals.requests / windowS,
  };
}

/** Completed and failed requests in the timeline buckets that lie wholly inside the window. */
function windowCounts(timeline: readonly TimelinePoint[], windowMs: { from: number; to: number }) {
  let completed = 0;
  let errors = 0;
  let seconds = 0;
  for (const p of timeline) {
    if (p.t * 1000 < windowMs.from - 1 || (p.t + p.span) * 1000 > windowMs.to + 1) continue;
    completed += p.completed;
    errors += p.errors;
    seconds += p.span;
  }
  return seconds > 0 ? { completed, errors, seconds } : null;
}

/** Mean latency of every finished request, successful or not. */
function meanOfAll(ok: LatencyStats, failed: LatencyStats): number | null {
  const n = ok.count + failed.count;
  if (n === 0) return null;
  return ((ok.mean ?? 0) * ok.count + (failed.mean ?? 0) * failed.count) / n;
}

function serviceFigures(stats: LatencyStats): StepMeasurement['service'] {
  if (stats.count === 0 || stats.mean === null) return null;
  const histogram = decodeHistogram(stats.hdr);
  const low = stats.min ?? 0;
  const high = stats.max ?? Number.POSITIVE_INFINITY;
  const quantilesMs = Array.from({ length: QUANTILE_COUNT }, (_, i) => {
    const us = histogram.getValueAtPercentile(((i + 0.5) * 100) / QUANTILE_COUNT);
    return Math.min(Math.max(us / 1000, low), high);
  });
  return { meanMs: stats.mean, stdevMs: stats.stdev ?? 0, quantilesMs };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
