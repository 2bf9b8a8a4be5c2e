/**
 * What an executor drives: a VU slot that can run one iteration at a time and reports back.
 * Executors know nothing of HTTP or scenarios; drivers know nothing of pacing.
 */
import { performance } from 'node:perf_hooks';

export type IterationOutcome = 'completed' | 'failed' | 'interrupted';

/** Told when a driver's iteration ends (exactly once per `begin`). */
export interface IterationOwner {
  /** `at`: when it ended on the run's clock, if the driver has just read it (saves reading it again). */
  iterationDone(driver: VuDriver, outcome: IterationOutcome, at?: number): void;
}

export interface VuDriver {
  readonly id: number;
  /**
   * Start one iteration. `scheduledAt` is when it should have started (monotonic ms): the open
   * model's schedule, or now in the closed model. Must not throw; ends with owner.iterationDone.
   */
  begin(scheduledAt: number, iterationInTest: number): void;
}

export type DriverFactory = (id: number, owner: IterationOwner) => VuDriver;

/** The engine's view of an executor. */
export interface Executor {
  /**
   * Start the schedule; resolves when no new iteration will start (duration or count reached, or
   * stop()). `origin`: the monotonic instant the schedule counts from (default now).
   */
  run(origin?: number): Promise<void>;
  /** Stop starting iterations now. */
  stop(): void;
  /** Iterations currently running. */
  readonly active: number;
  /** Iterations started so far. */
  readonly started: number;
  /** Open model: due iterations not started because every VU was busy. */
  readonly dropped: number;
  /** Open model: due iterations of the warm-up not started (kept out of `dropped`). */
  readonly warmupDropped: number;
  /** Resolves when no iteration is running (after run() has resolved). */
  idle(): Promise<void>;
}

/** Monotonic clock and timers, injectable so pacing can be tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
