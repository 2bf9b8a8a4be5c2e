/**
 * Malformed HTTP from a raw TCP server (RELIABILITY B11): each reply becomes a counted error of kind
 * `protocol` or `reset`, never a crash, and the run goes on to its end with every request accounted for.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { readValidReport } from '../helpers/schema.js';

const REPLIES: Record<string, string> = {
  'bad-status': 'HTTP/1.1 abc Nope\r\n\r\n',
  'short-body': 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a little',
  'bad-chunk': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
  'huge-header': `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\nContent-Length: 2\r\n\r\nok`,
};

let server: Server;
let base: string;
let received = 0;
const sockets = new Set<Socket>();
const tmp = makeTempDir();

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (data) => {
      const path = /^GET \/([\w-]+)/.exec(data.toString('latin1'))?.[1] ?? '';
      received++;
      const reply = REPLIES[path];
      if (reply) socket.end(reply);
      else socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
  tmp.cleanup();
});

describe('malformed HTTP', () => {
  it.each(Object.keys(REPLIES))('%s: every request fails as protocol or reset, the run completes', async (name) => {
    received = 0;
    const json = tmp.path(`${name}.json`);
    const r = await runCli(['run', '--url', `${base}/${name}`, '--rate', '20', '--duration', '1s', '--quiet', '--json', json]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const report = readValidReport(json);
    expect(report.run.status).toBe('completed');
    expect(report.totals.requests).toBe(20);
    expect(report.totals.completed).toBe(0);
    expect(report.totals.failed + report.totals.interrupted).toBe(20);
    const kinds = Object.keys(report.totals.errorsByKind);
    expect(kinds.every((k) => k === 'protocol' || k === 'reset' || k === 'interrupted')).toBe(true);
    expect(received).toBe(report.totals.requests);
  });
});
