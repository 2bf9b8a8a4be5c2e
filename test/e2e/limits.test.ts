/** More connections than the open-file limit can hold is bad input, said before the run (RELIABILITY D3). */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { CLI_BIN, cliEnv } from '../helpers/cli.js';

it('refuses 1000 connections under ulimit -n 256, naming the limit', () => {
  const r = spawnSync('bash', ['-c', `ulimit -n 256 && exec "${process.execPath}" "${CLI_BIN}" run --url http://127.0.0.1:9/ --vus 1000 --duration 1s`], {
    encoding: 'utf8',
    env: cliEnv(),
    timeout: 20_000,
  });
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe(
    'crmload: error: 1000 connections (--connections; by default one per VU) need at least 1032 file descriptors, but the open-file limit is 256: raise it with ulimit -n, or use fewer connections',
  );
});
