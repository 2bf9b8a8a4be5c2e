/** Accounts: companies the sales team sells to. */
import type { AppRoute } from '../app.js';
import { INDUSTRIES } from '../db/schema.js';
import { enumQuery, intQuery, textQuery } from '../http/validate.js';
import { crudRoutes } from './crud.js';
import type { Entity } from './entity.js';
import { contains, equals } from './list.js';

export const ACCOUNT: Entity = {
  table: 'accounts',
  what: 'account',
  columns: {
    name: 'name', industry: 'industry', website: 'website', phone: 'phone', city: 'city', country: 'country',
    employees: 'employees', annualRevenue: 'annual_revenue', ownerId: 'owner_id',
  },
  specs: {
    name: { type: 'string', required: true },
    industry: { type: 'string', nullable: true, oneOf: INDUSTRIES },
    website: { type: 'string', nullable: true },
    phone: { type: 'string', nullable: true, max: 40 },
    city: { type: 'string', nullable: true },
    country: { type: 'string', nullable: true },
    employees: { type: 'integer', nullable: true, min: 0 },
    annualRevenue: { type: 'integer', nullable: true, min: 0 },
    ownerId: { type: 'integer', nullable: true, min: 1 },
  },
  references: { ownerId: { table: 'users', what: 'user' } },
  defaults: ({ userId }) => ({ ownerId: userId }),
};

/** GET/POST /api/accounts, GET/PUT/PATCH/DELETE /api/accounts/:id; filters: industry, owner, q. */
export const accountRoutes: AppRoute[] = crudRoutes(ACCOUNT, {
  base: '/api/accounts',
  operations: ['list', 'get', 'create', 'replace', 'patch', 'delete'],
  filters: (query) => [
    ...equals('industry', enumQuery(query, 'industry', INDUSTRIES)),
    ...equals('owner_id', intQuery(query, 'owner')),
    ...contains(['name'], textQuery(query, 'q')),
  ],
  deleteWrites: ['contacts', 'opportunities', 'leads', 'activities'],
});
