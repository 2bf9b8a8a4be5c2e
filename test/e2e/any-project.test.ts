/**
 * Scenarios run from any project (issue 12 item 1): a scenario outside this repository, in a folder
 * with no crmload dependency (as with a global install or npx), written as .ts, .mts, .js (ESM syntax
 * in a CommonJS scope) or .mjs, resolves `crmload`; bundled scenarios resolve by name from any
 * directory; `crmload init` scaffolds a project whose scenario runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../src/demo/index.js';
import { makeTempDir, runCli } from '../helpers/cli.js';

const tmp = makeTempDir('crmload-any-project-');
let server: DemoServer;

beforeAll(async () => {
  server = await createDemoServer({ seed: 1, size: 'small', port: 0 });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

const ESM_BODY = `import { defineScenario } from 'crmload';
export default defineScenario({ name: 'anywhere', async iteration(vu) { await vu.get('/health', { expect: 200 }); } });
`;
const FILES: Array<[string, string]> = [
  ['journey.ts', ESM_BODY],
  ['journey.mts', ESM_BODY],
  ['journey.js', ESM_BODY],
  ['journey.mjs', ESM_BODY],
  ['required.js', `const { defineScenario } = require('crmload');\nmodule.exports = defineScenario({ name: 'anywhere', async iteration(vu) { await vu.get('/health'); } });\n`],
];

describe('a scenario in a folder without crmload', () => {
  it.each(FILES)('%s resolves crmload and runs', async (name, text) => {
    writeFileSync(tmp.path(name), text);
    const json = tmp.path(`${name}.json`);
    const result = await runCli(['run', `./${name}`, '--target', server.url, '--iterations', '3', '--vus', '1', '--json', json, '--quiet'], { cwd: tmp.dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.totals.requests).toBe(3);
    expect(report.totals.completed).toBe(3);
  });
});

describe('bundled scenarios from any directory', () => {
  it('`crmload scenarios` lists them, and `run NAME` finds one', async () => {
    const list = await runCli(['scenarios'], { cwd: tmp.dir });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/bundled with crmload:\n(?:.*\n)*\s+crm-search\s+Search/);
    const json = tmp.path('bundled.json');
    const result = await runCli(['run', 'crm-search', '--target', server.url, '--iterations', '4', '--rate', '20', '--json', json, '--quiet'], { cwd: tmp.dir });
    expect([0, 3], result.stderr).toContain(result.code);
    expect(JSON.parse(readFileSync(json, 'utf8')).run.scenario.name).toBe('crm-search');
  });
});

describe('crmload init', () => {
  it('scaffolds a scenario, its data, a tsconfig and a CI workflow, keeps existing files, and the scenario runs', async () => {
    const dir = join(tmp.dir, 'project');
    const first = await runCli(['init', dir], { cwd: tmp.dir });
    expect(first.code, first.stderr).toBe(0);
    for (const f of ['scenarios/journey.ts', 'scenarios/data/users.csv', 'tsconfig.json', '.github/workflows/load-test.yml']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
      expect(first.stdout).toContain(`created  ${f}`);
    }
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions.paths.crmload[0]).toMatch(/index\.d\.ts$/);
    const again = await runCli(['init', dir], { cwd: tmp.dir });
    expect(again.stdout).toContain('kept     scenarios/journey.ts (exists)');
    const check = await runCli(['check', 'scenarios/journey.ts'], { cwd: dir });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^ok: scenarios\/journey\.ts/);
    const json = tmp.path('init.json');
    const run = await runCli(['run', 'scenarios/journey.ts', '--target', server.url, '--iterations', '3', '--vus', '1', '--json', json, '--quiet'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).totals.failed).toBe(0);
  });
});
