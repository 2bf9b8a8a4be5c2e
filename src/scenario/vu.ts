/**
 * A virtual user running scenario code: the VU API (DESIGN §2) over the pooled HTTP exchanges.
 * A failed request ends the iteration (the rest is skipped); requests are recorded once the
 * scenario has had the chance to read them, so a body that is not JSON counts as `capture`.
 * Requests may run concurrently (`Promise.all`, `batch`): an iteration ends when all of them have.
 */
import type { Faker } from '@faker-js/faker';
import type { Exchange } from '../http/exchange.js';
import type { IterationOutcome, IterationOwner, VuDriver } from '../load/driver.js';
import { hasSetCookie, VuCookieJar } from './cookie-jar.js';
import type { VuHost } from './host.js';
import { PendingResponses } from './pending.js';
import { isRedirect, rawHeader, redirectHop, type Hop } from './redirect.js';
import { IterationAbort, STOP, ScenarioResponse } from './response.js';
import { mixSeed, SeededRandom } from './rng.js';
import { buildRequest, type BuiltRequest, type RequestMemo } from './request.js';
import { Ticket } from './ticket.js';
import type { ScenarioRuntime } from './runtime.js';
import type { BatchRequest, Checks, CookieJar, RequestOptions, Vu, VuResponse } from './types.js';
import { createDataView, formatExchange, runChecks, VuMetrics, warnUnawaited } from './vu-features.js';
import { addCookies, checkExpectation, countIteration, handled, originRefusal, prepareExtras, refusal, rejected } from './vu-requests.js';
import type { IterationCounters } from '../report/types.js';

export class ScenarioVu implements Vu, VuDriver {
  readonly random: SeededRandom;
  iterationInTest = 0;
  private faker: Faker | null = null;
  /** Open model: the intended start of the next request (the schedule, then the latest answer). */
  private intendedAt = 0;
  private latestEnd = 0;
  private readonly pending: PendingResponses;
  private steps = 0;
  private runtime: ScenarioRuntime | null = null;
  private counters: IterationCounters | null = null; // the iteration's: measured, or the warm-up's
  /** When the current iteration started (its scheduled start), for `iteration_duration`. */
  private startedAt = 0;
  /** The group the VU is in (nested names joined by `::`), or null. */
  private groupName: string | null = null;
  // Created on first use: a scenario that uses none of these pays nothing.
  private stateObject: Record<string, any> | null = null;
  private jar: VuCookieJar | null = null;
  private metrics: VuMetrics | null = null;
  private dataViews: Map<ScenarioRuntime, Record<string, object>> | null = null;
  /** Tickets of answered requests, for the next ones: a list linked through the tickets (no array per VU). */
  private freeTickets: Ticket | null = null;
  private readonly recycle = (ticket: Ticket): void => void ((ticket.nextFree = this.freeTickets), (this.freeTickets = ticket));
  /** The scenario's request memo for this VU's host (request-cache.ts). */
  private memo: RequestMemo | null = null;

  constructor(
    readonly id: number,
    private readonly owner: IterationOwner | null,
    /** The run: the measured one, or setup()'s, which only counts requests. */
    private readonly host: VuHost,
    private readonly pick: (random: SeededRandom) => ScenarioRuntime,
  ) {
    this.random = new SeededRandom(mixSeed(host.seed, id + 1));
    this.pending = new PendingResponses(host);
  }

  get fake(): Faker {
    if (!this.faker) {
      const faker = this.host.faker(mixSeed(this.host.seed, this.iterationInTest + 0x5eed));
      if (!faker) throw new Error('vu.fake is not available here');
      this.faker = faker;
    }
    return this.faker;
  }

  /** Bind to a scenario outside an iteration (for setup()). */
  useRuntime(runtime: ScenarioRuntime): void {
    this.runtime = runtime;
    this.memo = runtime.requestMemo(this.host);
  }

  get state(): Record<string, any> {
    return (this.stateObject ??= {});
  }

  get cookies(): CookieJar {
    return (this.jar ??= new VuCookieJar(this.host.origin));
  }

  get metric(): VuMetrics {
    return (this.metrics ??= new VuMetrics(this.host.extras));
  }

  get data(): Record<string, any> {
    const runtime = this.runtime!;
    this.dataViews ??= new Map();
    let view = this.dataViews.get(runtime);
    if (!view) this.dataViews.set(runtime, (view = createDataView(runtime.feeders, this.host, () => this.iterationInTest)));
    return view;
  }

  check<T>(value: T, checks: Checks<T>): boolean {
    return runChecks(value, checks, this.host.extras, this.runtime!.name, this.groupName, this.pending, this.host);
  }

  async group<T>(name: string, body: () => Promise<T> | T): Promise<T> {
    const outer = this.groupName;
    const full = outer ? `${outer}::${name}` : String(name);
    const host = this.host;
    const stats = host.extras?.group(full, this.runtime!.name) ?? null;
    const start = host.now();
    this.groupName = full;
    try {
      const result = await body();
      if (stats) host.extras!.recordDuration(stats.duration, start);
      return result;
    } finally {
      this.groupName = outer;
    }
  }

  begin(scheduledAt: number, iterationInTest: number): void {
    this.iterationInTest = iterationInTest;
    this.startedAt = scheduledAt;
    this.groupName = null;
    this.intendedAt = this.host.openModel ? scheduledAt : 0;
    this.latestEnd = 0;
    this.faker?.seed(mixSeed(this.host.seed, iterationInTest + 0x5eed));
    const runtime = this.pick(this.random);
    this.runtime = runtime;
    this.memo = runtime.requestMemo(this.host);
    // Closed model: scheduledAt is the start itself. Either way the iteration belongs to the warm-up
    // when it was due before the measurement began, whenever its requests are sent.
    this.counters = scheduledAt < this.host.measuredFrom ? runtime.warmupIterations : runtime.iterations;
    this.counters.started++;
    this.steps = 0;
    let iteration: Promise<void>; // the scenario's own promise, followed directly (no async wrapper)
    try {
      iteration = Promise.resolve(runtime.scenario.iteration(this, runtime.shared));
    } catch (error) {
      iteration = Promise.reject(error);
    }
    void iteration.then(this.completed, this.threw);
  }

  private readonly completed = (): void => this.end('completed');
  private readonly threw = (error: unknown): void => {
    if (!(error instanceof IterationAbort)) {
      const message = error instanceof Error ? error.message : String(error);
      this.host.warn(`scenario-error:${message}`, `${this.runtime!.name}: iteration threw: ${message}`);
    }
    this.end(error instanceof IterationAbort && error.reason === 'stop' ? 'interrupted' : 'failed');
  };

  /** Requests still in flight (a Promise.all that rejected early) belong to the iteration: it ends with them. */
  private end(outcome: IterationOutcome): void {
    if (this.pending.inFlight > 0 && outcome === 'completed') warnUnawaited(this.host, this.runtime!.name);
    if (this.pending.inFlight > 0) return void this.pending.idle().then(() => this.end(outcome));
    this.pending.flush();
    const runtime = this.runtime!;
    countIteration(runtime, this.counters!, outcome, this.steps);
    const now = this.host.now(); // one clock read for the iteration's duration and its end
    if (outcome === 'completed' && runtime.iterationDurations) this.host.extras?.recordDuration(runtime.iterationDurations, this.startedAt, now);
    // Sent nothing, never yielded: a closed loop of such iterations would starve timers and signals.
    if (this.steps === 0) setImmediate(() => this.owner?.iterationDone(this, outcome));
    else this.owner?.iterationDone(this, outcome, now);
  }

  get(path: string, options?: RequestOptions): Promise<VuResponse> {
    return this.request('GET', path, options);
  }
  post(path: string, options?: RequestOptions): Promise<VuResponse> {
    return this.request('POST', path, options);
  }
  put(path: string, options?: RequestOptions): Promise<VuResponse> {
    return this.request('PUT', path, options);
  }
  patch(path: string, options?: RequestOptions): Promise<VuResponse> {
    return this.request('PATCH', path, options);
  }
  delete(path: string, options?: RequestOptions): Promise<VuResponse> {
    return this.request('DELETE', path, options);
  }

  batch(requests: readonly BatchRequest[]): Promise<VuResponse[]> {
    const sent = Array.from(requests, (r) => (typeof r === 'string' ? this.request('GET', r) : this.request(r.method ?? 'GET', r.path, r)));
    return handled(Promise.all(sent));
  }

  /** Wait for every request in flight, then record what is held (end of an iteration or of setup()). */
  async finish(): Promise<void> {
    if (this.pending.inFlight > 0) await this.pending.idle();
    this.pending.flush();
  }

  /** Send a request: its one promise (handled: it may never be awaited) settles in `answered`, redirects included. */
  private request(method: string, path: string, options: RequestOptions = NO_OPTIONS): Promise<VuResponse> {
    this.flush();
    if (this.host.stopping) return rejected(STOP);
    try {
      const built = buildRequest(this.host, method, path, options, this.memo!);
      if (typeof built === 'string') return rejected(refusal(this.host, this.runtime!, this.groupName, 'invalid', method, path, options, built));
      if (options.timeout !== undefined || options.multipart !== undefined) return handled(this.sendWithExtras(built, method, path, options));
      return this.start(built, method, path, options);
    } catch (error) {
      return rejected(error); // a JSON body that cannot be serialised (a BigInt, a cycle)
    }
  }

  /** `timeout` and `multipart` first (encoding a multipart body takes a promise), then send. */
  private async sendWithExtras(built: BuiltRequest, method: string, path: string, options: RequestOptions): Promise<VuResponse> {
    const problem = await prepareExtras(built, options, this.runtime!);
    if (problem) throw refusal(this.host, this.runtime!, this.groupName, 'invalid', method, path, options, problem);
    return this.start(built, method, path, options);
  }

  /** The origin gate, the step, the cookies; then the request goes out with a ticket. */
  private start(built: BuiltRequest, method: string, path: string, options: RequestOptions): Promise<VuResponse> {
    const host = this.host;
    const runtime = this.runtime!;
    if (built.origin !== host.origin && !host.origins.has(built.origin)) return rejected(refusal(host, runtime, this.groupName, 'origin', method, path, options, originRefusal(built.origin)));
    const ticket = this.freeTickets ?? new Ticket(this.answered, this.recycle);
    this.freeTickets = ticket.nextFree;
    ticket.open(built, host.step(built.name, runtime.name, this.groupName), options, options.redirects ?? runtime.redirects, method, path);
    if (runtime.cookies && this.jar?.size) addCookies(built, this.jar);
    // Marked as handled when rejected (Ticket.settle), not here: a fulfilled one needs no second promise.
    const promise = new Promise<VuResponse>(ticket.bind);
    ticket.promise = promise;
    this.pending.send(built, this.intendedAt, ticket);
    return promise;
  }

  /** An answer: measured, held until the scenario has read it, then a redirect followed or the response handed over. */
  private readonly answered = (ticket: Ticket, result: Exchange): void => {
    const host = this.host;
    host.settle(result);
    this.steps++;
    if (host.openModel && result.endedAt > this.latestEnd) this.intendedAt = this.latestEnd = result.endedAt;
    const request = ticket.request!;
    const next = result.kind === null && ticket.hops < ticket.maxRedirects && isRedirect(result.status) ? redirectHop(request, result.status, rawHeader(result.rawHeaders, 'location')) : null;
    if (next) return this.follow(ticket, result, next);
    const sequence = this.pending.nextSequence();
    const response = new ScenarioResponse(result, ticket.name, sequence, this.pending, request.origin);
    const kind = checkExpectation(result, ticket.expect, response);
    this.pending.hold(result, ticket.sink!, sequence);
    this.afterAnswer(request, result);
    if (kind === null) return ticket.settle(response, null);
    host.noteFailure(ticket.name, result);
    if (kind === 'interrupted') return ticket.settle(null, STOP);
    const detail = result.error instanceof Error ? result.error.message : result.status ? `HTTP ${result.status}` : '';
    ticket.settle(null, new IterationAbort('failed', `${ticket.name}: ${kind}${detail ? ` (${detail})` : ''}`));
  };

  /** A redirect answer is held (measured in the step), and its next hop sent on the same ticket. */
  private follow(ticket: Ticket, result: Exchange, next: Hop): void {
    const host = this.host;
    this.pending.hold(result, ticket.sink!, this.pending.nextSequence());
    this.afterAnswer(ticket.request!, result);
    if (next.origin !== host.origin && !host.origins.has(next.origin)) {
      const message = `redirect to ${next.origin}${next.path}: ${originRefusal(next.origin)}`;
      return ticket.settle(null, refusal(host, this.runtime!, this.groupName, 'origin', ticket.method, ticket.path, ticket.options, message));
    }
    if (host.stopping) return ticket.settle(null, STOP);
    if (this.runtime!.cookies && this.jar?.size) addCookies(next, this.jar);
    ticket.request = next;
    ticket.hops++;
    this.pending.send(next, this.intendedAt, ticket);
  }


  /** A held answer: its cookies go to the jar, and `--http-debug` prints it. */
  private afterAnswer(request: Hop | BuiltRequest, result: Exchange): void {
    if (this.runtime!.cookies && hasSetCookie(result.rawHeaders)) (this.jar ??= new VuCookieJar(this.host.origin)).storeFrom(result.rawHeaders, request.origin, request.path);
    const debug = this.host.httpDebug;
    if (debug && this.iterationInTest < debug.iterations) debug.write(formatExchange(request, result));
  }


  /** Record the responses the scenario has had the chance to read, and release their exchanges. */
  flush(): void {
    this.pending.flush();
  }

  think(duration?: string): Promise<void> {
    if (this.host.stopping) return Promise.reject(STOP);
    // Answers are recorded now, not after the pause: with 50,000 VUs, held exchanges were most of the heap.
    this.pending.flush();
    const range = duration === undefined ? this.runtime?.thinkTime ?? null : this.runtime!.parseThink(duration);
    if (!range) return Promise.resolve();
    const ms = range.minMs + this.random.next() * (range.maxMs - range.minMs);
    if (this.host.openModel && this.intendedAt) this.intendedAt += ms;
    return this.host.sleep(ms);
  }

  env(name: string, fallback?: string): string {
    const value = this.host.env(name);
    if (value === undefined || value === '') {
      if (fallback !== undefined) return fallback;
      throw new Error(`environment variable ${name} is not set`);
    }
    return value;
  }
}

const NO_OPTIONS: RequestOptions = Object.freeze({});
