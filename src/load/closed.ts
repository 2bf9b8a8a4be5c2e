/**
 * Closed model: each VU runs iterations back to back. The number of VUs follows the profile
 * (ramping stages); a VU above the current target finishes its iteration and then rests. The VUs
 * wanted at the start are started evenly over `rampUpMs` (VU i at i × rampUpMs / N), not in one burst.
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
  /** Start the profile's initial VUs (this shard's share) evenly over this many ms (0 or absent: all at once). */
  rampUpMs?: number;
}

/** The longest the executor sleeps when the target is not changing (it checks for the profile's end). */
const CONTROL_INTERVAL_MS = 100;
/** The shortest sleep while VUs are being started: Node's timers fire no sooner. */
const MIN_SLEEP_MS = 1;

export class ClosedExecutor extends ExecutorLifecycle implements Executor, IterationOwner {
  private readonly drivers: VuDriver[] = [];
  /** Whether VU i has an iteration running (by id, grown as VUs are created). */
  private running = new Uint8Array(16);
  /** VUs below this id were started at the last control (or are running): above it, they rest. */
  private covered = 0;
  private nextIteration: number;
  private readonly stride: number;
  private beginning = 0;
  private readonly profileMs: number;
  /** A constant profile needs no per-iteration arithmetic. */
  private readonly constantVus: number | null;
  private readonly rampUpMs: number;
  /** This executor's share of the profile's VUs at the start: the ones the ramp-up spreads. */
  private readonly initialVus: number;
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
    this.initialVus = shareOf(start, options.shard);
    this.rampUpMs = this.initialVus > 0 ? Math.max(0, options.rampUpMs ?? 0) : 0;
  }

  /** VUs wanted at `elapsed`: the profile's, and during the ramp-up only those whose start has come. */
  private targetVus(elapsed: number): number {
    const vus = this.constantVus ?? shareOf(vusAt(this.options.profile, elapsed), this.options.shard);
    if (elapsed >= this.rampUpMs) return vus;
    return Math.min(vus, rampedVus(this.initialVus, this.rampUpMs, elapsed));
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
    // Only ids the target newly covers need a look: below `covered` every VU runs or loops by itself.
    for (let id = this.covered; id < target && !this.stopped; id++) {
      if (!this.isRunning(id)) this.beginOn(this.driver(id), this.clock.now());
    }
    this.covered = target;
    if (!this.stopped) this.timer = this.clock.setTimeout(this.control, this.sleepAfter(elapsed, target));
  };

  /** Until the target next rises (while VUs are being started), else CONTROL_INTERVAL_MS. */
  private sleepAfter(elapsed: number, target: number): number {
    let wait = Math.min(CONTROL_INTERVAL_MS, this.profileMs - elapsed);
    if (elapsed < this.rampUpMs) wait = Math.min(wait, (target * this.rampUpMs) / this.initialVus - elapsed);
    if (this.constantVus === null) wait = Math.min(wait, untilVusRise(this.options.profile, elapsed, vusAt(this.options.profile, elapsed)));
    return Math.max(MIN_SLEEP_MS, wait);
  }

  private isRunning(id: number): boolean {
    return id < this.running.length && this.running[id] === 1;
  }

  private setRunning(id: number, on: boolean): void {
    if (id >= this.running.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.running.length * 2));
      grown.set(this.running);
      this.running = grown;
    }
    this.running[id] = on ? 1 : 0;
  }

  private driver(id: number): VuDriver {
    while (this.drivers.length <= id) this.drivers.push(this.createDriver(this.drivers.length, this));
    return this.drivers[id];
  }

  private beginOn(driver: VuDriver, now: number): boolean {
    const limit = this.options.iterations;
    if (limit !== null && this.nextIteration >= limit) {
      if (this.active === 0) this.stop();
      return false;
    }
    const j = this.nextIteration;
    this.nextIteration += this.stride;
    this.setRunning(driver.id, true);
    this.active++;
    this.started++;
    this.beginning++;
    driver.begin(now, j);
    this.beginning--;
    return true;
  }

  iterationDone(driver: VuDriver, outcome: IterationOutcome, at?: number): void {
    if (this.beginning > 0) {
      // The iteration ended inside begin() (a request refused synchronously): loop on the next
      // turn of the event loop instead of recursing, so timers and signals still run.
      setImmediate(() => this.iterationDone(driver, outcome));
      return;
    }
    this.active--;
    this.running[driver.id] = 0;
    if (!this.stopped) {
      const now = at ?? this.clock.now();
      const elapsed = now - this.startedAt;
      const inProfile = elapsed < this.profileMs;
      if (inProfile && driver.id < this.targetVus(elapsed)) {
        if (this.beginOn(driver, now)) return;
      } else if (!inProfile) this.stop();
    }
    if (this.stopped && this.active === 0) this.flushIdle();
  }
}

/** VUs started by `elapsed` when `start` VUs are spread evenly over `rampUpMs`: VU i at i × rampUpMs / start. */
export function rampedVus(start: number, rampUpMs: number, elapsed: number): number {
  if (rampUpMs <= 0 || elapsed >= rampUpMs) return start;
  return Math.min(start, Math.floor((start * Math.max(0, elapsed)) / rampUpMs + 1e-9) + 1);
}

/** ms from `elapsed` until the profile wants more than `current` VUs, within the current stage (∞ if it will not). */
function untilVusRise(profile: Profile, elapsed: number, current: number): number {
  let offset = 0;
  let from = profile.start;
  for (const stage of profile.stages) {
    if (elapsed < offset + stage.durationMs) {
      if (stage.target <= from) return Number.POSITIVE_INFINITY;
      const perMs = (stage.target - from) / stage.durationMs;
      return Math.max(0, offset + (current + 1 - from) / perMs - elapsed);
    }
    offset += stage.durationMs;
    from = stage.target;
  }
  return Number.POSITIVE_INFINITY;
}
