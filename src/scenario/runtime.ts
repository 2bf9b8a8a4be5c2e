/** One scenario as the engine runs it: its code, setup result, think time, feeders and iteration counters. */
import type { Distribution } from '../metrics/slot.js';
import type { IterationCounters } from '../report/types.js';
import { parseDuration, parseDurationRange, type DurationRange } from '../units.js';
import type { FeederTable } from './data-table.js';
import { RequestCache } from './request-cache.js';
import type { Scenario } from './types.js';

/** Redirects followed when neither the request nor the scenario says (k6's default). */
export const DEFAULT_REDIRECTS = 10;

export class ScenarioRuntime {
  private readonly thinkCache = new Map<string, DurationRange>();
  /** Measured iterations (scheduled or started after the warm-up). */
  readonly iterations: IterationCounters = emptyCounters();
  /** Iterations of the warm-up, counted apart: every total and rate excludes them. */
  readonly warmupIterations: IterationCounters = emptyCounters();
  /** The most steps a completed iteration made: the estimate of steps skipped after a failure. */
  maxSteps = 0;
  shared: unknown = undefined;
  private readonly memos = new WeakMap<object, RequestCache>();
  /** This scenario's iteration durations, when the run measures them. */
  iterationDurations: Distribution | null = null;
  /** The per-VU cookie jar is on (the scenario's `cookies`, default true). */
  readonly cookies: boolean;
  readonly redirects: number;
  private readonly timeoutCache = new Map<string, number>();

  constructor(
    readonly scenario: Scenario<any, any, any>,
    readonly thinkTime: DurationRange | null,
    /** The scenario's feeders, in declaration order (their names are `vu.data`'s keys). */
    readonly feeders: readonly FeederTable[] = [],
  ) {
    this.cookies = scenario.cookies !== false;
    this.redirects = scenario.redirects ?? DEFAULT_REDIRECTS;
  }

  /** A request's `timeout` in ms (parsed once per text); throws a ConfigError on a malformed one. */
  parseTimeout(text: string): number {
    let ms = this.timeoutCache.get(text);
    if (ms === undefined) {
      ms = parseDuration('timeout', text);
      this.timeoutCache.set(text, ms);
    }
    return ms;
  }

  get name(): string {
    return this.scenario.name;
  }

  /** The request memo for VUs on `host` (request-cache.ts), one per host: setup()'s and the run's. */
  requestMemo(host: object): RequestCache {
    let memo = this.memos.get(host);
    if (!memo) this.memos.set(host, (memo = new RequestCache()));
    return memo;
  }

  parseThink(text: string): DurationRange {
    let range = this.thinkCache.get(text);
    if (!range) {
      range = parseDurationRange('think', text);
      this.thinkCache.set(text, range);
    }
    return range;
  }
}

function emptyCounters(): IterationCounters {
  return { started: 0, completed: 0, failed: 0, interrupted: 0, dropped: 0, skippedSteps: 0 };
}
