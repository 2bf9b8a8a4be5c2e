/**
 * Open model: iteration j starts at its scheduled time whatever the target does. When `maxVus`
 * iterations are already running, a due iteration is dropped and counted, never queued.
 */
import { constantArrivals, type ArrivalSchedule } from './arrivals.js';
import { profileDurationMs, type Profile } from './profile.js';
import { ExecutorLifecycle } from './lifecycle.js';
import type { ShardSlice } from './shard.js';
import type { Clock, DriverFactory, Executor, IterationOutcome, IterationOwner, VuDriver } from './driver.js';

/**
 * A schedule that starts later than its origin by more than this (a shard behind its --start-at)
 * counts the arrivals it missed as dropped instead of starting them all at once.
 */
export const LATE_START_TOLERANCE_MS = 250;

export interface OpenOptions {
  profile: Profile;
  /** When arrival j is due (default: evenly spaced over the profile). */
  arrivals?: ArrivalSchedule;
  maxVus: number;
  /** Stop after this many arrivals (null: the profile's end). */
  iterations: number | null;
  /** Shard striping: this executor runs arrivals j with j % total === index (0-based). */
  shard?: ShardSlice;
  /** Called with (actual − scheduled) start, ms, for every started iteration. */
  onLag?(lagMs: number): void;
  /** Called once when the first iteration is dropped. */
  onFirstDrop?(): void;
  /** Arrivals due before this offset (ms) are warm-up: their drops are counted apart. */
  warmupMs?: number;
}

/**
 * Iterations started in one turn of the event loop at most. Past it the executor yields (a 0 ms timer)
 * so signals, timers and responses are served even when the generator cannot keep the schedule.
 */
export const MAX_STARTS_PER_TURN = 1000;

/**
 * The shortest sleep until the next arrival. Node's timers never fire sooner than 1 ms, so asking for
 * less only looks precise; saying so lets a fake clock behave like the real one at very high rates.
 */
const MIN_SLEEP_MS = 1;

/**
 * How far past the end of the profile a late generator may still start arrivals that were due before
 * it (each a late start, its lag recorded). A timer a few ms late on a busy machine must not lose the
 * last arrival; a generator seconds behind must not run on: beyond this its backlog is dropped.
 */
export const END_SLACK_MS = 1000;

export class OpenExecutor extends ExecutorLifecycle implements Executor, IterationOwner {
  private readonly free: VuDriver[] = [];
  private created = 0;
  private next = 0; // global arrival index
  private draining = false;
  private readonly arrivals: ArrivalSchedule;
  /** Global index of the first arrival due after the warm-up (computed on the first drop). */
  private warmupEnd: number | null = null;
  /** Measured arrivals dropped (due after the warm-up). */
  dropped = 0;
  /** Warm-up arrivals dropped. */
  warmupDropped = 0;
  private warnedDrop = false;
  /** Of the drops, the arrivals missed because the schedule started late (a shard behind its --start-at). */
  missed = 0;

  constructor(
    private readonly options: OpenOptions,
    private readonly createDriver: DriverFactory,
    clock: Clock,
  ) {
    super(clock);
    this.arrivals = options.arrivals ?? constantArrivals(options.profile);
    if (options.shard) this.next = options.shard.index;
  }

  protected schedule(): void {
    const late = this.clock.now() - this.startedAt;
    // A late start keeps the global timeline: what was due before now was missed, not burst.
    if (late > LATE_START_TOLERANCE_MS) this.missed = this.dropDueBy(late, true, false);
    this.pump();
  }

  /** The last arrival has started: the run still lasts its planned length (think times, stats). */
  private stopAtProfileEnd(now: number): void {
    const endAt = this.startedAt + profileDurationMs(this.options.profile);
    if (!Number.isFinite(endAt) || now >= endAt) return this.stop();
    this.timer = this.clock.setTimeout(() => this.stop(), endAt - now);
  }

  /**
   * An iteration count was reached: start nothing more, but let the last iterations run to their end
   * (like the closed model) before the engine's drain stops new requests.
   */
  private stopWhenIdle(): void {
    if (this.active === 0) return this.stop();
    this.draining = true;
  }

  /**
   * Start every arrival that is due, then sleep until the next one. The work of one call is bounded
   * whatever the rate: at most MAX_STARTS_PER_TURN starts, and arrivals that cannot start (every VU
   * busy, or the profile over) are dropped in one step, by count, not one by one.
   */
  private pump = (): void => {
    this.timer = null;
    if (this.stopped || this.draining) return;
    const now = this.clock.now();
    const stride = this.stride;
    const limit = this.options.iterations;
    const endAt = this.startedAt + profileDurationMs(this.options.profile);
    // A generator far behind does not start its backlog long after the end: it is dropped.
    if (now >= endAt + END_SLACK_MS) this.dropDueBy(endAt - this.startedAt, true);
    for (let starts = 0; ; starts++) {
      if (limit !== null && this.next >= limit) return this.stopWhenIdle();
      const due = this.arrivals.dueAt(this.next);
      if (due === null) return this.stopAtProfileEnd(now);
      const scheduledAt = this.startedAt + due;
      if (scheduledAt > now) {
        this.timer = this.clock.setTimeout(this.pump, Math.max(MIN_SLEEP_MS, scheduledAt - now));
        return;
      }
      if (starts === MAX_STARTS_PER_TURN) {
        this.timer = this.clock.setTimeout(this.pump, 0);
        return;
      }
      const driver = this.driver();
      if (!driver) {
        // `next` itself is due (just checked): drop at least it, whatever the rounding of the count.
        this.dropDueBy(now - this.startedAt, false, true, this.next);
        continue;
      }
      this.launch(driver, scheduledAt, this.next, now);
      this.next += stride;
    }
  };

  private get stride(): number {
    return this.options.shard?.total ?? 1;
  }

  /** A free VU, or a new one while fewer than maxVus exist; null when every VU is busy. */
  private driver(): VuDriver | null {
    const driver = this.free.pop();
    if (driver) return driver;
    return this.created < this.options.maxVus ? this.createDriver(this.created++, this) : null;
  }

  /**
   * Drop, by count, this shard's arrivals due by `elapsedMs` (before it when `strictlyBefore`) that have
   * not started, within the iteration limit. Constant arrivals: O(1) in the number dropped; Poisson ones
   * draw one number per arrival passed, and start nothing. `through`: an arrival known to be due.
   */
  private dropDueBy(elapsedMs: number, strictlyBefore: boolean, busy = true, through = -1): number {
    // First, while the schedule's walk is still before the warm-up's end (a Poisson walk goes forward).
    this.warmupEnd ??= this.options.warmupMs ? this.arrivals.countBefore(this.options.warmupMs) : 0;
    let due = strictlyBefore ? this.arrivals.countBefore(elapsedMs) : this.arrivals.countBy(elapsedMs);
    if (this.options.iterations !== null) due = Math.min(due, this.options.iterations);
    const last = Math.max(due - 1, through);
    if (last < this.next) return 0;
    const count = this.stripeCount(this.next, last);
    const inWarmup = this.stripeCount(this.next, Math.min(last, this.warmupEnd - 1));
    if (busy && !this.warnedDrop) {
      this.warnedDrop = true;
      this.options.onFirstDrop?.();
    }
    this.warmupDropped += inWarmup;
    this.dropped += count - inWarmup;
    this.next += count * this.stride;
    return count;
  }

  /** This shard's arrivals among global indices [from, to], `from` being one of its own. */
  private stripeCount(from: number, to: number): number {
    return to < from ? 0 : Math.floor((to - from) / this.stride) + 1;
  }

  private launch(driver: VuDriver, scheduledAt: number, j: number, now: number): void {
    this.active++;
    this.started++;
    this.options.onLag?.(now - scheduledAt);
    driver.begin(scheduledAt, j);
  }

  iterationDone(driver: VuDriver, _outcome: IterationOutcome): void {
    this.active--;
    this.free.push(driver);
    if (this.draining && this.active === 0) return this.stop();
    if (this.stopped && this.active === 0) this.flushIdle();
  }

}
