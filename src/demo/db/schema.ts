/** The demo CRM's tables, secondary indexes and full-text index (FTS4, kept in sync by triggers). */
import type { Database } from './database.js';

/** The tables; the cache uses them as invalidation tags. */
export type Table = 'users' | 'accounts' | 'contacts' | 'leads' | 'opportunities' | 'activities';

export const OPPORTUNITY_STAGES = [
  'prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost',
] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
export const LEAD_SOURCES = ['web', 'referral', 'event', 'partner', 'cold_call', 'advertisement'] as const;
export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'task', 'note'] as const;
export const INDUSTRIES = [
  'Technology', 'Finance', 'Healthcare', 'Retail', 'Manufacturing', 'Education',
  'Energy', 'Media', 'Real Estate', 'Transportation', 'Hospitality', 'Telecommunications',
] as const;

const TABLES = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, industry TEXT, website TEXT, phone TEXT,
  city TEXT, country TEXT, employees INTEGER, annual_revenue INTEGER,
  owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT, phone TEXT, title TEXT,
  owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE opportunities (
  id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  name TEXT NOT NULL, stage TEXT NOT NULL, amount INTEGER NOT NULL CHECK (amount >= 0),
  close_date TEXT, owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE leads (
  id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, company TEXT NOT NULL,
  email TEXT, phone TEXT, source TEXT, status TEXT NOT NULL,
  owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  converted_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  converted_contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
  converted_opportunity_id INTEGER REFERENCES opportunities(id) ON DELETE SET NULL,
  converted_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE activities (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, subject TEXT NOT NULL, due_at TEXT, done INTEGER NOT NULL,
  contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
  account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  opportunity_id INTEGER REFERENCES opportunities(id) ON DELETE SET NULL,
  owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
`;

const INDEXES = `
CREATE INDEX accounts_industry ON accounts(industry);
CREATE INDEX accounts_owner ON accounts(owner_id);
CREATE INDEX contacts_account ON contacts(account_id);
CREATE INDEX contacts_email ON contacts(email);
CREATE INDEX contacts_owner ON contacts(owner_id);
CREATE INDEX opportunities_stage ON opportunities(stage);
CREATE INDEX opportunities_owner ON opportunities(owner_id);
CREATE INDEX opportunities_account ON opportunities(account_id);
CREATE INDEX leads_status ON leads(status);
CREATE INDEX leads_owner ON leads(owner_id);
CREATE INDEX leads_converted_account ON leads(converted_account_id);
CREATE INDEX leads_converted_contact ON leads(converted_contact_id);
CREATE INDEX leads_converted_opportunity ON leads(converted_opportunity_id);
CREATE INDEX activities_contact ON activities(contact_id);
CREATE INDEX activities_account ON activities(account_id);
CREATE INDEX activities_opportunity ON activities(opportunity_id);
CREATE INDEX activities_owner ON activities(owner_id);
`;

/** What each full-text table indexes from its source table (docid = the row id); `row` is `new.` or ''. */
const FULL_TEXT: Record<'accounts' | 'contacts' | 'leads', { columns: string[]; values: (row: string) => string }> = {
  accounts: {
    columns: ['name', 'industry', 'city', 'website'],
    values: (row) => `${row}name, ${row}industry, ${row}city, ${row}website`,
  },
  contacts: {
    columns: ['name', 'email', 'title'],
    values: (row) => `${row}first_name || ' ' || ${row}last_name, ${row}email, ${row}title`,
  },
  leads: {
    columns: ['name', 'company', 'email'],
    values: (row) => `${row}first_name || ' ' || ${row}last_name, ${row}company, ${row}email`,
  },
};

/** Creates the tables (before seeding: bulk inserts are faster without indexes). */
export function createTables(db: Database): void {
  db.exec('PRAGMA foreign_keys = ON;');
  db.exec(TABLES);
}

/** Creates the secondary indexes and the full-text tables with their sync triggers (after seeding). */
export function createIndexes(db: Database): void {
  db.exec(INDEXES);
  for (const [table, { columns, values }] of Object.entries(FULL_TEXT)) {
    const fts = `${table}_fts`;
    const insert = `INSERT INTO ${fts}(docid, ${columns.join(', ')}) VALUES (new.id, ${values('new.')});`;
    db.exec(`
      CREATE VIRTUAL TABLE ${fts} USING fts4(${columns.join(', ')});
      INSERT INTO ${fts}(docid, ${columns.join(', ')}) SELECT id, ${values('')} FROM ${table};
      CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} BEGIN ${insert} END;
      CREATE TRIGGER ${table}_fts_update AFTER UPDATE ON ${table} BEGIN
        DELETE FROM ${fts} WHERE docid = old.id; ${insert} END;
      CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN DELETE FROM ${fts} WHERE docid = old.id; END;
    `);
  }
}
