/**
 * Scale-out pieces of a run: where a shard's schedule starts (now, or the shared `--start-at` instant
 * on the global timeline), its own seed and rates, and setup() run once for `--workers`.
 */
import type { Clock } from '../load/driver.js';
import { mixSeed } from '../scenario/rng.js';
import type { RunSettings } from './context.js';
import type { Rates } from './rates.js';
import { runSetup, type Runtimes } from './runtimes.js';
import { teardownWithin } from './teardown.js';
import type { Warnings } from './warnings.js';

/** Beyond this lateness a shard says it started late (the arrivals it missed are dropped). */
const LATE_WARNING_MS = 1000;

export interface StartPoint {
  /** Monotonic instant the schedule counts from: ahead when waiting for --start-at, behind when late. */
  origin: number;
  /** The wall-clock start to report. */
  wallStart: Date;
}

/**
 * Map `startAtMs` (wall clock) onto the monotonic clock. Every shard maps the same instant, so their
 * timelines line up; the executor sleeps until an origin ahead of now, and a late one keeps the global
 * origin (its missed arrivals are dropped, not burst).
 */
export function startPoint(startAtMs: number | null, wallClock: () => Date, clock: Clock, warnings: Warnings): StartPoint {
  const now = wallClock();
  if (startAtMs === null) return { origin: clock.now(), wallStart: now };
  const behind = now.getTime() - startAtMs;
  if (behind > LATE_WARNING_MS) warnings.notify(`this shard started ${(behind / 1000).toFixed(1)}s after --start-at: the arrivals it missed are counted as dropped`);
  return { origin: clock.now() - behind, wallStart: new Date(startAtMs) };
}

/** A shard's own seed: data differs between shards, and each shard is reproducible. One shard keeps the run's. */
export function shardSeed(seed: number, shard: { index: number; total: number } | null): number {
  return shard && shard.total > 1 ? mixSeed(seed, shard.index) : seed;
}

/** A shard is offered its share of the arrivals (they are striped), so shards' offered rates add up. */
export function forShard(rates: Rates, shard: { total: number } | null): Rates {
  return shard && rates.offeredRate !== null ? { ...rates, offeredRate: Math.round((rates.offeredRate / shard.total) * 10) / 10 } : rates;
}

/** setup() here, or (a `--workers` thread) the parent's results given to each scenario. Requests sent. */
export async function setupOrShared(runtimes: Runtimes, settings: RunSettings, shared: readonly unknown[] | undefined): Promise<number> {
  if (!shared) return runSetup(runtimes, settings);
  runtimes.list.forEach((runtime, i) => (runtime.shared = shared[i]));
  return 0;
}

/**
 * `--workers`: each scenario's teardown(), once, in the parent after every worker finished, with what
 * its setup() returned there; within the grace period (`onWake`'s callback cuts it short: a second
 * signal). Returns the requests it sent.
 */
export type ParentTeardown = (onWake: (wake: () => void) => void) => Promise<number>;

/** `--workers`: setup() once, in the parent; its results, one per scenario, for the workers, and the teardown to run after them. */
export async function setupOnce(runtimes: Runtimes, settings: RunSettings, clock: Clock, graceMs: number, close: () => Promise<void>): Promise<{ shared: unknown[]; requests: number; teardown: ParentTeardown }> {
  const requests = await runSetup(runtimes, settings);
  await close();
  const teardown: ParentTeardown = async (onWake) => {
    try {
      return await teardownWithin(runtimes, settings, clock, graceMs, onWake);
    } finally {
      await close();
    }
  };
  return { shared: runtimes.list.map((r) => r.shared), requests, teardown };
}
