/** `crmload compare`: the baseline regression gate on two saved reports (exit 3 on a regression). */
import { ConfigError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { compareReports, DEFAULT_TOLERANCE_SPEC, incomparability, parseTolerances } from '../../report/compare.js';
import { readReport } from '../../report/read.js';
import { renderComparison, renderComparisonMarkdown } from '../../reporters/compare-table.js';
import { useColor, type CliIo } from '../io.js';
import { checkOutputPath, throwIfProblem, writeOutput } from '../outputs.js';

/** Options of `crmload compare`, as commander gives them. */
export interface CompareOptions {
  maxRegression?: string;
  markdown?: string;
  /** Compare reports of different scenarios or load models anyway. */
  force?: boolean;
  color?: boolean;
}

export async function compareCommand(basePath: string, headPath: string, options: CompareOptions, io: CliIo): Promise<number> {
  const tolerances = parseTolerances(options.maxRegression ?? DEFAULT_TOLERANCE_SPEC);
  const outputIssues = checkOutputPath('--markdown', options.markdown, true);
  if (outputIssues.length) throw new ConfigError(outputIssues);
  const [base, head] = await Promise.all([readReport(basePath), readReport(headPath)]);
  const reasons = options.force ? [] : incomparability(base.run, head.run);
  if (reasons.length) throw new ConfigError(reasons.map((r) => `${r}; these numbers are not comparable (--force compares them anyway)`));
  const comparison = compareReports(base, head, tolerances);
  if (options.markdown === '-') io.stdout.write(renderComparisonMarkdown(comparison));
  else {
    if (options.markdown) throwIfProblem(writeOutput('--markdown', options.markdown, renderComparisonMarkdown(comparison)));
    io.stdout.write(renderComparison(comparison, { color: useColor(io, options.color, io.stdoutTTY) }));
  }
  return comparison.passed ? ExitCode.ok : ExitCode.slaFailed;
}
