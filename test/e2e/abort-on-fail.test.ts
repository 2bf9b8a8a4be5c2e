/**
 * End to end: `--abort-on-fail` judges the same data as the final verdict. A passing SLA must never
 * stop a run (issue 8: the watch used to see 0 iterations/s and stop at once, exit 3, while the report
 * said PASS), and a failing one stops it with exit 3 and a report that says why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { faultServersForFile } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';

const newServer = faultServersForFile();
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('--abort-on-fail', () => {
  it('an iterations SLA that passes does not stop the run', async () => {
    const server = await newServer();
    const json = tmp.path('iterations.json');
    const r = await runCli(['run', '--url', `${server.url}/ok`, '--rate', '20', '--duration', '3s', '--sla', 'iterations >= 1/s', '--abort-on-fail', '--abort-eval-delay', '1s', '--json', json, '--quiet']);
    const report = readValidReport(json);
    expect(report.run.status).toBe('completed');
    expect(report.sla.passed).toBe(true);
    expect(r.code).toBe(0);
    expect(report.totals.requests).toBe(60);
  });

  it('an SLA that fails stops the run: exit 3, aborted, and the report names the SLA', async () => {
    const server = await newServer();
    const json = tmp.path('fails.json');
    const r = await runCli(['run', '--url', `${server.url}/status?code=500`, '--rate', '20', '--duration', '20s', '--sla', 'availability >= 99%', '--abort-on-fail', '--abort-eval-delay', '1s', '--json', json, '--quiet']);
    expect(r.code).toBe(3);
    const report = readValidReport(json);
    expect(report.run.status).toBe('aborted');
    expect(report.run.abortReason).toBe('SLA failed: availability >= 99%');
    expect(report.sla.passed).toBe(false);
    expect(report.totals.requests).toBeLessThan(400);
  });
});
