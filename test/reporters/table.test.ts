import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/reporters/table.js';
import type { Report, SlaResult } from '../../src/report/types.js';
import { fixtureReport } from '../helpers/report-fixture.js';

// Matches any ESC-introduced sequence (CSI colours, OSC, bare ESC), not only SGR.
const ANSI = /\u001b/;
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const width = (line: string) => [...stripAnsi(line)].length;
const plain = (report: Report, w?: number) => renderSummary(report, { color: false, width: w });

function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  if (line === undefined) throw new Error(`no line contains ${JSON.stringify(needle)} in:\n${text}`);
  return line;
}

function passingSlas(report: Report): SlaResult[] {
  return report.sla.results.map((r) => ({ ...r, actual: r.actual ?? 1, passed: true, margin: 1, reason: undefined }));
}

describe('renderSummary (golden fixture, colour off)', () => {
  const report = fixtureReport();
  const out = plain(report);

  it('has no ANSI escape at all', () => {
    expect(out).not.toMatch(ANSI);
  });

  it('starts with one header line: scenario, target, load, duration, status', () => {
    expect(out.split('\n')[0]).toBe('crm-mixed → http://127.0.0.1:4010 (demo) · open · 120 it/s · max 200 VUs · 10s · COMPLETED');
  });

  it('says the warm-up is the first part of the duration, not added to it', () => {
    const base = fixtureReport();
    const [what, how] = plain(fixtureReport({ run: { ...base.run, durationMs: 10_000, warmupMs: 2_000 } })).split('\n');
    expect(what).toBe('crm-mixed → http://127.0.0.1:4010 (demo)'); // too long for one line: on two
    expect(how.trim()).toBe('open · 120 it/s · max 200 VUs · 10s · the first 2s warm-up, excluded · COMPLETED');
  });

  it('shows the overall counters, rates and bytes', () => {
    expect(lineWith(out, 'requests')).toBe('  requests      1,200 sent · 1,192 completed · 8 failed · 0 interrupted');
    expect(lineWith(out, 'throughput')).toBe('  throughput    119.2 req/s · availability 99.33% · error rate 0.67% · 600 KiB in / 75.0 KiB out');
  });

  it('does not call requests refused before sending (invalid, origin) sent', () => {
    const totals = { ...report.totals, errorsByKind: { ...report.totals.errorsByKind, invalid: 2, origin: 1 } };
    expect(lineWith(plain(fixtureReport({ totals })), 'requests')).toBe('  requests      1,197 sent + 3 refused before sending · 1,192 completed · 8 failed · 0 interrupted');
  });

  it('shows the iterations (journeys): started, completed, failed, interrupted, dropped, then the rates', () => {
    expect(out).toContain('  iterations    400 started · 390 completed · 8 failed · 2 interrupted · 3 dropped\n                40.0/s offered · 40.0/s started');
  });

  it('shows failed journeys when most iterations failed though few requests did', () => {
    const totals = { ...report.totals, dropped: 0, iterations: { started: 200, completed: 59, failed: 141, interrupted: 0, dropped: 0, skippedSteps: 141 } };
    const out = plain(fixtureReport({ totals }));
    expect(lineWith(out, 'iterations')).toBe('  iterations    200 started · 59 completed · 141 failed · 0 dropped');
  });

  it('shows latency, and in the open model the service time and how latency is timed', () => {
    expect(lineWith(out, '  latency')).toBe('  latency       p50 11.1ms  p90 15.2ms  p95 15.7ms  p99 59.0ms  max 59.0ms');
    expect(lineWith(out, 'service time  p50')).toBe('  service time  p50 10.5ms  p90 14.6ms  p95 15.1ms  p99 22.4ms  max 22.4ms');
    expect(out).toContain('latency is timed from the scheduled start; service time from the actual send');
  });

  it('has a per-step table with percentiles and errors by kind', () => {
    expect(lineWith(out, ' step ').split(/\s+/).filter(Boolean)).toEqual(['step', 'requests', 'rps', 'p50', 'p90', 'p95', 'p99', 'max', 'errors']);
    expect(lineWith(out, 'list contacts').split(/\s{2,}/).filter(Boolean)).toEqual(['list contacts', '600', '60.0', '9.10ms', '13.1ms', '13.6ms', '36.0ms', '41.0ms', '-']);
    expect(lineWith(out, 'search "<Acme & Co>"')).toMatch(/200 +19\.4 .* 185ms +6 http5xx$/);
  });

  it('warns about dropped iterations', () => {
    expect(out).toContain('⚠ 3 iterations dropped: all 200 VUs (--max-vus) were busy');
    expect(out).not.toContain('could not keep the schedule');
  });

  it('has an SLA table with measured, target, margin and verdict, "no data" shown', () => {
    expect(lineWith(out, 'p95 < 400ms').split(/\s{2,}/).filter(Boolean)).toEqual(['p95 < 400ms', '11.2ms', '< 400ms', '+389ms', 'PASS']);
    expect(lineWith(out, 'availability >=').split(/\s{2,}/).filter(Boolean)).toEqual(['availability >= 99.9%', '99.33%', '>= 99.9%', '-0.57 pp', 'FAIL']);
    expect(lineWith(out, 'p99{step=')).toMatch(/168ms +< 100ms +-68\.0ms +FAIL$/);
    expect(lineWith(out, 'p95{step="export"}')).toMatch(/no data +< 1s +- +FAIL$/);
  });

  it('ends with the verdict line', () => {
    expect(out.trimEnd().split('\n').at(-1)).toBe('✗ 3 of 4 SLAs failed');
  });

  it('keeps every line within the default width of 100', () => {
    for (const line of out.split('\n')) expect(width(line), line).toBeLessThanOrEqual(100);
  });
});

describe('renderSummary variants', () => {
  const base = fixtureReport();

  it('says "all N SLAs passed" when they did', () => {
    const out = plain(fixtureReport({ sla: { passed: true, results: passingSlas(base) } }));
    expect(out.trimEnd().split('\n').at(-1)).toBe('✓ all 4 SLAs passed');
    expect(out).not.toContain('FAIL');
  });

  it('says so when no SLA was defined', () => {
    const out = plain(fixtureReport({ sla: { passed: true, results: [] } }));
    expect(out.trimEnd().split('\n').at(-1)).toBe('no SLAs defined');
    expect(out).not.toContain('measured');
  });

  it('shows ABORTED with the reason', () => {
    const out = plain(fixtureReport({ run: { ...base.run, status: 'aborted', abortReason: 'SIGINT' } }));
    expect(out.split('\n')[0]).toMatch(/· ABORTED \(SIGINT\)$/);
  });

  it('shows no service-time line in the closed model', () => {
    const out = plain(fixtureReport({ run: { ...base.run, load: { ...base.run.load, model: 'closed', vus: 10 } } }));
    expect(out).toContain('closed · 10 VUs');
    expect(out).not.toContain('service time');
    expect(out).not.toContain('scheduled start');
  });

  it('warns once, clearly, when the generator was saturated, then lists its warnings', () => {
    const generator = { ...base.generator, saturated: true, warnings: ['event loop blocked for 120ms'] };
    const out = plain(fixtureReport({ generator }));
    expect(out).toContain('⚠ crmload itself could not keep the schedule: these numbers include generator delay');
    expect(out).toContain('⚠ event loop blocked for 120ms');
    expect(out.match(/could not keep the schedule/g)).toHaveLength(1);
    expect(out).toMatch(/schedule lag p99 .*, CPU \d+(\.\d)?% of one core\)/);
    // No flag for a tool that does not exist yet, and no second, differently worded saturation line.
    expect(out).not.toContain('--workers');
    expect(out).not.toContain('bottleneck');
  });

  it('shows "-" for percentiles of a step without successful requests', () => {
    const step = { ...base.steps[0], name: 'always fails', latency: { ...base.steps[0].latency, count: 0, p50: null, p90: null, p95: null, p99: null, max: null } };
    const out = plain(fixtureReport({ steps: [step] }));
    expect(lineWith(out, 'always fails').split(/\s{2,}/).filter(Boolean).slice(3, 8)).toEqual(['-', '-', '-', '-', '-']);
  });

  it('writes no ANSI with colour off even when report strings carry escape sequences', () => {
    const hostile = '\u001b[31mred\u001b[0m\nnext line';
    const report = fixtureReport({
      steps: [{ ...base.steps[0], name: hostile }],
      run: { ...base.run, scenario: { name: hostile }, target: { url: `http://x/${hostile}`, demo: false } },
      generator: { ...base.generator, warnings: [hostile] },
      sla: { passed: false, results: [{ ...base.sla.results[0], expression: hostile }] },
    });
    const out = plain(report);
    expect(out).not.toMatch(ANSI);
    expect(out).toContain('\\x1B[31mred\\x1B[0m\\x0Anext line');
  });
});

describe('renderSummary colour', () => {
  const report = fixtureReport();

  it('colours with color: true, and is the same text once the colour is stripped', () => {
    const coloured = renderSummary(report, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\u001b[32mPASS');
    expect(coloured).toMatch(/\u001b\[31m(\u001b\[1m)?FAIL/);
    expect(stripAnsi(coloured)).toBe(plain(report));
  });
});

describe('renderSummary width', () => {
  const report = fixtureReport();

  // Warnings are free text from the generator: the only lines allowed to run long.
  const fitted = (out: string) => out.split('\n').filter((l) => !l.startsWith('⚠'));

  it.each([60, 80, 100, 140])('keeps every line within %i columns', (w) => {
    for (const line of fitted(plain(report, w))) expect(width(line), line).toBeLessThanOrEqual(w);
  });

  it('wraps the overall lines under their label when narrow', () => {
    const out = plain(report, 60);
    expect(out).toContain('  iterations    400 started · 390 completed · 8 failed\n                2 interrupted · 3 dropped\n                40.0/s offered · 40.0/s started');
  });

  it('splits the header onto two lines when it would not fit', () => {
    const lines = plain(report, 60).split('\n');
    expect(lines[0]).toBe('crm-mixed → http://127.0.0.1:4010 (demo)');
    expect(lines[1]).toBe('open · 120 it/s · max 200 VUs · 10s · COMPLETED');
  });

  it('cuts long step names with "…" and wraps long SLA expressions instead of cutting them', () => {
    const long = `step ${'x'.repeat(150)}`;
    const expression = `p99{step="${'y'.repeat(20)} ${'z'.repeat(20)}"} < 100ms`;
    const out = plain(fixtureReport({
      steps: [{ ...report.steps[0], name: long }],
      sla: { passed: true, results: [{ ...report.sla.results[0], expression }] },
    }), 80);
    for (const line of fitted(out)) expect(width(line), line).toBeLessThanOrEqual(80);
    expect(out).toContain('…');
    expect(out).toContain('y'.repeat(20));
    expect(out).toContain('z'.repeat(20));
  });
});

describe('renderSummary: offered vs achieved rate', () => {
  it('shows the offered rate beside the started one in the open model', () => {
    const report = fixtureReport();
    report.generator = { ...report.generator, offeredRate: 200, achievedRate: 90 };
    expect(lineWith(plain(report), 'offered')).toBe('                200.0/s offered · 90.0/s started');
  });

  it('has no such line in the closed model, where nothing is dropped', () => {
    const report = fixtureReport();
    report.run = { ...report.run, load: { ...report.run.load, model: 'closed', vus: 10 } };
    report.totals = { ...report.totals, dropped: 0, iterations: { ...report.totals.iterations, dropped: 0 } };
    report.generator = { ...report.generator, offeredRate: null };
    expect(plain(report)).not.toContain('offered');
    expect(lineWith(plain(report), 'iterations')).toBe('  iterations    400 started · 390 completed · 8 failed · 2 interrupted');
  });
});
