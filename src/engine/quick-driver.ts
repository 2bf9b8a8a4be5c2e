/**
 * Quick mode (`--url`): one GET per iteration, no scenario code, no promise, no body kept.
 * The driver is its own exchange listener, so the hot path allocates nothing per request.
 */
import type { Exchange, ExchangeListener } from '../http/exchange.js';
import type { IterationOwner, VuDriver } from '../load/driver.js';
import type { Slot } from '../metrics/slot.js';
import type { RunContext } from './context.js';
import { noteFailure } from './warnings.js';

export class QuickDriver implements VuDriver, ExchangeListener {
  constructor(
    readonly id: number,
    private readonly owner: IterationOwner,
    private readonly ctx: RunContext,
    private readonly path: string,
    private readonly slot: Slot,
    private readonly headers: string[],
  ) {}

  begin(scheduledAt: number): void {
    const ctx = this.ctx;
    if (ctx.stopping) {
      this.owner.iterationDone(this, 'interrupted');
      return;
    }
    const exchange = ctx.client.acquire();
    exchange.prepare('GET', this.path, ctx.openModel ? scheduledAt : 0);
    exchange.headers = this.headers;
    exchange.listener = this;
    ctx.client.send(ctx.origin, exchange);
  }

  onExchangeDone(exchange: Exchange): void {
    const ctx = this.ctx;
    ctx.client.settle(exchange);
    ctx.recorder.record(this.slot, exchange);
    if (exchange.kind !== null) noteFailure(ctx.warnings, this.slot.name, exchange.kind, exchange.status, exchange.error);
    const outcome = exchange.kind === null ? 'completed' : exchange.kind === 'interrupted' ? 'interrupted' : 'failed';
    ctx.client.release(exchange);
    this.owner.iterationDone(this, outcome);
  }
}

/** Headers as undici's flat array form, built once per run. */
export function flatHeaders(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) out.push(k, v);
  return out;
}
