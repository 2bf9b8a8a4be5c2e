/**
 * Journey time, checks, groups and custom metrics (issue 12 items 3–6) in every output: the JSON
 * schema and the zod reader accept them, the terminal summary, Markdown, JUnit and HTML show them, and
 * compare lines them up (journey time and checks gated when asked).
 */
import { describe, expect, it } from 'vitest';
import { compareReports, parseTolerances } from '../../src/report/compare.js';
import { parseReport } from '../../src/report/validate.js';
import type { Report } from '../../src/report/types.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderJUnit } from '../../src/reporters/junit.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderSummary } from '../../src/reporters/table.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { reportSchemaErrors } from '../helpers/schema.js';
import { latencyOf } from '../report/report-variants.js';

function withExtras(journeyMs = 1200, checkRate = 90): Report {
  const base = fixtureReport();
  return {
    ...base,
    run: { ...base.run, teardownRequests: 2 },
    steps: base.steps.map((s, i) => (i === 0 ? { ...s, group: 'convert lead' } : s)),
    scenarios: base.scenarios.map((s) => ({ ...s, iterationDuration: latencyOf([journeyMs, journeyMs * 2]) })),
    iterationDuration: latencyOf([journeyMs, journeyMs * 1.5, journeyMs * 2]),
    checks: { passed: checkRate, failed: 100 - checkRate, rate: checkRate, results: [{ name: 'has id', scenario: base.run.scenario.name, group: 'convert lead', passed: checkRate, failed: 100 - checkRate }] },
    metrics: [
      { name: 'leads_converted', type: 'counter', total: 42, perSecond: 1.4 },
      { name: 'queue_wait', type: 'trend', stats: latencyOf([5, 10, 2500]) },
      { name: 'cache_hit', type: 'rate', count: 10, trues: 7, rate: 70 },
    ],
    groups: [{ name: 'convert lead', scenario: base.run.scenario.name, count: 12, duration: latencyOf([300, 400, 900]) }],
  };
}

describe('reports with the new metrics', () => {
  it('validate against the shipped JSON schema and read back through the zod reader unchanged', () => {
    const report = withExtras();
    expect(reportSchemaErrors(report)).toEqual([]);
    const read = parseReport(JSON.parse(JSON.stringify(report)), 'r.json');
    for (const key of ['iterationDuration', 'checks', 'metrics', 'groups'] as const) expect(read[key]).toEqual(report[key]);
    expect(read.steps[0].group).toBe('convert lead');
    expect(read.scenarios[0].iterationDuration).toEqual(report.scenarios[0].iterationDuration);
    expect(read.run.teardownRequests).toBe(2);
  });

  it('a 1.0 report without them still validates and reads', () => {
    const old = { ...fixtureReport(), schemaVersion: '1.0.0' };
    expect(reportSchemaErrors(old)).toEqual([]);
    expect(parseReport(JSON.parse(JSON.stringify(old)), 'r.json').checks).toBeUndefined();
  });

  it('the terminal summary shows the journey time, checks, groups and custom metrics', () => {
    const text = renderSummary(withExtras(), { color: false });
    expect(text).toMatch(/checks {8}90 passed · 10 failed \(90%\)/);
    expect(text).toMatch(/journey time +p50 1\.8\d?s/);
    expect(text).toMatch(/convert lead › has id +90 +10 +90%/);
    expect(text).toMatch(/convert lead +12 +400ms/);
    expect(text).toMatch(/leads_converted +counter +42 \(1\.40\/s\)/);
    expect(text).toMatch(/cache_hit +rate +70% \(7 of 10\)/);
    expect(text).toMatch(/queue_wait +trend +p50 10\.0ms {2}p95 2\.50s/);
  });

  it('Markdown has them as tables, a failing check in bold', () => {
    const md = renderMarkdown(withExtras());
    expect(md).toContain('**Checks** 90 passed · 10 failed (90%)');
    expect(md).toMatch(/### Checks\n\n\| check \| passed \| failed \| rate \|\n.*\n\| convert lead › has id \| 90 \| \*\*10\*\* \| 90% \|/);
    expect(md).toContain('### Groups');
    expect(md).toContain('| leads\\_converted | counter | 42 (1.40/s) |');
  });

  it('JUnit carries them as properties of a suite without test cases', () => {
    const xml = renderJUnit(withExtras());
    expect(xml).toMatch(/<testsuite name="measures" tests="0" failures="0"/);
    expect(xml).toContain('<property name="checks" value="90 passed · 10 failed (90%)"/>');
    expect(xml).toContain('<property name="metric leads_converted (counter)" value="42 (1.40/s)"/>');
    expect(xml).toContain('<property name="group convert lead" value="runs 12, p50 400ms, p95 900ms, p99 900ms, max 900ms"/>');
  });

  it('HTML has a section with the three tables, a failing check highlighted', () => {
    const html = renderHtml(withExtras());
    expect(html).toContain('<h2 id="checks-groups-and-custom-metrics">');
    for (const id of ['checks-table', 'groups-table', 'metrics-table']) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/<tr bgcolor="#fbd5d5"><td align="left" valign="top">convert lead › has id/);
  });
});

describe('compare', () => {
  it('lines up journey time, checks, trends and groups; gates journey time and checks when asked', () => {
    const base = withExtras(1000, 99);
    const head = withExtras(1500, 90);
    const loose = compareReports(base, head);
    const labels = loose.rows.filter((r) => r.step?.startsWith('(')).map((r) => `${r.step} ${r.metric}`);
    expect(labels).toEqual(['(journey time) iteration_duration.p95', '(checks) checks', '(trend queue_wait) p95', '(group convert lead) p95']);
    expect(loose.rows.filter((r) => r.step?.startsWith('(')).some((r) => r.regressed)).toBe(false);
    const gated = compareReports(base, head, parseTolerances('iteration_duration=10%,checks=5%'));
    const regressed = gated.rows.filter((r) => r.regressed).map((r) => r.step);
    expect(regressed).toEqual(['(journey time)', '(checks)']);
    expect(gated.passed).toBe(false);
  });
});
