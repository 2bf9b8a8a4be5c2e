/**
 * Arrival processes of the open model: when arrival j is due, as a function of the rate profile.
 *
 * Both processes share one clock of "expected arrivals", Λ(t) = ∫₀ᵗ rate: a constant process puts
 * arrival j at Λ = j; a Poisson process puts it at Λ = E₀ + … + E_j with E_i exponential of mean 1
 * (the time change of a unit-rate Poisson process). So both have the same mean rate at every
 * moment, ramps included, and arrival j is the same instant whichever shard computes it.
 */
import { arrivalsBy, arrivalTime, type Profile } from './profile.js';

/** How inter-arrival times are drawn: evenly spaced, or exponential (a Poisson process). */
export type ArrivalProcess = 'constant' | 'poisson';

/** The names accepted by `--arrivals`. */
export const ARRIVAL_PROCESSES: readonly ArrivalProcess[] = ['constant', 'poisson'];

/** When each arrival of a schedule is due. */
export interface ArrivalSchedule {
  /**
   * Due time (ms from the start) of arrival `j` (0-based, global), or null when the profile ends
   * before it. Cheapest when asked for non-decreasing `j`, as an executor walks its arrivals.
   */
  dueAt(j: number): number | null;
  /** How many arrivals are due strictly before `ms` (the global index of the first due at or after it). */
  countBefore(ms: number): number;
  /** How many arrivals are due at or before `ms`. */
  countBy(ms: number): number;
}

/** Evenly spaced arrivals: arrival j is due when the integral of the rate reaches j. */
export function constantArrivals(profile: Profile): ArrivalSchedule {
  const due = (j: number) => arrivalTime(profile, j);
  // The count is the integral of the rate; floating error is settled by the arrival times on either side.
  const count = (ms: number, inclusive: boolean): number => {
    const isDue = (j: number) => {
      const t = due(j);
      return t !== null && (inclusive ? t <= ms : t < ms);
    };
    let n = Math.max(0, Math.ceil(arrivalsBy(profile, ms) - 1e-9));
    while (n > 0 && !isDue(n - 1)) n--;
    while (isDue(n)) n++;
    return n;
  };
  return { dueAt: due, countBefore: (ms) => count(ms, false), countBy: (ms) => count(ms, true) };
}

/** One walk along a Poisson schedule: arrival `index` is due when Λ reaches `expected`. */
class PoissonCursor {
  index = -1;
  expected = 0;
  /** Λ of arrival index − 1 (null before the second arrival). */
  previous: number | null = null;
  private readonly uniform: () => number;

  constructor(makeUniform: () => () => number) {
    this.uniform = makeUniform();
  }

  /** Move on to arrival `j` (j ≥ index). */
  advanceTo(j: number): void {
    while (this.index < j) {
      if (this.index >= 0) this.previous = this.expected;
      // 1 − u is in (0, 1]: the logarithm is finite.
      this.expected += -Math.log(1 - this.uniform());
      this.index++;
    }
  }
}

/**
 * Poisson arrivals from a seeded source of uniform numbers in [0, 1): `makeUniform` returns a fresh
 * stream from the same seed each time, so the schedule can be walked again from the start when asked
 * about an arrival it has passed. Every index consumes one draw, also the indices another shard runs,
 * so that shards striped over the global index see one and the same schedule.
 */
export class PoissonArrivals implements ArrivalSchedule {
  private main: PoissonCursor;
  private probe: PoissonCursor;

  constructor(private readonly profile: Profile, private readonly makeUniform: () => () => number) {
    this.main = new PoissonCursor(makeUniform);
    this.probe = new PoissonCursor(makeUniform);
  }

  dueAt(j: number): number | null {
    if (j < this.main.index) this.main = new PoissonCursor(this.makeUniform);
    this.main.advanceTo(j);
    return arrivalTime(this.profile, this.main.expected);
  }

  countBefore(ms: number): number {
    return this.count((t) => t < ms);
  }

  countBy(ms: number): number {
    return this.count((t) => t <= ms);
  }

  /**
   * The index of the first arrival not `due` (due times never decrease, so all before it are). Walks on
   * from the last answer when its predecessor is still due (queries at growing times), else from 0.
   */
  private count(due: (t: number) => boolean): number {
    const isDue = (expected: number | null) => {
      const t = expected === null ? null : arrivalTime(this.profile, expected);
      return t !== null && due(t);
    };
    if (this.probe.index > 0 && !isDue(this.probe.previous)) this.probe = new PoissonCursor(this.makeUniform);
    if (this.probe.index < 0) this.probe.advanceTo(0);
    while (isDue(this.probe.expected)) this.probe.advanceTo(this.probe.index + 1);
    return this.probe.index;
  }
}

/** The schedule of `kind` over `profile`; `makeUniform` is only used by the Poisson process. */
export function arrivalSchedule(kind: ArrivalProcess, profile: Profile, makeUniform: () => () => number): ArrivalSchedule {
  return kind === 'poisson' ? new PoissonArrivals(profile, makeUniform) : constantArrivals(profile);
}
