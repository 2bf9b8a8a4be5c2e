/** The validated Plan: everything a run needs, built from options and the scenario before any request. */
import type { ArrivalProcess } from '../load/arrivals.js';
import type { Profile } from '../load/profile.js';
import type { Sla } from '../sla/types.js';
import type { DurationRange } from '../units.js';
import type { Runnable } from '../scenario/types.js';
import type { LoadedData } from '../scenario/data-table.js';

export interface PlanTarget {
  /** Base URL as given (credentials stripped for display). */
  url: string;
  origin: string;
  basePath: string;
}

export interface PlanLoad {
  model: 'closed' | 'open';
  profile: Profile;
  /** Open model: the cap on concurrent iterations. */
  maxVus: number;
  iterations: number | null;
  /** Planned length of the schedule, ms (null when only an iteration count ends it). */
  durationMs: number | null;
  warmupMs: number;
  graceMs: number;
  /** Closed model: the initial VUs start evenly over this many ms (0: all at once). */
  rampUpMs: number;
  /** The asked-for rate (open model) or VUs (closed), for the report. */
  vus?: number;
  rate?: number;
  stages?: Array<{ durationMs: number; target: number }>;
  /** Open model: evenly spaced or Poisson arrivals. */
  arrivals?: ArrivalProcess;
}

export interface PlanSla {
  sla: Sla;
  /** Stop the run as soon as this SLA fails (after the minimum evaluation time). */
  abortOnFail: boolean;
}

export interface Plan {
  scenario: { name: string; description?: string; file?: string };
  /** The scenario or mix to run; null in quick mode (`--url`). */
  runnable: Runnable | null;
  /** Quick mode: the path to GET. */
  quickPath: string | null;
  /** null: start the built-in demo server and use it. */
  target: PlanTarget | null;
  load: PlanLoad;
  /** `--think`: overrides every scenario's own think time (reported as `run.load.thinkTime`). */
  thinkTime: DurationRange | null;
  /**
   * The think time of each scenario of the runnable, in its order (one entry for a single scenario,
   * none in quick mode), parsed once: `--think`, else the scenario's own, else the mix's.
   */
  thinkTimes: ReadonlyArray<DurationRange | null>;
  http: {
    connections: number;
    pipelining: number;
    timeoutMs: number;
    verifyTls: boolean;
    caFile?: string;
    keepAlive: boolean;
    /** Offer HTTP/2 (`--http2`, undici's allowH2; https targets negotiate it by ALPN). */
    http2?: boolean;
  };
  /** Origins besides the target that requests and redirects may reach (`--allow-origin`, the scenario's `origins`). */
  origins: string[];
  /** The feeders' rows, loaded and parsed before the run (null: none). */
  data: LoadedData | null;
  /** `--http-debug`: print requests and responses of the first N iterations (null: off). */
  httpDebug: number | null;
  /** Headers for every request, lower-case names. */
  headers: Record<string, string>;
  slas: PlanSla[];
  /** Minimum measured time before an SLA may abort the run, ms. */
  abortEvalDelayMs: number;
  seed: number;
  shard: { index: number; total: number } | null;
}
