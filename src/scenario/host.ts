/**
 * What a virtual user needs from the run it is part of, declared where it is used. The engine
 * implements it: with a recorder for the measured run, and with a host that only counts requests
 * for setup(). scenario/ never imports engine/.
 */
import type { Faker } from '@faker-js/faker';
import type { Exchange } from '../http/exchange.js';
import type { Extras } from '../metrics/extras.js';

/** Where one step's requests are measured: a recorder slot in the run, a counter in setup(). */
export interface StepSink {
  /** The step's metric name. */
  readonly name: string;
  record(exchange: Exchange): void;
}

/** The life of a pooled exchange: acquire → send → settle (connection free) → release (back to the pool). */
export interface ExchangePool {
  acquire(): Exchange;
  /** Send to an origin; the exchange's listener hears about it exactly once. */
  send(origin: string, exchange: Exchange): void;
  /** The exchange is no longer in flight (its listener calls this first). */
  settle(exchange: Exchange): void;
  /** Give a recorded exchange back for reuse. */
  release(exchange: Exchange): void;
}

/** The run as a VU (or the quick driver) sees it. */
export interface VuHost extends ExchangePool {
  /** True once no new request may start (end of run or a signal). */
  readonly stopping: boolean;
  /** Open model: latency counts from the schedule; closed model: from the send. */
  readonly openModel: boolean;
  readonly seed: number;
  /**
   * Monotonic time (ms) from which iterations are measured: one scheduled (open model) or started
   * (closed model) before it is a warm-up iteration, counted apart and kept out of every total.
   */
  readonly measuredFrom: number;
  /** Origin of the target (`http://host:port`). */
  readonly origin: string;
  /** Base path prefixed to relative paths. */
  readonly basePath: string;
  /** Headers sent with every request (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The sink of a step, by metric name. Resolved before the step's first request is sent, so steps
   * are reported in the order they were first sent.
   */
  step(name: string, scenario: string, group?: string | null): StepSink;
  /** A request failed (its kind is set): the first failure of each kind becomes a warning. */
  noteFailure(step: string, exchange: Exchange): void;
  /**
   * Resolves after `ms` on the run's clock (think time). Sleeps share one timer; when the run stops
   * they all end at once, rejected with the reason the engine gives.
   */
  sleep(ms: number): Promise<void>;
  /** A warning, kept once per key. */
  warn(key: string, message: string): void;
  /** An environment variable, or undefined; a non-empty value read here is a secret to redact. */
  env(name: string): string | undefined;
  /** A seeded faker, or null when none is available (quick mode). */
  faker(seed: number): Faker | null;
  /** The run's monotonic clock, ms. */
  now(): number;
  /** Measurements besides requests (iteration and group durations, checks, custom metrics); null in setup() and teardown(). */
  readonly extras: Extras | null;
  /** Origins besides the target's that requests and redirects may reach (`--allow-origin`, the scenario's `origins`). */
  readonly origins: ReadonlySet<string>;
  /** End the run early (a `unique` feeder ran out of rows), as if its duration were over. */
  stopRun(reason: string): void;
  /** `--http-debug`: request and response lines for the first iterations, or null. */
  readonly httpDebug: HttpDebug | null;
}

/** Where `--http-debug` lines go (already redacted by the receiver), for the first `iterations` iterations. */
export interface HttpDebug {
  readonly iterations: number;
  write(text: string): void;
}
