import { afterEach, describe, expect, it } from 'vitest';
import { startDemoChild } from '../../dist/cli/demo-child.js';
import { createDemoServer } from '../../src/demo/index.js';
import { send, startDemo, timed, type DemoClient } from './helpers.js';

const running: DemoClient[] = [];
async function demoWith(options: Parameters<typeof startDemo>[0]): Promise<DemoClient> {
  const demo = await startDemo(options);
  running.push(demo);
  return demo;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((demo) => demo.server.close()));
});

describe('rate limit', () => {
  it('answers 429 with Retry-After beyond the rate, counts those requests, never limits /health', async () => {
    const demo = await demoWith({ rateLimit: 2 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => demo.get('/api/contacts/1')));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(1);
    for (const answer of limited) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.json.error.code).toBe('rate_limited');
    }
    const health = await Promise.all(Array.from({ length: 20 }, () => send(demo.url, 'GET', '/health')));
    expect(health.every((answer) => answer.status === 200)).toBe(true);
    expect(demo.server.stats()['GET /api/contacts/:id']).toBe(20);
  });
});

describe('error rate', () => {
  it('answers about the configured share with 503, and counts every request', async () => {
    const demo = await demoWith({ errorRate: 0.2 });
    const statuses: number[] = [];
    for (let batch = 0; batch < 50; batch++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => demo.get('/api/contacts/2')));
      statuses.push(...answers.map((answer) => answer.status));
    }
    const failed = statuses.filter((status) => status === 503).length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    expect(failed + statuses.filter((status) => status === 200).length).toBe(500);
    expect(demo.server.stats()['GET /api/contacts/:id']).toBe(500);
  });

  it('sends a JSON error body with the 503, before authentication', async () => {
    const server = await createDemoServer({ errorRate: 1 });
    try {
      const answer = await send(server.url, 'GET', '/api/contacts/1');
      expect(answer.status).toBe(503);
      expect(answer.json.error.code).toBe('service_unavailable');
      expect((await send(server.url, 'GET', '/health')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('latency', () => {
  it('delays every answer by at least a fixed latency', async () => {
    const demo = await demoWith({ latency: { minMs: 60, maxMs: 60 } });
    for (let i = 0; i < 5; i++) {
      const { ms, value } = await timed(() => demo.get('/api/contacts/1'));
      expect(value.status).toBe(200);
      expect(ms).toBeGreaterThanOrEqual(55);
    }
  });

  it('keeps serving other requests while one waits (no blocking)', async () => {
    const demo = await demoWith({ latency: { minMs: 300, maxMs: 300 } });
    const { ms } = await timed(() => Promise.all(Array.from({ length: 10 }, () => demo.get('/api/contacts/1'))));
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(2_900);
  });
});

describe('stall', () => {
  it('freezes the whole server for the stall duration', async () => {
    const child = await startDemoChild({ seed: 1, extraArgs: ['--stall', '1s:400ms'] });
    try {
      let slowest = 0;
      const end = performance.now() + 2_600;
      while (performance.now() < end) {
        const { ms } = await timed(() => send(child.url, 'GET', '/health'));
        slowest = Math.max(slowest, ms);
      }
      expect(slowest).toBeGreaterThanOrEqual(300);
    } finally {
      await child.stop();
    }
  });
});

describe('cache', () => {
  it('serves repeated reads from the cache and drops them on writes', async () => {
    const demo = await demoWith({ cache: true });
    const first = await demo.get('/api/reports/pipeline');
    expect(first.headers.get('x-demo-cache')).toBe('miss');
    const second = await demo.get('/api/reports/pipeline');
    expect(second.headers.get('x-demo-cache')).toBe('hit');
    expect(second.json).toEqual(first.json);
    await demo.request('PATCH', '/api/opportunities/1', { stage: 'closed_won', amount: 1_000_000 });
    const third = await demo.get('/api/reports/pipeline');
    expect(third.headers.get('x-demo-cache')).toBe('miss');
    expect(third.json.totals.amount).not.toBe(first.json.totals.amount);
  });

  it('invalidates get-by-id and lists of the written table only', async () => {
    const demo = await demoWith({ cache: true });
    await demo.get('/api/contacts/1');
    await demo.get('/api/accounts/1');
    expect((await demo.get('/api/contacts/1')).headers.get('x-demo-cache')).toBe('hit');
    expect((await demo.get('/api/contacts?page=2')).headers.get('x-demo-cache')).toBe('miss');
    await demo.request('PATCH', '/api/contacts/1', { title: 'Chief Cache Officer' });
    const after = await demo.get('/api/contacts/1');
    expect(after.headers.get('x-demo-cache')).toBe('miss');
    expect(after.json.title).toBe('Chief Cache Officer');
    expect((await demo.get('/api/contacts?page=2')).headers.get('x-demo-cache')).toBe('miss');
    expect((await demo.get('/api/accounts/1')).headers.get('x-demo-cache')).toBe('hit');
  });

  it('is off by default', async () => {
    const demo = await demoWith({});
    await demo.get('/api/reports/pipeline');
    expect((await demo.get('/api/reports/pipeline')).headers.get('x-demo-cache')).toBeNull();
  });
});

describe('indexes', () => {
  it('without indexes, search scans with LIKE, and both paths find new rows (speed is measured in docs/levers.md, not asserted)', async () => {
    const [indexed, scanning] = await Promise.all([
      demoWith({ size: 'medium' }), demoWith({ size: 'medium', indexes: false }),
    ]);
    const terms = ['smith', 'john', 'tech', 'anderson', 'lee', 'group', 'miller', 'davis', 'garcia', 'inc'];
    for (const term of terms) {
      expect((await indexed.get(`/api/search?q=${term}`)).headers.get('x-demo-search')).toBe('fts');
      expect((await scanning.get(`/api/search?q=${term}`)).headers.get('x-demo-search')).toBe('scan');
    }
    await Promise.all([indexed, scanning].map((demo) =>
      demo.request('POST', '/api/contacts', { firstName: 'Wilhelmina', lastName: 'Zbrzezniak' })));
    for (const demo of [indexed, scanning]) {
      const found = await demo.get('/api/search?q=zbrzezniak');
      expect(found.json.items.map((item: { name: string }) => item.name)).toEqual(['Wilhelmina Zbrzezniak']);
    }
  });
});
