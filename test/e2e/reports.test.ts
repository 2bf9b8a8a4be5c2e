/**
 * End to end: what CI does with reports — re-render a saved report in every format, refuse a report
 * from a future schema, gate on a baseline with `compare`, stop early with `--abort-on-fail`, and
 * write JUnit, Markdown, GitHub annotations and the step summary from one failing run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, makeTempDir, runCli } from '../helpers/cli.js';
import { faultServersForFile, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport, reportSchemaErrors } from '../helpers/schema.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
/** Each case gets its own server, so cases can run at the same time and counts stay exact. */
const server = faultServersForFile();

/** A quick run at 20/s for 2 s against `path`, writing its JSON report to `json`. */
async function quickRun(s: FaultServer, path: string, json: string): Promise<void> {
  const r = await runCli(['run', '--url', `${s.url}${path}`, '--rate', '20', '--duration', '2s', '--json', json, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  readValidReport(json);
}

describe('report and compare on reports written by real runs', () => {
  const base = tmp.path('base.json');
  const head = tmp.path('head.json');

  beforeAll(async () => {
    const s = await server();
    // A wide gap (5 ms vs 300 ms), so a busy machine slowing the base run can never close it.
    await Promise.all([quickRun(s, '/delay?ms=5', base), quickRun(s, '/delay?ms=300', head)]);
  });

  const junitParser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
  const parses: Record<string, (out: string) => void> = {
    json: (out) => expect(reportSchemaErrors(JSON.parse(out))).toEqual([]),
    junit: (out) => {
      expect(XMLValidator.validate(out)).toBe(true);
      expect(junitParser.parse(out).testsuites.testsuite.length).toBeGreaterThan(0);
    },
    markdown: (out) => expect(out).toMatch(/^\|.*\|$/m),
    html: (out) => {
      expect(out).toMatch(/^<!doctype html>/i);
      expect(out.trimEnd()).toMatch(/<\/html>$/i);
    },
    table: (out) => expect(out).toContain('GET /delay'),
  };

  it.concurrent.each(Object.keys(parses))('report --format %s: exit 0, output parses', async (format) => {
    const r = await runCli(['report', base, '--format', format]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    parses[format](r.stdout);
  });

  it('report on a schemaVersion 2.0.0 file: exit 2, one line', async () => {
    const future = tmp.path('future.json');
    const report = JSON.parse(readFileSync(base, 'utf8'));
    writeFileSync(future, JSON.stringify({ ...report, schemaVersion: '2.0.0' }));
    const r = await runCli(['report', future, '--format', 'table']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual(errorLines(r.stderr));
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('2.0.0');
  });

  it('compare A A: exit 0', async () => {
    const r = await runCli(['compare', base, base]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('compare with HEAD from a slower target: exit 3, the regression named', async () => {
    // p50 rather than the default p95: with 40 samples one stall of a busy machine can move the
    // base's p95 by 20 ms, never its median.
    const r = await runCli(['compare', base, head, '--max-regression', 'p50=10%']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/REGRESSION/);
    expect(r.stdout).toMatch(/p50/);
  });
});

describe('--abort-on-fail', () => {
  it('stops a 20 s run soon after the evaluation delay: exit 3, report aborted by the SLA', async () => {
    const s = await server();
    const json = tmp.path('abort.json');
    const r = await runCli(
      ['run', '--url', `${s.url}/delay?ms=20`, '--rate', '20', '--duration', '20s', '--abort-on-fail', '--abort-eval-delay', '1s', '--sla', 'p95 < 1ms', '--json', json, '--quiet'],
      { timeoutMs: 25_000 },
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.durationMs).toBeLessThan(10_000);
    const report = readValidReport(json);
    expect(report.run.status).toBe('aborted');
    expect(report.run.abortReason).toMatch(/SLA/);
    expect(report.run.abortReason).toContain('p95 < 1ms');
    expect(report.sla.passed).toBe(false);
    expect(report.run.durationMs).toBeLessThan(10_000);
    const t = report.totals;
    expect(t.requests).toBe(t.completed + t.failed + t.interrupted);
    expect(s.count()).toBe(t.requests);
  });
});

describe('CI outputs from one failing run', () => {
  it('JUnit failure, Markdown FAIL, one ::error per failed SLA, step summary appended', async () => {
    const s = await server();
    const junit = tmp.path('ci.xml');
    const markdown = tmp.path('ci.md');
    const summary = tmp.path('step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await runCli(
      [
        'run', '--url', `${s.url}/delay?ms=5`, '--rate', '20', '--duration', '2s',
        '--sla', 'p95 < 1us', '--sla', 'max < 2us', '--sla', 'availability >= 99%',
        '--junit', junit, '--markdown', markdown,
      ],
      { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } },
    );
    expect(r.code, r.stderr).toBe(3);

    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml).testsuites.testsuite as Array<{ testcase: Array<{ '@_name': string; failure?: unknown }> }>;
    const cases = suites.flatMap((suite) => suite.testcase);
    expect(cases.filter((c) => c.failure !== undefined).map((c) => c['@_name']).sort()).toEqual(['max < 2us', 'p95 < 1us']);
    expect(cases.find((c) => c['@_name'] === 'availability >= 99%')?.failure).toBeUndefined();

    const md = readFileSync(markdown, 'utf8');
    expect(md).toContain('FAIL');

    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(2);
    expect(annotations.join('\n')).toContain('p95 < 1us');
    expect(annotations.join('\n')).toContain('max < 2us');

    const stepSummary = readFileSync(summary, 'utf8');
    expect(stepSummary.startsWith('# earlier step\n')).toBe(true);
    expect(stepSummary).toContain('FAIL');
    expect(stepSummary).toContain(md.trim().split('\n')[0]);
  });
});
