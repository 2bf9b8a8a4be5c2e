import { describe, expect, it } from 'vitest';
import { buildRequest, type BuiltRequest } from '../../src/scenario/request.js';
import { RequestCache } from '../../src/scenario/request-cache.js';
import type { RequestOptions } from '../../src/scenario/types.js';

const ctx = { origin: 'http://127.0.0.1:3000', basePath: '/crm', headers: { authorization: 'Bearer t0ken', accept: 'application/json' } };

function both(method: string, path: string, options: RequestOptions, cache: RequestCache): [BuiltRequest | string, BuiltRequest | string] {
  return [buildRequest(ctx, method, path, options, cache), buildRequest(ctx, method, path, options)];
}

describe('RequestCache: the same requests as without it', () => {
  it('a sequence of calls (literal and id paths, query, JSON, headers objects reused and changed) builds what the uncached builder builds', () => {
    const cache = new RequestCache();
    const shared = { 'X-Tenant': 'a' };
    const calls: Array<[string, string, RequestOptions]> = [];
    for (let i = 0; i < 50; i++) {
      calls.push(['GET', '/api/leads', {}], ['GET', `/api/leads/${i}`, { headers: shared }], ['POST', '/api/leads', { json: { i }, headers: shared }]);
      calls.push(['GET', '/api/search', { query: { q: `n${i}` } }], ['PATCH', `/api/leads/${i}/qualify`, { name: 'qualify' }]);
      if (i === 20) shared['X-Tenant'] = 'b'; // a scenario changing the object it passes again
      if (i === 30) Object.assign(shared, { 'X-Extra': '1' });
    }
    calls.push(['GET', '/api/leads/undefined', {}], ['GET', '/x', { headers: { 'bad name': 'v' } }], ['TRACE', '/x', {}]);
    for (const [method, path, options] of calls) {
      const [cached, plain] = both(method, path, options, cache);
      expect(cached).toEqual(plain);
    }
  });

  it('remembers literal paths (the same object back), never paths with ids', () => {
    const cache = new RequestCache();
    const a = cache.resolve(ctx, 'GET', '/api/leads');
    expect(cache.resolve(ctx, 'GET', '/api/leads')).toBe(a);
    const one = cache.resolve(ctx, 'GET', '/api/leads/1');
    expect(cache.resolve(ctx, 'GET', '/api/leads/1')).not.toBe(one);
    expect(cache.resolve(ctx, 'GET', '/api/leads/1')).toEqual(one);
  });

  it('merges a headers object once while it stays the same, and again when it changes', () => {
    const cache = new RequestCache();
    const headers = { 'X-A': '1' };
    const first = cache.headers(ctx.headers, headers, false);
    expect(cache.headers(ctx.headers, headers, false)).toBe(first);
    headers['X-A'] = '2';
    const changed = cache.headers(ctx.headers, headers, false);
    expect(changed).not.toBe(first);
    expect(changed).toMatchObject({ 'x-a': '2' });
    expect(cache.headers(ctx.headers, undefined, false)).toBe(ctx.headers); // nothing to add: the run's own, not a copy
  });
});
