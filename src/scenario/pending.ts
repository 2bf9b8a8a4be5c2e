/**
 * A VU's answered requests, kept until the scenario has had the chance to read them (so a body that
 * is not JSON counts as `capture`), then recorded in their steps and released: the flush half of a VU.
 */
import type { Exchange } from '../http/exchange.js';
import { recordAndRelease } from './exchange-cycle.js';
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

  constructor(private readonly pool: ExchangePool) {}

  /** A number for the next response, by which the scenario can mark it as `capture`. */
  nextSequence(): number {
    return ++this.sequence;
  }

  /** Keep an answered, settled exchange until the next flush. */
  hold(exchange: Exchange, sink: StepSink, sequence: number): void {
    this.held.push({ exchange, sink, sequence });
  }

  /** The scenario found the body unusable: count the request as `capture` (if it is still held). */
  markCapture(sequence: number): void {
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
}
