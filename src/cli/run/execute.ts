/**
 * `crmload run`, phase 2: the run itself. Signal handling, the demo server child (when there is no
 * `--target`), the progress line and the `--abort-on-fail` watch live exactly as long as the run;
 * the signal handlers and the demo child stay until the caller's cleanup, after the reports.
 */
import type { Plan, PlanTarget } from '../../config/plan.js';
import { parseTargetUrl } from '../../config/target.js';
import { LoadRun, type RunDeps, type RunResult } from '../../engine/run.js';
import type { ReportMeta } from '../../report/build.js';
import type { Report } from '../../report/types.js';
import { ConfigError } from '../../errors.js';
import { startAbortWatch } from '../abort-watch.js';
import { startDemoChild } from '../demo-child.js';
import type { CliIo } from '../io.js';
import { ProgressLine } from '../progress.js';
import { onSignals, type SignalName } from '../signals.js';
import type { WorkerPool } from '../workers/pool.js';
import { startWorkers } from '../workers/start.js';
import { releaseYoungGeneration, youngGenerationFor } from '../v8-tuning.js';
import { peakValue } from '../../load/profile.js';
import type { PreparedRun } from './prepare.js';

/** What the run did, for the finish phase. */
export interface ExecutedRun {
  /** What was measured; null when a signal stopped crmload before the run began. */
  result: RunResult | null;
  /** `--workers`: the workers' merged report, completed with the run's metadata (instead of `result`). */
  merged?: ((meta: ReportMeta) => Report) | null;
  /** The target as reported (the demo server's URL when crmload started it). */
  targetUrl: string;
  /** The first signal received so far (it may still arrive while the reports are written). */
  readonly signal: SignalName | null;
  /** The `--abort-on-fail` verdict that stopped the run (`SLA failed: …`), if any. */
  slaAbort: string | null;
  /** Set when the run could not finish (crmload's own bug, see cli/stall.ts): the report is aborted with it. */
  internalError?: string;
}

/** Registers a cleanup, run by the caller (in registration order) once the reports are written. */
export type Defer = (cleanup: () => unknown) => void;

/** Run the Plan; signals stop it gracefully (first) or at once (second). */
export async function executeRun(prepared: PreparedRun, io: CliIo, defer: Defer, onRun?: (run: LoadRun, targetUrl: string) => void): Promise<ExecutedRun> {
  const { plan, raw, redactor, ca } = prepared;
  let signal: SignalName | null = null;
  let run: LoadRun | WorkerPool | null = null;
  const signals = onSignals(
    (s) => {
      signal = s;
      io.stderr.write(`\ncrmload: ${s} received: stopping, in-flight requests have ${plan.load.graceMs / 1000}s to finish (again to stop now)\n`);
      run?.stop(s);
    },
    (s) => {
      io.stderr.write(`crmload: ${s} again: stopping now\n`);
      run?.forceStop(s);
    },
  );
  defer(() => signals.dispose());
  defer(() => prepared.observe.close());
  const target = plan.target ?? (await startDemo(plan, prepared.demoArgs, defer));
  const executed = (result: RunResult | null, slaAbort: string | null, merged: ExecutedRun['merged'] = null): ExecutedRun => ({
    result,
    merged,
    targetUrl: target.url,
    get signal() {
      return signal;
    },
    slaAbort,
  });
  const progress = await ProgressLine.create({ stream: io.stderrStream, tty: io.stderrTTY, enabled: !raw.quiet && (io.stderrTTY || raw.progress !== false) }, () => run!.progress());
  const deps: RunDeps = {
    env: prepared.env,
    onHttpDebug: (text) => progress.log(redactor.redact(text).replace(/\n$/, '')),
    cpuUsage: () => process.cpuUsage(),
    wallClock: () => new Date(),
    ca,
    onWarning: (m) => !raw.quiet && progress.log(redactor.redact(`crmload: warning: ${m}`)),
    onSecret: (v) => redactor.add(v),
    scale: { startAtMs: prepared.scale.startAtMs },
    // Worker threads skip it: they start together at an instant 100 ms after they are ready.
    selfWarmUp: true,
  };
  if (youngGenerationFor(plan.load.model, peakValue(plan.load.profile)) === 'v8') releaseYoungGeneration();
  const workers = prepared.scale.workers > 1 ? await startWorkers({ ...prepared, target, deps, io }) : null;
  run = workers?.pool ?? new LoadRun(plan, target, deps);
  const warn = (m: string) => !raw.quiet && progress.log(redactor.redact(`crmload: warning: ${m}`));
  if (run instanceof LoadRun) onRun?.(run, target.url);
  prepared.observe.attach(run, target, { warn, redact: (t) => redactor.redact(t) });
  // A signal before the run (even before crmload had loaded) stops it at once: nothing is sent, and
  // the report says it was aborted.
  if (signal) run.stop(signal);
  const abortWatch = startAbortWatch(plan, run);
  progress.start();
  try {
    if (workers) {
      const report = await workers.pool.execute();
      return executed(null, abortWatch.reason, (meta) => workers.finish(report, meta));
    }
    return executed(await (run as LoadRun).execute(), abortWatch.reason);
  } catch (error) {
    // setup() may have thrown a value holding a secret it had read through env().
    if (error instanceof ConfigError) throw new ConfigError(error.issues.map((i) => redactor.redact(i)), { cause: error });
    throw error;
  } finally {
    progress.stop();
    abortWatch.stop();
  }
}

/** The demo server in a child process, stopped by the caller's cleanup. */
export async function startDemo(plan: Plan, extraArgs: string[], defer: Defer): Promise<PlanTarget> {
  const demo = await startDemoChild({ seed: plan.seed, extraArgs });
  defer(() => demo.stop());
  const target = parseTargetUrl('demo', demo.url);
  if (typeof target === 'string') throw new Error(`demo server gave an invalid URL: ${demo.url}`);
  return target;
}
