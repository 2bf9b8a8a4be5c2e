/** One request of a VU in flight (its redirects included): its exchange's listener and what settling its promise needs. Reused. */
import type { Exchange, ExchangeListener } from '../http/exchange.js';
import type { StepSink } from './host.js';
import type { BuiltRequest } from './request.js';
import type { Expectation, RequestOptions, VuResponse } from './types.js';

const ignore = () => {};

export class Ticket implements ExchangeListener {
  name = '';
  sink: StepSink | null = null;
  expect: Expectation | undefined = undefined;
  /** The hop in flight: the request as built, then each redirect's next request. */
  request: BuiltRequest | null = null;
  hops = 0;
  maxRedirects = 0;
  // The call as the scenario made it, for a refusal's message.
  method = '';
  path: unknown = '';
  options: RequestOptions = {};
  resolve: (response: VuResponse) => void = ignore;
  reject: (reason: unknown) => void = ignore;
  /** The next free ticket of its VU, while this one is free. */
  nextFree: Ticket | null = null;
  /** The scenario's promise for this request: given a handler before it is rejected. */
  promise: Promise<VuResponse> | null = null;
  /** The promise executor, made once per ticket. */
  readonly bind = (resolve: (response: VuResponse) => void, reject: (reason: unknown) => void): void => {
    this.resolve = resolve;
    this.reject = reject;
  };

  constructor(
    private readonly answered: (ticket: Ticket, exchange: Exchange) => void,
    /** Takes the ticket back once its promise is settled. */
    private readonly recycle: (ticket: Ticket) => void,
  ) {}

  open(request: BuiltRequest, sink: StepSink, options: RequestOptions, maxRedirects: number, method: string, path: unknown): void {
    this.request = request;
    this.name = request.name;
    this.sink = sink;
    this.expect = options.expect;
    this.options = options;
    this.maxRedirects = maxRedirects;
    this.hops = 0;
    this.method = method;
    this.path = path;
  }

  onExchangeDone(exchange: Exchange): void {
    this.answered(this, exchange);
  }

  /** Settle the promise (a response, or the error) and go back to the VU for its next request. */
  settle(response: VuResponse | null, error: unknown): void {
    const { resolve, reject, promise } = this;
    this.clear();
    this.recycle(this);
    if (error === null) resolve(response!);
    else {
      promise?.catch(ignore);
      reject(error);
    }
  }

  /** Forget the request. */
  private clear(): void {
    this.sink = null;
    this.request = null;
    this.expect = undefined;
    this.options = {};
    this.path = '';
    this.promise = null;
    this.resolve = this.reject = ignore;
  }
}
