import type { Mix, MixDefinition, Scenario, ScenarioDefinition } from './types.js';

/** Declare a scenario; the object is returned as is, typed and tagged. */
export function defineScenario<Shared = unknown>(definition: ScenarioDefinition<Shared>): Scenario<Shared> {
  return { ...definition, kind: 'scenario' };
}

/** Declare a weighted mix: each iteration runs one scenario picked by weight from the seeded RNG. */
export function defineMix(definition: MixDefinition): Mix {
  return { ...definition, kind: 'mix' };
}
