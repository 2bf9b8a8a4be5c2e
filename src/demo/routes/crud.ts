/** Builds the REST routes of an entity: list, get, create, replace (PUT), patch, delete. */
import type { AppContext, AppRoute } from '../app.js';
import type { Table } from '../db/schema.js';
import { idParam, validateBody } from '../http/validate.js';
import { deleteRow, insertRow, requireRow, selectList, toApi, updateRow, type Entity } from './entity.js';
import { listPage, type Filter } from './list.js';

export type CrudOperation = 'list' | 'get' | 'create' | 'replace' | 'patch' | 'delete';

/** What the routes of one entity need besides the entity itself. */
export interface CrudOptions {
  /** Collection path, like `/api/contacts`. */
  base: string;
  operations: readonly CrudOperation[];
  /** List filters from the query string (throw a 400 for a bad value). */
  filters(query: URLSearchParams): Filter[];
  /** Tables whose cached answers a delete makes stale (rows pointing here are set to null). */
  deleteWrites?: readonly Table[];
}

/** The routes of `entity`, in a stable order (collection routes first). */
export function crudRoutes(entity: Entity, options: CrudOptions): AppRoute[] {
  const { base, operations } = options;
  const item = `${base}/:id`;
  const reads = [entity.table];
  const writes = [entity.table];
  const id = (context: AppContext): number => idParam(context.params, entity.what);
  const all: Record<CrudOperation, AppRoute> = {
    list: {
      method: 'GET', pattern: base, reads,
      handle: ({ app, query }) => ({
        body: listPage(
          app.db, selectList(entity), entity.table, options.filters(query), query, (row) => toApi(entity, row),
        ),
      }),
    },
    get: {
      method: 'GET', pattern: item, reads,
      handle: (context) => ({ body: requireRow(context.app, entity, id(context)) }),
    },
    create: {
      method: 'POST', pattern: base, writes,
      handle: ({ app, body, userId }) => {
        const row = insertRow(app, entity, validateBody(body, entity.specs, 'create'), userId);
        return { status: 201, body: row, headers: { location: `${base}/${row.id}` } };
      },
    },
    replace: {
      method: 'PUT', pattern: item, writes,
      handle: (context) => {
        const rowId = id(context);
        const fields = validateBody(context.body, entity.specs, 'replace');
        return { body: updateRow(context.app, entity, rowId, fields, true) };
      },
    },
    patch: {
      method: 'PATCH', pattern: item, writes,
      handle: (context) => {
        const rowId = id(context);
        const fields = validateBody(context.body, entity.specs, 'patch');
        return { body: updateRow(context.app, entity, rowId, fields) };
      },
    },
    delete: {
      method: 'DELETE', pattern: item, writes: [entity.table, ...(options.deleteWrites ?? [])],
      handle: (context) => {
        deleteRow(context.app, entity, id(context));
        return { status: 204 };
      },
    },
  };
  return operations.map((operation) => all[operation]);
}
