/**
 * GitHub-flavoured Markdown report, sized for `$GITHUB_STEP_SUMMARY` (and PR comments): title with
 * the verdict, run summary, overall, per-step and SLA tables. Every string that comes from the user
 * (step names, expressions, URLs, warnings) is escaped so it cannot break a table or inject markup.
 */
import type { LatencyStats, Report, SlaResult, StepReport } from '../report/types.js';
import { checksSummary, extraTables, iterationDurationParts } from './extras.js';
import {
  countFailedSlas,
  describeIncomplete,
  describeLoad,
  formatBytes,
  formatCount,
  formatDuration,
  formatElapsed,
  formatErrorsByKind,
  formatPercent,
  formatRate,
  formatSlaMargin,
  formatSlaMeasured,
  formatSlaTarget,
  iterationOutcomes,
} from './format.js';

/** GitHub rejects step summaries over 1 MiB; stay well under it. */
export const MAX_STEP_SUMMARY_BYTES = 512 * 1024;

/** User strings longer than this are cut (with "…") so no single cell can fill the summary. */
export const MAX_CELL_CHARS = 200;

const MARKDOWN_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '`': '&#96;',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '~': '\\~',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  // An entity, not `\|`: GFM splits cells before it looks at backslashes, so `a\\|b` would still split.
  '|': '&#124;',
};

/**
 * Escape a user-provided string for a Markdown table cell or line: newlines become spaces, other
 * control characters are dropped, markup and HTML characters are neutralised, long text is cut.
 */
export function escapeMarkdown(text: string, maxChars = MAX_CELL_CHARS): string {
  const points = Array.from(text);
  const cut = points.length > maxChars ? `${points.slice(0, maxChars - 1).join('')}…` : text;
  return cut
    .replace(/\r\n|[\r\n\t\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[\\`*_[\]~&<>|]/g, (ch) => MARKDOWN_ESCAPES[ch]);
}

/** A table row from cells already safe for Markdown. */
function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A table: header, delimiter row from `align` (one letter per column, "l" or "r"), then the rows. */
function table(head: readonly string[], align: string, rows: readonly string[]): string[] {
  return [row(head), row(head.map((_, i) => (align[i] === 'l' ? ':---' : '---:'))), ...rows];
}

/** Render the Markdown report, dropping step rows (then, if ever needed, SLA rows) to fit the size cap. */
export function renderMarkdown(report: Report): string {
  const stepRows = report.steps.map(renderStepRow);
  const slaRows = report.sla.results.map(renderSlaRow);
  const full = assemble(report, stepRows, 0, slaRows, 0);
  if (byteLength(full) <= MAX_STEP_SUMMARY_BYTES) return full;
  // Omission notes are measured with every row omitted: fewer omitted rows only shorten them.
  const withoutSteps = byteLength(assemble(report, [], stepRows.length, slaRows, 0));
  if (withoutSteps <= MAX_STEP_SUMMARY_BYTES) {
    const kept = fitRows(stepRows, MAX_STEP_SUMMARY_BYTES - withoutSteps);
    return assemble(report, stepRows.slice(0, kept), stepRows.length - kept, slaRows, 0);
  }
  const bare = byteLength(assemble(report, [], stepRows.length, [], slaRows.length));
  const kept = fitRows(slaRows, MAX_STEP_SUMMARY_BYTES - bare);
  return assemble(report, [], stepRows.length, slaRows.slice(0, kept), slaRows.length - kept);
}

/** How many leading rows fit in `budget` bytes, one newline each. */
function fitRows(rows: readonly string[], budget: number): number {
  let used = 0;
  let kept = 0;
  while (kept < rows.length && used + byteLength(rows[kept]) + 1 <= budget) used += byteLength(rows[kept++]) + 1;
  return kept;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function assemble(report: Report, stepRows: string[], stepsOmitted: number, slaRows: string[], slasOmitted: number): string {
  // SLAs before steps: the verdict is what a reviewer looks for, and step tables can be long.
  const blocks = [
    renderTitle(report),
    renderRunSummary(report),
    renderWarnings(report),
    renderOverall(report),
    renderSection('SLAs', table(['', 'SLA', 'measured', 'target', 'margin', 'result'], 'llrrrl', slaRows), slaRows.length + slasOmitted, slasOmitted, 'SLA'),
    renderSection('Steps', table(['step', 'requests', 'rps', 'p50', 'p90', 'p95', 'p99', 'max', 'errors'], 'lrrrrrrrl', stepRows), stepRows.length + stepsOmitted, stepsOmitted, 'step'),
  ];
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

function renderSection(title: string, lines: string[], total: number, omitted: number, noun: string): string {
  if (total === 0) return '';
  const out = [`### ${title}`, '', ...lines];
  if (omitted > 0) {
    out.push('', `_${formatCount(omitted)} of ${formatCount(total)} ${noun} rows omitted to stay under GitHub's step summary size limit; see the JSON report._`);
  }
  return out.join('\n');
}

/** "## crmload: crm-mixed ❌ 3 of 4 SLAs failed". */
export function renderTitle(report: Report): string {
  const results = report.sla.results;
  const failed = countFailedSlas(results);
  let verdict = 'no SLAs defined';
  if (results.length > 0) verdict = failed === 0 ? `✅ all ${results.length} SLAs passed` : `❌ ${failed} of ${results.length} SLAs failed`;
  return `## crmload: ${escapeMarkdown(report.run.scenario.name)} · ${verdict}`;
}

function renderRunSummary(report: Report): string {
  const { run } = report;
  const status = run.status === 'aborted' ? `⚠️ **aborted**${run.abortReason ? ` (${escapeMarkdown(run.abortReason)})` : ''}` : 'completed';
  const parts = [
    `**Target** ${escapeMarkdown(run.target.url)}${run.target.demo ? ' (demo server)' : ''}`,
    `**Load** ${escapeMarkdown(describeLoad(run.load))}`,
    `**Duration** ${formatElapsed(run.durationMs)}${run.warmupMs > 0 ? ` (the first ${formatElapsed(run.warmupMs)} warm-up, excluded)` : ''}`,
    `**Status** ${status}`,
  ];
  if (run.shard) parts.push(`**Shard** ${run.shard.index}/${run.shard.count}`);
  if (run.mergedFrom !== undefined) parts.push(`**Merged** from ${run.mergedFrom} shard report${run.mergedFrom > 1 ? 's' : ''}`);
  const incomplete = describeIncomplete(run);
  if (incomplete) parts.unshift(`⚠️ **${escapeMarkdown(incomplete)}**`);
  const description = run.scenario.description ? `${escapeMarkdown(run.scenario.description)}\n\n` : '';
  return `${description}${parts.join(' · ')}`;
}

function renderWarnings(report: Report): string {
  const g = report.generator;
  const lines: string[] = [];
  if (g.saturated) lines.push('crmload itself could not keep the schedule: these numbers include generator delay.');
  if (report.totals.dropped > 0) lines.push(`${formatCount(report.totals.dropped)} iterations dropped: all VUs were busy.`);
  lines.push(...g.warnings.map((w) => escapeMarkdown(w)));
  return lines.length === 0 ? '' : ['> [!WARNING]', ...lines.map((l) => `> - ${l}`)].join('\n');
}

function renderOverall(report: Report): string {
  const t = report.totals;
  const counters = [
    formatCount(t.requests), formatCount(t.completed), formatCount(t.failed), formatCount(t.interrupted), formatCount(t.dropped),
    `${formatRate(t.throughput)} req/s`, formatPercent(t.availability), formatPercent(t.errorRate),
    `${formatBytes(t.bytesIn)} / ${formatBytes(t.bytesOut)}`,
  ];
  const head = ['requests', 'completed', 'failed', 'interrupted', 'dropped', 'throughput', 'availability', 'error rate', 'data in / out'];
  const latencyRows = [latencyRow('latency', report.latency)];
  const open = report.run.load.model === 'open';
  if (open) latencyRows.push(latencyRow('service time', report.serviceTime));
  const journey = iterationDurationParts(report);
  const checks = checksSummary(report);
  const lines = [
    '### Overall', '', ...table(head, 'rrrrrrrrr', [row(counters)]), '', renderIterations(report), '',
    ...(checks ? [`**Checks** ${checks}`, ''] : []),
    ...(journey ? [`**Journey time** (completed iterations) ${escapeMarkdown(journey.join(' · '))}`, ''] : []),
    ...table(['', 'p50', 'p90', 'p95', 'p99', 'max'], 'lrrrrr', latencyRows),
  ];
  if (open) lines.push('', '_Latency is timed from each request\'s scheduled start (no coordinated omission); service time from the actual send._');
  for (const t of extraTables(report)) {
    const rows = t.rows.map((r, i) => row(r.map((cell, j) => (t.failing[i] && j === 2 ? `**${escapeMarkdown(cell)}**` : escapeMarkdown(cell)))));
    lines.push('', `### ${t.title}`, '', ...table(t.head, t.numeric.map((n) => (n ? 'r' : 'l')).join(''), rows));
  }
  return lines.join('\n');
}

/** "**Iterations** 200 started · 59 completed · 141 failed · 0 dropped · 20.00/s offered · 19.80/s started". */
function renderIterations(report: Report): string {
  const parts = iterationOutcomes(report.totals.iterations, report.run.load.model).map(([n, outcome]) => `${formatCount(n)} ${outcome}`);
  const g = report.generator;
  if (g.offeredRate !== null) parts.push(`${formatRate(g.offeredRate)}/s offered`, `${formatRate(g.achievedRate)}/s started`);
  return `**Iterations** ${parts.join(' · ')}`;
}

function latencyRow(label: string, stats: LatencyStats): string {
  return row([label, ...[stats.p50, stats.p90, stats.p95, stats.p99, stats.max].map(formatDuration).map((v) => escapeMarkdown(v))]);
}

/** One Markdown table row for a step. */
export function renderStepRow(step: StepReport): string {
  const latency = [step.latency.p50, step.latency.p90, step.latency.p95, step.latency.p99, step.latency.max].map(formatDuration);
  const cells = [step.name, formatCount(step.requests), formatRate(step.throughput), ...latency, formatErrorsByKind(step)];
  return row(cells.map((cell) => escapeMarkdown(cell)));
}

/** One Markdown table row for an SLA result; a failed one reads ❌ and **FAIL**. */
export function renderSlaRow(result: SlaResult): string {
  const cells = [result.expression, formatSlaMeasured(result), formatSlaTarget(result), formatSlaMargin(result)].map((cell) => escapeMarkdown(cell));
  return row([result.passed ? '✅' : '❌', ...cells, result.passed ? 'PASS' : '**FAIL**']);
}
