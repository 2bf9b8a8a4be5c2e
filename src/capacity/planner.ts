/**
 * The capacity search as a pure function: given the steps judged so far, the next rate to hold or
 * why to stop. It climbs (by a fixed step or a factor) while every SLA passes, then bisects between
 * the highest passing and the lowest failing rate until their gap is within the precision.
 */
import type { CapacityStepPhase, CapacityStopReason, CapacityVerdict } from '../report/capacity-types.js';

/** How a finished step was judged, and why the search ended: the report's own types (each member explained there). */
export type StepVerdict = CapacityVerdict;
export type StopReason = CapacityStopReason;

/**
 * A step on which the generator saturated is run once more at the same rate before the search calls
 * crmload the limit: on a shared machine a burst of someone else's work can delay one step's schedule.
 */
export const GENERATOR_ATTEMPTS = 2;

/** A judged step, as the planner sees it. */
export interface JudgedStep {
  rate: number;
  verdict: StepVerdict;
}

/** Why a step runs: climbing, bisecting, or again after the generator saturated. */
export type StepPhase = CapacityStepPhase;

/** How the climb grows the rate after a passing step. */
export type Growth = { kind: 'step'; by: number } | { kind: 'factor'; by: number };

export interface PlannerOptions {
  /** First rate, per second. */
  start: number;
  growth: Growth;
  /** Highest rate to try (null: no limit). */
  max: number | null;
  /** Stop bisecting once (fail − pass) / pass is at most this fraction. */
  precision: number;
  /** At most this many steps in all. */
  maxSteps: number;
}

/** The planner's answer: hold a rate next, or stop. */
export type NextMove =
  | { kind: 'run'; rate: number; phase: StepPhase }
  | {
      kind: 'stop';
      reason: StopReason;
      /** Highest rate at which every SLA passed, below every failing rate (null when none). */
      highestPassing: number | null;
      /** Lowest rate at which a step failed (SLA, overload), or null. */
      lowestFailing: number | null;
    };

const FAILING: ReadonlySet<StepVerdict> = new Set(['fail', 'overload']);

/** The lowest failing rate, and the highest passing rate below it. */
export function bracket(history: readonly JudgedStep[]): { highestPassing: number | null; lowestFailing: number | null } {
  const lowestFailing = minRate(history.filter((s) => FAILING.has(s.verdict)));
  const highestPassing = maxRate(history.filter((s) => s.verdict === 'pass' && (lowestFailing === null || s.rate < lowestFailing)));
  return { highestPassing, lowestFailing };
}

/** The next move of the search after `history` (in the order the steps ran). */
export function nextStep(history: readonly JudgedStep[], options: PlannerOptions): NextMove {
  if (history.length === 0) return { kind: 'run', rate: clip(options.start, options.max), phase: 'climb' };
  const last = history[history.length - 1];
  const { highestPassing, lowestFailing } = bracket(history);
  const stop = (reason: StopReason): NextMove => ({ kind: 'stop', reason, highestPassing, lowestFailing });
  if (last.verdict === 'generator') {
    return trailingAttempts(history, last.rate) < GENERATOR_ATTEMPTS ? { kind: 'run', rate: last.rate, phase: 'retry' } : stop('generator');
  }
  if (highestPassing === null) return stop('first-step');
  if (last.verdict === 'overload') return stop('failure-rate');
  const middle = lowestFailing === null ? null : roundRate((highestPassing + lowestFailing) / 2);
  // A gap the rounding of rates cannot split any more is as bracketed as it gets.
  const unsplittable = middle !== null && (middle <= highestPassing || middle >= lowestFailing!);
  if (lowestFailing !== null && ((lowestFailing - highestPassing) / highestPassing <= options.precision || unsplittable)) return stop('bracketed');
  if (lowestFailing === null && options.max !== null && highestPassing >= options.max) return stop('max');
  if (history.length >= options.maxSteps) return stop('step-limit');
  if (middle !== null) return { kind: 'run', rate: middle, phase: 'bisect' };
  return { kind: 'run', rate: clip(grow(highestPassing, options.growth), options.max), phase: 'climb' };
}

/**
 * True when the search found a rate the target sustains within its SLAs (exit 0). When crmload
 * saturated while bisecting, the bracket it had already measured with a healthy generator still holds
 * (only its precision is lost); when it saturated while climbing, nothing bounds the target's limit.
 */
export function foundCapacity(reason: StopReason, highestPassing: number | null, lowestFailing: number | null): boolean {
  if (highestPassing === null) return false;
  if (reason === 'generator') return lowestFailing !== null;
  return reason === 'bracketed' || reason === 'max' || reason === 'failure-rate' || reason === 'step-limit';
}

/** How many of the last steps were generator-saturated runs of `rate`. */
function trailingAttempts(history: readonly JudgedStep[], rate: number): number {
  let n = 0;
  for (let i = history.length - 1; i >= 0 && history[i].verdict === 'generator' && history[i].rate === rate; i--) n++;
  return n;
}

function grow(rate: number, growth: Growth): number {
  return roundRate(growth.kind === 'step' ? rate + growth.by : rate * growth.by);
}

function clip(rate: number, max: number | null): number {
  return max !== null && rate > max ? max : rate;
}

/** Rates are kept to a thousandth of a request per second, so reports and tables stay readable. */
function roundRate(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}

function minRate(steps: readonly JudgedStep[]): number | null {
  return steps.length ? Math.min(...steps.map((s) => s.rate)) : null;
}

function maxRate(steps: readonly JudgedStep[]): number | null {
  return steps.length ? Math.max(...steps.map((s) => s.rate)) : null;
}
