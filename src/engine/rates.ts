/**
 * The offered and achieved iteration rates of a run, over the same window: the measured part of the
 * schedule (after the warm-up, up to the schedule's end or the stop). Offered is the schedule's mean
 * over that window, ramps included, not its start rate. Pure.
 */
import { offeredRate, profileDurationMs, type Profile } from '../load/profile.js';
import type { TimelinePoint } from '../report/types.js';

export interface ScheduleWindow {
  model: 'open' | 'closed';
  profile: Profile;
  warmupMs: number;
  /** When the executor stopped starting iterations, ms from the start of the run. */
  scheduleEndMs: number;
}

export interface Rates {
  /** Open model: iterations per second the schedule offered in the window; null in the closed model. */
  offeredRate: number | null;
  /** Measured iterations started per second of the window. */
  achievedRate: number;
}

/** Offered and achieved rates over the measured window; `started` counts measured iterations only. */
export function scheduleRates(window: ScheduleWindow, started: number): Rates {
  const from = window.warmupMs;
  const to = window.model === 'open' ? Math.min(window.scheduleEndMs, profileDurationMs(window.profile)) : window.scheduleEndMs;
  const seconds = Math.max(0, to - from) / 1000;
  return {
    offeredRate: window.model === 'open' ? round1(offeredRate(window.profile, from, to)) : null,
    achievedRate: seconds > 0 ? round1(started / seconds) : 0,
  };
}

/** The timeline with each bucket's offered rate (open model): what the schedule asked for, beside what happened. */
export function withOfferedRates(timeline: TimelinePoint[], profile: Profile, shards = 1): TimelinePoint[] {
  // A shard is offered its stripe: 1/shards of the schedule.
  return timeline.map((p) => ({ ...p, offered: Math.round((offeredRate(profile, p.t * 1000, (p.t + p.span) * 1000) / shards) * 1000) / 1000 }));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
