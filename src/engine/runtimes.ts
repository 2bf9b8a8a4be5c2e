/** The scenarios of a run (one, or a weighted mix), their setup(), and VUs that pick among them. */
import { ConfigError, describeThrown } from '../errors.js';
import type { IterationOwner } from '../load/driver.js';
import type { VuHost } from '../scenario/host.js';
import { pickWeighted } from '../scenario/rng.js';
import { ScenarioRuntime } from '../scenario/runtime.js';
import type { Runnable } from '../scenario/types.js';
import { ScenarioVu } from '../scenario/vu.js';
import { parseDurationRange, type DurationRange } from '../units.js';
import { SetupHost, type RunSettings } from './context.js';

export interface Runtimes {
  list: ScenarioRuntime[];
  createVu(id: number, owner: IterationOwner, host: VuHost): ScenarioVu;
  wakeSleepers(): void;
}

/** Runtimes for a scenario or mix, with each scenario's think time as the Plan parsed it (`Plan.thinkTimes`). */
export function buildRuntimes(runnable: Runnable, thinkTimes: ReadonlyArray<DurationRange | null>): Runtimes {
  const entries =
    runnable.kind === 'mix'
      ? runnable.scenarios.map((e, i) => ({ runtime: new ScenarioRuntime(e.scenario, thinkTimes[i] ?? null), weight: e.weight }))
      : [{ runtime: new ScenarioRuntime(runnable, thinkTimes[0] ?? null), weight: 1 }];
  const list = entries.map((e) => e.runtime);
  const cumulative: number[] = [];
  entries.reduce((sum, e) => (cumulative.push(sum + e.weight), sum + e.weight), 0);
  const pick = list.length === 1 ? () => list[0] : (random: ScenarioVu['random']) => list[pickWeighted(random, cumulative)];
  return {
    list,
    createVu: (id, owner, host) => new ScenarioVu(id, owner, host, pick),
    wakeSleepers: () => list.forEach((r) => r.wakeSleepers()),
  };
}

/** Run each scenario's setup() once, before the measured run; returns the requests it sent. */
export async function runSetup(runtimes: Runtimes, settings: RunSettings): Promise<number> {
  const host = new SetupHost(settings);
  for (const runtime of runtimes.list) {
    const setup = runtime.scenario.setup;
    if (!setup) continue;
    const vu = new ScenarioVu(-1, null, host, () => runtime);
    vu.useRuntime(runtime);
    try {
      runtime.shared = await setup.call(runtime.scenario, vu);
    } catch (error) {
      throw new ConfigError(`setup() of scenario "${runtime.name}" failed: ${describeThrown(error)}`, { cause: error });
    } finally {
      // Requests still in flight (a Promise.all that rejected early) are waited for and counted.
      await vu.finish();
    }
  }
  return host.requests;
}
