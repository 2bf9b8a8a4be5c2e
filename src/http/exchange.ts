/**
 * One request and its response, as an undici dispatch handler (the legacy callback interface,
 * which undici's core calls directly: no wrapping, no header parsing unless someone asks).
 * Exchanges are pooled and reused, so the hot path allocates no handler per request.
 */
// The module's binding, not the global (a getter, run on every access): performance.now() is on the hot path.
import { performance } from 'node:perf_hooks';
import type { ErrorKind } from '../error-kinds.js';
import { classifyError, classifyStatus, DeadlineError, InterruptedError } from './classify.js';

/** Where a finished exchange reports to. */
export interface ExchangeListener {
  onExchangeDone(exchange: Exchange): void;
}

/**
 * A monotonic clock with timers (the load layer's `Clock` fits). A client made without one uses
 * `performance.now()` and Node's timers.
 */
export interface ExchangeClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Bodies larger than this are counted but not kept for json()/text(). */
export const MAX_CAPTURE_BYTES = 1024 * 1024;

/** Thrown into an exchange whose total deadline has passed. */
export const DEADLINE = new DeadlineError('request deadline exceeded');

/** What undici's dispatch reads: one object per exchange, refilled for each request. */
interface DispatchOptions {
  path: string;
  method: string;
  headers: Record<string, string> | string[] | undefined;
  body: string | Uint8Array | undefined;
}

export class Exchange {
  // request
  method = 'GET';
  path = '/';
  headers: Record<string, string> | string[] | null = null;
  body: string | Uint8Array | null = null;
  /** Keep the body (up to MAX_CAPTURE_BYTES) for a scenario to read; also times the phases (`res.timings`). */
  keepBody = false;
  /** This request's total deadline, ms (0: the client's). */
  timeoutMs = 0;
  listener: ExchangeListener | null = null;
  /** The origin's connections and the client this request went to (released when settled). */
  connections: unknown = null;
  connection = -1;
  /** The client's list of exchanges in flight, oldest first (for deadlines and interruption). */
  inFlight = false;
  olderInFlight: Exchange | null = null;
  newerInFlight: Exchange | null = null;
  /** When the total deadline passes, ms on the clock (sentAt + timeout). */
  deadlineAt = 0;
  /** The timer of a request with its own timeout (the rest share the client's one timer). */
  ownDeadline: unknown = null;
  /** The options handed to undici's dispatch, allocated once. */
  readonly dispatchOptions: DispatchOptions = { path: '/', method: 'GET', headers: undefined, body: undefined };
  // timing, ms on the monotonic clock
  /** When the request should have been sent (open model: the schedule). */
  intendedAt = 0;
  sentAt = 0;
  endedAt = 0;
  /** Scenario requests only (keepBody): when undici wrote it to a connection, got the headers, and when that connection was opened. */
  writtenAt = 0;
  headersAt = 0;
  connectedAt = 0;
  // outcome
  status = 0;
  kind: ErrorKind | null = null;
  error: unknown = null;
  bytesIn = 0;
  bytesOut = 0;
  rawHeaders: Buffer[] | null = null;
  chunks: Buffer[] = [];
  bodySize = 0;
  bodyTooLarge = false;
  // control
  private abortFn: ((reason?: Error) => void) | null = null;
  private cancelReason: Error | null = null;
  done = true;

  /** `clock`: null for the process's own clock and timers (the hot path), or an injected one. */
  constructor(private readonly clock: ExchangeClock | null = null) {}

  /** False once undici may still call this handler after it finished (cancelled while queued). */
  reusable = true;

  /** Reset for a new request (the pool calls this before reuse). */
  prepare(method: string, path: string, intendedAt: number): void {
    this.method = method;
    this.path = path;
    this.intendedAt = intendedAt;
    this.headers = null;
    this.body = null;
    this.timeoutMs = 0;
    this.writtenAt = 0;
    this.headersAt = 0;
    this.connectedAt = 0;
    this.status = 0;
    this.kind = null;
    this.error = null;
    this.bytesIn = 0;
    this.bytesOut = 0;
    this.rawHeaders = null;
    if (this.chunks.length) this.chunks = [];
    this.bodySize = 0;
    this.bodyTooLarge = false;
    this.abortFn = null;
    this.cancelReason = null;
    this.done = false;
  }

  /** Drop the request's and the response's data (back in the pool, nothing may read them). */
  forget(): void {
    this.headers = null;
    this.body = null;
    this.rawHeaders = null;
    if (this.chunks.length) this.chunks = [];
    this.error = null;
    this.abortFn = null;
    const options = this.dispatchOptions;
    options.headers = undefined;
    options.body = undefined;
  }

  /** Stop this exchange now (deadline or interruption); it finishes with that error's kind. */
  cancel(reason: Error): void {
    if (this.done) return;
    this.cancelReason = reason;
    if (this.abortFn) this.abortFn(reason);
    else {
      // Still queued for a connection: finish now. This object must not be reused for another
      // request: undici may still call onConnect (we abort it there), or it is still in the origin's
      // queue of requests waiting for a connection (connections.ts), which skips finished ones.
      this.reusable = false;
      this.finish(reason);
    }
  }

  interrupt(): void {
    this.cancel(new InterruptedError('interrupted at the end of the run'));
  }

  // undici handler interface
  onConnect(abort: (reason?: Error) => void): void {
    if (this.done) {
      abort(this.cancelReason ?? DEADLINE);
      return;
    }
    this.abortFn = abort;
    if (this.keepBody) this.writtenAt = this.clock ? this.clock.now() : performance.now();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void): boolean {
    if (this.done) return false;
    this.status = statusCode;
    if (this.keepBody) this.headersAt = this.clock ? this.clock.now() : performance.now();
    let n = 12; // status line
    for (let i = 0; i < rawHeaders.length; i++) n += rawHeaders[i].length + 2;
    this.bytesIn += n;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.done) return false;
    this.bytesIn += chunk.length;
    if (this.keepBody && !this.bodyTooLarge) {
      this.bodySize += chunk.length;
      if (this.bodySize > MAX_CAPTURE_BYTES) {
        this.bodyTooLarge = true;
        this.chunks = [];
      } else this.chunks.push(chunk);
    }
    return true;
  }

  onComplete(): void {
    if (this.done) return;
    this.kind = classifyStatus(this.status);
    this.finish(null);
  }

  onError(error: Error): void {
    if (this.done) return;
    // undici may call this from inside its loop over a failed connection's queue, which must not
    // grow while that loop runs (it asserts so): the listener, which may send the next request at
    // once, hears of the failure a microtask later. The end time is taken now.
    this.finish(error, true);
  }

  /** Fail at once, outside undici (a request it refused synchronously): the listener hears now. */
  fail(error: Error): void {
    if (this.done) return;
    this.finish(error);
  }

  onUpgrade(): void {
    this.onError(new Error('unexpected protocol upgrade'));
  }

  private finish(error: Error | null, later = false): void {
    this.done = true;
    this.endedAt = this.clock ? this.clock.now() : performance.now();
    if (error) {
      this.error = error;
      this.kind = classifyError(error);
    }
    const listener = this.listener;
    if (!listener) return;
    if (later) queueMicrotask(() => listener.onExchangeDone(this));
    else listener.onExchangeDone(this);
  }
}
