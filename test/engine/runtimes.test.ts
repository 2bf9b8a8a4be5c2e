/**
 * setup() in process, on a host that only counts its requests: concurrent requests (`Promise.all`,
 * `batch`) are each counted once, and a setup that fails does so after its other requests ended.
 */
import { systemClock } from '../../src/load/driver.js';
import { describe, expect, it } from 'vitest';
import { buildRuntimes, runSetup } from '../../src/engine/runtimes.js';
import { Warnings } from '../../src/engine/warnings.js';
import type { RunSettings } from '../../src/engine/context.js';
import { ConfigError } from '../../src/errors.js';
import { defineScenario } from '../../src/scenario/define.js';
import type { SetupApi } from '../../src/scenario/types.js';
import { FakePool, settle } from '../scenario/fake-host.js';

function settingsOn(pool: FakePool): RunSettings {
  return {
    client: pool,
    origin: 'http://127.0.0.1:9',
    basePath: '/',
    headers: {},
    openModel: true,
    seed: 1,
    warnings: new Warnings(),
    env: {},
    fakerFactory: null,
    onSecret: () => {},
    clock: systemClock,
  };
}

function withSetup(setup: (api: SetupApi) => Promise<unknown>) {
  return buildRuntimes(defineScenario({ name: 'with setup', setup, iteration: async () => {} }), [null]);
}

describe('runSetup', () => {
  it('Promise.all in setup(): both requests are sent at once, each counted once, and the result is shared', async () => {
    const pool = new FakePool();
    const runtimes = withSetup(async (api) => {
      const [a, b] = await Promise.all([api.get('/a'), api.post('/b', { json: {} })]);
      return { a: a.status, b: b.status };
    });
    const requests = runSetup(runtimes, settingsOn(pool));
    await settle();
    expect(pool.sent.map((e) => e.path)).toEqual(['/a', '/b']);
    pool.answer('/b', 201);
    pool.answer('/a', 200);
    expect(await requests).toBe(2);
    expect(runtimes.list[0].shared).toEqual({ a: 200, b: 201 });
    expect(pool.released).toBe(2);
  });

  it('batch in setup(): responses in order, every request counted', async () => {
    const pool = new FakePool();
    const runtimes = withSetup(async (api) => (await api.batch(['/a', '/b', { method: 'DELETE', path: '/c' }])).map((r) => r.status));
    const requests = runSetup(runtimes, settingsOn(pool));
    await settle();
    pool.answer('/c', 204);
    pool.answer('/a', 200);
    pool.answer('/b', 202);
    expect(await requests).toBe(3);
    expect(runtimes.list[0].shared).toEqual([200, 202, 204]);
  });

  it('one concurrent request fails: setup() fails (bad input), once the other has ended and been counted', async () => {
    const pool = new FakePool();
    const runtimes = withSetup(async (api) => Promise.all([api.get('/a', { expect: 200 }), api.get('/b')]));
    let outcome: unknown = null;
    const done = runSetup(runtimes, settingsOn(pool)).then(
      (n) => (outcome = n),
      (error: unknown) => (outcome = error),
    );
    await settle();
    pool.answer('/a', 404);
    await settle();
    expect(outcome).toBeNull(); // /b is still in flight
    pool.answer('/b', 200);
    await done;
    expect(outcome).toBeInstanceOf(ConfigError);
    expect((outcome as Error).message, (outcome as Error).message).toMatch(/setup\(\) of scenario "with setup" failed: GET \/a: http4xx \(HTTP 404\)/);
    expect(pool.released).toBe(2);
    expect(pool.inFlight.size).toBe(0);
  });
});
