/**
 * The options of `crmload capacity` that shape the search, validated all at once (ConfigError with one
 * issue per problem) before any request. Pure.
 */
import { attempt } from '../config/load-model.js';
import { parseDuration, parseRate } from '../units.js';
import { ConfigError } from '../errors.js';
import type { CapacityReport } from '../report/capacity-types.js';
import type { Growth, PlannerOptions } from './planner.js';

/** The search options as the command line gives them. */
export interface RawSearchOptions {
  start?: string;
  step?: string;
  factor?: string;
  hold?: string;
  max?: string;
  precision?: string;
  warmupStep?: string;
}

export const SEARCH_DEFAULTS = { start: '10/s', factor: '2', hold: '30s', precision: '5%', warmupStep: '5s' } as const;
/** A step's judged window must hold at least one whole timeline bucket. */
const MIN_WINDOW_MS = 1000;
/** No search runs more steps than this (a climb by a tiny --step would never end). */
export const MAX_STEPS = 50;

export interface SearchPlan {
  planner: PlannerOptions;
  settings: CapacityReport['settings'];
}

/** The search options; `arrivals` comes from the validated run plan (`--arrivals`). */
export function parseSearchOptions(raw: RawSearchOptions, arrivals: 'constant' | 'poisson'): SearchPlan {
  const issues: string[] = [];
  const start = attempt(issues, () => parseRate('--start', raw.start ?? SEARCH_DEFAULTS.start));
  const max = raw.max !== undefined ? attempt(issues, () => parseRate('--max', raw.max!)) : null;
  const growth = parseGrowth(raw, issues);
  const holdMs = attempt(issues, () => parseDuration('--hold', raw.hold ?? SEARCH_DEFAULTS.hold));
  const warmupStepMs = attempt(issues, () => parseDuration('--warmup-step', raw.warmupStep ?? SEARCH_DEFAULTS.warmupStep, true));
  const precision = parsePrecision(raw.precision ?? SEARCH_DEFAULTS.precision, issues);
  if (holdMs !== undefined && warmupStepMs !== undefined && holdMs - warmupStepMs < MIN_WINDOW_MS) {
    issues.push(`--hold ${raw.hold ?? SEARCH_DEFAULTS.hold} with --warmup-step ${raw.warmupStep ?? SEARCH_DEFAULTS.warmupStep}: each step needs at least 1s after its warm-up to be judged`);
  }
  if (start !== undefined && max !== undefined && max !== null && max < start) issues.push(`--max ${raw.max}: below --start (${start}/s)`);
  if (issues.length) throw new ConfigError(issues);
  return {
    planner: { start: start!, growth: growth!, max: max ?? null, precision: precision!, maxSteps: MAX_STEPS },
    settings: {
      startRate: start!,
      ...(growth!.kind === 'step' ? { stepRate: growth!.by } : { factor: growth!.by }),
      holdMs: holdMs!,
      warmupStepMs: warmupStepMs!,
      maxRate: max ?? null,
      precision: Math.round(precision! * 100_000) / 1000,
      arrivals,
    },
  };
}

function parseGrowth(raw: RawSearchOptions, issues: string[]): Growth | undefined {
  if (raw.step !== undefined && raw.factor !== undefined) {
    issues.push('--step and --factor: choose one (--step adds a rate after each passing step, --factor multiplies it)');
    return undefined;
  }
  if (raw.step !== undefined) {
    const by = attempt(issues, () => parseRate('--step', raw.step!));
    return by === undefined ? undefined : { kind: 'step', by };
  }
  const text = raw.factor ?? SEARCH_DEFAULTS.factor;
  const by = Number(text.trim());
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !(by > 1)) {
    issues.push(`--factor ${JSON.stringify(text)}: expected a number greater than 1, like 1.5 or 2`);
    return undefined;
  }
  return { kind: 'factor', by };
}

/** `5%` or `5` (percent) → 0.05; must be above 0 and below 100. */
function parsePrecision(text: string, issues: string[]): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const percent = m ? Number(m[1]) : NaN;
  if (percent > 0 && percent < 100) return percent / 100;
  issues.push(`--precision ${JSON.stringify(text)}: expected a percentage above 0 and below 100, like 5%`);
  return undefined;
}
