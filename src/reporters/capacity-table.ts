/**
 * The terminal summary of `crmload capacity`: one row per step, the max sustainable rate per SLA and
 * overall, the knee, and what the models say. Pure: returns a string; no ANSI escape with colour off.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from '../report/types.js';
import type { CapacityReport, CapacityStep } from '../report/capacity-types.js';
import { formatDuration, formatElapsed, formatNumber, formatPercent, formatRate, NONE } from './format.js';
import { DEFAULT_WIDTH } from './table.js';
import { INDENT, layoutTable, packParts, terminalSafe } from './text-table.js';

export interface CapacitySummaryOptions {
  color: boolean;
  width?: number;
}

/** Render the capacity summary of a report that has a `capacity` block ('' otherwise). */
export function renderCapacity(report: Report, options: CapacitySummaryOptions): string {
  const capacity = report.capacity;
  if (!capacity) return '';
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const sections = [
    header(report, capacity, c, width),
    stepTable(capacity, c, width),
    result(capacity, c, width),
    model(capacity, c, width),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

const rate = (r: number | null | undefined) => (r === null || r === undefined ? NONE : `${formatRate(r)}/s`);

function header(report: Report, capacity: CapacityReport, c: ChalkInstance, width: number): string {
  const s = capacity.settings;
  const target = `${terminalSafe(report.run.target.url)}${report.run.target.demo ? c.dim(' (demo)') : ''}`;
  const climb = s.factor !== undefined ? `×${formatNumber(s.factor)}` : `+${rate(s.stepRate)}`;
  const parts = [
    `${s.arrivals} arrivals`,
    `from ${rate(s.startRate)} ${climb}${s.maxRate !== null ? ` to ${rate(s.maxRate)}` : ''}`,
    `hold ${formatElapsed(s.holdMs)} (first ${formatElapsed(s.warmupStepMs)} excluded)`,
    `precision ${formatPercent(s.precision)}`,
    `${capacity.steps.length} steps in ${formatElapsed(capacity.durationMs)}`,
  ];
  return `${INDENT}${c.bold('capacity')} ${c.bold(terminalSafe(report.run.scenario.name))} → ${target}\n${packParts(parts, ' · ', INDENT, INDENT, width)}`;
}

/** The verdict in a few characters: failing SLAs by their number in the list below the table. */
function verdictText(step: CapacityStep, c: ChalkInstance): string {
  if (step.verdict === 'generator') return c.yellow('GENERATOR');
  if (step.verdict === 'overload') return c.red('OVERLOAD');
  const failed = step.sla.flatMap((r, i) => (r.passed ? [] : [`[${i + 1}]`]));
  if (failed.length) return c.red(step.sla.length === 1 ? 'FAIL' : `FAIL ${failed.join('')}`);
  return step.generator.saturated ? `${c.green('pass')}${c.yellow('*')}` : c.green('pass');
}

function littleText(step: CapacityStep, c: ChalkInstance): string {
  if (step.little.relativeError === null) return NONE;
  const text = `${step.little.relativeError >= 0 ? '+' : ''}${Math.round(step.little.relativeError * 100)}%`;
  return step.little.consistent ? text : c.yellow(text);
}

/** After the step number: nothing while climbing, b for a bisection step, r for a retry. */
const PHASE_MARK: Record<CapacityStep['phase'], string> = { climb: '', bisect: 'b', retry: 'r' };

function stepTable(capacity: CapacityReport, c: ChalkInstance, width: number): string {
  const head = ['#', 'offered/s', 'done/s', 'p50', 'p95', 'p99', 'errors', 'in flight', 'Little', 'model p95', 'verdict'];
  const rows = capacity.steps.map((s) => [
    `${s.index}${c.dim(PHASE_MARK[s.phase])}`,
    formatRate(s.offeredRate),
    formatRate(s.throughput),
    formatDuration(s.latency.p50),
    formatDuration(s.latency.p95),
    formatDuration(s.latency.p99),
    formatPercent(s.errorRate),
    formatNumber(s.concurrency, 1),
    littleText(s, c),
    s.predicted ? formatDuration(s.predicted.p95Ms) : NONE,
    verdictText(s, c),
  ]);
  const legend = ['b: bisection step', 'r: same rate again after crmload lagged', 'Little: L vs X×W (yellow: off by more than 20%)'];
  if (capacity.steps.some((s) => s.verdict === 'pass' && s.generator.saturated)) legend.push('pass*: passed although crmload lagged (pessimistic)');
  return `${layoutTable(head, rows, [10], c, width, true)}\n${c.dim(packParts(legend, ' · ', INDENT, INDENT, width))}`;
}

function result(capacity: CapacityReport, c: ChalkInstance, width: number): string {
  const o = capacity.outcome;
  const headline = o.generatorLimit && o.maxSustainableRate === null
    ? c.yellow.bold('No CRM capacity: crmload was the limit')
    : o.maxSustainableRate !== null
      ? c.green.bold(`Max sustainable rate: ${o.bounded ? '' : '≥ '}${rate(o.maxSustainableRate)}`)
      : c.red.bold('No sustainable rate found');
  const lines = [`${INDENT}${headline}`, packParts([terminalSafe(o.message)], '', INDENT, INDENT, width)];
  if (o.generatorLimit) lines.push(`${INDENT}${c.yellow(terminalSafe(o.generatorLimit.advice))}`);
  for (const [i, s] of capacity.perSla.entries()) {
    const range = s.lowestFailingRate === null ? `passed up to ${rate(s.maxPassingRate)} (never failed)` : `passes up to ${rate(s.maxPassingRate)}, fails at ${rate(s.lowestFailingRate)}`;
    const predicted = s.predictedRate !== null ? `model: ${rate(s.predictedRate)}` : c.dim(`model: ${NONE}`);
    const name = capacity.perSla.length > 1 ? `[${i + 1}] ${terminalSafe(s.expression)}` : terminalSafe(s.expression);
    lines.push(packParts([c.bold(name), range, predicted], ' · ', INDENT, `${INDENT}  `, width));
  }
  lines.push(`${INDENT}Knee: ${capacity.knee.rate !== null ? rate(capacity.knee.rate) : NONE} ${c.dim(`(${capacity.knee.rule})`)}`);
  return lines.join('\n');
}

function model(capacity: CapacityReport, c: ChalkInstance, width: number): string {
  const { queue, usl, notes } = capacity.model;
  const lines = [`${INDENT}${c.bold('Model')}`];
  if (queue) {
    const from = queue.serversFrom === 'saturation' ? 'saturation throughput × S' : 'best fit of the latencies';
    const parts = [
      `M/M/c (Erlang C, Allen–Cunneen): c = ${queue.servers} (${from})`,
      `S = ${formatDuration(queue.serviceMs)}${queue.overheadMs > 0 ? ` (+ ${formatDuration(queue.overheadMs)} outside the servers)` : ''}`,
      `Cs² ${formatNumber(queue.serviceCv2, 2)}`,
      `Ca² ${formatNumber(queue.arrivalCv2, 2)}`,
      `c/S = ${rate(queue.saturationRate)}`,
    ];
    lines.push(packParts(parts, ' · ', `${INDENT}  `, `${INDENT}    `, width));
    lines.push(`${INDENT}    ${queue.fits ? terminalSafe(queue.note) : c.yellow(terminalSafe(queue.note))}`);
    const op = queue.operatingPoint;
    if (op) lines.push(`${INDENT}    at 70% of the max sustainable rate (${rate(op.rate)}): mean ${formatDuration(op.meanMs)}, p95 ${formatDuration(op.p95Ms)}, p99 ${formatDuration(op.p99Ms)}`);
  }
  if (usl) {
    const peak = usl.peakConcurrency !== null ? `peak ${formatNumber(usl.peakConcurrency, 1)} in flight → ${rate(usl.peakThroughput)}` : usl.peakThroughput !== null && usl.fits ? `levels off at ${rate(usl.peakThroughput)}` : `peak ${NONE}`;
    const parts = [`USL: λ ${rate(usl.lambda)}`, `σ ${formatNumber(usl.sigma, 4)}`, `κ ${formatNumber(usl.kappa, 6)}`, `R² ${formatNumber(usl.rSquared, 3)}`, peak];
    lines.push(packParts(parts, ' · ', `${INDENT}  `, `${INDENT}    `, width));
    lines.push(`${INDENT}    ${usl.fits ? terminalSafe(usl.note) : c.yellow(terminalSafe(usl.note))}`);
  }
  const consistent = capacity.steps.filter((s) => s.little.consistent).length;
  const judged = capacity.steps.filter((s) => s.little.relativeError !== null).length;
  lines.push(`${INDENT}  Little's law (L = X × W): consistent within 20% on ${consistent} of ${judged} steps`);
  for (const note of notes) lines.push(packParts([c.dim(terminalSafe(note))], '', `${INDENT}  `, `${INDENT}    `, width));
  return lines.join('\n');
}
