/** One scenario as the engine runs it: its code, setup result, think time and iteration counters. */
import type { IterationCounters } from '../report/types.js';
import { parseDurationRange, type DurationRange } from '../units.js';
import type { Scenario } from './types.js';

export class ScenarioRuntime {
  private readonly thinkCache = new Map<string, DurationRange>();
  /** Measured iterations (scheduled or started after the warm-up). */
  readonly iterations: IterationCounters = emptyCounters();
  /** Iterations of the warm-up, counted apart: every total and rate excludes them. */
  readonly warmupIterations: IterationCounters = emptyCounters();
  /** The most steps a completed iteration made: the estimate of steps skipped after a failure. */
  maxSteps = 0;
  /** Wakers of VUs sleeping in think(), called when the run stops. */
  readonly sleepers = new Set<() => void>();
  shared: unknown = undefined;

  constructor(
    readonly scenario: Scenario<any>,
    readonly thinkTime: DurationRange | null,
  ) {}

  get name(): string {
    return this.scenario.name;
  }

  parseThink(text: string): DurationRange {
    let range = this.thinkCache.get(text);
    if (!range) {
      range = parseDurationRange('think', text);
      this.thinkCache.set(text, range);
    }
    return range;
  }

  wakeSleepers(): void {
    for (const wake of [...this.sleepers]) wake();
    this.sleepers.clear();
  }
}

function emptyCounters(): IterationCounters {
  return { started: 0, completed: 0, failed: 0, interrupted: 0, dropped: 0, skippedSteps: 0 };
}
