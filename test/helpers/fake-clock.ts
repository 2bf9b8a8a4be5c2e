/**
 * A virtual monotonic clock for executor tests: timers fire only when the test advances time,
 * in due order, each seeing `now()` equal to its due time. No real waiting.
 */
import type { Clock } from '../../src/load/driver.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), seq: id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers not fired yet. */
  get pending(): number {
    return this.timers.size;
  }

  /** Move time to `t`, firing every timer due on the way (in due order, at its due time). */
  advanceTo(t: number): void {
    for (let guard = 0; ; guard++) {
      if (guard > 1_000_000) throw new Error('FakeClock: runaway timers');
      const next = this.nextDue();
      if (!next || next.at > t) break;
      this.timers.delete(next.seq);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = Math.max(this.time, t);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  /** Move time without firing anything: an event loop that was blocked for `ms`. */
  jump(ms: number): void {
    this.time += ms;
  }

  /** Fire the timers already due at the current time (after a jump). */
  fireDue(): void {
    this.advanceTo(this.time);
  }

  private nextDue(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}

/** Has the promise settled yet? (Flushes pending microtasks first.) */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return settled;
}

/** Let queued setImmediate callbacks (and their microtasks) run. */
export function flushImmediates(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
