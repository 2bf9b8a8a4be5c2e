/**
 * The end-of-run terminal summary (k6 / hyperfine / oha style): what a person reads at a glance.
 * Pure: returns a string. Colour is decided by the caller; with `color: false` the output carries no
 * ANSI escape at all, whatever the environment and whatever the report's strings contain.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { LatencyStats, Report, SlaResult, StepReport } from '../report/types.js';
import {
  countFailedSlas,
  describeLoad,
  describeIncomplete,
  describeStatus,
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
  NONE,
} from './format.js';
import { REFUSED_KINDS } from '../error-kinds.js';
import { checksSummary, extraTables, iterationDurationParts } from './extras.js';
import { GAP, INDENT, layoutTable, MIN_TEXT_COLUMN, packParts, terminalSafe, visibleLength } from './text-table.js';

/** Options of the terminal summary. */
export interface SummaryOptions {
  /** Emit ANSI colours. When false, not a single escape code is written. */
  color: boolean;
  /** Terminal width to stay within where reasonable (default 100). */
  width?: number;
}

/** Default width when the caller does not know the terminal's. */
export const DEFAULT_WIDTH = 100;

const LABEL_WIDTH = 14;

/** Render the end-of-run summary of a report. */
export function renderSummary(report: Report, options: SummaryOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? DEFAULT_WIDTH;
  const sections = [
    renderHeader(report, c, width),
    renderOverall(report, c, width),
    renderStepTable(report, c, width),
    ...extraTables(report).map((t) => layoutTable(t.head, t.rows.map((r, i) => (t.failing[i] ? r.map((cell, j) => (j === 2 ? c.red(cell) : cell)) : r)), [0], c, width)),
    renderWarnings(report, c),
    renderSlaTable(report.sla.results, c, width),
    renderVerdict(report.sla.results, c),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

/** Scenario, target, load, duration and status; on two lines when one would not fit. */
export function renderHeader(report: Report, c: ChalkInstance, width = DEFAULT_WIDTH): string {
  const { run } = report;
  const target = `${terminalSafe(run.target.url)}${run.target.demo ? c.dim(' (demo)') : ''}`;
  const what = `${c.bold(terminalSafe(run.scenario.name))} → ${target}`;
  const how = [describeLoad(run.load), formatElapsed(run.durationMs)];
  if (run.warmupMs > 0) how.push(c.dim(`the first ${formatElapsed(run.warmupMs)} warm-up, excluded`));
  if (run.shard) how.push(`shard ${run.shard.index}/${run.shard.count}`);
  const status = describeStatus(run);
  how.push(run.status === 'aborted' ? c.yellow.bold(status) : c.bold(status));
  if (run.mergedFrom !== undefined) how.push(`merged from ${run.mergedFrom} shard${run.mergedFrom > 1 ? 's' : ''}`);
  const incomplete = describeIncomplete(run);
  if (incomplete) how.push(c.yellow.bold(incomplete));
  const oneLine = `${what} · ${how.join(' · ')}`;
  return visibleLength(oneLine) <= width ? oneLine : `${what}\n${how.join(' · ')}`;
}

/** A dim label, then the parts packed onto as few lines as `width` allows, aligned under the first. */
function labelled(label: string, parts: string[], separator: string, c: ChalkInstance, width: number): string {
  return packParts(parts, separator, `${INDENT}${c.dim(label.padEnd(LABEL_WIDTH))}`, ' '.repeat(INDENT.length + LABEL_WIDTH), width);
}

/** Requests, iterations, throughput, availability, bytes, then the latency lines. */
export function renderOverall(report: Report, c: ChalkInstance, width = DEFAULT_WIDTH): string {
  const t = report.totals;
  // Requests refused before sending (kinds invalid and origin) count as failed requests, but never went out.
  const refused = [...REFUSED_KINDS].reduce((n, kind) => n + (t.errorsByKind[kind] ?? 0), 0);
  const counts = [
    refused > 0 ? `${formatCount(t.requests - refused)} sent + ${formatCount(refused)} refused before sending` : `${formatCount(t.requests)} sent`,
    `${formatCount(t.completed)} completed`,
    t.failed > 0 ? c.red(`${formatCount(t.failed)} failed`) : `${formatCount(t.failed)} failed`,
    `${formatCount(t.interrupted)} interrupted`,
  ];
  const rates = [
    `${formatRate(t.throughput)} req/s`,
    `availability ${formatPercent(t.availability)}`,
    `error rate ${formatPercent(t.errorRate)}`,
    `${formatBytes(t.bytesIn)} in / ${formatBytes(t.bytesOut)} out`,
  ];
  const lines = [
    labelled('requests', counts, ' · ', c, width),
    ...renderIterations(report, c, width),
    labelled('throughput', rates, ' · ', c, width),
  ];
  const checks = checksSummary(report);
  if (checks) lines.push(labelled('checks', [report.checks!.failed > 0 ? c.yellow(checks) : checks], ' · ', c, width));
  const journey = iterationDurationParts(report);
  if (journey) lines.push(labelled('journey time', journey, '  ', c, width));
  lines.push(labelled('latency', latencyParts(report.latency), '  ', c, width));
  if (report.run.load.model === 'open') {
    lines.push(labelled('service time', latencyParts(report.serviceTime), '  ', c, width));
    const note = ['latency is timed from the scheduled start;', 'service time from the actual send'];
    lines.push(labelled('', note.map((n) => c.dim(n)), ' ', c, width));
  }
  return lines.join('\n');
}

/**
 * What became of the iterations (the journeys: a request error rate can hide that most of them
 * failed), then, in the open model, the offered rate beside the achieved one.
 */
function renderIterations(report: Report, c: ChalkInstance, width: number): string[] {
  const tone = (n: number, outcome: string) => (n === 0 ? (s: string) => s : outcome === 'failed' ? c.red : outcome === 'dropped' ? c.yellow : (s: string) => s);
  const parts = iterationOutcomes(report.totals.iterations, report.run.load.model).map(([n, outcome]) => tone(n, outcome)(`${formatCount(n)} ${outcome}`));
  const lines = [labelled('iterations', parts, ' · ', c, width)];
  const g = report.generator;
  if (g.offeredRate !== null) {
    // Offered beside achieved: an open-model run that could not start its iterations says so here.
    const short = g.achievedRate < g.offeredRate * 0.95;
    const achieved = `${formatRate(g.achievedRate)}/s started`;
    lines.push(labelled('', [`${formatRate(g.offeredRate)}/s offered`, short ? c.yellow(achieved) : achieved], ' · ', c, width));
  }
  return lines;
}

function latencyParts(stats: LatencyStats): string[] {
  if (stats.count === 0) return ['no successful requests'];
  const points: Array<[string, number | null]> = [
    ['p50', stats.p50], ['p90', stats.p90], ['p95', stats.p95], ['p99', stats.p99], ['max', stats.max],
  ];
  return points.map(([name, value]) => `${name} ${formatDuration(value)}`);
}

interface StepColumn {
  head: string;
  cell: (step: StepReport, c: ChalkInstance) => string;
}

const STEP_COLUMNS: StepColumn[] = [
  { head: 'step', cell: (s) => terminalSafe(s.name) },
  { head: 'requests', cell: (s) => formatCount(s.requests) },
  { head: 'rps', cell: (s) => formatRate(s.throughput) },
  { head: 'p50', cell: (s) => formatDuration(s.latency.p50) },
  { head: 'p90', cell: (s) => formatDuration(s.latency.p90) },
  { head: 'p95', cell: (s) => formatDuration(s.latency.p95) },
  { head: 'p99', cell: (s) => formatDuration(s.latency.p99) },
  { head: 'max', cell: (s) => formatDuration(s.latency.max) },
  {
    head: 'errors',
    cell: (s, c) => {
      const errors = formatErrorsByKind(s);
      return errors === NONE ? c.dim(errors) : c.red(errors);
    },
  },
];

/** Columns given up, in this order, when the step names would otherwise be cut too short. */
const STEP_COLUMNS_DROPPED_FIRST = ['p90', 'p50', 'rps', 'max'];
/** The shortest a step name may be cut to before a column is dropped instead. */
const MIN_STEP_NAME = 16;

/** One row per step: requests, rps, latency percentiles and errors by kind. */
export function renderStepTable(report: Report, c: ChalkInstance, width = DEFAULT_WIDTH): string {
  if (report.steps.length === 0) return '';
  const natural = (col: StepColumn) => Math.max(col.head.length, ...report.steps.map((s) => visibleLength(col.cell(s, c))));
  const needed = (cols: StepColumn[]) =>
    INDENT.length + (cols.length - 1) * GAP.length + Math.min(natural(cols[0]), MIN_STEP_NAME) +
    cols.slice(1, -1).reduce((sum, col) => sum + natural(col), 0) + Math.min(natural(cols[cols.length - 1]), MIN_TEXT_COLUMN);
  let columns = STEP_COLUMNS;
  for (const head of STEP_COLUMNS_DROPPED_FIRST) {
    if (needed(columns) <= width) break;
    columns = columns.filter((col) => col.head !== head);
  }
  const rows = report.steps.map((s) => columns.map((col) => col.cell(s, c)));
  return layoutTable(columns.map((col) => col.head), rows, [0, columns.length - 1], c, width);
}

/** Generator saturation, dropped iterations and the generator's own warnings, one line each. */
export function renderWarnings(report: Report, c: ChalkInstance): string {
  const g = report.generator;
  const lines: string[] = [];
  if (g.saturated) {
    lines.push(
      'crmload itself could not keep the schedule: these numbers include generator delay\n' +
        `  (event-loop delay p99 ${formatDuration(g.eventLoopDelayP99Ms)}, schedule lag p99 ${formatDuration(g.scheduleLagP99Ms)}, CPU ${g.cpu.percent}% of one core)`,
    );
  }
  const dropped = report.totals.dropped;
  if (dropped > 0) {
    const cap = report.run.load.maxVus;
    const busy = cap === undefined ? 'all VUs were busy' : `all ${formatCount(cap)} VUs (--max-vus) were busy`;
    lines.push(`${formatCount(dropped)} iteration${dropped === 1 ? '' : 's'} dropped: ${busy}`);
  }
  lines.push(...g.warnings.map(terminalSafe));
  return lines.map((l) => c.yellow(`⚠ ${l}`)).join('\n');
}

/** Expression, measured, target, margin and PASS/FAIL for every SLA. */
export function renderSlaTable(results: readonly SlaResult[], c: ChalkInstance, width = DEFAULT_WIDTH): string {
  if (results.length === 0) return '';
  const head = ['SLA', 'measured', 'target', 'margin', 'result'];
  const rows = results.map((r) => [
    terminalSafe(r.expression),
    r.actual === null ? c.yellow(formatSlaMeasured(r)) : formatSlaMeasured(r),
    formatSlaTarget(r),
    formatSlaMargin(r),
    r.passed ? c.green('PASS') : c.red.bold('FAIL'),
  ]);
  return layoutTable(head, rows, [0], c, width, true);
}

/** "✓ all 4 SLAs passed", "✗ 2 of 4 SLAs failed", or "no SLAs defined". */
export function renderVerdict(results: readonly SlaResult[], c: ChalkInstance): string {
  const total = results.length;
  if (total === 0) return c.dim('no SLAs defined');
  const failed = countFailedSlas(results);
  const noun = total === 1 ? 'SLA' : 'SLAs';
  if (failed === 0) return c.green.bold(total === 1 ? '✓ the SLA passed' : `✓ all ${total} SLAs passed`);
  return c.red.bold(`✗ ${failed} of ${total} ${noun} failed`);
}
