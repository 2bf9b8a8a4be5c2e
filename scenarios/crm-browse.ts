/**
 * crm-browse: a sales rep looks around the CRM — pages through contacts, opens one and its account,
 * then pages through accounts, opens one and lists the people who work there.
 */
import { defineScenario } from 'crmload';
import { auth, browsePage, login, pageCount, type Account, type Contact, type Page, type Session } from './_crm.js';

const PAGE_SIZE = 20;

interface Shared extends Session {
  contactPages: number;
  accountPages: number;
}

export default defineScenario<Shared>({
  name: 'crm-browse',
  description: 'Browse: list and paginate contacts and accounts, open a contact, its account and the account\'s contacts',
  defaults: { rate: 20, duration: '30s', maxVus: 50 },
  thinkTime: '50ms..200ms',
  sla: [
    'p95 < 300ms',
    'p99 < 800ms',
    'availability >= 99.9%',
    'error_rate < 1%',
    'p95{step="list contacts"} < 300ms',
    'p95{step="get contact"} < 200ms',
  ],
  async setup(api) {
    const session = await login(api);
    const headers = auth(session);
    const contacts = await api.get('/api/contacts', { name: 'count contacts', headers, query: { pageSize: 1 }, expect: 200 });
    const accounts = await api.get('/api/accounts', { name: 'count accounts', headers, query: { pageSize: 1 }, expect: 200 });
    return {
      ...session,
      contactPages: pageCount(contacts.json<Page<Contact>>().total, PAGE_SIZE),
      accountPages: pageCount(accounts.json<Page<Account>>().total, PAGE_SIZE),
    };
  },
  async iteration(vu, shared) {
    const headers = auth(shared);
    const contacts = await vu.get('/api/contacts', {
      name: 'list contacts', headers, query: { page: browsePage(vu, shared.contactPages), pageSize: PAGE_SIZE }, expect: 200,
    });
    const listed = contacts.json<Page<Contact>>().items;
    vu.check(contacts, { 'a page holds at most pageSize contacts': () => listed.length <= PAGE_SIZE });
    await vu.think();
    if (listed.length === 0) return;
    const contact = (await vu.get(`/api/contacts/${vu.random.pick(listed).id}`, { name: 'get contact', headers, expect: 200 }))
      .json<Contact>();
    if (contact.accountId !== null) {
      await vu.get(`/api/accounts/${contact.accountId}`, { name: 'get account', headers, expect: 200 });
    }
    await vu.think();
    const accounts = await vu.get('/api/accounts', {
      name: 'list accounts', headers, query: { page: browsePage(vu, shared.accountPages), pageSize: PAGE_SIZE }, expect: 200,
    });
    const page = accounts.json<Page<Account>>().items;
    if (page.length === 0) return;
    const account = vu.random.pick(page);
    await vu.think();
    await vu.get(`/api/accounts/${account.id}`, { name: 'get account', headers, expect: 200 });
    await vu.get('/api/contacts', { name: 'list account contacts', headers, query: { accountId: account.id }, expect: 200 });
  },
});
