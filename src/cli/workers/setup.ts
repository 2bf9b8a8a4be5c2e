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
    let problem: string | null;
    try {
      structuredClone(value);
      // A class instance clones without an error, as a plain object: its methods would be gone in the workers.
      problem = classInstanceIn(value, 'the result', new Set());
    } catch (error) {
      problem = (error as Error).message;
    }
    if (problem !== null) {
      throw new ConfigError(
        `setup() of scenario "${names[i]}" returned a value that cannot be sent to worker threads (${problem}); ` +
          'with --workers, setup() must return plain data (objects, arrays, strings, numbers, Dates, Maps…), no functions or class instances with methods',
      );
    }
  });
  return { shared, requests, teardown };
}

/** Objects structured clone keeps as they are (their prototype survives the copy). */
const CLONED_AS_IS: ReadonlyArray<abstract new (...args: never[]) => unknown> = [Date, RegExp, Map, Set, ArrayBuffer, DataView, Error, Boolean, Number, String];

/** Where `value` holds an instance of a class of its own (its prototype is lost in a clone), or null. */
export function classInstanceIn(value: unknown, path: string, seen: Set<object>): string | null {
  if (typeof value !== 'object' || value === null || seen.has(value)) return null;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !CLONED_AS_IS.some((type) => value instanceof type)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name || 'a class';
    return `${path} is an instance of ${name}, whose methods would be lost`;
  }
  const entries: Array<[string, unknown]> = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v]) : value instanceof Set ? [...value].map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, item] of entries) {
    const found = classInstanceIn(item, `${path}.${key}`, seen);
    if (found) return found;
  }
  return null;
}
