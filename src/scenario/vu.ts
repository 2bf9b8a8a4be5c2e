/**
 * A virtual user running scenario code: the VU API (DESIGN §2) over the pooled HTTP exchanges.
 * A failed request ends the iteration (the rest is skipped); requests are recorded once the
 * scenario has had the chance to read them, so a body that is not JSON counts as `capture`.
 * Requests may run concurrently (`Promise.all`, `batch`): an iteration ends when all of them have.
 */
import type { Faker } from '@faker-js/faker';
import type { Exchange } from '../http/exchange.js';
import type { IterationOutcome, IterationOwner, VuDriver } from '../load/driver.js';
import type { VuHost } from './host.js';
import { PendingResponses } from './pending.js';
import { IterationAbort, STOP, ScenarioResponse } from './response.js';
import { mixSeed, SeededRandom } from './rng.js';
import { buildRequest, matchesExpectation } from './request.js';
import type { ScenarioRuntime } from './runtime.js';
import type { BatchRequest, RequestOptions, Vu, VuResponse } from './types.js';
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

  begin(scheduledAt: number, iterationInTest: number): void {
    this.iterationInTest = iterationInTest;
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
    if (typeof built === 'string') {
      host.warn(`bad-path:${runtime.name}`, `${runtime.name}: ${built}; the iteration was skipped`);
      throw new IterationAbort('failed', built);
    }
    const sink = host.step(built.name, runtime.name);
    const result = await this.pending.send(built, this.intendedAt);
    // From here to hold() nothing throws or awaits: until then the request counts as in flight.
    this.steps++;
    if (host.openModel && result.endedAt > this.latestEnd) this.intendedAt = this.latestEnd = result.endedAt;
    const sequence = this.pending.nextSequence();
    const response = new ScenarioResponse(result, built.name, sequence, this.pending);
    const kind = checkExpectation(result, options.expect, response);
    this.pending.hold(result, sink, sequence);
    if (kind === null) return response;
    host.noteFailure(built.name, result);
    if (kind === 'interrupted') throw STOP;
    const detail = result.error instanceof Error ? result.error.message : result.status ? `HTTP ${result.status}` : '';
    throw new IterationAbort('failed', `${built.name}: ${kind}${detail ? ` (${detail})` : ''}`);
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
    const sleepers = this.runtime?.sleepers;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sleepers?.delete(wake);
        resolve();
      }, ms);
      const wake = () => {
        clearTimeout(timer);
        reject(STOP);
      };
      sleepers?.add(wake);
    });
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

function countIteration(runtime: ScenarioRuntime, counters: IterationCounters, outcome: IterationOutcome, steps: number): void {
  if (outcome === 'completed') {
    counters.completed++;
    if (steps > runtime.maxSteps) runtime.maxSteps = steps;
  } else if (outcome === 'interrupted') counters.interrupted++;
  else {
    counters.failed++;
    counters.skippedSteps += Math.max(0, runtime.maxSteps - steps);
  }
}

const ignore = () => {};

/** The promise itself, marked as handled: awaiting it still throws. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(ignore);
  return promise;
}

/** Apply the step's `expect` to a response: a status it allows is a success, one it refuses a `check`. */
function checkExpectation(result: Exchange, expect: RequestOptions['expect'], response: VuResponse): Exchange['kind'] {
  if (expect !== undefined && result.status > 0 && (result.kind === null || isStatusKind(result.kind))) {
    const ok = matchesExpectation(expect, response);
    if (ok) result.kind = null;
    else if (result.kind === null) result.kind = 'check';
  }
  return result.kind;
}

function isStatusKind(kind: string): boolean {
  return kind === 'http4xx' || kind === 'http5xx' || kind === 'throttled';
}
