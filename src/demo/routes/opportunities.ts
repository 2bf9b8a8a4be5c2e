/** Opportunities: deals moving through the pipeline stages. */
import type { AppRoute } from '../app.js';
import { OPPORTUNITY_STAGES } from '../db/schema.js';
import { enumQuery, intQuery } from '../http/validate.js';
import { crudRoutes } from './crud.js';
import type { Entity } from './entity.js';
import { equals } from './list.js';

export const OPPORTUNITY: Entity = {
  table: 'opportunities',
  what: 'opportunity',
  columns: {
    accountId: 'account_id', name: 'name', stage: 'stage', amount: 'amount', closeDate: 'close_date',
    ownerId: 'owner_id',
  },
  specs: {
    accountId: { type: 'integer', nullable: true, min: 1 },
    name: { type: 'string', required: true },
    stage: { type: 'string', oneOf: OPPORTUNITY_STAGES },
    amount: { type: 'integer', min: 0, max: 1_000_000_000 },
    closeDate: { type: 'string', nullable: true, format: 'date' },
    ownerId: { type: 'integer', nullable: true, min: 1 },
  },
  references: { accountId: { table: 'accounts', what: 'account' }, ownerId: { table: 'users', what: 'user' } },
  defaults: ({ userId }) => ({ ownerId: userId, stage: 'prospecting', amount: 0 }),
};

/**
 * GET/POST /api/opportunities, GET/PATCH /api/opportunities/:id (stage changes are validated: 422).
 * Filters: stage, owner, accountId.
 */
export const opportunityRoutes: AppRoute[] = crudRoutes(OPPORTUNITY, {
  base: '/api/opportunities',
  operations: ['list', 'get', 'create', 'patch'],
  filters: (query) => [
    ...equals('stage', enumQuery(query, 'stage', OPPORTUNITY_STAGES)),
    ...equals('owner_id', intQuery(query, 'owner')),
    ...equals('account_id', intQuery(query, 'accountId')),
  ],
});
