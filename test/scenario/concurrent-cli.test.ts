/**
 * Concurrent requests from one VU through the built CLI against a counting server, in both load
 * models: the run ends (exit 0, a report), and every request sent is counted exactly once.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli, SCENARIOS } from '../helpers/cli.js';
import { faultServersForFile } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const server = faultServersForFile();

const ITERATIONS = 40;
const FAILING = ITERATIONS / 4; // iterations 0, 4, 8, …: one request of their batch answers 500
const SETUP_REQUESTS = 3;

describe.concurrent('Promise.all and vu.batch in setup() and in iterations', () => {
  it.each([
    { model: 'closed', args: ['--vus', '3'] },
    // As many VUs as iterations: none can be dropped, so the counts are exact in the open model too.
    { model: 'open', args: ['--rate', '50', '--max-vus', String(ITERATIONS)] },
  ])('$model model: exit 0, each request its own step, sent = completed + failed + interrupted = the server count', async ({ model, args }) => {
    const s = await server();
    const json = tmp.path(`concurrent-${model}.json`);
    const r = await runCli(['run', join(SCENARIOS, 'concurrent.ts'), '--target', s.url, '--iterations', String(ITERATIONS), ...args, '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/^\s+at |Unhandled|internal error|iteration threw/m);
    const report = readValidReport(json);
    const { totals } = report;
    expect(totals.requests).toBe(totals.completed + totals.failed + totals.interrupted);
    expect(totals.requests + report.run.setupRequests).toBe(s.count());
    expect(report.run.setupRequests).toBe(SETUP_REQUESTS);
    const steps = Object.fromEntries(report.steps.map((x) => [x.name, { requests: x.requests, failed: x.failed }]));
    expect(steps).toEqual({
      json: { requests: ITERATIONS, failed: 0 },
      slow: { requests: ITERATIONS, failed: 0 },
      'batch slow': { requests: ITERATIONS, failed: 0 },
      'batch maybe failing': { requests: ITERATIONS, failed: FAILING },
      after: { requests: ITERATIONS - FAILING, failed: 0 },
    });
    expect(totals.iterations).toMatchObject({ started: ITERATIONS, completed: ITERATIONS - FAILING, failed: FAILING, interrupted: 0, dropped: 0 });
    expect(totals.errorsByKind).toEqual({ http5xx: FAILING });
    expect(s.countByPath()).toEqual({
      '/json': ITERATIONS + 1,
      '/delay': 2 * ITERATIONS,
      '/ok': 2 + (ITERATIONS - FAILING) * 2,
      '/status': FAILING,
    });
  });

  it('a request never answered while its sibling ended: interrupted at the end, the iteration counted once', async () => {
    const s = await server();
    const json = tmp.path('concurrent-never.json');
    // A connection per request: none waits queued behind a /never, so all four reach the server.
    const r = await runCli(['run', join(SCENARIOS, 'concurrent-never.ts'), '--target', s.url, '--vus', '2', '--connections', '4', '--duration', '1s', '--grace', '1s', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const report = readValidReport(json);
    const steps = Object.fromEntries(report.steps.map((x) => [x.name, { requests: x.requests, completed: x.completed, interrupted: x.interrupted }]));
    expect(steps).toEqual({ ok: { requests: 2, completed: 2, interrupted: 0 }, never: { requests: 2, completed: 0, interrupted: 2 } });
    expect(report.totals.iterations).toMatchObject({ started: 2, completed: 0, failed: 0, interrupted: 2 });
    expect(report.totals.requests).toBe(s.count());
    expect(s.countByPath()).toEqual({ '/ok': 2, '/never': 2 });
  });
});
