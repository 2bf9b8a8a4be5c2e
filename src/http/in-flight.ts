/**
 * The exchanges in flight and their total deadlines. Nearly every request has the run's timeout,
 * so they are kept in send order, an intrusive list (no allocation, O(1) add and remove): the oldest
 * is always the next to expire, and one timer, armed for it, serves them all instead of one timer
 * re-armed per request. A request with its own timeout (`vu.get(path, { timeout })`) gets its own
 * timer, in a list of its own.
 */
import { DEADLINE, type Exchange, type ExchangeClock } from './exchange.js';

class ExchangeList {
  oldest: Exchange | null = null;
  newest: Exchange | null = null;
  count = 0;

  add(exchange: Exchange): void {
    exchange.inFlight = true;
    exchange.olderInFlight = this.newest;
    exchange.newerInFlight = null;
    if (this.newest) this.newest.newerInFlight = exchange;
    else this.oldest = exchange;
    this.newest = exchange;
    this.count++;
  }

  remove(exchange: Exchange): void {
    const older = exchange.olderInFlight;
    const newer = exchange.newerInFlight;
    if (older) older.newerInFlight = newer;
    else this.oldest = newer;
    if (newer) newer.olderInFlight = older;
    else this.newest = older;
    exchange.olderInFlight = exchange.newerInFlight = null;
    exchange.inFlight = false;
    this.count--;
  }

  toArray(): Exchange[] {
    const all: Exchange[] = [];
    for (let e = this.oldest; e; e = e.newerInFlight) all.push(e);
    return all;
  }
}

export class InFlight {
  private readonly shared = new ExchangeList();
  private readonly own = new ExchangeList();
  private timer: unknown = null;
  /** The deadline the timer is armed for: whatever is due by it has expired when it fires. */
  private armedDeadline = 0;
  /** Expiring now: a request sent meanwhile (by a listener) must not arm the timer for itself. */
  private expiring = false;

  constructor(private readonly clock: ExchangeClock, private readonly timeoutMs: number) {}

  get count(): number {
    return this.shared.count + this.own.count;
  }

  /** An exchange sent at `now`; `timeoutMs` (0: the run's) is its total deadline. */
  add(exchange: Exchange, now: number, timeoutMs: number): void {
    if (timeoutMs > 0 && timeoutMs !== this.timeoutMs) {
      exchange.deadlineAt = now + timeoutMs;
      exchange.ownDeadline = this.clock.setTimeout(() => exchange.cancel(DEADLINE), timeoutMs);
      unref(exchange.ownDeadline);
      this.own.add(exchange);
      return;
    }
    exchange.deadlineAt = now + this.timeoutMs;
    this.shared.add(exchange);
    if (this.timer === null && !this.expiring) this.arm(exchange.deadlineAt, now);
  }

  /** The exchange is no longer in flight. */
  remove(exchange: Exchange): void {
    if (!exchange.inFlight) return;
    if (exchange.ownDeadline !== null) {
      this.clock.clearTimeout(exchange.ownDeadline);
      exchange.ownDeadline = null;
      this.own.remove(exchange);
    } else this.shared.remove(exchange);
  }

  /** Every exchange in flight now (to interrupt them). */
  toArray(): Exchange[] {
    return [...this.shared.toArray(), ...this.own.toArray()];
  }

  close(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(deadline: number, now: number): void {
    this.armedDeadline = deadline;
    this.timer = this.clock.setTimeout(this.onDeadline, Math.max(0, deadline - now));
    unref(this.timer);
  }

  /**
   * Expire, oldest first, every exchange whose deadline has come (the one the timer was armed for
   * included: the timer may fire a fraction of a millisecond early by the fine clock), then re-arm
   * for the oldest left. Exchanges that finished meanwhile have left the list.
   */
  private onDeadline = (): void => {
    this.timer = null;
    const now = this.clock.now();
    const due = Math.max(now, this.armedDeadline);
    this.expiring = true;
    try {
      for (let e = this.shared.oldest; e !== null && e.deadlineAt <= due; ) {
        const next = e.newerInFlight;
        if (!e.done) e.cancel(DEADLINE);
        e = next;
      }
    } finally {
      this.expiring = false;
    }
    let oldest = this.shared.oldest;
    while (oldest !== null && oldest.done) oldest = oldest.newerInFlight; // settled a microtask later
    if (oldest !== null) this.arm(oldest.deadlineAt, now);
  };
}

/** An idle client must not keep the process alive; sockets do that during a run. */
function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}
