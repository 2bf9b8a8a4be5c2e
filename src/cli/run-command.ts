/**
 * `crmload run`: options → Plan → target → run → Report → reports and exit code. Every check that
 * can fail on input happens before the first request; reports are written before the verdict.
 */
import { readFileSync } from 'node:fs';
import { buildPlan } from '../config/build-plan.js';
import type { RawRunOptions } from '../config/options.js';
import type { Plan, PlanTarget } from '../config/plan.js';
import { parseTargetUrl } from '../config/target.js';
import { LoadRun, type RunResult } from '../engine/run.js';
import { ConfigError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Comparison, Tolerances } from '../report/compare.js';
import { buildReport } from '../report/build.js';
import { Redactor } from '../report/redact.js';
import type { Report } from '../report/types.js';
import { startDemoChild, type DemoChild } from './demo-child.js';
import { startAbortWatch } from './abort-watch.js';
import { checkAllOutputs, writeReports } from './report-files.js';
import { environment, runId, type CliIo } from './io.js';
import { checkFileLimit, preflight } from './preflight.js';
import { ProgressLine } from './progress.js';
import { loadScenario, requiredEnvNames, resolveScenarioPath } from './scenario-file.js';
import { onSignals, SIGNAL_EXIT, type SignalName } from './signals.js';

export async function runCommand(scenarioArg: string | undefined, raw: RawRunOptions, io: CliIo): Promise<number> {
  const redactor = new Redactor();
  const file = scenarioArg !== undefined ? resolveScenarioPath(scenarioArg, io.cwd) : undefined;
  const runnable = file ? await loadScenario(file) : null;
  if (file) checkEnv(readFileSync(file, 'utf8'), io.env);
  const { plan, secrets } = buildPlan({ raw, runnable, scenarioFile: scenarioArg });
  secrets.forEach((s) => redactor.add(s));
  const outputIssues = checkAllOutputs(raw);
  if (outputIssues.length) throw new ConfigError(outputIssues);
  const baseline = raw.baseline !== undefined ? await readBaseline(raw) : null;
  const ca = plan.http.caFile ? readCa(plan.http.caFile) : undefined;
  checkFileLimit(plan.http.connections);
  if (plan.target) await preflight(plan.target, { verify: plan.http.verifyTls, ca });
  if (!plan.http.verifyTls) io.stderr.write('crmload: warning: TLS certificates are not verified (--insecure)\n');

  let signal: SignalName | null = null;
  let run: LoadRun | null = null;
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
  let demo: DemoChild | null = null;
  try {
    const target = plan.target ?? (await startDemo(plan, (d) => (demo = d)));
    if (signal) return SIGNAL_EXIT[signal];
    const progress = new ProgressLine({ stream: io.stderrStream, tty: io.stderrTTY, enabled: !raw.quiet && (io.stderrTTY || raw.progress !== false) }, () => run!.progress());
    run = new LoadRun(plan, target, {
      env: io.env,
      cpuUsage: () => process.cpuUsage(),
      wallClock: () => new Date(),
      ca,
      onWarning: (m) => !raw.quiet && progress.log(redactor.redact(`crmload: warning: ${m}`)),
      onSecret: (v) => redactor.add(v),
    });
    if (signal) run.stop(signal);
    const abortWatch = startAbortWatch(plan, run);
    progress.start();
    let result: RunResult;
    try {
      result = await run.execute();
    } finally {
      progress.stop();
      abortWatch.stop();
    }
    const abortReason = signal ?? abortWatch.reason ?? null;
    const report = buildReport(plan, result, {
      runId: runId(new Date()),
      version: io.version,
      environment: environment(io.version),
      targetUrl: target.url,
      demo: plan.target === null,
      abortReason,
    });
    const comparison = baseline ? (await import('../report/compare.js')).compareReports(baseline.report, report, baseline.tolerances) : null;
    if (comparison) report.comparison = comparison;
    await writeReports(raw, report, comparison, io, redactor);
    if (signal) return SIGNAL_EXIT[signal as SignalName];
    return verdictCode(report, comparison, abortWatch.reason !== null);
  } finally {
    signals.dispose();
    await (demo as DemoChild | null)?.stop();
  }
}

function verdictCode(report: Report, comparison: Comparison | null, abortedBySla: boolean): number {
  if (abortedBySla || !report.sla.passed || (comparison && !comparison.passed)) return ExitCode.slaFailed;
  return ExitCode.ok;
}

async function startDemo(plan: Plan, keep: (d: DemoChild) => void): Promise<PlanTarget> {
  const demo = await startDemoChild({ seed: plan.seed });
  keep(demo);
  const target = parseTargetUrl('demo', demo.url);
  if (typeof target === 'string') throw new Error(`demo server gave an invalid URL: ${demo.url}`);
  return target;
}

async function readBaseline(raw: RawRunOptions): Promise<{ report: Report; tolerances: Tolerances }> {
  const { parseTolerances, DEFAULT_TOLERANCE_SPEC } = await import('../report/compare.js');
  const { readReport } = await import('../report/read.js');
  const tolerances = raw.maxRegression !== undefined ? parseTolerances(raw.maxRegression) : parseTolerances(DEFAULT_TOLERANCE_SPEC);
  return { report: await readReport(raw.baseline!), tolerances };
}

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(`--ca ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Every env('NAME') the scenario needs must be set (reported by name, never by value). */
function checkEnv(source: string, env: CliIo['env']): void {
  const missing = requiredEnvNames(source).filter((name) => env[name] === undefined || env[name] === '');
  if (missing.length) throw new ConfigError(missing.map((name) => `environment variable ${name} is not set (the scenario reads it with env('${name}'))`));
}
