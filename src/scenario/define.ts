import type { FeederMap } from './feeder-types.js';
import type { Mix, MixDefinition, Scenario, ScenarioDefinition } from './types.js';

/**
 * Declare a scenario; the object is returned as is, typed and tagged. `Shared` is what setup()
 * returns, `D` the feeders (inferred from `data`: `vu.data.users` is typed by `csv<User>()`), `State`
 * the type of `vu.state`.
 */
export function defineScenario<Shared = unknown, D extends FeederMap = FeederMap, State extends object = Record<string, any>>(
  definition: ScenarioDefinition<Shared, D, State>,
): Scenario<Shared, D, State> {
  return { ...definition, kind: 'scenario' };
}

/** Declare a weighted mix: each iteration runs one scenario picked by weight from the seeded RNG. */
export function defineMix(definition: MixDefinition): Mix {
  return { ...definition, kind: 'mix' };
}
