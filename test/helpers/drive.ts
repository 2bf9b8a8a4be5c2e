/** Drive async engine code on a fake clock: advance virtual time in steps, letting the event loop run between. */
import { flushImmediates, type FakeClock } from './fake-clock.js';

/**
 * Advance `clock` by `stepMs` at a time (running due timers), flushing microtasks and immediates between
 * steps, until `promise` settles; fails after `maxMs` of virtual time. `at` runs callbacks once their
 * virtual time has come (e.g. a signal at 500 ms).
 */
export async function drive<T>(clock: FakeClock, promise: Promise<T>, options: { stepMs?: number; maxMs?: number; at?: Array<[number, () => void]> } = {}): Promise<T> {
  const { stepMs = 1, maxMs = 600_000 } = options;
  const pending = [...(options.at ?? [])].sort((a, b) => a[0] - b[0]);
  const start = clock.now();
  let settled = false;
  const result = promise.finally(() => (settled = true));
  while (!settled) {
    await flushImmediates();
    if (settled) break;
    if (clock.now() - start > maxMs) throw new Error(`drive: not settled after ${maxMs} ms of virtual time`);
    while (pending.length && pending[0][0] <= clock.now() - start) pending.shift()![1]();
    clock.advanceBy(stepMs);
  }
  return result;
}
