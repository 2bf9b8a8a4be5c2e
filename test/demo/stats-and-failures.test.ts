import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App, AppRoute } from '../../src/demo/app.js';
import { TokenSigner } from '../../src/demo/auth.js';
import { Router } from '../../src/demo/http/router.js';
import { ImportJobs } from '../../src/demo/jobs.js';
import { FaultInjector } from '../../src/demo/levers/faults.js';
import { DemoMetrics } from '../../src/demo/metrics.js';
import { createRequestHandler } from '../../src/demo/pipeline.js';
import { mulberry32 } from '../../src/demo/random.js';
import { RequestStats } from '../../src/demo/stats.js';
import { send, startDemo } from './helpers.js';

describe('request statistics', () => {
  it('counts every request per route template, unmatched and 401 ones included, but not itself', async () => {
    const demo = await startDemo();
    try {
      await Promise.all([1, 2, 3].map((id) => demo.get(`/api/contacts/${id}`)));
      await demo.get('/api/contacts/999999');
      await demo.get('/api/contacts?page=2');
      await demo.get('/api/nowhere');
      await send(demo.url, 'GET', '/api/accounts');
      await send(demo.url, 'GET', '/health');
      await send(demo.url, 'GET', '/__demo/stats');
      const wanted = {
        total: 9,
        'POST /api/auth/login': 1,
        'GET /api/contacts/:id': 4,
        'GET /api/contacts': 1,
        'GET /api/accounts': 1,
        'GET /health': 1,
        unmatched: 1,
      };
      expect(demo.server.stats()).toEqual(wanted);
      expect((await send(demo.url, 'GET', '/__demo/stats')).json).toEqual(wanted);
    } finally {
      await demo.server.close();
    }
  });
});

describe('a bug in a handler', () => {
  let server: Server;
  let url: string;
  const buggy: AppRoute[] = [
    { method: 'GET', pattern: '/sync', auth: false, handle: () => { throw new TypeError('oops'); } },
    { method: 'GET', pattern: '/async', auth: false, handle: async () => { throw new RangeError('later'); } },
    { method: 'GET', pattern: '/circular', auth: false, handle: () => { const a: Record<string, unknown> = {}; a.a = a; return { body: a }; } },
    { method: 'GET', pattern: '/fine', auth: false, handle: () => ({ body: { ok: true } }) },
  ];

  beforeAll(async () => {
    const app = {
      tokens: new TokenSigner(), jobs: new ImportJobs(() => []), stats: new RequestStats(), info: {}, fullText: true,
      metrics: new DemoMetrics({}, () => ({ cache: undefined })),
      now: () => '', invalidate: () => undefined,
    } as unknown as App;
    const levers = { faults: new FaultInjector(mulberry32(1), undefined, 0), now: () => 0 };
    server = createServer(createRequestHandler(app, new Router(buggy), levers, () => false));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(['/sync', '/async', '/circular'])('GET %s answers 500 JSON and the server keeps serving', async (path) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const answer = await send(url, 'GET', path);
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ error: { code: 'internal_error', message: 'internal server error' } });
      expect(logged).toHaveBeenCalledOnce();
    } finally {
      logged.mockRestore();
    }
    expect((await send(url, 'GET', '/fine')).json).toEqual({ ok: true });
  });
});
