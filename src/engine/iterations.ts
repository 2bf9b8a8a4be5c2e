/** Iteration counters of a run: per scenario from the VUs, or derived from requests in quick mode. */
import type { Executor } from '../load/driver.js';
import type { RecorderSnapshot } from '../metrics/recorder.js';
import type { IterationCounters } from '../report/types.js';

/**
 * Quick mode: one request per iteration, sent as it starts, so the measured iteration counts are the
 * measured request counts (warm-up ones are counted apart, in `run.warmup`).
 */
export function quickIterations(snapshot: RecorderSnapshot, executor: Executor): IterationCounters {
  const o = snapshot.overall;
  return {
    started: o.requests,
    completed: o.completed,
    failed: o.failed,
    interrupted: o.interrupted,
    dropped: executor.dropped,
    skippedSteps: 0,
  };
}

/** The totals over scenarios (dropped is the executor's, set by the caller). */
export function sumIterations(list: IterationCounters[]): IterationCounters {
  const total: IterationCounters = { started: 0, completed: 0, failed: 0, interrupted: 0, dropped: 0, skippedSteps: 0 };
  for (const c of list) {
    total.started += c.started;
    total.completed += c.completed;
    total.failed += c.failed;
    total.interrupted += c.interrupted;
    total.skippedSteps += c.skippedSteps;
  }
  return total;
}
