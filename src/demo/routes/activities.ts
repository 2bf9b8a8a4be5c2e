/** Activities: calls, emails, meetings, tasks and notes logged against contacts, accounts and deals. */
import type { AppRoute } from '../app.js';
import { ACTIVITY_TYPES } from '../db/schema.js';
import { enumQuery, intQuery } from '../http/validate.js';
import { crudRoutes } from './crud.js';
import type { Entity } from './entity.js';
import { equals } from './list.js';

export const ACTIVITY: Entity = {
  table: 'activities',
  what: 'activity',
  columns: {
    type: 'type', subject: 'subject', dueAt: 'due_at', done: 'done', contactId: 'contact_id',
    accountId: 'account_id', opportunityId: 'opportunity_id', ownerId: 'owner_id',
  },
  specs: {
    type: { type: 'string', required: true, oneOf: ACTIVITY_TYPES },
    subject: { type: 'string', required: true },
    dueAt: { type: 'string', nullable: true, format: 'datetime' },
    done: { type: 'boolean' },
    contactId: { type: 'integer', nullable: true, min: 1 },
    accountId: { type: 'integer', nullable: true, min: 1 },
    opportunityId: { type: 'integer', nullable: true, min: 1 },
    ownerId: { type: 'integer', nullable: true, min: 1 },
  },
  references: {
    contactId: { table: 'contacts', what: 'contact' },
    accountId: { table: 'accounts', what: 'account' },
    opportunityId: { table: 'opportunities', what: 'opportunity' },
    ownerId: { table: 'users', what: 'user' },
  },
  booleans: ['done'],
  defaults: ({ userId }) => ({ ownerId: userId, done: false }),
};

/** GET/POST /api/activities, GET /api/activities/:id; filters: type, contactId, accountId, opportunityId, owner. */
export const activityRoutes: AppRoute[] = crudRoutes(ACTIVITY, {
  base: '/api/activities',
  operations: ['list', 'get', 'create'],
  filters: (query) => [
    ...equals('type', enumQuery(query, 'type', ACTIVITY_TYPES)),
    ...equals('contact_id', intQuery(query, 'contactId')),
    ...equals('account_id', intQuery(query, 'accountId')),
    ...equals('opportunity_id', intQuery(query, 'opportunityId')),
    ...equals('owner_id', intQuery(query, 'owner')),
  ],
});
