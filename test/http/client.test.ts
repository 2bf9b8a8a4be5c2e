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

describe('requests waiting for a connection', () => {
  async function setup(connections: number, script: (n: number) => { afterMs: number; status: number } | 'never', timeoutMs = 1000) {
    const { HttpClient } = await import('../../src/http/client.js');
    const { FakeClock } = await import('../helpers/fake-clock.js');
    const { FakeTarget } = await import('../helpers/fake-dispatcher.js');
    const clock = new FakeClock(1000);
    const target = new FakeTarget(clock, (req) => script(req.n));
    const client = new HttpClient({ connections, pipelining: 1, timeoutMs, verifyTls: true, keepAlive: true, clock, connect: target.connect });
    const ended: Array<{ path: string; kind: string | null; sentAt: number; endedAt: number; connection: number }> = [];
    const send = (path: string) => {
      const exchange = client.acquire();
      exchange.prepare('GET', path, 0);
      exchange.listener = {
        onExchangeDone: (e) => {
          const connection = e.connection;
          client.settle(e);
          ended.push({ path: e.path, kind: e.kind, sentAt: e.sentAt, endedAt: e.endedAt, connection });
          client.release(e);
        },
      };
      client.send('http://127.0.0.1:9', exchange);
    };
    const settle = async (ms: number) => {
      clock.advanceBy(ms);
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    return { client, target, clock, ended, send, settle };
  }

  it('wait in order and each goes out on the first connection that frees up, not behind a slow response', async () => {
    // /1 takes 100 ms on connection 0, /2 5 ms on connection 1; /3 and /4 find both busy.
    const { client, target, ended, send, settle } = await setup(2, (n) => ({ afterMs: n === 1 ? 100 : 5, status: 200 }));
    for (const path of ['/1', '/2', '/3', '/4']) send(path);
    expect(target.requests.map((r) => r.path)).toEqual(['/1', '/2']); // the others wait in the client, not in undici
    await settle(5);
    expect(target.requests.map((r) => [r.path, r.connection, r.at])).toEqual([['/1', 0, 1000], ['/2', 1, 1000], ['/3', 1, 1005]]);
    await settle(5);
    expect(target.requests.map((r) => [r.path, r.connection, r.at]).slice(3)).toEqual([['/4', 1, 1010]]);
    await settle(100);
    // Latency counts from the send, the wait for a connection included.
    expect(ended.map((e) => [e.path, e.kind, e.endedAt - e.sentAt])).toEqual([['/2', null, 5], ['/3', null, 10], ['/4', null, 15], ['/1', null, 100]]);
    expect(client.inFlightCount).toBe(0);
    await client.close();
  });

  it('a request whose deadline passes while it waits ends as timeout then, is never sent, and the next one gets the connection', async () => {
    const { client, target, ended, send, settle } = await setup(1, (n) => (n === 1 ? 'never' : { afterMs: 5, status: 200 }), 50);
    send('/never'); // holds the only connection until its deadline, at 50 ms
    send('/expires'); // waits; its deadline is at 50 ms too
    await settle(10);
    send('/next'); // sent at 10 ms: deadline at 60 ms
    await settle(40);
    const byPath = () => Object.fromEntries(ended.map((e) => [e.path, [e.kind, e.endedAt - e.sentAt]]));
    expect(byPath()).toEqual({ '/never': ['timeout', 50], '/expires': ['timeout', 50] });
    expect(target.requests.map((r) => [r.path, r.at])).toEqual([['/never', 1000], ['/next', 1050]]);
    await settle(5);
    expect(byPath()).toEqual({ '/never': ['timeout', 50], '/expires': ['timeout', 50], '/next': [null, 45] });
    expect(client.inFlightCount).toBe(0);
    await client.close();
  });

  it('interrupted or closed, waiting requests end as interrupted without being sent', async () => {
    const { client, target, ended, send, settle } = await setup(1, () => 'never');
    send('/a');
    send('/b');
    client.interruptAll();
    await settle(1);
    expect(ended.map((e) => [e.path, e.kind]).sort()).toEqual([['/a', 'interrupted'], ['/b', 'interrupted']]);
    send('/c');
    send('/d');
    await client.close();
    await settle(1);
    expect(ended.find((e) => e.path === '/d')?.kind).toBe('interrupted');
    expect(target.requests.map((r) => r.path)).toEqual(['/a', '/c']);
  });

});

describe('requests waiting for a connection, on real sockets', () => {
  it('200 requests, 20 at a time over 2 connections: all answered, never more than 2 sockets or 2 at once at the server', async () => {
    const { HttpClient } = await import('../../src/http/client.js');
    const { createServer } = await import('node:http');
    const sockets = new Set<unknown>();
    let active = 0;
    let maxActive = 0;
    const server = createServer((req, res) => {
      sockets.add(req.socket);
      maxActive = Math.max(maxActive, ++active);
      // Every tenth answer is slow, so requests do wait behind it.
      setTimeout(() => {
        active--;
        res.end(req.url);
      }, req.url!.endsWith('0') ? 20 : 1);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const client = new HttpClient({ connections: 2, pipelining: 1, timeoutMs: 5000, verifyTls: true, keepAlive: true });
    const kinds: Array<string | null> = [];
    let sent = 0;
    await new Promise<void>((resolve) => {
      const next = () => {
        if (sent === 200) return;
        const exchange = client.acquire();
        exchange.prepare('GET', `/${++sent}`, 0);
        exchange.listener = {
          onExchangeDone: (e) => {
            client.settle(e);
            kinds.push(e.kind);
            client.release(e);
            if (kinds.length === 200) resolve();
            else next();
          },
        };
        client.send(origin, exchange);
      };
      for (let i = 0; i < 20; i++) next();
    });
    expect(kinds).toHaveLength(200);
    expect(kinds.every((k) => k === null)).toBe(true);
    expect(sockets.size).toBeLessThanOrEqual(2);
    expect(maxActive).toBeLessThanOrEqual(2);
    expect(client.inFlightCount).toBe(0);
    await client.close();
    server.close();
  });
});
