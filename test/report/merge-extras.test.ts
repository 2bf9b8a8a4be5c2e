import { describe, expect, it } from 'vitest';
import { ReportFileError } from '../../src/errors.js';
import { Extras } from '../../src/metrics/extras.js';
import type { NamedReport } from '../../src/report/merge-check.js';
import { mergeReports } from '../../src/report/merge.js';
import type { Report } from '../../src/report/types.js';
import { parseReport } from '../../src/report/validate.js';
import { parseSla } from '../../src/sla/parse.js';
import { fixtureReport } from '../helpers/report-fixture.js';

const HASH = 'cd'.repeat(32);

/** A seeded stream of integers in [0, n) (deterministic data, no flakes). */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** What one shard's scenario code recorded, replayed into `extras` (the recorder's own class). */
function record(extras: Extras, clock: { now: number }, seed: number, n: number): void {
  const next = rng(seed);
  const scenario = fixtureReport().scenarios[0].name;
  const iterations = extras.iterationDistribution(scenario);
  const convert = extras.group('convert lead', scenario);
  const converted = extras.metric('leads_converted', 'counter');
  const wait = extras.metric('queue_wait', 'trend');
  const ok = extras.metric('conversion_ok', 'rate');
  if (typeof converted === 'string' || typeof wait === 'string' || typeof ok === 'string') throw new Error('metric types');
  for (let i = 0; i < n; i++) {
    const start = clock.now;
    clock.now += 1 + next(5000) / 10;
    extras.recordDuration(convert.duration, start);
    clock.now += next(20_000) / 10;
    extras.recordDuration(iterations, start);
    extras.check('has id', scenario, 'convert lead', next(10) > 0);
    extras.check('status 200', scenario, null, next(50) > 0);
    extras.add(converted, 1 + next(3));
    extras.add(wait, 0.5 + next(40_000) / 100);
    extras.add(ok, next(4) > 0 ? 1 : 0);
  }
}

/** A shard report with the extra blocks the recorder made (no extras at all: `null`). */
function shardWith(index: number, recorded: Extras | null, measuredMs: number): Report {
  const r = fixtureReport();
  const startMs = Date.parse(r.run.startedAt);
  const base: Report = { ...r, run: { ...r.run, shard: { index, count: 2 }, planHash: HASH, teardownRequests: index }, timeline: r.timeline.map((p) => ({ ...p, at: startMs + p.t * 1000 })) };
  if (!recorded) return base;
  const x = recorded.snapshot(measuredMs);
  const checks = { passed: x.checks.reduce((a, c) => a + c.passed, 0), failed: x.checks.reduce((a, c) => a + c.failed, 0), rate: null as number | null, results: x.checks };
  checks.rate = Math.round((100_000 * checks.passed) / (checks.passed + checks.failed)) / 1000;
  return {
    ...base,
    steps: base.steps.map((s, i) => (i === 0 ? { ...s, group: 'convert lead' } : s)),
    scenarios: base.scenarios.map((s) => ({ ...s, iterationDuration: x.iterationDurations.get(s.name)! })),
    iterationDuration: x.iterationDuration,
    checks,
    metrics: x.metrics,
    groups: x.groups,
  };
}

const named = (report: Report): NamedReport => ({ source: `s${report.run.shard!.index}.json`, report });
const measuredMsOf = (r: Report) => r.run.durationMs - r.run.warmupMs;

const SLAS = [
  'checks > 1%',
  'checks{name="has id"} > 1%',
  'leads_converted > 1',
  'leads_converted > 0.001/s',
  'conversion_ok > 1%',
  'p95{trend="queue_wait"} < 1000s',
  'group_duration.p95{group="convert lead"} < 1000s',
  'iteration_duration.p95 < 1000s',
  'iterations_failed < 100%',
].map(parseSla);

/** The results of the SLAs given to merge (the fixture's own expressions are judged too). */
const ours = (r: Report) => r.sla.results.filter((x) => SLAS.some((s) => s.expression === x.expression));

describe('merge carries checks, custom metrics, groups and iteration durations exactly', () => {
  const measuredMs = measuredMsOf(fixtureReport());
  const clocks = [{ now: 0 }, { now: 0 }, { now: 0 }];
  const [a, b, union] = clocks.map((c) => new Extras(0, () => c.now));
  record(a, clocks[0], 1, 700);
  record(b, clocks[1], 2, 300);
  record(union, clocks[2], 1, 700);
  record(union, clocks[2], 2, 300);
  const whole = union.snapshot(measuredMs);
  const merged = mergeReports([named(shardWith(1, a, measuredMs)), named(shardWith(2, b, measuredMs))], { allowPartial: false, slas: SLAS, runId: 'm' });

  it('equals one report of the union: counts exact, percentiles from the added histograms', () => {
    expect(merged.iterationDuration).toEqual(whole.iterationDuration);
    expect(merged.scenarios[0].iterationDuration).toEqual(whole.iterationDurations.get(merged.scenarios[0].name));
    expect(merged.groups).toEqual(whole.groups);
    expect(merged.groups![0].count).toBe(1000);
    expect(merged.metrics).toEqual(whole.metrics);
    expect(merged.checks!.results).toEqual(whole.checks);
    expect(merged.checks!.passed + merged.checks!.failed).toBe(2000);
    expect(merged.steps[0].group).toBe('convert lead');
    expect(merged.run.teardownRequests).toBe(3);
    expect(() => parseReport(JSON.parse(JSON.stringify(merged)))).not.toThrow();
  });

  it('every SLA on them has data after the merge, measured on the merged blocks', () => {
    expect(ours(merged)).toHaveLength(SLAS.length);
    for (const r of ours(merged)) expect({ expression: r.expression, reason: r.reason, passed: r.passed }).toEqual({ expression: r.expression, reason: undefined, passed: true });
    const actual = (e: string) => merged.sla.results.find((r) => r.expression === e)!.actual;
    const counter = whole.metrics.find((m) => m.name === 'leads_converted')!;
    expect(actual('leads_converted > 1')).toBe(counter.type === 'counter' ? counter.total : NaN);
    expect(actual('iteration_duration.p95 < 1000s')).toBe(whole.iterationDuration.p95);
    expect(actual('group_duration.p95{group="convert lead"} < 1000s')).toBe(whole.groups[0].duration.p95);
    expect(actual('checks > 1%')).toBe(merged.checks!.rate);
  });

  it('a shard without the blocks counts as one that recorded nothing', () => {
    const half = mergeReports([named(shardWith(1, a, measuredMs)), named(shardWith(2, null, measuredMs))], { allowPartial: false, slas: SLAS, runId: 'm' });
    const alone = a.snapshot(measuredMs);
    expect(half.iterationDuration).toEqual(alone.iterationDuration);
    expect(half.metrics).toEqual(alone.metrics);
    expect(half.groups).toEqual(alone.groups);
    expect(half.checks!.results).toEqual(alone.checks);
    expect(ours(half).map((r) => [r.expression, r.actual !== null])).toEqual(SLAS.map((s) => [s.expression, true]));
  });

  it('shards with none of the blocks merge to a report without them (quick mode, older reports)', () => {
    const plain = mergeReports([named(shardWith(1, null, measuredMs)), named(shardWith(2, null, measuredMs))], { allowPartial: false, slas: [], runId: 'm' });
    expect([plain.iterationDuration, plain.checks, plain.metrics, plain.groups]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('refuses a custom metric with another type in another shard', () => {
    const other = new Extras(0, () => 0);
    other.metric('queue_wait', 'counter');
    expect(() => mergeReports([named(shardWith(1, a, measuredMs)), named(shardWith(2, other, measuredMs))], { allowPartial: false, slas: [], runId: 'm' })).toThrow(
      new ReportFileError('merge: custom metric "queue_wait" is a trend in one report and a counter in another'),
    );
  });
});
