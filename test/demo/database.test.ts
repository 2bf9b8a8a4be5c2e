import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/demo/db/database.js';
import { createIndexes, createTables } from '../../src/demo/db/schema.js';
import { SEED_COUNTS, seedDatabase } from '../../src/demo/db/seed.js';

const open: Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

async function seeded(seed: number): Promise<Database> {
  const db = await Database.open();
  open.push(db);
  createTables(db);
  seedDatabase(db, seed, 'small');
  createIndexes(db);
  return db;
}

function digest(db: Database, table: string): string {
  return createHash('sha256').update(JSON.stringify(db.all(`SELECT * FROM ${table} ORDER BY id`))).digest('hex');
}

describe('Database.transaction', () => {
  it('rolls back everything written when the work throws, nested levels included', async () => {
    const db = await Database.open();
    open.push(db);
    db.exec('CREATE TABLE t (v INTEGER)');
    db.run('INSERT INTO t VALUES (1)');
    expect(() => db.transaction(() => {
      db.run('INSERT INTO t VALUES (2)');
      db.transaction(() => db.run('INSERT INTO t VALUES (3)'));
      throw new Error('boom');
    })).toThrow('boom');
    expect(db.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
  });

  it('keeps an inner rollback from undoing the outer work', async () => {
    const db = await Database.open();
    open.push(db);
    db.exec('CREATE TABLE t (v INTEGER)');
    db.transaction(() => {
      db.run('INSERT INTO t VALUES (1)');
      expect(() => db.transaction(() => {
        db.run('INSERT INTO t VALUES (2)');
        throw new Error('inner');
      })).toThrow('inner');
    });
    expect(db.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
  });
});

describe('seedDatabase', () => {
  it('creates the documented number of rows', async () => {
    const db = await seeded(1);
    for (const [table, count] of Object.entries(SEED_COUNTS.small)) {
      expect(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)?.n, table).toBe(count);
    }
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const [a, b, c] = await Promise.all([seeded(5), seeded(5), seeded(6)]);
    for (const table of ['users', 'accounts', 'contacts', 'leads', 'opportunities', 'activities']) {
      expect(digest(a, table), table).toBe(digest(b, table));
    }
    expect(digest(a, 'contacts')).not.toBe(digest(c, 'contacts'));
  });

  it('uses every opportunity stage and keeps references valid', async () => {
    const db = await seeded(1);
    expect(db.all('SELECT DISTINCT stage FROM opportunities ORDER BY stage').length).toBe(6);
    expect(db.get('SELECT COUNT(*) AS n FROM contacts WHERE account_id NOT IN (SELECT id FROM accounts)')).toEqual({ n: 0 });
    expect(db.all('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('has a working FTS4 index kept in sync by triggers', async () => {
    const db = await seeded(1);
    const id = db.insert(
      `INSERT INTO contacts (first_name, last_name, email, created_at, updated_at)
       VALUES ('Quillon', 'Zarathustra', 'q@z.test', 'now', 'now')`,
    );
    const match = (term: string): unknown[] => db.all("SELECT docid FROM contacts_fts WHERE contacts_fts MATCH ?", [term]);
    expect(match('zarath*')).toEqual([{ docid: id }]);
    db.run("UPDATE contacts SET last_name = 'Brandnew' WHERE id = ?", [id]);
    expect(match('zarath*')).toEqual([]);
    expect(match('brandnew')).toEqual([{ docid: id }]);
    db.run('DELETE FROM contacts WHERE id = ?', [id]);
    expect(match('brandnew')).toEqual([]);
  });
});
