import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/demo/app.js';
import { TokenSigner } from '../../src/demo/auth.js';
import { Database } from '../../src/demo/db/database.js';
import { createIndexes, createTables } from '../../src/demo/db/schema.js';
import { seedDatabase } from '../../src/demo/db/seed.js';
import { ImportJobs } from '../../src/demo/jobs.js';
import { leadRoutes } from '../../src/demo/routes/leads.js';
import { RequestStats } from '../../src/demo/stats.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  createTables(db);
  seedDatabase(db, 1, 'small');
  createIndexes(db);
});
afterAll(() => db.close());

/** The database, except that inserting an opportunity fails: the last write of a conversion. */
function failingOnOpportunity(real: Database): Database {
  return new Proxy(real, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key !== 'insert' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (sql: string, params: unknown[]) => {
        if (sql.includes('INSERT INTO opportunities')) throw new Error('disk full');
        return target.insert(sql, params);
      };
    },
  });
}

function appWith(database: Database): App {
  return {
    db: database, tokens: new TokenSigner(), jobs: new ImportJobs(() => []), stats: new RequestStats(), info: {},
    fullText: true, now: () => '2025-01-01T00:00:00.000Z', invalidate: () => undefined,
  };
}

const count = (table: string): number => Number(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)?.n);

describe('POST /api/leads/:id/convert', () => {
  const convert = leadRoutes.find((route) => route.pattern === '/api/leads/:id/convert')!;

  it('rolls back the account and the contact when the opportunity cannot be written', async () => {
    const before = ['accounts', 'contacts', 'opportunities'].map(count);
    const context = { app: appWith(failingOnOpportunity(db)), params: { id: '5' }, query: new URLSearchParams(), body: undefined, userId: 1 };
    expect(() => convert.handle(context)).toThrow('disk full');
    expect(['accounts', 'contacts', 'opportunities'].map(count)).toEqual(before);
    expect(db.get('SELECT status FROM leads WHERE id = 5')).not.toEqual({ status: 'converted' });
  });

  it('commits all three rows when nothing fails', async () => {
    const before = ['accounts', 'contacts', 'opportunities'].map(count);
    const context = { app: appWith(db), params: { id: '5' }, query: new URLSearchParams(), body: undefined, userId: 1 };
    await convert.handle(context);
    expect(['accounts', 'contacts', 'opportunities'].map(count)).toEqual(before.map((n) => n + 1));
    expect(db.get('SELECT status FROM leads WHERE id = 5')).toEqual({ status: 'converted' });
  });
});
