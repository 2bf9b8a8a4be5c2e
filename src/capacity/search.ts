/**
 * The capacity search: ask the planner for a rate, hold it (one step), judge the step on its own
 * window, repeat until the planner stops; then fit the models. Steps run one after another against the
 * same target; how a step runs is the caller's (`runStep`), so the search is tested without sockets.
 */
import type { Report } from '../report/types.js';
import type { CapacityReport } from '../report/capacity-types.js';
import type { Sla } from '../sla/types.js';
import { analyseSearch } from './analyse.js';
import { measureStep, type StepMeasurement, type StepRun } from './measure-step.js';
import { bracket, nextStep, type JudgedStep, type PlannerOptions, type StepPhase, type StopReason } from './planner.js';

export interface SearchOptions {
  planner: PlannerOptions;
  settings: CapacityReport['settings'];
  slas: readonly Sla[];
}

export interface SearchHooks {
  /** Runs one step at `rate` and returns its report; `index` is 1-based. */
  runStep(rate: number, index: number, phase: StepPhase): Promise<StepRun>;
  /** True once a signal asked the search to stop (the step in progress is then not judged). */
  stopped(): boolean;
  /** Monotonic milliseconds, for the search's duration. */
  now(): number;
  /** Told after each judged step (for progress output). */
  onStep?(step: StepMeasurement): void;
}

export interface SearchResult {
  capacity: CapacityReport;
  /** The report of every judged step, in order. */
  reports: Report[];
}

export async function runSearch(options: SearchOptions, hooks: SearchHooks): Promise<SearchResult> {
  const started = hooks.now();
  const judged: JudgedStep[] = [];
  const steps: StepMeasurement[] = [];
  const reports: Report[] = [];
  let stop: { reason: StopReason; highestPassing: number | null; lowestFailing: number | null } | null = null;
  while (!stop && !hooks.stopped()) {
    const move = nextStep(judged, options.planner);
    if (move.kind === 'stop') {
      stop = move;
      break;
    }
    const run = await hooks.runStep(move.rate, judged.length + 1, move.phase);
    // A step cut short by a signal measured a window it did not hold: it is not judged.
    if (hooks.stopped()) break;
    const step = measureStep(run);
    steps.push(step);
    reports.push(run.report);
    judged.push({ rate: move.rate, verdict: step.row.verdict });
    hooks.onStep?.(step);
  }
  stop ??= { reason: 'interrupted', ...bracket(judged) };
  const capacity = analyseSearch({ settings: options.settings, steps, slas: options.slas, stop, durationMs: hooks.now() - started });
  return { capacity, reports };
}
