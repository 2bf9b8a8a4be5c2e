/**
 * A virtual user running scenario code: the VU API (DESIGN §2) over the pooled HTTP exchanges.
 * A failed request ends the iteration (the rest is skipped); requests are recorded once the
 * scenario has had the chance to read them, so a body that is not JSON counts as `capture`.
 */
import type { Faker } from '@faker-js/faker';
import type { Exchange, ExchangeListener } from '../http/exchange.js';
import type { IterationOutcome, IterationOwner, VuDriver } from '../load/driver.js';
import { recordAndRelease, sendRequest } from './exchange-cycle.js';
import type { VuHost } from './host.js';
import { PendingResponses } from './pending.js';
import { IterationAbort, STOP, ScenarioResponse } from './response.js';
import { mixSeed, SeededRandom } from './rng.js';
import { buildRequest, matchesExpectation } from './request.js';
import type { ScenarioRuntime } from './runtime.js';
import type { RequestOptions, Vu, VuResponse } from './types.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class ScenarioVu implements Vu, VuDriver, ExchangeListener {
  readonly random: SeededRandom;
  iterationInTest = 0;
  private faker: Faker | null = null;
  private intendedAt = 0;
  private readonly pending: PendingResponses;
  private waiter: ((exchange: Exchange) => void) | null = null;
  private steps = 0;
  private runtime: ScenarioRuntime | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;

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
    this.faker?.seed(mixSeed(this.host.seed, iterationInTest + 0x5eed));
    const runtime = this.pick(this.random);
    this.runtime = runtime;
    runtime.iterations.started++;
    void this.iterate(runtime).then((outcome) => {
      // An iteration that sent nothing never yielded to the event loop: hand it back before the
      // next one, or a closed loop of such iterations would starve timers and signals.
      if (this.steps === 0) setImmediate(() => this.owner?.iterationDone(this, outcome));
      else this.owner?.iterationDone(this, outcome);
    });
  }

  private async iterate(runtime: ScenarioRuntime): Promise<IterationOutcome> {
    this.steps = 0;
    try {
      await runtime.scenario.iteration(this, runtime.shared);
      this.flush();
      runtime.iterations.completed++;
      if (this.steps > runtime.maxSteps) runtime.maxSteps = this.steps;
      return 'completed';
    } catch (error) {
      this.flush();
      if (error instanceof IterationAbort && error.reason === 'stop') {
        runtime.iterations.interrupted++;
        return 'interrupted';
      }
      runtime.iterations.failed++;
      runtime.iterations.skippedSteps += Math.max(0, runtime.maxSteps - this.steps);
      if (!(error instanceof IterationAbort)) {
        const message = error instanceof Error ? error.message : String(error);
        this.host.warn(`scenario-error:${message}`, `${runtime.name}: iteration threw: ${message}`);
      }
      return 'failed';
    }
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

  private async request(method: Method, path: string, options: RequestOptions = {}): Promise<VuResponse> {
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
    const done = new Promise<Exchange>((resolve) => (this.waiter = resolve));
    sendRequest(host, built, this.intendedAt, this);
    const result = await done;
    this.steps++;
    if (host.openModel) this.intendedAt = result.endedAt;
    const sequence = this.pending.nextSequence();
    const response = new ScenarioResponse(result, built.name, sequence, this.pending);
    const kind = checkExpectation(result, options.expect, response);
    if (kind === null) {
      this.pending.hold(result, sink, sequence);
      return response;
    }
    host.noteFailure(built.name, result);
    const detail = result.error instanceof Error ? result.error.message : result.status ? `HTTP ${result.status}` : '';
    recordAndRelease(host, sink, result);
    if (kind === 'interrupted') throw STOP;
    throw new IterationAbort('failed', `${built.name}: ${kind}${detail ? ` (${detail})` : ''}`);
  }

  onExchangeDone(exchange: Exchange): void {
    this.host.settle(exchange);
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(exchange);
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
    return new Promise((resolve, reject) => {
      this.sleepTimer = setTimeout(() => {
        this.sleepTimer = null;
        this.runtime?.sleepers.delete(wake);
        resolve();
      }, ms);
      const wake = () => {
        if (this.sleepTimer) clearTimeout(this.sleepTimer);
        this.sleepTimer = null;
        reject(STOP);
      };
      this.runtime?.sleepers.add(wake);
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
