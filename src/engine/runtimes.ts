/** The scenarios of a run (one, or a weighted mix), their setup(), and VUs that pick among them. */
import { ConfigError, describeThrown } from '../errors.js';
import type { IterationOwner } from '../load/driver.js';
import { FeederTable, type LoadedData } from '../scenario/data-table.js';
import type { Feeder } from '../scenario/feeder-types.js';
import type { VuHost } from '../scenario/host.js';
import { mixSeed, pickWeighted } from '../scenario/rng.js';
import { ScenarioRuntime } from '../scenario/runtime.js';
import type { Runnable, Scenario } from '../scenario/types.js';
import { ScenarioVu } from '../scenario/vu.js';
import type { DurationRange } from '../units.js';
import { SetupHost, type RunSettings } from './context.js';

export interface Runtimes {
  list: ScenarioRuntime[];
  createVu(id: number, owner: IterationOwner, host: VuHost): ScenarioVu;
}

/** The feeders' data, and how rows are shared out (seed for `random`, shard for `unique`). */
export interface DataSource {
  data: LoadedData;
  seed: number;
  shard: { index: number; total: number } | null;
}

/**
 * Runtimes for a scenario or mix, with each scenario's think time as the Plan parsed it
 * (`Plan.thinkTimes`) and its feeders' tables.
 */
export function buildRuntimes(runnable: Runnable, thinkTimes: ReadonlyArray<DurationRange | null>, source: DataSource | null = null): Runtimes {
  const tables = feederTables(source);
  const runtime = (scenario: Scenario<any, any, any>, i: number) => new ScenarioRuntime(scenario, thinkTimes[i] ?? null, tables(scenario));
  const entries =
    runnable.kind === 'mix'
      ? runnable.scenarios.map((e, i) => ({ runtime: runtime(e.scenario, i), weight: e.weight }))
      : [{ runtime: runtime(runnable, 0), weight: 1 }];
  const list = entries.map((e) => e.runtime);
  const cumulative: number[] = [];
  entries.reduce((sum, e) => (cumulative.push(sum + e.weight), sum + e.weight), 0);
  const pick = list.length === 1 ? () => list[0] : (random: ScenarioVu['random']) => list[pickWeighted(random, cumulative)];
  return {
    list,
    createVu: (id, owner, host) => new ScenarioVu(id, owner, host, pick),
  };
}

/** One table per declared feeder (shared by the scenarios of a mix that use the same one). */
function feederTables(source: DataSource | null): (scenario: Scenario<any, any, any>) => FeederTable[] {
  const tables = new Map<Feeder<any>, FeederTable>();
  return (scenario) =>
    Object.entries((scenario.data ?? {}) as Record<string, Feeder<any>>).map(([name, feeder]) => {
      let table = tables.get(feeder);
      if (!table) {
        const loaded = source?.data.get(feeder);
        if (!loaded) throw new ConfigError(`scenario "${scenario.name}": data.${name} was not loaded (declare it with csv() or json())`);
        table = new FeederTable(name, loaded, mixSeed(source!.seed, tables.size + 1), source!.shard);
        tables.set(feeder, table);
      }
      return table;
    });
}

/**
 * Call `hook` once per scenario with a VU on `host` (outside any iteration), then wait for the
 * requests it left in flight (a Promise.all that rejected early): they are waited for and counted.
 */
async function eachScenario(runtimes: Runtimes, host: SetupHost, hook: (runtime: ScenarioRuntime, vu: ScenarioVu) => Promise<void>): Promise<number> {
  for (const runtime of runtimes.list) {
    const vu = new ScenarioVu(-1, null, host, () => runtime);
    vu.useRuntime(runtime);
    try {
      await hook(runtime, vu);
    } finally {
      await vu.finish();
    }
  }
  return host.requests;
}

/** Run each scenario's setup() once, before the measured run; returns the requests it sent. */
export function runSetup(runtimes: Runtimes, settings: RunSettings): Promise<number> {
  return eachScenario(runtimes, new SetupHost(settings), async (runtime, vu) => {
    const setup = runtime.scenario.setup;
    if (!setup) return;
    try {
      runtime.shared = await setup.call(runtime.scenario, vu);
    } catch (error) {
      throw new ConfigError(`setup() of scenario "${runtime.name}" failed: ${describeThrown(error)}`, { cause: error });
    }
  });
}

/**
 * Run each scenario's teardown() once after the load, with what its setup() returned; returns the
 * requests it sent. A teardown that throws is a warning: the run itself happened.
 */
export function runTeardown(runtimes: Runtimes, settings: RunSettings, host = new SetupHost(settings)): Promise<number> {
  return eachScenario(runtimes, host, async (runtime, vu) => {
    const teardown = runtime.scenario.teardown;
    if (!teardown) return;
    try {
      await teardown.call(runtime.scenario, vu, runtime.shared);
    } catch (error) {
      settings.warnings.warn(`teardown:${runtime.name}`, `teardown() of scenario "${runtime.name}" failed: ${describeThrown(error)}`);
    }
  });
}
