/**
 * Reads the measured value of an SLA's metric from its scope of a report. A metric without data gives
 * a reason starting with "no data" instead of a value: an SLA never passes vacuously.
 */
import { decodeHistogram, type Histogram } from '../metrics/histogram.js';
import { percentileOf } from '../metrics/metric-names.js';
import type { IterationCounters, LatencyStats, RequestCounters, Stability } from '../report/types.js';
import type { Sla, SlaScope, SlaSource } from './types.js';

/** The measured value, or why there is none. */
export type Measurement = { value: number } | { reason: string };

/** The figures of one scope (run, step or scenario), whatever shape they had in the source. */
interface ScopeView {
  counters: RequestCounters;
  latency: LatencyStats;
  serviceTime: LatencyStats;
  stability: Stability;
  iterationsPerSecond?: number;
  /** Absent for steps: dropped iterations are counted per scenario and in total. */
  dropped?: number;
  /** Absent for steps. */
  iterations?: Partial<IterationCounters>;
  iterationDuration?: LatencyStats;
}

/** Decoded histograms by encoded string, so one evaluation decodes each distribution once. */
export class HistogramCache {
  private readonly decoded = new Map<string, Histogram>();

  /** The histogram of an encoded distribution, decoded once. */
  readonly decode = (hdr: string): Histogram => {
    let histogram = this.decoded.get(hdr);
    if (!histogram) {
      histogram = decodeHistogram(hdr);
      this.decoded.set(hdr, histogram);
    }
    return histogram;
  };
}

/** Measures `sla` in `source`. */
export function measure(sla: Sla, source: SlaSource, cache: HistogramCache): Measurement {
  const extra = measureExtra(sla, source, cache);
  if (extra) return extra;
  const view = findScope(sla.scope, source);
  if ('reason' in view) return view;
  switch (sla.kind) {
    case 'latency':
      return measureLatency(sla, view.latency, cache);
    case 'service':
      return measureLatency(sla, view.serviceTime, cache);
    case 'throughput':
      return view.counters.requests > 0 ? { value: view.counters.throughput } : noData('no requests');
    case 'iterations':
      return view.iterationsPerSecond !== undefined && view.counters.requests > 0
        ? { value: view.iterationsPerSecond }
        : noData('no iterations');
    case 'availability':
      return present(view.counters.availability, 'no finished requests');
    case 'error_rate':
      return present(view.counters.errorRate, 'no finished requests');
    case 'dropped':
      return present(view.dropped, 'dropped iterations are counted per scenario and in total, not per step');
    case 'window_p99':
      return present(view.stability.windowP99, 'no successful samples');
    case 'throughput_cv':
      return present(view.stability.throughputCv, 'needs two 10 s windows, a run of 20 s or more, with requests');
    case 'iterations_failed':
      return failedPercent(view.iterations);
    case 'iteration_duration':
      return view.iterationDuration ? measureLatency(sla, view.iterationDuration, cache) : noData('no iteration durations in this report');
    default:
      return noData(`metric ${sla.metric} has no value here`);
  }
}

/** Percent of finished iterations (completed + failed) that failed. */
function failedPercent(iterations: Partial<IterationCounters> | undefined): Measurement {
  const failed = iterations?.failed ?? 0;
  const finished = (iterations?.completed ?? 0) + failed;
  if (!iterations || finished === 0) return noData('no finished iterations');
  return { value: Math.round((100_000 * failed) / finished) / 1000 };
}

/** Metrics that are not about requests: checks, custom metrics and trends, group durations. */
function measureExtra(sla: Sla, source: SlaSource, cache: HistogramCache): Measurement | null {
  switch (sla.kind) {
    case 'checks': {
      const checks = source.checks;
      if (sla.scope?.name === undefined) return checks && checks.passed + checks.failed > 0 ? { value: checks.rate ?? 0 } : noData('no checks ran');
      const check = checks?.results.find((c) => c.name === sla.scope!.name);
      if (!check || check.passed + check.failed === 0) return noData(`no check named "${sla.scope.name}"`);
      return { value: Math.round((100_000 * check.passed) / (check.passed + check.failed)) / 1000 };
    }
    case 'group_duration': {
      const group = source.groups?.find((g) => g.name === sla.scope?.group);
      return group ? measureLatency(sla, group.duration, cache) : noData(`no group named "${sla.scope?.group}"`);
    }
    case 'trend': {
      const metric = source.metrics?.find((m) => m.name === sla.scope?.trend);
      if (!metric) return noData(`no custom metric named "${sla.scope?.trend}"`);
      if (metric.type !== 'trend') return noData(`"${metric.name}" is a ${metric.type}, not a trend`);
      return measureLatency(sla, metric.stats, cache);
    }
    case 'custom':
      return measureCustom(sla, source);
    default:
      return null;
  }
}

function measureCustom(sla: Sla, source: SlaSource): Measurement {
  const metric = source.metrics?.find((m) => m.name === sla.metric);
  const known = source.metrics?.map((m) => m.name).join(', ');
  if (!metric) return noData(`no custom metric named "${sla.metric}"${known ? `; the run recorded ${known}` : ''}`);
  if (metric.type === 'trend') return noData(`"${metric.name}" is a trend: use p95{trend="${metric.name}"}`);
  if (metric.type === 'rate') {
    if (sla.unit !== '%') return noData(`"${metric.name}" is a rate: give a percentage, like ${metric.name} > 95%`);
    return present(metric.rate, 'no values added');
  }
  if (sla.unit === '%') return noData(`"${metric.name}" is a counter: give a count (${metric.name} > 100) or a rate (/s)`);
  return { value: sla.unit === '/s' ? metric.perSecond : metric.total };
}

function findScope(scope: SlaScope, source: SlaSource): ScopeView | { reason: string } {
  if (scope?.step !== undefined) {
    const step = source.steps.find((candidate) => candidate.name === scope.step);
    return step ? { ...step, counters: step } : noData(`no step named "${scope.step}"`);
  }
  if (scope?.scenario !== undefined) {
    const scenario = source.scenarios.find((candidate) => candidate.name === scope.scenario);
    return scenario
      ? { ...scenario, counters: scenario, dropped: scenario.iterations.dropped }
      : noData(`no scenario named "${scope.scenario}"`);
  }
  const { totals } = source;
  return {
    counters: totals,
    latency: source.latency,
    serviceTime: source.serviceTime,
    stability: source.stability,
    iterationsPerSecond: totals.iterationsPerSecond,
    dropped: totals.dropped,
    iterations: totals.iterations,
    iterationDuration: source.iterationDuration,
  };
}

function measureLatency(sla: Sla, stats: LatencyStats, cache: HistogramCache): Measurement {
  if (stats.count === 0) return noData('no successful samples');
  if (sla.stat) return present(stats[sla.stat], 'no successful samples');
  try {
    return present(percentileOf(stats, sla.percentile ?? 100, cache.decode), 'no successful samples');
  } catch (error) {
    // A corrupt histogram fails this SLA with the cause, rather than the whole evaluation.
    return { reason: `histogram could not be decoded (${error instanceof Error ? error.message : String(error)})` };
  }
}

function present(value: number | null | undefined, detail: string): Measurement {
  return value === null || value === undefined || Number.isNaN(value) ? noData(detail) : { value };
}

function noData(detail: string): { reason: string } {
  return { reason: `no data (${detail})` };
}
