/** The README's scenario example is real: it runs clean against the demo CRM, with the steps it names. */
import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../src/demo/index.js';
import { makeTempDir, ROOT, runCli, SCENARIOS } from '../helpers/cli.js';
import { readValidReport } from '../helpers/schema.js';

// Inside the package, so `import { defineScenario } from 'crmload'` resolves as it does for users.
const file = join(SCENARIOS, '_readme-example.generated.ts');
const tmp = makeTempDir();
let demo: DemoServer;

beforeAll(async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README has no ```ts scenario example');
  writeFileSync(file, block);
  demo = await createDemoServer({ port: 0 });
});

afterAll(async () => {
  rmSync(file, { force: true });
  tmp.cleanup();
  await demo.close();
});

it('runs for 2 s against the demo server with no failure and the steps it names', async () => {
  const json = tmp.path('readme.json');
  const r = await runCli(['run', file, '--target', demo.url, '--rate', '5', '--duration', '2s', '--warmup', '0s', '--think', '10ms', '--quiet', '--json', json]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = readValidReport(json);
  expect(report.totals.failed).toBe(0);
  expect(report.totals.requests).toBeGreaterThan(0);
  expect(report.steps.map((s) => s.name).sort()).toEqual(['convert lead', 'create lead', 'get lead']);
  expect(report.sla.passed).toBe(true);
});
