import { describe, expect, it } from 'vitest';
import { createHistogram, emptyExtremes, toLatencyStats } from '../../src/metrics/histogram.js';
import type { LatencyStats, Report } from '../../src/report/types.js';
import { renderHtml } from '../../src/reporters/html.js';
import { formatAxisSeconds, formatAxisTick, formatDuration } from '../../src/reporters/format.js';
import { escapeHtml } from '../../src/reporters/html/escape.js';
import { ninesFor, ninesLabel, percentileCurve } from '../../src/reporters/html/percentile-chart.js';
import { FAIL_BG } from '../../src/reporters/html/tables.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { ATTR_ESCAPED, ATTR_INJECTION, SCRIPT_ESCAPED, SCRIPT_INJECTION, hostileReport } from './html-hostile-report.js';

const CHART_IDS = ['chart-throughput', 'chart-latency-timeline', 'chart-distribution'];
/** Every tag the page may contain: anything else would be markup that leaked from data. */
const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'body', 'font', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'h1', 'h2', 'p', 'b', 'i',
  'br', 'code', 'ul', 'li', 'svg', 'g', 'rect', 'line', 'path', 'text', 'circle',
]);

/** The markup of the element with this id (tables and charts are never nested in their own kind). */
function elementById(html: string, id: string): string {
  const start = html.search(new RegExp(`<(table|svg) id="${id}"`));
  if (start < 0) throw new Error(`no element #${id}`);
  const tag = html.slice(start + 1, html.indexOf(' ', start));
  return html.slice(start, html.indexOf(`</${tag}>`, start) + tag.length + 3);
}

function openingTags(html: string): Array<{ name: string; attrs: string }> {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({ name: m[1].toLowerCase(), attrs: m[2] }));
}

function slaRows(html: string): string[] {
  return [...elementById(html, 'sla-table').matchAll(/<tr class="sla-[a-z]+"[^>]*>.*?<\/tr>/g)].map((m) => m[0]);
}

function emptyStats(): LatencyStats {
  return toLatencyStats(createHistogram(), emptyExtremes());
}

describe('escapeHtml', () => {
  it.each([
    ['ampersand', 'a & b', 'a &amp; b'],
    ['tags', '<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['double quote', 'say "hi"', 'say &quot;hi&quot;'],
    ['single quote', "it's", 'it&#39;s'],
    ['already escaped text is escaped again', '&amp;', '&amp;amp;'],
    ['number', 42, '42'],
  ])('%s', (_name, input, wanted) => {
    expect(escapeHtml(input)).toBe(wanted);
  });
});

describe('axis labels', () => {
  it.each([[0, '0s'], [45, '45s'], [60, '1m'], [90, '1m30s'], [3600, '1h'], [3900, '1h5m']])('formatAxisSeconds(%s) = %s', (s, wanted) => {
    expect(formatAxisSeconds(s)).toBe(wanted);
  });

  it.each([[0, '0'], [0.25, '0.25'], [12.34, '12.3'], [120, '120'], [12_000, '12,000']])('formatAxisTick(%s) = %s', (v, wanted) => {
    expect(formatAxisTick(v)).toBe(wanted);
  });
});

describe('HDR percentile curve', () => {
  it.each([[0, '0%'], [1, '90%'], [2, '99%'], [3, '99.9%'], [4, '99.99%'], [5, '99.999%']])('ninesLabel(%s) = %s', (n, wanted) => {
    expect(ninesLabel(n)).toBe(wanted);
  });

  it.each([[0, 2], [100, 2], [101, 3], [1192, 4], [10_000, 4], [10_001, 5], [1e9, 5]])('ninesFor(%s values) = %s', (count, wanted) => {
    expect(ninesFor(count)).toBe(wanted);
  });

  it('recomputes percentiles from the encoded histogram, clamped to the exact extremes', () => {
    const h = createHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.recordValue(ms * 1000);
    const stats = toLatencyStats(h, { minUs: 1000, maxUs: 1_000_000 });
    const curve = percentileCurve(stats, 3);
    expect(curve[0]).toMatchObject({ nines: 0, ms: 1 });
    expect(curve.find((p) => p.nines === 1)?.ms).toBeCloseTo(900, -1);
    expect(curve.find((p) => p.nines === 2)?.ms).toBeCloseTo(990, -1);
    expect(curve[curve.length - 1].nines).toBe(3);
    expect(curve[curve.length - 1].ms).toBeCloseTo(999, -1);
    for (let i = 1; i < curve.length; i++) expect(curve[i].ms).toBeGreaterThanOrEqual(curve[i - 1].ms);
  });

  it('never shows a histogram bucket edge beyond the exact extremes', () => {
    const h = createHistogram();
    h.recordValue(1_000_000); // its bucket's highest equivalent value is above 1,000,000 µs
    const curve = percentileCurve(toLatencyStats(h, { minUs: 1_000_000, maxUs: 1_000_000 }), 2);
    expect(new Set(curve.map((p) => p.ms))).toEqual(new Set([1000]));
  });

  it('is empty without data', () => {
    expect(percentileCurve(emptyStats(), 3)).toEqual([]);
  });
});

describe('renderHtml structure', () => {
  const report = fixtureReport();
  const html = renderHtml(report);

  it('is a complete page with the three charts as inline SVG', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(3);
    for (const id of CHART_IDS) expect(elementById(html, id)).toMatch(/<path d="M/);
    expect(html).toContain('<title>crmload report — crm-mixed</title>');
  });

  it('labels the charts: legends and axis titles', () => {
    expect(elementById(html, 'chart-throughput')).toMatch(/completed\/s.*errors\/s.*time since start/s);
    expect(elementById(html, 'chart-latency-timeline')).toMatch(/>p50<.*>p90<.*>p99<.*latency \(ms\)/s);
    const distribution = elementById(html, 'chart-distribution');
    for (const label of ['>0%<', '>90%<', '>99%<', '>99.9%<', '>99.99%<', 'percentile (log scale']) expect(distribution).toContain(label);
  });

  it('draws service time beside latency in the open model only', () => {
    expect(elementById(html, 'chart-distribution')).toContain('>service time<');
    const closed = renderHtml(fixtureReport({ run: { ...report.run, load: { ...report.run.load, model: 'closed' } } }));
    expect(elementById(closed, 'chart-distribution')).not.toContain('service time');
    const noService = renderHtml(fixtureReport({ serviceTime: emptyStats() }));
    expect(elementById(noService, 'chart-distribution')).not.toContain('service time');
  });

  it('summarises the run in the summary table', () => {
    const summary = elementById(html, 'summary-table');
    for (const v of ['1,200', '1,192', '119.2/s', '99.33%', '0.67%', formatDuration(report.latency.p99)]) expect(summary).toContain(v);
  });

  it('has one row per step, names escaped', () => {
    const steps = elementById(html, 'steps-table');
    expect(steps.match(/<tr>/g)).toHaveLength(1 + report.steps.length);
    expect(steps).toContain('search &quot;&lt;Acme &amp; Co&gt;&quot;');
    expect(steps).toContain('GET /api/contacts/:id');
  });

  it('marks failed SLA rows by text, class and a red bgcolor', () => {
    const rows = slaRows(html);
    expect(rows).toHaveLength(report.sla.results.length);
    rows.forEach((row, i) => {
      const passed = report.sla.results[i].passed;
      expect(row.startsWith(`<tr class="sla-${passed ? 'pass' : 'fail'}"`)).toBe(true);
      expect(row.includes(`bgcolor="${FAIL_BG}"`)).toBe(!passed);
      expect(row.includes('&#10007; FAIL')).toBe(!passed);
    });
    expect(rows[0]).toContain('+389ms');
    expect(rows[1]).toMatch(/&gt;= 99\.9%.*-0\.57 pp/);
    expect(rows[3]).toContain('no data');
    expect(html).toContain('SLA FAILED &mdash; 3 of 4 targets failed');
  });

  it('lists only failures in the Errors table: error kinds, never a success status', () => {
    const errors = elementById(html, 'errors-table');
    const rows = [...errors.matchAll(/<tr[^>]*><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([['http5xx', '8']]);
    expect(errors).not.toMatch(/>200<|>1,192</);
  });

  it('shows responses by status code in their own table, not as errors', () => {
    const codes = elementById(html, 'status-codes-table');
    expect(codes).toContain('1,192');
    expect(codes).not.toContain(`bgcolor="${FAIL_BG}"`);
  });

  it('says "no errors" when nothing failed', () => {
    const clean = renderHtml(fixtureReport({ totals: { ...report.totals, failed: 0, errorsByKind: {}, statusCodes: { '200': 1200 } } }));
    expect(elementById(clean, 'errors-table')).toContain('no errors');
  });

  it('references nothing outside the page: no URL but the target shown as text', () => {
    const withoutTarget = html.split(escapeHtml(report.run.target.url)).join('');
    expect(withoutTarget).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\s(src|href|srcset|action|background|xmlns(:\w+)?)\s*=/i);
    expect(html).not.toMatch(/url\(|@import|<link|<script|<style|<img|<iframe|<object|<embed|\sstyle=/i);
  });

  it('is pure: same bytes twice, report untouched', () => {
    const r = fixtureReport();
    const before = structuredClone(r);
    expect(renderHtml(r)).toBe(renderHtml(r));
    expect(r).toEqual(before);
  });

  it('matches the golden page', async () => {
    await expect(html).toMatchFileSnapshot('./__snapshots__/html-report.html');
  });
});

describe('renderHtml escaping', () => {
  const html = renderHtml(hostileReport());

  it('shows injected markup as text', () => {
    expect(html).toContain(SCRIPT_ESCAPED);
    expect(html).toContain(ATTR_ESCAPED);
    expect(html).not.toContain(SCRIPT_INJECTION);
    expect(html).not.toContain(ATTR_INJECTION);
  });

  it('contains only its own tags and no event handler attributes', () => {
    const tags = openingTags(html);
    expect(tags.filter((t) => !ALLOWED_TAGS.has(t.name)).map((t) => t.name)).toEqual([]);
    const handlers = tags.filter((t) => /\son[a-z]+\s*=/i.test(t.attrs.replace(/"[^"]*"/g, '""')));
    expect(handlers).toEqual([]);
    expect(html.match(/<svg /g)).toHaveLength(3);
  });

  it('escapes every field: steps, SLA, warnings, run info, status codes', () => {
    expect(elementById(html, 'steps-table')).toContain(`<b>${SCRIPT_ESCAPED}</b>`);
    expect(slaRows(html)[0]).toContain(`p99{step=&quot;${ATTR_ESCAPED}&quot;} &lt; 1ms`);
    expect(html).toContain(`<ul id="generator-warnings"><li><font color="#8a5a00">&#9888;</font> ${SCRIPT_ESCAPED}</li>`);
    expect(elementById(html, 'errors-table')).toContain(SCRIPT_ESCAPED);
    expect(elementById(html, 'status-codes-table')).toContain(SCRIPT_ESCAPED);
    expect(elementById(html, 'run-table')).toContain(`http://127.0.0.1:4010/${ATTR_ESCAPED}`);
    expect(html).toContain(`<title>crmload report — ${SCRIPT_ESCAPED}</title>`);
  });
});

describe('renderHtml without data', () => {
  const base = fixtureReport();
  const noLatency = (r: Report): Report => ({ ...r, latency: emptyStats(), serviceTime: emptyStats(), errorLatency: emptyStats() });
  const variants: Array<[string, Report, string[]]> = [
    ['empty timeline', { ...base, timeline: [] }, ['chart-throughput', 'chart-latency-timeline']],
    ['timeline without latency', { ...base, timeline: base.timeline.map((p) => ({ ...p, p50: null, p90: null, p99: null })) }, ['chart-latency-timeline']],
    ['no successful request', noLatency(base), ['chart-distribution']],
    ['no steps', { ...base, steps: [] }, ['steps-table']],
    ['corrupt histogram', { ...base, latency: { ...base.latency, hdr: 'not a histogram' } }, ['chart-distribution']],
    ['nothing at all', {
      ...noLatency(base),
      totals: { ...base.totals, requests: 0, completed: 0, failed: 0, throughput: 0, availability: null, errorRate: null, errorsByKind: {}, statusCodes: {} },
      steps: [], scenarios: [], timeline: [], sla: { passed: false, results: [] },
    }, [...CHART_IDS, 'steps-table', 'status-codes-table']],
  ];

  it.each(variants)('%s: says "no data" where there is none', (_name, report, empty) => {
    const html = renderHtml(report);
    expect(html.match(/<svg /g)).toHaveLength(3);
    for (const id of empty) expect(elementById(html, id)).toContain('no data');
    for (const id of CHART_IDS.filter((c) => !empty.includes(c))) expect(elementById(html, id)).not.toContain('no data');
  });

  it('says when no SLA target was set', () => {
    const html = renderHtml({ ...base, sla: { passed: true, results: [] } });
    expect(elementById(html, 'sla-table')).toContain('no SLA targets were set');
    expect(html).toContain('NO SLA TARGETS');
  });

  it('names a corrupt histogram instead of failing the whole report', () => {
    const html = renderHtml({ ...base, latency: { ...base.latency, hdr: 'not a histogram' } });
    expect(elementById(html, 'chart-distribution')).toContain('could not be decoded');
  });
});

describe('renderHtml timeline details', () => {
  const base = fixtureReport();

  it('breaks a percentile line where a bucket has no data', () => {
    const timeline = base.timeline.map((p, i) => ({ ...p, p99: i === 7 ? null : p.p99 }));
    const chart = elementById(renderHtml({ ...base, timeline }), 'chart-latency-timeline');
    const p99Path = /<g aria-label="p99"><path d="([^"]+)"/.exec(chart)?.[1] ?? '';
    expect(p99Path.match(/M/g)).toHaveLength(2);
  });

  it('shades warm-up buckets only when there are some', () => {
    expect(elementById(renderHtml(base), 'chart-throughput')).not.toContain('>warm-up<');
    const timeline = base.timeline.map((p, i) => ({ ...p, warmup: i < 3 }));
    const html = renderHtml({ ...base, timeline, run: { ...base.run, warmupMs: 3000, warmup: { requests: 360, completed: 357, failed: 3 } } });
    expect(elementById(html, 'chart-throughput')).toContain('>warm-up<');
    expect(html).toContain('Warm-up (3s, 360 requests) is excluded');
  });

  it('flags a saturated generator and lists its warnings', () => {
    const html = renderHtml({ ...base, generator: { ...base.generator, saturated: true, warnings: ['event-loop delay p99 120 ms'] } });
    expect(html).toContain('id="generator-saturated"');
    expect(html).toContain('<li><font color="#8a5a00">&#9888;</font> event-loop delay p99 120 ms</li>');
  });
});
