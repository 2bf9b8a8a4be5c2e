import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoClient } from './helpers.js';

let demo: DemoClient;
beforeAll(async () => { demo = await startDemo(); });
afterAll(() => demo.server.close());

describe('GET /api/contacts', () => {
  it('pages with defaults', async () => {
    const answer = await demo.get('/api/contacts');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ page: 1, pageSize: 20, total: 1000 });
    expect(answer.json.items).toHaveLength(20);
    expect(answer.json.items[0]).toMatchObject({ id: 1, firstName: expect.any(String), createdAt: expect.any(String) });
    const last = await demo.get('/api/contacts?page=10&pageSize=100');
    expect(last.json.items.at(-1).id).toBe(1000);
    const beyond = await demo.get('/api/contacts?page=11&pageSize=100');
    expect(beyond.json).toMatchObject({ items: [], total: 1000, page: 11 });
  });

  it.each(['pageSize=101', 'pageSize=0', 'page=0', 'page=x', 'accountId=abc', 'owner=-1'])('rejects ?%s with 400', async (query) => {
    const answer = await demo.get(`/api/contacts?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'invalid_query', message: expect.any(String) });
  });

  it('filters by account, owner, email and text', async () => {
    const byAccount = await demo.get('/api/contacts?accountId=3&pageSize=100');
    expect(byAccount.json.total).toBeGreaterThan(0);
    expect(byAccount.json.items.every((c: { accountId: number }) => c.accountId === 3)).toBe(true);
    const byOwner = await demo.get('/api/contacts?owner=2&pageSize=100');
    expect(byOwner.json.items.every((c: { ownerId: number }) => c.ownerId === 2)).toBe(true);
    const someone = (await demo.get('/api/contacts/17')).json;
    const byEmail = await demo.get(`/api/contacts?email=${encodeURIComponent(someone.email)}`);
    expect(byEmail.json.items.map((c: { id: number }) => c.id)).toContain(17);
    const byText = await demo.get(`/api/contacts?q=${encodeURIComponent(someone.lastName)}&pageSize=100`);
    expect(byText.json.items.map((c: { id: number }) => c.id)).toContain(17);
    const none = await demo.get('/api/contacts?q=%25%25zzqq');
    expect(none.json.total).toBe(0);
  });
});

describe('contacts: get, create, replace, patch, delete', () => {
  it('creates with 201 and a Location that can be fetched', async () => {
    const created = await demo.request('POST', '/api/contacts', {
      firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', accountId: 5,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ firstName: 'Ada', accountId: 5, ownerId: 1, title: null });
    expect(created.headers.get('location')).toBe(`/api/contacts/${created.json.id}`);
    const fetched = await demo.get(created.headers.get('location')!);
    expect(fetched.json).toEqual(created.json);
  });

  it.each([
    ['missing names', {}, ['firstName: required', 'lastName: required']],
    ['a bad email', { firstName: 'A', lastName: 'B', email: 'nope' }, ['email: expected a valid email']],
    ['an unknown field', { firstName: 'A', lastName: 'B', shoeSize: 9 }, ['shoeSize: unknown field']],
    ['a wrong type', { firstName: 1, lastName: 'B' }, ['firstName: expected a string']],
    ['an unknown account', { firstName: 'A', lastName: 'B', accountId: 999_999 }, ['accountId: account 999999 not found']],
  ])('refuses %s with 422 listing every problem', async (_name, body, details) => {
    const answer = await demo.request('POST', '/api/contacts', body);
    expect(answer.status).toBe(422);
    expect(answer.json.error).toMatchObject({ code: 'validation_failed', details });
  });

  it.each([
    ['malformed JSON', '{"firstName": ', 'invalid_json'],
    ['a JSON array', '[]', 'invalid_body'],
    ['no body', '', 'invalid_body'],
  ])('refuses %s with 400', async (_name, raw, code) => {
    const answer = await demo.request('POST', '/api/contacts', undefined, { raw });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe(code);
  });

  it('replaces with PUT (absent optional fields cleared, read-only fields ignored)', async () => {
    const { json: contact } = await demo.request('POST', '/api/contacts', { firstName: 'P', lastName: 'Q', title: 'CTO' });
    const replaced = await demo.request('PUT', `/api/contacts/${contact.id}`, {
      id: 12345, createdAt: 'x', firstName: 'Pat', lastName: 'Quinn',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ id: contact.id, firstName: 'Pat', title: null, ownerId: null });
    const incomplete = await demo.request('PUT', `/api/contacts/${contact.id}`, { firstName: 'Pat' });
    expect(incomplete.status).toBe(422);
  });

  it('patches only the given fields', async () => {
    const before = (await demo.get('/api/contacts/20')).json;
    const patched = await demo.request('PATCH', '/api/contacts/20', { title: 'Head of Sales', accountId: null });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ ...before, title: 'Head of Sales', accountId: null, updatedAt: expect.any(String) });
    expect((await demo.request('PATCH', '/api/contacts/20', {})).status).toBe(422);
    expect((await demo.request('PATCH', '/api/contacts/20', { email: 'bad' })).status).toBe(422);
  });

  it('deletes with 204, then the contact is gone', async () => {
    const { json: contact } = await demo.request('POST', '/api/contacts', { firstName: 'D', lastName: 'E' });
    const deleted = await demo.request('DELETE', `/api/contacts/${contact.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await demo.get(`/api/contacts/${contact.id}`)).status).toBe(404);
    expect((await demo.request('DELETE', `/api/contacts/${contact.id}`)).status).toBe(404);
  });

  it.each([
    ['GET', '/api/contacts/999999'],
    ['GET', '/api/contacts/abc'],
    ['GET', '/api/contacts/0'],
    ['PUT', '/api/contacts/999999'],
    ['PATCH', '/api/contacts/999999'],
    ['DELETE', '/api/contacts/999999'],
  ])('%s %s is 404', async (method, path) => {
    const bodies: Record<string, unknown> = { PUT: { firstName: 'a', lastName: 'b' }, PATCH: { title: 'x' } };
    const body = bodies[method];
    const answer = await demo.request(method, path, body);
    expect(answer.status).toBe(404);
    expect(answer.json.error.code).toBe('not_found');
  });
});

describe('accounts', () => {
  it('lists, filtered by industry, owner and name', async () => {
    const tech = await demo.get('/api/accounts?industry=Technology&pageSize=100');
    expect(tech.json.total).toBeGreaterThan(0);
    expect(tech.json.items.every((a: { industry: string }) => a.industry === 'Technology')).toBe(true);
    expect((await demo.get('/api/accounts?industry=Farming')).status).toBe(400);
    const first = (await demo.get('/api/accounts/1')).json;
    const byName = await demo.get(`/api/accounts?q=${encodeURIComponent(first.name)}`);
    expect(byName.json.items[0].id).toBe(1);
    const byOwner = await demo.get(`/api/accounts?owner=${first.ownerId}&pageSize=100`);
    expect(byOwner.json.items.map((a: { id: number }) => a.id)).toContain(1);
  });

  it('creates, replaces, patches and deletes; contacts of a deleted account are kept, unlinked', async () => {
    const created = await demo.request('POST', '/api/accounts', { name: 'Initech', industry: 'Technology', employees: 120 });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/accounts/${created.json.id}`);
    const id = created.json.id as number;
    const contact = (await demo.request('POST', '/api/contacts', { firstName: 'Bill', lastName: 'L', accountId: id })).json;
    const replaced = await demo.request('PUT', `/api/accounts/${id}`, { name: 'Initrode' });
    expect(replaced.json).toMatchObject({ name: 'Initrode', industry: null, employees: null });
    const patched = await demo.request('PATCH', `/api/accounts/${id}`, { city: 'Austin' });
    expect(patched.json).toMatchObject({ name: 'Initrode', city: 'Austin' });
    expect((await demo.request('PATCH', `/api/accounts/${id}`, { industry: 'Farming' })).status).toBe(422);
    expect((await demo.request('DELETE', `/api/accounts/${id}`)).status).toBe(204);
    expect((await demo.get(`/api/accounts/${id}`)).status).toBe(404);
    expect((await demo.get(`/api/contacts/${contact.id}`)).json.accountId).toBeNull();
  });

  it('refuses bad input', async () => {
    expect((await demo.request('POST', '/api/accounts', { name: '' })).status).toBe(422);
    expect((await demo.request('POST', '/api/accounts', { name: 'X', employees: -1 })).status).toBe(422);
    expect((await demo.request('POST', '/api/accounts', { name: 'X', ownerId: 999 })).json.error.details)
      .toEqual(['ownerId: user 999 not found']);
  });
});

describe('unknown routes and methods', () => {
  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const unknown = await demo.get('/api/widgets');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('not_found');
    const wrong = await demo.request('DELETE', '/api/contacts');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
  });
});
