import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { startFaultServer, type FaultServer } from './helpers/fault-server.js';

/** Fails instead of hanging when a promise does not settle in time. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('fault server', () => {
  let server: FaultServer;
  const agent = new Agent({ connections: 100 });
  const get = (path: string) => request(`${server.url}${path}`, { dispatcher: agent });

  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(async () => {
    await agent.close();
    await server.close();
  });

  it('listens on loopback and counts requests per path', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    server.reset();
    for (const path of ['/ok', '/ok', '/json?x=1']) await (await get(path)).body.dump();
    expect(server.count()).toBe(3);
    expect(server.countByPath()).toEqual({ '/ok': 2, '/json': 1 });
    const arrivals = server.arrivals();
    expect(arrivals).toHaveLength(3);
    expect([...arrivals].sort((a, b) => a - b)).toEqual(arrivals);
    server.reset();
    expect(server.count()).toBe(0);
    expect(server.arrivals()).toEqual([]);
  });

  it.each([
    { path: '/ok', status: 200, type: 'text/plain', body: 'ok' },
    { path: '/json', status: 200, type: 'application/json', body: '{"id":"abc","token":"t"}' },
    { path: '/badjson', status: 200, type: 'application/json', body: '<html>' },
    { path: '/status?code=503', status: 503, type: 'application/json', body: '{"status":503}' },
    { path: '/status?code=404', status: 404, type: 'application/json', body: '{"status":404}' },
    { path: '/nowhere', status: 404, type: 'text/plain', body: 'not found' },
  ])('$path answers $status', async ({ path, status, type, body }) => {
    const res = await get(path);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe(type);
    expect(await res.body.text()).toBe(body);
  });

  it('adds Retry-After to a 429', async () => {
    const res = await get('/status?code=429');
    await res.body.dump();
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
  });

  it('delays /delay by at least the asked time', async () => {
    const started = performance.now();
    const res = await get('/delay?ms=60');
    expect(await res.body.text()).toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('never answers /delay sooner than asked (timers may fire early; the server must not)', async () => {
    const timed = async (): Promise<number> => {
      const started = performance.now();
      await (await get('/delay?ms=25')).body.dump();
      return performance.now() - started;
    };
    const took = await Promise.all(Array.from({ length: 60 }, timed));
    expect(Math.min(...took)).toBeGreaterThanOrEqual(25);
  });

  it('gives /dist 80 × 10 ms, 17 × 50 ms and 3 × 200 ms per 100 requests', async () => {
    server.reset();
    const timed = async (): Promise<number> => {
      const started = performance.now();
      await (await get('/dist')).body.dump();
      return performance.now() - started;
    };
    const took = (await Promise.all(Array.from({ length: 100 }, timed))).sort((a, b) => a - b);
    // The server's timers may fire a little over 1 ms early by the fine clock: 2 ms of slack.
    expect(took[0]).toBeGreaterThanOrEqual(8);
    expect(took[80]).toBeGreaterThanOrEqual(48);
    expect(took[97]).toBeGreaterThanOrEqual(198);
    // Lower bounds alone could pass with everything slow: the fast majority must not wait 50 ms.
    expect(took[79]).toBeLessThan(took[97]);
  });

  it('trickles /drip one byte per interval', async () => {
    const started = performance.now();
    const res = await get('/drip?interval=20&total=10');
    expect(res.headers['content-length']).toBe('10');
    expect(await res.body.text()).toBe('..........');
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(180);
    expect(took).toBeLessThan(5_000);
  });

  it('streams /huge with an exact Content-Length', async () => {
    const res = await get('/huge?mb=2');
    const body = Buffer.from(await res.body.arrayBuffer());
    expect(res.headers['content-length']).toBe(String(2 * 1024 * 1024));
    expect(body.length).toBe(2 * 1024 * 1024);
    expect(body.every((byte) => byte === 0)).toBe(true);
  });

  it('echoes method, url, headers and body length', async () => {
    const res = await request(`${server.url}/echo?q=1`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'x-probe': 'yes', 'content-type': 'text/plain' },
      body: 'hello world',
    });
    const echoed = (await res.body.json()) as Record<string, unknown>;
    expect(echoed).toMatchObject({ method: 'POST', url: '/echo?q=1', bodyLength: 11 });
    expect(echoed.headers).toMatchObject({ 'x-probe': 'yes' });
  });

  it('resets the socket on /reset', async () => {
    await expect(get('/reset')).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/) });
  });

  it('resets /reset-mid-body after the headers', async () => {
    const res = await get('/reset-mid-body');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('1000');
    await expect(res.body.text()).rejects.toThrow();
  });

  it('refuses a non-loopback host', async () => {
    await expect(startFaultServer({ host: '10.0.0.1' })).rejects.toThrow(/not a loopback/);
  });
});

describe('fault server lifecycle', () => {
  it('closes promptly with a /never request open', async () => {
    const server = await startFaultServer();
    const pending = request(`${server.url}/never`).then(
      () => 'answered',
      () => 'failed',
    );
    await within(5_000, waitFor(() => server.count() === 1), 'the /never request');
    await within(5_000, server.close(), 'close()');
    expect(await within(5_000, pending, 'the /never client')).toBe('failed');
  });

  it('freezes once for the configured stall, counted from the first request', async () => {
    const server = await startFaultServer({ stall: { atMs: 50, forMs: 200 } });
    try {
      await (await request(`${server.url}/ok`)).body.dump();
      const first = server.arrivals()[0];
      // This timer is due inside the stall, so it can only fire once the freeze is over.
      await (await request(`${server.url}/delay?ms=100`)).body.dump();
      const stall = server.stallWindow();
      expect(stall).toBeDefined();
      expect(stall!.endMs - stall!.startMs).toBeGreaterThanOrEqual(200);
      expect(stall!.startMs - first).toBeGreaterThanOrEqual(49);
    } finally {
      await server.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
