/**
 * Helpers shared by the CRM scenarios (files starting with `_` are not listed by `crmload scenarios`):
 * logging in once in setup(), the bearer header, and the shapes of the demo CRM's answers.
 */
import type { SetupApi, Vu } from 'crmload';

/** What setup() shares with every iteration: the bearer header, built once. */
export interface Session {
  token: string;
  headers: Record<string, string>;
}

/** One page of a list answer. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Account {
  id: number;
  name: string;
  industry: string | null;
  city: string | null;
}

export interface Contact {
  id: number;
  accountId: number | null;
  firstName: string;
  lastName: string;
  email: string | null;
}

export interface SearchHit {
  type: 'account' | 'contact' | 'lead';
  id: number;
  name: string;
}

/** The six pipeline stages, in order. */
export const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;

/** The demo server's industries (seeded accounts use these). */
export const INDUSTRIES = [
  'Technology', 'Finance', 'Healthcare', 'Retail', 'Manufacturing', 'Education', 'Energy', 'Media', 'Real Estate',
  'Transportation', 'Hospitality', 'Telecommunications',
] as const;

/**
 * Logs in (CRM_EMAIL / CRM_PASSWORD, default: the demo login) and returns the session.
 * Throws with the status when the login is refused, so setup() fails before any load is sent.
 */
export async function login(api: SetupApi): Promise<Session> {
  const email = api.env('CRM_EMAIL', 'demo@crmload.dev');
  const password = api.env('CRM_PASSWORD', 'demo');
  const res = await api.post('/api/auth/login', { name: 'login', json: { email, password }, expect: 200 });
  const { token } = res.json<{ token: string }>();
  if (typeof token !== 'string' || token === '') throw new Error('login answered without a token');
  return { token, headers: { authorization: `Bearer ${token}` } };
}

/** The request headers of a session: `{ authorization: 'Bearer …' }` (redacted in reports). */
export function auth(shared: Session): Record<string, string> {
  return shared.headers;
}

/** A page number in 1..pages drawn from the VU's seeded RNG, biased to the first pages as people browse. */
export function browsePage(vu: Vu, pages: number): number {
  const last = Math.max(1, pages);
  return vu.random.next() < 0.7 ? vu.random.int(1, Math.min(3, last)) : vu.random.int(1, last);
}

/** Number of pages of `total` rows at `pageSize` per page (at least 1). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Search terms taken from the seeded data. */
export interface SearchTerms {
  /** Global search: full names, last names, company words, industries. */
  anything: string[];
  /** Contact last names, typed a few letters at a time. */
  lastNames: string[];
  /** Words of account names, and industries. */
  accounts: string[];
}

/** The first word of a company name that looks like a name ("Schmidt, Hahn and Kunde" → "Schmidt"). */
export function companyWord(name: string): string | undefined {
  return name.match(/\p{L}{3,}/u)?.[0];
}

function unique(values: Array<string | null | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.trim() !== ''))];
}

/** Search terms from one page of accounts and one of contacts. */
export function termsFrom(accounts: Account[], contacts: Contact[]): SearchTerms {
  const companyWords = unique(accounts.map((a) => companyWord(a.name)));
  const industries = unique(accounts.map((a) => a.industry));
  const lastNames = unique(contacts.map((c) => c.lastName)).filter((n) => n.length >= 3);
  const fullNames = unique(contacts.map((c) => `${c.firstName} ${c.lastName}`));
  return {
    anything: [...fullNames, ...lastNames, ...companyWords, ...industries],
    lastNames,
    accounts: [...companyWords, ...industries],
  };
}
