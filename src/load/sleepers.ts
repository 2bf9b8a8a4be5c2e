/**
 * Think time for many VUs on one timer. Each sleep joins the bucket of the millisecond it is due in
 * (its due time rounded up); one timer on the run's clock is armed for the earliest bucket, and when
 * it fires every bucket due by then wakes, in due order, each in the order its sleeps began. 50,000
 * VUs thinking 1–3 s share about 2,000 buckets and one timer, instead of 50,000 timers.
 *
 * A sleep never ends before its bucket's time on the clock, with one exception that Node's own
 * timers share: the timer armed for a bucket may fire up to a millisecond early by
 * `performance.now()` (libuv counts whole milliseconds), and that bucket then wakes with it.
 */
import type { Clock } from './driver.js';

interface Bucket {
  resolves: Array<() => void>;
  rejects: Array<(reason: unknown) => void>;
}

export class Sleepers {
  private readonly buckets = new Map<number, Bucket>();
  /** Due times of the buckets, a binary min-heap. */
  private readonly heap: number[] = [];
  private timer: unknown = null;
  private armedFor = Number.POSITIVE_INFINITY;
  private sleeping = 0;

  constructor(private readonly clock: Clock) {}

  /** VUs asleep now. */
  get size(): number {
    return this.sleeping;
  }

  /** Timers armed now (0 or 1). */
  get timers(): number {
    return this.timer === null ? 0 : 1;
  }

  /** Resolves after `ms` on the clock (rounded up to its millisecond); rejects if woken by `wakeAll`. */
  sleep(ms: number): Promise<void> {
    const due = Math.ceil(this.clock.now() + Math.max(0, ms));
    return new Promise<void>((resolve, reject) => {
      let bucket = this.buckets.get(due);
      if (!bucket) {
        bucket = { resolves: [], rejects: [] };
        this.buckets.set(due, bucket);
        push(this.heap, due);
        if (due < this.armedFor) this.arm(due);
      }
      bucket.resolves.push(resolve);
      bucket.rejects.push(reject);
      this.sleeping++;
    });
  }

  /** End every sleep now with `reason` (the run is stopping). */
  wakeAll(reason: unknown): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
    const buckets = [...this.buckets.values()];
    this.buckets.clear();
    this.heap.length = 0;
    this.sleeping = 0;
    for (const bucket of buckets) for (const reject of bucket.rejects) reject(reason);
  }

  private arm(due: number): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.armedFor = due;
    this.timer = this.clock.setTimeout(this.fire, Math.max(0, due - this.clock.now()));
  }

  private fire = (): void => {
    this.timer = null;
    const armed = this.armedFor;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const due: Bucket[] = [];
    while (this.heap.length > 0 && (this.heap[0] <= now || this.heap[0] === armed)) {
      const at = pop(this.heap);
      due.push(this.buckets.get(at)!);
      this.buckets.delete(at);
    }
    if (this.heap.length > 0) this.arm(this.heap[0]);
    for (const bucket of due) {
      this.sleeping -= bucket.resolves.length;
      for (const resolve of bucket.resolves) resolve();
    }
  };
}

function push(heap: number[], value: number): void {
  heap.push(value);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= heap[i]) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function pop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length === 0) return top;
  heap[0] = last;
  for (let i = 0; ; ) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && heap[l] < heap[m]) m = l;
    if (r < heap.length && heap[r] < heap[m]) m = r;
    if (m === i) break;
    [heap[m], heap[i]] = [heap[i], heap[m]];
    i = m;
  }
  return top;
}
