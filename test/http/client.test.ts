import { describe, expect, it } from 'vitest';

describe('intended start never after the send', () => {
  it('a request sent before its intended time (an early think timer) has latency = service time', async () => {
    const { HttpClient } = await import('../../src/http/client.js');
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const client = new HttpClient({ connections: 1, pipelining: 1, timeoutMs: 5000, verifyTls: true, keepAlive: true });
    const exchange = client.acquire();
    exchange.prepare('GET', '/', performance.now() + 60_000); // intended a minute from now
    const done = new Promise<void>((resolve) => (exchange.listener = { onExchangeDone: () => resolve() }));
    client.send(`http://127.0.0.1:${port}`, exchange);
    await done;
    expect(exchange.intendedAt).toBe(exchange.sentAt);
    expect(exchange.endedAt - exchange.intendedAt).toBeGreaterThan(0);
    await client.close();
    server.close();
  });
});
