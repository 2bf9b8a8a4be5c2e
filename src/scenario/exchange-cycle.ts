/**
 * The sequence every request goes through, shared by the scenario VU and the quick driver:
 * acquire → send → (listener) settle → record → release. Allocation-free, for the quick hot path.
 */
import type { Exchange, ExchangeListener } from '../http/exchange.js';
import type { ExchangePool, StepSink } from './host.js';

/** A request ready to go out on a pooled exchange. */
export interface OutgoingRequest {
  readonly method: string;
  readonly origin: string;
  readonly path: string;
  /** Headers as an object (lower-case names) or undici's flat array. */
  readonly headers: Record<string, string> | string[] | null;
  readonly body: string | Uint8Array | null;
  /** Keep the response body (up to the capture limit) for the scenario to read. */
  readonly keepBody?: boolean;
  /** This request's total deadline, ms (0 or absent: the run's `--timeout`). */
  readonly timeoutMs?: number;
}

/**
 * Acquire an exchange, prepare it and send it. `intendedAt` is the open model's intended start
 * (0: from the send). The listener hears of it exactly once and must `settle` it first.
 */
export function sendRequest(pool: ExchangePool, request: OutgoingRequest, intendedAt: number, listener: ExchangeListener): void {
  const exchange = pool.acquire();
  exchange.prepare(request.method, request.path, intendedAt);
  exchange.headers = request.headers;
  exchange.body = request.body;
  exchange.keepBody = request.keepBody === true;
  if (request.timeoutMs) exchange.timeoutMs = request.timeoutMs;
  exchange.listener = listener;
  pool.send(request.origin, exchange);
}

/** The end of a settled exchange: measured in its step, then back to the pool (never touch it after). */
export function recordAndRelease(pool: ExchangePool, sink: StepSink, exchange: Exchange): void {
  sink.record(exchange);
  pool.release(exchange);
}
