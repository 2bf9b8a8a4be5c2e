/** The /metrics endpoint: binding errors are bad input, only /metrics answers, close() drops keep-alive scrapers. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsBindError, startMetricsServer, type MetricsServer } from '../../src/observability/metrics-server.js';

const open: Array<MetricsServer | Server> = [];
afterEach(async () => {
  for (const s of open.splice(0)) await ('serve' in s ? s.close() : new Promise((r) => s.close(r)));
});

describe('startMetricsServer', () => {
  it('answers /metrics with the exposition, 503 before the run, 404 elsewhere', async () => {
    const server = await startMetricsServer('127.0.0.1', 0);
    open.push(server);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
    expect((await fetch(server.url)).status).toBe(503);
    let n = 0;
    server.serve({ contentType: 'text/plain; version=0.0.4', body: async () => `x ${++n}\n` });
    const first = await fetch(server.url);
    expect(first.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await first.text()).toBe('x 1\n');
    expect(await (await fetch(server.url)).text()).toBe('x 2\n');
    expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);
  });

  it('a failing exposition is a 500 with the reason, and the endpoint keeps serving', async () => {
    const server = await startMetricsServer('127.0.0.1', 0);
    open.push(server);
    let fail = true;
    server.serve({ contentType: 'text/plain', body: async () => { if (fail) throw new Error('boom'); return 'ok 1\n'; } });
    const bad = await fetch(server.url);
    expect(bad.status).toBe(500);
    expect(await bad.text()).toContain('boom');
    fail = false;
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('a port in use is a MetricsBindError that names the flag and the address', async () => {
    const busy = createServer();
    open.push(busy);
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    const error = await startMetricsServer('127.0.0.1', port).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsBindError);
    expect((error as Error).message).toBe(`--metrics-port ${port}: 127.0.0.1:${port} is already in use; choose another port (or 0 for any free port)`);
  });

  it('an address that is not this machine\'s names --metrics-host', async () => {
    const error = await startMetricsServer('192.0.2.1', 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsBindError);
    expect((error as Error).message).toMatch(/^--metrics-host 192\.0\.2\.1: not an address of this machine/);
  });

  it('close() resolves with a keep-alive scraper connected, and the port is free again', async () => {
    const server = await startMetricsServer('127.0.0.1', 0);
    server.serve({ contentType: 'text/plain', body: async () => 'x 1\n' });
    await (await fetch(server.url, { keepalive: true })).text();
    await server.close();
    const again = await startMetricsServer('127.0.0.1', server.port);
    open.push(again);
    expect(again.port).toBe(server.port);
  });
});
