/**
 * `crmload check SCENARIO`: everything `run` validates before sending, without sending anything —
 * the module loads (syntax, imports), its shape (fields, did-you-mean), defaults and SLA expressions,
 * feeder files (file:line), environment variables — plus a TypeScript type-check when the scenario's
 * project has TypeScript installed (typed request options catch `{ expext: 201 }` there).
 * Exit 2 listing every problem, exit 0 with "ok".
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildPlan } from '../config/build-plan.js';
import { ConfigError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Runnable } from '../scenario/types.js';
import { loadData } from './data-files.js';
import { customMetricNames } from './scenario-source.js';
import type { CliIo } from './io.js';
import { mergeEnv } from './run-inputs.js';
import { loadScenario, requiredEnvNames, resolveScenarioPath } from './scenario-file.js';
import { typeCheck } from './type-check.js';
import { terminalSafe } from '../reporters/text-table.js';

/** Run `fn`, collecting a ConfigError's issues. */
function collect<T>(issues: string[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

export async function checkCommand(scenarioArg: string, options: { env?: string[] }, io: CliIo): Promise<number> {
  const issues: string[] = [];
  const notes: string[] = [];
  const env = mergeEnv(io.env, options.env ?? [], issues);
  const file = resolveScenarioPath(scenarioArg, io.cwd);
  const shown = relative(io.cwd, file) || file;
  const types = await typeCheck(file);
  if ('problems' in types) issues.push(...types.problems);
  else notes.push(types.note);
  let runnable: Runnable | undefined;
  try {
    runnable = await loadScenario(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (!issues.length) issues.push(...error.issues); // a type error usually explains a load error better
  }
  if (runnable) {
    collect(issues, () => buildPlan({ raw: {}, runnable: runnable!, scenarioFile: scenarioArg, customMetrics: customMetricNames(file) }));
    const data = collect(issues, () => loadData(runnable!, file, io.cwd));
    if (data) notes.push(`data: ${[...data.values()].map((d) => `${d.file} (${d.rows.length} rows, ${d.feeder.mode})`).join(', ')}`);
    const missing = requiredEnvNames(readFileSync(file, 'utf8')).filter((name) => !env[name]);
    if (missing.length) notes.push(`run needs ${missing.map((n) => `${n}`).join(', ')} in the environment (not set here)`);
  }
  if (issues.length) {
    for (const issue of issues) io.stderr.write(`crmload: error: ${terminalSafe(issue)}\n`);
    io.stderr.write(`crmload: ${shown}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n`);
    return ExitCode.badInput;
  }
  const kind = runnable!.kind === 'mix' ? `mix of ${runnable!.scenarios.length} scenarios` : 'scenario';
  io.stdout.write(`ok: ${shown}: ${kind} "${terminalSafe(runnable!.name)}" loads, its fields, defaults and SLAs are valid\n${notes.map((n) => `  ${n}\n`).join('')}`);
  return ExitCode.ok;
}
