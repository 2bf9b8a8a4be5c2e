/**
 * `crmload run`, phase 3: the Report, the baseline comparison, every output (written before the
 * verdict, so nothing is lost), then the exit code.
 */
import { EnvironmentError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { buildReport, type ReportMeta } from '../../report/build.js';
import type { Comparison, Report } from '../../report/types.js';
import { environment, runId, type CliIo } from '../io.js';
import { writeReports } from '../report-files.js';
import { SIGNAL_EXIT } from '../signals.js';
import type { ExecutedRun } from './execute.js';
import type { PreparedRun } from './prepare.js';

/** Build, compare, write; return the exit code. */
export async function finishRun({ raw, plan, baseline, redactor, observe, planHash }: PreparedRun, executed: ExecutedRun, io: CliIo): Promise<number> {
  const { result, merged = null } = executed;
  if (result === null && merged === null) return SIGNAL_EXIT[executed.signal!];
  const meta: ReportMeta = {
    runId: runId(new Date()),
    version: io.version,
    environment: environment(io.version),
    targetUrl: executed.targetUrl,
    demo: plan.target === null,
    abortReason: executed.internalError ?? executed.signal ?? executed.slaAbort,
    planHash,
  };
  const report = merged ? merged(meta) : buildReport(plan, result!, meta);
  const serverMetrics = await observe.finish();
  if (serverMetrics) report.serverMetrics = serverMetrics;
  const comparison = baseline ? (await import('../../report/compare.js')).compareReports(baseline.report, report, baseline.tolerances) : null;
  if (comparison) report.comparison = comparison;
  const problems = await writeReports(raw, report, comparison, io, redactor);
  const signalCode = executed.signal ? SIGNAL_EXIT[executed.signal] : null;
  // A missing report fails the gate too: exit 4 rather than 0 or 3 (a signal's code still wins).
  if (problems.length) throw new EnvironmentError(problems, signalCode ?? ExitCode.environment);
  return signalCode ?? verdictCode(report, comparison, executed.slaAbort !== null);
}

function verdictCode(report: Report, comparison: Comparison | null, abortedBySla: boolean): number {
  if (abortedBySla || !report.sla.passed || (comparison && !comparison.passed)) return ExitCode.slaFailed;
  return ExitCode.ok;
}
