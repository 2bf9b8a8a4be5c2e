/**
 * End to end: a report that cannot be written (here: a file-size limit, `ulimit -f`, so EFBIG) is
 * an environment failure, not a bug: one plain line per file naming it and the reason, the other
 * reports still written, exit 4 (issue 9 #22).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, errorLines, makeTempDir, ROOT } from '../helpers/cli.js';
import { faultServersForFile } from '../helpers/fault-server.js';

const startServer = faultServersForFile();
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

it('a report larger than the file-size limit: exit 4, one line per unwritten file, the small reports written', async () => {
  const server = await startServer();
  const [json, html, junit, markdown] = ['r.json', 'r.html', 'r.xml', 'r.md'].map((f) => tmp.path(f));
  const args = ['run', '--url', `${server.url}/ok`, '--rate', '10', '--duration', '1s', '--quiet', '--json', json, '--html', html, '--junit', junit, '--markdown', markdown];
  // 4 blocks (2–4 KiB, by shell): the JSON (histograms) and the HTML report are larger, the JUnit and Markdown ones are not.
  const script = `ulimit -f 4 && exec "${process.execPath}" "${CLI_BIN}" ${args.map((a) => `'${a}'`).join(' ')}`;
  const r = spawnSync('/bin/sh', ['-c', script], { cwd: ROOT, env: cliEnv(), encoding: 'utf8', timeout: 30_000 });
  expect(r.status, r.stderr).toBe(4);
  expect(errorLines(r.stderr)).toEqual([
    `crmload: error: cannot write --json ${json}: the file is larger than allowed (EFBIG: a file-size limit, ulimit -f, or the file system)`,
    `crmload: error: cannot write --html ${html}: the file is larger than allowed (EFBIG: a file-size limit, ulimit -f, or the file system)`,
  ]);
  expect(r.stderr).not.toMatch(/internal error|this is a bug|^\s+at /m);
  expect(readFileSync(junit, 'utf8')).toMatch(/<testsuites/);
  expect(readFileSync(markdown, 'utf8')).toMatch(/crmload/);
  expect(existsSync(json)).toBe(false);
  expect(existsSync(html)).toBe(false);
});
