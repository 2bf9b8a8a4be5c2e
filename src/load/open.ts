/**
 * Open model: iteration j starts at its scheduled time whatever the target does. When `maxVus`
 * iterations are already running, a due iteration is dropped and counted, never queued.
 */
import { arrivalTime, profileDurationMs, type Profile } from './profile.js';
import type { Clock, DriverFactory, Executor, IterationOutcome, IterationOwner, VuDriver } from './driver.js';

export interface OpenOptions {
  profile: Profile;
  maxVus: number;
  /** Stop after this many arrivals (null: the profile's end). */
  iterations: number | null;
  /** Shard striping: this executor runs arrivals j with j % total === index (0-based). */
  shard?: { index: number; total: number };
  /** Called with (actual − scheduled) start, ms, for every started iteration. */
  onLag?(lagMs: number): void;
  /** Called once when the first iteration is dropped. */
  onFirstDrop?(): void;
}

export class OpenExecutor implements Executor, IterationOwner {
  private readonly free: VuDriver[] = [];
  private created = 0;
  private next = 0; // global arrival index
  private startedAt = 0;
  private timer: unknown = null;
  private stopped = false;
  private draining = false;
  private finish: (() => void) | null = null;
  private idleWaiters: Array<() => void> = [];
  active = 0;
  started = 0;
  dropped = 0;

  constructor(
    private readonly options: OpenOptions,
    private readonly createDriver: DriverFactory,
    private readonly clock: Clock,
  ) {
    if (options.shard) this.next = options.shard.index;
  }

  run(): Promise<void> {
    this.startedAt = this.clock.now();
    return new Promise((resolve) => {
      this.finish = resolve;
      this.pump();
    });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const finish = this.finish;
    this.finish = null;
    finish?.();
    if (this.active === 0) this.flushIdle();
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

  /** Start every arrival that is due, then sleep until the next one. */
  private pump = (): void => {
    this.timer = null;
    if (this.stopped || this.draining) return;
    const now = this.clock.now();
    const stride = this.options.shard?.total ?? 1;
    const limit = this.options.iterations;
    for (;;) {
      if (limit !== null && this.next >= limit) return this.stopWhenIdle();
      const due = arrivalTime(this.options.profile, this.next);
      if (due === null) return this.stopAtProfileEnd(now);
      const scheduledAt = this.startedAt + due;
      if (scheduledAt > now) {
        this.timer = this.clock.setTimeout(this.pump, scheduledAt - now);
        return;
      }
      this.launch(scheduledAt, this.next, now);
      this.next += stride;
    }
  };

  private launch(scheduledAt: number, j: number, now: number): void {
    let driver = this.free.pop();
    if (!driver && this.created < this.options.maxVus) driver = this.createDriver(this.created++, this);
    if (!driver) {
      if (this.dropped++ === 0) this.options.onFirstDrop?.();
      return;
    }
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

  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flushIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
