import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeDemoServer, startDemoServer } from '../../src/cli/commands/demo-server.js';
import { ConfigError } from '../../src/errors.js';
import { send } from '../demo/helpers.js';

describe('startDemoServer', () => {
  it('starts the server and prints where it listens and the demo login', async () => {
    const out: string[] = [];
    const server = await startDemoServer({ port: '0', seed: '9', size: 'small', indexes: false }, { stdout: (s) => out.push(s) });
    try {
      expect(out.join('')).toBe(`${describeDemoServer(server.url).join('\n')}\n`);
      expect(out[0]).toMatch(/^crmload demo server listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      expect(out[1]).toContain('demo@crmload.dev');
      expect((await send(server.url, 'GET', '/health')).json).toMatchObject({ seed: 9, indexes: false });
    } finally {
      await server.close();
    }
  });

  it('turns bad options into one ConfigError listing every issue', async () => {
    const attempt = startDemoServer({ port: 'x', errorRate: '2', stall: '1s' }, { stdout: () => undefined });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toMatchObject({
      issues: [expect.stringMatching(/^--port "x"/), expect.stringMatching(/^--error-rate "2"/), expect.stringMatching(/^--stall "1s"/)],
    });
  });

  it('a port in use or an address not of this machine is one line of bad input, not an internal error', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const inUse = startDemoServer({ port: String(port) }, { stdout: () => undefined });
      await expect(inUse).rejects.toBeInstanceOf(ConfigError);
      await expect(inUse).rejects.toMatchObject({ issues: [`--port ${port}: 127.0.0.1:${port} is already in use; choose another port (or 0 for any free port)`] });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    // TEST-NET-1 (RFC 5737): never an address of this machine; nothing is sent.
    await expect(startDemoServer({ port: '0', host: '192.0.2.1' }, { stdout: () => undefined })).rejects.toMatchObject({ issues: ['--host 192.0.2.1: not an address of this machine (EADDRNOTAVAIL)'] });
  });
});
