/**
 * Baseline comparison, pure: two reports and tolerances in, a Comparison out (`crmload compare`,
 * `crmload run --baseline`). Latency percentiles are recomputed from the stored HDR histograms, so
 * any percentile can be compared, not only the ones the reports print.
 */
import { decodeHistogram, type Histogram } from '../metrics/histogram.js';
import { percentileFromHistogram } from '../metrics/metric-names.js';
import type { Comparison, ComparisonRow, LatencyStats, Report, RequestCounters } from './types.js';
import {
  DEFAULT_TOLERANCES,
  parseMetric,
  type MetricKind,
  type MetricSpec,
  type Tolerances,
} from './tolerances.js';
import { comparisonNotes } from './compare-notes.js';

export { incomparability, type Comparable } from './compare-notes.js';

export { DEFAULT_TOLERANCE_SPEC, DEFAULT_TOLERANCES, parseTolerances, TOLERANCE_METRICS } from './tolerances.js';
export type { MetricKind, Tolerance, Tolerances } from './tolerances.js';
export type { Comparison, ComparisonRow } from './types.js';

/**
 * A latency regression must also be worse by more than this, in ms: at sub-millisecond latencies,
 * 3-digit histogram buckets and scheduler jitter move a percentile by tens of percent (0.2 → 0.3 ms
 * is +50%) with no effect anyone could feel.
 */
export const LATENCY_NOISE_FLOOR_MS = 1;

/** Metrics always shown, gated or not, so the table has context. */
const SHOWN_METRICS = ['p50', 'p95', 'p99', 'throughput', 'error_rate'];
const KIND_ORDER: readonly MetricKind[] = ['latency', 'throughput', 'error_rate', 'availability'];

/** A scope's counters and latency, as the comparison reads them. */
interface Scope {
  counters: RequestCounters;
  latency: LatencyStats;
}

/**
 * Compare `head` against the baseline `base`, metric by metric, for the whole run and each step
 * (matched by name). A step present on one side only gets one informational row, never a regression.
 * @param tolerances defaults to {@link DEFAULT_TOLERANCES} (`p95=10%,throughput=10%,error_rate=1%`)
 */
export function compareReports(base: Report, head: Report, tolerances: Tolerances = DEFAULT_TOLERANCES): Comparison {
  const metrics = comparedMetrics(tolerances);
  const histograms = new Map<string, Histogram>();
  const compareScope = (step: string | null, b: Scope, h: Scope) =>
    metrics.map((m) => compareMetric(step, m, measure(m, b, histograms), measure(m, h, histograms)));

  const rows = compareScope(null, { counters: base.totals, latency: base.latency }, { counters: head.totals, latency: head.latency });
  const headSteps = new Map(head.steps.map((step) => [step.name, step]));
  const baseNames = new Set(base.steps.map((step) => step.name));
  for (const step of base.steps) {
    const other = headSteps.get(step.name);
    if (other) rows.push(...compareScope(step.name, { counters: step, latency: step.latency }, { counters: other, latency: other.latency }));
    else rows.push(oneSided(step.name, step.requests, null));
  }
  for (const step of head.steps) if (!baseNames.has(step.name)) rows.push(oneSided(step.name, null, step.requests));
  rows.push(...extraRows(base, head, tolerances, histograms));
  return { passed: rows.every((row) => !row.regressed), rows, notes: comparisonNotes(base, head) };
}

const P95 = { metric: 'p95', kind: 'latency' as const, percentile: 95 };

/**
 * Journey time (p95; gated by an `iteration_duration` tolerance), checks passed (gated by `checks`),
 * and, shown only, the p95 of each custom trend and group both reports have. In parentheses where
 * a step name would be: `(journey time)`, `(checks)`, `(trend queue_wait)`, `(group convert lead)`.
 */
function extraRows(base: Report, head: Report, tolerances: Tolerances, cache: Map<string, Histogram>): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const latencyOf = (stats: LatencyStats | undefined) => (stats ? measure(P95, { counters: base.totals, latency: stats }, cache) : null);
  if (base.iterationDuration || head.iterationDuration) {
    const limit = tolerances.find((t) => t.metric === 'iteration_duration')?.limit;
    rows.push(compareMetric('(journey time)', { metric: 'iteration_duration.p95', kind: 'journey', percentile: 95, limit }, latencyOf(base.iterationDuration), latencyOf(head.iterationDuration)));
  }
  if (base.checks?.results.length || head.checks?.results.length) {
    const limit = tolerances.find((t) => t.metric === 'checks')?.limit;
    rows.push(compareMetric('(checks)', { metric: 'checks', kind: 'checks', limit }, base.checks?.rate ?? null, head.checks?.rate ?? null));
  }
  const trends = (r: Report) => new Map((r.metrics ?? []).flatMap((m) => (m.type === 'trend' ? [[m.name, m.stats] as const] : [])));
  const headTrends = trends(head);
  for (const [name, stats] of trends(base)) if (headTrends.has(name)) rows.push(compareMetric(`(trend ${name})`, P95, latencyOf(stats), latencyOf(headTrends.get(name))));
  const headGroups = new Map((head.groups ?? []).map((g) => [g.name, g.duration]));
  for (const g of base.groups ?? []) if (headGroups.has(g.name)) rows.push(compareMetric(`(group ${g.name})`, P95, latencyOf(g.duration), latencyOf(headGroups.get(g.name))));
  return rows;
}

/** The gated metrics plus the always-shown ones, ordered latency (by percentile), throughput, rates. */
function comparedMetrics(tolerances: Tolerances): Array<MetricSpec & { limit?: number }> {
  const list: Array<MetricSpec & { limit?: number }> = tolerances.filter((t) => t.kind !== 'journey' && t.kind !== 'checks');
  for (const name of SHOWN_METRICS) {
    if (!list.some((m) => m.metric === name)) list.push(parseMetric(name) as MetricSpec);
  }
  const rank = (m: MetricSpec) => KIND_ORDER.indexOf(m.kind) * 1000 + (m.percentile ?? (m.metric === 'mean' ? 100.5 : 101));
  return list.sort((a, b) => rank(a) - rank(b));
}

function measure(metric: MetricSpec, scope: Scope, cache: Map<string, Histogram>): number | null {
  switch (metric.kind) {
    case 'throughput':
      return scope.counters.throughput;
    case 'error_rate':
      return scope.counters.errorRate;
    case 'availability':
      return scope.counters.availability;
    case 'latency':
    case 'journey':
      break;
    case 'checks':
      return null;
  }
  const { latency } = scope;
  if (metric.percentile === undefined) return metric.metric === 'mean' ? latency.mean : latency.max;
  return percentileFromHistogram(latency, metric.percentile, (hdr) => {
    let histogram = cache.get(hdr);
    if (!histogram) cache.set(hdr, (histogram = decodeHistogram(hdr)));
    return histogram;
  });
}

function compareMetric(step: string | null, metric: MetricSpec & { limit?: number }, base: number | null, head: number | null): ComparisonRow {
  const relative = metric.kind === 'latency' || metric.kind === 'throughput' || metric.kind === 'journey';
  const worse = metric.kind === 'throughput' || metric.kind === 'availability' || metric.kind === 'checks' ? 'lower' : 'higher';
  const row: ComparisonRow = {
    step,
    metric: metric.metric,
    unit: metric.kind === 'latency' || metric.kind === 'journey' ? 'ms' : metric.kind === 'throughput' ? '/s' : '%',
    base,
    head,
    delta: null,
    deltaPct: null,
    worse,
    tolerance: metric.limit === undefined ? null : { limit: metric.limit, unit: relative ? '%' : 'pp' },
    regressed: false,
  };
  if (base === null || head === null) return { ...row, note: 'no data' };
  row.delta = round(head - base);
  row.deltaPct = base === 0 ? null : round(((head - base) / base) * 100);
  if (metric.limit === undefined) return row;
  const worsening = worse === 'higher' ? row.delta : -row.delta;
  if (!relative) row.regressed = worsening > metric.limit;
  else if (base > 0) row.regressed = round((worsening / base) * 100) > metric.limit;
  if ((metric.kind === 'latency' || metric.kind === 'journey') && worsening <= LATENCY_NOISE_FLOOR_MS) row.regressed = false;
  return row;
}

function oneSided(step: string, base: number | null, head: number | null): ComparisonRow {
  return {
    step,
    metric: 'requests',
    unit: 'count',
    base,
    head,
    delta: null,
    deltaPct: null,
    worse: 'lower',
    tolerance: null,
    regressed: false,
    note: base === null ? 'only in head' : 'only in base',
  };
}

/** Round away float noise (0.1 + 0.2) so limits compare exactly and JSON stays short. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * One line for logs and CI: `no regression: 12 gated metrics within tolerance` or
 * `2 regressions: p95 +31.2% (limit +10%); throughput{step="list contacts"} -12.0% (limit -10%)`.
 */
export function comparisonSummary(c: Comparison): string {
  const gated = c.rows.filter((row) => row.tolerance !== null && row.note === undefined);
  const regressed = c.rows.filter((row) => row.regressed);
  if (regressed.length === 0) {
    return `no regression: ${gated.length} gated metric${gated.length === 1 ? '' : 's'} within tolerance`;
  }
  const shown = regressed.slice(0, 3).map((row) => `${rowLabel(row)} ${formatChange(row)} (limit ${formatLimit(row)})`);
  const more = regressed.length > 3 ? `; +${regressed.length - 3} more` : '';
  return `${regressed.length} regression${regressed.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}

/** `p95` or `p95{step="list contacts"}`, as in SLA expressions. */
export function rowLabel(row: ComparisonRow): string {
  if (row.step === null) return row.metric;
  return row.step.startsWith('(') ? `${row.metric} ${row.step}` : `${row.metric}{step=${JSON.stringify(row.step)}}`;
}

/** The change as judged: relative (`+31.2%`) for latency and throughput, points (`+0.50 pp`) for rates. */
export function formatChange(row: ComparisonRow): string {
  if (row.unit === '%') return row.delta === null ? '-' : `${sign(row.delta)}${Math.abs(row.delta).toFixed(2)} pp`;
  return row.deltaPct === null ? '-' : `${sign(row.deltaPct)}${Math.abs(row.deltaPct).toFixed(1)}%`;
}

/** The allowed change, signed in the worse direction: `+10%`, `-5%`, `+1 pp`. */
export function formatLimit(row: ComparisonRow): string {
  if (!row.tolerance) return '-';
  const unit = row.tolerance.unit === 'pp' ? ' pp' : '%';
  return `${row.worse === 'higher' ? '+' : '-'}${row.tolerance.limit}${unit}`;
}

function sign(value: number): string {
  return value > 0 ? '+' : value < 0 ? '-' : '';
}
