/**
 * A closed loop of iterations that never yield to I/O must not starve the event loop: signals and
 * timers still run (the Ctrl-C of a user whose scenario forgot an await must work).
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, SCENARIOS } from '../helpers/cli.js';

it('a SIGINT stops a closed loop of iterations that send nothing', async () => {
  const r = await runCli(['run', join(SCENARIOS, 'no-requests.mjs'), '--target', 'http://127.0.0.1:9', '--vus', '2', '--duration', '60s'], {
    signals: [{ signal: 'SIGINT', afterMs: 1500 }],
    timeoutMs: 20_000,
  });
  expect(r.timedOut).toBe(false);
  expect(r.code).toBe(130);
  expect(r.durationMs).toBeLessThan(15_000);
});
