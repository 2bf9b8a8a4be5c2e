/** Full-text search over accounts, contacts and leads: FTS4 with indexes, a LIKE scan without. */
import type { App, AppRoute } from '../app.js';
import { badRequest } from '../http/errors.js';
import { intQuery, textQuery } from '../http/validate.js';
import { contains, type Filter } from './list.js';

type SearchType = 'account' | 'contact' | 'lead';

interface Searchable {
  table: string;
  /** Columns the scan looks into (the same text the FTS table indexes). */
  text: string[];
  name: string;
  detail: string;
}

const SEARCHABLE: Record<SearchType, Searchable> = {
  account: { table: 'accounts', text: ['name', 'industry', 'city', 'website'], name: 'name', detail: 'industry' },
  contact: {
    table: 'contacts', text: ["first_name || ' ' || last_name", 'email', 'title'],
    name: "first_name || ' ' || last_name", detail: 'email',
  },
  lead: {
    table: 'leads', text: ["first_name || ' ' || last_name", 'company', 'email'],
    name: "first_name || ' ' || last_name", detail: 'company',
  },
};
const TYPES = Object.keys(SEARCHABLE) as SearchType[];

/** Words of the query, lower-cased so FTS never reads them as operators (AND, OR, NOT). */
export function searchTerms(q: string): string[] {
  return q.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
}

function typesQuery(query: URLSearchParams): SearchType[] {
  const raw = query.get('type');
  if (!raw) return TYPES;
  const types = raw.split(',').map((type) => type.trim());
  const wrong = types.filter((type) => !TYPES.includes(type as SearchType));
  if (wrong.length > 0) throw badRequest('invalid_query', `type=${raw}: expected any of ${TYPES.join(', ')}`);
  return types as SearchType[];
}

function matchFilter(app: App, { table, text }: Searchable, terms: string[]): Filter[] {
  if (app.fullText) {
    // Every word as a prefix; implicit AND.
    const match = terms.map((term) => `${term}*`).join(' ');
    return [{ sql: `id IN (SELECT docid FROM ${table}_fts WHERE ${table}_fts MATCH ?)`, values: [match] }];
  }
  return terms.flatMap((term) => contains(text, term));
}

function searchType(app: App, type: SearchType, terms: string[], limit: number): { rows: Record<string, unknown>[]; total: number } {
  const searchable = SEARCHABLE[type];
  const filters = matchFilter(app, searchable, terms);
  const where = filters.map((filter) => filter.sql).join(' AND ');
  const values = filters.flatMap((filter) => filter.values);
  const total = Number(app.db.get(`SELECT COUNT(*) AS n FROM ${searchable.table} WHERE ${where}`, values)?.n ?? 0);
  const rows = limit === 0 || total === 0 ? [] : app.db.all(
    `SELECT '${type}' AS type, id, ${searchable.name} AS name, ${searchable.detail} AS detail
     FROM ${searchable.table} WHERE ${where} ORDER BY id LIMIT ?`, [...values, limit],
  );
  return { rows, total };
}

/** GET /api/search?q=words&type=account,contact,lead&limit=20: the first matches and the number of all. */
const search: AppRoute = {
  method: 'GET',
  pattern: '/api/search',
  reads: ['accounts', 'contacts', 'leads'],
  handle({ app, query }) {
    const q = textQuery(query, 'q');
    if (q === undefined) throw badRequest('invalid_query', 'q: required, the words to search for');
    const limit = intQuery(query, 'limit', 1, 100) ?? 20;
    const types = typesQuery(query);
    const terms = searchTerms(q);
    const items: Record<string, unknown>[] = [];
    let total = 0;
    for (const type of terms.length > 0 ? types : []) {
      const found = searchType(app, type, terms, limit - items.length);
      items.push(...found.rows);
      total += found.total;
    }
    return { body: { q, items, total }, headers: { 'x-demo-search': app.fullText ? 'fts' : 'scan' } };
  },
};

export const searchRoutes: AppRoute[] = [search];
