/**
 * The load part of the Plan, in four steps: precedence (which text each setting comes from: the
 * command line or the scenario's defaults) → parse (texts to numbers) → schedule (the profile and the
 * planned length) → check (the combination makes sense). Pure; every problem is collected.
 *
 * The model: `--rate` is open, `--vus` closed; stages are a ramp of rates when a target has a unit
 * (`100/s`) and a ramp of VUs when it is a bare count (`100`). A ramp of rates starts at `--start-rate`
 * (default 0), a ramp of VUs at `--vus` (default 0), like k6's startRate and startVUs.
 */
import { ConfigError } from '../errors.js';
import { ARRIVAL_PROCESSES, type ArrivalProcess } from '../load/arrivals.js';
import { profileDurationMs } from '../load/profile.js';
import type { ScenarioDefaults } from '../scenario/types.js';
import { scheduleLoad, type LoadSchedule, type LoadShape } from './load-schedule.js';
import type { RawRunOptions } from './options.js';
import type { PlanLoad } from './plan.js';
import { DEFAULTS, defaultMaxVus } from './defaults.js';
import { MAX_DURATION_MS, MAX_VUS } from '../limits.js';
import { formatExactDuration, MAX_DURATION_TEXT, parseCount, parseDuration, parseRate, parseStage, type ParsedStage } from '../units.js';

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
  /** True when the command line chose the load shape (`--rate`, `--vus`, `--stage`, `--start-rate`). */
  fromCli: boolean;
  rate?: string;
  vus?: string;
  startRate?: string;
  stages: string[];
  /** How the stages are named in messages: `--stage`, or `defaults.stages` for the scenario's. */
  stageField: string;
  duration?: string;
  iterations?: string;
  warmup?: string;
  grace?: string;
  maxVus?: string;
}

/** The load settings as numbers, before they are turned into a schedule. */
export interface ParsedLoad extends LoadShape {
  stages: ParsedStage[];
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
  const { model, iterations, warmupMs, graceMs } = parsed;
  const { profile, plannedMs, peak } = schedule;
  const stages = parsed.stages.map(({ durationMs, target }) => ({ durationMs, target }));
  const arrivals = resolveArrivals(raw.arrivals, model, issues);
  return {
    model,
    profile,
    maxVus: parsed.maxVus ?? defaultMaxVus(peak),
    iterations: iterations ?? null,
    durationMs: plannedMs === null ? null : plannedMs === Infinity ? null : Math.min(plannedMs, profileDurationMs(profile)),
    warmupMs,
    graceMs,
    rampUpMs: 0,
    ...(model === 'closed' ? { vus: Math.round(peak) } : { rate: parsed.rate ?? peak }),
    ...(stages.length ? { stages } : {}),
    ...(model === 'open' ? { arrivals } : {}),
  };
}

/** `--arrivals constant|poisson`: open model only; constant unless told. */
function resolveArrivals(text: string | undefined, model: 'open' | 'closed', issues: Issues): ArrivalProcess {
  if (text === undefined) return 'constant';
  const name = text.trim().toLowerCase();
  if (!(ARRIVAL_PROCESSES as readonly string[]).includes(name)) {
    issues.push(`--arrivals ${JSON.stringify(text)}: expected one of ${ARRIVAL_PROCESSES.join(', ')}`);
    return 'constant';
  }
  if (model === 'closed') issues.push('--arrivals: only for the open model (--rate); with --vus each VU starts its next iteration when the last ends');
  return name as ArrivalProcess;
}

/**
 * Precedence: the command line wins. A load shape given there (`--rate`, `--vus`, `--stage`,
 * `--start-rate`) replaces the scenario's whole shape, stages included, and stages given there
 * define the run's length (the scenario's duration and iterations do not apply). A stop condition
 * given there (`--duration`, `--iterations`) replaces both of the scenario's.
 */
export function chooseLoadTexts(raw: RawRunOptions, defaults: ScenarioDefaults, issues: Issues): LoadTexts {
  const cliStages = raw.stage?.length ? raw.stage : undefined;
  const fromCli = raw.rate !== undefined || raw.vus !== undefined || raw.startRate !== undefined || cliStages !== undefined;
  if (raw.rate !== undefined && raw.vus !== undefined) issues.push('--vus and --rate: choose one (--vus for a closed model, --rate for an open one)');
  const rate = fromCli ? raw.rate : defaults.rate?.toString();
  const vus = fromCli ? raw.vus : defaults.vus?.toString();
  const stages = fromCli ? cliStages ?? [] : defaults.stages ?? [];
  const stagesCountRates = stages.some((s) => /\/\s*[a-z]+\s*$/i.test(s));
  const open = rate !== undefined || (vus === undefined && stagesCountRates);
  const noDefaultStop = raw.duration !== undefined || raw.iterations !== undefined || cliStages !== undefined;
  return {
    model: open ? 'open' : 'closed',
    fromCli,
    rate,
    vus,
    startRate: raw.startRate,
    stages,
    stageField: fromCli ? '--stage' : 'defaults.stages',
    duration: raw.duration ?? (noDefaultStop ? undefined : defaults.duration),
    iterations: raw.iterations ?? (noDefaultStop ? undefined : defaults.iterations?.toString()),
    warmup: raw.warmup ?? defaults.warmup,
    grace: raw.grace,
    maxVus: raw.maxVus ?? defaults.maxVus?.toString(),
  };
}

/** Parse: each text to its number, or an issue naming the flag and the allowed form. */
export function parseLoad(texts: LoadTexts, issues: Issues): ParsedLoad {
  const parse = <T>(text: string | undefined, fn: (text: string) => T): T | undefined => (text !== undefined ? attempt(issues, () => fn(text)) : undefined);
  const ramp = texts.stages.length > 0;
  const startRate = parse(texts.startRate, (t) => (/^\s*0+(?:\.0*)?\s*(?:\/\s*[smh])?\s*$/.test(t) ? 0 : parseRate('--start-rate', t)));
  return {
    model: texts.model,
    // With stages, a rate from the scenario's defaults is where the ramp starts.
    rate: ramp ? undefined : parse(texts.rate, (t) => parseRate('--rate', t)),
    startRate: startRate ?? (ramp && !texts.fromCli ? parse(texts.rate, (t) => parseRate('--rate', t)) : undefined),
    vus: parse(texts.vus, (t) => parseCount('--vus', t, ramp ? 0 : 1, MAX_VUS)),
    stages: texts.stages.map((s) => attempt(issues, () => parseStage(texts.stageField, s))).filter((s): s is ParsedStage => !!s),
    durationMs: parse(texts.duration, (t) => parseDuration('--duration', t)),
    iterations: parse(texts.iterations, (t) => parseCount('--iterations', t)),
    warmupMs: parse(texts.warmup, (t) => parseDuration('--warmup', t, true)) ?? 0,
    graceMs: parse(texts.grace, (t) => parseDuration('--grace', t, true)) ?? DEFAULTS.graceMs,
    maxVus: parse(texts.maxVus, (t) => parseCount('--max-vus', t, 1, MAX_VUS)),
  };
}

/** Check: combinations that cannot run, each named by the setting to change. */
function checkLoad(raw: RawRunOptions, texts: LoadTexts, parsed: ParsedLoad, schedule: LoadSchedule, issues: string[]): void {
  const { model, stages, warmupMs } = parsed;
  const { peak, plannedMs } = schedule;
  issues.push(...checkStageUnits(raw, texts, parsed));
  if (model === 'closed' && raw.maxVus !== undefined) issues.push('--max-vus: only for the open model (--rate); with --vus the VU count is fixed');
  // A stage that did not parse has said so: the profile without it would only add wrong complaints.
  if (stages.length < texts.stages.length) return;
  if (model === 'open' && peak <= 0 && texts.rate === undefined && !stages.length) issues.push('--rate: an open model needs a rate greater than zero');
  if (model === 'open' && peak <= 0 && stages.length) issues.push(`${texts.stageField}: a ramp of rates needs a target above 0, like 30s:100/s`);
  if (model === 'closed' && peak < 1) issues.push('--vus: at least one VU is needed (or a --stage that ramps above 0)');
  const stageTotal = stages.reduce((sum, s) => sum + s.durationMs, 0);
  if (stageTotal > MAX_DURATION_MS) issues.push(`${texts.stageField}: the stages add up to ${formatExactDuration(stageTotal)}; a run lasts at most ${MAX_DURATION_TEXT}`);
  if (plannedMs === 0) issues.push(`${texts.stageField}: the stages add up to 0s; give them a duration, like 30s:100`);
  else if (plannedMs !== null && warmupMs >= plannedMs) issues.push(`--warmup ${texts.warmup}: must be shorter than the run (${plannedMs / 1000}s)`);
  // A warm-up is a time: N iterations may all end inside it, and the run would measure nothing.
  if (plannedMs === null && warmupMs > 0) issues.push(`--warmup ${texts.warmup}: the run has no planned length (--iterations alone), and its iterations may all fall in the warm-up; give --duration too, or drop --warmup`);
}

/** A stage's unit says what it counts; a model that disagrees is bad input, never a silent switch. */
function checkStageUnits(raw: RawRunOptions, texts: LoadTexts, { model, stages }: ParsedLoad): string[] {
  const issues: string[] = [];
  const field = texts.stageField;
  if (raw.startRate !== undefined && !stages.length) issues.push('--start-rate: only for a ramp (--stage 30s:100/s); a constant rate is --rate');
  if (raw.startRate !== undefined && stages.length && model === 'closed') {
    issues.push('--start-rate: only for a ramp of rates (stage targets like 100/s); a ramp of VUs starts at --vus N');
  }
  if (texts.fromCli && raw.rate !== undefined && stages.length) {
    issues.push('--rate and --stage: a ramp of rates starts at --start-rate (default 0) and follows its stages; drop --rate, or give --start-rate R');
  }
  for (const stage of stages) {
    if (model === 'open' && stage.unit === 'vus') issues.push(`${field} "${stage.text}": a VU count in a ramp of rates; write ${stage.target}/s for a rate`);
    if (model === 'closed' && stage.unit === 'rate' && texts.vus !== undefined) {
      issues.push(`${field} "${stage.text}": a rate in a ramp of VUs (${texts.fromCli ? '--vus' : 'defaults.vus'}); ramp rates without --vus (from --start-rate), or give a VU count`);
    }
  }
  return issues;
}
