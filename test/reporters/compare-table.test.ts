import { describe, expect, it } from 'vitest';
import { compareReports, parseTolerances, type Comparison } from '../../src/report/compare.js';
import type { Report } from '../../src/report/types.js';
import { renderComparison, renderComparisonMarkdown } from '../../src/reporters/compare-table.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { evenly, latencyOf } from '../report/report-variants.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

/**
 * Base: the golden report. Head: "search" 30% slower, overall throughput down 20%, the first step
 * renamed (one step only in base, one only in head), and aborted.
 */
function regressedComparison(renamedTo = 'list contacts (v2)'): Comparison {
  const base = fixtureReport();
  const steps = base.steps.map((step, i) => {
    if (i === 0) return { ...step, name: renamedTo };
    if (i === 2) return { ...step, latency: latencyOf(evenly(194, 26, 39)) };
    return step;
  });
  const head: Report = {
    ...base,
    run: { ...base.run, status: 'aborted', abortReason: 'SIGINT' },
    totals: { ...base.totals, throughput: base.totals.throughput * 0.8 },
    steps,
  };
  return compareReports(base, head, parseTolerances('p95=10%,throughput=10%,error_rate=1%'));
}

describe('renderComparison', () => {
  it('renders the side-by-side table, notes and verdict (colour off)', () => {
    expect(renderComparison(regressedComparison(), { color: false })).toMatchInlineSnapshot(`
      "  metric      scope                     base    head            change  limit        status
        ─────────────────────────────────────────────────────────────────────────────────────────
        p50         overall                 11.1ms  11.1ms        0µs (0.0%)      -             -
        p95         overall                 15.7ms  15.7ms        0µs (0.0%)   +10%            ok
        p99         overall                 59.0ms  59.0ms        0µs (0.0%)      -             -
        throughput  overall                119.2/s  95.4/s  -23.8/s (-20.0%)   -10%    REGRESSION
        error_rate  overall                  0.67%   0.67%           0.00 pp  +1 pp            ok
        requests    list contacts              600       -                 -      -  only in base
        p50         GET /api/contacts/:id   8.10ms  8.10ms        0µs (0.0%)      -             -
        p95         GET /api/contacts/:id   12.7ms  12.7ms        0µs (0.0%)   +10%            ok
        p99         GET /api/contacts/:id   32.0ms  32.0ms        0µs (0.0%)      -             -
        throughput  GET /api/contacts/:id   39.8/s  39.8/s     0.00/s (0.0%)   -10%            ok
        error_rate  GET /api/contacts/:id     0.5%    0.5%           0.00 pp  +1 pp            ok
        p50         search "<Acme & Co>"    25.1ms  32.5ms  +7.38ms (+29.4%)      -             -
        p95         search "<Acme & Co>"    29.7ms  38.4ms  +8.69ms (+29.2%)   +10%    REGRESSION
        p99         search "<Acme & Co>"     185ms  38.9ms   -146ms (-78.9%)      -             -
        throughput  search "<Acme & Co>"    19.4/s  19.4/s     0.00/s (0.0%)   -10%            ok
        error_rate  search "<Acme & Co>"        3%      3%           0.00 pp  +1 pp            ok
        requests    list contacts (v2)           -     600                 -      -  only in head

        note: the head run was aborted (SIGINT)

        ✗ 2 regressions: throughput -20.0% (limit -10%); p95{step="search \\"<Acme & Co>\\""} +29.2% (limit +10%)
      "
    `);
  });

  it('puts REGRESSION on the rows that regressed and ok on the gated rows that did not', () => {
    const lines = renderComparison(regressedComparison(), { color: false }).split('\n');
    const regressed = lines.filter((line) => line.includes('REGRESSION'));
    expect(regressed).toHaveLength(2);
    expect(regressed[0]).toMatch(/^\s+throughput\s+overall\s+119\.2\/s\s+95\.4\/s\s+-23\.8\/s \(-20\.0%\)\s+-10%\s+REGRESSION$/);
    expect(regressed[1]).toMatch(/^\s+p95\s+search "<Acme & Co>"\s+\S+\s+\S+\s+\+\S+ \(\+\d+\.\d%\)\s+\+10%\s+REGRESSION$/);
    expect(lines.find((line) => /^\s+p95\s+overall/.test(line))).toMatch(/\s+ok$/);
    expect(lines.find((line) => /^\s+requests\s+list contacts\s/.test(line))).toMatch(/only in base$/);
    expect(lines.find((line) => /^\s+requests\s+list contacts \(v2\)/.test(line))).toMatch(/only in head$/);
  });

  it('writes no ANSI escape with colour off, even from a hostile step name', () => {
    const text = renderComparison(regressedComparison('evil \u001b[31mred\u001b[0m\nstep'), { color: false, width: 160 });
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('evil \\x1B[31mred\\x1B[0m\\x0Astep');
  });

  it('colours the verdict and the regressions with colour on', () => {
    const text = renderComparison(regressedComparison(), { color: true });
    expect(text).toMatch(ANSI);
    expect(text).toMatch(/\u001b\[31m\u001b\[1mREGRESSION/);
  });

  it('says so when nothing regressed', () => {
    const c = compareReports(fixtureReport(), fixtureReport(), parseTolerances('p95=10%'));
    const text = renderComparison(c, { color: false });
    expect(text).not.toContain('REGRESSION');
    expect(text.trimEnd().split('\n').at(-1)).toBe('  ✓ no regression: 4 gated metrics within tolerance');
  });
});

describe('renderComparisonMarkdown', () => {
  it('renders a GitHub table with the step names escaped', () => {
    expect(renderComparisonMarkdown(regressedComparison())).toMatchInlineSnapshot(`
      "### Baseline comparison

      | Metric | Scope | Base | Head | Change | Limit | Status |
      | :--- | :--- | ---: | ---: | ---: | ---: | :--- |
      | p50 | overall | 11.1ms | 11.1ms | 0µs (0.0%) | - | - |
      | p95 | overall | 15.7ms | 15.7ms | 0µs (0.0%) | +10% | ok |
      | p99 | overall | 59.0ms | 59.0ms | 0µs (0.0%) | - | - |
      | throughput | overall | 119.2/s | 95.4/s | -23.8/s (-20.0%) | -10% | **REGRESSION** |
      | error\\_rate | overall | 0.67% | 0.67% | 0.00 pp | +1 pp | ok |
      | requests | list contacts | 600 | - | - | - | only in base |
      | p50 | GET /api/contacts/:id | 8.10ms | 8.10ms | 0µs (0.0%) | - | - |
      | p95 | GET /api/contacts/:id | 12.7ms | 12.7ms | 0µs (0.0%) | +10% | ok |
      | p99 | GET /api/contacts/:id | 32.0ms | 32.0ms | 0µs (0.0%) | - | - |
      | throughput | GET /api/contacts/:id | 39.8/s | 39.8/s | 0.00/s (0.0%) | -10% | ok |
      | error\\_rate | GET /api/contacts/:id | 0.5% | 0.5% | 0.00 pp | +1 pp | ok |
      | p50 | search "&lt;Acme &amp; Co&gt;" | 25.1ms | 32.5ms | +7.38ms (+29.4%) | - | - |
      | p95 | search "&lt;Acme &amp; Co&gt;" | 29.7ms | 38.4ms | +8.69ms (+29.2%) | +10% | **REGRESSION** |
      | p99 | search "&lt;Acme &amp; Co&gt;" | 185ms | 38.9ms | -146ms (-78.9%) | - | - |
      | throughput | search "&lt;Acme &amp; Co&gt;" | 19.4/s | 19.4/s | 0.00/s (0.0%) | -10% | ok |
      | error\\_rate | search "&lt;Acme &amp; Co&gt;" | 3% | 3% | 0.00 pp | +1 pp | ok |
      | requests | list contacts (v2) | - | 600 | - | - | only in head |

      - Note: the head run was aborted (SIGINT)

      **Failed:** 2 regressions: throughput -20.0% (limit -10%); p95{step="search \\\\"&lt;Acme &amp; Co&gt;\\\\""} +29.2% (limit +10%)
      "
    `);
  });

  it('keeps every row at seven cells whatever the step name holds', () => {
    const lines = renderComparisonMarkdown(regressedComparison('a | b <script>')).split('\n').filter((l) => l.startsWith('|'));
    for (const line of lines) expect(line.split('|')).toHaveLength(9);
    expect(lines.join('\n')).not.toContain('<script>');
  });
});
