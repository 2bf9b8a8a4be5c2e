/** A LoadRun on a fake clock against a fake target, for in-process engine tests. */
import type { Plan } from '../../src/config/plan.js';
import { LoadRun } from '../../src/engine/run.js';
import type { RunDeps } from '../../src/engine/run-deps.js';
import type { FakeClock } from './fake-clock.js';
import type { FakeTarget } from './fake-dispatcher.js';

export const FAKE_ORIGIN = 'http://127.0.0.1:9';

/** The run of `plan` against `target` (its origin FAKE_ORIGIN), everything on `clock`; `deps` adds to the defaults. */
export function fakeRun(plan: Plan, clock: FakeClock, target: FakeTarget, deps: Partial<RunDeps> = {}): LoadRun {
  return new LoadRun(plan, { origin: FAKE_ORIGIN, basePath: '' }, {
    env: {},
    cpuUsage: () => ({ user: 0, system: 0 }),
    wallClock: () => new Date(0),
    clock,
    connect: target.connect,
    ...deps,
  });
}
