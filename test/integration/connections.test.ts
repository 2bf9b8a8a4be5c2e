/**
 * Connection lifecycle faults (RELIABILITY B1, B4): a target that comes up late is reached as soon as
 * it listens (nothing poisoned), and `Connection: close` on some responses costs no error and no retry.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { readValidReport } from '../helpers/schema.js';

const tmp = makeTempDir();
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  tmp.cleanup();
});

function listen(server: Server, port = 0): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('connections', () => {
  it('a target that starts late is reached once it listens: connect errors before, successes after', async () => {
    // Reserve a free port, free it, and bring the real server up on it once crmload has said that a
    // connection was refused (its live first-failure warning): no guess at how long start-up takes.
    const probe = createServer();
    const port = await listen(probe);
    await new Promise((r) => probe.close(r));
    servers.pop();
    let seen = 0;
    const late = createServer((_req, res) => {
      seen++;
      res.end('ok');
    });
    let started = false;
    const json = tmp.path('late.json');
    const r = await runCli(['run', '--url', `http://127.0.0.1:${port}/`, '--rate', '20', '--duration', '3s', '--json', json], {
      onStderr: (stderr) => {
        if (started || !/first connect error/.test(stderr)) return;
        started = true;
        void listen(late, port);
      },
    });
    expect(started).toBe(true);
    expect(r.code).toBe(0);
    const report = readValidReport(json);
    expect(report.totals.requests).toBe(60);
    expect(report.totals.errorsByKind.connect ?? 0).toBeGreaterThan(0);
    expect(report.totals.completed).toBeGreaterThan(20); // the last ~2 s all succeed
    expect(report.totals.completed).toBe(seen);
    expect(report.totals.completed + report.totals.failed).toBe(60);
  });

  it('Connection: close on every 10th response: no error, and the server saw exactly what was sent', async () => {
    let seen = 0;
    const server = createServer((_req, res) => {
      seen++;
      if (seen % 10 === 0) res.setHeader('connection', 'close');
      res.end('ok');
    });
    const port = await listen(server);
    const json = tmp.path('close.json');
    const r = await runCli(['run', '--url', `http://127.0.0.1:${port}/`, '--vus', '4', '--duration', '2s', '--quiet', '--json', json]);
    expect(r.code).toBe(0);
    const report = readValidReport(json);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.requests).toBe(seen);
    expect(seen).toBeGreaterThan(100);
  });
});
