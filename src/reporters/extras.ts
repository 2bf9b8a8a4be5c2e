/**
 * What scenarios measure besides requests, as rows every reporter shows the same way: the journey
 * time (iteration duration), checks, groups and custom metrics. Pure; empty when the report has none.
 */
import type { CustomMetricReport, LatencyStats, Report } from '../report/types.js';
import { formatCount, formatDuration, formatPercent, formatRate } from './format.js';

/** A titled table: header cells, then rows of plain text. */
export interface ExtraTable {
  title: string;
  /** An id for HTML, kebab-case. */
  id: string;
  head: string[];
  /** Which columns are numbers (right-aligned). */
  numeric: boolean[];
  rows: string[][];
  /** Rows to show as failing (a check that failed). */
  failing: boolean[];
}

function latencyCells(stats: LatencyStats): string[] {
  return [stats.p50, stats.p95, stats.p99, stats.max].map(formatDuration);
}

/** "p50 1.2s  p95 2.4s  p99 3.1s  max 3.3s" of the journey time, or null without one. */
export function iterationDurationParts(report: Report): string[] | null {
  const d = report.iterationDuration;
  if (!d || d.count === 0) return null;
  return [`p50 ${formatDuration(d.p50)}`, `p95 ${formatDuration(d.p95)}`, `p99 ${formatDuration(d.p99)}`, `max ${formatDuration(d.max)}`];
}

/** "12 passed · 1 failed (92.3%)", or null without checks. */
export function checksSummary(report: Report): string | null {
  const c = report.checks;
  if (!c || c.passed + c.failed === 0) return null;
  return `${formatCount(c.passed)} passed · ${formatCount(c.failed)} failed (${formatPercent(c.rate)})`;
}

/** The value of a custom metric, in words. */
export function describeMetric(m: CustomMetricReport): string {
  if (m.type === 'counter') return `${formatCount(m.total)} (${formatRate(m.perSecond)}/s)`;
  if (m.type === 'rate') return `${formatPercent(m.rate)} (${formatCount(m.trues)} of ${formatCount(m.count)})`;
  return m.stats.count === 0 ? 'no values' : latencyCells(m.stats).map((v, i) => `${['p50', 'p95', 'p99', 'max'][i]} ${v}`).join('  ');
}

/** Checks, groups and custom metrics tables (only those the report has). */
export function extraTables(report: Report): ExtraTable[] {
  const tables: ExtraTable[] = [];
  const checks = report.checks?.results ?? [];
  if (checks.length) {
    tables.push({
      title: 'Checks', id: 'checks-table', head: ['check', 'passed', 'failed', 'rate'], numeric: [false, true, true, true],
      rows: checks.map((c) => [c.group ? `${c.group} › ${c.name}` : c.name, formatCount(c.passed), formatCount(c.failed), formatPercent(c.passed + c.failed ? (100 * c.passed) / (c.passed + c.failed) : null)]),
      failing: checks.map((c) => c.failed > 0),
    });
  }
  const groups = report.groups ?? [];
  if (groups.length) {
    tables.push({
      title: 'Groups', id: 'groups-table', head: ['group', 'runs', 'p50', 'p95', 'p99', 'max'], numeric: [false, true, true, true, true, true],
      rows: groups.map((g) => [g.name, formatCount(g.count), ...latencyCells(g.duration)]),
      failing: groups.map(() => false),
    });
  }
  const metrics = report.metrics ?? [];
  if (metrics.length) {
    tables.push({
      title: 'Custom metrics', id: 'metrics-table', head: ['metric', 'type', 'value'], numeric: [false, false, false],
      rows: metrics.map((m) => [m.name, m.type, describeMetric(m)]),
      failing: metrics.map(() => false),
    });
  }
  return tables;
}
