/**
 * The report's prose parts: the verdict banner, what was run, errors by kind and the load
 * generator's own health (a load tester must never pass off its own saturation as the target's latency).
 */
import type { LoadConfig, Report } from '../../report/types.js';
import { describeIncomplete, formatCount, formatDuration, formatElapsed, formatNumber, formatPercent, formatPerSecond } from '../format.js';
import { escapeHtml } from './escape.js';
import { FAIL_BG, PASS_BG, noDataTable, renderTable, type Row } from './tables.js';

const WARN_BG = '#fff3cd';

/** A full-width banner: SLA passed or failed, and whether the run was aborted. */
export function verdictBanner(report: Report): string {
  const results = report.sla.results;
  const failed = results.filter((r) => !r.passed).length;
  const headline = results.length === 0
    ? 'NO SLA TARGETS'
    : report.sla.passed ? `&#10003; SLA PASSED &mdash; ${results.length} of ${results.length} targets met`
      : `&#10007; SLA FAILED &mdash; ${failed} of ${results.length} targets failed`;
  const bg = results.length === 0 ? '#eeeeee' : report.sla.passed ? PASS_BG : FAIL_BG;
  const color = results.length === 0 ? '#333333' : report.sla.passed ? '#1e7b34' : '#b00020';
  const aborted = report.run.status === 'aborted'
    ? `<br><font color="#8a5a00"><b>Run aborted</b>${report.run.abortReason ? `: ${escapeHtml(report.run.abortReason)}` : ''}</font>`
    : '';
  const incompleteText = describeIncomplete(report.run);
  const incomplete = incompleteText ? `<br><font color="#8a5a00"><b>${escapeHtml(incompleteText)}</b></font>` : '';
  return `<table id="verdict" width="100%" cellpadding="12" cellspacing="0" border="0" bgcolor="${bg}">`
    + `<tr><td><font size="5" color="${color}"><b>${headline}</b></font>${aborted}${incomplete}</td></tr></table>`;
}

/** How the load was applied, in full: `open model, 120 iterations/s, max 200 VUs, 50 connections`. */
export function describeLoadInFull(load: LoadConfig): string {
  const parts: string[] = [`${load.model} model`];
  if (load.model === 'closed' && load.vus !== undefined) parts.push(`${formatCount(load.vus)} VUs`);
  if (load.model === 'open' && load.rate !== undefined) parts.push(`${formatNumber(load.rate, 2)} iterations/s`);
  if (load.stages?.length) {
    parts.push(`stages ${load.stages.map((s) => `${formatElapsed(s.durationMs)} → ${formatCount(s.target)}`).join(', ')}`);
  }
  if (load.arrivals === 'poisson') parts.push('Poisson arrivals');
  if (load.maxVus !== undefined) parts.push(`max ${formatCount(load.maxVus)} VUs`);
  if (load.iterations !== undefined) parts.push(`${formatCount(load.iterations)} iterations`);
  parts.push(`${formatCount(load.connections)} connections`);
  return parts.join(', ');
}

/** What was run, where and when, as a two-column key/value table. */
export function runTable(report: Report): string {
  const run = report.run;
  const pairs: Array<[string, string]> = [
    ['scenario', run.scenario.description ? `${run.scenario.name} — ${run.scenario.description}` : run.scenario.name],
    ['target', run.target.demo ? `${run.target.url} (built-in demo server)` : run.target.url],
    ['load', describeLoadInFull(run.load)],
    ['duration', `${formatElapsed(run.durationMs)}${run.warmupMs > 0 ? ` (warm-up ${formatElapsed(run.warmupMs)}, ${formatCount(run.warmup.requests)} requests excluded)` : ''}`],
    ['status', run.abortReason ? `${run.status} (${run.abortReason})` : run.status],
    ['started', `${run.startedAt} → ${run.endedAt}`],
    ['iterations', iterationsText(report)],
    ['seed / shard', `${run.seed} / ${run.shard ? `${run.shard.index} of ${run.shard.count}` : 'single'}`],
    ['run id', run.id],
    ['generator', `${report.tool.name} ${report.tool.version}, Node ${report.environment.node}, ${report.environment.platform}/${report.environment.arch}, ${report.environment.cpus} CPUs`],
  ];
  const rows = pairs.map(([k, v]): Row => ({ cells: [`<b>${escapeHtml(k)}</b>`, escapeHtml(v)] }));
  return renderTable('run-table', 'Run', [{ title: 'field' }, { title: 'value' }], rows);
}

function iterationsText(report: Report): string {
  const i = report.totals.iterations;
  return `${formatCount(i.started)} started, ${formatCount(i.completed)} completed, ${formatCount(i.failed)} failed, `
    + `${formatCount(i.interrupted)} interrupted, ${formatCount(i.dropped)} dropped, ${formatCount(i.skippedSteps)} steps skipped`;
}

/**
 * Requests that did not succeed, by error kind, most frequent first. Only failures: a status code is
 * no error by itself (an expected 404 succeeds, a 200 that fails a check does not).
 */
export function errorsTable(report: Report): string {
  const kinds = Object.entries(report.totals.errorsByKind)
    .filter((e): e is [string, number] => (e[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (kinds.length === 0) return noDataTable('errors-table', 'Errors', 'no errors');
  const rows = kinds.map(([kind, n]): Row => ({ cells: [escapeHtml(kind), escapeHtml(formatCount(n))], bgcolor: FAIL_BG }));
  return renderTable('errors-table', 'Errors', [{ title: 'error' }, { title: 'requests', numeric: true }], rows);
}

/** Responses by HTTP status code, successes and failures alike (transport errors have none). */
export function statusCodesTable(report: Report): string {
  const codes = Object.entries(report.totals.statusCodes).sort(([a], [b]) => a.localeCompare(b));
  if (codes.length === 0) return noDataTable('status-codes-table', 'Responses by status code');
  const rows = codes.map(([code, n]): Row => ({ cells: [escapeHtml(code), escapeHtml(formatCount(n))] }));
  return renderTable('status-codes-table', 'Responses by status code', [{ title: 'status' }, { title: 'responses', numeric: true }], rows);
}

/** The generator's own health and its warnings; a saturated generator is flagged loudly. */
export function generatorSection(report: Report): string {
  const g = report.generator;
  const facts = `event-loop delay p99 ${formatDuration(g.eventLoopDelayP99Ms)} (max ${formatDuration(g.eventLoopDelayMaxMs)}), `
    + `schedule lag p99 ${formatDuration(g.scheduleLagP99Ms)} (max ${formatDuration(g.scheduleLagMaxMs)}), CPU ${formatPercent(g.cpu.percent)}, `
    + `iterations offered ${formatPerSecond(g.offeredRate)}, started ${formatPerSecond(g.achievedRate)}`;
  const saturated = g.saturated
    ? `<table id="generator-saturated" width="100%" cellpadding="8" cellspacing="0" bgcolor="${WARN_BG}"><tr><td><b>&#9888; The load generator was saturated:</b> its own delay is mixed into the latency numbers. Use more workers or machines.</td></tr></table>`
    : '';
  const warnings = g.warnings.length === 0
    ? '<p>No generator warnings.</p>'
    : `<ul id="generator-warnings">${g.warnings.map((w) => `<li><font color="#8a5a00">&#9888;</font> ${escapeHtml(w)}</li>`).join('')}</ul>`;
  return `${saturated}<p>${escapeHtml(facts)}</p>${warnings}`;
}
