/**
 * Closed model: each VU runs iterations back to back. The number of VUs follows the profile
 * (ramping stages); a VU above the current target finishes its iteration and then rests.
 */
import { profileDurationMs, vusAt, type Profile } from './profile.js';
import { ExecutorLifecycle } from './lifecycle.js';
import { shareOf, type ShardSlice } from './shard.js';
import type { Clock, DriverFactory, Executor, IterationOutcome, IterationOwner, VuDriver } from './driver.js';

export interface ClosedOptions {
  profile: Profile;
  /** Stop after this many iterations in total (shared by all VUs), or null. */
  iterations: number | null;
  /**
   * Shards: this executor runs global iterations j with j % total === index (0-based), and its
   * share of the profile's VUs at every moment, so the shards' VUs add up to the profile's.
   */
  shard?: ShardSlice;
}

const CONTROL_INTERVAL_MS = 100;

export class ClosedExecutor extends ExecutorLifecycle implements Executor, IterationOwner {
  private readonly drivers: VuDriver[] = [];
  private readonly running = new Set<number>();
  private nextIteration: number;
  private readonly stride: number;
  private beginning = 0;
  private readonly profileMs: number;
  /** A constant profile needs no per-iteration arithmetic. */
  private readonly constantVus: number | null;
  readonly dropped = 0;
  readonly warmupDropped = 0;

  constructor(
    private readonly options: ClosedOptions,
    private readonly createDriver: DriverFactory,
    clock: Clock,
  ) {
    super(clock);
    this.nextIteration = options.shard?.index ?? 0;
    this.stride = options.shard?.total ?? 1;
    this.profileMs = profileDurationMs(options.profile);
    const { start, stages } = options.profile;
    this.constantVus = stages.every((s) => s.target === start) ? shareOf(start, options.shard) : null;
  }

  private targetVus(elapsed: number): number {
    return this.constantVus ?? shareOf(vusAt(this.options.profile, elapsed), this.options.shard);
  }

  protected schedule(): void {
    this.control();
  }

  /** Follow the profile: start VUs up to the target, and end the run at the profile's end. */
  private control = (): void => {
    this.timer = null;
    if (this.stopped) return;
    const elapsed = this.clock.now() - this.startedAt;
    if (elapsed >= this.profileMs) return this.stop();
    const target = this.targetVus(elapsed);
    for (let id = 0; id < target && !this.stopped; id++) {
      if (!this.running.has(id)) this.beginOn(this.driver(id));
    }
    if (!this.stopped) this.timer = this.clock.setTimeout(this.control, CONTROL_INTERVAL_MS);
  };

  private driver(id: number): VuDriver {
    while (this.drivers.length <= id) this.drivers.push(this.createDriver(this.drivers.length, this));
    return this.drivers[id];
  }

  private beginOn(driver: VuDriver): boolean {
    const limit = this.options.iterations;
    if (limit !== null && this.nextIteration >= limit) {
      if (this.active === 0) this.stop();
      return false;
    }
    const j = this.nextIteration;
    this.nextIteration += this.stride;
    this.running.add(driver.id);
    this.active++;
    this.started++;
    this.beginning++;
    driver.begin(this.clock.now(), j);
    this.beginning--;
    return true;
  }

  iterationDone(driver: VuDriver, outcome: IterationOutcome): void {
    if (this.beginning > 0) {
      // The iteration ended inside begin() (a request refused synchronously): loop on the next
      // turn of the event loop instead of recursing, so timers and signals still run.
      setImmediate(() => this.iterationDone(driver, outcome));
      return;
    }
    this.active--;
    this.running.delete(driver.id);
    if (!this.stopped) {
      const elapsed = this.clock.now() - this.startedAt;
      const inProfile = elapsed < this.profileMs;
      if (inProfile && driver.id < this.targetVus(elapsed)) {
        if (this.beginOn(driver)) return;
      } else if (!inProfile) this.stop();
    }
    if (this.stopped && this.active === 0) this.flushIdle();
  }

}
