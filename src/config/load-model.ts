/**
 * The load part of the Plan, in four steps: precedence (which text each setting comes from: the
 * command line or the scenario's defaults) → parse (texts to numbers) → schedule (the profile and the
 * planned length) → check (the combination makes sense). Pure; every problem is collected.
 */
import { ConfigError } from '../errors.js';
import { profileDurationMs } from '../load/profile.js';
import type { ScenarioDefaults } from '../scenario/types.js';
import { scheduleLoad, type LoadSchedule, type LoadShape } from './load-schedule.js';
import type { RawRunOptions } from './options.js';
import type { PlanLoad } from './plan.js';
import { parseCount, parseDuration, parseRate, parseStage, type Stage } from './units.js';

const DEFAULT_GRACE_MS = 5_000;

type Issues = string[];

/** Run a parser; on a ConfigError, collect its issues (every problem is reported at once) and return undefined. */
export function attempt<T>(issues: Issues, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ConfigError) issues.push(...error.issues);
    else throw error;
    return undefined;
  }
}

/** The texts that define the load, each from the command line or the scenario's defaults. */
export interface LoadTexts {
  model: 'open' | 'closed';
  rate?: string;
  vus?: string;
  stages: string[];
  duration?: string;
  iterations?: string;
  warmup?: string;
  grace?: string;
  maxVus?: string;
}

/** The load settings as numbers, before they are turned into a schedule. */
export interface ParsedLoad extends LoadShape {
  warmupMs: number;
  graceMs: number;
  maxVus?: number;
}

/** The load part of the plan; pushes every problem to `issues`. */
export function resolveLoad(raw: RawRunOptions, defaults: ScenarioDefaults, issues: Issues): PlanLoad | undefined {
  const texts = chooseLoadTexts(raw, defaults, issues);
  const parsed = parseLoad(texts, issues);
  const schedule = scheduleLoad(parsed);
  checkLoad(raw, texts, parsed, schedule, issues);
  const { model, iterations, warmupMs, graceMs, stages } = parsed;
  const { profile, plannedMs, peak } = schedule;
  return {
    model,
    profile,
    maxVus: parsed.maxVus ?? Math.max(100, Math.min(10_000, Math.ceil(peak * 10))),
    iterations: iterations ?? null,
    durationMs: plannedMs === null ? null : plannedMs === Infinity ? null : Math.min(plannedMs, profileDurationMs(profile)),
    warmupMs,
    graceMs,
    ...(model === 'closed' ? { vus: Math.round(peak) } : { rate: parsed.rate ?? peak }),
    ...(stages.length ? { stages } : {}),
  };
}

/**
 * Precedence: the command line wins. A model chosen there (`--rate`, `--vus`) replaces the scenario's
 * whole load shape, stages included; a stop condition given there (`--duration`, `--iterations`)
 * replaces both of the scenario's.
 */
export function chooseLoadTexts(raw: RawRunOptions, defaults: ScenarioDefaults, issues: Issues): LoadTexts {
  const cliModel = raw.rate !== undefined ? 'open' : raw.vus !== undefined ? 'closed' : undefined;
  if (raw.rate !== undefined && raw.vus !== undefined) issues.push('--vus and --rate: choose one (--vus for a closed model, --rate for an open one)');
  const rate = raw.rate ?? (cliModel ? undefined : defaults.rate?.toString());
  const vus = raw.vus ?? (cliModel ? undefined : defaults.vus?.toString());
  const stages = raw.stage?.length ? raw.stage : cliModel ? [] : defaults.stages ?? [];
  const stagesLookOpen = stages.some((s) => /\/[smh]\s*$/.test(s));
  return {
    model: rate !== undefined || (vus === undefined && stagesLookOpen) ? 'open' : 'closed',
    rate,
    vus,
    stages,
    duration: raw.duration ?? (raw.iterations !== undefined ? undefined : defaults.duration),
    iterations: raw.iterations ?? (raw.duration !== undefined ? undefined : defaults.iterations?.toString()),
    warmup: raw.warmup ?? defaults.warmup,
    grace: raw.grace,
    maxVus: raw.maxVus ?? defaults.maxVus?.toString(),
  };
}

/** Parse: each text to its number, or an issue naming the flag and the allowed form. */
export function parseLoad(texts: LoadTexts, issues: Issues): ParsedLoad {
  const parse = <T>(text: string | undefined, fn: (text: string) => T): T | undefined => (text !== undefined ? attempt(issues, () => fn(text)) : undefined);
  return {
    model: texts.model,
    rate: parse(texts.rate, (t) => parseRate('--rate', t)),
    vus: parse(texts.vus, (t) => parseCount('--vus', t)),
    stages: texts.stages.map((s) => attempt(issues, () => parseStage('--stage', s, texts.model === 'open'))).filter((s): s is Stage => !!s),
    durationMs: parse(texts.duration, (t) => parseDuration('--duration', t)),
    iterations: parse(texts.iterations, (t) => parseCount('--iterations', t)),
    warmupMs: parse(texts.warmup, (t) => parseDuration('--warmup', t, true)) ?? 0,
    graceMs: parse(texts.grace, (t) => parseDuration('--grace', t, true)) ?? DEFAULT_GRACE_MS,
    maxVus: parse(texts.maxVus, (t) => parseCount('--max-vus', t)),
  };
}

/** Check: combinations that cannot run, each named by the flag to change. */
function checkLoad(raw: RawRunOptions, texts: LoadTexts, parsed: ParsedLoad, schedule: LoadSchedule, issues: Issues): void {
  const { model, stages, warmupMs } = parsed;
  const { peak, plannedMs } = schedule;
  if (model === 'open' && peak <= 0 && texts.rate === undefined && !stages.length) issues.push('--rate: an open model needs a rate greater than zero');
  if (model === 'closed' && peak < 1) issues.push('--vus: at least one VU is needed (or a --stage that ramps above 0)');
  if (plannedMs !== null && warmupMs >= plannedMs) issues.push(`--warmup ${texts.warmup}: must be shorter than the run (${plannedMs / 1000}s)`);
  if (model === 'closed' && raw.maxVus !== undefined) issues.push('--max-vus: only for the open model (--rate); with --vus the VU count is fixed');
}
