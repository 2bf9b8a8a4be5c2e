/**
 * Think time in process, on the run's fake clock: a VU sleeps exactly what it asked for, thousands of
 * sleeping VUs share one timer, and a stop wakes every sleeper at once (their iterations end as
 * interrupted, counted), instead of the run waiting out their think time.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/config/build-plan.js';
import type { RawRunOptions } from '../../src/config/options.js';
import { defineScenario } from '../../src/scenario/define.js';
import type { Scenario } from '../../src/scenario/types.js';
import { drive } from '../helpers/drive.js';
import { FAKE_ORIGIN, fakeRun } from '../helpers/fake-run.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeTarget } from '../helpers/fake-dispatcher.js';

const ORIGIN = FAKE_ORIGIN;
const T0 = 1_000;

function harness(raw: RawRunOptions, scenario: Scenario) {
  const clock = new FakeClock(T0);
  const target = new FakeTarget(clock, () => ({ afterMs: 10, status: 200 }));
  const { plan } = buildPlan({ raw: { target: ORIGIN, ...raw }, runnable: scenario, scenarioFile: 'inline.ts' });
  const run = fakeRun(plan, clock, target);
  return { clock, target, run };
}

describe('think time on the run clock', () => {
  it('each VU sends its next request exactly the think time after the answer', async () => {
    const scenario = defineScenario({
      name: 'think',
      async iteration(vu) {
        await vu.get('/a');
        await vu.think('500ms');
        await vu.get('/b');
      },
    });
    const { clock, target, run } = harness({ vus: '3', iterations: '6', rampUp: '0s' }, scenario);
    const result = await drive(clock, run.execute());
    expect(result.snapshot.overall).toMatchObject({ requests: 12, completed: 12 });
    const byConnection = (path: string) => target.requests.filter((r) => r.path === path).map((r) => r.at);
    const a = byConnection('/a');
    const b = byConnection('/b');
    // Iteration k's /b goes out 10 ms (the answer) + 500 ms (the think) after its /a.
    for (let k = 0; k < 6; k++) expect(b[k] - a[k]).toBe(510);
  });

  it("a VU's answers are recorded when it starts thinking, not when the think time ends", async () => {
    const scenario = defineScenario({
      name: 'record-then-think',
      async iteration(vu) {
        await vu.get('/a');
        await vu.get('/b');
        await vu.think('2s');
      },
    });
    const { clock, run } = harness({ vus: '20', iterations: '20', rampUp: '0s' }, scenario);
    let midThink: { requests: number; completed: number } | null = null;
    // Both answers are in 20 ms after the start (10 ms each); at 1 s every VU is asleep for another second.
    const result = await drive(clock, run.execute(), { stepMs: 5, at: [[1_000, () => (midThink = run.measure()!.snapshot.overall)]] });
    expect(midThink).toMatchObject({ requests: 40, completed: 40 });
    expect(result.snapshot.overall).toMatchObject({ requests: 40, completed: 40 });
    expect(result.totals).toMatchObject({ started: 20, completed: 20 });
  });

  it('2,000 VUs thinking 1–3 s share one think timer; a stop wakes them all at once, counted as interrupted', async () => {
    const scenario = defineScenario({
      name: 'sleepy',
      thinkTime: '1s..3s',
      async iteration(vu) {
        await vu.get('/');
        await vu.think();
      },
    });
    const { clock, target, run } = harness({ vus: '2000', connections: '50', duration: '5s' }, scenario);
    let maxEngineTimers = 0;
    const execution = run.execute();
    const watch = setInterval(() => (maxEngineTimers = Math.max(maxEngineTimers, clock.pending - target.pendingReplies())), 0);
    const result = await drive(clock, execution, { stepMs: 5 });
    clearInterval(watch);
    // Engine timers: the executor's control, the think sleepers, the request deadlines, the once-a-second tick (and the drain's).
    expect(maxEngineTimers).toBeGreaterThan(0);
    expect(maxEngineTimers).toBeLessThanOrEqual(6);
    const it = result.totals;
    expect(it.started).toBe(it.completed + it.failed + it.interrupted);
    expect(it.interrupted).toBeGreaterThan(1000); // most VUs were asleep when the run stopped
    expect(result.durationMs).toBeLessThan(5_000 + 100); // nobody's think time was waited out
    const o = result.snapshot.overall;
    expect(o.requests).toBe(o.completed + o.failed + o.interrupted);
    expect(o.requests).toBe(it.started);
  });
});
