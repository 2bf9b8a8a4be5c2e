/** A thin synchronous wrapper over sql.js: cached prepared statements, rows as objects, transactions. */
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import type { Database as SqlJsDatabase, SqlJsStatic, Statement } from 'sql.js';

/** A value SQLite stores. */
export type SqlValue = string | number | null;

/** A row with column names as keys (aliases included). */
export type Row = Record<string, SqlValue>;

let sqlJs: Promise<SqlJsStatic> | undefined;

/** Loads the WASM build of SQLite once per process. */
function loadSqlJs(): Promise<SqlJsStatic> {
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
  sqlJs ??= initSqlJs({ locateFile: () => wasmPath });
  return sqlJs;
}

/** An in-memory SQLite database. Every call is synchronous: one request's queries never interleave. */
export class Database {
  private readonly statements = new Map<string, Statement>();
  private depth = 0;
  /** Told how long each query took (`GET /metrics`); none by default. */
  onQuery: ((op: 'all' | 'get' | 'run', seconds: number) => void) | null = null;

  private constructor(private readonly db: SqlJsDatabase) {}

  /** Opens an empty in-memory database. */
  static async open(): Promise<Database> {
    const SQL = await loadSqlJs();
    return new Database(new SQL.Database());
  }

  /** Runs one or more statements without parameters (DDL). */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** All rows of a query. */
  all<T = Row>(sql: string, params: readonly unknown[] = []): T[] {
    const started = this.onQuery ? performance.now() : 0;
    const statement = this.prepare(sql, params);
    const rows: T[] = [];
    try {
      while (statement.step()) rows.push(statement.getAsObject() as T);
    } finally {
      statement.reset();
      this.onQuery?.('all', (performance.now() - started) / 1000);
    }
    return rows;
  }

  /** The first row of a query, or undefined. */
  get<T = Row>(sql: string, params: readonly unknown[] = []): T | undefined {
    const started = this.onQuery ? performance.now() : 0;
    const statement = this.prepare(sql, params);
    try {
      return statement.step() ? (statement.getAsObject() as T) : undefined;
    } finally {
      statement.reset();
      this.onQuery?.('get', (performance.now() - started) / 1000);
    }
  }

  /** Runs a write; returns the number of rows changed. */
  run(sql: string, params: readonly unknown[] = []): number {
    const started = this.onQuery ? performance.now() : 0;
    const statement = this.prepare(sql, params);
    try {
      statement.step();
    } finally {
      statement.reset();
      this.onQuery?.('run', (performance.now() - started) / 1000);
    }
    return this.db.getRowsModified();
  }

  /** Runs an INSERT; returns the new row id. */
  insert(sql: string, params: readonly unknown[] = []): number {
    this.run(sql, params);
    return Number(this.get<{ id: number }>('SELECT last_insert_rowid() AS id')?.id);
  }

  /** Runs `work` atomically: everything it wrote is rolled back if it throws. Nests with savepoints. */
  transaction<T>(work: () => T): T {
    const savepoint = `sp${this.depth++}`;
    this.db.exec(`SAVEPOINT ${savepoint}`);
    try {
      const result = work();
      this.db.exec(`RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      this.db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** Frees the statements and the database memory. */
  close(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    this.db.close();
  }

  private prepare(sql: string, params: readonly unknown[]): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    statement.bind(params.map(toSqlValue));
    return statement;
  }
}

function toSqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
}
