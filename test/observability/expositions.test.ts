/**
 * crmload's /metrics and the demo CRM's /metrics both parse with the one text-format parser that
 * `--server-metrics` uses, and every histogram in them is well formed (cumulative buckets ending
 * at +Inf = _count). The demo's series move with the requests it served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/metrics/recorder.js';
import { familyType, parseExposition, type ParsedExposition } from '../../src/observability/exposition.js';
import { RunMetrics } from '../../src/observability/run-metrics.js';
import { startDemo, type DemoClient } from '../demo/helpers.js';

/** Every histogram family: buckets per label set are non-decreasing, end at +Inf, equal _count. */
function checkHistograms(parsed: ParsedExposition): string[] {
  const families = [...parsed.types].filter(([, type]) => type === 'histogram').map(([name]) => name);
  for (const family of families) {
    const bySeries = new Map<string, Array<{ le: string; value: number }>>();
    for (const s of parsed.samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      bySeries.set(key, [...(bySeries.get(key) ?? []), { le, value: s.value }]);
    }
    for (const [key, buckets] of bySeries) {
      for (let i = 1; i < buckets.length; i++) expect(buckets[i].value, `${family}${key}`).toBeGreaterThanOrEqual(buckets[i - 1].value);
      expect(buckets.at(-1)!.le).toBe('+Inf');
      const count = parsed.samples.find((x) => x.name === `${family}_count` && JSON.stringify(x.labels) === key);
      expect(count?.value, `${family}_count${key}`).toBe(buckets.at(-1)!.value);
    }
  }
  return families;
}

let client: DemoClient;
beforeAll(async () => {
  client = await startDemo({ cache: true, rateLimit: 1000 });
});
afterAll(async () => {
  await client.server.close();
});

describe('both /metrics outputs, one parser', () => {
  it("the demo CRM's: request durations by route, DB time, cache, levers, process CPU and memory", async () => {
    for (let i = 0; i < 3; i++) await client.get('/api/contacts?limit=5');
    await client.get('/api/nowhere');
    const response = await fetch(`${client.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const parsed = parseExposition(await response.text());
    expect(checkHistograms(parsed)).toEqual(expect.arrayContaining(['demo_http_request_duration_seconds', 'demo_db_query_duration_seconds']));
    const value = (name: string, labels: Record<string, string> = {}) =>
      parsed.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
    expect(value('demo_http_request_duration_seconds_count', { route: '/api/contacts', code: '200' })).toBe(3);
    expect(value('demo_http_request_duration_seconds_count', { route: 'unmatched', code: '404' })).toBe(1);
    expect(value('demo_db_query_duration_seconds_count')).toBeGreaterThan(0);
    expect([value('demo_cache_hits_total'), value('demo_cache_misses_total')]).toEqual([2, 1]);
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(10e6);
    expect(familyType(parsed.types, 'process_cpu_seconds_total').type).toBe('counter');
    // Scrapes are not requests of the CRM: not counted, not timed.
    expect(client.server.stats().total).toBe(5); // login + 3 lists + 1 unmatched
  });

  it("crmload's own: every crmload_ family and the process metrics", async () => {
    const rec = new Recorder({ startedAt: 0, warmupMs: 0, plannedMs: 1000, activeVus: () => 1 }, false);
    const slot = rec.slot('GET /', 'quick');
    for (let i = 0; i < 20; i++) rec.record(slot, { status: 200, kind: null, intendedAt: i, sentAt: i, endedAt: i + 3, bytesIn: 1, bytesOut: 1 });
    const metrics = new RunMetrics(() => ({
      running: true, elapsedMs: 100, steps: rec.stepSlots(), warmupRequests: 0, activeVus: 1, iterationsStarted: 20, dropped: 0,
      offeredRate: null, targetVus: 1, health: { eventLoopDelayP99Ms: 0, scheduleLagP99Ms: 0, scheduleLagMaxMs: 0 },
    }), { scenario: 'quick', model: 'closed', shard: null, version: '0.0.0' });
    const parsed = parseExposition(await metrics.metrics());
    expect(checkHistograms(parsed)).toEqual(expect.arrayContaining(['crmload_request_latency_seconds', 'crmload_request_service_time_seconds']));
    const names = new Set(parsed.samples.map((s) => s.name));
    for (const name of ['crmload_requests_total', 'crmload_active_vus', 'crmload_target_vus', 'crmload_run_info', 'process_cpu_seconds_total', 'process_resident_memory_bytes']) {
      expect(names.has(name), name).toBe(true);
    }
  });
});
