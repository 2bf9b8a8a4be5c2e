/**
 * The engine in process: a LoadRun on a fake clock against a fake dispatcher. Counts reconcile
 * exactly, the grace period is honoured to the virtual millisecond, and stop, force stop and an
 * SLA abort end the run as the CLI relies on — with no socket and no real waiting.
 */
import { describe, expect, it } from 'vitest';
import { failingSla } from '../../src/cli/abort-watch.js';
import { buildPlan } from '../../src/config/build-plan.js';
import type { RawRunOptions } from '../../src/config/options.js';
import { LoadRun, type RunResult } from '../../src/engine/run.js';
import type { Runnable } from '../../src/scenario/types.js';
import { parseSla } from '../../src/sla/parse.js';
import { drive } from '../helpers/drive.js';
import { fakeRun } from '../helpers/fake-run.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeTarget, type FakeRequest, type Reply } from '../helpers/fake-dispatcher.js';

const ORIGIN = 'http://127.0.0.1:9';
const T0 = 5_000;

interface Harness {
  clock: FakeClock;
  target: FakeTarget;
  run: LoadRun;
}

function harness(raw: RawRunOptions, script: (req: FakeRequest) => Reply, runnable: Runnable | null = null): Harness {
  const clock = new FakeClock(T0);
  const target = new FakeTarget(clock, script);
  const { plan } = buildPlan({ raw: runnable ? raw : { url: `${ORIGIN}/ok`, ...raw }, runnable, scenarioFile: runnable ? 'inline.ts' : undefined });
  const run = fakeRun(plan, clock, target);
  return { clock, target, run };
}

const ok = (afterMs: number): Reply => ({ afterMs, status: 200 });

function expectReconciled(result: RunResult): void {
  const o = result.snapshot.overall;
  expect(o.requests).toBe(o.completed + o.failed + o.interrupted);
  for (const step of result.snapshot.steps) expect(step.requests).toBe(step.completed + step.failed + step.interrupted);
}

describe('LoadRun in process: counts', () => {
  it('open model, 100/s for 2 s: 200 requests, each sent once, all completed, at their scheduled times', async () => {
    const { clock, target, run } = harness({ rate: '100', duration: '2s' }, () => ok(10));
    const result = await drive(clock, run.execute());
    expectReconciled(result);
    expect(result.snapshot.overall).toMatchObject({ requests: 200, completed: 200, failed: 0, interrupted: 0 });
    expect(target.requests).toHaveLength(200);
    expect(target.requests.map((r) => r.at - T0).slice(0, 3)).toEqual([0, 10, 20]);
    expect(result.totals).toMatchObject({ started: 200, completed: 200, failed: 0, dropped: 0 });
    // Latency from the schedule, exactly 10 ms of virtual time each.
    expect(result.snapshot.overall.latency).toMatchObject({ count: 200, min: 10, max: 10 });
    expect(result.durationMs).toBe(2000);
  });

  it('closed model, 4 VUs for 25 iterations: exactly 25 requests, failures counted by kind', async () => {
    const { clock, target, run } = harness({ vus: '4', iterations: '25' }, (req) => (req.n % 5 === 0 ? { afterMs: 3, status: 503 } : ok(3)));
    const result = await drive(clock, run.execute());
    expectReconciled(result);
    expect(target.requests).toHaveLength(25);
    expect(result.snapshot.overall).toMatchObject({ requests: 25, completed: 20, failed: 5, interrupted: 0 });
    expect(result.snapshot.overall.errorsByKind).toEqual({ http5xx: 5 });
    expect(result.totals).toMatchObject({ started: 25, completed: 20, failed: 5 });
  });

  it('open model with --max-vus 2 and slow replies: due iterations are dropped, never queued', async () => {
    const { clock, target, run } = harness({ rate: '100', duration: '1s', maxVus: '2' }, () => ok(95));
    const result = await drive(clock, run.execute());
    expectReconciled(result);
    expect(result.totals.started + result.totals.dropped).toBe(100);
    expect(result.totals.dropped).toBeGreaterThan(0);
    expect(target.requests).toHaveLength(result.totals.started);
  });

  it('a scenario of two steps: both recorded per step, reconciled with what the target saw', async () => {
    const scenario: Runnable = {
      kind: 'scenario',
      name: 'two-steps',
      async iteration(vu) {
        await vu.get('/a', { name: 'first' });
        await vu.post('/b', { name: 'second', json: { x: 1 } });
      },
    };
    const { clock, target, run } = harness({ rate: '10', duration: '1s' }, (req) => (req.path === '/b' ? { afterMs: 2, status: 201 } : ok(2)), scenario);
    const result = await drive(clock, run.execute());
    expectReconciled(result);
    const steps = Object.fromEntries(result.snapshot.steps.map((s) => [s.name, s.requests]));
    expect(steps).toEqual({ first: 10, second: 10 });
    expect(target.requests.filter((r) => r.method === 'POST')).toHaveLength(10);
    expect(result.totals).toMatchObject({ started: 10, completed: 10 });
  });
});

describe('LoadRun in process: step names', () => {
  it('says once when a run has 100 distinct step names (ids in paths that were not templated)', async () => {
    const scenario: Runnable = {
      kind: 'scenario',
      name: 'slugs',
      async iteration(vu) {
        await vu.get(`/api/accounts/acme-${'abcdefghijklmnopqrstuvwxyz'[vu.iterationInTest % 26]}${'abcdefghij'[Math.floor(vu.iterationInTest / 26) % 10]}`);
      },
    };
    const clock = new FakeClock(T0);
    const target = new FakeTarget(clock, () => ok(1));
    const { plan } = buildPlan({ raw: { vus: '1', iterations: '150' }, runnable: scenario, scenarioFile: 'inline.ts' });
    const warnings: string[] = [];
    const result = await drive(clock, fakeRun(plan, clock, target, { onWarning: (m) => warnings.push(m) }).execute());
    expect(result.snapshot.steps).toHaveLength(150);
    expect(warnings.filter((w) => /distinct step names/.test(w))).toEqual([
      '100 distinct step names, the latest "GET /api/accounts/acme-vd": ids in paths that are not templated (slugs, names)? Name such requests, like vu.get(path, { name: \'get account\' }): each step name is a row and a histogram of its own',
    ]);
  });
});

describe('LoadRun in process: the end of a run', () => {
  it('requests that finish within the grace period complete; the run ends when they do', async () => {
    const { clock, run } = harness({ rate: '10', duration: '1s', grace: '5s' }, () => ok(3000));
    const result = await drive(clock, run.execute(), { stepMs: 10 });
    expect(result.snapshot.overall).toMatchObject({ requests: 10, completed: 10, interrupted: 0 });
    // The last arrival (900 ms) answers at 3,900 ms: nothing waits for the rest of the grace period.
    expect(result.durationMs).toBe(3900);
  });

  it('requests still in flight when the grace period ends are interrupted, exactly then', async () => {
    const { clock, target, run } = harness({ rate: '10', duration: '1s', grace: '2s' }, () => 'never');
    const result = await drive(clock, run.execute(), { stepMs: 10 });
    expectReconciled(result);
    expect(result.snapshot.overall).toMatchObject({ requests: 10, completed: 0, failed: 0, interrupted: 10 });
    expect(result.totals.interrupted).toBe(10);
    expect(target.aborted).toBe(10);
    expect(result.durationMs).toBe(1000 + 2000);
  });

  it('the total deadline (--timeout) fails a request that never answers, as kind timeout', async () => {
    const { clock, run } = harness({ rate: '5', duration: '1s', timeout: '300ms' }, () => 'never');
    const result = await drive(clock, run.execute(), { stepMs: 10 });
    expect(result.snapshot.overall).toMatchObject({ requests: 5, failed: 5, interrupted: 0 });
    expect(result.snapshot.overall.errorsByKind).toEqual({ timeout: 5 });
  });

  it('stop() ends new work at once and keeps the first reason; counts still reconcile', async () => {
    const { clock, target, run } = harness({ rate: '100', duration: '10s' }, () => ok(20));
    const result = await drive(clock, run.execute(), { at: [[500, () => run.stop('SIGINT')], [600, () => run.stop('later')]] });
    expectReconciled(result);
    expect(result.stopReason).toBe('SIGINT');
    expect(target.requests.length).toBeGreaterThanOrEqual(50);
    expect(target.requests.length).toBeLessThanOrEqual(51);
    expect(result.snapshot.overall.completed).toBe(target.requests.length);
    expect(result.snapshot.overall.interrupted).toBe(0);
  });

  it('forceStop() interrupts in-flight requests without waiting for the grace period', async () => {
    const { clock, run } = harness({ rate: '10', duration: '10s', grace: '30s' }, () => 'never');
    const result = await drive(clock, run.execute(), { stepMs: 10, at: [[250, () => run.stop('SIGTERM')], [400, () => run.forceStop('SIGTERM')]] });
    expectReconciled(result);
    expect(result.stopReason).toBe('SIGTERM');
    expect(result.snapshot.overall).toMatchObject({ requests: 3, interrupted: 3 });
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('an SLA judged mid-run (the abort watch) stops the run with the reason the report will carry', async () => {
    const { clock, run } = harness({ rate: '50', duration: '20s' }, (req) => (req.n > 20 ? { afterMs: 5, status: 500 } : ok(5)));
    const watched = [parseSla('availability >= 99%')];
    let reason: string | null = null;
    const check = () => {
      const measured = run.measure();
      const failed = measured ? failingSla(watched, measured) : null;
      if (failed && !reason) {
        reason = `SLA failed: ${failed}`;
        run.stop(reason);
      }
    };
    const result = await drive(clock, run.execute(), { at: [[1000, check], [2000, check]] });
    expectReconciled(result);
    expect(result.stopReason).toBe('SLA failed: availability >= 99%');
    // Judged at 1,000 ms, just after the 51st arrival was sent: it is let finish (5 ms), nothing after it starts.
    expect(result.durationMs).toBe(1005);
    expect(result.snapshot.overall).toMatchObject({ requests: 51, completed: 20, failed: 31, interrupted: 0 });
  });
});
