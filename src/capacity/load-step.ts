/**
 * One capacity step = one LoadRun of the open model at a constant rate for `hold`, against the same
 * target with the same connection settings, its first `warmupStep` excluded by the Recorder. Requests
 * in flight are sampled over the judged window for Little's law and the USL. The step's Report is built
 * by report/, its SLAs judged by sla/, as for any run.
 */
import type { Plan } from '../config/plan.js';
import { LoadRun, type RunDeps } from '../engine/run.js';
import { constantProfile } from '../load/profile.js';
import { defaultMaxVus } from '../config/defaults.js';
import { buildReport, type ReportMeta } from '../report/build.js';
import type { CapacityReport } from '../report/capacity-types.js';
import type { StepRun } from './measure-step.js';
import type { StepPhase } from './planner.js';

/** How often requests in flight are sampled during a step's window. */
export const CONCURRENCY_SAMPLE_MS = 25;

export interface StepContext {
  /** The validated plan of the search (scenario, target, HTTP, SLAs, seed); its load is replaced per step. */
  plan: Plan;
  target: { origin: string; basePath: string };
  settings: CapacityReport['settings'];
  /** `--max-vus` when given; otherwise ten times each step's rate. */
  maxVus: number | null;
  deps: RunDeps;
  /** Report metadata of a step (run id, version, environment, target URL). */
  meta: (rate: number) => ReportMeta;
}

/** The plan of one step: the search's plan holding `rate` for `hold`. */
export function stepPlan(plan: Plan, rate: number, settings: CapacityReport['settings'], maxVus: number | null): Plan {
  const { holdMs, warmupStepMs, arrivals } = settings;
  return {
    ...plan,
    load: {
      model: 'open',
      profile: constantProfile(rate, holdMs),
      maxVus: maxVus ?? defaultMaxVus(rate),
      iterations: null,
      durationMs: holdMs,
      warmupMs: warmupStepMs,
      graceMs: plan.load.graceMs,
      rampUpMs: 0,
      rate,
      arrivals,
    },
  };
}

/** Runs steps one at a time; `stop()` ends the step in progress (its grace period still applies). */
export class StepRunner {
  private current: LoadRun | null = null;

  constructor(private readonly ctx: StepContext) {}

  stop(reason: string): void {
    this.current?.stop(reason);
  }

  forceStop(reason: string): void {
    this.current?.forceStop(reason);
  }

  async run(rate: number, index: number, phase: StepPhase): Promise<StepRun> {
    const { settings } = this.ctx;
    const plan = stepPlan(this.ctx.plan, rate, settings, this.ctx.maxVus);
    const run = new LoadRun(plan, this.ctx.target, this.ctx.deps);
    this.current = run;
    const started = performance.now();
    const window = { from: settings.warmupStepMs, to: settings.holdMs };
    let samples = 0;
    let sum = 0;
    const sampler = setInterval(() => {
      const p = run.progress();
      if (p.elapsedMs < window.from || p.elapsedMs > window.to) return;
      samples++;
      sum += p.inFlight;
    }, CONCURRENCY_SAMPLE_MS);
    try {
      const result = await run.execute();
      const report = buildReport(plan, result, this.ctx.meta(rate));
      return { index, phase, offeredRate: rate, report, concurrency: samples ? sum / samples : 0, windowMs: window, durationMs: performance.now() - started };
    } finally {
      clearInterval(sampler);
      this.current = null;
    }
  }
}
