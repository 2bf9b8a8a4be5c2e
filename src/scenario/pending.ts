/**
 * A VU's requests from send to record: in flight (several at once with `Promise.all` or `batch`),
 * then answered and kept until the scenario has had the chance to read them (so a body that is not
 * JSON counts as `capture`), then recorded in their steps and released. The flush half of a VU.
 * The first held request is kept in fields, the rest in parallel arrays made on first use and reused:
 * nothing per request here.
 */
import type { Exchange, ExchangeListener } from '../http/exchange.js';
import { recordAndRelease, sendRequest, type OutgoingRequest } from './exchange-cycle.js';
import type { ExchangePool, StepSink, VuHost } from './host.js';
import type { CaptureSink } from './response.js';

export class PendingResponses implements CaptureSink {
  // The first held request in fields, the rest (Promise.all, batch, redirects) in arrays made on
  // first use: most VUs hold one answer at a time, and every array is two more objects per VU for
  // each full GC to mark (with the VU's ticket list and lazy cookie jar, 25,000 VUs held 56–61 MB of
  // live heap instead of 76–78 MB).
  private firstExchange: Exchange | null = null;
  private firstSink: StepSink | null = null;
  private firstSequence = 0;
  private exchanges: Exchange[] | null = null;
  private sinks: StepSink[] | null = null;
  private sequences: number[] | null = null;
  /** Requests held: the first in fields, entry i ≥ 1 at i − 1 of the arrays (never shrunk: overwritten after a flush). */
  private held = 0;
  private sequence = 0;
  /** Requests sent and not yet held: answered ones count until the VU has handed them over. */
  private open = 0;
  private idleWaiters: Array<() => void> | null = null;
  /** True while vu.check() runs: a body a check cannot parse fails the check, not the request. */
  suspendCapture = false;

  constructor(private readonly pool: ExchangePool & Pick<VuHost, 'warn'>) {}

  /** Requests sent whose answer the VU has not handed over yet. */
  get inFlight(): number {
    return this.open;
  }

  /**
   * Send a request on its own exchange. The listener hears of the answer once; it must `settle` the
   * exchange, then `hold` it (synchronously) to end it.
   */
  send(request: OutgoingRequest, intendedAt: number, listener: ExchangeListener): void {
    this.open++;
    sendRequest(this.pool, request, intendedAt, listener);
  }

  /** A number for the next response, by which the scenario can mark it as `capture`. */
  nextSequence(): number {
    return ++this.sequence;
  }

  /** Keep an answered exchange (its kind final but for `capture`) until the next flush. */
  hold(exchange: Exchange, sink: StepSink, sequence: number): void {
    const i = this.held++;
    if (i === 0) {
      this.firstExchange = exchange;
      this.firstSink = sink;
      this.firstSequence = sequence;
    } else {
      (this.exchanges ??= [])[i - 1] = exchange;
      (this.sinks ??= [])[i - 1] = sink;
      (this.sequences ??= [])[i - 1] = sequence;
    }
    if (--this.open === 0) this.wakeIdle();
  }

  /** Resolves once no request is in flight (at once if none is). */
  idle(): Promise<void> {
    if (this.open === 0) return Promise.resolve();
    return new Promise((resolve) => (this.idleWaiters ??= []).push(resolve));
  }

  /**
   * The scenario found the body unusable: count the request as `capture` (if it is still held); the
   * first capture error of the run is a warning, as the first of every other kind is.
   */
  markCapture(sequence: number, why: string): void {
    if (this.suspendCapture || this.held === 0) return;
    let marked = false;
    if (this.firstSequence === sequence && this.firstExchange!.kind === null) marked = Boolean((this.firstExchange!.kind = 'capture'));
    for (let i = 0; i < this.held - 1; i++) {
      if (this.sequences![i] === sequence && this.exchanges![i].kind === null) marked = Boolean((this.exchanges![i].kind = 'capture'));
    }
    if (marked) this.pool.warn('failure:capture', `first capture error: ${why}`);
  }

  /** Record every held exchange (now that the scenario has read it) and release it. */
  flush(): void {
    const count = this.held;
    if (count === 0) return;
    this.held = 0;
    const exchange = this.firstExchange!;
    const sink = this.firstSink!;
    this.firstExchange = null;
    this.firstSink = null;
    // Recording sends nothing and holds nothing: the arrays' entries are overwritten by the next ones.
    recordAndRelease(this.pool, sink, exchange);
    for (let i = 0; i < count - 1; i++) recordAndRelease(this.pool, this.sinks![i], this.exchanges![i]);
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    if (!waiters) return;
    this.idleWaiters = null;
    for (const wake of waiters) wake();
  }
}
