/**
 * Evaluates parsed SLAs against a report (or anything shaped like one, see `SlaSource`).
 * Pure: the same SLAs and source always give the same verdict.
 */
import type { SlaResult, SlaVerdict } from '../report/types.js';
import { HistogramCache, measure } from './measure.js';
import { roundNoise } from './metrics.js';
import type { Sla, SlaOp, SlaSource } from './types.js';

const PASSES: Readonly<Record<SlaOp, (actual: number, target: number) => boolean>> = {
  '<': (actual, target) => actual < target,
  '<=': (actual, target) => actual <= target,
  '>': (actual, target) => actual > target,
  '>=': (actual, target) => actual >= target,
  '==': (actual, target) => actual === target,
};

/** How far from failing: positive while passing, zero at the edge of `<=`/`>=`, never positive for `==`. */
const MARGINS: Readonly<Record<SlaOp, (actual: number, target: number) => number>> = {
  '<': (actual, target) => target - actual,
  '<=': (actual, target) => target - actual,
  '>': (actual, target) => actual - target,
  '>=': (actual, target) => actual - target,
  '==': (actual, target) => 0 - Math.abs(actual - target),
};

/**
 * Evaluates every SLA. Run-wide SLAs read `totals` and the top-level distributions; `step="X"` and
 * `scenario="Y"` read that step or scenario. A missing scope or metric without data fails with a reason
 * starting with "no data". The verdict passes when every SLA passes (so with no SLA at all).
 */
export function evaluateSlas(slas: readonly Sla[], source: SlaSource): SlaVerdict {
  const cache = new HistogramCache();
  const results = slas.map((sla) => evaluateSla(sla, source, cache));
  return { passed: results.every((result) => result.passed), results };
}

/** Evaluates one SLA; pass a shared cache when evaluating several against the same source. */
export function evaluateSla(sla: Sla, source: SlaSource, cache = new HistogramCache()): SlaResult {
  const { expression, metric, scope, op, target, unit } = sla;
  const base = { expression, metric, scope, op, target, unit };
  const measured = measure(sla, source, cache);
  if ('reason' in measured) {
    return { ...base, actual: null, passed: false, margin: null, reason: measured.reason };
  }
  const actual = measured.value;
  return { ...base, actual, passed: PASSES[op](actual, target), margin: roundNoise(MARGINS[op](actual, target)) };
}
