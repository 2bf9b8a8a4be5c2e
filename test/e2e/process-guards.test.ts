/**
 * The process edges of the CLI (issue 9): a signal while crmload is still loading ends the run with an
 * aborted report, not a silent death; scenario console output never reaches stdout; and a command the
 * event loop gave up on is an internal error (exit 1), never a silent exit 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { holdsSignals, makeTempDir, runCli, SCENARIOS } from '../helpers/cli.js';
import { faultServersForFile } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';

const newServer = faultServersForFile();
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('a signal before the run has begun', () => {
  it('SIGINT as soon as crmload holds signals (while it loads its modules and the TypeScript scenario): exit 130, aborted report, nothing sent', async () => {
    const server = await newServer();
    const json = tmp.path('early.json');
    const r = await runCli(['run', join(SCENARIOS, 'three-steps.ts'), '--target', server.url, '--rate', '20', '--duration', '30s', '--json', json], {
      signals: [{ signal: 'SIGINT', when: (pid) => holdsSignals(pid) }],
      timeoutMs: 30_000,
    });
    expect(r.signal, 'killed by the signal instead of handling it').toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const report = readValidReport(json);
    expect(report.run.status).toBe('aborted');
    expect(report.run.abortReason).toBe('SIGINT');
    expect(report.totals.requests).toBe(0);
    expect(server.count()).toBe(0);
  });
});

describe('scenario console output', () => {
  it('goes to stderr: `--json -` stays one parseable JSON document', async () => {
    const server = await newServer();
    const r = await runCli(['run', join(SCENARIOS, 'console-output.mjs'), '--target', server.url, '--iterations', '3', '--vus', '1', '--json', '-', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.totals.requests).toBe(3);
    expect(r.stderr).toContain('hello from setup');
    expect(r.stderr).toContain('iteration 2');
    expect(r.stdout).not.toContain('hello from setup');
  });
});

describe('a command the event loop gave up on', () => {
  it('setup() awaiting a promise nobody settles: one internal-error line and exit 1, never exit 0', async () => {
    const server = await newServer();
    const json = tmp.path('stuck.json');
    const r = await runCli(['run', join(SCENARIOS, 'stuck-setup.mjs'), '--target', server.url, '--rate', '5', '--duration', '2s', '--json', json], { timeoutMs: 20_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^crmload: internal error: the run stopped making progress/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // Nothing was measured yet, so there is no report to write.
    expect(() => readFileSync(json)).toThrow();
  });
});
