/**
 * The merged report's SLA verdict, through the same judge as a run's final report and its
 * `--abort-on-fail` watch (`measured.ts`): the merged report is read back as what was measured.
 */
import { evaluateSlas } from '../sla/evaluate.js';
import type { Sla } from '../sla/types.js';
import { slaSourceOf, type Measured } from './measured.js';
import { mergeLatency } from './merge-stats.js';
import type { Report, SlaVerdict } from './types.js';

/** What a (merged) report measured, in the form the judge reads. */
export function measuredOf(report: Omit<Report, 'sla'>, measuredMs: number): Measured {
  const { iterations: _i, dropped: _d, iterationsPerSecond: _r, ...counters } = report.totals;
  return {
    snapshot: {
      measuredMs,
      overall: { ...counters, latency: report.latency, serviceTime: report.serviceTime, errorLatency: report.errorLatency, stability: report.stability },
      steps: report.steps,
      scenarios: report.scenarios.map(({ iterations: _it, iterationsPerSecond: _ips, ...block }) => block),
      timeline: report.timeline,
      warmup: report.run.warmup,
      ...extrasSnapshotOf(report),
    },
    iterations: report.scenarios.map((s) => ({ name: s.name, counters: s.iterations })),
    totals: { ...report.totals.iterations, dropped: report.totals.dropped },
  };
}

/** The report's extra blocks read back as the recorder's snapshot of them (absent when it has none). */
function extrasSnapshotOf(report: Omit<Report, 'sla'>): Pick<Measured['snapshot'], 'extras'> {
  if (!report.iterationDuration && !report.checks && !report.metrics && !report.groups) return {};
  const iterationDurations = new Map(report.scenarios.flatMap((s) => (s.iterationDuration ? [[s.name, s.iterationDuration] as const] : [])));
  const iterationDuration = report.iterationDuration ?? mergeLatency([]);
  return { extras: { iterationDuration, iterationDurations, checks: report.checks?.results ?? [], metrics: report.metrics ?? [], groups: report.groups ?? [] } };
}

export function slaVerdictOf(slas: readonly Sla[], report: Omit<Report, 'sla'>, measuredMs: number): SlaVerdict {
  return evaluateSlas(slas, slaSourceOf(measuredOf(report, measuredMs)));
}
