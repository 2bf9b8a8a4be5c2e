/**
 * The `pool` lever: at most `size` requests are processed at once, the rest wait in a FIFO queue,
 * the shape of a database connection pool. With a fixed added latency S and no other work its capacity
 * is size / S (4 / 20 ms = 200 requests per second). Pure bookkeeping: the caller passes the clock.
 */

/** What `/__demo/stats` shows about the pool. */
export interface PoolStats {
  size: number;
  /** Slots in use now. */
  busy: number;
  /** Requests waiting now. */
  queued: number;
  /** Requests that got a slot. */
  served: number;
  /** Requests that had to wait for a slot. */
  waited: number;
  /** Requests whose client went away while they waited (never served). */
  abandoned: number;
  /** Total, mean and longest wait for a slot, ms (the mean over every served request). */
  waitMsTotal: number;
  meanWaitMs: number;
  maxWaitMs: number;
}

interface Waiter {
  since: number;
  gone: () => boolean;
  resolve: (granted: boolean) => void;
}

export class RequestPool {
  private busy = 0;
  private queue: Waiter[] = [];
  private head = 0;
  private served = 0;
  private waited = 0;
  private abandoned = 0;
  private waitMsTotal = 0;
  private maxWaitMs = 0;

  constructor(readonly size: number, private readonly now: () => number) {}

  /**
   * Resolves true once the request holds a slot (FIFO), or false when `gone()` says its client left
   * while it waited. Every `true` must be followed by one `release()`.
   */
  acquire(gone: () => boolean): Promise<boolean> {
    if (this.busy < this.size && this.head === this.queue.length) {
      this.busy++;
      this.served++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.queue.push({ since: this.now(), gone, resolve }));
  }

  /** Frees a slot: the oldest waiter still connected gets it. */
  release(): void {
    this.busy--;
    while (this.head < this.queue.length && this.busy < this.size) {
      const waiter = this.queue[this.head++];
      if (waiter.gone()) {
        this.abandoned++;
        waiter.resolve(false);
        continue;
      }
      const wait = this.now() - waiter.since;
      this.busy++;
      this.served++;
      this.waited++;
      this.waitMsTotal += wait;
      if (wait > this.maxWaitMs) this.maxWaitMs = wait;
      waiter.resolve(true);
    }
    // Drop the served prefix now and then, so a long run does not keep every waiter ever queued.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  snapshot(): PoolStats {
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      size: this.size,
      busy: this.busy,
      queued: this.queue.length - this.head,
      served: this.served,
      waited: this.waited,
      abandoned: this.abandoned,
      waitMsTotal: round(this.waitMsTotal),
      meanWaitMs: this.served ? round(this.waitMsTotal / this.served) : 0,
      maxWaitMs: round(this.maxWaitMs),
    };
  }
}
