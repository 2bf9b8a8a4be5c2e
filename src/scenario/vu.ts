/**
 * A virtual user running scenario code: the VU API (DESIGN §2) over the pooled HTTP exchanges.
 * A failed request ends the iteration (the rest is skipped); requests are recorded once the
 * scenario has had the chance to read them, so a body that is not JSON counts as `capture`.
 */
import type { Faker } from '@faker-js/faker';
import type { Exchange, ExchangeListener } from '../http/exchange.js';
import type { RunContext } from '../engine/context.js';
import { noteFailure } from '../engine/warnings.js';
import type { IterationOutcome, IterationOwner, VuDriver } from '../load/driver.js';
import type { Slot } from '../metrics/slot.js';
import { IterationAbort, STOP, ScenarioResponse, type CaptureSink } from './response.js';
import { mixSeed, SeededRandom } from './rng.js';
import { buildRequest, matchesExpectation } from './request.js';
import type { ScenarioRuntime } from './runtime.js';
import type { RequestOptions, Vu, VuResponse } from './types.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class ScenarioVu implements Vu, VuDriver, ExchangeListener, CaptureSink {
  readonly random: SeededRandom;
  iterationInTest = 0;
  /** Requests sent by setup() (not measured). */
  unmeasuredRequests = 0;
  private faker: Faker | null = null;
  private intendedAt = 0;
  private pending: Exchange | null = null;
  private pendingSlot: Slot | null = null;
  private sequence = 0;
  private waiter: ((exchange: Exchange) => void) | null = null;
  private steps = 0;
  private runtime: ScenarioRuntime | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: number,
    private readonly owner: IterationOwner | null,
    private readonly ctx: RunContext,
    private readonly pick: (random: SeededRandom) => ScenarioRuntime,
    /** False for setup(): requests are sent but kept out of the statistics. */
    private readonly measured = true,
  ) {
    this.random = new SeededRandom(mixSeed(ctx.seed, id + 1));
  }

  get fake(): Faker {
    if (!this.faker) {
      if (!this.ctx.fakerFactory) throw new Error('vu.fake is not available here');
      this.faker = this.ctx.fakerFactory(mixSeed(this.ctx.seed, this.iterationInTest + 0x5eed));
    }
    return this.faker;
  }

  /** Bind to a scenario outside an iteration (for setup()). */
  useRuntime(runtime: ScenarioRuntime): void {
    this.runtime = runtime;
  }

  begin(scheduledAt: number, iterationInTest: number): void {
    this.iterationInTest = iterationInTest;
    this.intendedAt = this.ctx.openModel ? scheduledAt : 0;
    this.faker?.seed(mixSeed(this.ctx.seed, iterationInTest + 0x5eed));
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
        this.ctx.warnings.warn(`scenario-error:${message}`, `${runtime.name}: iteration threw: ${message}`);
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
    const ctx = this.ctx;
    if (ctx.stopping) throw STOP;
    const runtime = this.runtime!;
    const built = buildRequest(ctx, method, path, options);
    if (typeof built === 'string') {
      ctx.warnings.warn(`bad-path:${runtime.name}`, `${runtime.name}: ${built}; the iteration was skipped`);
      throw new IterationAbort('failed', built);
    }
    const slot = this.measured ? runtime.slotFor(ctx.recorder, built.name) : null;
    const exchange = ctx.client.acquire();
    exchange.prepare(method, built.path, this.intendedAt);
    exchange.headers = built.headers;
    exchange.body = built.body;
    exchange.keepBody = true;
    exchange.listener = this;
    const done = new Promise<Exchange>((resolve) => (this.waiter = resolve));
    ctx.client.send(built.origin, exchange);
    const result = await done;
    this.steps++;
    if (ctx.openModel) this.intendedAt = result.endedAt;
    const sequence = ++this.sequence;
    const response = new ScenarioResponse(result, built.name, sequence, this);
    if (options.expect !== undefined && result.status > 0 && (result.kind === null || isStatusKind(result.kind))) {
      const ok = matchesExpectation(options.expect, response);
      if (ok) result.kind = null;
      else if (result.kind === null) result.kind = 'check';
    }
    this.pending = result;
    this.pendingSlot = slot;
    if (result.kind !== null) {
      const kind = result.kind;
      if (this.measured) noteFailure(ctx.warnings, built.name, kind, result.status, result.error);
      this.flush();
      if (kind === 'interrupted') throw STOP;
      const detail = result.error instanceof Error ? result.error.message : result.status ? `HTTP ${result.status}` : '';
      throw new IterationAbort('failed', `${built.name}: ${kind}${detail ? ` (${detail})` : ''}`);
    }
    return response;
  }

  onExchangeDone(exchange: Exchange): void {
    this.ctx.client.settle(exchange);
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(exchange);
  }

  markCapture(sequence: number): void {
    if (sequence === this.sequence && this.pending && this.pending.kind === null) this.pending.kind = 'capture';
  }

  /** Record the last response (now that the scenario has read it) and return its exchange. */
  flush(): void {
    const exchange = this.pending;
    if (!exchange) return;
    this.pending = null;
    if (this.measured) this.ctx.recorder.record(this.pendingSlot!, exchange);
    else this.unmeasuredRequests++;
    this.ctx.client.release(exchange);
  }

  think(duration?: string): Promise<void> {
    if (this.ctx.stopping) return Promise.reject(STOP);
    const range = duration === undefined ? this.runtime?.thinkTime ?? null : this.runtime!.parseThink(duration);
    if (!range) return Promise.resolve();
    const ms = range.minMs + this.random.next() * (range.maxMs - range.minMs);
    if (this.ctx.openModel && this.intendedAt) this.intendedAt += ms;
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
    const value = this.ctx.env[name];
    if (value === undefined || value === '') {
      if (fallback !== undefined) return fallback;
      throw new Error(`environment variable ${name} is not set`);
    }
    this.ctx.onSecret(value);
    return value;
  }
}

function isStatusKind(kind: string): boolean {
  return kind === 'http4xx' || kind === 'http5xx' || kind === 'throttled';
}
