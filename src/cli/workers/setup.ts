/** `--workers`: setup() runs once, in the parent; its results must cross to the worker threads. teardown() runs there too, after them. */
import type { Plan, PlanTarget } from '../../config/plan.js';
import { LoadRun, type RunDeps } from '../../engine/run.js';
import type { ParentTeardown } from '../../engine/start.js';
import { ConfigError } from '../../errors.js';

/** Run every scenario's setup() here and check each result can be sent to a worker (structured clone). */
export async function setupForWorkers(plan: Plan, target: PlanTarget, deps: RunDeps): Promise<{ shared: unknown[] | null; requests: number; teardown: ParentTeardown }> {
  if (!plan.runnable) return { shared: null, requests: 0, teardown: async () => 0 };
  const { shared, requests, teardown } = await new LoadRun(plan, target, deps).setupOnly();
  const names = plan.runnable.kind === 'mix' ? plan.runnable.scenarios.map((e) => e.scenario.name) : [plan.runnable.name];
  shared.forEach((value, i) => {
    try {
      structuredClone(value);
    } catch (error) {
      throw new ConfigError(
        `setup() of scenario "${names[i]}" returned a value that cannot be sent to worker threads (${(error as Error).message}); ` +
          'with --workers, setup() must return plain data (objects, arrays, strings, numbers, Dates, Maps…), no functions or class instances with methods',
      );
    }
  });
  return { shared, requests, teardown };
}
