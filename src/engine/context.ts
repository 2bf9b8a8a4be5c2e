/**
 * The engine's side of the VU host (scenario/host.ts): what every driver of a run shares. setup()
 * gets a host that only counts its requests; the measured run gets one that records them.
 */
import type { Faker } from '@faker-js/faker';
import type { Exchange } from '../http/exchange.js';
import type { Extras } from '../metrics/extras.js';
import type { Clock } from '../load/driver.js';
import { Sleepers } from '../load/sleepers.js';
import type { Recorder } from '../metrics/recorder.js';
import type { Slot } from '../metrics/slot.js';
import type { FakerFactory } from '../scenario/fake.js';
import type { ExchangePool, HttpDebug, StepSink, VuHost } from '../scenario/host.js';
import { noteFailure, type Warnings } from './warnings.js';

/** What the hosts of one run share: the HTTP client, the target and the run's settings. */
export interface RunSettings {
  /** The HTTP client (an `HttpClient`; anything with its exchange life cycle in tests). */
  readonly client: ExchangePool;
  /** Origin of the target (`http://host:port`), and the base path prefixed to relative paths. */
  readonly origin: string;
  readonly basePath: string;
  /** Headers sent with every request (lower-case names). */
  readonly headers: Record<string, string>;
  /** Open model: latency counts from the schedule; closed model: from the send. */
  readonly openModel: boolean;
  readonly seed: number;
  readonly warnings: Warnings;
  /** Environment variables visible to scenarios through env(). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Seeded faker instances for vu.fake (scenario mode only). */
  readonly fakerFactory: FakerFactory | null;
  /** Called with every value read through env(): it is a secret to redact. */
  readonly onSecret: (value: string) => void;
  /** The run's monotonic clock. */
  readonly now: () => number;
  /** Origins besides the target's that requests may reach. */
  readonly origins: ReadonlySet<string>;
  /** End the run early, as if its duration were over. */
  readonly stopRun: (reason: string) => void;
  /** `--http-debug`, or null. */
  readonly httpDebug: HttpDebug | null;
  /** The run's monotonic clock and timers: think time sleeps on it. */
  readonly clock: Clock;
}

abstract class RunHost implements VuHost {
  /** True once no new request may start (end of run or a signal). */
  stopping = false;
  readonly origin: string;
  readonly basePath: string;
  readonly headers: Record<string, string>;
  readonly openModel: boolean;
  readonly seed: number;
  /** setup() is never measured: its iterations (none) would all be warm-up. */
  measuredFrom = Number.POSITIVE_INFINITY;
  readonly origins: ReadonlySet<string>;
  readonly httpDebug: HttpDebug | null;
  abstract readonly extras: Extras | null;
  private readonly client: ExchangePool;
  /** Every VU's think time, on one timer (load/sleepers.ts). */
  private readonly sleepers: Sleepers;

  constructor(protected readonly settings: RunSettings) {
    this.sleepers = new Sleepers(settings.clock);
    this.client = settings.client;
    this.origin = settings.origin;
    this.basePath = settings.basePath;
    this.headers = settings.headers;
    this.openModel = settings.openModel;
    this.seed = settings.seed;
    this.origins = settings.origins;
    this.httpDebug = settings.httpDebug;
  }

  abstract step(name: string, scenario: string, group?: string | null): StepSink;

  now(): number {
    return this.settings.now();
  }

  stopRun(reason: string): void {
    this.settings.stopRun(reason);
  }
  abstract noteFailure(step: string, exchange: Exchange): void;

  acquire(): Exchange {
    return this.client.acquire();
  }
  send(origin: string, exchange: Exchange): void {
    this.client.send(origin, exchange);
  }
  settle(exchange: Exchange): void {
    this.client.settle(exchange);
  }
  release(exchange: Exchange): void {
    this.client.release(exchange);
  }

  sleep(ms: number): Promise<void> {
    return this.sleepers.sleep(ms);
  }

  /** End every sleep now, with `reason` (the run is stopping). */
  wakeSleepers(reason: unknown): void {
    this.sleepers.wakeAll(reason);
  }

  warn(key: string, message: string): void {
    this.settings.warnings.warn(key, message);
  }

  env(name: string): string | undefined {
    const value = this.settings.env[name];
    if (value) this.settings.onSecret(value);
    return value;
  }

  faker(seed: number): Faker | null {
    return this.settings.fakerFactory?.(seed) ?? null;
  }
}

/** setup() and teardown(): requests are sent and counted, but kept out of the statistics and the warnings. */
export class SetupHost extends RunHost {
  readonly extras = null;
  /** Requests sent (and answered) so far. */
  requests = 0;
  private readonly sink: StepSink = { name: 'setup()', record: () => void this.requests++ };

  step(): StepSink {
    return this.sink;
  }

  noteFailure(): void {}

  /** A failed request of setup() fails setup() itself, which says why: no "first … error" warning besides. */
  override warn(key: string, message: string): void {
    if (!key.startsWith('failure:')) super.warn(key, message);
  }
}

/** The measured run: each step's requests go to its recorder slot. */
export class RunContext extends RunHost {
  /** One sink per step name (the recorder keys its slots by name too). */
  private readonly sinks = new Map<string, StepSink>();
  readonly extras: Extras;

  constructor(settings: RunSettings, readonly recorder: Recorder, measuredFrom: number) {
    super(settings);
    this.measuredFrom = measuredFrom;
    this.extras = recorder.extras;
  }

  step(name: string, scenario: string, group: string | null = null): StepSink {
    let sink = this.sinks.get(name);
    if (!sink) {
      sink = new SlotSink(this.recorder, this.recorder.slot(name, scenario, group));
      this.sinks.set(name, sink);
      if (this.sinks.size === MANY_STEPS) {
        this.settings.warnings.warn('many-steps', `${MANY_STEPS} distinct step names, the latest "${name}": ids in paths that are not templated (slugs, names)? Name such requests, like vu.get(path, { name: 'get account' }): each step name is a row and a histogram of its own`);
      }
    }
    return sink;
  }

  noteFailure(step: string, exchange: Exchange): void {
    if (exchange.kind !== null) noteFailure(this.settings.warnings, step, exchange.kind, exchange.status, exchange.error);
  }
}

/** Distinct step names from which a run says its paths look like ids that were not templated. */
export const MANY_STEPS = 100;

/** A step's recorder slot as a sink. */
class SlotSink implements StepSink {
  constructor(private readonly recorder: Recorder, private readonly slot: Slot) {}

  get name(): string {
    return this.slot.name;
  }

  record(exchange: Exchange): void {
    this.recorder.record(this.slot, exchange);
  }
}
