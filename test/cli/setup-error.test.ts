/** A setup() that throws: one line that shows what was thrown, inspected, redacted and bounded (issue 9 #21). */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const tmp = makeTempDir('crmload-setup-');
afterAll(() => tmp.cleanup());

/** A .mjs scenario whose setup() runs `body`; nothing is sent (the target is never reached). */
function scenario(name: string, body: string): string {
  const path = tmp.path(`${name}.mjs`);
  writeFileSync(path, `export default { name: '${name}', async setup(api) { ${body} }, async iteration() {} };\n`);
  return path;
}

async function setupError(file: string, env: Record<string, string> = {}): Promise<string[]> {
  const r = await runInProcess(['run', file, '--target', 'http://127.0.0.1:9', '--vus', '1', '--duration', '1s', '--quiet'], { env });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  return r.errors;
}

describe('setup() throws a value that is not an Error', () => {
  it('an object is shown inspected, not as [object Object]', async () => {
    expect(await setupError(scenario('obj', 'throw { code: 42 };'))).toEqual(['crmload: error: setup() of scenario "obj" failed: { code: 42 }']);
  });

  it('a string is shown as it is', async () => {
    expect(await setupError(scenario('str', "throw 'login refused';"))).toEqual(['crmload: error: setup() of scenario "str" failed: login refused']);
  });

  it('undefined and null are named', async () => {
    expect(await setupError(scenario('undef', 'throw undefined;'))).toEqual(['crmload: error: setup() of scenario "undef" failed: undefined']);
  });

  it('secrets are redacted: credential-like keys and env() values', async () => {
    const [line] = await setupError(
      scenario('secret', "const t = api.env('CRM_SETUP_TOKEN'); throw { status: 401, password: 'hunter22', detail: 'token ' + t + ' refused' };"),
      { CRM_SETUP_TOKEN: 'tok-abcdef-123456' },
    );
    expect(line).toBe(`crmload: error: setup() of scenario "secret" failed: { status: 401, password: '***', detail: 'token *** refused' }`);
  });

  it('a huge value is bounded to one short line', async () => {
    const [line] = await setupError(scenario('huge', "throw { rows: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: 'x'.repeat(50) })), text: 'y'.repeat(100000) };"));
    expect(line.length).toBeLessThan(400);
    expect(line).toMatch(/^crmload: error: setup\(\) of scenario "huge" failed: \{ rows: \[/);
    expect(line).toMatch(/…$/);
    expect(line).not.toMatch(/\n/);
  });
});
