/**
 * Merging what scenarios measure besides requests (iteration and group durations, checks, custom
 * metrics) exactly: counts add up, histograms merge with `add()` from their encoded HDR, rates are
 * recomputed from the summed true/total counts. A block one shard has and another lacks counts as
 * empty in the other (that shard recorded nothing of it). Pure.
 */
import { ReportFileError } from '../errors.js';
import { mergeLatency } from './merge-stats.js';
import type { CheckReport, ChecksReport, CustomMetricReport, GroupReport, LatencyStats, Report } from './types.js';

/** The merged report's extra blocks. */
export type ExtraBlocks = Pick<Report, 'iterationDuration' | 'checks' | 'metrics' | 'groups'>;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The shards' extra blocks as one; `measuredMs` is the merged measured time (counter rates are
 * recomputed over it). Nothing when no shard has any (a report from quick mode or before 1.1).
 * @throws ReportFileError when one custom metric has different types in two shards
 */
export function mergeExtras(reports: readonly Report[], measuredMs: number): ExtraBlocks {
  const has = (k: keyof ExtraBlocks) => reports.some((r) => r[k] !== undefined);
  if (!has('iterationDuration') && !has('checks') && !has('metrics') && !has('groups')) return {};
  const durations = reports.map((r) => r.iterationDuration).filter((d): d is LatencyStats => d !== undefined);
  return {
    ...(durations.length ? { iterationDuration: mergeLatency(durations) } : {}),
    checks: mergeChecks(reports.map((r) => r.checks?.results ?? [])),
    metrics: mergeMetrics(reports.map((r) => r.metrics ?? []), measuredMs),
    groups: mergeGroups(reports.map((r) => r.groups ?? [])),
  };
}

/** Checks by name, in order of first appearance; where they were first seen comes from the first shard. */
export function mergeChecks(lists: ReadonlyArray<readonly CheckReport[]>): ChecksReport {
  const byName = new Map<string, CheckReport>();
  for (const c of lists.flat()) {
    const seen = byName.get(c.name);
    if (seen) byName.set(c.name, { ...seen, passed: seen.passed + c.passed, failed: seen.failed + c.failed });
    else byName.set(c.name, { ...c });
  }
  const results = [...byName.values()];
  const passed = results.reduce((a, c) => a + c.passed, 0);
  const failed = results.reduce((a, c) => a + c.failed, 0);
  return { passed, failed, rate: passed + failed ? Math.round((100_000 * passed) / (passed + failed)) / 1000 : null, results };
}

/** Custom metrics by name: counters summed, trends' histograms added, rates from summed counts. */
export function mergeMetrics(lists: ReadonlyArray<readonly CustomMetricReport[]>, measuredMs: number): CustomMetricReport[] {
  const byName = new Map<string, CustomMetricReport[]>();
  for (const m of lists.flat()) {
    const list = byName.get(m.name);
    if (!list) byName.set(m.name, [m]);
    else if (list[0].type !== m.type) throw new ReportFileError(`merge: custom metric "${m.name}" is a ${list[0].type} in one report and a ${m.type} in another`);
    else list.push(m);
  }
  return [...byName.values()].map((list) => mergeMetric(list, measuredMs));
}

function mergeMetric(list: readonly CustomMetricReport[], measuredMs: number): CustomMetricReport {
  const { name, type } = list[0];
  if (type === 'trend') return { name, type, stats: mergeLatency(list.map((m) => (m as Extract<CustomMetricReport, { type: 'trend' }>).stats)) };
  if (type === 'counter') {
    const total = round3(list.reduce((a, m) => a + (m as Extract<CustomMetricReport, { type: 'counter' }>).total, 0));
    return { name, type, total, perSecond: measuredMs > 0 ? round3(total / (measuredMs / 1000)) : 0 };
  }
  const rates = list as ReadonlyArray<Extract<CustomMetricReport, { type: 'rate' }>>;
  const count = rates.reduce((a, m) => a + m.count, 0);
  const trues = rates.reduce((a, m) => a + m.trues, 0);
  return { name, type, count, trues, rate: count ? round3((100 * trues) / count) : null };
}

/** Groups by name: counts summed, durations' histograms added. */
export function mergeGroups(lists: ReadonlyArray<readonly GroupReport[]>): GroupReport[] {
  const byName = new Map<string, GroupReport[]>();
  for (const g of lists.flat()) {
    const list = byName.get(g.name);
    if (list) list.push(g);
    else byName.set(g.name, [g]);
  }
  return [...byName.values()].map((list) => ({ name: list[0].name, scenario: list[0].scenario, count: list.reduce((a, g) => a + g.count, 0), duration: mergeLatency(list.map((g) => g.duration)) }));
}

/** A scenario's iteration durations over shards (absent when no shard has them). */
export function mergeIterationDurations(list: ReadonlyArray<{ iterationDuration?: LatencyStats }>): { iterationDuration?: LatencyStats } {
  const durations = list.map((s) => s.iterationDuration).filter((d): d is LatencyStats => d !== undefined);
  return durations.length ? { iterationDuration: mergeLatency(durations) } : {};
}
