/** The raw options of `crmload run`, as the command line gives them (strings, before validation). */
export interface RawRunOptions {
  target?: string;
  url?: string;
  vus?: string;
  rate?: string;
  stage?: string[];
  startRate?: string;
  rampUp?: string;
  duration?: string;
  iterations?: string;
  warmup?: string;
  maxVus?: string;
  arrivals?: string;
  connections?: string;
  pipelining?: string;
  timeout?: string;
  grace?: string;
  think?: string;
  header?: string[];
  insecure?: boolean;
  ca?: string;
  keepalive?: boolean;
  sla?: string[];
  abortOnFail?: boolean;
  abortEvalDelay?: string;
  seed?: string;
  json?: string;
  junit?: string;
  html?: string;
  markdown?: string;
  baseline?: string;
  maxRegression?: string;
  metricsPort?: string;
  metricsHost?: string;
  serverMetrics?: string;
  serverSeries?: string;
  quiet?: boolean;
  color?: boolean;
  progress?: boolean;
  debug?: boolean;
  /** Scale-out (DESIGN §7): `i/n` or `auto`, the Job's completions with `auto`, `--start-at`, `--workers`. */
  shard?: string;
  /** `--json` on one line (a pod's report as the last line of its log). */
  compactJson?: boolean;
  shards?: string;
  startAt?: string;
  workers?: string;
  /** Origins besides the target that requests may reach (repeatable). */
  allowOrigin?: string[];
  /** `--http-debug [N]`: true, or the number of iterations as text. */
  httpDebug?: boolean | string;
  http2?: boolean;
  /** `-e KEY=VALUE` (repeatable): variables for vu.env(). */
  env?: string[];
  /** `--demo-opt LEVER[=VALUE]` (repeatable): levers of the auto-started demo server. */
  demoOpt?: string[];
}

export { SECRET_HEADERS } from '../secret-headers.js';
