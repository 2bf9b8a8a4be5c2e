/** The executor of a run's load model, and the drivers it runs: scenario VUs or the quick-mode driver. */
import type { Plan } from '../config/plan.js';
import { ClosedExecutor } from '../load/closed.js';
import type { Clock, DriverFactory, Executor } from '../load/driver.js';
import { OpenExecutor } from '../load/open.js';
import { arrivalsOf } from './arrival-schedule.js';
import type { RunContext } from './context.js';
import { QuickDriver, quickRequest } from './quick-driver.js';
import type { Runtimes } from './runtimes.js';
import type { Warnings } from './warnings.js';

/** The open or closed executor the plan asks for. */
export function createExecutor(plan: Plan, createDriver: DriverFactory, deps: { clock: Clock; onLag: (lagMs: number) => void; warnings: Warnings }): Executor {
  const shard = plan.shard ? { index: plan.shard.index - 1, total: plan.shard.total } : undefined;
  if (plan.load.model === 'open') {
    return new OpenExecutor(
      {
        profile: plan.load.profile,
        arrivals: arrivalsOf(plan.load, plan.seed),
        maxVus: plan.load.maxVus,
        iterations: plan.load.iterations,
        shard,
        onLag: deps.onLag,
        warmupMs: plan.load.warmupMs,
        // Live only: the report counts dropped iterations and the summary explains them.
        onFirstDrop: () => deps.warnings.notify(`iterations are being dropped: all ${plan.load.maxVus} VUs (--max-vus) are busy`),
      },
      createDriver,
      deps.clock,
    );
  }
  return new ClosedExecutor({ profile: plan.load.profile, iterations: plan.load.iterations, shard, rampUpMs: plan.load.rampUpMs }, createDriver, deps.clock);
}

/** Scenario VUs, or quick mode's driver of one GET. */
export function driverFactory(plan: Plan, runtimes: Runtimes | null, ctx: RunContext): DriverFactory {
  if (runtimes) return (id, owner) => runtimes.createVu(id, owner, ctx);
  const path = plan.quickPath ?? '/';
  const request = quickRequest(ctx.origin, path, plan.headers);
  const step = `GET ${path.split('?')[0]}`;
  // The step is created with the first driver (ctx.step keeps it for the others).
  return (id, owner) => new QuickDriver(id, owner, ctx, request, ctx.step(step, plan.scenario.name));
}
