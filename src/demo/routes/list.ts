/** Paginated, filtered list queries shared by the list routes. */
import type { Database, Row } from '../db/database.js';
import { intQuery } from '../http/validate.js';

/** One page of a list answer. */
export interface Page<T = Record<string, unknown>> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** A WHERE condition with its `?` values. */
export interface Filter {
  sql: string;
  values: unknown[];
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?page=` (from 1) and `?pageSize=` (1..100, default 20), or a 400. */
export function pageParams(query: URLSearchParams): { page: number; pageSize: number } {
  const page = intQuery(query, 'page', 1, 1_000_000) ?? 1;
  const pageSize = intQuery(query, 'pageSize', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize };
}

/** A LIKE pattern matching `text` anywhere, with `%`, `_` and `\` escaped (use with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** A filter on `column = value`, or none when the value is absent. */
export function equals(column: string, value: unknown): Filter[] {
  return value === undefined ? [] : [{ sql: `${column} = ?`, values: [value] }];
}

/** A filter matching `text` in any of `columns` (case-insensitive for ASCII), or none. */
export function contains(columns: string[], text: string | undefined): Filter[] {
  if (text === undefined) return [];
  const pattern = containsPattern(text);
  return [{
    sql: `(${columns.map((column) => `${column} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
    values: columns.map(() => pattern),
  }];
}

/** Runs `SELECT select FROM table WHERE filters ORDER BY id` for one page, with the total count. */
export function listPage(
  db: Database, select: string, table: string, filters: Filter[], query: URLSearchParams,
  show: (row: Row) => Record<string, unknown> = (row) => row,
): Page {
  const { page, pageSize } = pageParams(query);
  const where = filters.length > 0 ? `WHERE ${filters.map((filter) => filter.sql).join(' AND ')}` : '';
  const values = filters.flatMap((filter) => filter.values);
  const total = Number(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} ${where}`, values)?.n ?? 0);
  const items = db.all(
    `SELECT ${select} FROM ${table} ${where} ORDER BY id LIMIT ? OFFSET ?`,
    [...values, pageSize, (page - 1) * pageSize],
  );
  return { items: items.map(show), page, pageSize, total };
}
