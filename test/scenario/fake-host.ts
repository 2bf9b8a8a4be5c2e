/**
 * A VU host for in-process scenario tests: requests are held "in flight" until the test answers
 * them (in any order), and every recorded request is kept with its step. No sockets, no timers.
 */
import { Exchange } from '../../src/http/exchange.js';
import type { ExchangePool, HttpDebug, StepSink, VuHost } from '../../src/scenario/host.js';
import { Extras } from '../../src/metrics/extras.js';
import { ScenarioRuntime } from '../../src/scenario/runtime.js';
import type { Scenario } from '../../src/scenario/types.js';
import { ScenarioVu } from '../../src/scenario/vu.js';
import type { IterationOutcome } from '../../src/load/driver.js';

/** What a step's sink saw of one request (exchanges are pooled: copied when recorded). */
export interface Recorded {
  step: string;
  path: string;
  status: number;
  kind: string | null;
  intendedAt: number;
}

/** An exchange pool whose requests wait for the test to answer them. */
export class FakePool implements ExchangePool {
  /** Every exchange sent, in send order. */
  readonly sent: Exchange[] = [];
  readonly inFlight = new Set<Exchange>();
  released = 0;

  acquire(): Exchange {
    return new Exchange();
  }
  /** The origin of each exchange sent, by exchange. */
  readonly originOf = new Map<Exchange, string>();
  send(origin: string, exchange: Exchange): void {
    exchange.sentAt = performance.now();
    this.originOf.set(exchange, origin);
    this.sent.push(exchange);
    this.inFlight.add(exchange);
  }
  settle(exchange: Exchange): void {
    this.inFlight.delete(exchange);
  }
  release(): void {
    this.released++;
  }

  /** The exchange sent to `path` (the first one, unless `nth` says otherwise). */
  to(path: string, nth = 0): Exchange {
    const found = this.sent.filter((e) => e.path === path)[nth];
    if (!found) throw new Error(`nothing was sent to ${path} (sent: ${this.sent.map((e) => e.path).join(', ')})`);
    return found;
  }

  /** Answer a request with a status (and a body, and headers). */
  answer(path: string, status = 200, body = '', headers: Array<[string, string]> = []): void {
    const exchange = this.sent.find((e) => e.path === path && this.inFlight.has(e)) ?? this.to(path);
    exchange.onHeaders(status, headers.flatMap(([k, v]) => [Buffer.from(k), Buffer.from(v)]), () => {});
    if (body) exchange.onData(Buffer.from(body));
    exchange.onComplete();
  }

  /** End a request with a transport error (`ECONNRESET`: kind reset) or an interruption. */
  fail(path: string, error: Error = Object.assign(new Error('socket reset'), { code: 'ECONNRESET' })): void {
    this.to(path).onError(error);
  }
}

export class FakeHost extends FakePool implements VuHost {
  stopping = false;
  readonly seed = 7;
  readonly measuredFrom = 0;
  readonly origin = 'http://127.0.0.1:9';
  readonly basePath = '/';
  readonly headers = {};
  readonly recorded: Recorded[] = [];
  readonly failures: string[] = [];
  readonly warnings: string[] = [];

  constructor(readonly openModel = false) {
    super();
  }

  /** The group each step was first seen in. */
  readonly stepGroups = new Map<string, string | null>();
  step(name: string, _scenario?: string, group: string | null = null): StepSink {
    if (!this.stepGroups.has(name)) this.stepGroups.set(name, group);
    return {
      name,
      record: (e) => this.recorded.push({ step: name, path: e.path, status: e.status, kind: e.kind, intendedAt: e.intendedAt }),
    };
  }
  noteFailure(step: string, exchange: Exchange): void {
    this.failures.push(`${step}: ${exchange.kind}`);
  }
  /** Think time on real timers (these tests use no fake clock). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
  private readonly warned = new Set<string>();
  /** Kept once per key, as the run's Warnings do. */
  warn(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(message);
  }
  env(): string | undefined {
    return undefined;
  }
  faker(): null {
    return null;
  }
  /** Virtual time, ms (tests move it). */
  clock = 0;
  now(): number {
    return this.clock;
  }
  /** Checks, custom metrics, iteration and group durations (no warm-up: measured from 0). */
  readonly extras: Extras = new Extras(0, () => this.clock);
  origins: ReadonlySet<string> = new Set();
  readonly stopReasons: string[] = [];
  stopRun(reason: string): void {
    this.stopReasons.push(reason);
    this.stopping = true;
  }
  httpDebug: HttpDebug | null = null;

  /** Recorded kinds by step name (null for a success). */
  kindsByStep(): Record<string, Array<string | null>> {
    const out: Record<string, Array<string | null>> = {};
    for (const r of this.recorded) (out[r.step] ??= []).push(r.kind);
    return out;
  }
}

/** One VU running `scenario` on a fake host; `outcomes` lists its finished iterations. */
export function vuOn(scenario: Scenario<any>, host: FakeHost, shared?: unknown) {
  const runtime = new ScenarioRuntime(scenario, null);
  runtime.shared = shared;
  const outcomes: IterationOutcome[] = [];
  const vu = new ScenarioVu(0, { iterationDone: (_d, outcome) => outcomes.push(outcome) }, host, () => runtime);
  return { vu, runtime, outcomes };
}

/** Let every queued promise callback and immediate run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
