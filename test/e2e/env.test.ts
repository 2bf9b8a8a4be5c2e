/** A missing env('NAME') is bad input: named (never its value), before any request (RELIABILITY C5). */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, SCENARIOS } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

it.each([
  { name: 'unset', env: { CRM_E2E_TOKEN: undefined } },
  { name: 'empty', env: { CRM_E2E_TOKEN: '' } },
])('exits 2 naming the variable when it is $name, and sends nothing', async ({ env }) => {
  const r = await runCli(['run', join(SCENARIOS, 'secrets.ts'), '--target', server.url, '--rate', '10', '--duration', '1s'], { env });
  expect(r.code).toBe(2);
  expect(r.stderr.trim()).toBe("crmload: error: environment variable CRM_E2E_TOKEN is not set (the scenario reads it with env('CRM_E2E_TOKEN'))");
  expect(server.count()).toBe(0);
});
