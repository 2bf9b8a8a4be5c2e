/**
 * Fits the M/M/c model (Erlang C, with the Allen–Cunneen correction for non-exponential arrivals and
 * service) to the steps of a search: S and its spread from the low-load steps, c from the saturation
 * throughput × S (or, when no step saturated, the c whose predictions fit the latencies best). The fit
 * is judged on the steps below 90% utilisation, where a few seconds reach a steady state. Pure.
 */
import type { QueueModelReport } from '../report/capacity-types.js';
import type { StepMeasurement } from './measure-step.js';
import { predict, predictFigure, saturationRate, type QueueModel } from './queueing.js';

/**
 * A failing step is saturated when it completed less than this share of what it sent in its window: in
 * a steady state completions keep pace with arrivals, so a shortfall is the queue growing.
 */
export const SATURATED_SHARE = 0.97;
/** The fit is judged on steps whose predicted utilisation is at most this. */
const JUDGED_UTILISATION = 0.9;
/** Mean relative error of the predicted p95 above which the model is said to fit badly. */
export const MAX_MEAN_RELATIVE_ERROR = 0.25;
/** Slack when c is X × S rounded down: a saturation throughput measured a little low must not lose a server. */
const ROUNDING_SLACK = 0.05;
/** Below this Cs² the service time is taken as constant plus noise (see fromSaturation). */
const NEARLY_CONSTANT_CV2 = 0.25;
/** The 5th of the 100 service-time quantiles (the 5.5% point). */
const LOW_QUANTILE = 5;
/** Low-load steps: up to this multiple of the lowest rate tried. */
const LOW_LOAD_SPAN = 2;
/** How many more servers than the lower bound the latency fit tries. */
const EXTRA_SERVERS = 32;
const CURVE_POINTS = 40;

/** Steps whose numbers describe the target (not the generator), with latency data. */
function usable(steps: readonly StepMeasurement[]): StepMeasurement[] {
  return steps.filter((s) => s.row.verdict !== 'generator' && s.row.latency.mean !== null);
}

function saturated(s: StepMeasurement): boolean {
  const failed = s.row.verdict === 'fail' || s.row.verdict === 'overload';
  return failed && s.sentPerSecond > 0 && s.row.throughput < SATURATED_SHARE * s.sentPerSecond;
}

/** The fitted queue model and its report, or a note saying why there is none. */
export function fitQueueModel(steps: readonly StepMeasurement[], arrivalCv2: number): { model: QueueModel; report: QueueModelReport } | { note: string } {
  const candidates = usable(steps);
  if (candidates.length === 0) return { note: 'M/M/c not fitted: no step measured the target (each was generator-limited or had no successful request)' };
  const low = lowLoadStep(candidates);
  if (!low?.service) return { note: 'M/M/c not fitted: no step measured a service time' };
  const { meanMs, stdevMs, quantilesMs } = low.service;
  const serversTime = serversTimeOf(meanMs, stdevMs, quantilesMs);
  const base = { serviceMs: serversTime, arrivalCv2, serviceCv2: (stdevMs / serversTime) ** 2, serviceQuantilesMs: quantilesMs };
  const saturatedSteps = candidates.filter(saturated);
  if (saturatedSteps.length > 0) {
    const model = fromSaturation(Math.max(...saturatedSteps.map((s) => s.row.throughput)), base, stdevMs);
    return { model, report: describe(model, 'saturation', meanMs, judge(model, candidates)) };
  }
  // Passing steps are the steady ones; the peak throughput × S bounds c from below (rounded: both are measured).
  const peak = Math.max(...candidates.map((s) => s.row.throughput));
  const steady = candidates.filter((s) => s.row.verdict === 'pass');
  const model: QueueModel = { ...base, servers: bestServers(steady.length ? steady : candidates, base, Math.max(1, Math.round((peak * serversTime) / 1000))) };
  return { model, report: describe(model, 'latency-fit', meanMs, judge(model, candidates)) };
}

/**
 * The part of the low-load service time the servers spend. A client's time is the servers' S plus a
 * delay D ≥ 0 that occupies no server (network, scheduling). When the service time is nearly constant
 * (Cs² below 0.25), its low end (the 5th percentile) stands for S and the spread above it for a noisy
 * D (a busy machine adds milliseconds, never takes any away); otherwise the mean does.
 */
function serversTimeOf(meanMs: number, stdevMs: number, quantilesMs: readonly number[]): number {
  const nearlyConstant = (stdevMs / meanMs) ** 2 < NEARLY_CONSTANT_CV2 && quantilesMs.length > LOW_QUANTILE;
  return nearlyConstant ? Math.min(meanMs, quantilesMs[LOW_QUANTILE]) : meanMs;
}

/**
 * c and S from the saturation throughput X: since c ≤ X × (S + D), c is X times the servers' time
 * rounded *down* (with a little slack for X measured low), and then S = c / X. The measured
 * distribution, D included, still shapes every predicted response time.
 */
function fromSaturation(throughput: number, base: Omit<QueueModel, 'servers'>, stdevMs: number): QueueModel {
  const servers = Math.max(1, Math.floor((throughput * base.serviceMs) / 1000 + ROUNDING_SLACK));
  const serviceMs = Math.min(base.serviceMs, (servers * 1000) / throughput);
  return { ...base, servers, serviceMs, serviceCv2: (stdevMs / serviceMs) ** 2 };
}

/**
 * The step S is read from: among the low-load steps (queueing negligible), the one with the smallest
 * mean service time. A busy machine only ever adds to a service time, so the smallest is the least noisy.
 */
function lowLoadStep(steps: readonly StepMeasurement[]): StepMeasurement | undefined {
  const measured = steps.filter((s) => s.service !== null);
  if (measured.length === 0) return undefined;
  const lowest = Math.min(...measured.map((s) => s.row.offeredRate));
  return measured.filter((s) => s.row.offeredRate <= LOW_LOAD_SPAN * lowest).sort((a, b) => a.service!.meanMs - b.service!.meanMs)[0];
}

/** The number of servers whose predicted mean latencies are closest to the measured ones. */
function bestServers(steps: readonly StepMeasurement[], base: Omit<QueueModel, 'servers'>, atLeast: number): number {
  let best = atLeast;
  let bestError = Number.POSITIVE_INFINITY;
  for (let c = atLeast; c <= atLeast + EXTRA_SERVERS; c++) {
    const model = { ...base, servers: c };
    let error = 0;
    for (const s of steps) {
      const predicted = predictFigure(model, s.row.offeredRate, 'mean');
      error += Number.isFinite(predicted) ? Math.abs(predicted - s.row.latency.mean!) / s.row.latency.mean! : 1;
    }
    if (error < bestError - 1e-12) {
      best = c;
      bestError = error;
    }
  }
  return best;
}

/** Mean relative error of the predicted p95 over the steps below the judged utilisation. */
function judge(model: QueueModel, steps: readonly StepMeasurement[]): { error: number | null; judged: number } {
  const errors: number[] = [];
  for (const s of steps) {
    const p = predict(model, s.row.offeredRate);
    if (!p || p.utilisation > JUDGED_UTILISATION || saturated(s) || s.row.latency.p95 === null || s.row.latency.p95 <= 0) continue;
    errors.push(Math.abs(p.p95Ms - s.row.latency.p95) / s.row.latency.p95);
  }
  return { error: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null, judged: errors.length };
}

function describe(model: QueueModel, serversFrom: QueueModelReport['serversFrom'], lowLoadMs: number, quality: { error: number | null; judged: number }): QueueModelReport {
  const fits = quality.error !== null && quality.judged >= 2 && quality.error <= MAX_MEAN_RELATIVE_ERROR;
  const saturation = saturationRate(model);
  const lowerBound = serversFrom === 'latency-fit' ? '; no step saturated the target, so c is the server count that fits the passing steps best (not read off a saturation): c, c/S and the predicted rates are less certain' : '';
  const note =
    quality.error === null || quality.judged < 2
      ? `too few steps below ${JUDGED_UTILISATION * 100}% utilisation (${quality.judged}) to judge the model: it predicts nothing`
      : fits
        ? `p95 predicted within ${pct(quality.error)} on average over ${quality.judged} steps below ${JUDGED_UTILISATION * 100}% utilisation`
        : `fits badly: p95 off by ${pct(quality.error)} on average over ${quality.judged} steps (limit ${pct(MAX_MEAN_RELATIVE_ERROR)}); it predicts nothing`;
  return {
    servers: model.servers,
    serversFrom,
    serviceMs: round3(model.serviceMs),
    overheadMs: round3(Math.max(0, lowLoadMs - model.serviceMs)),
    serviceCv2: round3(model.serviceCv2),
    arrivalCv2: model.arrivalCv2,
    saturationRate: round3(saturation),
    meanRelativeError: quality.error === null ? null : round3(quality.error),
    fits,
    note: `${note}${lowerBound}`,
    curve: fits ? curve(model, saturation) : [],
    operatingPoint: null,
  };
}

function curve(model: QueueModel, saturation: number): QueueModelReport['curve'] {
  const out: QueueModelReport['curve'] = [];
  for (let i = 1; i <= CURVE_POINTS; i++) {
    const rate = (saturation * i * 0.99) / CURVE_POINTS;
    const p = predict(model, rate);
    if (p) out.push({ rate: round3(rate), meanMs: round3(p.meanMs), p95Ms: round3(p.p95Ms), p99Ms: round3(p.p99Ms) });
  }
  return out;
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
