/**
 * Open model: iteration j starts at its scheduled time whatever the target does. When `maxVus`
 * iterations are already running, a due iteration is dropped and counted, never queued.
 */
import { arrivalTime, profileDurationMs, type Profile } from './profile.js';
import { ExecutorLifecycle } from './lifecycle.js';
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

export class OpenExecutor extends ExecutorLifecycle implements Executor, IterationOwner {
  private readonly free: VuDriver[] = [];
  private created = 0;
  private next = 0; // global arrival index
  private draining = false;
  dropped = 0;

  constructor(
    private readonly options: OpenOptions,
    private readonly createDriver: DriverFactory,
    clock: Clock,
  ) {
    super(clock);
    if (options.shard) this.next = options.shard.index;
  }

  protected schedule(): void {
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

}
