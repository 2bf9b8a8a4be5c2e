/**
 * `crmload capacity`: prepare (the run's checks plus the search's, every problem at once, exit 2) →
 * steps until the planner stops (signals end the step in progress, the demo server is started once) →
 * the Report with its `capacity` block → reports → exit code (0 a rate was found, 3 none).
 */
import { parseSearchOptions, type RawSearchOptions, type SearchPlan } from '../../capacity/options.js';
import { foundCapacity } from '../../capacity/planner.js';
import { StepRunner } from '../../capacity/load-step.js';
import type { StepMeasurement } from '../../capacity/measure-step.js';
import { runSearch, type SearchResult } from '../../capacity/search.js';
import type { RawRunOptions } from '../../config/options.js';
import { ConfigError, EnvironmentError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { Report } from '../../report/types.js';
import { environment, runId, type CliIo } from '../io.js';
import { writeReports } from '../report-files.js';
import { startDemo, type Defer } from '../run/execute.js';
import { prepareRun, type PreparedRun } from '../run/prepare.js';
import { onSignals, SIGNAL_EXIT, type SignalName } from '../signals.js';

/** The options of `crmload capacity` as commander hands them over. */
export type RawCapacityOptions = RawSearchOptions &
  Pick<RawRunOptions, 'target' | 'url' | 'demoOpt' | 'sla' | 'arrivals' | 'maxVus' | 'connections' | 'pipelining' | 'timeout' | 'grace' | 'think' | 'header' | 'insecure' | 'ca' | 'keepalive' | 'seed' | 'json' | 'html' | 'quiet' | 'color'>;

export async function capacityCommand(scenarioArg: string | undefined, raw: RawCapacityOptions, io: CliIo): Promise<number> {
  const { prepared, search } = await prepare(scenarioArg, raw, io);
  const cleanups: Array<() => unknown> = [];
  try {
    return await searchAndReport(prepared, search, raw, io, (cleanup) => cleanups.push(cleanup));
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

/**
 * The run's checks (scenario, environment, plan, outputs, CA, file limit, target) and the search's,
 * every problem of both at once. The search replaces the load shape step by step: the plan is built
 * as an open model only to validate everything else (target, HTTP, SLAs, `--arrivals`, `--max-vus`).
 */
async function prepare(scenarioArg: string | undefined, raw: RawCapacityOptions, io: CliIo): Promise<{ prepared: PreparedRun; search: SearchPlan }> {
  const issues: string[] = [];
  let search: SearchPlan | undefined;
  try {
    search = parseSearchOptions(raw, 'constant');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  let prepared: PreparedRun | undefined;
  try {
    prepared = await prepareRun(scenarioArg, { ...raw, rate: '1', duration: '1s', warmup: '0s' }, io);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  if (prepared && prepared.plan.slas.length === 0) issues.push("crmload capacity needs at least one SLA to judge each step: --sla 'p99 < 300ms' (or sla in the scenario)");
  if (issues.length || !prepared || !search) throw new ConfigError(issues);
  return { prepared, search: { ...search, settings: { ...search.settings, arrivals: prepared.plan.load.arrivals ?? 'constant' } } };
}

async function searchAndReport(prepared: PreparedRun, search: SearchPlan, raw: RawCapacityOptions, io: CliIo, defer: Defer): Promise<number> {
  const { plan, redactor, ca } = prepared;
  let runner: StepRunner | null = null;
  const signals = onSignals(
    (s) => {
      io.stderr.write(`\ncrmload: ${s} received: the search stops once the step in progress has drained (again to stop now)\n`);
      runner?.stop(s);
    },
    (s) => runner?.forceStop(s),
  );
  defer(() => signals.dispose());
  const target = plan.target ?? (await startDemo(plan, prepared.demoArgs, defer));
  const say = (line: string) => !raw.quiet && io.stderr.write(`${redactor.redact(line)}\n`);
  const id = runId(new Date());
  const steps = new StepRunner({
    plan,
    target,
    settings: search.settings,
    maxVus: raw.maxVus !== undefined ? plan.load.maxVus : null,
    deps: { env: io.env, cpuUsage: () => process.cpuUsage(), wallClock: () => new Date(), ca, onWarning: (m) => say(`crmload: warning: ${m}`), onSecret: (v) => redactor.add(v) },
    meta: () => ({ runId: id, version: io.version, environment: environment(io.version), targetUrl: target.url, demo: plan.target === null, abortReason: null }),
  });
  runner = steps;
  const result = await runSearch(
    { ...search, slas: plan.slas.map((s) => s.sla) },
    {
      runStep: (rate, index, phase) => {
        say(`crmload: step ${index} (${phase}): ${rate}/s for ${search.settings.holdMs / 1000}s`);
        return steps.run(rate, index, phase);
      },
      stopped: () => signals.received !== null,
      now: () => performance.now(),
      onStep: (step) => say(stepLine(step)),
    },
  );
  const signal = signals.received;
  const report = finalReport(result, signal);
  if (report) {
    const problems = await writeReports({ json: raw.json, html: raw.html, quiet: raw.quiet, color: raw.color }, report, null, io, redactor);
    if (problems.length) throw new EnvironmentError(problems, signal ? SIGNAL_EXIT[signal] : ExitCode.environment);
  }
  if (signal) return SIGNAL_EXIT[signal];
  const { outcome } = result.capacity;
  return foundCapacity(outcome.reason, outcome.maxSustainableRate, outcome.lowestFailingRate) ? ExitCode.ok : ExitCode.slaFailed;
}

/**
 * The report of the step at the max sustainable rate (or the first step), with the search in its
 * `capacity` block; null when a signal came before any step was measured.
 */
function finalReport(result: SearchResult, signal: SignalName | null): Report | null {
  const { capacity, reports } = result;
  const passing = capacity.steps.filter((s) => s.verdict === 'pass' && s.offeredRate === capacity.outcome.maxSustainableRate);
  const chosen = passing.length ? reports[capacity.steps.indexOf(passing[passing.length - 1])] : reports[0];
  if (!chosen) return null;
  const run: Report['run'] = signal ? { ...chosen.run, status: 'aborted', abortReason: signal } : chosen.run;
  return { ...chosen, run, capacity };
}

function stepLine(step: StepMeasurement): string {
  const r = step.row;
  const failed = r.sla.filter((s) => !s.passed).map((s) => s.expression);
  const verdict = r.verdict === 'fail' ? `FAIL ${failed.join(', ')}` : r.verdict.toUpperCase();
  const p99 = r.latency.p99 === null ? '-' : `${r.latency.p99} ms`;
  return `crmload: step ${r.index}: ${r.offeredRate}/s → ${r.throughput}/s done, p99 ${p99}, errors ${r.errorRate ?? '-'}%, ${r.concurrency} in flight: ${verdict}`;
}
