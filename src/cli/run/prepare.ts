/**
 * `crmload run`, phase 1: everything that can fail on input (exit 2), before anything is started or
 * sent: the scenario module, its environment, the Plan, output paths, the baseline, the CA file, the
 * open-file limit and the target's name and certificate.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { buildPlan } from '../../config/build-plan.js';
import type { RawRunOptions } from '../../config/options.js';
import type { Plan } from '../../config/plan.js';
import { resolveScale, shardPlan, type ScaleOptions } from '../../config/scale.js';
import { peakValue } from '../../load/profile.js';
import { ConfigError, ReportFileError } from '../../errors.js';
import { incomparability } from '../../report/compare-notes.js';
import { planHash } from '../../report/plan-hash.js';
import type { Tolerances } from '../../report/compare.js';
import { Redactor } from '../../report/redact.js';
import type { Report } from '../../report/types.js';
import type { CliIo } from '../io.js';
import { openObservability, type Observability } from '../observe.js';
import { checkObservabilityOptions } from '../observe-options.js';
import { checkFileLimit, preflight } from '../preflight.js';
import { checkAllOutputs } from '../report-files.js';
import { loadScenario, requiredEnvNames, resolveScenarioPath } from '../scenario-file.js';
import { loadData } from '../data-files.js';
import { demoLeverArgs, mergeEnv } from '../run-inputs.js';
import { customMetricNames } from '../scenario-source.js';

/** A run ready to start: the validated Plan and everything read for it. */
export interface PreparedRun {
  raw: RawRunOptions;
  plan: Plan;
  /** Knows every secret (header values, env() values as the run reads them). */
  redactor: Redactor;
  baseline: { report: Report; tolerances: Tolerances } | null;
  /** The `--ca` file's contents. */
  ca: Buffer | undefined;
  /** `--metrics-port` (already listening) and `--server-metrics`, attached once the run exists. */
  observe: Observability;
  /** `--shard`, `--start-at`, `--workers`; `plan` is this shard's when sharded, `wholePlan` the run's. */
  scale: ScaleOptions;
  wholePlan: Plan;
  /** What every shard of this run must agree on (`report/plan-hash.ts`). */
  planHash: string;
  /** The scenario as given and its resolved file (`--workers` threads load it again). */
  scenarioArg: string | undefined;
  file: string | undefined;
  /** The environment for vu.env(): the process's with `-e KEY=VALUE` on top. */
  env: Record<string, string | undefined>;
  /** `--demo-opt` levers as the demo server's argv. */
  demoArgs: string[];
}

/**
 * Validate the input and read what the run needs. Every problem with the options, the environment,
 * the output paths, the baseline and the CA file is reported at once; the file limit and the
 * target's DNS name and certificate are checked once those are fine.
 * @throws ConfigError or ReportFileError (exit 2)
 */
export async function prepareRun(scenarioArg: string | undefined, raw: RawRunOptions, io: CliIo): Promise<PreparedRun> {
  const redactor = new Redactor();
  const inputIssues: string[] = [];
  const env = mergeEnv(io.env, raw.env ?? [], inputIssues);
  for (const pair of raw.env ?? []) if (pair.includes('=')) redactor.add(pair.slice(pair.indexOf('=') + 1));
  const levers = raw.demoOpt?.length ? demoLeverArgs(raw.demoOpt, inputIssues) : [];
  if (raw.demoOpt?.length && (raw.target !== undefined || raw.url !== undefined)) inputIssues.push('--demo-opt: the levers are for the built-in demo server; drop --target/--url to use it');
  if (inputIssues.length) throw new ConfigError(inputIssues);
  const file = scenarioArg !== undefined ? resolveScenarioPath(scenarioArg, io.cwd) : undefined;
  const runnable = file ? await loadScenario(file) : null;
  const source = file ? readFileSync(file, 'utf8') : null;
  const issues: string[] = source !== null ? missingEnv(source, env) : [];
  const built = await collect(issues, async () => buildPlan({ raw, runnable, scenarioFile: scenarioArg, customMetrics: file ? customMetricNames(file) : undefined }));
  if (built && runnable && file) built.plan.data = (await collect(issues, async () => loadData(runnable, file, io.cwd))) ?? null;
  issues.push(...checkAllOutputs(raw));
  const observability = checkObservabilityOptions(raw);
  issues.push(...observability.issues);
  if (raw.maxRegression !== undefined && raw.baseline === undefined) {
    issues.push('--max-regression: only with --baseline (it sets the tolerances of the comparison with that report)');
  }
  if (raw.compactJson && raw.json === undefined) issues.push('--compact-json: only with --json FILE or --json - (it sets how that report is written)');
  const baseline = raw.baseline !== undefined ? await collect(issues, () => readBaseline(raw)) : null;
  const ca = raw.ca !== undefined ? await collect(issues, async () => readCa(raw.ca!)) : undefined;
  const scale = built ? await collect(issues, async () => resolveScale(raw, { env: io.env, nowMs: Date.now(), cores: availableParallelism(), plannedMs: built.plan.load.durationMs, ...(built.plan.load.model === 'open' ? { openMaxVus: built.plan.load.maxVus } : { closedPeakVus: peakValue(built.plan.load.profile) }) })) : undefined;
  if (baseline && built && scale) issues.push(...baselineMismatch(baseline.report, built.plan, scale.shard));
  if (issues.length || !built || !scale) throw new ConfigError(issues);
  const { secrets } = built;
  const plan = scale.shard ? shardPlan(built.plan, scale.shard) : built.plan;
  secrets.forEach((s) => redactor.add(s));
  checkFileLimit(plan.http.connections);
  if (plan.target) await preflight(plan.target, { verify: plan.http.verifyTls, ca });
  if (!plan.http.verifyTls) io.stderr.write('crmload: warning: TLS certificates are not verified (--insecure)\n');
  const observe = await openObservability(observability.options, plan, { ...io, quiet: raw.quiet === true }, { ca });
  return {
    raw, plan, redactor, baseline: baseline ?? null, ca, observe, scale, wholePlan: built.plan,
    planHash: planHash(built.plan, source !== null ? [source] : []), scenarioArg, file, env, demoArgs: levers,
  };
}

/** Run a step; a ConfigError's issues or a ReportFileError's message go to `issues` (undefined returned). */
async function collect<T>(issues: string[], step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ConfigError) issues.push(...error.issues);
    else if (error instanceof ReportFileError) issues.push(error.message);
    else throw error;
    return undefined;
  }
}

/** A baseline of another scenario or load model would make every delta meaningless: refused before the run. */
function baselineMismatch(baseline: Report, plan: Plan, shard: ScaleOptions['shard']): string[] {
  const self = { scenario: plan.scenario, load: plan.load, shard: shard ? { index: shard.index, count: shard.total } : null };
  return incomparability(baseline.run, self, 'this run is').map((r) => `--baseline: ${r}; these numbers are not comparable (compare the reports with crmload compare --force)`);
}

async function readBaseline(raw: RawRunOptions): Promise<{ report: Report; tolerances: Tolerances }> {
  const { parseTolerances, DEFAULT_TOLERANCE_SPEC } = await import('../../report/compare.js');
  const { readReport } = await import('../../report/read.js');
  const tolerances = parseTolerances(raw.maxRegression ?? DEFAULT_TOLERANCE_SPEC);
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
function missingEnv(source: string, env: CliIo['env']): string[] {
  const missing = requiredEnvNames(source).filter((name) => env[name] === undefined || env[name] === '');
  return missing.map((name) => `environment variable ${name} is not set (the scenario reads it with env('${name}'))`);
}
