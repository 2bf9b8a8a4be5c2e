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
      problem = classInstanceIn(value, 'the result');
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

/**
 * Where `value` holds an instance of a class of its own (its prototype is lost in a clone), or null.
 * Walked with a stack of its own: data nested deeper than the call stack allows is still plain data.
 */
export function classInstanceIn(value: unknown, path: string): string | null {
  const seen = new Set<object>();
  const todo: Array<[unknown, string]> = [[value, path]];
  while (todo.length > 0) {
    const [item, at] = todo.pop()!;
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    const proto: unknown = Object.getPrototypeOf(item);
    if (proto !== Object.prototype && proto !== null && !Array.isArray(item) && !ArrayBuffer.isView(item) && !CLONED_AS_IS.some((type) => item instanceof type)) {
      const name = (proto as { constructor?: { name?: string } }).constructor?.name || 'a class';
      return `${at} is an instance of ${name}, whose methods would be lost`;
    }
    const entries: Array<[string, unknown]> = item instanceof Map ? [...item.entries()].map(([k, v]) => [String(k), v]) : item instanceof Set ? [...item].map((v, i) => [String(i), v]) : Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) todo.push([entries[i][1], `${at}.${entries[i][0]}`]);
  }
  return null;
}
