/**
 * A baseline Comparison rendered side by side: one row per metric and scope (the whole run, then each
 * step) with base, head, change, limit and status; notes and a one-line verdict below. Pure: returns
 * a string. With `color: false` the output holds no ANSI escape, whatever the report's strings hold.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { comparisonSummary, formatChange, formatLimit, type Comparison, type ComparisonRow } from '../report/compare.js';
import { formatCount, formatDuration, formatPercent, formatRate, NONE } from './format.js';
import { escapeMarkdown } from './markdown.js';
import { INDENT, layoutTable, terminalSafe } from './text-table.js';

/** Options of the comparison table. */
export interface CompareTableOptions {
  /** Emit ANSI colours. When false, not a single escape code is written. */
  color: boolean;
  /** Terminal width to stay within where reasonable (default 100). */
  width?: number;
}

const HEAD = ['metric', 'scope', 'base', 'head', 'change', 'limit', 'status'];
const SCOPE_COLUMN = 1;
const OVERALL = 'overall';

/** Render a Comparison as a terminal table, followed by its notes and verdict. */
export function renderComparison(c: Comparison, options: CompareTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const rows = c.rows.map((row) => [
    row.metric,
    terminalSafe(row.step ?? OVERALL),
    formatValue(row.base, row.unit),
    formatValue(row.head, row.unit),
    describeChange(row),
    formatLimit(row),
    renderStatus(row, chalk),
  ]);
  const table = layoutTable(HEAD, rows, [SCOPE_COLUMN], chalk, options.width ?? 100);
  const notes = c.notes.map((note) => `${INDENT}${chalk.yellow('note:')} ${terminalSafe(note)}`);
  const verdict = `${INDENT}${c.passed ? chalk.green('✓') : chalk.red('✗')} ${renderSummaryLine(c, chalk)}`;
  return [table, '', ...notes, ...(notes.length ? [''] : []), verdict, ''].join('\n');
}

/** Render a Comparison as GitHub-flavoured Markdown (a PR comment or step summary). */
export function renderComparisonMarkdown(c: Comparison): string {
  const cell = (text: string) => escapeMarkdown(text);
  const lines = [
    '### Baseline comparison',
    '',
    `| ${HEAD.map((h) => h.charAt(0).toUpperCase() + h.slice(1)).join(' | ')} |`,
    '| :--- | :--- | ---: | ---: | ---: | ---: | :--- |',
    ...c.rows.map((row) => {
      const status = row.regressed ? '**REGRESSION**' : cell(statusText(row));
      const values = [formatValue(row.base, row.unit), formatValue(row.head, row.unit), describeChange(row), formatLimit(row)];
      return `| ${cell(row.metric)} | ${cell(row.step ?? OVERALL)} | ${values.map(cell).join(' | ')} | ${status} |`;
    }),
    '',
    ...c.notes.map((note) => `- Note: ${cell(note)}`),
    ...(c.notes.length ? [''] : []),
    `**${c.passed ? 'Passed' : 'Failed'}:** ${cell(comparisonSummary(c))}`,
    '',
  ];
  return lines.join('\n');
}

/** A value in the row's unit: `12.3ms`, `119.2/s`, `99.5%`, `1,200`. */
function formatValue(value: number | null, unit: ComparisonRow['unit']): string {
  if (value === null) return NONE;
  switch (unit) {
    case 'ms':
      return formatDuration(value);
    case '/s':
      return `${formatRate(value)}/s`;
    case '%':
      return formatPercent(value);
    case 'count':
      return formatCount(value);
  }
}

/** `+3.40ms (+31.2%)` for latency, `-12.0/s (-10.0%)` for throughput, `+0.50 pp` for rates. */
function describeChange(row: ComparisonRow): string {
  if (row.delta === null) return NONE;
  if (row.unit === '%') return formatChange(row);
  const plus = row.delta > 0 ? '+' : '';
  const absolute = `${plus}${row.unit === 'ms' ? formatDuration(row.delta) : `${formatRate(row.delta)}/s`}`;
  return row.deltaPct === null ? absolute : `${absolute} (${formatChange(row)})`;
}

function statusText(row: ComparisonRow): string {
  if (row.regressed) return 'REGRESSION';
  if (row.note) return row.note;
  return row.tolerance ? 'ok' : NONE;
}

function renderStatus(row: ComparisonRow, chalk: ChalkInstance): string {
  const text = statusText(row);
  if (row.regressed) return chalk.red.bold(text);
  if (row.note) return chalk.yellow(text);
  return row.tolerance ? chalk.green(text) : chalk.dim(text);
}

function renderSummaryLine(c: Comparison, chalk: ChalkInstance): string {
  const line = terminalSafe(comparisonSummary(c));
  return c.passed ? line : chalk.red(line);
}
