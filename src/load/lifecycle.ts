/** What both executors share: starting, stopping, and telling when no iteration is running. */
import type { Clock } from './driver.js';

export abstract class ExecutorLifecycle {
  protected startedAt = 0;
  protected timer: unknown = null;
  protected stopped = false;
  private finish: (() => void) | null = null;
  private idleWaiters: Array<() => void> = [];
  active = 0;
  started = 0;

  constructor(protected readonly clock: Clock) {}

  /**
   * Start the schedule; resolves when no new iteration will start. `origin` is the monotonic instant
   * the schedule counts from (a shard started with --start-at keeps the global timeline even when it
   * starts late); default now.
   */
  run(origin?: number): Promise<void> {
    this.startedAt = origin ?? this.clock.now();
    if (this.stopped) return Promise.resolve(); // stopped before it started (a signal during setup)
    return new Promise((resolve) => {
      this.finish = resolve;
      this.startAtOrigin();
    });
  }

  /**
   * A shared --start-at instant still ahead: sleep until it (stop() clears the timer and resolves).
   * A timer can fire a fraction of a millisecond early on the monotonic clock: sleep again then, so
   * nothing starts before the origin.
   */
  private startAtOrigin(): void {
    this.timer = null;
    const wait = this.startedAt - this.clock.now();
    if (wait <= 0) this.schedule();
    else this.timer = this.clock.setTimeout(() => this.startAtOrigin(), Math.max(1, wait));
  }

  /** The executor's first step (it then keeps itself going with timers and iteration ends). */
  protected abstract schedule(): void;

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

  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  protected flushIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
