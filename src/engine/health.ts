/**
 * Generator self-checks: event-loop delay, schedule lag and CPU. A load tester must never present
 * its own saturation as the target's latency, so the report says when crmload could not keep up.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { GeneratorHealth } from '../report/types.js';
import { createHistogram, type Histogram } from '../metrics/histogram.js';

/** Limits beyond which the generator is called saturated. */
export const SATURATION = {
  scheduleLagP99Ms: 10,
  eventLoopDelayP99Ms: 25,
  cpuPercent: 95,
};

export interface CpuUsage {
  user: number; // µs
  system: number; // µs
}

export class HealthMonitor {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly lag: Histogram = createHistogram();
  private lagMaxUs = 0;
  private cpuStart: CpuUsage;
  private startedAt = 0;

  constructor(private readonly cpuUsage: () => CpuUsage, private readonly now: () => number) {
    this.cpuStart = cpuUsage();
  }

  start(): void {
    this.cpuStart = this.cpuUsage();
    this.startedAt = this.now();
    this.loop.enable();
  }

  /** Actual start − scheduled start of an iteration, ms (open model). */
  recordLag = (lagMs: number): void => {
    const us = Math.max(0, Math.round(lagMs * 1000));
    this.lag.recordValue(us);
    if (us > this.lagMaxUs) this.lagMaxUs = us;
  };

  finish(options: { offeredRate: number | null; started: number; measuredMs: number; warnings: string[] }): GeneratorHealth {
    this.loop.disable();
    const cpu = this.cpuUsage();
    const elapsedMs = Math.max(1, this.now() - this.startedAt);
    const userMs = (cpu.user - this.cpuStart.user) / 1000;
    const systemMs = (cpu.system - this.cpuStart.system) / 1000;
    const percent = round1((100 * (userMs + systemMs)) / elapsedMs);
    const loopP99 = this.loop.count ? this.loop.percentile(99) / 1e6 : 0;
    const loopMax = this.loop.count ? this.loop.max / 1e6 : 0;
    // monitorEventLoopDelay reports the timer's resolution on top of the real delay.
    const eventLoopDelayP99Ms = round1(Math.max(0, loopP99 - 10));
    const scheduleLagP99Ms = this.lag.totalCount ? round1(this.lag.getValueAtPercentile(99) / 1000) : 0;
    const reasons: string[] = [];
    if (scheduleLagP99Ms > SATURATION.scheduleLagP99Ms) reasons.push(`schedule lag p99 ${scheduleLagP99Ms} ms`);
    if (eventLoopDelayP99Ms > SATURATION.eventLoopDelayP99Ms) reasons.push(`event-loop delay p99 ${eventLoopDelayP99Ms} ms`);
    // Below a second, start-up work dominates the CPU figure: it says nothing about the schedule.
    if (percent > SATURATION.cpuPercent && elapsedMs >= 1000) reasons.push(`CPU ${percent}% of one core`);
    const warnings = [...options.warnings];
    if (reasons.length) {
      warnings.unshift(
        `crmload itself was the bottleneck (${reasons.join(', ')}): latencies include the generator's own delay; lower the load or use more cores (--workers)`,
      );
    }
    return {
      eventLoopDelayP99Ms,
      eventLoopDelayMaxMs: round1(Math.max(0, loopMax - 10)),
      scheduleLagP99Ms,
      scheduleLagMaxMs: round1(this.lagMaxUs / 1000),
      cpu: { userMs: Math.round(userMs), systemMs: Math.round(systemMs), percent },
      saturated: reasons.length > 0,
      warnings,
      offeredRate: options.offeredRate,
      achievedRate: options.measuredMs > 0 ? round1((options.started * 1000) / elapsedMs) : 0,
    };
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
