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

describe('total deadlines: one timer for every exchange in flight', () => {
  it('each exchange that gets no answer ends as timeout exactly at its own deadline; answered ones are untouched', async () => {
    const { HttpClient } = await import('../../src/http/client.js');
    const { FakeClock } = await import('../helpers/fake-clock.js');
    const { FakeTarget } = await import('../helpers/fake-dispatcher.js');
    const clock = new FakeClock(1000);
    // Every third request is never answered; the others after 1..40 virtual ms.
    const target = new FakeTarget(clock, (req) => (req.n % 3 === 0 ? 'never' : { afterMs: 1 + (req.n % 40), status: 200 }));
    const client = new HttpClient({ connections: 8, pipelining: 4, timeoutMs: 100, verifyTls: true, keepAlive: true, clock, connect: target.connect });
    const ended: Array<{ n: number; sentAt: number; endedAt: number; kind: string | null }> = [];
    let maxTimers = 0;
    for (let n = 1; n <= 120; n++) {
      const exchange = client.acquire();
      exchange.prepare('GET', `/${n}`, 0);
      exchange.listener = {
        onExchangeDone: (e) => {
          client.settle(e);
          ended.push({ n, sentAt: e.sentAt, endedAt: e.endedAt, kind: e.kind });
          client.release(e);
        },
      };
      client.send('http://127.0.0.1:9', exchange);
      clock.advanceBy(n % 7 === 0 ? 13 : 2); // sends spread unevenly over time
      await Promise.resolve();
      maxTimers = Math.max(maxTimers, clock.pending - target.pendingReplies());
    }
    clock.advanceBy(200);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(ended).toHaveLength(120);
    for (const e of ended) {
      if (e.n % 3 === 0) expect(e).toMatchObject({ kind: 'timeout', endedAt: e.sentAt + 100 });
      else expect(e.kind).toBeNull();
    }
    expect(maxTimers).toBe(1);
    expect(client.inFlightCount).toBe(0);
    await client.close();
  });
});
