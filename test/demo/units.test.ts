import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { Router } from '../../src/demo/http/router.js';
import { readBody } from '../../src/demo/http/io.js';
import { ResponseCache } from '../../src/demo/levers/cache.js';
import { TokenBucket } from '../../src/demo/levers/rate-limit.js';
import { FaultInjector } from '../../src/demo/levers/faults.js';
import { mulberry32 } from '../../src/demo/random.js';
import { TokenSigner } from '../../src/demo/auth.js';
import { RequestStats } from '../../src/demo/stats.js';

describe('Router', () => {
  const handle = () => ({});
  const router = new Router<unknown>([
    { method: 'GET', pattern: '/api/contacts', handle },
    { method: 'GET', pattern: '/api/contacts/:id', handle },
    { method: 'PATCH', pattern: '/api/contacts/:id', handle },
    { method: 'POST', pattern: '/api/leads/:id/convert', handle },
  ]);

  it.each<[string, string, string, unknown]>([
    ['a collection', 'GET', '/api/contacts', { kind: 'found', params: {} }],
    ['an item', 'GET', '/api/contacts/12', { kind: 'found', params: { id: '12' } }],
    ['a trailing slash', 'GET', '/api/contacts/12/', { kind: 'found', params: { id: '12' } }],
    ['an action', 'POST', '/api/leads/3/convert', { kind: 'found', params: { id: '3' } }],
    ['an encoded segment', 'GET', '/api/contacts/a%20b', { kind: 'found', params: { id: 'a b' } }],
    ['a wrong method', 'DELETE', '/api/contacts/1', { kind: 'wrong-method', allowed: ['GET', 'PATCH'] }],
    ['an unknown path', 'GET', '/api/nothing', { kind: 'none' }],
    ['a longer path', 'GET', '/api/contacts/1/x', { kind: 'none' }],
  ])('matches %s', (_name, method, path, wanted) => {
    expect(router.match(method, path)).toMatchObject(wanted as object);
  });
});

describe('TokenBucket', () => {
  it('allows a burst of one second of requests, then refuses with Retry-After', () => {
    const bucket = new TokenBucket(3);
    expect([0, 0, 0].map((t) => bucket.take(t).allowed)).toEqual([true, true, true]);
    expect(bucket.take(0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the rate', () => {
    const bucket = new TokenBucket(2);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.take(100).allowed).toBe(false);
    expect(bucket.take(600).allowed).toBe(true);
  });

  it('asks slow limits to wait whole seconds', () => {
    const bucket = new TokenBucket(0.1);
    expect(bucket.take(0).allowed).toBe(true);
    expect(bucket.take(0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });
});

describe('ResponseCache', () => {
  it('hits, then drops entries that read a written table', () => {
    const cache = new ResponseCache();
    cache.set('/a', ['contacts'], { status: 200, body: 'A' });
    cache.set('/b', ['accounts'], { status: 200, body: 'B' });
    expect(cache.get('/a')?.body).toBe('A');
    cache.invalidate(['contacts']);
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.get('/b')?.body).toBe('B');
    expect([cache.hits, cache.misses]).toEqual([2, 1]);
  });

  it('evicts the least recently used beyond its bound', () => {
    const cache = new ResponseCache(2);
    cache.set('/1', ['users'], { status: 200, body: '1' });
    cache.set('/2', ['users'], { status: 200, body: '2' });
    cache.get('/1');
    cache.set('/3', ['users'], { status: 200, body: '3' });
    expect(cache.size).toBe(2);
    expect(cache.get('/2')).toBeUndefined();
    expect(cache.get('/1')?.body).toBe('1');
  });
});

describe('FaultInjector', () => {
  it('fails about the configured share, deterministically per seed', () => {
    const count = (seed: number): number => {
      const faults = new FaultInjector(mulberry32(seed), undefined, 0.2);
      return Array.from({ length: 10_000 }, () => faults.shouldFail()).filter(Boolean).length;
    };
    expect(count(1)).toBe(count(1));
    expect(count(1)).toBeGreaterThan(1_800);
    expect(count(1)).toBeLessThan(2_200);
  });

  it('delays within the latency range', () => {
    const faults = new FaultInjector(mulberry32(1), { minMs: 5, maxMs: 50 }, 0);
    const delays = Array.from({ length: 1_000 }, () => faults.delayMs());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...delays)).toBeLessThanOrEqual(50);
    expect(new FaultInjector(mulberry32(1), { minMs: 7, maxMs: 7 }, 0).delayMs()).toBe(7);
    expect(new FaultInjector(mulberry32(1), undefined, 0).delayMs()).toBe(0);
  });
});

describe('TokenSigner', () => {
  it('verifies its own tokens and rejects forged ones', () => {
    const signer = new TokenSigner();
    const token = signer.sign(42);
    expect(signer.verify(token)).toBe(42);
    expect(signer.verifyHeader(`Bearer ${token}`)).toBe(42);
    expect(signer.verify(token.replace(/^42/, '43'))).toBeUndefined();
    expect(new TokenSigner().verify(token)).toBeUndefined();
    expect(signer.verifyHeader(`Basic ${token}`)).toBeUndefined();
    expect(signer.verifyHeader(undefined)).toBeUndefined();
  });
});

describe('RequestStats', () => {
  it('counts per key, keeping the total equal to the sum', () => {
    const stats = new RequestStats();
    ['GET /a', 'GET /a', 'POST /b'].forEach((key) => stats.count(key));
    expect(stats.snapshot()).toEqual({ total: 3, 'GET /a': 2, 'POST /b': 1 });
  });
});

describe('readBody', () => {
  const stream = (chunks: string[], headers: Record<string, string> = {}): IncomingMessage =>
    Object.assign(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), { headers }) as unknown as IncomingMessage;

  it('reads the whole body', async () => {
    await expect(readBody(stream(['{"a":', '1}']))).resolves.toBe('{"a":1}');
  });

  it('stops with 413 once the body grows beyond the limit', async () => {
    await expect(readBody(stream(['12345', '67890', 'x']), 8)).rejects.toMatchObject({ status: 413 });
  });

  it('refuses a declared length beyond the limit without reading', async () => {
    await expect(readBody(stream([], { 'content-length': '100' }), 8)).rejects.toMatchObject({ status: 413 });
  });
});
