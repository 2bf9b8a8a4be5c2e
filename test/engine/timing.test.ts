/**
 * Timing, exactly: on a fake clock against a fake dispatcher, the measured latencies are the virtual
 * times the script chose, so accuracy and coordinated omission are checked to the microsecond, with no
 * bound that a busy machine could break. (The real-socket checks in integration/latency.test.ts keep
 * only bounds that cannot flake.)
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/config/build-plan.js';
import type { RawRunOptions } from '../../src/config/options.js';
import { LoadRun, type RunResult } from '../../src/engine/run.js';
import { drive } from '../helpers/drive.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeTarget, type FakeRequest, type Reply } from '../helpers/fake-dispatcher.js';

const ORIGIN = 'http://127.0.0.1:9';
const T0 = 1_000;

async function measure(raw: RawRunOptions, script: (req: FakeRequest, at: number) => Reply): Promise<RunResult> {
  const clock = new FakeClock(T0);
  const target = new FakeTarget(clock, (req) => script(req, req.at - T0));
  const { plan } = buildPlan({ raw: { url: `${ORIGIN}/ok`, ...raw }, runnable: null });
  const run = new LoadRun(plan, { origin: ORIGIN, basePath: '' }, { env: {}, cpuUsage: () => ({ user: 0, system: 0 }), wallClock: () => new Date(0), clock, connect: target.connect });
  return drive(clock, run.execute());
}

describe('latency, exactly', () => {
  it('a target answering in 25 ms: every percentile is 25 ms, latency equals service time when on schedule', async () => {
    const result = await measure({ rate: '40', duration: '3s' }, () => ({ afterMs: 25, status: 200 }));
    const { latency, serviceTime } = result.snapshot.overall;
    expect(latency).toMatchObject({ count: 120, min: 25, p50: 25, p99: 25, max: 25 });
    expect(serviceTime).toMatchObject({ count: 120, min: 25, p50: 25, max: 25 });
  });

  it('sub-millisecond answers are kept in microseconds, not rounded to 0', async () => {
    const result = await measure({ rate: '50', duration: '1s' }, () => ({ afterMs: 0.35, status: 200 }));
    expect(result.snapshot.overall.latency).toMatchObject({ count: 50, min: 0.35, max: 0.35 });
  });

  it('closed model: latency is the service time', async () => {
    const result = await measure({ vus: '2', iterations: '10' }, () => ({ afterMs: 7, status: 200 }));
    expect(result.snapshot.overall.latency).toMatchObject({ count: 10, min: 7, max: 7 });
    expect(result.snapshot.overall.serviceTime).toMatchObject({ count: 10, min: 7, max: 7 });
  });
});

describe('coordinated omission, exactly', () => {
  // 100/s for 3 s; the target stalls from 1,000 to 1,800 ms: whatever arrives then is answered at 1,800.
  const STALL_START = 1000;
  const STALL_END = 1800;
  const script = (_req: FakeRequest, at: number): Reply =>
    at >= STALL_START && at < STALL_END ? { afterMs: STALL_END - at, status: 200 } : { afterMs: 2, status: 200 };

  it('the stall shows in the latency from the schedule: 80 arrivals waited up to 800 ms', async () => {
    const result = await measure({ rate: '100', duration: '3s' }, script);
    const { latency } = result.snapshot.overall;
    expect(result.snapshot.overall).toMatchObject({ requests: 300, completed: 300 });
    expect(latency.max).toBe(800);
    // 80 of 300 arrivals (26.7%) fell in the stall, so p90 and p99 are inside it; the median is not.
    expect(latency.p99).toBeGreaterThanOrEqual(700);
    expect(latency.p90).toBeGreaterThanOrEqual(200);
    expect(latency.p50).toBe(2);
  });

  it('with max-vus 10 the stall drops arrivals instead of queueing them, and each kept one is timed from its schedule', async () => {
    const result = await measure({ rate: '100', duration: '3s', maxVus: '10' }, script);
    // 10 VUs are stuck in the stall from 1,000 to 1,090 ms; arrivals 1,100 … 1,790 are dropped.
    expect(result.totals.dropped).toBe(70);
    expect(result.totals.started).toBe(230);
    expect(result.snapshot.overall.requests).toBe(230);
    expect(result.snapshot.overall.latency.max).toBe(800);
  });
});
