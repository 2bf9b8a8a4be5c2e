/** The pure helpers of scenarios/_crm.ts: page counts and search terms taken from seeded rows. */
import { describe, expect, it } from 'vitest';
import type { SetupApi } from '../../src/index.js';
import { auth, companyWord, login, pageCount, termsFrom, type Account, type Contact } from '../../scenarios/_crm.js';

describe('pageCount', () => {
  it.each([
    { name: 'empty list still has a page', total: 0, pageSize: 20, want: 1 },
    { name: 'exact pages', total: 1000, pageSize: 20, want: 50 },
    { name: 'a partial last page', total: 1001, pageSize: 20, want: 51 },
    { name: 'fewer rows than a page', total: 7, pageSize: 20, want: 1 },
  ])('$name', ({ total, pageSize, want }) => {
    expect(pageCount(total, pageSize)).toBe(want);
  });
});

describe('companyWord', () => {
  it.each([
    { name: 'first name-like word', company: 'Schmidt, Hahn and Kunde', want: 'Schmidt' },
    { name: 'dash-separated', company: 'Bayer - Cole', want: 'Bayer' },
    { name: 'skips short words', company: 'O Reilly Group', want: 'Reilly' },
    { name: 'letters beyond ASCII', company: 'Müller LLC', want: 'Müller' },
    { name: 'no word at all', company: '42 - 7', want: undefined },
  ])('$name', ({ company, want }) => {
    expect(companyWord(company)).toBe(want);
  });
});

describe('termsFrom', () => {
  const account = (id: number, name: string, industry: string | null): Account => ({ id, name, industry, city: null });
  const contact = (id: number, firstName: string, lastName: string): Contact => ({ id, accountId: null, firstName, lastName, email: null });

  it('takes names, company words and industries, once each', () => {
    const terms = termsFrom(
      [account(1, 'Kuhn LLC', 'Finance'), account(2, 'Kuhn - Jones', 'Finance'), account(3, 'Lind Inc', null)],
      [contact(1, 'Ada', 'Lovelace'), contact(2, 'Alan', 'Turing'), contact(3, 'Ada', 'Lovelace'), contact(4, 'Bo', 'Li')],
    );
    expect(terms.lastNames).toEqual(['Lovelace', 'Turing']);
    expect(terms.accounts).toEqual(['Kuhn', 'Lind', 'Finance']);
    expect(terms.anything).toEqual(['Ada Lovelace', 'Alan Turing', 'Bo Li', 'Lovelace', 'Turing', 'Kuhn', 'Lind', 'Finance']);
  });

  it('gives empty lists for an empty CRM (setup() then refuses to start)', () => {
    expect(termsFrom([], [])).toEqual({ anything: [], lastNames: [], accounts: [] });
  });
});

describe('login', () => {
  /** A SetupApi that answers the login with `body` and records what was sent. */
  function stubApi(body: unknown, env: Record<string, string> = {}) {
    const sent: Array<{ path: string; options: unknown }> = [];
    const api = {
      env: (name: string, fallback?: string) => env[name] ?? fallback ?? '',
      post: async (path: string, options: unknown) => {
        sent.push({ path, options });
        return { status: 200, headers: {}, json: () => body, text: () => JSON.stringify(body) };
      },
    } as unknown as SetupApi;
    return { api, sent };
  }

  it('logs in with the demo account and returns the bearer header', async () => {
    const { api, sent } = stubApi({ token: '1.abc', tokenType: 'Bearer', userId: 1 });
    const session = await login(api);
    expect(session).toEqual({ token: '1.abc', headers: { authorization: 'Bearer 1.abc' } });
    expect(auth(session)).toEqual({ authorization: 'Bearer 1.abc' });
    expect(sent).toEqual([{
      path: '/api/auth/login',
      options: { name: 'login', json: { email: 'demo@crmload.dev', password: 'demo' }, expect: 200 },
    }]);
  });

  it('takes the credentials from CRM_EMAIL and CRM_PASSWORD when set', async () => {
    const { api, sent } = stubApi({ token: '2.x' }, { CRM_EMAIL: 'rep@example.com', CRM_PASSWORD: 's3cret' });
    await login(api);
    expect(sent[0].options).toMatchObject({ json: { email: 'rep@example.com', password: 's3cret' } });
  });

  it('fails setup when the answer has no token', async () => {
    await expect(login(stubApi({}).api)).rejects.toThrow(/without a token/);
  });
});
