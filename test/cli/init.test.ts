/** `crmload init DIR` where DIR cannot be made: one line and exit 2 (or 4), never an internal error or a hang. */
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const tmp = makeTempDir('crmload-init-');
afterAll(() => tmp.cleanup());

describe('init: a directory it cannot use', () => {
  it('a file in place of the directory is bad input', async () => {
    const file = tmp.path('a.json');
    writeFileSync(file, '{}');
    const r = await runInProcess(['init', file]);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([`crmload: error: init: ${file} is a file, not a directory`]);
  });

  it('a file on the way to it is bad input', async () => {
    const file = tmp.path('b.txt');
    writeFileSync(file, '');
    const r = await runInProcess(['init', `${file}/project`]);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([`crmload: error: init: cannot create ${file}/project/scenarios/journey.ts: a part of the path is not a directory (ENOTDIR)`]);
  });

  // Node 20's recursive mkdir loops for ever at full CPU (deaf to SIGTERM) under /proc: spawned, so a
  // regression is a killed process and a failed test, not a hung suite.
  it.runIf(existsSync('/proc/self'))('a directory no directory can be made in (/proc) is bad input, at once', async () => {
    const r = await runCli(['init', '/proc/crmload-nope'], { timeoutMs: 15_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('crmload: error: init: cannot create /proc/crmload-nope/scenarios/journey.ts: no directory can be made there (ENOENT)');
  });

  it('still creates the scaffold, missing parents included', async () => {
    const dir = tmp.path('deep/er/project');
    const r = await runInProcess(['init', dir]);
    expect(r.code).toBe(0);
    for (const name of ['scenarios/journey.ts', 'scenarios/data/users.csv', 'tsconfig.json', '.github/workflows/load-test.yml']) expect(existsSync(`${dir}/${name}`)).toBe(true);
  });
});
