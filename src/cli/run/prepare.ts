/**
 * `crmload run`, phase 1: everything that can fail on input (exit 2), before anything is started or
 * sent: the scenario module, its environment, the Plan, output paths, the baseline, the CA file, the
 * open-file limit and the target's name and certificate.
 */
import { readFileSync } from 'node:fs';
import { buildPlan } from '../../config/build-plan.js';
import type { RawRunOptions } from '../../config/options.js';
import type { Plan } from '../../config/plan.js';
import { ConfigError } from '../../errors.js';
import type { Tolerances } from '../../report/compare.js';
import { Redactor } from '../../report/redact.js';
import type { Report } from '../../report/types.js';
import type { CliIo } from '../io.js';
import { checkFileLimit, preflight } from '../preflight.js';
import { checkAllOutputs } from '../report-files.js';
import { loadScenario, requiredEnvNames, resolveScenarioPath } from '../scenario-file.js';

/** A run ready to start: the validated Plan and everything read for it. */
export interface PreparedRun {
  raw: RawRunOptions;
  plan: Plan;
  /** Knows every secret (header values, env() values as the run reads them). */
  redactor: Redactor;
  baseline: { report: Report; tolerances: Tolerances } | null;
  /** The `--ca` file's contents. */
  ca: Buffer | undefined;
}

/** Validate the input and read what the run needs. @throws ConfigError or ReportFileError (exit 2) */
export async function prepareRun(scenarioArg: string | undefined, raw: RawRunOptions, io: CliIo): Promise<PreparedRun> {
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
  return { raw, plan, redactor, baseline, ca };
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
function checkEnv(source: string, env: CliIo['env']): void {
  const missing = requiredEnvNames(source).filter((name) => env[name] === undefined || env[name] === '');
  if (missing.length) throw new ConfigError(missing.map((name) => `environment variable ${name} is not set (the scenario reads it with env('${name}'))`));
}
