/**
 * One SLA input for every judge: the `--abort-on-fail` watch, judging a run mid-way, reaches the same
 * verdict as the final report on the same measurements, for every metric and scope of the grammar.
 */
import { describe, expect, it } from 'vitest';
import { failingSla } from '../../src/cli/abort-watch.js';
import { buildPlan } from '../../src/config/build-plan.js';
import type { RunResult } from '../../src/engine/run.js';
import type { ErrorKind } from '../../src/error-kinds.js';
import { Recorder } from '../../src/metrics/recorder.js';
import { buildReport } from '../../src/report/build.js';
import { measuredBlocks, slaSourceOf, type Measured } from '../../src/report/measured.js';
import type { IterationCounters } from '../../src/report/types.js';
import { parseSla } from '../../src/sla/parse.js';

const START = 1_000;
const MEASURED_MS = 30_000;

/** Two scenarios over 30 s: three 10 s windows, successes, 5xx, 4xx and 429s, in the open model. */
function measured(): Measured {
  const rec = new Recorder({ startedAt: START, warmupMs: 0, plannedMs: MEASURED_MS, activeVus: () => 3 }, true);
  const list = rec.slot('list contacts', 'browse');
  const convert = rec.slot('convert lead', 'leads');
  for (let i = 0; i < 600; i++) {
    const at = START + i * 50;
    const kind: ErrorKind | null = i % 97 === 0 ? 'http5xx' : i % 89 === 0 ? 'http4xx' : i % 83 === 0 ? 'throttled' : null;
    const status = kind === 'http5xx' ? 503 : kind === 'http4xx' ? 404 : kind === 'throttled' ? 429 : 200;
    const ms = 2 + (i % 40) + (i > 500 ? 60 : 0);
    rec.record(i % 3 === 0 ? convert : list, { status, kind, intendedAt: at - 1, sentAt: at, endedAt: at + ms, bytesIn: 800, bytesOut: 60 });
  }
  const browse: IterationCounters = { started: 400, completed: 395, failed: 5, interrupted: 0, dropped: 2, skippedSteps: 5 };
  const leads: IterationCounters = { started: 200, completed: 190, failed: 10, interrupted: 0, dropped: 1, skippedSteps: 12 };
  const totals: IterationCounters = { started: 600, completed: 585, failed: 15, interrupted: 0, dropped: 3, skippedSteps: 17 };
  return { snapshot: rec.snapshot(START + MEASURED_MS), iterations: [{ name: 'browse', counters: browse }, { name: 'leads', counters: leads }], totals };
}

/** Every metric of the grammar, in every scope, once with a target it meets and once with one it misses. */
const EXPRESSIONS: Array<[pass: string, fail: string]> = [
  ['p50 < 1s', 'p50 < 1ms'],
  ['p75 < 1s', 'p75 < 1ms'],
  ['p90 <= 1s', 'p90 <= 1ms'],
  ['p95 < 1s', 'p95 < 1ms'],
  ['p99 < 1s', 'p99 < 1ms'],
  ['p99.9 < 1s', 'p99.9 < 1ms'],
  ['p(97.5) < 1s', 'p(97.5) < 1ms'],
  ['min < 1s', 'min > 1s'],
  ['mean < 1s', 'mean < 1ms'],
  ['max < 1s', 'max < 10ms'],
  ['service.p95 < 1s', 'service.p95 < 1ms'],
  ['throughput > 1/s', 'throughput > 1000/s'],
  ['iterations >= 1/s', 'iterations >= 100/s'],
  ['availability >= 90%', 'availability >= 99.9%'],
  ['error_rate < 10%', 'error_rate < 0.1%'],
  ['dropped <= 3', 'dropped == 0'],
  ['window.p99 < 1s', 'window.p99 < 5ms'],
  ['throughput_cv < 50%', 'throughput_cv > 90%'],
  ['p95{step="convert lead"} < 1s', 'p95{step="convert lead"} < 1ms'],
  ['availability{step="list contacts"} > 90%', 'availability{step="list contacts"} == 100%'],
  ['p99{scenario="leads"} < 1s', 'p99{scenario="leads"} < 1ms'],
  ['iterations{scenario="browse"} > 10/s', 'iterations{scenario="browse"} > 20/s'],
  ['dropped{scenario="browse"} < 5', 'dropped{scenario="browse"} < 1'],
  ['error_rate{scenario="leads"} < 10%', 'error_rate{scenario="leads"} < 0.01%'],
];

function reportVerdict(m: Measured, expressions: string[]) {
  const { plan } = buildPlan({ raw: { url: 'http://127.0.0.1:1/', rate: '20', duration: '30s', sla: expressions }, runnable: null });
  const result: RunResult = {
    ...m,
    iterations: [...m.iterations],
    generator: { eventLoopDelayP99Ms: 1, scheduleLagP99Ms: 0, cpu: { userMs: 1, systemMs: 1, utilization: 0.1 }, saturated: false, warnings: [] } as unknown as RunResult['generator'],
    startedAt: new Date(0),
    endedAt: new Date(MEASURED_MS),
    durationMs: MEASURED_MS,
    stopReason: null,
    setupRequests: 0,
  };
  const meta = { runId: 'r', version: '0', environment: {} as never, targetUrl: 'http://127.0.0.1:1', demo: false, abortReason: null };
  return buildReport(plan, result, meta).sla;
}

describe('one SLA input: mid-run judgement equals the final verdict', () => {
  const m = measured();

  it.each(EXPRESSIONS.flatMap(([pass, fail]) => [[pass, true] as const, [fail, false] as const]))('%s → passes: %s', (expression, passes) => {
    const verdict = reportVerdict(m, [expression]);
    const result = verdict.results[0];
    expect(result.actual, `${expression} has data`).not.toBeNull();
    expect(result.passed).toBe(passes);
    expect(failingSla([parseSla(expression)], m)).toBe(passes ? null : expression);
  });

  it('the abort watch names the first failing SLA in the order given', () => {
    const slas = ['p95 < 1s', 'iterations >= 100/s', 'availability >= 99.9%'];
    expect(failingSla(slas.map(parseSla), m)).toBe('iterations >= 100/s');
  });

  it('"no data" is not yet a failure for the watch, but is one in the final verdict', () => {
    const expression = 'p95{step="never ran"} < 1s';
    expect(failingSla([parseSla(expression)], m)).toBeNull();
    expect(reportVerdict(m, [expression]).passed).toBe(false);
  });

  it('the SLA source carries the report totals and scenario blocks, iterations per measured second', () => {
    const source = slaSourceOf(m);
    const blocks = measuredBlocks(m);
    expect(source.totals).toEqual(blocks.totals);
    expect(source.totals.iterationsPerSecond).toBe(20);
    expect(source.totals.dropped).toBe(3);
    expect(source.scenarios.map((s) => [s.name, s.iterationsPerSecond, s.iterations.dropped])).toEqual([
      ['browse', 13.333, 2],
      ['leads', 6.667, 1],
    ]);
    expect(source.totals.requests).toBe(600);
  });
});
