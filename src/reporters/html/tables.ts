/**
 * The report's tables: summary, per step, SLA. Looks come from plain HTML attributes (border,
 * cellpadding, bgcolor, align), not CSS, so they hold under a CSP that blocks inline styles.
 */
import type { LatencyStats, Report, SlaResult, StepReport } from '../../report/types.js';
import { formatCount, formatDuration, formatPercent, formatPerSecond, formatSlaMargin, formatSlaMeasured, formatSlaTarget } from '../format.js';
import { escapeHtml } from './escape.js';

/** Background of a failed SLA row (HTML `bgcolor`, which no style policy blocks). */
export const FAIL_BG = '#fbd5d5';
export const PASS_BG = '#e3f4e1';
const HEAD_BG = '#eef1f5';

/** A column: its heading and whether its cells are numbers (right-aligned). */
export interface Column {
  title: string;
  numeric?: boolean;
}

/** A row of already-escaped cell markup, with optional row attributes. */
export interface Row {
  cells: string[];
  bgcolor?: string;
  className?: string;
}

/** A bordered table with a header row; cells are trusted markup (escape data before passing it). */
export function renderTable(id: string, label: string, columns: Column[], rows: Row[]): string {
  const head = columns
    .map((c) => `<th scope="col" align="${c.numeric ? 'right' : 'left'}" bgcolor="${HEAD_BG}">${escapeHtml(c.title)}</th>`)
    .join('');
  const body = rows.map((row) => {
    const attrs = (row.className ? ` class="${escapeHtml(row.className)}"` : '') + (row.bgcolor ? ` bgcolor="${escapeHtml(row.bgcolor)}"` : '');
    const cells = row.cells.map((cell, i) => `<td align="${columns[i]?.numeric ? 'right' : 'left'}" valign="top">${cell}</td>`).join('');
    return `<tr${attrs}>${cells}</tr>`;
  });
  // The section heading above says what the table is; aria-label names it for screen readers.
  return `<table id="${escapeHtml(id)}" aria-label="${escapeHtml(label)}" width="100%" border="1" frame="hsides" rules="rows" cellpadding="6" cellspacing="0">`
    + `<thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

const LATENCY_COLUMNS: Column[] = ['p50', 'p90', 'p95', 'p99', 'max'].map((title) => ({ title, numeric: true }));

function latencyCells(latency: LatencyStats): string[] {
  return [latency.p50, latency.p90, latency.p95, latency.p99, latency.max].map((v) => escapeHtml(formatDuration(v)));
}

/** The whole run in one row: counts, rates and the latency summary. */
export function summaryTable(report: Report): string {
  const t = report.totals;
  const columns: Column[] = [
    'requests', 'completed', 'failed', 'interrupted', 'dropped', 'throughput', 'availability', 'error rate', 'p50', 'p95', 'p99', 'max',
  ].map((title) => ({ title, numeric: true }));
  const l = report.latency;
  const cells = [
    formatCount(t.requests), formatCount(t.completed), formatCount(t.failed), formatCount(t.interrupted), formatCount(t.dropped),
    formatPerSecond(t.throughput), formatPercent(t.availability), formatPercent(t.errorRate),
    formatDuration(l.p50), formatDuration(l.p95), formatDuration(l.p99), formatDuration(l.max),
  ].map(escapeHtml);
  return renderTable('summary-table', 'Summary (warm-up excluded)', columns, [{ cells }]);
}

/** One row per step: counts, errors, throughput and latency percentiles. */
export function stepsTable(steps: StepReport[]): string {
  if (steps.length === 0) return noDataTable('steps-table', 'Steps');
  const columns: Column[] = [
    { title: 'step' }, { title: 'scenario' }, { title: 'requests', numeric: true }, { title: 'failed', numeric: true },
    { title: 'error rate', numeric: true }, { title: 'throughput', numeric: true }, ...LATENCY_COLUMNS,
  ];
  const rows = steps.map((s): Row => ({
    cells: [
      `<b>${escapeHtml(s.name)}</b>`, escapeHtml(s.scenario), escapeHtml(formatCount(s.requests)),
      s.failed > 0 ? `<font color="#b00020">${escapeHtml(formatCount(s.failed))}</font>` : '0',
      escapeHtml(formatPercent(s.errorRate)), escapeHtml(formatPerSecond(s.throughput)), ...latencyCells(s.latency),
    ],
  }));
  return renderTable('steps-table', 'Steps', columns, rows);
}

function scopeText(result: SlaResult): string {
  if (!result.scope) return 'all requests';
  const parts: string[] = [];
  if (result.scope.scenario !== undefined) parts.push(`scenario: ${result.scope.scenario}`);
  if (result.scope.step !== undefined) parts.push(`step: ${result.scope.step}`);
  return parts.join(', ') || 'all requests';
}

function statusCell(result: SlaResult): string {
  return result.passed
    ? '<font color="#1e7b34"><b>&#10003; PASS</b></font>'
    : '<font color="#b00020"><b>&#10007; FAIL</b></font>';
}

/**
 * One row per SLA target; failed rows are marked by text (✗ FAIL), a class and a red `bgcolor`.
 * Measured, target and margin read exactly as in the terminal, Markdown and JUnit (`../format.ts`).
 */
export function slaTable(report: Report): string {
  if (report.sla.results.length === 0) return noDataTable('sla-table', 'SLA targets', 'no SLA targets were set');
  const columns: Column[] = [
    { title: 'result' }, { title: 'SLA' }, { title: 'scope' }, { title: 'measured', numeric: true },
    { title: 'target', numeric: true }, { title: 'margin', numeric: true },
  ];
  const rows = report.sla.results.map((r): Row => ({
    className: r.passed ? 'sla-pass' : 'sla-fail',
    bgcolor: r.passed ? PASS_BG : FAIL_BG,
    cells: [
      statusCell(r), `<code>${escapeHtml(r.expression)}</code>`, escapeHtml(scopeText(r)),
      escapeHtml(formatSlaMeasured(r)), escapeHtml(formatSlaTarget(r)), escapeHtml(formatSlaMargin(r)),
    ],
  }));
  return renderTable('sla-table', 'SLA targets', columns, rows);
}

/** A table placeholder that says there is nothing to show. */
export function noDataTable(id: string, label: string, message = 'no data'): string {
  return renderTable(id, label, [{ title: '' }], [{ cells: [`<i>${escapeHtml(message)}</i>`] }]);
}
