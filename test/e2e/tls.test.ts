/**
 * TLS is verified by default (RELIABILITY E4): a self-signed target is refused before any request,
 * with a hint; --ca trusts it; --insecure skips verification loudly; NODE_TLS_REJECT_UNAUTHORIZED=0
 * in the environment does not silently turn verification off.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

let dir: string;
let server: Server;
let url: string;
let served = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crmload-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
    served++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const quick = ['--rate', '20', '--duration', '1s', '--quiet'];

describe('TLS verification', () => {
  it('refuses an untrusted certificate before sending anything, with a hint', async () => {
    served = 0;
    const r = await runCli(['run', '--url', url, ...quick]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^crmload: error: TLS: the certificate of 127\.0\.0\.1:\d+ is not trusted .*--ca FILE.*--insecure/m);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(served).toBe(0);
  });

  it('is not turned off by NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    served = 0;
    const r = await runCli(['run', '--url', url, ...quick], { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
    expect(r.code).toBe(2);
    expect(served).toBe(0);
  });

  it('trusts the certificate given with --ca', async () => {
    served = 0;
    const json = join(dir, 'ca.json');
    const r = await runCli(['run', '--url', url, ...quick, '--ca', join(dir, 'cert.pem'), '--json', json]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.totals.completed).toBe(report.totals.requests);
    expect(report.totals.requests).toBe(served);
    expect(report.run.tls.verify).toBe(true);
  });

  it('skips verification with --insecure, says so, and records it', async () => {
    const json = join(dir, 'insecure.json');
    const r = await runCli(['run', '--url', url, ...quick, '--insecure', '--json', json]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: TLS certificates are not verified (--insecure)');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.run.tls.verify).toBe(false);
    expect(report.totals.failed).toBe(0);
  });
});
