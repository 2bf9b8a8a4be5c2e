/**
 * Quick mode (`--url`): one GET per iteration, no scenario code, no promise, no body kept.
 * The driver is its own exchange listener, so the hot path allocates nothing per request.
 */
import type { Exchange, ExchangeListener } from '../http/exchange.js';
import type { IterationOwner, VuDriver } from '../load/driver.js';
import { recordAndRelease, sendRequest, type OutgoingRequest } from '../scenario/exchange-cycle.js';
import type { StepSink, VuHost } from '../scenario/host.js';

export class QuickDriver implements VuDriver, ExchangeListener {
  constructor(
    readonly id: number,
    private readonly owner: IterationOwner,
    private readonly host: VuHost,
    /** The one request, built once per run. */
    private readonly request: OutgoingRequest,
    private readonly sink: StepSink,
  ) {}

  begin(scheduledAt: number): void {
    const host = this.host;
    if (host.stopping) {
      this.owner.iterationDone(this, 'interrupted');
      return;
    }
    sendRequest(host, this.request, host.openModel ? scheduledAt : 0, this);
  }

  onExchangeDone(exchange: Exchange): void {
    const host = this.host;
    host.settle(exchange);
    if (exchange.kind !== null) host.noteFailure(this.sink.name, exchange);
    const outcome = exchange.kind === null ? 'completed' : exchange.kind === 'interrupted' ? 'interrupted' : 'failed';
    const endedAt = exchange.endedAt;
    recordAndRelease(host, this.sink, exchange);
    this.owner.iterationDone(this, outcome, endedAt);
  }
}

/** The quick-mode request: a GET of `path` with the run's headers (as undici's flat array, built once). */
export function quickRequest(origin: string, path: string, headers: Record<string, string>): OutgoingRequest {
  const flat: string[] = [];
  for (const [k, v] of Object.entries(headers)) flat.push(k, v);
  return { method: 'GET', origin, path, headers: flat, body: null };
}
