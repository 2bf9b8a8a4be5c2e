import { describe, expect, it } from 'vitest';
import { escapeMarkdown, MAX_CELL_CHARS, MAX_STEP_SUMMARY_BYTES, renderMarkdown } from '../../src/reporters/markdown.js';
import type { Report, StepReport } from '../../src/report/types.js';
import { fixtureReport } from '../helpers/report-fixture.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The lines of the table that follows `### title`. */
function tableOf(markdown: string, title: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`### ${title}`);
  if (start < 0) throw new Error(`no section ${title}`);
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

/** The document without the "> " that starts blockquote (alert) lines: every other ">" would be injected. */
const withoutQuoteMarkers = (markdown: string) => markdown.replace(/^> ?/gm, '');

/** Cell separators GFM would split on: pipes not preceded by a backslash. */
const columns = (row: string) => row.split(/(?<!\\)\|/).length - 2;

describe('renderMarkdown (golden fixture)', () => {
  const md = renderMarkdown(fixtureReport());

  it('has a title carrying the verdict and a short run summary', () => {
    expect(md.split('\n')[0]).toBe('## crmload: crm-mixed · ❌ 3 of 4 SLAs failed');
    expect(md).toContain('**Target** http://127.0.0.1:4010 (demo server) · **Load** open · 120 it/s · max 200 VUs · **Duration** 10s · **Status** completed');
  });

  it('says the warm-up is the first part of the duration, not added to it', () => {
    const base = fixtureReport();
    const withWarmup = renderMarkdown(fixtureReport({ run: { ...base.run, durationMs: 10_000, warmupMs: 2_000 } }));
    expect(withWarmup).toContain('**Duration** 10s (the first 2s warm-up, excluded) · **Status** completed');
  });

  it('has an overall table and a latency table with service time (open model)', () => {
    expect(tableOf(md, 'Overall')).toEqual([
      '| requests | completed | failed | interrupted | dropped | throughput | availability | error rate | data in / out |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| 1,200 | 1,192 | 8 | 0 | 3 | 119.2 req/s | 99.33% | 0.67% | 600 KiB / 75.0 KiB |',
    ]);
    expect(md).toContain('| latency | 11.1ms | 15.2ms | 15.7ms | 59.0ms | 59.0ms |');
    expect(md).toContain('| service time | 10.5ms | 14.6ms | 15.1ms | 22.4ms | 22.4ms |');
  });

  it('shows the iterations (journeys) under the overall table', () => {
    expect(md).toContain('**Iterations** 400 started · 390 completed · 8 failed · 2 interrupted · 3 dropped · 40.0/s offered · 40.0/s started');
  });

  it('has a per-step table with the hostile step name escaped', () => {
    const steps = tableOf(md, 'Steps');
    expect(steps).toHaveLength(5);
    expect(steps[2]).toBe('| list contacts | 600 | 60.0 | 9.10ms | 13.1ms | 13.6ms | 36.0ms | 41.0ms | - |');
    expect(steps[4]).toBe('| search "&lt;Acme &amp; Co&gt;" | 200 | 19.4 | 25.1ms | 29.2ms | 29.7ms | 185ms | 185ms | 6 http5xx |');
  });

  it('has an SLA table: ✅ PASS, ❌ **FAIL**, "no data"', () => {
    const slas = tableOf(md, 'SLAs');
    expect(slas[2]).toBe('| ✅ | p95 &lt; 400ms | 11.2ms | &lt; 400ms | +389ms | PASS |');
    expect(slas[3]).toBe('| ❌ | availability &gt;= 99.9% | 99.33% | &gt;= 99.9% | -0.57 pp | **FAIL** |');
    expect(slas[4]).toContain('**FAIL**');
    expect(slas[5]).toBe('| ❌ | p95{step="export"} &lt; 1s | no data | &lt; 1s | - | **FAIL** |');
  });

  it('keeps every table row to its header\'s column count', () => {
    for (const title of ['Overall', 'Steps', 'SLAs']) {
      const rows = tableOf(md, title);
      for (const row of rows) expect(columns(row), row).toBe(columns(rows[0]));
    }
  });

  it('has no raw "<" or ">" anywhere (no HTML injection)', () => {
    expect(withoutQuoteMarkers(md)).not.toMatch(/[<>]/);
  });
});

describe('renderMarkdown variants', () => {
  const base = fixtureReport();

  it('says all SLAs passed in the title', () => {
    const results = base.sla.results.map((r) => ({ ...r, actual: r.actual ?? 1, passed: true, margin: 1 }));
    const md = renderMarkdown(fixtureReport({ sla: { passed: true, results } }));
    expect(md.split('\n')[0]).toBe('## crmload: crm-mixed · ✅ all 4 SLAs passed');
    expect(md).not.toContain('FAIL');
  });

  it('marks an aborted run and shows the reason', () => {
    const md = renderMarkdown(fixtureReport({ run: { ...base.run, status: 'aborted', abortReason: 'SIGTERM' } }));
    expect(md).toContain('**Status** ⚠️ **aborted** (SIGTERM)');
  });

  it('puts generator warnings in a GitHub alert', () => {
    const md = renderMarkdown(fixtureReport({ generator: { ...base.generator, saturated: true, warnings: ['lag <b>high</b>'] } }));
    expect(md).toContain('> [!WARNING]\n> - crmload itself could not keep the schedule');
    expect(md).toContain('> - lag &lt;b&gt;high&lt;/b&gt;');
  });

  it('keeps tables intact whatever the step names and expressions contain', () => {
    const hostile = 'a | b `code` <script>alert(1)</script> & *bold* [x](y) \\| c\nnext\r\nline';
    const md = renderMarkdown(fixtureReport({
      steps: [{ ...base.steps[0], name: hostile }],
      sla: { passed: false, results: [{ ...base.sla.results[1], expression: hostile }] },
      run: { ...base.run, target: { url: `http://h/${hostile}`, demo: false } },
    }));
    for (const title of ['Steps', 'SLAs']) {
      const rows = tableOf(md, title);
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(columns(row), row).toBe(columns(rows[0]));
    }
    expect(withoutQuoteMarkers(md)).not.toMatch(/[<>`]/);
    expect(md).not.toContain('next\n');
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['pipe', 'a|b', 'a&#124;b'],
    ['escaped pipe stays a pipe', 'a\\|b', 'a\\\\&#124;b'],
    ['backtick', 'run `x`', 'run &#96;x&#96;'],
    ['angle brackets', '<b>', '&lt;b&gt;'],
    ['ampersand', 'A & B', 'A &amp; B'],
    ['entity-looking text', '&amp;', '&amp;amp;'],
    ['newline', 'a\nb', 'a b'],
    ['CRLF', 'a\r\nb', 'a b'],
    ['emphasis', '*x* _y_ ~z~', '\\*x\\* \\_y\\_ \\~z\\~'],
    ['link', '[x](y)', '\\[x\\](y)'],
    ['control characters dropped', 'a\u0000b\u001bc', 'abc'],
    ['plain text untouched', 'GET /api/contacts/:id', 'GET /api/contacts/:id'],
  ])('%s', (_name, input, want) => {
    expect(escapeMarkdown(input)).toBe(want);
  });

  it('cuts long text to MAX_CELL_CHARS code points, never inside a surrogate pair', () => {
    const out = escapeMarkdown('😀'.repeat(MAX_CELL_CHARS + 10));
    expect(Array.from(out)).toHaveLength(MAX_CELL_CHARS);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('renderMarkdown size cap', () => {
  const base = fixtureReport();
  const manySteps = (n: number): StepReport[] =>
    Array.from({ length: n }, (_, i) => ({ ...base.steps[i % base.steps.length], name: `step ${i} ${'n'.repeat(150)}` }));

  it('leaves a normal report whole', () => {
    expect(renderMarkdown(base)).not.toContain('omitted');
  });

  it('drops step rows beyond the cap and says how many', () => {
    const report: Report = fixtureReport({ steps: manySteps(5000) });
    const md = renderMarkdown(report);
    expect(bytes(md)).toBeLessThanOrEqual(MAX_STEP_SUMMARY_BYTES);
    const note = /_([\d,]+) of ([\d,]+) step rows omitted/.exec(md);
    expect(note).not.toBeNull();
    const omitted = Number(note![1].replace(/,/g, ''));
    expect(Number(note![2].replace(/,/g, ''))).toBe(5000);
    const shown = tableOf(md, 'Steps').length - 2;
    expect(shown).toBeGreaterThan(100);
    expect(shown + omitted).toBe(5000);
    // The cap is used, not just respected: one more row would not have fitted.
    expect(bytes(md) + 400).toBeGreaterThan(MAX_STEP_SUMMARY_BYTES);
    // The verdict survives truncation.
    expect(tableOf(md, 'SLAs')).toHaveLength(6);
  });

  it('also drops SLA rows if, absurdly, they alone would pass the cap', () => {
    const results = Array.from({ length: 3000 }, (_, i) => ({ ...base.sla.results[1], expression: `availability >= 99.9% ${i} ${'e'.repeat(180)}` }));
    const md = renderMarkdown(fixtureReport({ steps: manySteps(10), sla: { passed: false, results } }));
    expect(bytes(md)).toBeLessThanOrEqual(MAX_STEP_SUMMARY_BYTES);
    expect(md).toContain('_10 of 10 step rows omitted');
    expect(md).toMatch(/_[\d,]+ of 3,000 SLA rows omitted/);
  });
});
