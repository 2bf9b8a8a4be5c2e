/**
 * Queueing formulas, pure. Rates are per second, times in milliseconds.
 *
 * - M/M/1: E[T] = 1/(μ − λ); ρ = λ/μ is the utilisation (not a time).
 * - M/M/c: the probability of waiting is Erlang C, C(c, a) with a = λ/μ offered erlangs; the wait,
 *   when there is one, is exponential of rate cμ − λ; the response time T = W + S.
 * - G/G/c (Allen–Cunneen): the M/M/c mean wait scaled by (Ca² + Cs²)/2, where Ca² and Cs² are the
 *   squared coefficients of variation of inter-arrival and service times (both 1 in M/M/c).
 */

/** Erlang B: the blocking probability of c servers offered `a` erlangs (stable recursion). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the probability that an arrival waits, for c servers offered a < c erlangs (1 when a ≥ c). */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  if (a <= 0) return 0;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/** M/M/1 mean response time, ms: 1/(μ − λ); null when λ ≥ μ (no steady state). */
export function mm1MeanResponseMs(rate: number, serviceMs: number): number | null {
  const mu = 1000 / serviceMs;
  return rate < mu ? 1000 / (mu - rate) : null;
}

/** A c-server queue as the capacity model sees it. */
export interface QueueModel {
  /** Servers working in parallel. */
  servers: number;
  /** Mean service time, ms. */
  serviceMs: number;
  /** Squared coefficient of variation of inter-arrival times: 1 for Poisson, 0 for evenly spaced. */
  arrivalCv2: number;
  /** Squared coefficient of variation of service times: 1 for exponential, 0 for fixed. */
  serviceCv2: number;
  /**
   * Service-time quantiles (ms, equally likely: the 0.5%, 1.5%, … points), when measured. Without them
   * the service time is taken as exponential, which with Ca² = Cs² = 1 is exactly M/M/c.
   */
  serviceQuantilesMs?: readonly number[];
}

/** What the model predicts at one arrival rate. */
export interface Prediction {
  /** Utilisation λS/c. */
  utilisation: number;
  /** Probability of waiting (Erlang C). */
  waitProbability: number;
  meanMs: number;
  p95Ms: number;
  p99Ms: number;
}

/** The rate at which the servers are all busy all the time, per second: c/S. */
export function saturationRate(model: QueueModel): number {
  return (model.servers * 1000) / model.serviceMs;
}

/** Mean wait and the rate of the (exponential) wait of those who wait, or null when unstable. */
function waiting(model: QueueModel, rate: number): { probability: number; meanMs: number; conditionalMs: number } | null {
  const mu = 1000 / model.serviceMs;
  const c = model.servers;
  if (rate >= c * mu) return null;
  const probability = erlangC(c, rate / mu);
  const scale = (model.arrivalCv2 + model.serviceCv2) / 2;
  const meanMs = ((probability / (c * mu - rate)) * 1000) * scale;
  return { probability, meanMs, conditionalMs: probability > 0 ? meanMs / probability : 0 };
}

/** P(T > t) for the response time T = W + S. */
function responseTail(model: QueueModel, w: { probability: number; conditionalMs: number }, tMs: number): number {
  const waitTail = (x: number): number => (x < 0 ? 1 : w.conditionalMs > 0 ? w.probability * Math.exp(-x / w.conditionalMs) : 0);
  const quantiles = model.serviceQuantilesMs;
  if (quantiles && quantiles.length > 0) {
    let sum = 0;
    for (const s of quantiles) sum += waitTail(tMs - s);
    return sum / quantiles.length;
  }
  // Exponential service of mean S; the wait of those who wait is exponential of mean θ.
  const s = model.serviceMs;
  const theta = w.conditionalMs;
  const service = Math.exp(-tMs / s);
  if (theta <= 0) return service;
  const both = Math.abs(theta - s) < 1e-9 * s ? (1 + tMs / s) * service : (theta * Math.exp(-tMs / theta) - s * service) / (theta - s);
  return (1 - w.probability) * service + w.probability * both;
}

/** The response time not exceeded with probability q (0 < q < 1), ms, found by bisection. */
function responsePercentile(model: QueueModel, w: { probability: number; conditionalMs: number }, q: number): number {
  let low = 0;
  let high = Math.max(model.serviceMs, ...(model.serviceQuantilesMs ?? [])) + w.conditionalMs;
  while (responseTail(model, w, high) > 1 - q) high *= 2;
  for (let i = 0; i < 100 && high - low > 1e-6 * high; i++) {
    const mid = (low + high) / 2;
    if (responseTail(model, w, mid) > 1 - q) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** Mean service time implied by the quantiles, or the model's mean. */
function meanServiceMs(model: QueueModel): number {
  const q = model.serviceQuantilesMs;
  return q && q.length > 0 ? q.reduce((a, b) => a + b, 0) / q.length : model.serviceMs;
}

/** The model's prediction at `rate` per second, or null when the rate is at or above c/S. */
export function predict(model: QueueModel, rate: number): Prediction | null {
  const w = waiting(model, rate);
  if (!w) return null;
  return {
    utilisation: (rate * model.serviceMs) / (1000 * model.servers),
    waitProbability: w.probability,
    meanMs: predictFigure(model, rate, 'mean'),
    p95Ms: predictFigure(model, rate, 95),
    p99Ms: predictFigure(model, rate, 99),
  };
}

/** A figure of the response time: its mean, or a percentile in (0, 100). */
export type Figure = 'mean' | number;

/** The predicted `figure` of the response time at `rate`, ms; +∞ when the queue is unstable. */
export function predictFigure(model: QueueModel, rate: number, figure: Figure): number {
  const w = waiting(model, rate);
  if (!w) return Number.POSITIVE_INFINITY;
  return figure === 'mean' ? meanServiceMs(model) + w.meanMs : responsePercentile(model, w, figure / 100);
}

/**
 * The highest rate at which `figure` stays at or below `targetMs` (bisection over (0, c/S)), or null
 * when even a trickle of load exceeds it.
 */
export function rateForTarget(model: QueueModel, figure: Figure, targetMs: number): number | null {
  const top = saturationRate(model);
  const at = (rate: number): number => predictFigure(model, rate, figure);
  if (at(top * 1e-6) > targetMs) return null;
  let low = top * 1e-6;
  let high = top;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (at(mid) <= targetMs) low = mid;
    else high = mid;
  }
  return low;
}
