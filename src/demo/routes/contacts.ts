/** Contacts: people, usually at an account. */
import type { AppRoute } from '../app.js';
import { intQuery, textQuery } from '../http/validate.js';
import { crudRoutes } from './crud.js';
import type { Entity } from './entity.js';
import { contains, equals } from './list.js';

export const CONTACT: Entity = {
  table: 'contacts',
  what: 'contact',
  columns: {
    accountId: 'account_id', firstName: 'first_name', lastName: 'last_name', email: 'email', phone: 'phone',
    title: 'title', ownerId: 'owner_id',
  },
  specs: {
    accountId: { type: 'integer', nullable: true, min: 1 },
    firstName: { type: 'string', required: true, max: 100 },
    lastName: { type: 'string', required: true, max: 100 },
    email: { type: 'string', nullable: true, format: 'email' },
    phone: { type: 'string', nullable: true, max: 40 },
    title: { type: 'string', nullable: true },
    ownerId: { type: 'integer', nullable: true, min: 1 },
  },
  references: { accountId: { table: 'accounts', what: 'account' }, ownerId: { table: 'users', what: 'user' } },
  defaults: ({ userId }) => ({ ownerId: userId }),
};

/** GET/POST /api/contacts, GET/PUT/PATCH/DELETE /api/contacts/:id; filters: accountId, owner, email, q. */
export const contactRoutes: AppRoute[] = crudRoutes(CONTACT, {
  base: '/api/contacts',
  operations: ['list', 'get', 'create', 'replace', 'patch', 'delete'],
  filters: (query) => [
    ...equals('account_id', intQuery(query, 'accountId')),
    ...equals('owner_id', intQuery(query, 'owner')),
    ...equals('email', textQuery(query, 'email')),
    ...contains(["first_name || ' ' || last_name", 'email'], textQuery(query, 'q')),
  ],
  deleteWrites: ['leads', 'activities'],
});
