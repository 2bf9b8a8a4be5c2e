/** The open model's arrival schedule for a plan: evenly spaced, or Poisson from the run's seed. */
import type { PlanLoad } from '../config/plan.js';
import { arrivalSchedule, type ArrivalSchedule } from '../load/arrivals.js';
import { mixSeed, SeededRandom } from '../scenario/rng.js';

/** Seed stream of the Poisson arrival times: the same on every shard, apart from the scenario's own. */
const ARRIVAL_STREAM = 0xa7714a1;

export function arrivalsOf(load: PlanLoad, seed: number): ArrivalSchedule {
  const streamSeed = mixSeed(seed, ARRIVAL_STREAM);
  return arrivalSchedule(load.arrivals ?? 'constant', load.profile, () => {
    const random = new SeededRandom(streamSeed);
    return () => random.next();
  });
}
