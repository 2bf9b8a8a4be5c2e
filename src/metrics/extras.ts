/**
 * What scenarios measure besides requests: iteration durations (per scenario), checks, group
 * durations and custom metrics (counters, trends, rates). Samples taken during warm-up are left out,
 * like warm-up requests. Recording is O(1); statistics are computed in `snapshot`.
 */
import type { CheckReport, CustomMetricReport, GroupReport, LatencyStats } from '../report/types.js';
import { toLatencyStats } from './histogram.js';
import { Distribution, toMicros } from './slot.js';

export type CustomMetricType = CustomMetricReport['type'];

/** A check's counts. */
interface CheckCounts {
  name: string;
  scenario: string;
  group: string | null;
  passed: number;
  failed: number;
}

/** A group's durations. */
export interface GroupStats {
  readonly name: string;
  readonly scenario: string;
  readonly duration: Distribution;
}

interface CustomMetric {
  type: CustomMetricType;
  /** counter: sum; rate: trues. */
  value: number;
  /** rate: values added. */
  count: number;
  trend: Distribution | null;
}

export interface ExtrasSnapshot {
  iterationDuration: LatencyStats;
  iterationDurations: ReadonlyMap<string, LatencyStats>;
  checks: CheckReport[];
  metrics: CustomMetricReport[];
  groups: GroupReport[];
}

export class Extras {
  private readonly iterations = new Map<string, Distribution>();
  private readonly checks = new Map<string, CheckCounts>();
  private readonly groups = new Map<string, GroupStats>();
  private readonly custom = new Map<string, CustomMetric>();

  /** `measuredStart`: samples before it are warm-up; `now`: the run's monotonic clock. */
  constructor(private readonly measuredStart: number, private readonly now: () => number) {}

  /** A scenario's iteration durations (callers keep it: no lookup per iteration). */
  iterationDistribution(scenario: string): Distribution {
    let d = this.iterations.get(scenario);
    if (!d) this.iterations.set(scenario, (d = new Distribution()));
    return d;
  }

  /** A completed iteration (or a group run) from `startedAt` to `endedAt` (now), unless it started in warm-up. */
  recordDuration(distribution: Distribution, startedAt: number, endedAt = this.now()): void {
    if (startedAt >= this.measuredStart) distribution.add(toMicros(startedAt, endedAt));
  }

  check(name: string, scenario: string, group: string | null, passed: boolean): void {
    if (this.now() < this.measuredStart) return;
    let c = this.checks.get(name);
    if (!c) this.checks.set(name, (c = { name, scenario, group, passed: 0, failed: 0 }));
    if (passed) c.passed++;
    else c.failed++;
  }

  group(name: string, scenario: string): GroupStats {
    let g = this.groups.get(name);
    if (!g) this.groups.set(name, (g = { name, scenario, duration: new Distribution() }));
    return g;
  }

  /** The metric `name` of `type`; a message when the name already has another type. */
  metric(name: string, type: CustomMetricType): CustomMetric | string {
    const existing = this.custom.get(name);
    if (existing) return existing.type === type ? existing : `metric "${name}" is a ${existing.type}, not a ${type}`;
    const metric: CustomMetric = { type, value: 0, count: 0, trend: type === 'trend' ? new Distribution() : null };
    this.custom.set(name, metric);
    return metric;
  }

  /** Add to a custom metric (counter: n; trend: a value; rate: 1 for true, 0 for false). */
  add(metric: CustomMetric, value: number): void {
    if (this.now() < this.measuredStart) return;
    if (metric.trend) metric.trend.add(Math.max(1, Math.round(value * 1000)));
    else {
      metric.value += value;
      metric.count++;
    }
  }

  snapshot(measuredMs: number): ExtrasSnapshot {
    const all = new Distribution();
    const iterationDurations = new Map<string, LatencyStats>();
    for (const [name, d] of this.iterations) {
      all.merge(d);
      iterationDurations.set(name, stats(d));
    }
    const seconds = measuredMs / 1000;
    const metrics = [...this.custom].map(([name, m]): CustomMetricReport => {
      if (m.type === 'trend') return { name, type: 'trend', stats: stats(m.trend!) };
      if (m.type === 'counter') return { name, type: 'counter', total: round3(m.value), perSecond: seconds > 0 ? round3(m.value / seconds) : 0 };
      return { name, type: 'rate', count: m.count, trues: m.value, rate: m.count ? round3((100 * m.value) / m.count) : null };
    });
    return {
      iterationDuration: stats(all),
      iterationDurations,
      checks: [...this.checks.values()].map(({ group, ...c }) => ({ ...c, ...(group ? { group } : {}) })),
      metrics,
      groups: [...this.groups.values()].map((g) => ({ name: g.name, scenario: g.scenario, count: g.duration.histogram.totalCount, duration: stats(g.duration) })),
    };
  }
}

function stats(d: Distribution): LatencyStats {
  return toLatencyStats(d.histogram, d.extremes);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
