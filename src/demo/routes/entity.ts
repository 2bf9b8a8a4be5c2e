/** Generic row operations for one CRM entity: find, insert, update, delete, with reference checks. */
import type { App } from '../app.js';
import type { Row } from '../db/database.js';
import type { Table } from '../db/schema.js';
import { notFound, unprocessable } from '../http/errors.js';
import type { FieldSpecs } from '../http/validate.js';

/** How an entity maps between its API fields and its table. */
export interface Entity {
  table: Table;
  /** Singular name in messages: `contact 12 not found`. */
  what: string;
  /** API fields → columns; the SELECT list aliases columns back to these names. */
  columns: Record<string, string>;
  specs: FieldSpecs;
  /** Fields that name a row of another table, checked before writing. */
  references?: Record<string, { table: Table; what: string }>;
  /** Fields stored as 0/1 and shown as booleans. */
  booleans?: readonly string[];
  /** Values for absent fields on create. */
  defaults?: (context: { userId: number }) => Record<string, unknown>;
}

const selectLists = new WeakMap<Entity, string>();

/** The SELECT list of an entity: `id, first_name AS firstName, ..., created_at AS createdAt` (built once). */
export function selectList(entity: Entity): string {
  let list = selectLists.get(entity);
  if (list === undefined) {
    const columns = Object.entries(entity.columns)
      .map(([field, column]) => (field === column ? column : `${column} AS ${field}`));
    list = ['id', ...columns, 'created_at AS createdAt', 'updated_at AS updatedAt'].join(', ');
    selectLists.set(entity, list);
  }
  return list;
}

/** A row as the API shows it (booleans restored). */
export type ApiRow = Record<string, unknown>;

/** Converts a database row to its API shape. */
export function toApi(entity: Entity, row: Row): ApiRow {
  if (!entity.booleans) return row;
  const shown: ApiRow = { ...row };
  for (const field of entity.booleans) if (row[field] !== null) shown[field] = row[field] === 1;
  return shown;
}

/** The row with its API field names, or undefined. */
export function findRow(app: App, entity: Entity, id: number): ApiRow | undefined {
  const row = app.db.get(`SELECT ${selectList(entity)} FROM ${entity.table} WHERE id = ?`, [id]);
  return row && toApi(entity, row);
}

/** The row with its API field names, or a 404. */
export function requireRow(app: App, entity: Entity, id: number): ApiRow {
  const row = findRow(app, entity, id);
  if (!row) throw notFound(entity.what, id);
  return row;
}

/** 422 when a referenced row (ownerId, accountId...) does not exist. */
export function checkReferences(app: App, entity: Entity, fields: Record<string, unknown>): void {
  const issues: string[] = [];
  for (const [field, { table, what }] of Object.entries(entity.references ?? {})) {
    const id = fields[field];
    if (typeof id !== 'number') continue;
    if (!app.db.get(`SELECT 1 AS found FROM ${table} WHERE id = ?`, [id])) issues.push(`${field}: ${what} ${id} not found`);
  }
  if (issues.length > 0) throw unprocessable(issues);
}

/** Inserts a validated row (defaults filled in) and returns it as the API shows it. */
export function insertRow(app: App, entity: Entity, fields: Record<string, unknown>, userId: number): ApiRow {
  const values = { ...entity.defaults?.({ userId }), ...fields };
  checkReferences(app, entity, values);
  const names = Object.keys(values).filter((field) => field in entity.columns);
  const now = app.now();
  const columns = [...names.map((field) => entity.columns[field]), 'created_at', 'updated_at'];
  const params = [...names.map((field) => values[field]), now, now];
  const id = app.db.insert(
    `INSERT INTO ${entity.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, params,
  );
  return requireRow(app, entity, id);
}

/**
 * Updates the given fields of a row; with `replace`, absent nullable fields are cleared (PUT).
 * Returns the updated row, or a 404.
 */
export function updateRow(
  app: App, entity: Entity, id: number, fields: Record<string, unknown>, replace = false,
): ApiRow {
  requireRow(app, entity, id);
  checkReferences(app, entity, fields);
  const values = { ...fields };
  if (replace) {
    for (const [field, spec] of Object.entries(entity.specs)) if (spec.nullable && !(field in values)) values[field] = null;
  }
  const names = Object.keys(values).filter((field) => field in entity.columns);
  const assignments = [...names.map((field) => `${entity.columns[field]} = ?`), 'updated_at = ?'];
  app.db.run(
    `UPDATE ${entity.table} SET ${assignments.join(', ')} WHERE id = ?`,
    [...names.map((field) => values[field]), app.now(), id],
  );
  return requireRow(app, entity, id);
}

/** Deletes a row (references to it become null), or a 404. */
export function deleteRow(app: App, entity: Entity, id: number): void {
  if (app.db.run(`DELETE FROM ${entity.table} WHERE id = ?`, [id]) === 0) throw notFound(entity.what, id);
}
