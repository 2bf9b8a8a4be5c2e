/** The `rateLimit` lever: one global token bucket. Pure: the caller passes the time. */

/** The bucket's answer for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A token bucket refilled at `ratePerSecond`, holding at most one second of requests (at least 1). */
export class TokenBucket {
  private tokens: number;
  private readonly capacity: number;
  private lastMs: number | undefined;

  constructor(private readonly ratePerSecond: number) {
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = this.capacity;
  }

  /** Takes one token at time `nowMs` (any monotonic clock), or says how long until one is free. */
  take(nowMs: number): RateDecision {
    if (this.lastMs !== undefined) {
      this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.lastMs) / 1000) * this.ratePerSecond);
    }
    this.lastMs = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    const waitSeconds = (1 - this.tokens) / this.ratePerSecond;
    // Retry-After carries whole seconds; never 0, which would invite an immediate retry storm.
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }
}
