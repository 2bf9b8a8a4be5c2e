/**
 * Options + scenario → a validated Plan. Every problem is collected and reported at once
 * (ConfigError with one issue per line) before any request is sent. Pure.
 */
import { ConfigError } from '../errors.js';
import { didYouMean } from '../did-you-mean.js';
import { VALID_METRICS } from '../sla/metrics.js';
import { parseSlas } from '../sla/parse.js';
import type { Runnable, ScenarioDefaults, SlaEntry } from '../scenario/types.js';
import { attempt, resolveLoad } from './load-model.js';
import { resolveRampUp } from './ramp-up.js';
import { SECRET_HEADERS, type RawRunOptions } from './options.js';
import type { Plan, PlanSla, PlanTarget } from './plan.js';
import { DEFAULTS } from './defaults.js';
import { MAX_CONNECTIONS, MAX_PIPELINING, MAX_SEED, MIN_TIMEOUT_MS } from '../limits.js';
import { parseTargetUrl } from './target.js';
import { formatDuration, parseCount, parseDuration, parseDurationRange, type DurationRange } from '../units.js';

export interface PlanInput {
  raw: RawRunOptions;
  /** The loaded scenario module (null in quick mode). */
  runnable: Runnable | null;
  scenarioFile?: string;
  /**
   * Custom metric names the scenario records (`vu.metric.counter('x')`…), read from its source: an
   * SLA may name only these (or a built-in metric). Absent: no custom metric.
   */
  customMetrics?: ReadonlySet<string>;
}

export interface PlanOutput {
  plan: Plan;
  /** Values that must never appear in any output (header secrets). */
  secrets: string[];
}

/** `--http-debug` without a count prints this many iterations. */
const DEFAULT_HTTP_DEBUG_ITERATIONS = 3;

export function buildPlan({ raw, runnable, scenarioFile, customMetrics }: PlanInput): PlanOutput {
  const issues: string[] = [];
  const take = <T>(fn: () => T): T | undefined => attempt(issues, fn);
  const defaults: ScenarioDefaults = runnable?.defaults ?? {};
  if (runnable && raw.url !== undefined) issues.push('--url: quick mode takes no scenario; give either a scenario or --url');
  if (!runnable && raw.url === undefined) issues.push('nothing to run: give a scenario (a file, or a name from ./scenarios) or --url URL');
  if (raw.url !== undefined && raw.target !== undefined) issues.push('--url and --target: --url already names the target');

  const target = resolveTarget(raw, issues);
  const load = resolveLoad(raw, defaults, issues);
  const timeoutText = raw.timeout ?? defaults.timeout;
  const timeoutMs = timeoutText !== undefined ? take(() => parseTimeout(timeoutText)) : DEFAULTS.timeoutMs;
  const connText = raw.connections ?? defaults.connections?.toString();
  const connections = connText !== undefined ? take(() => parseCount('--connections', connText, 1, MAX_CONNECTIONS)) : undefined;
  const pipelining = raw.pipelining !== undefined ? take(() => parseCount('--pipelining', raw.pipelining!, 1, MAX_PIPELINING)) : DEFAULTS.pipelining;
  const think = raw.think !== undefined ? take(() => parseDurationRange('--think', raw.think!)) : undefined;
  const thinkTimes = runnable ? resolveThinkTimes(runnable, think ?? null, issues) : [];
  const rampUpMs = load ? resolveRampUp(raw.rampUp, load.model, runnable, thinkTimes, issues) : 0;
  const seed = raw.seed !== undefined ? take(() => parseCount('--seed', raw.seed!, 0, MAX_SEED)) : DEFAULTS.seed;
  const abortEvalDelayMs = raw.abortEvalDelay !== undefined ? take(() => parseDuration('--abort-eval-delay', raw.abortEvalDelay!, true)) : DEFAULTS.abortEvalDelayMs;
  const { headers, secrets } = resolveHeaders({ ...(defaults.headers ?? {}) }, raw.header ?? [], issues);
  const slas = resolveSlas(runnable?.sla ?? [], raw.sla ?? [], raw.abortOnFail === true, issues, customMetrics ?? new Set());
  const origins = resolveOrigins(raw.allowOrigin ?? [], runnableOrigins(runnable), issues);
  const httpDebug = raw.httpDebug === undefined || raw.httpDebug === false ? null : raw.httpDebug === true ? DEFAULT_HTTP_DEBUG_ITERATIONS : take(() => parseCount('--http-debug', raw.httpDebug as string));
  if (raw.insecure && raw.ca) issues.push('--insecure and --ca: choose one (--ca trusts a certificate authority, --insecure trusts anything)');
  if (load) issues.push(...unusedOptions(raw, slas, load, { pipelining, abortEvalDelayMs, rampUpMs }));

  if (issues.length || !load) throw new ConfigError(issues.length ? issues : ['invalid load options']);
  load.rampUpMs = rampUpMs;
  const peak = load.model === 'closed' ? load.vus ?? 1 : undefined;
  return {
    plan: {
      scenario: runnable
        ? { name: runnable.name, ...(runnable.description ? { description: runnable.description } : {}), ...(scenarioFile ? { file: scenarioFile } : {}) }
        : { name: 'quick', description: `GET ${target?.url ?? ''}` },
      runnable,
      quickPath: raw.url !== undefined && target ? target.basePath || '/' : null,
      target,
      load,
      thinkTime: think ?? null,
      thinkTimes,
      http: {
        connections: connections ?? (load.model === 'closed' ? Math.max(1, peak ?? 1) : Math.min(load.maxVus, DEFAULTS.openConnections)),
        pipelining: pipelining ?? DEFAULTS.pipelining,
        timeoutMs: timeoutMs ?? DEFAULTS.timeoutMs,
        verifyTls: !raw.insecure,
        ...(raw.ca ? { caFile: raw.ca } : {}),
        keepAlive: raw.keepalive !== false,
        ...(raw.http2 ? { http2: true } : {}),
      },
      headers,
      origins,
      data: null,
      httpDebug: httpDebug ?? null,
      slas,
      abortEvalDelayMs: abortEvalDelayMs ?? DEFAULTS.abortEvalDelayMs,
      seed: seed ?? DEFAULTS.seed,
      shard: null,
    },
    secrets,
  };
}

/**
 * Options that would do nothing here, or could not do what they say: bad input, never silently
 * ignored (a user who gave one expects it to act).
 */
function unusedOptions(raw: RawRunOptions, slas: readonly PlanSla[], load: Pick<Plan['load'], 'durationMs' | 'model' | 'profile'>, given: { pipelining?: number; abortEvalDelayMs?: number; rampUpMs: number }): string[] {
  const issues: string[] = [];
  if (raw.url !== undefined) {
    // Quick mode sends one GET after another: no scenario code, no think time, no vu.env(), one origin.
    for (const [flag, used] of [['--think', raw.think !== undefined], ['--http-debug', raw.httpDebug !== undefined && raw.httpDebug !== false], ['-e/--env', (raw.env ?? []).length > 0], ['--allow-origin', (raw.allowOrigin ?? []).length > 0]] as const) {
      if (used) issues.push(`${flag}: only with a scenario; quick mode (--url) sends one GET after another`);
    }
  }
  const canAbort = slas.some((s) => s.abortOnFail);
  if (raw.abortOnFail && slas.length === 0) issues.push('--abort-on-fail: there is no SLA to fail (give --sla, or an sla list in the scenario)');
  if (raw.abortEvalDelay !== undefined && !canAbort) issues.push('--abort-eval-delay: no SLA can stop the run (it delays --abort-on-fail, or an SLA\'s abortOnFail)');
  if (canAbort && raw.abortEvalDelay !== undefined && given.abortEvalDelayMs !== undefined && load.durationMs !== null && given.abortEvalDelayMs >= load.durationMs) {
    issues.push(`--abort-eval-delay ${raw.abortEvalDelay}: as long as the run (${formatDuration(load.durationMs)}) or longer, so no SLA could ever stop it`);
  }
  if ((given.pipelining ?? 1) > 1 && raw.keepalive === false) issues.push('--pipelining and --no-keepalive: pipelining sends requests on a connection kept open; choose one');
  if (raw.quiet && raw.progress === true) issues.push('--quiet and --progress: choose one');
  if (raw.rampUp !== undefined && given.rampUpMs > 0 && load.model === 'closed' && load.profile.start === 0) {
    issues.push(`--ramp-up ${raw.rampUp}: the run starts with no VU to spread (--vus 0, or none given with --stage): the stages start them`);
  } else if (raw.rampUp !== undefined && load.durationMs !== null && given.rampUpMs > load.durationMs) {
    issues.push(`--ramp-up ${raw.rampUp}: longer than the run (${formatDuration(load.durationMs)}), so some VUs would never start`);
  }
  return issues;
}

/** The per-request deadline: a timer, so at least a millisecond. */
function parseTimeout(text: string): number {
  const ms = parseDuration('--timeout', text);
  if (ms < MIN_TIMEOUT_MS) throw new ConfigError(`--timeout ${JSON.stringify(text)}: must be at least ${MIN_TIMEOUT_MS}ms`);
  return ms;
}

/** The `origins` of the scenario, or of a mix and each of its scenarios. */
function runnableOrigins(runnable: Runnable | null): Array<{ origin: unknown; where: string }> {
  if (!runnable) return [];
  const from = (list: unknown, where: string) => (Array.isArray(list) ? list.map((origin) => ({ origin, where })) : []);
  const own = from(runnable.origins, 'origins');
  if (runnable.kind !== 'mix') return own;
  return [...own, ...runnable.scenarios.flatMap((e) => from(e.scenario.origins, `${e.scenario.name}: origins`))];
}

/** Allowed origins: `--allow-origin` and the scenario's, each an http(s) origin (`https://host[:port]`). */
function resolveOrigins(cli: string[], fromScenario: Array<{ origin: unknown; where: string }>, issues: string[]): string[] {
  const origins = new Set<string>();
  const add = (text: unknown, where: string) => {
    const parsed = typeof text === 'string' ? parseTargetUrl(where, text) : `${where}: expected an origin like https://auth.example.com`;
    if (typeof parsed === 'string') return issues.push(parsed);
    if (parsed.basePath !== '/' && parsed.basePath !== '') return issues.push(`${where} ${JSON.stringify(text)}: an origin has no path; give scheme, host and port only, like ${parsed.origin}`);
    origins.add(parsed.origin);
  };
  for (const text of cli) add(text, '--allow-origin');
  for (const { origin, where } of fromScenario) add(origin, where);
  return [...origins];
}

function resolveTarget(raw: RawRunOptions, issues: string[]): PlanTarget | null {
  const text = raw.url ?? raw.target;
  if (text === undefined) return null;
  const parsed = parseTargetUrl(raw.url !== undefined ? '--url' : '--target', text);
  if (typeof parsed === 'string') {
    issues.push(parsed);
    return null;
  }
  return parsed;
}

function resolveHeaders(base: Record<string, string>, cli: string[], issues: string[]) {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  const add = (name: string, value: string, where: string) => {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return issues.push(`${where} ${JSON.stringify(name)}: not a valid header name`);
    if (/[\r\n\0]/.test(value)) return issues.push(`${where} ${name}: a header value cannot contain line breaks`);
    const key = name.toLowerCase();
    headers[key] = value;
    if (SECRET_HEADERS.has(key) && value) secrets.push(value, ...value.split(/\s+/).filter((p) => p.length >= 6 && !/^(bearer|basic|digest|token)$/i.test(p)));
  };
  for (const [k, v] of Object.entries(base)) add(k, String(v), 'defaults.headers');
  for (const h of cli) {
    const i = h.indexOf(':');
    if (i >= 0 && h.slice(0, i).trim() === '') {
      issues.push(`--header: no name before the colon; expected 'Name: value'`); // the value may be a secret: not shown
      continue;
    }
    if (i < 0) {
      // Show the name only: without a colon, the rest may be a secret (`Authorization Bearer …`).
      issues.push(`--header ${JSON.stringify(h.trim().replace(/[\s:].*$/s, ' …'))}: expected 'Name: value'`);
      continue;
    }
    add(h.slice(0, i).trim(), h.slice(i + 1).trim(), '--header');
  }
  return { headers, secrets };
}

function resolveSlas(fromFile: SlaEntry[], fromCli: string[], abortAll: boolean, issues: string[], custom: ReadonlySet<string>): PlanSla[] {
  const entries = [
    ...fromFile.map((e) => (typeof e === 'string' ? { expression: e, abortOnFail: false } : { expression: e.expression, abortOnFail: e.abortOnFail === true })),
    ...fromCli.map((expression) => ({ expression, abortOnFail: false })),
  ];
  const { slas, issues: slaIssues } = parseSlas(entries.map((e) => e.expression));
  for (const sla of slas) {
    const name = sla.kind === 'custom' ? sla.metric : sla.kind === 'trend' ? sla.scope?.trend : undefined;
    if (name === undefined || custom.has(name)) continue;
    const known = custom.size ? `; this scenario records ${[...custom].join(', ')}` : '; the scenario records no custom metric (vu.metric.counter/trend/rate)';
    slaIssues.push(`SLA "${sla.expression}": unknown metric "${name}"${didYouMean(name, custom)}${known}; built-in metrics: ${VALID_METRICS.slice(0, -2).join(', ')}`);
  }
  issues.push(...slaIssues);
  if (slaIssues.length) return [];
  return slas.map((sla, i) => ({ sla, abortOnFail: abortAll || entries[i].abortOnFail }));
}

/** Each scenario's think time, parsed once: the override, else its own, else the mix's. */
function resolveThinkTimes(runnable: Runnable, override: DurationRange | null, issues: string[]): Array<DurationRange | null> {
  const parse = (text: string | undefined) => (text === undefined ? null : attempt(issues, () => parseDurationRange('thinkTime', text)) ?? null);
  const shared = parse(runnable.thinkTime);
  const own = runnable.kind === 'mix' ? runnable.scenarios.map((e) => parse(e.scenario.thinkTime) ?? shared) : [shared];
  return own.map((range) => override ?? range);
}
