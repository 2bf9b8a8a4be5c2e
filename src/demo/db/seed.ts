/** Deterministic CRM data: the same seed and size always give the same rows. */
import { createHash } from 'node:crypto';
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import type { Faker } from '@faker-js/faker';
import type { DemoSize } from '../options.js';
import { mulberry32, type Prng } from '../random.js';
import type { Database } from './database.js';
import { ACTIVITY_TYPES, INDUSTRIES, LEAD_SOURCES, OPPORTUNITY_STAGES } from './schema.js';

/** Row counts per table for one size. */
export interface SeedCounts {
  users: number;
  accounts: number;
  contacts: number;
  leads: number;
  opportunities: number;
  activities: number;
}

export const SEED_COUNTS: Record<DemoSize, SeedCounts> = {
  small: { users: 10, accounts: 200, contacts: 1_000, leads: 500, opportunities: 400, activities: 1_000 },
  medium: { users: 50, accounts: 2_000, contacts: 10_000, leads: 5_000, opportunities: 4_000, activities: 10_000 },
  large: { users: 200, accounts: 10_000, contacts: 50_000, leads: 25_000, opportunities: 20_000, activities: 50_000 },
};

/** The documented login: every seeded user has the password `demo`. */
export const DEMO_LOGIN = { email: 'demo@crmload.dev', password: 'demo' } as const;

/** Hash of a password as stored in `users.password_hash`. */
export function hashPassword(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

const DAY_MS = 86_400_000;
// Seeded timestamps count back from a fixed instant so the data never depends on the clock.
const EPOCH = Date.UTC(2025, 0, 1);

/** Seeded faker values, generated once and picked from: faker calls are the main cost of seeding. */
interface Pools {
  firstNames: string[];
  lastNames: string[];
  titles: string[];
  companies: string[];
  phones: string[];
  phrases: string[];
}

interface SeedContext {
  db: Database;
  fake: Faker;
  rng: Prng;
  counts: SeedCounts;
  pools: Pools;
  accountDomains: string[];
  contactAccounts: (number | null)[];
}

const MAIL_PROVIDERS = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com'] as const;

function createPools(fake: Faker, counts: SeedCounts): Pools {
  // Smaller data needs less variety: scale the pools down so small sizes start fast.
  const scale = Math.min(1, counts.contacts / 4_000);
  const pool = (size: number, make: () => string): string[] =>
    Array.from({ length: Math.max(50, Math.round(size * scale)) }, make);
  return {
    firstNames: pool(600, () => fake.person.firstName()),
    lastNames: pool(600, () => fake.person.lastName()),
    titles: pool(400, () => fake.person.jobTitle()),
    companies: pool(1_500, () => fake.company.name()),
    phones: pool(1_000, () => fake.phone.number()),
    phrases: pool(400, () => fake.company.buzzPhrase()),
  };
}

/** `first.last12@domain`, lower-case ASCII. */
function emailAddress(rng: Prng, first: string, last: string, domain: string): string {
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  return `${local}${rng.next() < 0.5 ? rng.int(1, 99) : ''}@${domain}`;
}

/** A faker of our own (not the shared singleton), so seeding never disturbs another user of faker. */
function createFaker(seed: number): Faker {
  const FakerClass = englishFaker.constructor as new (options: { locale: unknown }) => Faker;
  const fake = new FakerClass({ locale: englishFaker.rawDefinitions });
  fake.seed(seed);
  return fake;
}

function pastDate(rng: Prng, maxDays: number): string {
  return new Date(EPOCH - rng.int(0, maxDays * 24) * 3_600_000).toISOString();
}

function weighted<T>(rng: Prng, choices: readonly (readonly [T, number])[]): T {
  let roll = rng.next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1][0];
}

function seedUsers({ db, fake, counts }: SeedContext): void {
  const hash = hashPassword(DEMO_LOGIN.password);
  const sql = 'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)';
  db.run(sql, [1, DEMO_LOGIN.email, 'Demo User', 'admin', hash, new Date(EPOCH).toISOString()]);
  for (let id = 2; id <= counts.users; id++) {
    const first = fake.person.firstName();
    const last = fake.person.lastName();
    // Seed-independent, so a users CSV works whatever --seed the data has: rep2@crmload.dev, rep3@…
    const email = `rep${id}@crmload.dev`;
    db.run(sql, [id, email, `${first} ${last}`, 'sales_rep', hash, new Date(EPOCH).toISOString()]);
  }
}

function seedAccounts(context: SeedContext): void {
  const { db, fake, rng, counts } = context;
  const sql = `INSERT INTO accounts (id, name, industry, website, phone, city, country, employees, annual_revenue,
    owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const cities = Array.from({ length: 300 }, () => [fake.location.city(), fake.location.country()] as const);
  for (let id = 1; id <= counts.accounts; id++) {
    const name = fake.company.name();
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example.com`;
    const employees = Math.round(10 ** (1 + rng.next() * 4));
    const created = pastDate(rng, 1_000);
    const [city, country] = rng.pick(cities);
    context.accountDomains.push(domain);
    db.run(sql, [id, name, rng.pick(INDUSTRIES), `https://${domain}`, rng.pick(context.pools.phones), city, country,
      employees, employees * rng.int(50, 300) * 1_000, rng.int(1, counts.users), created, created]);
  }
}

function seedContacts(context: SeedContext): void {
  const { db, rng, counts, pools } = context;
  const sql = `INSERT INTO contacts (id, account_id, first_name, last_name, email, phone, title, owner_id,
    created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  for (let id = 1; id <= counts.contacts; id++) {
    const accountId = rng.next() < 0.9 ? rng.int(1, counts.accounts) : null;
    const firstName = rng.pick(pools.firstNames);
    const lastName = rng.pick(pools.lastNames);
    const domain = accountId === null ? rng.pick(MAIL_PROVIDERS) : context.accountDomains[accountId - 1];
    const created = pastDate(rng, 900);
    context.contactAccounts.push(accountId);
    db.run(sql, [id, accountId, firstName, lastName, emailAddress(rng, firstName, lastName, domain),
      rng.pick(pools.phones), rng.pick(pools.titles), rng.int(1, counts.users), created, created]);
  }
}

function seedLeads({ db, rng, counts, pools }: SeedContext): void {
  const sql = `INSERT INTO leads (id, first_name, last_name, company, email, phone, source, status, owner_id,
    created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const statuses = [['new', 40], ['contacted', 30], ['qualified', 15], ['unqualified', 15]] as const;
  for (let id = 1; id <= counts.leads; id++) {
    const firstName = rng.pick(pools.firstNames);
    const lastName = rng.pick(pools.lastNames);
    const created = pastDate(rng, 365);
    db.run(sql, [id, firstName, lastName, rng.pick(pools.companies),
      emailAddress(rng, firstName, lastName, rng.pick(MAIL_PROVIDERS)), rng.pick(pools.phones),
      rng.pick(LEAD_SOURCES), weighted(rng, statuses), rng.int(1, counts.users), created, created]);
  }
}

function seedOpportunities({ db, rng, counts }: SeedContext): void {
  const sql = `INSERT INTO opportunities (id, account_id, name, stage, amount, close_date, owner_id, created_at,
    updated_at) VALUES (?, ?, (SELECT name FROM accounts WHERE id = ?) || ' - ' || ?, ?, ?, ?, ?, ?, ?)`;
  const stages = OPPORTUNITY_STAGES.map((stage, index) => [stage, [30, 22, 16, 10, 12, 10][index]] as const);
  const kinds = ['New business', 'Renewal', 'Expansion', 'Upgrade', 'Pilot'] as const;
  for (let id = 1; id <= counts.opportunities; id++) {
    const accountId = rng.int(1, counts.accounts);
    const created = pastDate(rng, 540);
    const closeDate = new Date(EPOCH + rng.int(-180, 180) * DAY_MS).toISOString().slice(0, 10);
    db.run(sql, [id, accountId, accountId, rng.pick(kinds), weighted(rng, stages), rng.int(1, 250) * 1_000,
      closeDate, rng.int(1, counts.users), created, created]);
  }
}

function seedActivities({ db, rng, counts, pools, contactAccounts }: SeedContext): void {
  const sql = `INSERT INTO activities (id, type, subject, due_at, done, contact_id, account_id, opportunity_id,
    owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  for (let id = 1; id <= counts.activities; id++) {
    const contactId = rng.int(1, counts.contacts);
    const type = rng.pick(ACTIVITY_TYPES);
    const opportunityId = rng.next() < 0.3 ? rng.int(1, counts.opportunities) : null;
    const subject = `${type[0].toUpperCase()}${type.slice(1)}: ${rng.pick(pools.phrases)}`;
    const created = pastDate(rng, 365);
    db.run(sql, [id, type, subject, pastDate(rng, 120), rng.next() < 0.6 ? 1 : 0, contactId,
      contactAccounts[contactId - 1], opportunityId, rng.int(1, counts.users), created, created]);
  }
}

/** Fills an empty database with the rows of `size`, deterministically from `seed`. */
export function seedDatabase(db: Database, seed: number, size: DemoSize): SeedCounts {
  const counts = SEED_COUNTS[size];
  const fake = createFaker(seed);
  const context: SeedContext = {
    db, fake, rng: mulberry32(seed), counts, pools: createPools(fake, counts), accountDomains: [], contactAccounts: [],
  };
  db.transaction(() => {
    seedUsers(context);
    seedAccounts(context);
    seedContacts(context);
    seedLeads(context);
    seedOpportunities(context);
    seedActivities(context);
  });
  return counts;
}
