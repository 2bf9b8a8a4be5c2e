import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoClient } from './helpers.js';

let demo: DemoClient;
beforeAll(async () => { demo = await startDemo(); });
afterAll(() => demo.server.close());

describe('GET /api/search', () => {
  it('finds accounts, contacts and leads by word prefix, with FTS', async () => {
    await demo.request('POST', '/api/contacts', { firstName: 'Xanthippe', lastName: 'Quorra', email: 'xq@example.com' });
    await demo.request('POST', '/api/leads', { firstName: 'Lead', lastName: 'Xanthos', company: 'Quorra Holdings' });
    const answer = await demo.get('/api/search?q=quorr');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-demo-search')).toBe('fts');
    expect(answer.json.total).toBe(2);
    expect(answer.json.items.map((item: { type: string; name: string }) => [item.type, item.name])).toEqual([
      ['contact', 'Xanthippe Quorra'], ['lead', 'Lead Xanthos'],
    ]);
    const both = await demo.get('/api/search?q=xanth%20quorra');
    expect(both.json.total).toBe(2);
    const typed = await demo.get('/api/search?q=quorra&type=lead');
    expect(typed.json.items.map((item: { type: string }) => item.type)).toEqual(['lead']);
  });

  it('pages with limit, and treats query syntax as plain words', async () => {
    const limited = await demo.get('/api/search?q=a&limit=3');
    expect(limited.json.items).toHaveLength(3);
    expect(limited.json.total).toBeGreaterThan(3);
    const operators = await demo.get('/api/search?q=%22NOT%20OR*%20(%20-');
    expect(operators.status).toBe(200);
    const nothing = await demo.get('/api/search?q=%2A%2A');
    expect(nothing.json).toMatchObject({ items: [], total: 0 });
  });

  it.each(['', '?q=', '?q=a&limit=0', '?q=a&limit=101', '?q=a&type=deal'])('rejects %s with 400', async (query) => {
    const answer = await demo.get(`/api/search${query}`);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_query');
  });
});

describe('GET /api/reports/pipeline', () => {
  it('aggregates by stage and owner, and the two views agree', async () => {
    const answer = await demo.get('/api/reports/pipeline');
    expect(answer.status).toBe(200);
    const { stages, owners, totals } = answer.json;
    expect(stages.map((s: { stage: string }) => s.stage)).toEqual([
      'prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost',
    ]);
    const sum = (rows: { count: number; amount: number }[], key: 'count' | 'amount'): number =>
      rows.reduce((total, row) => total + row[key], 0);
    expect(sum(stages, 'count')).toBe(totals.count);
    expect(sum(owners, 'amount')).toBe(totals.amount);
    expect(totals.count).toBe((await demo.get('/api/opportunities?pageSize=1')).json.total);
    const won = stages.find((s: { stage: string }) => s.stage === 'closed_won');
    expect(won.weightedAmount).toBe(won.amount);
    expect(owners[0]).toMatchObject({ ownerId: expect.any(Number), ownerName: expect.any(String) });
  });

  it('filters by owner and close date', async () => {
    const mine = await demo.get('/api/reports/pipeline?owner=2');
    expect(mine.json.owners.map((o: { ownerId: number }) => o.ownerId)).toEqual([2]);
    const range = await demo.get('/api/reports/pipeline?from=2025-01-01&to=2025-01-31');
    const pages = await Promise.all([1, 2, 3, 4, 5].map((page) => demo.get(`/api/opportunities?pageSize=100&page=${page}`)));
    const inJanuary = pages.flatMap((page) => page.json.items as { closeDate: string | null }[])
      .filter((o) => o.closeDate !== null && o.closeDate >= '2025-01-01' && o.closeDate <= '2025-01-31');
    expect(inJanuary.length).toBeGreaterThan(0);
    expect(range.json.totals.count).toBe(inJanuary.length);
    const empty = await demo.get('/api/reports/pipeline?from=2100-01-01');
    expect(empty.json.totals).toMatchObject({ count: 0, amount: 0 });
    expect((await demo.get('/api/reports/pipeline?from=yesterday')).status).toBe(400);
    expect((await demo.get('/api/reports/pipeline?owner=x')).status).toBe(400);
  });
});

describe('POST /api/imports and GET /api/jobs/:id', () => {
  async function pollUntilFinished(location: string): Promise<{ status: string }> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const job = (await demo.get(location)).json;
      if (job.status === 'done' || job.status === 'failed' || Date.now() > deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('accepts with 202 and a job id, imports in the background, rejects bad records', async () => {
    const before = (await demo.get('/api/contacts?pageSize=1')).json.total as number;
    const records = Array.from({ length: 250 }, (_, i) => (i % 50 === 7
      ? { firstName: 'Broken', email: 'not-an-email' }
      : { firstName: `Imported${i}`, lastName: 'Person', email: `imported${i}@example.com`, accountId: 1 + (i % 20) }));
    const started = await demo.request('POST', '/api/imports', { records });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ jobId: expect.any(Number), status: 'queued', total: 250 });
    expect(started.headers.get('location')).toBe(`/api/jobs/${started.json.jobId}`);
    const job = await pollUntilFinished(started.headers.get('location')!);
    expect(job).toMatchObject({ status: 'done', total: 250, processed: 250, created: 245, rejected: 5 });
    expect((job as unknown as { errors: string[] }).errors[0]).toMatch(/^record 7: /);
    expect((await demo.get('/api/contacts?pageSize=1')).json.total).toBe(before + 245);
    expect((await demo.get('/api/contacts?q=Imported249')).json.items[0]).toMatchObject({ ownerId: 1, accountId: 10 });
  });

  it('refuses bad import bodies and unknown jobs', async () => {
    expect((await demo.request('POST', '/api/imports', { records: [] })).status).toBe(422);
    expect((await demo.request('POST', '/api/imports', { records: 'x' })).status).toBe(422);
    expect((await demo.request('POST', '/api/imports', [1])).status).toBe(400);
    expect((await demo.get('/api/jobs/999999')).status).toBe(404);
  });
});

describe('request bodies', () => {
  it('answers 413 for a body over the limit, without reading it', async () => {
    const { hostname, port } = new URL(demo.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        host: hostname, port, method: 'POST', path: '/api/imports',
        headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json', 'content-length': 50_000_000 },
      }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"records":[');
    });
    expect(status).toBe(413);
    expect((await demo.get('/health')).status).toBe(200);
  });
});
