/**
 * crmload's /metrics, in process: a Recorder fed known samples, read through the same LiveView the
 * engine gives, rendered by prom-client and parsed back with the text-format parser.
 */
import { describe, expect, it } from 'vitest';
import type { LiveView } from '../../src/engine/live.js';
import type { ErrorKind } from '../../src/metrics/error-kinds.js';
import { Recorder } from '../../src/metrics/recorder.js';
import type { Sample } from '../../src/metrics/slot.js';
import { parseExposition, type ExpositionSample } from '../../src/observability/exposition.js';
import { RunMetrics, type RunMetricsOptions } from '../../src/observability/run-metrics.js';

const START = 5_000;

function sample(at: number, ms: number, kind: ErrorKind | null, status: number): Sample {
  const sentAt = START + at;
  return { status, kind, intendedAt: sentAt - 1, sentAt, endedAt: sentAt + ms, bytesIn: 10, bytesOut: 1 };
}

/** A recorder with 2 s of warm-up and two steps whose outcomes cover every status class. */
function recorded(): Recorder {
  const rec = new Recorder({ startedAt: START, warmupMs: 2000, plannedMs: 10_000, activeVus: () => 3 }, false);
  const list = rec.slot('list contacts', 'crm');
  const create = rec.slot('create lead', 'crm');
  rec.record(list, sample(100, 5, null, 200)); // warm-up: counted apart
  rec.record(list, sample(200, 5, 'http5xx', 503)); // warm-up
  const outcomes: Array<[ErrorKind | null, number]> = [
    [null, 200], [null, 200], [null, 201], [null, 304], ['http4xx', 404], ['throttled', 429], ['http5xx', 500],
    ['timeout', 0], ['connect', 0], ['interrupted', 0], ['check', 200],
  ];
  outcomes.forEach(([kind, status], i) => rec.record(i % 2 ? create : list, sample(2500 + 100 * i, 3 + i * 20, kind, status)));
  return rec;
}

function viewOf(rec: Recorder, overrides: Partial<LiveView> = {}): LiveView {
  return {
    running: true, elapsedMs: 4000, steps: rec.stepSlots(), warmupRequests: rec.warmup.requests, activeVus: 3, iterationsStarted: 13,
    dropped: 2, offeredRate: 20, targetVus: null, health: { eventLoopDelayP99Ms: 1.5, scheduleLagP99Ms: 2, scheduleLagMaxMs: 7 }, ...overrides,
  };
}

const OPTIONS: RunMetricsOptions = { scenario: 'crm', model: 'open', shard: null, version: '9.9.9', defaultMetrics: false };

async function scrape(metrics: RunMetrics): Promise<ExpositionSample[]> {
  return parseExposition(await metrics.metrics()).samples;
}

const sum = (samples: ExpositionSample[], name: string, where: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

describe('RunMetrics', () => {
  it('requests by step and status class add up to the report totals; warm-up is counted apart', async () => {
    const rec = recorded();
    const samples = await scrape(new RunMetrics(() => viewOf(rec), OPTIONS));
    const snap = rec.snapshot(START + 4000);
    expect(sum(samples, 'crmload_requests_total')).toBe(snap.overall.requests);
    for (const step of snap.steps) expect(sum(samples, 'crmload_requests_total', { step: step.name })).toBe(step.requests);
    const byClass = Object.fromEntries(['2xx', '3xx', '4xx', '5xx', 'none'].map((c) => [c, sum(samples, 'crmload_requests_total', { status_class: c })]));
    expect(byClass).toEqual({ '2xx': 4, '3xx': 1, '4xx': 2, '5xx': 1, none: 3 });
    expect(sum(samples, 'crmload_warmup_requests_total')).toBe(2);
  });

  it('errors by kind are the report errorsByKind', async () => {
    const rec = recorded();
    const samples = await scrape(new RunMetrics(() => viewOf(rec), OPTIONS));
    const kinds = samples.filter((s) => s.name === 'crmload_request_errors_total');
    const byKind: Record<string, number> = {};
    for (const s of kinds) byKind[s.labels.kind] = (byKind[s.labels.kind] ?? 0) + s.value;
    expect(byKind).toEqual(rec.snapshot(START + 4000).overall.errorsByKind);
  });

  it('latency histograms count the completed requests, cumulatively, per step', async () => {
    const rec = recorded();
    const samples = await scrape(new RunMetrics(() => viewOf(rec), OPTIONS));
    for (const step of rec.snapshot(START + 4000).steps) {
      for (const name of ['crmload_request_latency_seconds', 'crmload_request_service_time_seconds']) {
        const buckets = samples.filter((s) => s.name === `${name}_bucket` && s.labels.step === step.name);
        expect(buckets.at(-1)!.labels.le).toBe('+Inf');
        expect(buckets.at(-1)!.value).toBe(step.completed);
        expect(sum(samples, `${name}_count`, { step: step.name })).toBe(step.completed);
        for (let i = 1; i < buckets.length; i++) expect(buckets[i].value).toBeGreaterThanOrEqual(buckets[i - 1].value);
      }
      const meanS = sum(samples, 'crmload_request_latency_seconds_sum', { step: step.name }) / step.completed;
      expect(meanS * 1000).toBeCloseTo(step.latency.mean!, 1);
    }
  });

  it('run gauges come from the live view, with scenario labels', async () => {
    const rec = recorded();
    const metrics = new RunMetrics(() => viewOf(rec), OPTIONS);
    const samples = await scrape(metrics);
    const value = (name: string) => samples.find((s) => s.name === name)?.value;
    expect(value('crmload_active_vus')).toBe(3);
    expect(value('crmload_iterations_started_total')).toBe(13);
    expect(value('crmload_dropped_iterations_total')).toBe(2);
    expect(value('crmload_offered_rate')).toBe(20);
    expect(value('crmload_schedule_lag_p99_seconds')).toBe(0.002);
    expect(value('crmload_event_loop_delay_p99_seconds')).toBe(0.0015);
    expect(value('crmload_target_vus')).toBeUndefined();
    expect(samples.find((s) => s.name === 'crmload_run_info')?.labels).toEqual({ scenario: 'crm', model: 'open', version: '9.9.9' });
    expect(samples.filter((s) => s.name.startsWith('crmload_')).every((s) => s.labels.scenario === 'crm')).toBe(true);
  });

  it('the achieved rate is iterations started per second between samples', async () => {
    let started = 0;
    const rec = recorded();
    const metrics = new RunMetrics(() => viewOf(rec, { iterationsStarted: started }), OPTIONS);
    metrics.sampleRate(1000);
    started = 45;
    metrics.sampleRate(2500);
    const samples = await scrape(metrics);
    expect(samples.find((s) => s.name === 'crmload_achieved_rate')?.value).toBe(30);
  });

  it('a shard labels every series i/n, default metrics included', async () => {
    const rec = recorded();
    const samples = await scrape(new RunMetrics(() => viewOf(rec), { ...OPTIONS, shard: { index: 2, total: 4 }, defaultMetrics: true }));
    expect(samples.some((s) => s.name === 'process_cpu_seconds_total')).toBe(true);
    expect(samples.filter((s) => s.labels.shard !== '2/4').map((s) => s.name)).toEqual([]);
  });

  it('before the run starts there is nothing per step and no rate', async () => {
    const samples = await scrape(new RunMetrics(() => viewOf(recorded(), { running: false, steps: [], elapsedMs: 0 }), OPTIONS));
    expect(samples.filter((s) => s.name.startsWith('crmload_request'))).toEqual([]);
    expect(samples.find((s) => s.name === 'crmload_achieved_rate')?.value).toBe(0);
  });
});
