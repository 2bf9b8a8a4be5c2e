import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/demo/index.js';
import { ROUTES } from '../../src/demo/routes/index.js';
import { send, startDemo, type DemoClient } from './helpers.js';

let demo: DemoClient;
beforeAll(async () => { demo = await startDemo(); });
afterAll(() => demo.server.close());

const concrete = (pattern: string): string => pattern.replace(/:\w+/g, '1');

describe('login', () => {
  it('returns a bearer token for the documented demo login', async () => {
    const answer = await send(demo.url, 'POST', '/api/auth/login', DEMO_LOGIN);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ tokenType: 'Bearer', userId: 1 });
    expect(answer.json.token).toMatch(/^1\./);
    const me = await send(demo.url, 'GET', '/api/me', undefined, { authorization: `Bearer ${answer.json.token}` });
    expect(me.json).toMatchObject({ id: 1, email: DEMO_LOGIN.email, role: 'admin' });
  });

  it('accepts any seeded user with the demo password', async () => {
    const users = await demo.get('/api/users?pageSize=100');
    expect(users.json.total).toBe(10);
    const other = users.json.items[3];
    const answer = await send(demo.url, 'POST', '/api/auth/login', { email: other.email, password: 'demo' });
    expect(answer.json.userId).toBe(other.id);
  });

  it.each([
    ['wrong password', { email: DEMO_LOGIN.email, password: 'nope' }, 401, 'invalid_credentials'],
    ['unknown user', { email: 'who@nowhere.test', password: 'demo' }, 401, 'invalid_credentials'],
    ['missing password', { email: DEMO_LOGIN.email }, 422, 'validation_failed'],
    ['not an object', [1, 2], 400, 'invalid_body'],
  ])('rejects %s', async (_name, body, status, code) => {
    const answer = await send(demo.url, 'POST', '/api/auth/login', body);
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe(code);
  });
});

describe('every /api route but login requires a bearer token', () => {
  const guarded = ROUTES.filter((route) => route.auth !== false);

  it('covers the API', () => {
    expect(guarded.length).toBeGreaterThan(20);
  });

  it.each(guarded.map((route) => [`${route.method} ${route.pattern}`, route] as const))('%s', async (_name, route) => {
    const path = concrete(route.pattern);
    const missing = await send(demo.url, route.method, path, route.method === 'GET' ? undefined : {});
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe('unauthorized');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const forged = await send(demo.url, route.method, path, route.method === 'GET' ? undefined : {}, {
      authorization: `Bearer ${demo.token.slice(0, -2)}xx`,
    });
    expect(forged.status).toBe(401);
  });
});

describe('public endpoints', () => {
  it('GET /health answers without a token', async () => {
    const answer = await send(demo.url, 'GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'ok', seed: 7, size: 'small', indexes: true, cache: false });
  });

  it('GET /__demo/stats answers without a token', async () => {
    const answer = await send(demo.url, 'GET', '/__demo/stats');
    expect(answer.status).toBe(200);
    expect(answer.json.total).toBeGreaterThan(0);
  });
});
