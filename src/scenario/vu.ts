/**
 * A virtual user running scenario code: the VU API (DESIGN §2) over the pooled HTTP exchanges.
 * A failed request ends the iteration (the rest is skipped); requests are recorded once the
 * scenario has had the chance to read them, so a body that is not JSON counts as `capture`.
 * Requests may run concurrently (`Promise.all`, `batch`): an iteration ends when all of them have.
 */
import type { Faker } from '@faker-js/faker';
import type { Exchange } from '../http/exchange.js';
import type { IterationOutcome, IterationOwner, VuDriver } from '../load/driver.js';
import { VuCookieJar } from './cookie-jar.js';
import type { VuHost } from './host.js';
import { PendingResponses } from './pending.js';
import { isRedirect, rawHeader, redirectHop, type Hop } from './redirect.js';
import { IterationAbort, STOP, ScenarioResponse } from './response.js';
import { mixSeed, SeededRandom } from './rng.js';
import { buildRequest, type BuiltRequest } from './request.js';
import type { ScenarioRuntime } from './runtime.js';
import type { BatchRequest, Checks, CookieJar, RequestOptions, Vu, VuResponse } from './types.js';
import { createDataView, formatExchange, runChecks, VuMetrics } from './vu-features.js';
import { addCookies, checkExpectation, countIteration, encodeMultipart, handled, originRefusal, refuseRequest } from './vu-requests.js';
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
  /** When the current iteration started (its scheduled start), for `iteration_duration`. */
  private startedAt = 0;
  /** The group the VU is in (nested names joined by `::`), or null. */
  private groupName: string | null = null;
  // Created on first use: a scenario that uses none of these pays nothing.
  private stateObject: Record<string, any> | null = null;
  private jar: VuCookieJar | null = null;
  private metrics: VuMetrics | null = null;
  private dataViews: Map<ScenarioRuntime, Record<string, object>> | null = null;

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
    return runChecks(value, checks, this.host.extras, this.runtime!.name, this.groupName, this.pending);
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
    // Closed model: scheduledAt is the start itself. Either way the iteration belongs to the warm-up
    // when it was due before the measurement began, whenever its requests are sent.
    const counters = scheduledAt < this.host.measuredFrom ? runtime.warmupIterations : runtime.iterations;
    counters.started++;
    void this.iterate(runtime, counters).then((outcome) => {
      // An iteration that sent nothing never yielded to the event loop: hand it back before the
      // next one, or a closed loop of such iterations would starve timers and signals.
      if (this.steps === 0) setImmediate(() => this.owner?.iterationDone(this, outcome));
      else this.owner?.iterationDone(this, outcome);
    });
  }

  private async iterate(runtime: ScenarioRuntime, counters: IterationCounters): Promise<IterationOutcome> {
    this.steps = 0;
    let outcome: IterationOutcome = 'completed';
    try {
      await runtime.scenario.iteration(this, runtime.shared);
    } catch (error) {
      outcome = error instanceof IterationAbort && error.reason === 'stop' ? 'interrupted' : 'failed';
      if (!(error instanceof IterationAbort)) {
        const message = error instanceof Error ? error.message : String(error);
        this.host.warn(`scenario-error:${message}`, `${runtime.name}: iteration threw: ${message}`);
      }
    }
    // Requests still in flight (a Promise.all that rejected early) belong to this iteration.
    await this.finish();
    countIteration(runtime, counters, outcome, this.steps);
    if (outcome === 'completed' && runtime.iterationDurations) this.host.extras?.recordDuration(runtime.iterationDurations, this.startedAt);
    return outcome;
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

  /** A request the scenario may never await: its failure must not become an unhandled rejection. */
  private request(method: string, path: string, options: RequestOptions = {}): Promise<VuResponse> {
    return handled(this.send(method, path, options));
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<VuResponse> {
    this.flush();
    const host = this.host;
    if (host.stopping) throw STOP;
    const runtime = this.runtime!;
    const built = buildRequest(host, method, path, options);
    if (typeof built === 'string') return this.refuse('invalid', method, path, options, built);
    if (options.timeout !== undefined || options.multipart !== undefined) {
      const problem = await this.prepareExtras(built, options);
      if (problem) return this.refuse('invalid', method, path, options, problem);
    }
    if (built.origin !== host.origin && !host.origins.has(built.origin)) return this.refuse('origin', method, path, options, originRefusal(built.origin));
    const sink = host.step(built.name, runtime.name, this.groupName);
    const jar = runtime.cookies ? this.jar : null;
    if (jar && jar.size) addCookies(built, jar);
    let request: Hop | BuiltRequest = built;
    let result = await this.pending.send(request, this.intendedAt);
    const maxRedirects = options.redirects ?? runtime.redirects;
    for (let hops = 0; ; hops++) {
      // From here to hold() nothing throws or awaits: until then the request counts as in flight.
      this.steps++;
      if (host.openModel && result.endedAt > this.latestEnd) this.intendedAt = this.latestEnd = result.endedAt;
      if (result.kind !== null || hops >= maxRedirects || !isRedirect(result.status)) break;
      const next = redirectHop(request, result.status, rawHeader(result.rawHeaders, 'location'));
      if (!next) break;
      this.pending.hold(result, sink, this.pending.nextSequence());
      this.afterAnswer(request, result);
      if (next.origin !== host.origin && !host.origins.has(next.origin)) return this.refuse('origin', method, path, options, `redirect to ${next.origin}${next.path}: ${originRefusal(next.origin)}`);
      if (host.stopping) throw STOP;
      if (runtime.cookies && this.jar?.size) addCookies(next, this.jar);
      request = next;
      result = await this.pending.send(request, this.intendedAt);
    }
    const sequence = this.pending.nextSequence();
    const response = new ScenarioResponse(result, built.name, sequence, this.pending, request.origin);
    const kind = checkExpectation(result, options.expect, response);
    this.pending.hold(result, sink, sequence);
    this.afterAnswer(request, result);
    if (kind === null) return response;
    host.noteFailure(built.name, result);
    if (kind === 'interrupted') throw STOP;
    const detail = result.error instanceof Error ? result.error.message : result.status ? `HTTP ${result.status}` : '';
    throw new IterationAbort('failed', `${built.name}: ${kind}${detail ? ` (${detail})` : ''}`);
  }

  /** A held answer: its cookies go to the jar, and `--http-debug` prints it. */
  private afterAnswer(request: Hop | BuiltRequest, result: Exchange): void {
    if (this.runtime!.cookies && result.rawHeaders) (this.jar ??= new VuCookieJar(this.host.origin)).storeFrom(result.rawHeaders, request.origin, request.path);
    const debug = this.host.httpDebug;
    if (debug && this.iterationInTest < debug.iterations) debug.write(formatExchange(request, result));
  }

  /** `timeout` and `multipart`: a problem message, or null once the request has them. */
  private async prepareExtras(built: BuiltRequest, options: RequestOptions): Promise<string | null> {
    if (options.timeout !== undefined) {
      try {
        built.timeoutMs = this.runtime!.parseTimeout(options.timeout);
      } catch (error) {
        return `refusing to send ${built.method} ${JSON.stringify(built.path)}: ${(error as Error).message}`;
      }
    }
    if (options.multipart !== undefined) {
      const encoded = await encodeMultipart(options.multipart);
      if (typeof encoded === 'string') return `refusing to send ${built.method} ${JSON.stringify(built.path)}: ${encoded}`;
      built.body = encoded.body;
      built.headers['content-type'] = encoded.type;
    }
    return null;
  }

  /** A request refused before sending (kind `invalid` or `origin`): counted in its step, said once, the iteration fails. */
  private refuse(kind: 'invalid' | 'origin', method: string, path: unknown, options: RequestOptions, message: string): never {
    const runtime = this.runtime!;
    const name = refuseRequest(this.host, kind, method, path, options, runtime.name, this.groupName);
    this.host.warn(`refused:${kind}:${runtime.name}:${name}`, `${runtime.name}: ${name}: ${message}; the iteration failed`);
    throw new IterationAbort('failed', `${name}: ${message}`);
  }

  /** Record the responses the scenario has had the chance to read, and release their exchanges. */
  flush(): void {
    this.pending.flush();
  }

  think(duration?: string): Promise<void> {
    if (this.host.stopping) return Promise.reject(STOP);
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
