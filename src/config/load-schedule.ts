/** The schedule of a run: its profile (start value and stages) and planned length, from parsed load settings. Pure. */
import { constantProfile, type Profile } from '../load/profile.js';
import { DEFAULTS } from './defaults.js';
import type { Stage } from '../units.js';


/** What shapes the schedule: the model, its start value, the stages and the stop conditions. */
export interface LoadShape {
  model: 'open' | 'closed';
  /** Open model without stages: the constant rate. */
  rate?: number;
  /** Open model with stages: where the ramp starts (default 0). */
  startRate?: number;
  /** Closed model: the VUs, or where a ramp of VUs starts (default 0). */
  vus?: number;
  stages: Stage[];
  durationMs?: number;
  iterations?: number;
}

/** The profile to run, the planned length (null: only an iteration count ends it) and the peak target. */
export interface LoadSchedule {
  profile: Profile;
  plannedMs: number | null;
  peak: number;
}

/** Turn parsed settings into a profile: constant, or stages held or cut to the duration. */
export function scheduleLoad(parsed: LoadShape): LoadSchedule {
  const { model, rate, startRate, vus, durationMs, iterations } = parsed;
  const stages = parsed.stages.map(({ durationMs, target }) => ({ durationMs, target }));
  const start = model === 'open' ? (stages.length ? startRate : rate) ?? 0 : vus ?? (stages.length ? 0 : DEFAULTS.vus);
  const stageTotal = stages.reduce((sum, s) => sum + s.durationMs, 0);
  let plannedMs: number | null = durationMs ?? (stages.length ? stageTotal : iterations !== undefined ? null : DEFAULTS.durationMs);
  if (model === 'open' && plannedMs === null && iterations === undefined) plannedMs = DEFAULTS.durationMs;
  const profile: Profile = stages.length ? { start, stages: holdUntil(stages, plannedMs) } : constantProfile(start, plannedMs);
  if (durationMs !== undefined && stages.length && durationMs < stageTotal) profile.stages = truncate(start, stages, durationMs);
  const peak = Math.max(start, ...stages.map((s) => s.target));
  return { profile, plannedMs, peak };
}

/** Stages, then hold the last target until `plannedMs` when the run is longer than the stages. */
function holdUntil(stages: Stage[], plannedMs: number | null): Stage[] {
  const total = stages.reduce((sum, s) => sum + s.durationMs, 0);
  if (plannedMs === null) return [...stages, { durationMs: Number.POSITIVE_INFINITY, target: stages[stages.length - 1].target }];
  if (plannedMs <= total) return [...stages];
  return [...stages, { durationMs: plannedMs - total, target: stages[stages.length - 1].target }];
}

/** The stages up to `durationMs`: a ramp that is cut ends where it is, it is not squeezed. */
function truncate(start: number, stages: Stage[], durationMs: number): Stage[] {
  const out: Stage[] = [];
  let left = durationMs;
  let from = start;
  for (const s of stages) {
    if (left <= 0) break;
    if (s.durationMs <= left) out.push(s);
    else out.push({ durationMs: left, target: from + ((s.target - from) * left) / s.durationMs });
    left -= s.durationMs;
    from = s.target;
  }
  return out;
}
