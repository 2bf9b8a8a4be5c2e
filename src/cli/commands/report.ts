/** `crmload report`: re-render a saved JSON report in any format. */
import { ConfigError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { readReport } from '../../report/read.js';
import { render, REPORT_FORMATS, type ReportFormat } from '../../reporters/index.js';
import { useColor, type CliIo } from '../io.js';
import { checkOutputPath, throwIfProblem, writeOutput } from '../outputs.js';

/** Options of `crmload report`, as commander gives them. */
export interface ReportOptions {
  format: string;
  output?: string;
  color?: boolean;
}

export async function reportCommand(file: string, options: ReportOptions, io: CliIo): Promise<number> {
  const format = options.format as ReportFormat;
  const issues: string[] = [];
  if (!REPORT_FORMATS.includes(format)) issues.push(`--format ${JSON.stringify(options.format)}: expected one of ${REPORT_FORMATS.join(', ')}`);
  issues.push(...checkOutputPath('--output', options.output, true));
  if (issues.length) throw new ConfigError(issues);
  const report = await readReport(file);
  const toFile = options.output !== undefined && options.output !== '-';
  const text = await render(format, report, format === 'table' && !toFile && useColor(io, options.color, io.stdoutTTY));
  if (toFile) throwIfProblem(writeOutput('--output', options.output!, text));
  else io.stdout.write(text);
  return ExitCode.ok;
}
