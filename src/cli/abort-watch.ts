/** `--abort-on-fail`: evaluate abort-on-fail SLAs once a second, after the minimum evaluation time. */
import type { Plan } from '../config/plan.js';
import type { LoadRun } from '../engine/run.js';
import { slaSourceOf, type Measured } from '../report/measured.js';
import { evaluateSlas } from '../sla/evaluate.js';
import type { Sla } from '../sla/types.js';

/** How often the watch judges the run so far. */
const ABORT_CHECK_INTERVAL_MS = 1000;

export interface AbortWatch {
  /** The expression that stopped the run, or null. */
  readonly reason: string | null;
  stop(): void;
}

/**
 * The first watched SLA that the measurements so far fail, or null. Judged on exactly the figures the
 * final report is judged on (`slaSourceOf`). Only a measured failure counts: "no data" this early is
 * not yet a verdict.
 */
export function failingSla(watched: readonly Sla[], measured: Measured): string | null {
  const failed = evaluateSlas(watched, slaSourceOf(measured)).results.find((r) => !r.passed && r.actual !== null);
  return failed ? failed.expression : null;
}

export function startAbortWatch(plan: Plan, run: Pick<LoadRun, 'progress' | 'measure' | 'stop'>): AbortWatch {
  const watched = plan.slas.filter((s) => s.abortOnFail).map((s) => s.sla);
  let reason: string | null = null;
  if (watched.length === 0) return { reason: null, stop: () => {} };
  const minMs = plan.load.warmupMs + plan.abortEvalDelayMs;
  const timer = setInterval(() => {
    if (reason || run.progress().elapsedMs < minMs) return;
    const measured = run.measure();
    const failed = measured ? failingSla(watched, measured) : null;
    if (failed) {
      reason = `SLA failed: ${failed}`;
      run.stop(reason);
    }
  }, ABORT_CHECK_INTERVAL_MS);
  timer.unref();
  return {
    get reason() {
      return reason;
    },
    stop: () => clearInterval(timer),
  };
}
