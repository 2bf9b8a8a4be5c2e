/**
 * Load profiles as pure functions of time: how many VUs should run (closed model) and when
 * arrival j is due (open model). Stages ramp linearly from the previous target, k6 style.
 */

export interface Stage {
  durationMs: number;
  target: number;
}

/** A piecewise-linear profile: `start` at t = 0, then each stage ramps to its target. */
export interface Profile {
  start: number;
  stages: readonly Stage[];
}

/** A constant profile for `durationMs` (or for ever when null). */
export function constantProfile(value: number, durationMs: number | null): Profile {
  return { start: value, stages: [{ durationMs: durationMs ?? Number.POSITIVE_INFINITY, target: value }] };
}

/** The highest value the profile reaches (it is piecewise linear: at its start or a stage's end). */
export function peakValue(profile: Profile): number {
  return profile.stages.reduce((peak, s) => Math.max(peak, s.target), profile.start);
}

export function profileDurationMs(profile: Profile): number {
  return profile.stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** The profile's value (VUs or rate) at `elapsedMs`; the last target holds after the end. */
export function valueAt(profile: Profile, elapsedMs: number): number {
  let from = profile.start;
  let t = elapsedMs;
  for (const stage of profile.stages) {
    if (t < stage.durationMs) return from + ((stage.target - from) * t) / stage.durationMs;
    t -= stage.durationMs;
    from = stage.target;
  }
  return from;
}

/** Closed model: whole VUs wanted at `elapsedMs` (rounded down while ramping, like k6). */
export function vusAt(profile: Profile, elapsedMs: number): number {
  return Math.floor(valueAt(profile, elapsedMs) + 1e-9);
}

/**
 * Open model: the due time (ms from the start) of arrival `j` (0-based) for a rate profile in
 * iterations per second, or null when the profile ends before it. Arrival j is due when the
 * integral of the rate reaches j: the first arrival is at t = 0 whenever the rate starts above 0.
 */
export function arrivalTime(profile: Profile, j: number): number | null {
  let remaining = j; // arrivals still to account for, in "iterations"
  let offset = 0;
  let from = profile.start;
  for (const stage of profile.stages) {
    const d = stage.durationMs / 1000;
    const to = stage.target;
    const area = Number.isFinite(d) ? ((from + to) / 2) * d : Number.POSITIVE_INFINITY;
    if (remaining < area || (remaining === 0 && (from > 0 || to > 0))) {
      const t = solveRamp(from, to, d, remaining);
      if (t !== null) return offset + t * 1000;
    }
    remaining -= area;
    offset += stage.durationMs;
    from = to;
  }
  return null;
}

/** Time t in [0, d) seconds at which ∫₀ᵗ rate = n, for a rate ramping linearly from a to b over d. */
function solveRamp(a: number, b: number, d: number, n: number): number | null {
  if (!Number.isFinite(d) || Math.abs(b - a) < 1e-12) return a > 0 ? n / a : null;
  const k = (b - a) / d; // rate(t) = a + k t; ∫ = a t + k t² / 2 = n
  const disc = a * a + 2 * k * n;
  if (disc < 0) return null;
  const t = (-a + Math.sqrt(disc)) / k;
  return t >= 0 && t <= d ? t : null;
}

/** Number of arrivals due in [0, elapsedMs] (for progress and reconciliation). */
export function arrivalsBy(profile: Profile, elapsedMs: number): number {
  let count = 0;
  let t = 0;
  let from = profile.start;
  for (const stage of profile.stages) {
    const span = Math.min(stage.durationMs, elapsedMs - t);
    if (span <= 0) break;
    const rateEnd = from + ((stage.target - from) * span) / stage.durationMs;
    count += ((from + rateEnd) / 2) * (span / 1000);
    t += stage.durationMs;
    from = stage.target;
  }
  return count;
}

/**
 * The schedule's mean arrival rate (per second) over [fromMs, toMs): what was offered in that window,
 * ramps included. 0 for an empty window.
 */
export function offeredRate(profile: Profile, fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return 0;
  return (arrivalsBy(profile, toMs) - arrivalsBy(profile, fromMs)) / ((toMs - fromMs) / 1000);
}
