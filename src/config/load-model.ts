/** Resolve the load model (closed or open), its profile and stop conditions from options. Pure. */
import { ConfigError } from '../errors.js';
import { constantProfile, profileDurationMs, type Profile } from '../load/profile.js';
import type { ScenarioDefaults } from '../scenario/types.js';
import type { PlanLoad } from './plan.js';
import { parseCount, parseDuration, parseRate, parseStage, type Stage } from '../units.js';
import type { RawRunOptions } from './options.js';

const DEFAULT_VUS = 10;
const DEFAULT_DURATION_MS = 10_000;
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

/** The load part of the plan; pushes every problem to `issues`. */
export function resolveLoad(raw: RawRunOptions, defaults: ScenarioDefaults, issues: Issues): PlanLoad | undefined {
  const cliModel = raw.rate !== undefined ? 'open' : raw.vus !== undefined ? 'closed' : undefined;
  if (raw.rate !== undefined && raw.vus !== undefined) issues.push('--vus and --rate: choose one (--vus for a closed model, --rate for an open one)');
  const rateText = raw.rate ?? (cliModel ? undefined : defaults.rate?.toString());
  const vusText = raw.vus ?? (cliModel ? undefined : defaults.vus?.toString());
  // A model chosen on the command line replaces the scenario's whole load shape, stages included.
  const stageTexts = raw.stage?.length ? raw.stage : cliModel ? [] : defaults.stages ?? [];
  const stagesLookOpen = stageTexts.some((s) => /\/[smh]\s*$/.test(s));
  const model: 'open' | 'closed' = rateText !== undefined || (vusText === undefined && stagesLookOpen) ? 'open' : 'closed';

  const rate = rateText !== undefined ? attempt(issues, () => parseRate('--rate', rateText)) : undefined;
  const vus = vusText !== undefined ? attempt(issues, () => parseCount('--vus', vusText)) : undefined;
  const stages = stageTexts.map((s) => attempt(issues, () => parseStage('--stage', s, model === 'open'))).filter((s): s is Stage => !!s);
  const durationText = raw.duration ?? (raw.iterations !== undefined ? undefined : defaults.duration);
  const durationMs = durationText !== undefined ? attempt(issues, () => parseDuration('--duration', durationText)) : undefined;
  const iterText = raw.iterations ?? (raw.duration !== undefined ? undefined : defaults.iterations?.toString());
  const iterations = iterText !== undefined ? attempt(issues, () => parseCount('--iterations', iterText)) : undefined;
  const warmupText = raw.warmup ?? defaults.warmup;
  const warmupMs = warmupText !== undefined ? attempt(issues, () => parseDuration('--warmup', warmupText, true)) ?? 0 : 0;
  const graceMs = raw.grace !== undefined ? attempt(issues, () => parseDuration('--grace', raw.grace!, true)) ?? DEFAULT_GRACE_MS : DEFAULT_GRACE_MS;

  const start = model === 'open' ? rate ?? 0 : vus ?? (stages.length ? 0 : DEFAULT_VUS);
  const stageTotal = stages.reduce((sum, s) => sum + s.durationMs, 0);
  let plannedMs: number | null = durationMs ?? (stages.length ? stageTotal : iterations !== undefined ? null : DEFAULT_DURATION_MS);
  if (model === 'open' && plannedMs === null && iterations === undefined) plannedMs = DEFAULT_DURATION_MS;
  const profile: Profile = stages.length
    ? { start, stages: holdUntil(stages, plannedMs) }
    : constantProfile(start, plannedMs);
  const peak = Math.max(start, ...stages.map((s) => s.target));
  if (model === 'open' && peak <= 0 && rateText === undefined && !stages.length) issues.push('--rate: an open model needs a rate greater than zero');
  if (model === 'closed' && peak < 1) issues.push('--vus: at least one VU is needed (or a --stage that ramps above 0)');
  if (plannedMs !== null && warmupMs >= plannedMs) issues.push(`--warmup ${warmupText}: must be shorter than the run (${plannedMs / 1000}s)`);
  if (durationMs !== undefined && stages.length && durationMs < stageTotal) {
    profile.stages = truncate(start, stages, durationMs);
  }
  const maxVusText = raw.maxVus ?? defaults.maxVus?.toString();
  const maxVus = maxVusText !== undefined ? attempt(issues, () => parseCount('--max-vus', maxVusText)) : undefined;
  if (model === 'closed' && raw.maxVus !== undefined) issues.push('--max-vus: only for the open model (--rate); with --vus the VU count is fixed');
  return {
    model,
    profile,
    maxVus: maxVus ?? Math.max(100, Math.min(10_000, Math.ceil(peak * 10))),
    iterations: iterations ?? null,
    durationMs: plannedMs === null ? null : plannedMs === Infinity ? null : Math.min(plannedMs, profileDurationMs(profile)),
    warmupMs,
    graceMs,
    ...(model === 'closed' ? { vus: Math.round(peak) } : { rate: rate ?? peak }),
    ...(stages.length ? { stages } : {}),
  };
}

/** Stages, then hold the last target until `plannedMs` when the run is longer than the stages. */
function holdUntil(stages: Stage[], plannedMs: number | null): Stage[] {
  const total = stages.reduce((sum, s) => sum + s.durationMs, 0);
  if (plannedMs === null) return [...stages, { durationMs: Number.POSITIVE_INFINITY, target: stages[stages.length - 1].target }];
  if (plannedMs <= total) return [...stages];
  return [...stages, { durationMs: plannedMs - total, target: stages[stages.length - 1].target }];
}

function truncate(start: number, stages: Stage[], durationMs: number): Stage[] {
  const out: Stage[] = [];
  let left = durationMs;
  let from = start;
  for (const s of stages) {
    if (left <= 0) break;
    if (s.durationMs <= left) out.push(s);
    else out.push({ durationMs: left, target: from + ((s.target - from) * left) / s.durationMs }); // ends early: the ramp is cut, not squeezed
    left -= s.durationMs;
    from = s.target;
  }
  return out;
}
