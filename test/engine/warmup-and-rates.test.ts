/**
 * Totals and rates exclude the warm-up, as the schema says, and the offered rate is the schedule's
 * mean over the measured time (ramps included), with offered and dropped per timeline bucket.
 * In process, on a fake clock, so every figure is exact (issue 9 #1, #3).
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/config/build-plan.js';
import type { RawRunOptions } from '../../src/config/options.js';
import { LoadRun } from '../../src/engine/run.js';
import { buildReport } from '../../src/report/build.js';
import type { Runnable } from '../../src/scenario/types.js';
import { drive } from '../helpers/drive.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeTarget, type Reply } from '../helpers/fake-dispatcher.js';

const ORIGIN = 'http://127.0.0.1:9';

async function run(raw: RawRunOptions, reply: Reply, runnable: Runnable | null = null) {
  const clock = new FakeClock(0);
  const target = new FakeTarget(clock, () => reply);
  const { plan } = buildPlan({ raw: runnable ? raw : { url: `${ORIGIN}/ok`, ...raw }, runnable, scenarioFile: runnable ? 'inline.ts' : undefined });
  const loadRun = new LoadRun(plan, { origin: ORIGIN, basePath: '' }, { env: {}, cpuUsage: () => ({ user: 0, system: 0 }), wallClock: () => new Date(0), clock, connect: target.connect });
  const result = await drive(clock, loadRun.execute(), { stepMs: 5 });
  const meta = { runId: 'r', version: '0', environment: {} as never, targetUrl: ORIGIN, demo: false, abortReason: null };
  return { result, report: buildReport(plan, result, meta), target };
}

const twoSteps: Runnable = {
  kind: 'scenario',
  name: 'journey',
  async iteration(vu) {
    await vu.get('/a', { name: 'a' });
    await vu.get('/b', { name: 'b' });
  },
};

describe('warm-up is kept out of every total and rate', () => {
  it('quick mode, 10/s for 10 s with 4 s of warm-up: 60 measured iterations at 10/s, 40 in the warm-up', async () => {
    const { report, target } = await run({ rate: '10', duration: '10s', warmup: '4s', sla: ['iterations >= 12/s'] }, { afterMs: 2, status: 200 });
    expect(target.requests).toHaveLength(100);
    expect(report.totals.iterations.started).toBe(60);
    expect(report.totals.iterationsPerSecond).toBe(10);
    expect(report.run.warmup).toMatchObject({ requests: 40, iterations: 40, dropped: 0 });
    // The SLA from the issue: it passed with 16.7/s before; 10/s does not meet 12/s.
    expect(report.sla.passed).toBe(false);
    expect(report.sla.results[0].actual).toBe(10);
    expect(report.generator.achievedRate).toBe(10);
    expect(report.generator.offeredRate).toBe(10);
  });

  it('a scenario: iteration counters exclude warm-up iterations, and still reconcile', async () => {
    const { report, target } = await run({ rate: '10', duration: '5s', warmup: '2s' }, { afterMs: 2, status: 200 }, twoSteps);
    expect(target.requests).toHaveLength(100);
    expect(report.totals.iterations).toMatchObject({ started: 30, completed: 30, failed: 0 });
    expect(report.run.warmup).toMatchObject({ requests: 40, iterations: 20 });
    expect(report.totals.requests).toBe(60);
    expect(report.totals.iterationsPerSecond).toBe(10);
  });

  it('closed model: iterations started during the warm-up are counted apart', async () => {
    const { report } = await run({ vus: '1', duration: '3s', warmup: '1s', think: '100ms' }, { afterMs: 100, status: 200 }, twoSteps);
    const i = report.totals.iterations;
    expect(i.started).toBe(i.completed + i.failed + i.interrupted);
    expect(report.run.warmup.iterations! + i.started).toBeGreaterThan(i.started);
    expect(i.started).toBeGreaterThan(0);
  });
});

describe('offered rate: the schedule mean over the measured time (issue 9 #3)', () => {
  it('a ramp from 20 to 100/s over 25 s offers 60/s on average, not its start rate', async () => {
    const { report, result } = await run({ startRate: '20', stage: ['25s:100/s'] }, { afterMs: 1, status: 200 });
    expect(report.generator.offeredRate).toBe(60);
    expect(report.generator.achievedRate).toBeCloseTo(60, 0);
    expect(report.totals.iterations.started).toBe(result.snapshot.overall.requests);
    const timeline = report.timeline;
    expect(timeline[0].offered).toBeCloseTo(21.6, 1);
    expect(timeline[24].offered).toBeCloseTo(98.4, 1);
    expect(timeline.every((p) => p.dropped === 0)).toBe(true);
  });

  it('dropped iterations are in the timeline per second, and add up to the totals', async () => {
    const { report } = await run({ rate: '100', duration: '3s', maxVus: '5' }, { afterMs: 200, status: 200 });
    const perSecond = report.timeline.map((p) => p.dropped ?? 0);
    expect(perSecond.reduce((a, b) => a + b, 0)).toBe(report.totals.dropped);
    expect(report.totals.dropped).toBeGreaterThan(0);
    expect(report.totals.iterations.started + report.totals.dropped).toBe(300);
    expect(report.timeline.slice(0, 2).map((p) => p.offered)).toEqual([100, 100]);
    // The last bucket also holds the grace-period answers: its mean offered rate is over its whole span.
    const last = report.timeline.at(-1)!;
    expect(last.offered).toBeCloseTo((100 * 1) / last.span, 2);
  });

  it('with a warm-up, warm-up drops are counted apart from totals.dropped', async () => {
    const { report } = await run({ rate: '100', duration: '4s', warmup: '2s', maxVus: '5' }, { afterMs: 200, status: 200 });
    expect(report.run.warmup.dropped).toBeGreaterThan(0);
    expect(report.totals.iterations.started + report.totals.dropped).toBe(200);
    expect(report.run.warmup.iterations! + report.run.warmup.dropped!).toBe(200);
  });
});
