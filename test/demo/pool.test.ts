import { afterEach, describe, expect, it } from 'vitest';
import { RequestPool } from '../../src/demo/levers/pool.js';
import { parseDemoOptions } from '../../src/demo/options.js';
import { send, startDemo, type DemoClient } from './helpers.js';

describe('RequestPool', () => {
  let now = 0;
  const clock = () => now;

  it('admits `size` at once, then serves the waiters first come first served, counting their wait', async () => {
    now = 0;
    const pool = new RequestPool(2, clock);
    const order: string[] = [];
    const take = (name: string) => pool.acquire(() => false).then((granted) => granted && order.push(name));
    await Promise.all([take('a'), take('b')]);
    const waiting = [take('c'), take('d'), take('e')];
    expect(pool.snapshot()).toMatchObject({ busy: 2, queued: 3, served: 2, waited: 0 });
    now = 20;
    pool.release();
    now = 30;
    pool.release();
    await Promise.all(waiting.slice(0, 2));
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    now = 50;
    pool.release();
    await waiting[2];
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pool.snapshot()).toEqual({ size: 2, busy: 2, queued: 0, served: 5, waited: 3, abandoned: 0, waitMsTotal: 100, meanWaitMs: 20, maxWaitMs: 50 });
  });

  it('skips a waiter whose client went away: it is never served and holds no slot', async () => {
    now = 0;
    const pool = new RequestPool(1, clock);
    await pool.acquire(() => false);
    let gone = false;
    const left = pool.acquire(() => gone);
    const stays = pool.acquire(() => false);
    gone = true;
    pool.release();
    expect(await left).toBe(false);
    expect(await stays).toBe(true);
    expect(pool.snapshot()).toMatchObject({ busy: 1, queued: 0, served: 2, abandoned: 1 });
    pool.release();
    expect(pool.snapshot().busy).toBe(0);
  });
});

describe('--pool option', () => {
  it.each([
    [{ pool: '4' }, { pool: 4 }],
    [{ pool: '1' }, { pool: 1 }],
  ])('%j', (raw, wanted) => {
    expect(parseDemoOptions(raw)).toEqual(wanted);
  });

  it.each(['0', '-1', 'many', '1.5'])('refuses %s', (value) => {
    expect(() => parseDemoOptions({ pool: value })).toThrow(/--pool .*: expected an integer from 1 to 100000/);
  });
});

describe('demo server with --pool', () => {
  const running: DemoClient[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((d) => d.server.close()));
  });

  it('with 2 slots and 300 ms of latency, 6 requests at once: 2 served at once, 4 wait, the wait is in /__demo/stats', async () => {
    const demo = await startDemo({ pool: 2, latency: { minMs: 300, maxMs: 300 } });
    running.push(demo);
    const answers = await Promise.all(Array.from({ length: 6 }, () => demo.get('/api/contacts/1')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const pool = demo.server.poolStats()!;
    // The login went through the pool too: 7 served. Each of the 6 was sent before any could finish.
    expect(pool).toMatchObject({ size: 2, busy: 0, queued: 0, served: 7, abandoned: 0 });
    expect(pool.waited).toBeGreaterThanOrEqual(4);
    expect(pool.maxWaitMs).toBeGreaterThan(0);
    expect(pool.waitMsTotal).toBeGreaterThanOrEqual(pool.maxWaitMs);
    expect(pool.meanWaitMs).toBeCloseTo(pool.waitMsTotal / pool.served, 2);
    const stats = (await send(demo.url, 'GET', '/__demo/stats')).json;
    expect(stats.pool).toEqual(demo.server.poolStats());
    expect((await send(demo.url, 'GET', '/health')).json.pool).toBe(2);
  });

  it('without the lever, /__demo/stats has no pool', async () => {
    const demo = await startDemo();
    running.push(demo);
    expect((await send(demo.url, 'GET', '/__demo/stats')).json.pool).toBeUndefined();
    expect(demo.server.poolStats()).toBeUndefined();
  });
});
