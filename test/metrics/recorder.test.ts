import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../src/error-kinds.js';
import { Recorder, type RecorderOptions } from '../../src/metrics/recorder.js';
import type { Sample } from '../../src/metrics/slot.js';

const START = 10_000; // monotonic ms at which the run started

function recorder(options: Partial<RecorderOptions> = {}, multiScenario = false): Recorder {
  return new Recorder({ startedAt: START, warmupMs: 0, plannedMs: 60_000, activeVus: () => 1, ...options }, multiScenario);
}

/** A closed-model sample sent `at` ms after the start, taking `ms`. */
function sample(at: number, ms: number, kind: ErrorKind | null = null): Sample {
  const sentAt = START + at;
  return { status: kind === null ? 200 : kind === 'http5xx' ? 500 : 0, kind, intendedAt: sentAt, sentAt, endedAt: sentAt + ms, bytesIn: 50, bytesOut: 5 };
}

describe('Recorder: counts and totals', () => {
  it('steps are merged into totals, and every count reconciles', () => {
    const rec = recorder();
    const list = rec.slot('list contacts', 'crm');
    const create = rec.slot('create lead', 'crm');
    const kinds: Array<ErrorKind | null> = [null, null, 'http5xx', 'timeout', 'check', 'interrupted', null, 'throttled'];
    kinds.forEach((kind, i) => rec.record(i % 2 ? create : list, sample(100 * i, 2 + i, kind)));
    const snap = rec.snapshot(START + 10_000);
    expect(snap.measuredMs).toBe(10_000);
    expect(snap.overall).toMatchObject({ requests: 8, completed: 3, failed: 4, interrupted: 1, bytesIn: 400, bytesOut: 40 });
    expect(snap.overall.errorsByKind).toEqual({ http5xx: 1, timeout: 1, check: 1, throttled: 1, interrupted: 1 });
    expect(snap.overall.latency).toMatchObject({ count: 3, min: 2, max: 8 });
    const steps = Object.fromEntries(snap.steps.map((s) => [s.name, s]));
    expect(steps['list contacts']).toMatchObject({ scenario: 'crm', requests: 4, completed: 2, failed: 2, interrupted: 0 });
    expect(steps['create lead']).toMatchObject({ requests: 4, completed: 1, failed: 2, interrupted: 1 });
    for (const block of [snap.overall, ...snap.steps]) expect(block.requests).toBe(block.completed + block.failed + block.interrupted);
    expect(snap.overall.requests).toBe(snap.steps.reduce((n, s) => n + s.requests, 0));
    expect(rec.count).toBe(8);
  });

  it('the same step name is one slot', () => {
    const rec = recorder();
    expect(rec.slot('get lead', 'a')).toBe(rec.slot('get lead', 'b'));
  });

  it('a mix also reports per-scenario blocks, and totals count each request once', () => {
    const rec = recorder({}, true);
    rec.record(rec.slot('a1', 'alpha'), sample(0, 1));
    rec.record(rec.slot('a2', 'alpha'), sample(0, 2, 'http5xx'));
    rec.record(rec.slot('b1', 'beta'), sample(0, 3));
    const snap = rec.snapshot(START + 1000);
    expect(snap.scenarios.map((s) => [s.name, s.requests, s.completed])).toEqual([
      ['alpha', 2, 1],
      ['beta', 1, 1],
    ]);
    expect(snap.overall.requests).toBe(3);
  });

  it('a single scenario has no per-scenario blocks', () => {
    const rec = recorder();
    rec.record(rec.slot('a', 'alpha'), sample(0, 1));
    expect(rec.snapshot(START + 1000).scenarios).toEqual([]);
  });

  it('an empty run reports nulls, not zeros', () => {
    const snap = recorder().snapshot(START + 5000);
    expect(snap.overall).toMatchObject({ requests: 0, availability: null, errorRate: null });
    expect(snap.overall.latency.p95).toBeNull();
    expect(snap.steps).toEqual([]);
  });
});

describe('Recorder: latency', () => {
  it('open model: latency from the schedule (1000 ms), service time from the send (100 ms)', () => {
    const rec = recorder();
    rec.record(rec.slot('s', 'crm'), { status: 200, kind: null, intendedAt: START, sentAt: START + 900, endedAt: START + 1000, bytesIn: 0, bytesOut: 0 });
    const { overall } = rec.snapshot(START + 2000);
    expect(overall.latency).toMatchObject({ min: 1000, p50: 1000, max: 1000 });
    expect(overall.serviceTime).toMatchObject({ min: 100, p50: 100, max: 100 });
  });

  it('sub-millisecond latencies survive to the snapshot', () => {
    const rec = recorder();
    rec.record(rec.slot('s', 'crm'), sample(0, 0.2));
    expect(rec.snapshot(START + 1000).overall.latency).toMatchObject({ min: 0.2, p50: 0.2, max: 0.2 });
  });
});

describe('Recorder: warm-up', () => {
  it('requests sent during warm-up are counted apart and excluded from every statistic', () => {
    const rec = recorder({ warmupMs: 5000 });
    const slot = rec.slot('s', 'crm');
    rec.record(slot, sample(1000, 9000)); // slow warm-up request
    rec.record(slot, sample(4000, 2, 'http5xx'));
    rec.record(slot, sample(4900, 200)); // sent in warm-up, ends after it: still warm-up
    rec.record(slot, sample(4950, 1, 'interrupted'));
    rec.record(slot, sample(5000, 10));
    rec.record(slot, sample(6000, 20, 'http4xx'));
    const snap = rec.snapshot(START + 15_000);
    expect(snap.warmup).toEqual({ requests: 4, completed: 2, failed: 1 });
    expect(snap.measuredMs).toBe(10_000);
    expect(snap.overall).toMatchObject({ requests: 2, completed: 1, failed: 1, availability: 100, errorRate: 50 });
    expect(snap.overall.latency).toMatchObject({ count: 1, max: 10 });
    expect(snap.overall.throughput).toBe(0.1);
    expect(rec.count).toBe(6);
  });

  it('the timeline keeps warm-up buckets, flagged', () => {
    const rec = recorder({ warmupMs: 2000 });
    const slot = rec.slot('s', 'crm');
    for (let s = 0; s < 4; s++) rec.record(slot, sample(s * 1000 + 100, 5));
    const { timeline } = rec.snapshot(START + 4000);
    expect(timeline.map((p) => [p.t, p.requests, p.warmup])).toEqual([
      [0, 1, true],
      [1, 1, true],
      [2, 1, false],
      [3, 1, false],
    ]);
  });
});

describe('Recorder: stability and timeline', () => {
  it('windowP99 is the worst 10 s window; throughputCv over the windows', () => {
    const rec = recorder();
    const a = rec.slot('a', 'crm');
    const b = rec.slot('b', 'crm');
    // Window 0: 10 at 1 ms; window 1: 20 at 1.5 ms (split over two steps); window 2: 10 at 1.2 ms.
    for (let i = 0; i < 10; i++) rec.record(a, sample(i * 1000, 1));
    for (let i = 0; i < 20; i++) rec.record(i % 2 ? a : b, sample(10_000 + i * 500, 1.5));
    for (let i = 0; i < 10; i++) rec.record(a, sample(20_000 + i * 1000, 1.2));
    const snap = rec.snapshot(START + 30_000);
    expect(snap.overall.stability.windowP99).toBe(1.5);
    expect(snap.overall.stability.throughputCv).toBeCloseTo(Math.sqrt(2 / 9) / (4 / 3), 4);
    const stepB = snap.steps.find((s) => s.name === 'b')!;
    expect(stepB.stability.windowP99).toBe(1.5);
  });

  it.each([[false], [true]])('window.p99 is never below the overall p99 when the run saturates in its last partial window (single step: %s)', (singleStep) => {
    const rec = recorder({ singleStep });
    const slot = rec.slot('s', 'crm');
    // A 25 s ramp: 3–5 ms for 20 s, then saturated (300–400 ms) in the last 5 s.
    for (let at = 0; at < 25_000; at += 100) rec.record(slot, sample(at, at < 20_000 ? 3 + at / 10_000 : 300 + (at - 20_000) / 50));
    const snap = rec.snapshot(START + 25_000);
    for (const block of [snap.overall, snap.steps[0]]) {
      expect(block.latency.p99).toBeGreaterThan(300);
      expect(block.stability.windowP99).toBeGreaterThanOrEqual(block.latency.p99 as number);
    }
  });

  it('fewer than two whole windows: throughputCv is null', () => {
    const rec = recorder();
    const slot = rec.slot('s', 'crm');
    for (let i = 0; i < 15; i++) rec.record(slot, sample(i * 1000, 1));
    expect(rec.snapshot(START + 15_000).overall.stability.throughputCv).toBeNull();
  });

  it('windows start after warm-up', () => {
    const rec = recorder({ warmupMs: 5000 });
    const slot = rec.slot('s', 'crm');
    for (let i = 0; i < 10; i++) rec.record(slot, sample(5000 + i * 1000, 1)); // window 0 of measured time
    for (let i = 0; i < 10; i++) rec.record(slot, sample(15_000 + i * 1000, 1)); // window 1
    expect(rec.snapshot(START + 25_000).overall.stability.throughputCv).toBe(0);
  });

  it('the timeline buckets every request by the second it ended; tick() closes idle seconds', () => {
    const rec = recorder();
    const slot = rec.slot('s', 'crm');
    rec.record(slot, sample(100, 50));
    rec.record(slot, sample(300, 50, 'http5xx'));
    rec.tick(START + 3000);
    rec.record(slot, sample(3100, 10));
    const { timeline } = rec.snapshot(START + 4000);
    expect(timeline.map((p) => [p.t, p.requests, p.completed, p.errors])).toEqual([
      [0, 2, 1, 1],
      [1, 0, 0, 0],
      [2, 0, 0, 0],
      [3, 1, 1, 0],
    ]);
  });
});
