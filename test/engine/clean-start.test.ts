/**
 * The clean start in process: connections to the target are opened before the measured clock starts
 * (through undici's own connect hook, faked here on the fake clock); a connection that fails to open
 * is reported and opened again by its first request, whose failure counts as usual; one still opening
 * at the deadline does not hold the start back. Nothing of the start phase enters the statistics.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/config/build-plan.js';
import type { RawRunOptions } from '../../src/config/options.js';
import { PRECONNECT_MAX_MS } from '../../src/engine/clean-start.js';
import { drive } from '../helpers/drive.js';
import { FAKE_ORIGIN, fakeRun } from '../helpers/fake-run.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeTarget, type ConnectReply, type FakeRequest, type Reply } from '../helpers/fake-dispatcher.js';

const ORIGIN = FAKE_ORIGIN;
const T0 = 1_000;
const REFUSED = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

function harness(raw: RawRunOptions, script: (req: FakeRequest) => Reply, connectReply: (index: number) => ConnectReply) {
  const clock = new FakeClock(T0);
  const target = new FakeTarget(clock, script, connectReply);
  const { plan } = buildPlan({ raw: { url: `${ORIGIN}/ok`, ...raw }, runnable: null });
  const warnings: string[] = [];
  const run = fakeRun(plan, clock, target, { onWarning: (m) => warnings.push(m) });
  return { clock, target, run, warnings };
}

describe('clean start: connections opened before the clock', () => {
  it('opens every connection first; the measured clock starts once they are open', async () => {
    const { clock, target, run } = harness({ vus: '4', iterations: '20' }, () => ({ afterMs: 2, status: 200 }), () => ({ afterMs: 7 }));
    const result = await drive(clock, run.execute());
    expect(result.generator.start?.connections).toEqual({ total: 4, opened: 4, failed: 0, pending: 0, errorsByKind: {} });
    // The 7 virtual ms of connecting are before the first request and outside the run's duration.
    expect(target.requests[0].at).toBe(T0 + 7);
    expect(result.durationMs).toBe(target.requests.at(-1)!.at + 2 - (T0 + 7));
    expect(result.snapshot.overall).toMatchObject({ requests: 20, completed: 20, failed: 0 });
    expect(result.snapshot.overall.latency).toMatchObject({ min: 2, max: 2 });
  });

  it('connections that fail to open are reported, and their requests still fail and count as usual', async () => {
    // Connections 1 and 3 are refused ahead and stay refused: every request on them fails as `connect`.
    const refused = (i: number) => i === 1 || i === 3;
    const { clock, target, run, warnings } = harness(
      { vus: '4', iterations: '40' },
      (req) => (refused(req.connection) ? { afterMs: 1, error: REFUSED } : { afterMs: 2, status: 200 }),
      (i) => (refused(i) ? { afterMs: 1, error: REFUSED } : { afterMs: 1 }),
    );
    const result = await drive(clock, run.execute());
    expect(result.generator.start?.connections).toEqual({ total: 4, opened: 2, failed: 2, pending: 0, errorsByKind: { connect: 2 } });
    expect(warnings.some((w) => /2 of 4 connections could not be opened before the start \(connect ×2\)/.test(w))).toBe(true);
    const o = result.snapshot.overall;
    const onRefused = target.requests.filter((r) => refused(r.connection)).length;
    expect(onRefused).toBeGreaterThan(0);
    expect(o).toMatchObject({ requests: 40, completed: 40 - onRefused, failed: onRefused, interrupted: 0 });
    expect(o.errorsByKind).toEqual({ connect: onRefused });
    expect(result.totals).toMatchObject({ started: 40, completed: 40 - onRefused, failed: onRefused });
  });

  it('a connection still opening at the deadline does not hold the start back', async () => {
    const { clock, target, run } = harness({ vus: '2', iterations: '6' }, () => ({ afterMs: 1, status: 200 }), (i) => (i === 0 ? 'never' : { afterMs: 1 }));
    const result = await drive(clock, run.execute());
    expect(result.generator.start?.connections).toEqual({ total: 2, opened: 1, failed: 0, pending: 1, errorsByKind: {} });
    expect(target.requests[0].at).toBe(T0 + PRECONNECT_MAX_MS);
    expect(result.snapshot.overall).toMatchObject({ requests: 6, completed: 6 });
  });

  it('without keep-alive nothing is opened ahead (it would be closed before its first request)', async () => {
    const { clock, run } = harness({ vus: '2', iterations: '4', keepalive: false }, () => ({ afterMs: 1, status: 200 }), () => ({ afterMs: 1 }));
    const result = await drive(clock, run.execute());
    expect(result.generator.start).toEqual({ ms: expect.any(Number), warmUpRequests: 0 });
    expect(result.snapshot.overall).toMatchObject({ requests: 4, completed: 4 });
  });
});
