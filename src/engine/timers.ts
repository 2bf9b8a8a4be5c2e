/** Waiting on the run's clock (injectable, so the engine runs on a fake clock in tests). */
import type { Clock, Executor } from '../load/driver.js';

/** Resolves when the executor is idle or after `ms`, whichever comes first (or when woken through `onWake`). */
export function idleWithin(clock: Clock, executor: Executor, ms: number, onWake?: (wake: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = clock.setTimeout(resolve, ms);
    onWake?.(resolve);
    void executor.idle().then(() => {
      clock.clearTimeout(timer);
      resolve();
    });
  });
}

/** Call `fn` every `ms` on `clock` until stopped. */
export function every(clock: Clock, ms: number, fn: () => void): { stop(): void } {
  let handle: unknown = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    fn();
    handle = clock.setTimeout(tick, ms);
  };
  handle = clock.setTimeout(tick, ms);
  return {
    stop: () => {
      stopped = true;
      clock.clearTimeout(handle);
    },
  };
}
