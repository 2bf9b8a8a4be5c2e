/**
 * A VU's requests from send to record: in flight (several at once with `Promise.all` or `batch`),
 * then answered and kept until the scenario has had the chance to read them (so a body that is not
 * JSON counts as `capture`), then recorded in their steps and released. The flush half of a VU.
 */
import type { Exchange } from '../http/exchange.js';
import { recordAndRelease, sendRequest, type OutgoingRequest } from './exchange-cycle.js';
import type { ExchangePool, StepSink } from './host.js';
import type { CaptureSink } from './response.js';

interface Held {
  exchange: Exchange;
  sink: StepSink;
  sequence: number;
}

export class PendingResponses implements CaptureSink {
  private held: Held[] = [];
  private sequence = 0;
  /** Requests sent and not yet held: answered ones count until the VU has handed them over. */
  private open = 0;
  private idleWaiters: Array<() => void> = [];
  /** True while vu.check() runs: a body a check cannot parse fails the check, not the request. */
  suspendCapture = false;

  constructor(private readonly pool: ExchangePool) {}

  /** Requests sent whose answer the VU has not handed over yet. */
  get inFlight(): number {
    return this.open;
  }

  /**
   * Send a request on its own exchange; resolves with it once answered and settled. The caller
   * must `hold` it (synchronously after the await) to end it.
   */
  send(request: OutgoingRequest, intendedAt: number): Promise<Exchange> {
    this.open++;
    return new Promise((resolve) => {
      sendRequest(this.pool, request, intendedAt, {
        onExchangeDone: (exchange) => {
          this.pool.settle(exchange);
          resolve(exchange);
        },
      });
    });
  }

  /** A number for the next response, by which the scenario can mark it as `capture`. */
  nextSequence(): number {
    return ++this.sequence;
  }

  /** Keep an answered exchange (its kind final but for `capture`) until the next flush. */
  hold(exchange: Exchange, sink: StepSink, sequence: number): void {
    this.held.push({ exchange, sink, sequence });
    if (--this.open === 0) this.wakeIdle();
  }

  /** Resolves once no request is in flight (at once if none is). */
  idle(): Promise<void> {
    if (this.open === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The scenario found the body unusable: count the request as `capture` (if it is still held). */
  markCapture(sequence: number): void {
    if (this.suspendCapture) return;
    const entry = this.held.find((h) => h.sequence === sequence);
    if (entry && entry.exchange.kind === null) entry.exchange.kind = 'capture';
  }

  /** Record every held exchange (now that the scenario has read it) and release it. */
  flush(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const h of held) recordAndRelease(this.pool, h.sink, h.exchange);
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
