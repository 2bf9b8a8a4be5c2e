/**
 * The Capacity section of the HTML report (reports of `crmload capacity`): the outcome, one row per
 * step, the rate per SLA, the knee, the models and their charts.
 */
import type { Report } from '../../report/types.js';
import type { CapacityReport, CapacityStep } from '../../report/capacity-types.js';
import { formatDuration, formatNumber, formatPercent, formatRate, formatSlaValue, NONE } from '../format.js';
import { latencyVsRateChart, throughputVsConcurrencyChart } from './capacity-charts.js';
import { escapeHtml } from './escape.js';
import { FAIL_BG, PASS_BG, renderTable, type Column, type Row } from './tables.js';

const WARN_BG = '#fff3cd';
const rate = (r: number | null) => (r === null ? NONE : `${formatRate(r)}/s`);
const note = (text: string) => `<p><font size="2" color="#555555">${escapeHtml(text)}</font></p>`;

/** The section's body, or '' for a report without a capacity block. */
export function capacitySection(report: Report): string {
  const capacity = report.capacity;
  if (!capacity) return '';
  return [
    outcome(capacity),
    stepsTable(capacity, report.sla.results.map((r) => r.unit)),
    perSlaTable(capacity),
    latencyVsRateChart(capacity, report.sla.results),
    '<br><br>',
    throughputVsConcurrencyChart(capacity),
    modelTable(capacity),
    ...capacity.model.notes.map(note),
    note('The other sections of this report describe one step: the one at the max sustainable rate, or the first step when none passed.'),
  ].join('\n');
}

function outcome(capacity: CapacityReport): string {
  const o = capacity.outcome;
  const [color, headline] = o.generatorLimit && o.maxSustainableRate === null
    ? ['#8a6d00', 'No CRM capacity: crmload itself was the limit']
    : o.maxSustainableRate !== null
      ? ['#1e7b34', `Max sustainable rate: ${o.bounded ? '' : '≥ '}${rate(o.maxSustainableRate)}`]
      : ['#b42318', 'No sustainable rate found'];
  const advice = o.generatorLimit ? `<br>${escapeHtml(o.generatorLimit.advice)}` : '';
  const knee = `Knee: ${rate(capacity.knee.rate)} (${capacity.knee.rule}).`;
  return `<table role="presentation" width="100%" cellpadding="10" cellspacing="0" border="0" bgcolor="${o.generatorLimit ? WARN_BG : '#f4f6f8'}"><tr><td>`
    + `<font size="5" color="${color}"><b>${escapeHtml(headline)}</b></font><br>${escapeHtml(o.message)}${advice}<br><font size="2">${escapeHtml(knee)}</font></td></tr></table>`;
}

function verdictCell(step: CapacityStep): string {
  if (step.verdict === 'generator') return '<b>generator</b>';
  if (step.verdict === 'overload') return '<b>overload</b>';
  return step.verdict === 'pass' ? 'pass' : '<b>FAIL</b>';
}

function stepsTable(capacity: CapacityReport, units: readonly string[]): string {
  const slaColumns: Column[] = capacity.perSla.map((s) => ({ title: s.expression, numeric: true }));
  const columns: Column[] = [
    { title: '#' }, { title: 'phase' },
    ...['offered', 'achieved', 'p50', 'p95', 'p99', 'errors', 'in flight', 'L vs X·W', 'model p95'].map((title) => ({ title, numeric: true })),
    ...slaColumns, { title: 'verdict' },
  ];
  const rows: Row[] = capacity.steps.map((s) => ({
    bgcolor: s.verdict === 'pass' ? PASS_BG : s.verdict === 'generator' ? WARN_BG : FAIL_BG,
    cells: [
      String(s.index), s.phase, rate(s.offeredRate), rate(s.throughput),
      formatDuration(s.latency.p50), formatDuration(s.latency.p95), formatDuration(s.latency.p99),
      formatPercent(s.errorRate), formatNumber(s.concurrency, 2),
      s.little.relativeError === null ? NONE : `${formatNumber(s.little.measured, 2)} vs ${formatNumber(s.little.predicted, 2)}${s.little.consistent ? '' : ' ⚠'}`,
      s.predicted ? formatDuration(s.predicted.p95Ms) : NONE,
    ].map(escapeHtml).concat(
      s.sla.map((r, i) => `${r.passed ? '✓' : '✗'} ${escapeHtml(r.actual === null ? (r.reason ?? NONE) : formatSlaValue(r.actual, units[i] ?? ''))}`),
      [verdictCell(s)],
    ),
  }));
  return renderTable('capacity-steps', 'Capacity steps', columns, rows);
}

function perSlaTable(capacity: CapacityReport): string {
  const columns: Column[] = [{ title: 'SLA' }, { title: 'passes up to', numeric: true }, { title: 'fails at', numeric: true }, { title: 'model predicts', numeric: true }];
  const rows: Row[] = capacity.perSla.map((s) => ({
    cells: [s.expression, rate(s.maxPassingRate), rate(s.lowestFailingRate), s.predictedRate !== null ? rate(s.predictedRate) : `${NONE} (${s.predictionNote ?? ''})`].map(escapeHtml),
  }));
  return `<h3>Max sustainable rate per SLA</h3>${renderTable('capacity-per-sla', 'Max sustainable rate per SLA', columns, rows)}`;
}

function modelTable(capacity: CapacityReport): string {
  const { queue, usl } = capacity.model;
  const rows: Row[] = [];
  if (queue) {
    const c = `c = ${queue.servers} (${queue.serversFrom === 'saturation' ? 'saturation throughput × S' : 'best fit of the latencies'}), S = ${formatDuration(queue.serviceMs)}${queue.overheadMs > 0 ? ` (+ ${formatDuration(queue.overheadMs)} outside the servers)` : ''}, Cs² = ${formatNumber(queue.serviceCv2, 3)}, Ca² = ${formatNumber(queue.arrivalCv2, 2)}, c/S = ${rate(queue.saturationRate)}`;
    const op = queue.operatingPoint;
    const at = op ? `; at 70% of the max sustainable rate (${rate(op.rate)}): mean ${formatDuration(op.meanMs)}, p95 ${formatDuration(op.p95Ms)}, p99 ${formatDuration(op.p99Ms)}` : '';
    rows.push({ bgcolor: queue.fits ? undefined : WARN_BG, cells: ['M/M/c (Erlang C, Allen–Cunneen)', c, `${queue.note}${at}`].map(escapeHtml) });
  }
  if (usl) {
    const peak = usl.peakConcurrency !== null ? `, peak at N = ${formatNumber(usl.peakConcurrency, 1)} → ${rate(usl.peakThroughput)}` : '';
    const p = `λ = ${rate(usl.lambda)}, σ = ${formatNumber(usl.sigma, 4)}, κ = ${formatNumber(usl.kappa, 6)}, R² = ${formatNumber(usl.rSquared, 3)}${peak}`;
    rows.push({ bgcolor: usl.fits ? undefined : WARN_BG, cells: ['USL X(N) = λN / (1 + σ(N−1) + κN(N−1))', p, usl.note].map(escapeHtml) });
  }
  if (rows.length === 0) return '';
  return `<h3>Models</h3>${renderTable('capacity-models', 'Queueing models', [{ title: 'model' }, { title: 'parameters' }, { title: 'fit' }], rows)}`;
}
