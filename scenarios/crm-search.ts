/**
 * crm-search: people looking things up — a global search, a contact typeahead, an account search,
 * then opening the first hit. Terms are real names and industries read from the seeded data in
 * setup(), so searches find something, as they do in a real CRM.
 */
import { defineScenario } from 'crmload';
import {
  auth, login, termsFrom, type Account, type Contact, type Page, type SearchHit, type SearchTerms, type Session,
} from './_crm.js';

type Shared = Session & SearchTerms;

const OPEN_STEP: Record<SearchHit['type'], string> = { account: 'open account', contact: 'open contact', lead: 'open lead' };

export default defineScenario<Shared>({
  name: 'crm-search',
  description: 'Search: global, typeahead and account searches with terms from the seeded data, then open a hit',
  defaults: { rate: 20, duration: '30s', maxVus: 50 },
  thinkTime: '50ms..200ms',
  sla: [
    'p95 < 300ms',
    'availability >= 99.9%',
    'error_rate < 1%',
    'p95{step="search"} < 300ms',
    'p95{step="typeahead"} < 200ms',
  ],
  async setup(api) {
    const session = await login(api);
    const headers = auth(session);
    const query = { pageSize: 100 };
    const accounts = await api.get('/api/accounts', { name: 'seed terms: accounts', headers, query, expect: 200 });
    const contacts = await api.get('/api/contacts', { name: 'seed terms: contacts', headers, query, expect: 200 });
    const terms = termsFrom(accounts.json<Page<Account>>().items, contacts.json<Page<Contact>>().items);
    if (terms.anything.length === 0 || terms.lastNames.length === 0 || terms.accounts.length === 0) {
      throw new Error('no search terms: the CRM returned no accounts or contacts');
    }
    return { ...session, ...terms };
  },
  async iteration(vu, shared) {
    const headers = auth(shared);
    const found = await vu.get('/api/search', {
      name: 'search', headers, query: { q: vu.random.pick(shared.anything), limit: 20 }, expect: 200,
    });
    await vu.think();
    const lastName = vu.random.pick(shared.lastNames);
    await vu.get('/api/search', {
      name: 'typeahead', headers, query: { q: lastName.slice(0, 3), type: 'contact', limit: 5 }, expect: 200,
    });
    await vu.get('/api/search', {
      name: 'typeahead', headers, query: { q: lastName, type: 'contact', limit: 5 }, expect: 200,
    });
    await vu.think();
    const accounts = await vu.get('/api/search', {
      name: 'search accounts', headers, query: { q: vu.random.pick(shared.accounts), type: 'account', limit: 10 }, expect: 200,
    });
    const hits = [...found.json<{ items: SearchHit[] }>().items, ...accounts.json<{ items: SearchHit[] }>().items];
    if (hits.length === 0) return;
    await vu.think();
    const hit = vu.random.pick(hits);
    await vu.get(`/api/${hit.type}s/${hit.id}`, { name: OPEN_STEP[hit.type], headers, expect: 200 });
  },
});
