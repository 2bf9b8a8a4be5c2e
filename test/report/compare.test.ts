import { describe, expect, it } from 'vitest';
import {
  compareReports,
  comparisonSummary,
  LATENCY_NOISE_FLOOR_MS,
  parseTolerances,
  type Comparison,
  type ComparisonRow,
} from '../../src/report/compare.js';
import type { LatencyStats, Report } from '../../src/report/types.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { evenly, latencyOf } from './report-variants.js';

/** Base latencies, 10–20 ms evenly, and the same requests 30% slower. */
const BASE_VALUES = evenly(1000, 10, 20);
const SLOWER_VALUES = BASE_VALUES.map((v) => v * 1.3);

/** The fixture with every latency block (overall and steps) replaced by one built from `values`. */
function withLatency(values: readonly number[], overrides: Partial<Report> = {}): Report {
  const report = fixtureReport(overrides);
  const latency = latencyOf(values);
  return { ...report, latency, steps: report.steps.map((step) => ({ ...step, latency })) };
}

function row(c: Comparison, metric: string, step: string | null = null): ComparisonRow {
  const found = c.rows.find((r) => r.metric === metric && r.step === step);
  if (!found) throw new Error(`no row ${metric} ${step}`);
  return found;
}

const regressions = (c: Comparison) => c.rows.filter((r) => r.regressed).map((r) => `${r.metric}@${r.step ?? 'overall'}`);

describe('compareReports', () => {
  it('passes an identical head, with a row per metric for the whole run and each step', () => {
    const c = compareReports(fixtureReport(), fixtureReport(), parseTolerances('p95=10%,throughput=5%'));
    expect(c.passed).toBe(true);
    expect(regressions(c)).toEqual([]);
    const scopes = [...new Set(c.rows.map((r) => r.step))];
    expect(scopes).toEqual([null, 'list contacts', 'GET /api/contacts/:id', 'search "<Acme & Co>"']);
    // Gated metrics plus the always-shown p50, p99 and error_rate, latency first by percentile.
    expect(c.rows.filter((r) => r.step === null).map((r) => r.metric)).toEqual(['p50', 'p95', 'p99', 'throughput', 'error_rate']);
    expect(row(c, 'p95')).toMatchObject({ delta: 0, deltaPct: 0, tolerance: { limit: 10, unit: '%' }, regressed: false });
    expect(row(c, 'p50').tolerance).toBeNull();
    expect(c.notes).toEqual([]);
  });

  it('flags p95 when the head latency histograms are 30% slower', () => {
    const c = compareReports(withLatency(BASE_VALUES), withLatency(SLOWER_VALUES), parseTolerances('p95=10%'));
    expect(c.passed).toBe(false);
    const p95 = row(c, 'p95');
    expect(p95.regressed).toBe(true);
    expect(p95.deltaPct).toBeGreaterThan(29);
    expect(p95.deltaPct).toBeLessThan(31);
    expect(p95.base).toBeCloseTo(19.5, 1);
    expect(row(c, 'p95', 'list contacts').regressed).toBe(true);
    // Shown but not gated: slower, yet no verdict.
    expect(row(c, 'p99').regressed).toBe(false);
  });

  it('recomputes percentiles from the hdr histograms, not from the p-fields', () => {
    const head = withLatency(SLOWER_VALUES);
    const base = withLatency(BASE_VALUES);
    const lying: LatencyStats = { ...head.latency, p95: base.latency.p95, p99: base.latency.p99 };
    const c = compareReports(base, { ...head, latency: lying }, parseTolerances('p95=10%,p(97.5)=10%'));
    expect(row(c, 'p95').regressed).toBe(true);
    expect(row(c, 'p(97.5)').regressed).toBe(true);
    expect(row(c, 'p(97.5)').base).toBeCloseTo(19.75, 1);
  });

  it('passes a head that is 5% slower under a 10% tolerance, and any faster head', () => {
    const tolerances = parseTolerances('p50=10%,p95=10%,p99=10%,mean=10%,max=10%');
    const base = withLatency(BASE_VALUES);
    expect(compareReports(base, withLatency(BASE_VALUES.map((v) => v * 1.05)), tolerances).passed).toBe(true);
    expect(compareReports(base, withLatency(BASE_VALUES.map((v) => v * 0.5)), tolerances).passed).toBe(true);
  });

  it.each([
    ['0.2 ms → 0.4 ms (+100%, under the floor)', 0.2, 0.4, false],
    ['10 ms → 10.9 ms (+9%)', 10, 10.9, false],
    ['10 ms → 11.5 ms (+15%, 1.5 ms)', 10, 11.5, true],
    ['5 ms → 5.9 ms (+18%, 0.9 ms: under the floor)', 5, 5.9, false],
    ['100 ms → 100.5 ms', 100, 100.5, false],
  ])('latency %s regressed: %s', (_name, baseMs, headMs, regressed) => {
    const c = compareReports(withLatency(evenly(100, baseMs, baseMs)), withLatency(evenly(100, headMs, headMs)), parseTolerances('p95=10%'));
    expect(row(c, 'p95').regressed).toBe(regressed);
    expect(LATENCY_NOISE_FLOOR_MS).toBe(1);
  });

  const withTotals = (totals: Partial<Report['totals']>) => {
    const report = fixtureReport();
    return { ...report, totals: { ...report.totals, ...totals } };
  };

  it.each([
    ['throughput 100 → 89 /s with 10%', 'throughput=10%', { throughput: 100 }, { throughput: 89 }, true],
    ['throughput 100 → 90 /s with 10% (on the limit)', 'throughput=10%', { throughput: 100 }, { throughput: 90 }, false],
    ['throughput 100 → 150 /s', 'throughput=10%', { throughput: 100 }, { throughput: 150 }, false],
    ['throughput 0 → 0 /s', 'throughput=10%', { throughput: 0 }, { throughput: 0 }, false],
    ['error_rate 0.5% → 1.6% with 1 pp', 'error_rate=1%', { errorRate: 0.5 }, { errorRate: 1.6 }, true],
    ['error_rate 0.5% → 1.5% with 1 pp (on the limit)', 'error_rate=1%', { errorRate: 0.5 }, { errorRate: 1.5 }, false],
    ['error_rate 0% → 0.9% with 1 pp', 'error_rate=1%', { errorRate: 0 }, { errorRate: 0.9 }, false],
    ['error_rate 2% → 0%', 'error_rate=1%', { errorRate: 2 }, { errorRate: 0 }, false],
    ['availability 99.9% → 99.3% with 0.5 pp', 'availability=0.5%', { availability: 99.9 }, { availability: 99.3 }, true],
    ['availability 99.9% → 99.5% with 0.5 pp', 'availability=0.5%', { availability: 99.9 }, { availability: 99.5 }, false],
    ['availability 99% → 100%', 'availability=0.5%', { availability: 99 }, { availability: 100 }, false],
  ])('%s regressed: %s', (_name, spec, base, head, regressed) => {
    const c = compareReports(withTotals(base), withTotals(head), parseTolerances(spec));
    const metric = spec.split('=')[0];
    expect(row(c, metric).regressed).toBe(regressed);
    expect(c.passed).toBe(!regressed);
  });

  it('reports error rate changes in points, with the relative change beside', () => {
    const c = compareReports(withTotals({ errorRate: 0.5 }), withTotals({ errorRate: 1.6 }), parseTolerances('error_rate=1%'));
    expect(row(c, 'error_rate')).toMatchObject({ unit: '%', delta: 1.1, deltaPct: 220, tolerance: { limit: 1, unit: 'pp' }, worse: 'higher' });
  });

  it('gives a step found on one side only a note row, never a regression', () => {
    const base = fixtureReport();
    const renamed = { ...base.steps[0], name: 'list contacts v2', latency: latencyOf(SLOWER_VALUES.map((v) => v * 10)) };
    const head = { ...base, steps: [renamed, ...base.steps.slice(1)] };
    const c = compareReports(base, head, parseTolerances('p95=10%,throughput=5%'));
    expect(c.passed).toBe(true);
    expect(c.rows.filter((r) => r.note === 'only in base' || r.note === 'only in head')).toEqual([
      expect.objectContaining({ step: 'list contacts', metric: 'requests', base: 600, head: null, note: 'only in base', regressed: false }),
      expect.objectContaining({ step: 'list contacts v2', metric: 'requests', base: null, head: 600, note: 'only in head', regressed: false }),
    ]);
    expect(c.rows.at(-1)?.step).toBe('list contacts v2');
  });

  it('marks a metric without data on one side as "no data", not a regression', () => {
    const base = fixtureReport();
    const empty = latencyOf([]);
    const head = { ...base, steps: base.steps.map((s, i) => (i === 0 ? { ...s, latency: empty } : s)) };
    const c = compareReports(base, head, parseTolerances('p95=10%'));
    expect(row(c, 'p95', 'list contacts')).toMatchObject({ head: null, delta: null, note: 'no data', regressed: false });
  });

  it('applies the default tolerances when none are given', () => {
    const c = compareReports(withLatency(BASE_VALUES), withLatency(SLOWER_VALUES));
    expect(c.rows.filter((r) => r.step === null && r.tolerance).map((r) => r.metric)).toEqual(['p95', 'throughput', 'error_rate']);
    expect(row(c, 'p95').regressed).toBe(true);
  });

  it('notes a different load, scenario and an aborted or saturated run', () => {
    const base = fixtureReport();
    const head = fixtureReport({
      run: { ...base.run, status: 'aborted', abortReason: 'SIGINT', load: { ...base.run.load, rate: 60 }, scenario: { name: 'crm-browse' } },
      generator: { ...base.generator, saturated: true },
    });
    const notes = compareReports(base, head).notes;
    expect(notes).toEqual([
      'different scenarios: base ran "crm-mixed", head ran "crm-browse"',
      'different load (base: open 120/s for 10s max 200 VUs; head: open 60/s for 10s max 200 VUs): throughput is not comparable',
      'the head run was aborted (SIGINT)',
      "the head run's load generator was saturated: its latencies include crmload's own delay",
    ]);
  });

  it('does not change its inputs', () => {
    const base = fixtureReport();
    const head = withLatency(SLOWER_VALUES);
    const copies = structuredClone([base, head]);
    compareReports(base, head, parseTolerances('p95=10%,p(97.5)=5%'));
    expect([base, head]).toEqual(copies);
  });
});

describe('comparisonSummary', () => {
  it('counts gated metrics when nothing regressed', () => {
    const c = compareReports(fixtureReport(), fixtureReport(), parseTolerances('p95=10%,throughput=5%'));
    expect(comparisonSummary(c)).toBe('no regression: 8 gated metrics within tolerance');
  });

  it('names the regressions, their change and limit, on one line', () => {
    const c = compareReports(withLatency(BASE_VALUES), withLatency(SLOWER_VALUES), parseTolerances('p95=10%'));
    const line = comparisonSummary(c);
    expect(line).toMatch(/^4 regressions: p95 \+\d\d\.\d% \(limit \+10%\); p95\{step="list contacts"\} \+\d\d\.\d% \(limit \+10%\); .*; \+1 more$/);
    expect(line).not.toContain('\n');
  });
});
