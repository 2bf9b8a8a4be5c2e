/** A signal while setup() runs: no iteration starts, the run ends with 130 and an aborted report. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, runCli, SCENARIOS } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';

let server: FaultServer;
const tmp = makeTempDir();
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

it('SIGINT during setup(): exit 130, nothing measured, report marked aborted', async () => {
  const json = tmp.path('setup.json');
  const r = await runCli(['run', join(SCENARIOS, 'slow-setup.mjs'), '--target', server.url, '--rate', '20', '--duration', '30s', '--json', json], {
    signals: [{ signal: 'SIGINT', whenStderr: /setup started/, afterMs: 50 }],
    timeoutMs: 20_000,
  });
  expect(r.timedOut).toBe(false);
  expect(r.code).toBe(130);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  const report = JSON.parse(readFileSync(json, 'utf8'));
  expect(report.run.status).toBe('aborted');
  expect(report.totals.requests).toBe(0);
  expect(server.count()).toBe(0);
});
