/** Fault levers: added latency, random 503 answers, periodic event-loop stalls. */
import type { Prng } from '../random.js';

/** Decides, per request, the added delay and whether to fail; deterministic from its PRNG. */
export class FaultInjector {
  constructor(
    private readonly rng: Prng,
    private readonly latency: { minMs: number; maxMs: number } | undefined,
    private readonly errorRate: number,
  ) {}

  /** Milliseconds to wait before answering (0 without the latency lever). */
  delayMs(): number {
    if (!this.latency) return 0;
    const { minMs, maxMs } = this.latency;
    return minMs === maxMs ? minMs : minMs + this.rng.next() * (maxMs - minMs);
  }

  /** True when this request must be answered 503. */
  shouldFail(): boolean {
    return this.errorRate > 0 && this.rng.next() < this.errorRate;
  }
}

/** Blocks the event loop for `ms`: intentional, it simulates a stop-the-world GC pause. */
export function busyWait(ms: number, now: () => number = () => performance.now()): void {
  const end = now() + ms;
  while (now() < end) { /* spin */ }
}

/** Freezes the process for `forMs` every `everyMs`; returns the function that stops it. */
export function startStalls(stall: { everyMs: number; forMs: number }): () => void {
  const timer = setInterval(() => busyWait(stall.forMs), stall.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
