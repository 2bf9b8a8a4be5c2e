import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoClient } from './helpers.js';

let demo: DemoClient;
beforeAll(async () => { demo = await startDemo(); });
afterAll(() => demo.server.close());

describe('leads', () => {
  it('lists, filtered by status, owner and text', async () => {
    const all = await demo.get('/api/leads');
    expect(all.json.total).toBe(500);
    const fresh = await demo.get('/api/leads?status=new&pageSize=100');
    expect(fresh.json.total).toBeGreaterThan(0);
    expect(fresh.json.items.every((lead: { status: string }) => lead.status === 'new')).toBe(true);
    expect((await demo.get('/api/leads?status=hot')).status).toBe(400);
    const mine = await demo.get('/api/leads?owner=1&pageSize=100');
    expect(mine.json.items.every((lead: { ownerId: number }) => lead.ownerId === 1)).toBe(true);
    const lead = (await demo.get('/api/leads/9')).json;
    const byCompany = await demo.get(`/api/leads?q=${encodeURIComponent(lead.company)}&pageSize=100`);
    expect(byCompany.json.items.map((found: { id: number }) => found.id)).toContain(9);
  });

  it('creates a lead from a company and an email (status new, owner = caller)', async () => {
    const created = await demo.request('POST', '/api/leads', { company: 'Globex', email: 'hank@globex.test' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/leads/${created.json.id}`);
    expect(created.json).toMatchObject({ company: 'Globex', status: 'new', ownerId: 1, convertedAccountId: null });
    expect((await demo.get(`/api/leads/${created.json.id}`)).json).toEqual(created.json);
  });

  it.each([
    ['no company', { email: 'a@b.test' }],
    ['a bad source', { company: 'X', source: 'tv' }],
    ['a status (set by the workflow only)', { company: 'X', status: 'converted' }],
  ])('refuses %s with 422', async (_name, body) => {
    expect((await demo.request('POST', '/api/leads', body)).status).toBe(422);
  });

  it('qualifies a lead', async () => {
    const { json: lead } = await demo.request('POST', '/api/leads', { company: 'Q Corp' });
    const qualified = await demo.request('POST', `/api/leads/${lead.id}/qualify`);
    expect(qualified.status).toBe(200);
    expect(qualified.json.status).toBe('qualified');
    expect((await demo.request('POST', '/api/leads/999999/qualify')).status).toBe(404);
  });

  it('converts a lead in one transaction: account, contact and opportunity; 409 the second time', async () => {
    const { json: lead } = await demo.request('POST', '/api/leads', {
      firstName: 'Hank', lastName: 'Scorpio', company: 'Globex Corp', email: 'hank@globex.test',
    });
    const before = (await demo.get('/api/opportunities')).json.total;
    const converted = await demo.request('POST', `/api/leads/${lead.id}/convert`, { amount: 50_000 });
    expect(converted.status).toBe(200);
    const { account, contact, opportunity } = converted.json;
    expect(converted.json.lead).toMatchObject({
      status: 'converted', convertedAccountId: account.id, convertedContactId: contact.id,
      convertedOpportunityId: opportunity.id, convertedAt: expect.any(String),
    });
    expect((await demo.get(`/api/accounts/${account.id}`)).json).toMatchObject({ name: 'Globex Corp' });
    expect((await demo.get(`/api/contacts/${contact.id}`)).json).toMatchObject({
      accountId: account.id, firstName: 'Hank', lastName: 'Scorpio', email: 'hank@globex.test',
    });
    expect((await demo.get(`/api/opportunities/${opportunity.id}`)).json).toMatchObject({
      accountId: account.id, amount: 50_000, stage: 'qualification',
    });
    expect((await demo.get('/api/opportunities')).json.total).toBe(before + 1);
    const again = await demo.request('POST', `/api/leads/${lead.id}/convert`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('already_converted');
    expect((await demo.request('POST', `/api/leads/${lead.id}/qualify`)).status).toBe(409);
  });

  it('writes nothing when the conversion options are invalid', async () => {
    const { json: lead } = await demo.request('POST', '/api/leads', { company: 'Nope Inc' });
    const counts = async (): Promise<number[]> => Promise.all(['accounts', 'contacts', 'opportunities']
      .map(async (table) => (await demo.get(`/api/${table}?pageSize=1`)).json.total as number));
    const before = await counts();
    const answer = await demo.request('POST', `/api/leads/${lead.id}/convert`, { stage: 'won' });
    expect(answer.status).toBe(422);
    expect(await counts()).toEqual(before);
    expect((await demo.get(`/api/leads/${lead.id}`)).json.status).toBe('new');
    expect((await demo.request('POST', '/api/leads/999999/convert')).status).toBe(404);
  });
});

describe('opportunities', () => {
  it('lists, filtered by stage, owner and account', async () => {
    const won = await demo.get('/api/opportunities?stage=closed_won&pageSize=100');
    expect(won.json.total).toBeGreaterThan(0);
    expect(won.json.items.every((o: { stage: string }) => o.stage === 'closed_won')).toBe(true);
    expect((await demo.get('/api/opportunities?stage=won')).status).toBe(400);
    const byOwner = await demo.get('/api/opportunities?owner=3&pageSize=100');
    expect(byOwner.json.items.every((o: { ownerId: number }) => o.ownerId === 3)).toBe(true);
    const first = (await demo.get('/api/opportunities/1')).json;
    const byAccount = await demo.get(`/api/opportunities?accountId=${first.accountId}&pageSize=100`);
    expect(byAccount.json.items.map((o: { id: number }) => o.id)).toContain(1);
    expect((await demo.get('/api/opportunities/999999')).status).toBe(404);
  });

  it('changes stage with PATCH and refuses an invalid stage with 422', async () => {
    const moved = await demo.request('PATCH', '/api/opportunities/2', { stage: 'negotiation', amount: 12_000 });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ id: 2, stage: 'negotiation', amount: 12_000 });
    const invalid = await demo.request('PATCH', '/api/opportunities/2', { stage: 'won' });
    expect(invalid.status).toBe(422);
    expect(invalid.json.error.details[0]).toContain('stage: expected one of prospecting');
    expect((await demo.request('PATCH', '/api/opportunities/2', { amount: -5 })).status).toBe(422);
    expect((await demo.request('PATCH', '/api/opportunities/999999', { stage: 'proposal' })).status).toBe(404);
    expect((await demo.get('/api/opportunities/2')).json.stage).toBe('negotiation');
  });

  it('creates one', async () => {
    const created = await demo.request('POST', '/api/opportunities', { name: 'Big deal', accountId: 1, amount: 9 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ stage: 'prospecting', amount: 9 });
  });
});

describe('activities', () => {
  it('lists with filters and creates, with references checked', async () => {
    const calls = await demo.get('/api/activities?type=call&pageSize=100');
    expect(calls.json.items.every((a: { type: string }) => a.type === 'call')).toBe(true);
    expect(typeof calls.json.items[0].done).toBe('boolean');
    const forContact = await demo.get(`/api/activities?contactId=${calls.json.items[0].contactId}`);
    expect(forContact.json.total).toBeGreaterThan(0);
    expect((await demo.get('/api/activities?type=fax')).status).toBe(400);
    const created = await demo.request('POST', '/api/activities', {
      type: 'meeting', subject: 'Kick-off', contactId: 1, dueAt: '2025-02-01T10:00:00Z',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ type: 'meeting', done: false, contactId: 1 });
    expect((await demo.get(created.headers.get('location')!)).json).toEqual(created.json);
    const bad = await demo.request('POST', '/api/activities', { type: 'fax', subject: '', contactId: 999_999, dueAt: 'soon' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toHaveLength(3);
    const missing = await demo.request('POST', '/api/activities', { type: 'call', subject: 'Hi', contactId: 999_999 });
    expect(missing.json.error.details).toEqual(['contactId: contact 999999 not found']);
    expect((await demo.get('/api/activities/999999')).status).toBe(404);
  });
});
