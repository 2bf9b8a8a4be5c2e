/**
 * A golden Report for reporter tests: deterministic, realistic, with a failing SLA, a step whose
 * name needs escaping, and every error kind a reporter must show.
 */
import { toLatencyStats } from '../../src/metrics/histogram.js';
import { Distribution } from '../../src/metrics/slot.js';
import type { LatencyStats, Report, StatsBlock, StepReport } from '../../src/report/types.js';

function stats(valuesMs: number[]): LatencyStats {
  const distribution = new Distribution();
  for (const v of valuesMs) distribution.add(Math.round(v * 1000));
  return toLatencyStats(distribution.histogram, distribution.extremes);
}

function spread(base: number, n: number, tail: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(base + ((i * 37) % 100) / 10 + (i % 50 === 0 ? tail : 0));
  return out;
}

function block(n: number, base: number, failed: number, durationS: number): StatsBlock {
  const completed = n - failed;
  return {
    requests: n,
    completed,
    failed,
    interrupted: 0,
    bytesIn: n * 512,
    bytesOut: n * 64,
    throughput: completed / durationS,
    availability: (100 * (n - failed)) / n,
    errorRate: (100 * failed) / n,
    errorsByKind: failed ? { http5xx: failed } : {},
    statusCodes: failed ? { '200': completed, '503': failed } : { '200': completed },
    latency: stats(spread(base, completed, base * 8)),
    serviceTime: stats(spread(base * 0.9, completed, base * 2)),
    errorLatency: stats(spread(base / 2, failed, 0)),
    stability: { windowP99: base * 9, throughputCv: 0.04 },
  };
}

/** Build the golden report; pass overrides for variations (aborted run, passing SLAs…). */
export function fixtureReport(overrides: Partial<Report> = {}): Report {
  const durationS = 10;
  const steps: StepReport[] = [
    { name: 'list contacts', scenario: 'crm-browse', ...block(600, 4, 0, durationS) },
    { name: 'GET /api/contacts/:id', scenario: 'crm-browse', ...block(400, 3, 2, durationS) },
    { name: 'search "<Acme & Co>"', scenario: 'crm-search', ...block(200, 20, 6, durationS) },
  ];
  const all = block(1200, 6, 8, durationS);
  return {
    $schema: 'https://crmload.dev/schema/report-1.json',
    schemaVersion: '1.0.0',
    tool: { name: 'crmload', version: '0.1.0' },
    run: {
      id: 'run-20261125-000000-abcd',
      status: 'completed',
      startedAt: '2026-11-25T10:00:00.000Z',
      endedAt: '2026-11-25T10:00:10.000Z',
      durationMs: 10_000,
      warmupMs: 0,
      target: { url: 'http://127.0.0.1:4010', demo: true },
      scenario: { name: 'crm-mixed', description: 'A CRM day: reads, writes, search, reports' },
      load: { model: 'open', rate: 120, durationMs: 10_000, maxVus: 200, connections: 50, pipelining: 1, timeoutMs: 30_000, graceMs: 5_000 },
      seed: 1,
      shard: null,
      warmup: { requests: 0, completed: 0, failed: 0 },
      setupRequests: 1,
      tls: { verify: true },
    },
    totals: {
      ...all,
      dropped: 3,
      iterations: { started: 400, completed: 390, failed: 8, interrupted: 2, dropped: 3, skippedSteps: 12 },
      iterationsPerSecond: 40,
    },
    latency: all.latency,
    serviceTime: all.serviceTime,
    errorLatency: all.errorLatency,
    stability: all.stability,
    steps,
    scenarios: [
      { name: 'crm-browse', ...block(1000, 4, 2, durationS), iterations: { started: 300, completed: 298, failed: 2, interrupted: 0, dropped: 0, skippedSteps: 4 } },
      { name: 'crm-search', ...block(200, 20, 6, durationS), iterations: { started: 100, completed: 92, failed: 6, interrupted: 2, dropped: 3, skippedSteps: 8 } },
    ],
    timeline: Array.from({ length: durationS }, (_, t) => ({
      t,
      span: 1,
      requests: 120,
      completed: 119,
      errors: t === 5 ? 3 : 1,
      throughput: 119,
      p50: 5 + (t % 3),
      p90: 9 + (t % 4),
      p99: t === 5 ? 48 : 20,
      activeVus: 4 + (t % 2),
      warmup: false,
    })),
    sla: {
      passed: false,
      results: [
        { expression: 'p95 < 400ms', metric: 'p95', scope: null, op: '<', target: 400, actual: 11.2, unit: 'ms', passed: true, margin: 388.8 },
        { expression: 'availability >= 99.9%', metric: 'availability', scope: null, op: '>=', target: 99.9, actual: 99.33, unit: '%', passed: false, margin: -0.57 },
        { expression: 'p99{step="search \\"<Acme & Co>\\""} < 100ms', metric: 'p99', scope: { step: 'search "<Acme & Co>"' }, op: '<', target: 100, actual: 168, unit: 'ms', passed: false, margin: -68 },
        { expression: 'p95{step="export"} < 1s', metric: 'p95', scope: { step: 'export' }, op: '<', target: 1000, actual: null, unit: 'ms', passed: false, margin: null, reason: 'no data' },
      ],
    },
    generator: {
      eventLoopDelayP99Ms: 1.2,
      eventLoopDelayMaxMs: 4.5,
      scheduleLagP99Ms: 0.8,
      scheduleLagMaxMs: 3.1,
      cpu: { userMs: 900, systemMs: 300, percent: 12 },
      saturated: false,
      warnings: [],
      offeredRate: 40,
      achievedRate: 40,
    },
    environment: { node: 'v20.20.2', platform: 'linux', arch: 'x64', cpus: 2, hostname: 'ci', crmloadVersion: '0.1.0' },
    ...overrides,
  };
}
