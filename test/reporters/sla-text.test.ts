/**
 * One formatter: the same SLA results read the same in every reporter. Each reporter's output is parsed
 * back into (measured, target, margin) per SLA and compared with one table of wanted texts.
 */
import { Chalk } from 'chalk';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Report, SlaResult } from '../../src/report/types.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderJUnit } from '../../src/reporters/junit.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderSlaTable } from '../../src/reporters/table.js';
import { fixtureReport } from '../helpers/report-fixture.js';

/** The three texts of one SLA row. */
interface SlaText {
  measured: string;
  target: string;
  margin: string;
}

type Case = [SlaResult, SlaText];

const sla = (expression: string, metric: string, op: SlaResult['op'], target: number, unit: string, actual: number | null, margin: number | null, passed: boolean): SlaResult =>
  ({ expression, metric, scope: null, op, target, unit, actual, margin, passed, ...(actual === null ? { reason: 'no data' } : {}) });

/** Every unit of the grammar, passing and failing, the edges that rounding would hide, and "no data". */
const CASES: Case[] = [
  [sla('availability == 100%', 'availability', '==', 100, '%', 99.999, -0.001, false), { measured: '99.999%', target: '== 100%', margin: '-0.001 pp' }],
  [sla('availability >= 99.9%', 'availability', '>=', 99.9, '%', 99.9996, 0.0996, true), { measured: '99.9996%', target: '>= 99.9%', margin: '+0.1 pp' }],
  [sla('error_rate < 0.1%', 'error_rate', '<', 0.1, '%', 0.25, -0.15, false), { measured: '0.25%', target: '< 0.1%', margin: '-0.15 pp' }],
  [sla('error_rate < 1%', 'error_rate', '<', 1, '%', 0.0004, 0.9996, true), { measured: '0.0004%', target: '< 1%', margin: '+1 pp' }],
  [sla('p95 < 400ms', 'p95', '<', 400, 'ms', 11.2, 388.8, true), { measured: '11.2ms', target: '< 400ms', margin: '+389ms' }],
  [sla('p99 < 100ms', 'p99', '<', 100, 'ms', 168, -68, false), { measured: '168ms', target: '< 100ms', margin: '-68.0ms' }],
  [sla('max < 1s', 'max', '<', 1000, 'ms', 1240, -240, false), { measured: '1.24s', target: '< 1s', margin: '-240ms' }],
  [sla('p50 < 1ms', 'p50', '<', 1, 'ms', 0.412, 0.588, true), { measured: '412µs', target: '< 1ms', margin: '+588µs' }],
  [sla('iterations >= 20/s', 'iterations', '>=', 20, '/s', 16.6, -3.4, false), { measured: '16.6/s', target: '>= 20/s', margin: '-3.40/s' }],
  [sla('throughput > 100/s', 'throughput', '>', 100, '/s', 119.24, 19.24, true), { measured: '119.2/s', target: '> 100/s', margin: '+19.2/s' }],
  [sla('dropped == 0', 'dropped', '==', 0, 'count', 1200, -1200, false), { measured: '1,200', target: '== 0', margin: '-1,200' }],
  [sla('throughput_cv < 0.1', 'throughput_cv', '<', 0.1, '', 0.125, -0.025, false), { measured: '0.125', target: '< 0.1', margin: '-0.025' }],
  [sla('p95{step="export"} < 1s', 'p95', '<', 1000, 'ms', null, null, false), { measured: 'no data', target: '< 1s', margin: '-' }],
];

const report: Report = fixtureReport({ sla: { passed: false, results: CASES.map(([r]) => r) } });
const wanted = new Map(CASES.map(([r, text]) => [r.expression, text]));

/** Decode the entities the HTML, Markdown and XML writers use. */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&apos;/g, "'")
    .replace(/&#96;/g, '`').replace(/&#124;/g, '|').replace(/\\([\\*_[\]~])/g, '$1').replace(/&amp;/g, '&');
}

/** Terminal: the SLA table, columns split on the two-space gap. */
function fromTable(): Map<string, SlaText> {
  const lines = renderSlaTable(report.sla.results, new Chalk({ level: 0 }), 200).split('\n').slice(2);
  return new Map(lines.map((line) => {
    const [expression, measured, target, margin] = line.trim().split(/\s{2,}/);
    return [expression, { measured, target, margin }];
  }));
}

/** Markdown: the rows of the SLAs table. */
function fromMarkdown(): Map<string, SlaText> {
  const lines = renderMarkdown(report).split('\n');
  const start = lines.indexOf('### SLAs');
  const rows = lines.slice(start + 4).filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('|')));
  return new Map(rows.map((row) => {
    const [, expression, measured, target, margin] = row.split(' | ').map(decode);
    return [expression, { measured, target, margin }];
  }));
}

/** HTML: the SLA table's rows, cells found by their column heading. */
function fromHtml(): Map<string, SlaText> {
  const html = renderHtml(report);
  const table = html.slice(html.indexOf('<table id="sla-table"'), html.indexOf('</table>', html.indexOf('<table id="sla-table"')));
  const cellsOf = (row: string, tag: string) => [...row.matchAll(new RegExp(`<${tag}[^>]*>(.*?)</${tag}>`, 'g'))].map((m) => decode(m[1].replace(/<[^>]+>/g, '')));
  const head = cellsOf(table.slice(0, table.indexOf('</thead>')), 'th');
  const column = (cells: string[], title: string) => {
    expect(head, `HTML SLA table has a "${title}" column`).toContain(title);
    return cells[head.indexOf(title)];
  };
  const rows = [...table.matchAll(/<tr class="sla-[a-z]+"[^>]*>(.*?)<\/tr>/g)].map((m) => cellsOf(m[1], 'td'));
  return new Map(rows.map((cells) => [column(cells, 'SLA'), {
    measured: column(cells, 'measured'), target: column(cells, 'target'), margin: column(cells, 'margin'),
  }]));
}

/** JUnit: the failure body of every failed SLA ("measured: …" lines), and any case marked skipped. */
function fromJUnit(): { failed: Map<string, SlaText>; skipped: Map<string, string> } {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false, htmlEntities: true, isArray: (n) => n === 'testsuite' || n === 'testcase' });
  type Case = { '@_name': string; failure?: { '#text': string }; skipped?: { '@_message': string } };
  const parsed = parser.parse(renderJUnit(report)) as { testsuites: { testsuite: Array<{ testcase?: Case[] }> } };
  const cases = parsed.testsuites.testsuite.flatMap((s) => s.testcase ?? []);
  const failed = new Map<string, SlaText>();
  const skipped = new Map<string, string>();
  for (const c of cases) {
    if (c.skipped) skipped.set(c['@_name'], c.skipped['@_message']);
    if (!c.failure) continue;
    const fact = (key: string) => c.failure?.['#text'].split('\n').find((l) => l.startsWith(`${key}: `))?.slice(key.length + 2) ?? '(missing)';
    failed.set(c['@_name'], { measured: fact('measured'), target: fact('target'), margin: fact('margin') });
  }
  return { failed, skipped };
}

describe('SLA texts are the same in every reporter', () => {
  it.each([['terminal table', fromTable], ['Markdown', fromMarkdown], ['HTML', fromHtml]])('%s shows every SLA as wanted', (_name, read) => {
    expect(Object.fromEntries(read())).toEqual(Object.fromEntries(wanted));
  });

  it('JUnit shows every failed SLA as wanted, one with no data included, and skips none', () => {
    const { failed, skipped } = fromJUnit();
    const failing = CASES.filter(([r]) => !r.passed);
    expect(failing.some(([r]) => r.actual === null)).toBe(true);
    expect(Object.fromEntries(failed)).toEqual(Object.fromEntries(failing.map(([r, text]) => [r.expression, text])));
    expect(skipped.size).toBe(0);
  });

  it('never rounds a near-perfect availability onto 100% anywhere', () => {
    const page = renderHtml(report);
    expect(page).not.toMatch(/100\.0+%/);
    expect(renderMarkdown(report)).not.toMatch(/100\.0+%/);
  });
});
