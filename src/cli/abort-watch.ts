/** `--abort-on-fail`: evaluate abort-on-fail SLAs once a second, after the minimum evaluation time. */
import type { Plan } from '../config/plan.js';
import type { LoadRun } from '../engine/run.js';
import { evaluateSlas } from '../sla/evaluate.js';

export interface AbortWatch {
  /** The expression that stopped the run, or null. */
  readonly reason: string | null;
  stop(): void;
}

export function startAbortWatch(plan: Plan, run: LoadRun): AbortWatch {
  const watched = plan.slas.filter((s) => s.abortOnFail).map((s) => s.sla);
  let reason: string | null = null;
  if (watched.length === 0) return { reason: null, stop: () => {} };
  const minMs = plan.load.warmupMs + plan.abortEvalDelayMs;
  const timer = setInterval(() => {
    const progress = run.progress();
    if (progress.elapsedMs < minMs || reason) return;
    const snap = run.interimSnapshot();
    if (!snap) return;
    const source = {
      totals: { ...snap.overall, dropped: progress.dropped, iterationsPerSecond: 0 },
      latency: snap.overall.latency,
      serviceTime: snap.overall.serviceTime,
      stability: snap.overall.stability,
      steps: snap.steps,
      scenarios: snap.scenarios.map((s) => ({ ...s, iterations: { dropped: 0 } })),
    };
    // Only a measured failure stops the run: "no data" this early is not yet a verdict.
    const failed = evaluateSlas(watched, source).results.find((r) => !r.passed && r.actual !== null);
    if (failed) {
      reason = `SLA failed: ${failed.expression}`;
      run.stop(reason);
    }
  }, 1000);
  timer.unref();
  return {
    get reason() {
      return reason;
    },
    stop: () => clearInterval(timer),
  };
}
