/**
 * Concurrent requests from one VU (`Promise.all`, `vu.batch`), in process on a fake host that
 * answers requests in whatever order a test chooses: each request is its own step, every one is
 * recorded exactly once, and an iteration ends (once) only when all of its requests have.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/http/classify.js';
import { defineScenario } from '../../src/scenario/define.js';
import type { Vu, VuResponse } from '../../src/scenario/types.js';
import { FakeHost, settle, vuOn } from './fake-host.js';

const scenario = (iteration: (vu: Vu) => Promise<void>) => defineScenario({ name: 'concurrent', iteration });

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('Promise.all in an iteration', () => {
  it('both requests are sent at once, each is its own step, and the iteration completes once', async () => {
    const host = new FakeHost();
    const seen: number[] = [];
    const { vu, runtime, outcomes } = vuOn(
      scenario(async (vu) => {
        const [a, b] = await Promise.all([vu.get('/a'), vu.get('/b', { name: 'bee' })]);
        seen.push(a.status, b.status);
      }),
      host,
    );
    vu.begin(0, 0);
    await settle();
    expect(host.sent.map((e) => e.path)).toEqual(['/a', '/b']);
    host.answer('/b', 201); // answered out of order
    host.answer('/a', 200);
    await settle();
    expect(seen).toEqual([200, 201]);
    expect(outcomes).toEqual(['completed']);
    expect(host.kindsByStep()).toEqual({ 'GET /a': [null], bee: [null] });
    expect(runtime.iterations).toMatchObject({ started: 1, completed: 1, failed: 0, interrupted: 0 });
    expect(host.released).toBe(2);
    expect(host.inFlight.size).toBe(0);
  });

  it('open model: both measure latency from the same intended start; the next request from the later end', async () => {
    const host = new FakeHost(true);
    const { vu, outcomes } = vuOn(
      scenario(async (vu) => {
        await Promise.all([vu.get('/a'), vu.get('/b')]);
        await vu.get('/c');
      }),
      host,
    );
    vu.begin(123.5, 0);
    await settle();
    expect(host.sent.map((e) => e.intendedAt)).toEqual([123.5, 123.5]);
    host.answer('/a');
    await settle();
    host.answer('/b');
    await settle();
    const [a, b] = host.sent;
    expect(host.to('/c').intendedAt).toBe(Math.max(a.endedAt, b.endedAt));
    host.answer('/c');
    await settle();
    expect(outcomes).toEqual(['completed']);
    expect(host.recorded.map((r) => r.intendedAt)).toEqual([123.5, 123.5, Math.max(a.endedAt, b.endedAt)]);
  });

  it('closed model: each request is timed from its own send', async () => {
    const host = new FakeHost(false);
    const { vu } = vuOn(scenario(async (vu) => void (await Promise.all([vu.get('/a'), vu.get('/b')]))), host);
    vu.begin(500, 0);
    await settle();
    expect(host.sent.map((e) => e.intendedAt)).toEqual([0, 0]);
  });

  it('one request fails: the other is still recorded when it ends, and the iteration fails once, after it', async () => {
    const host = new FakeHost();
    const { vu, runtime, outcomes } = vuOn(scenario(async (vu) => void (await Promise.all([vu.get('/a'), vu.get('/b')]))), host);
    vu.begin(0, 0);
    await settle();
    host.answer('/a', 500);
    await settle();
    expect(outcomes).toEqual([]); // /b is still in flight: the iteration is not over
    host.answer('/b', 200);
    await settle();
    expect(outcomes).toEqual(['failed']);
    expect(host.kindsByStep()).toEqual({ 'GET /a': ['http5xx'], 'GET /b': [null] });
    expect(runtime.iterations).toMatchObject({ started: 1, completed: 0, failed: 1, interrupted: 0 });
    expect(host.failures).toEqual(['GET /a: http5xx']);
    expect(host.released).toBe(2);
  });

  it('both fail: counted as one failed iteration, both requests recorded', async () => {
    const host = new FakeHost();
    const { vu, runtime, outcomes } = vuOn(scenario(async (vu) => void (await Promise.all([vu.get('/a'), vu.get('/b')]))), host);
    vu.begin(0, 0);
    await settle();
    host.fail('/b');
    host.answer('/a', 503);
    await settle();
    expect(outcomes).toEqual(['failed']);
    expect(host.kindsByStep()).toEqual({ 'GET /a': ['http5xx'], 'GET /b': ['reset'] });
    expect(runtime.iterations.failed).toBe(1);
    expect(unhandled).toEqual([]);
  });

  it('awaited one after the other, a failure of the first leaves no unhandled rejection behind', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(
      scenario(async (vu) => {
        const a = vu.get('/a');
        const b = vu.get('/b');
        await a;
        await b;
      }),
      host,
    );
    vu.begin(0, 0);
    await settle();
    host.answer('/a', 500);
    await settle();
    host.answer('/b', 500);
    await settle();
    expect(outcomes).toEqual(['failed']);
    expect(host.recorded).toHaveLength(2);
    expect(unhandled).toEqual([]);
  });

  it('interrupted at the end of the run: one interrupted iteration, both requests recorded as interrupted', async () => {
    const host = new FakeHost();
    const { vu, runtime, outcomes } = vuOn(scenario(async (vu) => void (await Promise.all([vu.get('/a'), vu.get('/b')]))), host);
    vu.begin(0, 0);
    await settle();
    host.stopping = true;
    host.fail('/a', new InterruptedError('interrupted at the end of the run'));
    host.fail('/b', new InterruptedError('interrupted at the end of the run'));
    await settle();
    expect(outcomes).toEqual(['interrupted']);
    expect(runtime.iterations).toMatchObject({ interrupted: 1, failed: 0, completed: 0 });
    expect(host.kindsByStep()).toEqual({ 'GET /a': ['interrupted'], 'GET /b': ['interrupted'] });
  });

  it('a body that is not JSON is a capture error even when read after a concurrent request ended', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(
      scenario(async (vu) => {
        const [a] = await Promise.all([vu.get('/a'), vu.get('/b')]);
        a.json();
      }),
      host,
    );
    vu.begin(0, 0);
    await settle();
    host.answer('/a', 200, '<html>');
    host.answer('/b', 200, '{}');
    await settle();
    expect(outcomes).toEqual(['failed']);
    expect(host.kindsByStep()).toEqual({ 'GET /a': ['capture'], 'GET /b': [null] });
  });

  it('of three answers held at once, the one read last and answered last is the capture error', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(
      scenario(async (vu) => {
        const [a, b, c] = await Promise.all([vu.get('/a'), vu.get('/b'), vu.get('/c')]);
        b.json();
        c.json();
        a.json();
      }),
      host,
    );
    vu.begin(0, 0);
    await settle();
    host.answer('/c', 200, '{}');
    host.answer('/b', 200, '[]');
    host.answer('/a', 200, 'not json');
    await settle();
    expect(outcomes).toEqual(['failed']);
    expect(host.kindsByStep()).toEqual({ 'GET /a': ['capture'], 'GET /b': [null], 'GET /c': [null] });
  });
});

describe('vu.batch', () => {
  it('sends every request at once and resolves with the responses in the order given', async () => {
    const host = new FakeHost();
    let responses: VuResponse[] = [];
    const { vu, outcomes } = vuOn(
      scenario(async (vu) => {
        responses = await vu.batch(['/a', { method: 'POST', path: '/b', json: { x: 1 }, name: 'make b' }, { path: '/c', query: { q: 1 } }]);
      }),
      host,
    );
    vu.begin(0, 0);
    await settle();
    expect(host.sent.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /a', 'POST /b', 'GET /c?q=1']);
    expect(String(host.to('/b').body)).toBe('{"x":1}');
    host.answer('/c?q=1', 202, 'c');
    host.answer('/b', 201, 'b');
    host.answer('/a', 200, 'a');
    await settle();
    expect(outcomes).toEqual(['completed']);
    expect(responses.map((r) => `${r.status} ${r.text()}`)).toEqual(['200 a', '201 b', '202 c']);
    expect(Object.keys(host.kindsByStep()).sort()).toEqual(['GET /a', 'GET /c', 'make b']);
  });

  it('an empty batch resolves at once with no response', async () => {
    const host = new FakeHost();
    let responses: VuResponse[] | null = null;
    const { vu, outcomes } = vuOn(scenario(async (vu) => void (responses = await vu.batch([]))), host);
    vu.begin(0, 0);
    await settle();
    expect(responses).toEqual([]);
    expect(outcomes).toEqual(['completed']);
  });

  it('an unknown method is refused as a value (kind invalid): nothing of it is sent, it is counted, the iteration fails after the rest ended', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(
      scenario(async (vu) => void (await vu.batch(['/a', { method: 'TRACE' as 'GET', path: '/b' }]))),
      host,
    );
    vu.begin(0, 0);
    await settle();
    expect(host.sent.map((e) => e.path)).toEqual(['/a']);
    expect(outcomes).toEqual([]);
    host.answer('/a');
    await settle();
    expect(outcomes).toEqual(['failed']);
    expect(host.warnings.join('\n')).toMatch(/TRACE/);
    expect(host.kindsByStep()).toEqual({ 'TRACE /b': ['invalid'], 'GET /a': [null] });
  });
});
