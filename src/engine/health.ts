/**
 * Generator self-checks: event-loop delay, schedule lag and CPU. A load tester must never present
 * its own saturation as the target's latency, so the report says when crmload could not keep up.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { GeneratorHealth } from '../report/types.js';
import { createHistogram, type Histogram } from '../metrics/histogram.js';
import type { LiveHealth } from './live.js';

/** Limits beyond which the generator is called saturated. */
export const SATURATION = {
  scheduleLagP99Ms: 10,
  eventLoopDelayP99Ms: 25,
  cpuPercent: 95,
};

/**
 * The first part of a run is start-up (module loading, JIT, connections opening, the closed model's
 * ramp-up when longer): its delays say nothing about whether the generator keeps the schedule, so lag
 * and event-loop delay are judged after it.
 */
export const STARTUP_MS = 1000;
/** A p99 of fewer samples than this is noise, not a verdict on the generator. */
export const MIN_JUDGED_SAMPLES = 100;
/** A stall of crmload's own event loop at least this long (after start-up) is said (see stallWarning). */
export const STALL_WARN_MS = 50;
/** How often the event-loop monitor samples, ms; each sample carries about this much timer delay too. */
const LOOP_RESOLUTION_MS = 10;

export interface CpuUsage {
  user: number; // µs
  system: number; // µs
}

export class HealthMonitor {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private startingUp = true;
  private readonly lag: Histogram = createHistogram();
  private lagMaxUs = 0;
  private cpuStart: CpuUsage;
  private startedAt = 0;
  private startupMs = STARTUP_MS;

  constructor(private readonly cpuUsage: () => CpuUsage, private readonly now: () => number) {
    this.cpuStart = cpuUsage();
  }

  /** `rampUpMs`: VUs still being started then; the start-up lasts at least that long. */
  start(rampUpMs = 0): void {
    this.cpuStart = this.cpuUsage();
    this.startedAt = this.now();
    this.startupMs = Math.max(STARTUP_MS, rampUpMs);
    this.startingUp = true;
    this.loop.enable();
  }

  /** Called about once a second: once start-up is over, what it measured is forgotten. */
  tick(now: number): void {
    if (!this.startingUp || now - this.startedAt < this.startupMs) return;
    this.startingUp = false;
    this.loop.reset();
    this.lag.reset();
    this.lagMaxUs = 0;
  }

  /** Actual start − scheduled start of an iteration, ms (open model). */
  recordLag = (lagMs: number): void => {
    const us = Math.max(0, Math.round(lagMs * 1000));
    this.lag.recordValue(us);
    if (us > this.lagMaxUs) this.lagMaxUs = us;
  };

  /** Health so far, without stopping the monitor (for the live metrics endpoint). */
  live(): LiveHealth {
    const loopP99 = this.loop.count ? this.loop.percentile(99) / 1e6 : 0;
    return {
      eventLoopDelayP99Ms: round1(Math.max(0, loopP99 - LOOP_RESOLUTION_MS)),
      scheduleLagP99Ms: this.lag.totalCount ? round1(this.lag.getValueAtPercentile(99) / 1000) : 0,
      scheduleLagMaxMs: round1(this.lagMaxUs / 1000),
    };
  }

  finish(options: { offeredRate: number | null; achievedRate: number; warnings: string[] }): GeneratorHealth {
    this.loop.disable();
    const cpu = this.cpuUsage();
    const elapsedMs = Math.max(1, this.now() - this.startedAt);
    const userMs = (cpu.user - this.cpuStart.user) / 1000;
    const systemMs = (cpu.system - this.cpuStart.system) / 1000;
    const percent = round1((100 * (userMs + systemMs)) / elapsedMs);
    const loopP99 = this.loop.count ? this.loop.percentile(99) / 1e6 : 0;
    const loopMax = this.loop.count ? this.loop.max / 1e6 : 0;
    // monitorEventLoopDelay reports the timer's resolution on top of the real delay.
    const eventLoopDelayP99Ms = round1(Math.max(0, loopP99 - LOOP_RESOLUTION_MS));
    const scheduleLagP99Ms = this.lag.totalCount ? round1(this.lag.getValueAtPercentile(99) / 1000) : 0;
    // Judged only after start-up and on enough samples; a short or slow run is not called saturated on noise.
    const judged = !this.startingUp;
    const reasons: string[] = [];
    if (judged && this.lag.totalCount >= MIN_JUDGED_SAMPLES && scheduleLagP99Ms > SATURATION.scheduleLagP99Ms) reasons.push(`schedule lag p99 ${scheduleLagP99Ms} ms`);
    if (judged && this.loop.count >= MIN_JUDGED_SAMPLES && eventLoopDelayP99Ms > SATURATION.eventLoopDelayP99Ms) reasons.push(`event-loop delay p99 ${eventLoopDelayP99Ms} ms`);
    if (judged && percent > SATURATION.cpuPercent) reasons.push(`CPU ${percent}% of one core`);
    // Saturation is said once, by the reporters, from `saturated` and these figures: not as a warning too.
    const warnings = [...options.warnings];
    const loopMaxMs = round1(Math.max(0, loopMax - LOOP_RESOLUTION_MS));
    const stall = judged && this.loop.count >= MIN_JUDGED_SAMPLES ? stallWarning(loopMaxMs, reasons.length > 0) : null;
    if (stall) warnings.push(stall);
    return {
      eventLoopDelayP99Ms,
      eventLoopDelayMaxMs: loopMaxMs,
      scheduleLagP99Ms,
      scheduleLagMaxMs: round1(this.lagMaxUs / 1000),
      cpu: { userMs: Math.round(userMs), systemMs: Math.round(systemMs), percent },
      saturated: reasons.length > 0,
      warnings,
      offeredRate: options.offeredRate,
      achievedRate: options.achievedRate,
    };
  }
}

/**
 * A word when crmload's own event loop stalled (V8's garbage collection, another process on the core,
 * a scenario's synchronous work) for STALL_WARN_MS or more after start-up, though the run was not
 * saturated. Answers that arrived during the stall were timed when crmload got to them; requests due
 * then left late and together, and waited for connections while crmload worked through them. With
 * 25,000 VUs on 500 connections and one core (two 30 s runs against nginx), V8's mark-compact cycles
 * stalled the loop for up to 82–178 ms, at 51–57 % CPU: the seconds with a stall had a p99 of 22–148
 * ms, the others 3–19 ms. The bench's other runs stall 1–15 ms at most. A saturated run already says
 * more. Null when there is nothing to say. Pure.
 */
export function stallWarning(loopMaxMs: number, saturated: boolean): string | null {
  if (saturated || loopMaxMs < STALL_WARN_MS) return null;
  return `crmload's own event loop stalled for up to ${loopMaxMs} ms after start-up (garbage collection, or a busy core): answers that came in meanwhile were timed late, and requests due then left late and queued for connections, so latencies of that order may be crmload's, not the target's`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
