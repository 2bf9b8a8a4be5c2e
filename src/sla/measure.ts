/**
 * Reads the measured value of an SLA's metric from its scope of a report. A metric without data gives
 * a reason starting with "no data" instead of a value: an SLA never passes vacuously.
 */
import { decodeHistogram, type Histogram } from '../metrics/histogram.js';
import { percentileOf } from '../metrics/metric-names.js';
import type { LatencyStats, RequestCounters, Stability } from '../report/types.js';
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
  }
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
