/** The public scenario API (DESIGN §2): what a scenario file imports and what a VU offers. */
import type { Faker } from '@faker-js/faker';
import type { Feeder, FeederMap, Row, RowsOf } from './feeder-types.js';

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
  /** A form body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string | number | boolean>;
  /**
   * A `multipart/form-data` body (for imports): a field is a value, or a file
   * `{ content, filename, type }`.
   */
  multipart?: Record<string, string | number | MultipartFile>;
  /** Total deadline of this request (like '2s'), instead of `--timeout`. */
  timeout?: string;
  /** Redirects to follow (default: the scenario's `redirects`, else 10); 0 returns the 3xx itself. */
  redirects?: number;
}

/** A file part of a multipart body. */
export interface MultipartFile {
  content: string | Uint8Array;
  filename: string;
  /** Content type of the part (default application/octet-stream). */
  type?: string;
}

/** Where the time of one request went, ms (DESIGN §3; see the README for what each covers). */
export interface ResponseTimings {
  /** Waiting for a free connection (queued behind other requests on the run's connections). */
  blocked: number;
  /** Opening the connection (TCP and TLS), when this request opened one. */
  connecting: number;
  /** From the request being written to the first byte of the response. */
  waiting: number;
  /** From the first byte to the last byte of the response. */
  receiving: number;
  /** The service time: send to last byte (blocked + connecting + waiting + receiving). */
  total: number;
}

/**
 * One request of `vu.batch`: a path (a GET), or a path with a method (default GET) and the options
 * of `vu.get/post/…`.
 */
export type BatchRequest = string | (RequestOptions & { method?: HttpMethod; path: string });

export interface VuResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The URL that answered (after redirects). */
  readonly url: string;
  /** Where this response's time went (its last hop, after redirects). */
  readonly timings: ResponseTimings;
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

/** Checks by name: each predicate is a pass or a fail of that check. */
export type Checks<T> = Record<string, (value: T) => boolean>;

/** A custom counter: `add(n)` adds n (default 1) to its total. */
export interface Counter {
  add(n?: number): void;
}
/** A custom trend: `add(ms)` records one value (milliseconds, or any non-negative amount) in HDR. */
export interface Trend {
  add(value: number): void;
}
/** A custom rate: `add(bool)` counts one true or false; measured as the percent of true. */
export interface Rate {
  add(value: boolean): void;
}

/** Custom metrics by name (letters, digits, `_`); each name has one type for the whole run. */
export interface Metrics {
  counter(name: string): Counter;
  trend(name: string): Trend;
  rate(name: string): Rate;
}

/** The VU's cookie jar (on unless the scenario says `cookies: false`). */
export interface CookieJar {
  /** The value of a cookie that would be sent to the target (or to `url`), or undefined. */
  get(name: string, url?: string): string | undefined;
  /** Set a cookie for the target's origin (or `url`'s). */
  set(name: string, value: string, url?: string): void;
  /** Forget every cookie. */
  clear(): void;
}

/** A virtual user, as an iteration sees it: the setup API plus think time, identity, checks and metrics. */
export interface Vu<Data = Record<string, Row>, State extends object = Record<string, any>> extends SetupApi {
  /** Pause for the scenario's think time (or the given duration, like '200ms' or '1s..3s'). */
  think(duration?: string): Promise<void>;
  /** 0-based id of this virtual user (or of the concurrent slot in the open model). */
  readonly id: number;
  /** Global index of the current iteration, unique across shards. */
  readonly iterationInTest: number;
  /**
   * This iteration's row of each data feeder (`vu.data.users`): taken on first read, the same row for
   * the rest of the iteration.
   */
  readonly data: Data;
  /**
   * An object that lives as long as the VU: in the closed model one user's memory across its
   * iterations; in the open model that of a concurrency slot, shared by the arrivals that run on it.
   */
  readonly state: State;
  /** Record checks (they never end the iteration); true when every check passed. */
  check<T>(value: T, checks: Checks<T>): boolean;
  /** Run `body` as a named group: its duration is measured, its steps carry the group's name. */
  group<T>(name: string, body: () => Promise<T> | T): Promise<T>;
  /** Custom metrics: counters, trends and rates, in the report and in SLAs by name. */
  readonly metric: Metrics;
  readonly cookies: CookieJar;
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

/** Fields a scenario and a mix share. */
export interface RunnableOptions {
  name: string;
  description?: string;
  defaults?: ScenarioDefaults;
  /** SLA expressions (DESIGN §4), e.g. 'p95 < 400ms', or with `abortOnFail` to stop the run early. */
  sla?: SlaEntry[];
  /** Think time, e.g. '100ms' or '100ms..500ms'. */
  thinkTime?: string;
  /**
   * Origins besides the target that requests (and redirects) may reach, like
   * 'https://auth.example.com'; a request to any other origin is refused (error kind `origin`).
   */
  origins?: string[];
}

export interface ScenarioDefinition<Shared = unknown, D extends FeederMap = FeederMap, State extends object = Record<string, any>> extends RunnableOptions {
  /** Data feeders: `{ users: csv('data/users.csv') }`; each iteration reads its row as `vu.data.users`. */
  data?: D;
  /** The per-VU cookie jar (default true). */
  cookies?: boolean;
  /** Redirects followed per request (default 10; 0: a 3xx is the response). */
  redirects?: number;
  /** Runs once per run before the load; its result is passed to every iteration. */
  setup?(api: SetupApi): Promise<Shared> | Shared;
  iteration(vu: Vu<RowsOf<D>, State>, shared: Shared): Promise<void>;
  /**
   * Runs once after the load (also after an abort or a signal, within the grace period), with what
   * setup() returned; not measured, its requests counted like setup()'s.
   */
  teardown?(api: SetupApi, shared: Shared): Promise<void> | void;
}

export interface Scenario<Shared = unknown, D extends FeederMap = FeederMap, State extends object = Record<string, any>> extends ScenarioDefinition<Shared, D, State> {
  readonly kind: 'scenario';
}

export type { Feeder, FeederMap, Row, RowsOf };

export interface MixEntry {
  scenario: Scenario<any, any, any>;
  weight: number;
}

export interface MixDefinition extends RunnableOptions {
  scenarios: MixEntry[];
}

export interface Mix extends MixDefinition {
  readonly kind: 'mix';
}

export type Runnable = Scenario<any, any, any> | Mix;
