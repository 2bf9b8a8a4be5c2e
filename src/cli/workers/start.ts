/** Wiring `--workers` into `crmload run`: setup() and teardown() in the parent, the pool, and the merged report's last touches. */
import type { RawRunOptions } from '../../config/options.js';
import type { Plan, PlanTarget } from '../../config/plan.js';
import type { ScaleOptions } from '../../config/scale.js';
import type { RunDeps } from '../../engine/run.js';
import type { ReportMeta } from '../../report/build.js';
import type { Report } from '../../report/types.js';
import type { CliIo } from '../io.js';
import { releaseYoungGeneration } from '../v8-tuning.js';
import { WorkerPool } from './pool.js';
import { setupForWorkers } from './setup.js';

export interface WorkerRunInput {
  plan: Plan;
  target: PlanTarget;
  deps: RunDeps;
  raw: RawRunOptions;
  io: CliIo;
  file: string | undefined;
  scenarioArg: string | undefined;
  scale: ScaleOptions;
  planHash: string;
  /** The environment for vu.env() (with `-e` on top). */
  env?: Record<string, string | undefined>;
}

export interface WorkerRun {
  pool: WorkerPool;
  /** The merged report as this run's: its id and abort reason, the parent's setup() and CPU. */
  finish(merged: Report, meta: ReportMeta): Report;
}

export async function startWorkers(input: WorkerRunInput): Promise<WorkerRun> {
  const { plan, target, deps, raw, io, scale } = input;
  releaseYoungGeneration(); // each worker thread's heap grows as V8 likes
  const setup = await setupForWorkers(plan, target, deps);
  const cpuBefore = process.cpuUsage();
  const pool = new WorkerPool({
    workers: scale.workers,
    init: {
      scenarioFile: input.file ?? null,
      scenarioArg: input.scenarioArg,
      raw,
      env: { ...(input.env ?? io.env) },
      target: { origin: target.origin, basePath: target.basePath, url: target.url },
      demo: plan.target === null,
      shared: setup.shared,
      planHash: input.planHash,
      version: io.version,
      ca: deps.ca ? new Uint8Array(deps.ca) : null,
    },
    startAtMs: scale.startAtMs,
    plannedMs: plan.load.durationMs,
    graceMs: plan.load.graceMs,
    measure: plan.slas.some((s) => s.abortOnFail),
    live: raw.metricsPort !== undefined,
    onWarning: (m) => deps.onWarning?.(m),
    onSecret: (v) => deps.onSecret?.(v),
    runId: 'workers',
    teardown: setup.teardown,
  });
  return {
    pool,
    finish(merged, meta) {
      // Worker threads share this process: its CPU time is the run's (theirs, summed, would count it N times).
      const cpu = process.cpuUsage(cpuBefore);
      const wallMs = Math.max(1, merged.run.durationMs);
      const userMs = Math.round(cpu.user / 1000);
      const systemMs = Math.round(cpu.system / 1000);
      return {
        ...merged,
        run: {
          ...merged.run,
          id: meta.runId,
          status: meta.abortReason ? 'aborted' : 'completed',
          ...(meta.abortReason ? { abortReason: meta.abortReason } : {}),
          setupRequests: merged.run.setupRequests + setup.requests,
        },
        generator: { ...merged.generator, cpu: { userMs, systemMs, percent: Math.round(((userMs + systemMs) / wallMs) * 1000) / 10 } },
      };
    },
  };
}
