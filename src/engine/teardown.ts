/** teardown(): once after the load (also after a stop or a signal), within the grace period. */
import type { Clock } from '../load/driver.js';
import { SetupHost, type RunSettings } from './context.js';
import { runTeardown, type Runtimes } from './runtimes.js';

/** After the grace period, scenario code stuck elsewhere than in a request gets this long. */
const SETTLE_MS = 1000;

/**
 * Run every scenario's teardown() with a host that only counts requests; what is still in flight
 * when `graceMs` runs out (or when `onWake`'s callback is called: a second signal) is interrupted.
 * Returns the requests it sent. Not measured.
 */
export async function teardownWithin(runtimes: Runtimes, settings: RunSettings, clock: Clock, graceMs: number, onWake: (wake: () => void) => void): Promise<number> {
  if (!runtimes.list.some((r) => r.scenario.teardown)) return 0;
  const host = new SetupHost(settings);
  const done = runTeardown(runtimes, settings, host);
  let timer: unknown = null;
  await Promise.race([done, new Promise<void>((resolve) => ((timer = clock.setTimeout(resolve, graceMs)), onWake(resolve)))]);
  clock.clearTimeout(timer);
  host.stopping = true;
  interruptAll(settings);
  let settle: unknown = null;
  await Promise.race([done, new Promise<void>((resolve) => (settle = clock.setTimeout(resolve, SETTLE_MS)))]);
  clock.clearTimeout(settle);
  return host.requests;
}

/** Interrupt what the teardown still has in flight (the client interrupts every exchange it holds). */
function interruptAll(settings: RunSettings): void {
  const client = settings.client as { interruptAll?: () => void };
  client.interruptAll?.();
}
