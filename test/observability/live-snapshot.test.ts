/**
 * `--workers` metrics, in process: the parent merges the workers' live snapshots. Recorders fed a
 * split of one sample set, snapshotted and merged, must give exactly the exposition of one recorder
 * fed every sample (counters summed, histogram buckets and sums added, never averaged).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LiveView } from '../../src/engine/live.js';
import { ERROR_KINDS, type ErrorKind } from '../../src/error-kinds.js';
import { Recorder } from '../../src/metrics/recorder.js';
import type { Sample } from '../../src/metrics/slot.js';
import { parseExposition } from '../../src/observability/exposition.js';
import { liveSnapshot, mergeLiveSnapshots } from '../../src/observability/live-snapshot.js';
import { RunMetrics, type RunMetricsOptions } from '../../src/observability/run-metrics.js';

const OPTIONS: RunMetricsOptions = { scenario: 'crm', model: 'open', shard: null, version: '1.0.0', defaultMetrics: false };
const STEPS = ['list contacts', 'create lead', 'close deal'];
const STATUSES = [0, 200, 201, 304, 404, 429, 500, 503, 99, 700];

interface Drawn {
  step: number;
  worker: number;
  latencyMs: number;
  sendDelayMs: number;
  status: number;
  kind: number;
  warmup: boolean;
}

function sample(d: Drawn): Sample {
  const intendedAt = (d.warmup ? 100 : 3000) + d.step;
  const sentAt = intendedAt + d.sendDelayMs;
  // A status says the response arrived; kind -1 is success, else an error kind (interrupted included).
  const kind: ErrorKind | null = d.kind < 0 ? null : ERROR_KINDS[d.kind % ERROR_KINDS.length];
  return { status: d.status, kind, intendedAt, sentAt, endedAt: sentAt + d.latencyMs, bytesIn: 1, bytesOut: 1 };
}

/** A recorder with the three steps in the same order, fed the given samples (warm-up first). */
function recorderOf(drawn: Drawn[], closed: boolean): Recorder {
  const rec = new Recorder({ startedAt: 0, warmupMs: 2000, plannedMs: 10_000, activeVus: () => 0, serviceIsLatency: closed }, false);
  const slots = STEPS.map((name) => rec.slot(name, 'crm'));
  for (const d of [...drawn].sort((a, b) => Number(b.warmup) - Number(a.warmup))) rec.record(slots[d.step], sample(d));
  return rec;
}

function viewOf(rec: Recorder, scalars: Omit<LiveView, 'steps' | 'warmupRequests'>): LiveView {
  return { ...scalars, steps: rec.stepSlots(), warmupRequests: rec.warmup.requests };
}

const drawnSample = (workers: number) =>
  fc.record({
    step: fc.integer({ min: 0, max: STEPS.length - 1 }),
    worker: fc.integer({ min: 0, max: workers - 1 }),
    latencyMs: fc.oneof(fc.double({ min: 0.001, max: 50, noNaN: true }), fc.double({ min: 50, max: 40_000, noNaN: true })),
    sendDelayMs: fc.double({ min: 0, max: 20, noNaN: true }),
    status: fc.constantFrom(...STATUSES),
    kind: fc.integer({ min: -3, max: ERROR_KINDS.length - 1 }),
    warmup: fc.boolean(),
  });

describe('merged worker snapshots', () => {
  it.each([
    { model: 'open' as const, closed: false },
    { model: 'closed' as const, closed: true },
  ])('$model model: the exposition equals one process fed every sample, byte for byte', async ({ model, closed }) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.array(drawnSample(n), { maxLength: 200 }))), async ([workers, drawn]) => {
        const options = { ...OPTIONS, model };
        const perWorker = Array.from({ length: workers }, (_, w) => recorderOf(drawn.filter((d) => d.worker === w), closed));
        const scalars = (w: number) => ({
          running: true, elapsedMs: 4000 - w, activeVus: w + 1, iterationsStarted: 10 * (w + 1), dropped: w,
          offeredRate: closed ? null : 25, targetVus: closed ? 2 : null,
          health: { eventLoopDelayP99Ms: 1 + w, scheduleLagP99Ms: 3 - w, scheduleLagMaxMs: 5 + (w % 2) },
        });
        const merged = mergeLiveSnapshots(perWorker.map((rec, w) => structuredClone(liveSnapshot(viewOf(rec, scalars(w))))));
        const ws = Array.from({ length: workers }, (_, w) => scalars(w));
        const sum = (f: (s: ReturnType<typeof scalars>) => number) => ws.reduce((n, s) => n + f(s), 0);
        const max = (f: (s: ReturnType<typeof scalars>) => number) => Math.max(...ws.map(f));
        const one = viewOf(recorderOf(drawn, closed), {
          running: true, elapsedMs: 4000, activeVus: sum((s) => s.activeVus), iterationsStarted: sum((s) => s.iterationsStarted), dropped: sum((s) => s.dropped),
          offeredRate: closed ? null : 25 * workers, targetVus: closed ? 2 * workers : null,
          health: { eventLoopDelayP99Ms: max((s) => s.health.eventLoopDelayP99Ms), scheduleLagP99Ms: max((s) => s.health.scheduleLagP99Ms), scheduleLagMaxMs: max((s) => s.health.scheduleLagMaxMs) },
        });
        const fromWorkers = await new RunMetrics(() => merged, options).metrics();
        const fromOne = await new RunMetrics(() => one, options).metrics();
        expect(fromWorkers).toBe(fromOne);
        // And the counts are the samples': every measured sample once, warm-up apart.
        const samples = parseExposition(fromWorkers).samples;
        const total = (name: string) => samples.filter((s) => s.name === name).reduce((n, s) => n + s.value, 0);
        expect(total('crmload_requests_total')).toBe(drawn.filter((d) => !d.warmup).length);
        expect(total('crmload_warmup_requests_total')).toBe(drawn.filter((d) => d.warmup).length);
      }),
      { numRuns: 60 },
    );
  });

  it('no snapshot yet (workers not started): nothing runs, nothing is counted', async () => {
    const merged = mergeLiveSnapshots([]);
    expect(merged).toMatchObject({ running: false, elapsedMs: 0, stepCounts: [], iterationsStarted: 0, offeredRate: null, targetVus: null });
    const samples = parseExposition(await new RunMetrics(() => merged, OPTIONS).metrics()).samples;
    expect(samples.filter((s) => s.name === 'crmload_requests_total')).toEqual([]);
  });

  it('steps first seen in different workers are all kept, each once, in the order first seen', () => {
    const ok = (slot: ReturnType<Recorder['slot']>, rec: Recorder) => rec.record(slot, sample({ step: 0, worker: 0, latencyMs: 5, sendDelayMs: 0, status: 200, kind: -1, warmup: false }));
    const a = new Recorder({ startedAt: 0, warmupMs: 2000, plannedMs: 10_000, activeVus: () => 0 }, false);
    ok(a.slot('list contacts', 'crm'), a);
    const b = new Recorder({ startedAt: 0, warmupMs: 2000, plannedMs: 10_000, activeVus: () => 0 }, false);
    ok(b.slot('close deal', 'crm'), b);
    ok(b.slot('list contacts', 'crm'), b);
    const scalars = { running: true, elapsedMs: 1, activeVus: 0, iterationsStarted: 1, dropped: 0, offeredRate: 1, targetVus: null, health: { eventLoopDelayP99Ms: 0, scheduleLagP99Ms: 0, scheduleLagMaxMs: 0 } };
    const merged = mergeLiveSnapshots([liveSnapshot(viewOf(a, scalars)), liveSnapshot(viewOf(b, scalars))]);
    expect(merged.stepCounts.map((s) => [s.step, s.statusClasses[1], s.latency.count])).toEqual([['list contacts', 2, 2], ['close deal', 1, 1]]);
  });
});
