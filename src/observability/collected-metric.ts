/**
 * A prom-client metric whose samples are read at scrape time from counters kept elsewhere, so the
 * load generator's hot path never calls into prom-client. prom-client's own Counter and Histogram
 * can only be incremented; these report absolute values (crmload's counters are already cumulative).
 */
import type { Metric, Registry } from 'prom-client';
import type { CumulativeBuckets } from './buckets.js';

/** One exposition sample: labels, value, and the suffixed name for histogram parts. */
export interface MetricSample {
  labels: Record<string, string>;
  value: number;
  metricName?: string;
}

type MetricType = 'counter' | 'gauge' | 'histogram';

/** The shape prom-client's Registry reads from a metric (`get()`); `aggregator` merges workers' values. */
class CollectedMetric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricType,
    private readonly collect: () => MetricSample[],
  ) {}

  get(): { name: string; help: string; type: MetricType; values: MetricSample[]; aggregator: 'sum' } {
    return { name: this.name, help: this.help, type: this.type, values: this.collect(), aggregator: 'sum' };
  }
}

/** Register a metric whose samples `collect` returns on each scrape. */
export function registerCollected(registry: Registry, name: string, help: string, type: MetricType, collect: () => MetricSample[]): void {
  registry.registerMetric(new CollectedMetric(name, help, type, collect) as unknown as Metric<string>);
}

/** The `_bucket`, `_sum` and `_count` samples of a histogram's cumulative buckets, in seconds, for one label set. */
export function histogramSamples(name: string, labels: Record<string, string>, { counts, count, sumUs }: CumulativeBuckets, bounds: readonly number[]): MetricSample[] {
  const sumSeconds = sumUs / 1e6;
  const samples: MetricSample[] = bounds.map((le, i) => ({ labels: { ...labels, le: String(le) }, value: counts[i], metricName: `${name}_bucket` }));
  samples.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: `${name}_bucket` });
  samples.push({ labels, value: sumSeconds, metricName: `${name}_sum` });
  samples.push({ labels, value: count, metricName: `${name}_count` });
  return samples;
}
