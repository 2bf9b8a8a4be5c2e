/**
 * A simulated target for in-process capacity tests: a FIFO queue of `servers` workers with a fixed
 * service time, fed by constant or Poisson arrivals from the seeded RNG. A step returns what a LoadRun
 * would: a Report (latency from the scheduled start, timeline by completion second, SLAs evaluated by
 * sla/) plus the exact mean number in flight over the judged window. No sockets, no timers.
 */
import type { StepRun } from '../../src/capacity/measure-step.js';
import type { StepPhase } from '../../src/capacity/planner.js';
import { toLatencyStats } from '../../src/metrics/histogram.js';
import { Distribution } from '../../src/metrics/slot.js';
import type { CapacityReport, Report, TimelinePoint } from '../../src/report/types.js';
import { SeededRandom } from '../../src/scenario/rng.js';
import { evaluateSlas } from '../../src/sla/evaluate.js';
import type { Sla } from '../../src/sla/types.js';
import { fixtureReport } from '../helpers/report-fixture.js';

export interface SimulatedTarget {
  servers: number;
  serviceMs: number;
  /**
   * A fake generator that cannot send more than this many requests per second: above it, sends slip
   * behind the schedule (latency counts from the schedule) and the step reports a saturated generator.
   */
  generatorLimit?: number;
  graceMs?: number;
  /** A delay every request spends outside the servers (network, scheduling), ms. */
  overheadMs?: number;
  /** Rates at which crmload lags (fake health signal) and the step's latencies grow by `lagMs`. */
  laggingRates?: number[];
  lagMs?: number;
}

function stats(values: number[]) {
  const d = new Distribution();
  for (const v of values) d.add(Math.max(1, Math.round(v * 1000)));
  return toLatencyStats(d.histogram, d.extremes);
}

/** Runs one step against the simulated target. */
export function simulateStep(
  target: SimulatedTarget,
  settings: CapacityReport['settings'],
  slas: readonly Sla[],
  rate: number,
  index: number,
  phase: StepPhase,
  seed = 1,
): StepRun {
  const { holdMs, warmupStepMs: warmupMs } = settings;
  const graceMs = target.graceMs ?? 5000;
  const random = new SeededRandom(seed * 7919 + index);
  const free = new Array<number>(target.servers).fill(0);
  const measured: number[] = [];
  const buckets = new Map<number, number>();
  let inFlightArea = 0;
  let sent = 0;
  let interrupted = 0;
  const gap = target.generatorLimit ? 1000 / target.generatorLimit : 0;
  let t = 0;
  let sentAt = Number.NEGATIVE_INFINITY;
  let maxLag = 0;
  for (let j = 0; ; j++) {
    t = settings.arrivals === 'poisson' ? t - Math.log(1 - random.next()) * (1000 / rate) : (j * 1000) / rate;
    if (t >= holdMs) break;
    sentAt = Math.max(t, sentAt + gap);
    maxLag = Math.max(maxLag, sentAt - t);
    if (sentAt >= holdMs) break;
    let k = 0;
    for (let i = 1; i < free.length; i++) if (free[i] < free[k]) k = i;
    free[k] = Math.max(sentAt, free[k]) + target.serviceMs;
    const end = free[k] + (target.overheadMs ?? 0);
    inFlightArea += Math.max(0, Math.min(end, holdMs) - Math.max(t, warmupMs));
    // The timeline counts every finished request, warm-up ones included (by completion time).
    if (end <= holdMs + graceMs) buckets.set(Math.floor(end / 1000), (buckets.get(Math.floor(end / 1000)) ?? 0) + 1);
    if (t < warmupMs) continue;
    sent++;
    if (end > holdMs + graceMs) {
      interrupted++;
      continue;
    }
    measured.push(end - t + (target.laggingRates?.includes(rate) ? target.lagMs ?? 0 : 0));
  }
  const lastEnd = Math.min(Math.max(holdMs, ...free), holdMs + graceMs);
  const measuredS = (lastEnd - warmupMs) / 1000;
  const completed = measured.length;
  const timeline: TimelinePoint[] = Array.from({ length: Math.ceil(lastEnd / 1000) }, (_, t) => ({
    t, span: 1, requests: buckets.get(t) ?? 0, completed: buckets.get(t) ?? 0, errors: 0, throughput: buckets.get(t) ?? 0,
    p50: null, p90: null, p99: null, activeVus: 0, warmup: t * 1000 < warmupMs,
  }));
  const latency = stats(measured);
  const base = fixtureReport();
  const counters = {
    requests: sent, completed, failed: 0, interrupted, bytesIn: 0, bytesOut: 0,
    throughput: completed / measuredS, availability: completed ? 100 : null, errorRate: completed ? 0 : null,
    errorsByKind: {}, statusCodes: completed ? { '200': completed } : {},
  };
  const unscored = {
    ...base,
    run: { ...base.run, load: { ...base.run.load, rate, durationMs: holdMs } },
    totals: { ...counters, dropped: 0, iterations: { started: sent, completed, failed: 0, interrupted, dropped: 0, skippedSteps: 0 }, iterationsPerSecond: sent / measuredS },
    latency,
    serviceTime: latency,
    errorLatency: stats([]),
    stability: { windowP99: null, throughputCv: null },
    steps: [],
    scenarios: [],
    timeline,
    generator: { ...base.generator, saturated: (target.generatorLimit !== undefined && rate >= target.generatorLimit) || (target.laggingRates?.includes(rate) ?? false), scheduleLagP99Ms: maxLag, scheduleLagMaxMs: maxLag, offeredRate: rate, achievedRate: sent / ((holdMs - warmupMs) / 1000) },
  };
  const report: Report = { ...unscored, sla: evaluateSlas(slas, unscored) };
  return {
    index,
    phase,
    offeredRate: rate,
    report,
    concurrency: inFlightArea / (holdMs - warmupMs),
    windowMs: { from: warmupMs, to: holdMs },
    durationMs: lastEnd,
  };
}
