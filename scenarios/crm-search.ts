/**
 * crm-search: people looking things up — a global search, a contact typeahead, an account search,
 * then opening a hit. Terms come from data/search-terms.csv (names, company words and industries of
 * the demo CRM's data; one row per iteration, drawn at random), so searches find something, as they
 * do in a real CRM. Checks record whether each search found anything, without failing the journey.
 */
import { csv, defineScenario } from 'crmload';
import { auth, login, type SearchHit, type Session } from './_crm.js';

/** A row of data/search-terms.csv: a global query, a contact's last name, an account word. */
interface Terms {
  query: string;
  lastName: string;
  account: string;
}

const OPEN_STEP: Record<SearchHit['type'], string> = { account: 'open account', contact: 'open contact', lead: 'open lead' };

export default defineScenario({
  name: 'crm-search',
  description: 'Search: global, typeahead and account searches with terms from a CSV feeder, then open a hit',
  defaults: { rate: 20, duration: '30s', maxVus: 50 },
  thinkTime: '50ms..200ms',
  sla: [
    'p95 < 300ms',
    'availability >= 99.9%',
    'error_rate < 1%',
    'p95{step="search"} < 300ms',
    'p95{step="typeahead"} < 200ms',
  ],
  data: { terms: csv<Terms & Record<string, string>>('data/search-terms.csv', { mode: 'random' }) },
  setup: (api): Promise<Session> => login(api),
  async iteration(vu, shared) {
    const headers = auth(shared);
    const terms = vu.data.terms;
    const found = await vu.get('/api/search', {
      name: 'search', headers, query: { q: terms.query, limit: 20 }, expect: 200,
    });
    vu.check(found, { 'search finds something': (r) => r.json<{ items: SearchHit[] }>().items.length > 0 });
    await vu.think();
    const lastName = terms.lastName;
    await vu.get('/api/search', {
      name: 'typeahead', headers, query: { q: lastName.slice(0, 3), type: 'contact', limit: 5 }, expect: 200,
    });
    await vu.get('/api/search', {
      name: 'typeahead', headers, query: { q: lastName, type: 'contact', limit: 5 }, expect: 200,
    });
    await vu.think();
    const accounts = await vu.get('/api/search', {
      name: 'search accounts', headers, query: { q: terms.account, type: 'account', limit: 10 }, expect: 200,
    });
    const hits = [...found.json<{ items: SearchHit[] }>().items, ...accounts.json<{ items: SearchHit[] }>().items];
    if (hits.length === 0) return;
    await vu.think();
    const hit = vu.random.pick(hits);
    await vu.get(`/api/${hit.type}s/${hit.id}`, { name: OPEN_STEP[hit.type], headers, expect: 200 });
  },
});
