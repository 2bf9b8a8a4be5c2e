/**
 * The engine's live view, in process on a fake clock: what `--metrics-port` reads mid-run follows
 * the load profile, and after the run the exposition's request count is the result's, exactly.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/config/build-plan.js';
import type { LiveView } from '../../src/engine/live.js';
import { LoadRun } from '../../src/engine/run.js';
import { parseExposition } from '../../src/observability/exposition.js';
import { RunMetrics } from '../../src/observability/run-metrics.js';
import { drive } from '../helpers/drive.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeTarget } from '../helpers/fake-dispatcher.js';

const ORIGIN = 'http://127.0.0.1:9';

function harness(raw: Record<string, unknown>, replyStatus: (n: number) => number) {
  const clock = new FakeClock(1_000);
  const target = new FakeTarget(clock, (req) => ({ afterMs: 5, status: replyStatus(req.n) }));
  const { plan } = buildPlan({ raw: { url: `${ORIGIN}/ok`, ...raw }, runnable: null });
  const run = new LoadRun(plan, { origin: ORIGIN, basePath: '' }, {
    env: {}, cpuUsage: () => ({ user: 0, system: 0 }), wallClock: () => new Date(0), clock, connect: target.connect,
  });
  return { clock, run };
}

describe('LoadRun.live()', () => {
  it('before the start nothing runs; mid-run the offered rate follows the ramp; the counts grow', async () => {
    const { clock, run } = harness({ stage: ['2s:100/s'] }, () => 200);
    const before = run.live();
    expect(before).toMatchObject({ running: false, elapsedMs: 0, steps: [], activeVus: 0, iterationsStarted: 0 });
    const seen: LiveView[] = [];
    await drive(clock, run.execute(), { at: [[1000, () => seen.push(run.live())], [1500, () => seen.push(run.live())]] });
    const [at1s, at1500] = seen;
    expect(at1s.running).toBe(true);
    expect(at1s.elapsedMs).toBeCloseTo(1000, -1);
    expect(at1s.offeredRate).toBeCloseTo(50, 0);
    expect(at1500.offeredRate).toBeCloseTo(75, 0);
    expect(at1500.iterationsStarted).toBeGreaterThan(at1s.iterationsStarted);
    expect(at1s.targetVus).toBeNull();
  });

  it("after the run, the exposition's requests by status class are the result's, exactly", async () => {
    const { clock, run } = harness({ vus: '3', iterations: '40' }, (n) => (n % 4 === 0 ? 503 : 200));
    const result = await drive(clock, run.execute());
    const metrics = new RunMetrics(() => run.live(), { scenario: 'quick', model: 'closed', shard: null, version: '0', defaultMetrics: false });
    const samples = parseExposition(await metrics.metrics()).samples;
    const byClass = (c: string) => samples.filter((s) => s.name === 'crmload_requests_total' && s.labels.status_class === c).reduce((n, s) => n + s.value, 0);
    expect(byClass('2xx') + byClass('5xx')).toBe(result.snapshot.overall.requests);
    expect(byClass('5xx')).toBe(result.snapshot.overall.errorsByKind.http5xx);
    expect(samples.find((s) => s.name === 'crmload_iterations_started_total')?.value).toBe(40);
    expect(samples.find((s) => s.name === 'crmload_target_vus')?.value).toBe(3);
  });
});
