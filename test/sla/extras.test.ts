/**
 * The SLA grammar for what scenarios measure besides requests (issue 12 items 3–6): iterations_failed,
 * iteration_duration.*, checks, custom counters and rates by name, custom trends with {trend="…"},
 * group_duration.*{group="…"}; which scopes fit which metric; evaluation against a report.
 */
import { describe, expect, it } from 'vitest';
import { Distribution } from '../../src/metrics/slot.js';
import { toLatencyStats } from '../../src/metrics/histogram.js';
import type { LatencyStats } from '../../src/report/types.js';
import { evaluateSla } from '../../src/sla/evaluate.js';
import { parseSla } from '../../src/sla/parse.js';
import type { SlaSource } from '../../src/sla/types.js';

function stats(values: number[]): LatencyStats {
  const d = new Distribution();
  for (const v of values) d.add(Math.round(v * 1000));
  return toLatencyStats(d.histogram, d.extremes);
}

const NONE = stats([]);
const counters = { requests: 10, completed: 10, failed: 0, interrupted: 0, bytesIn: 0, bytesOut: 0, throughput: 1, availability: 100, errorRate: 0, errorsByKind: {}, statusCodes: {} };
const block = { ...counters, latency: NONE, serviceTime: NONE, errorLatency: NONE, stability: { windowP99: null, throughputCv: null } };
const iterations = { started: 10, completed: 8, failed: 2, interrupted: 0, dropped: 0, skippedSteps: 3 };

const source: SlaSource = {
  totals: { ...counters, dropped: 0, iterationsPerSecond: 1, iterations },
  latency: NONE, serviceTime: NONE, stability: block.stability,
  steps: [],
  scenarios: [{ ...block, name: 'lead', iterations: { ...iterations, failed: 0 }, iterationDuration: stats([100, 200, 300]) }],
  iterationDuration: stats([100, 200, 300, 4000]),
  checks: { passed: 9, failed: 1, rate: 90, results: [{ name: 'has id', scenario: 'lead', passed: 9, failed: 1 }] },
  metrics: [
    { name: 'leads_converted', type: 'counter', total: 120, perSecond: 4 },
    { name: 'queue_wait', type: 'trend', stats: stats([10, 20, 1500]) },
    { name: 'cache_hit', type: 'rate', count: 10, trues: 7, rate: 70 },
  ],
  groups: [{ name: 'convert lead', scenario: 'lead', count: 3, duration: stats([50, 60, 700]) }],
};

const value = (expression: string) => {
  const result = evaluateSla(parseSla(expression), source);
  return result.reason ?? result.actual;
};

describe('parse', () => {
  it.each([
    ['iterations_failed < 5%', { kind: 'iterations_failed', unit: '%', target: 5 }],
    ['iteration_duration.p95{scenario="lead"} < 2s', { kind: 'iteration_duration', metric: 'iteration_duration.p95', target: 2000, scope: { scenario: 'lead' } }],
    ['checks > 99%', { kind: 'checks', unit: '%' }],
    ['checks{name="has id"} >= 95%', { kind: 'checks', scope: { name: 'has id' } }],
    ['leads_converted > 100', { kind: 'custom', metric: 'leads_converted', unit: 'count', target: 100 }],
    ['leads_converted > 120/m', { kind: 'custom', unit: '/s', target: 2 }],
    ['cache_hit >= 60%', { kind: 'custom', unit: '%', target: 60 }],
    ['p95{trend="queue_wait"} < 2s', { kind: 'trend', metric: 'p95', target: 2000, scope: { trend: 'queue_wait' } }],
    ['group_duration.p(99){group="convert lead"} < 1s', { kind: 'group_duration', metric: 'group_duration.p99', percentile: 99 }],
  ])('%s', (expression, wanted) => expect(parseSla(expression)).toMatchObject(wanted));

  it.each([
    ['group_duration.p95 < 1s', 'group_duration.p95 needs a group'],
    ['p95{group="x"} < 1s', '{group="…"} goes with group_duration'],
    ['p95{name="x"} < 1s', '{name="…"} goes with checks'],
    ['throughput{trend="x"} > 1', '{trend="…"} goes with a latency metric'],
    ['checks{step="login"} > 90%', 'checks is measured for the whole run; it takes no step'],
    ['iteration_duration.p95{step="login"} < 1s', 'measured per scenario, not per step'],
    ['error_rat < 1%', 'unknown metric "error_rat"; did you mean "error_rate"?'],
    ['iterations_failed < 5ms', 'unit "ms" does not fit iterations_failed'],
    ['cache_hit > 120%', 'out of range'],
    ['p96 < 1s', 'write p(96)'],
  ])('refuses %s', (expression, problem) => expect(() => parseSla(expression)).toThrow(problem));
});

describe('evaluate', () => {
  it.each([
    ['iterations_failed < 25%', 20],
    ['iterations_failed{scenario="lead"} == 0', 0],
    ['iteration_duration.max < 5s', 4000],
    ['iteration_duration.min{scenario="lead"} < 1s', 100],
    ['checks > 80%', 90],
    ['checks{name="has id"} > 80%', 90],
    ['leads_converted > 100', 120],
    ['leads_converted > 1/s', 4],
    ['cache_hit >= 50%', 70],
    ['max{trend="queue_wait"} < 2s', 1500],
    ['group_duration.max{group="convert lead"} < 1s', 700],
  ])('%s measures %s', (expression, wanted) => expect(value(expression)).toBe(wanted));

  it.each([
    ['checks{name="nope"} > 1%', 'no data (no check named "nope")'],
    ['signups > 1', 'no data (no custom metric named "signups"; the run recorded leads_converted, queue_wait, cache_hit)'],
    ['queue_wait > 1', 'no data ("queue_wait" is a trend: use p95{trend="queue_wait"})'],
    ['cache_hit > 1', 'no data ("cache_hit" is a rate: give a percentage, like cache_hit > 95%)'],
    ['leads_converted > 1%', 'no data ("leads_converted" is a counter: give a count (leads_converted > 100) or a rate (/s))'],
    ['p95{trend="cache_hit"} < 1s', 'no data ("cache_hit" is a rate, not a trend)'],
    ['group_duration.p95{group="nope"} < 1s', 'no data (no group named "nope")'],
  ])('%s fails: %s', (expression, reason) => {
    const result = evaluateSla(parseSla(expression), source);
    expect(result.passed).toBe(false);
    expect(result.reason).toBe(reason);
  });

  it('a report without checks or iteration durations (1.0) fails with no data, never passes', () => {
    const old: SlaSource = { ...source, checks: undefined, iterationDuration: undefined, metrics: undefined };
    for (const e of ['checks > 1%', 'iteration_duration.p95 < 1s', 'leads_converted > 1']) expect(evaluateSla(parseSla(e), old).passed).toBe(false);
  });
});
