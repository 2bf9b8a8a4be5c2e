/**
 * `crmload merge SHARD.json...`: read the shard reports (bounded: they are untrusted), merge them
 * exactly, judge the SLAs on the merged data, write the reports, and own the exit code.
 */
import { ConfigError, EnvironmentError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { NamedReport } from '../report/merge-check.js';
import { mergeReports } from '../report/merge.js';
import { readReport } from '../report/read.js';
import { Redactor } from '../report/redact.js';
import { parseSlas } from '../sla/parse.js';
import type { Sla } from '../sla/types.js';
import type { Report } from '../report/types.js';
import { runId, type CliIo } from './io.js';
import { checkAllOutputs, writeReports } from './report-files.js';

export interface MergeCliOptions {
  json?: string;
  junit?: string;
  html?: string;
  markdown?: string;
  sla?: string[];
  allowPartial?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** Read and merge shard reports; the merged report (SLAs judged on the merged data). */
export async function mergeFiles(files: readonly string[], options: { allowPartial: boolean; slas: readonly Sla[] }): Promise<Report> {
  const set: NamedReport[] = [];
  for (const source of files) set.push({ source, report: await readReport(source) });
  return mergeReports(set, { ...options, runId: runId(new Date()) });
}

export async function mergeCommand(files: string[], options: MergeCliOptions, io: CliIo): Promise<number> {
  const { slas, issues } = parseSlas(options.sla ?? []);
  issues.push(...checkAllOutputs(options));
  if (issues.length) throw new ConfigError(issues);
  const report = await mergeFiles(files, { allowPartial: options.allowPartial === true, slas });
  const problems = await writeReports(options, report, null, io, new Redactor());
  // A merged report that could not be written fails the gate (exit 4), as in `run`: never 0 on nothing.
  if (problems.length) throw new EnvironmentError(problems);
  if (report.run.incomplete && !options.quiet) {
    io.stderr.write(`crmload: warning: merged ${report.run.mergedFrom} shard reports; shards ${report.run.incomplete.missingShards.join(', ')} missing (--allow-partial): the result is incomplete\n`);
  }
  return report.sla.passed ? ExitCode.ok : ExitCode.slaFailed;
}
