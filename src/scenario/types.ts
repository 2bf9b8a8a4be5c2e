/** The public scenario API (DESIGN §2): what a scenario file imports and what a VU offers. */
import type { Faker } from '@faker-js/faker';

/** An HTTP method a VU can send. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An expected status: a code, a list of codes, or a predicate over the response. */
export type Expectation = number | readonly number[] | ((res: VuResponse) => boolean);

export interface RequestOptions {
  /** Metric name of this step; default is method + templated path (`GET /api/leads/:id`). */
  name?: string;
  /** A JSON body (sets content-type). */
  json?: unknown;
  /** A raw body. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Expected status; a mismatch is an error of kind `check` and skips the rest of the iteration. */
  expect?: Expectation;
}

/**
 * One request of `vu.batch`: a path (a GET), or a path with a method (default GET) and the options
 * of `vu.get/post/…`.
 */
export type BatchRequest = string | (RequestOptions & { method?: HttpMethod; path: string });

export interface VuResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON; a body that does not parse is an error of kind `capture`. */
  json<T = unknown>(): T;
  text(): string;
}

/** Seeded random numbers for a VU (never Math.random). */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** Requests and helpers that both setup() and iterations have. Paths are relative to the target. */
export interface SetupApi {
  get(path: string, options?: RequestOptions): Promise<VuResponse>;
  post(path: string, options?: RequestOptions): Promise<VuResponse>;
  put(path: string, options?: RequestOptions): Promise<VuResponse>;
  patch(path: string, options?: RequestOptions): Promise<VuResponse>;
  delete(path: string, options?: RequestOptions): Promise<VuResponse>;
  /**
   * Send several requests at once (k6's `http.batch`); resolves with their responses in the order
   * given. Each is measured as its own step; if one fails, the batch rejects with that failure (like
   * `Promise.all`) and the others are still measured.
   */
  batch(requests: readonly BatchRequest[]): Promise<VuResponse[]>;
  /** Read an environment variable; its value is redacted in every output. */
  env(name: string, fallback?: string): string;
  /** Seeded faker, one locale (English). */
  readonly fake: Faker;
  readonly random: Random;
}

/** A virtual user, as an iteration sees it: the setup API plus think time and identity. */
export interface Vu extends SetupApi {
  /** Pause for the scenario's think time (or the given duration, like '200ms' or '1s..3s'). */
  think(duration?: string): Promise<void>;
  /** 0-based id of this virtual user (or of the concurrent slot in the open model). */
  readonly id: number;
  /** Global index of the current iteration, unique across shards. */
  readonly iterationInTest: number;
}

/** An SLA in a scenario file: an expression, or one that stops the run as soon as it fails. */
export type SlaEntry = string | { expression: string; abortOnFail?: boolean };

/** Defaults a scenario file may set; the command line overrides each. */
export interface ScenarioDefaults {
  vus?: number;
  rate?: number | string;
  duration?: string;
  iterations?: number;
  warmup?: string;
  maxVus?: number;
  stages?: string[];
  connections?: number;
  timeout?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export interface ScenarioDefinition<Shared = unknown> {
  name: string;
  description?: string;
  defaults?: ScenarioDefaults;
  /** SLA expressions (DESIGN §4), e.g. 'p95 < 400ms', or with `abortOnFail` to stop the run early. */
  sla?: SlaEntry[];
  /** Think time, e.g. '100ms' or '100ms..500ms'. */
  thinkTime?: string;
  /** Runs once per run before the load; its result is passed to every iteration. */
  setup?(api: SetupApi): Promise<Shared> | Shared;
  iteration(vu: Vu, shared: Shared): Promise<void>;
}

export interface Scenario<Shared = unknown> extends ScenarioDefinition<Shared> {
  readonly kind: 'scenario';
}

export interface MixEntry {
  scenario: Scenario<any>;
  weight: number;
}

export interface MixDefinition {
  name: string;
  description?: string;
  defaults?: ScenarioDefaults;
  sla?: SlaEntry[];
  thinkTime?: string;
  scenarios: MixEntry[];
}

export interface Mix extends MixDefinition {
  readonly kind: 'mix';
}

export type Runnable = Scenario<any> | Mix;
