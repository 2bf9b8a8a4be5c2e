/** `crmload report` (re-render a saved report) and `crmload compare` (baseline gate). */
import { ConfigError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { compareReports, DEFAULT_TOLERANCE_SPEC, parseTolerances } from '../report/compare.js';
import { readReport } from '../report/read.js';
import { renderComparison, renderComparisonMarkdown } from '../reporters/compare-table.js';
import { render, REPORT_FORMATS, type ReportFormat } from '../reporters/index.js';
import { useColor, type CliIo } from './io.js';
import { checkOutputPath, writeFileAtomic } from './outputs.js';

export async function reportCommand(file: string, options: { format: string; output?: string; color?: boolean }, io: CliIo): Promise<number> {
  const format = options.format as ReportFormat;
  const issues: string[] = [];
  if (!REPORT_FORMATS.includes(format)) issues.push(`--format ${JSON.stringify(options.format)}: expected one of ${REPORT_FORMATS.join(', ')}`);
  issues.push(...checkOutputPath('--output', options.output, true));
  if (issues.length) throw new ConfigError(issues);
  const report = await readReport(file);
  const toFile = options.output !== undefined && options.output !== '-';
  const text = await render(format, report, format === 'table' && !toFile && useColor(io, options.color, io.stdoutTTY));
  if (toFile) writeFileAtomic(options.output!, text);
  else io.stdout.write(text);
  return ExitCode.ok;
}

export async function compareCommand(
  basePath: string,
  headPath: string,
  options: { maxRegression?: string; markdown?: string; color?: boolean },
  io: CliIo,
): Promise<number> {
  const tolerances = parseTolerances(options.maxRegression ?? DEFAULT_TOLERANCE_SPEC);
  const outputIssues = checkOutputPath('--markdown', options.markdown, true);
  if (outputIssues.length) throw new ConfigError(outputIssues);
  const [base, head] = await Promise.all([readReport(basePath), readReport(headPath)]);
  const comparison = compareReports(base, head, tolerances);
  if (options.markdown === '-') io.stdout.write(renderComparisonMarkdown(comparison));
  else {
    if (options.markdown) writeFileAtomic(options.markdown, renderComparisonMarkdown(comparison));
    io.stdout.write(renderComparison(comparison, { color: useColor(io, options.color, io.stdoutTTY) }));
  }
  return comparison.passed ? ExitCode.ok : ExitCode.slaFailed;
}
