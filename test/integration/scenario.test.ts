/**
 * Scenario mode against the fault server with fixture scenarios (test/fixtures/scenarios): step
 * names, `expect` checks that skip the rest of the iteration, capture errors, a missing captured value
 * that must never reach the server, and secrets that never reach any output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli, SCENARIOS, type CliResult } from '../helpers/cli.js';
import { faultServersForFile, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';
import type { Report } from '../../src/report/types.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
/** Each case gets its own server, so cases can run at the same time and counts stay exact. */
const server = faultServersForFile();

let runs = 0;
async function run(
  scenario: string,
  s: FaultServer,
  args: string[],
  env?: Record<string, string>,
): Promise<{ r: CliResult; report: Report; json: string }> {
  const json = tmp.path(`run-${++runs}.json`);
  const r = await runCli(['run', join(SCENARIOS, scenario), '--target', s.url, ...args, '--json', json], { env });
  expect(r.stderr).not.toMatch(/^\s+at |Unhandled|internal error/m);
  return { r, report: readValidReport(json), json };
}

const step = (report: Report, name: string) => report.steps.find((s) => s.name === name);

describe.concurrent('scenario mode', () => {
  it('runs the steps under their given names and templated default names', async () => {
    const s = await server();
    const { r, report } = await run('three-steps.ts', s, ['--vus', '2', '--iterations', '20']);
    expect(r.code, r.stderr).toBe(0);
    expect(report.steps.map((x) => x.name)).toEqual(['GET /json', 'ok step', 'POST /echo', 'GET /items/:id']);
    for (const x of report.steps) {
      expect(x.requests).toBe(20);
      expect(x.failed).toBe(0);
      expect(x.scenario).toBe('three steps');
    }
    expect(step(report, 'POST /echo')!.bytesOut).toBeGreaterThan(0);
    expect(step(report, 'GET /items/:id')!.statusCodes).toEqual({ '404': 20 });
    expect(report.totals.iterations).toMatchObject({ started: 20, completed: 20, failed: 0, skippedSteps: 0 });
    expect(report.run.scenario.name).toBe('three steps');
    const byPath = s.countByPath();
    expect(byPath['/json']).toBe(20);
    expect(byPath['/ok']).toBe(20);
    expect(byPath['/echo']).toBe(20);
    expect(s.count()).toBe(80);
  });

  it('a failed expect is a check error and skips the rest of the iteration', async () => {
    const s = await server();
    // One VU, so iteration 0 (which passes) completes first and sets the number of steps to skip.
    const { r, report } = await run('expect-mismatch.ts', s, ['--vus', '1', '--iterations', '20']);
    expect(r.code, r.stderr).toBe(0);
    expect(report.totals.errorsByKind).toEqual({ check: 10 });
    expect(step(report, 'ok expecting')).toMatchObject({ requests: 20, completed: 10, failed: 10 });
    expect(step(report, 'after ok')).toMatchObject({ requests: 10, completed: 10 });
    expect(report.totals.iterations).toMatchObject({ started: 20, completed: 10, failed: 10, skippedSteps: 10 });
    expect(s.countByPath()).toEqual({ '/ok': 20, '/json': 10 });
  });

  it('json() on a body that is not JSON is a capture error; the next step never runs', async () => {
    const s = await server();
    const { report } = await run('bad-json.ts', s, ['--vus', '1', '--iterations', '10']);
    expect(report.totals.errorsByKind).toEqual({ capture: 10 });
    expect(report.steps.map((x) => x.name)).toEqual(['bad json']);
    expect(step(report, 'bad json')).toMatchObject({ requests: 10, failed: 10, statusCodes: { '200': 10 } });
    expect(report.totals.iterations).toMatchObject({ started: 10, failed: 10, completed: 0 });
    expect(s.countByPath()).toEqual({ '/badjson': 10 });
  });

  it('a path built from a missing value is never sent (counted as invalid in its step), and the iteration fails', async () => {
    const s = await server();
    const { r, report } = await run('missing-capture.ts', s, ['--vus', '1', '--iterations', '10']);
    const paths = Object.keys(s.countByPath());
    expect(paths.filter((p) => /undefined|null/.test(p))).toEqual([]);
    expect(s.countByPath()).toEqual({ '/json': 10 });
    expect(report.totals.iterations).toMatchObject({ started: 10, failed: 10, completed: 0 });
    expect(report.totals.requests).toBe(20);
    expect(step(report, 'use missing id')).toMatchObject({ requests: 10, failed: 10, bytesOut: 0, errorsByKind: { invalid: 10 } });
    // Said once, not once per iteration.
    expect(r.stderr.split('\n').filter((l) => l.includes('refusing to send'))).toHaveLength(1);
    expect(r.stderr).toContain('/api/x/undefined');
  });

  it('env() values and credential headers appear in no output', async () => {
    const s = await server();
    const ENV_SECRET = 'ENVSECRET987654';
    const HEADER_SECRET = 'SECRET123';
    const markdown = tmp.path('secrets.md');
    const junit = tmp.path('secrets.xml');
    const html = tmp.path('secrets.html');
    const { r, json, report } = await run(
      'secrets.ts',
      s,
      ['--vus', '1', '--iterations', '6', '--header', `Authorization: Bearer ${HEADER_SECRET}`, '--sla', 'p95 < 10s', '--markdown', markdown, '--junit', junit, '--html', html],
      { CRM_E2E_TOKEN: ENV_SECRET },
    );
    expect(r.code, r.stderr).toBe(0);
    // The scenario did run with the secret: one iteration threw an error quoting it.
    expect(report.totals.iterations).toMatchObject({ started: 6, completed: 5, failed: 1 });
    expect(s.countByPath()).toEqual({ '/echo': 6 });
    expect(r.stderr).toContain('rejected');
    expect(r.stdout).toContain('echo ***');
    const outputs = { stdout: r.stdout, stderr: r.stderr, json: readFileSync(json, 'utf8'), markdown, junit, html };
    for (const [name, text] of Object.entries(outputs)) {
      const content = name === 'stdout' || name === 'stderr' || name === 'json' ? text : readFileSync(text, 'utf8');
      expect(content, name).not.toContain(ENV_SECRET);
      expect(content, name).not.toContain(HEADER_SECRET);
    }
  });
});
