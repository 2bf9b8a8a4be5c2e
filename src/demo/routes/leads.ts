/** Leads: prospects that get qualified and converted into an account, a contact and an opportunity. */
import type { App, AppContext, AppRoute } from '../app.js';
import { LEAD_SOURCES, LEAD_STATUSES, OPPORTUNITY_STAGES } from '../db/schema.js';
import { conflict } from '../http/errors.js';
import { enumQuery, idParam, intQuery, textQuery, validateBody } from '../http/validate.js';
import { ACCOUNT } from './accounts.js';
import { CONTACT } from './contacts.js';
import { crudRoutes } from './crud.js';
import { insertRow, requireRow, updateRow, type ApiRow, type Entity } from './entity.js';
import { contains, equals } from './list.js';
import { OPPORTUNITY } from './opportunities.js';

export const LEAD: Entity = {
  table: 'leads',
  what: 'lead',
  columns: {
    firstName: 'first_name', lastName: 'last_name', company: 'company', email: 'email', phone: 'phone',
    source: 'source', status: 'status', ownerId: 'owner_id', convertedAccountId: 'converted_account_id',
    convertedContactId: 'converted_contact_id', convertedOpportunityId: 'converted_opportunity_id',
    convertedAt: 'converted_at',
  },
  specs: {
    firstName: { type: 'string', max: 100 },
    lastName: { type: 'string', max: 100 },
    company: { type: 'string', required: true },
    email: { type: 'string', nullable: true, format: 'email' },
    phone: { type: 'string', nullable: true, max: 40 },
    source: { type: 'string', nullable: true, oneOf: LEAD_SOURCES },
    ownerId: { type: 'integer', nullable: true, min: 1 },
  },
  references: { ownerId: { table: 'users', what: 'user' } },
  defaults: ({ userId }) => ({ ownerId: userId, status: 'new', firstName: '', lastName: '' }),
};

const CONVERT_SPECS = {
  opportunityName: { type: 'string' },
  amount: { type: 'integer', min: 0, max: 1_000_000_000 },
  stage: { type: 'string', oneOf: OPPORTUNITY_STAGES },
  closeDate: { type: 'string', nullable: true, format: 'date' },
} as const;

function requireOpenLead(context: AppContext): { id: number; lead: ApiRow } {
  const id = idParam(context.params, 'lead');
  const lead = requireRow(context.app, LEAD, id);
  if (lead.status === 'converted') {
    throw conflict('already_converted', `lead ${id} was already converted (opportunity ${lead.convertedOpportunityId})`);
  }
  return { id, lead };
}

/** Creates the account, contact and opportunity of a lead and marks it converted, atomically. */
function convertLead(app: App, id: number, lead: ApiRow, options: Record<string, unknown>, userId: number): ApiRow {
  return app.db.transaction(() => {
    const company = String(lead.company);
    const ownerId = lead.ownerId ?? userId;
    const account = insertRow(app, ACCOUNT, { name: company, phone: lead.phone, ownerId }, userId);
    const contact = insertRow(app, CONTACT, {
      accountId: account.id, firstName: lead.firstName || '-', ownerId, email: lead.email, phone: lead.phone,
      lastName: lead.lastName || String(lead.email ?? company).split('@')[0],
    }, userId);
    const opportunity = insertRow(app, OPPORTUNITY, {
      accountId: account.id, ownerId, name: options.opportunityName ?? `${company} - New business`,
      stage: options.stage ?? 'qualification', amount: options.amount ?? 0, closeDate: options.closeDate ?? null,
    }, userId);
    app.db.run(
      `UPDATE leads SET status = 'converted', converted_account_id = ?, converted_contact_id = ?,
        converted_opportunity_id = ?, converted_at = ?, updated_at = ? WHERE id = ?`,
      [account.id, contact.id, opportunity.id, app.now(), app.now(), id],
    );
    return { lead: requireRow(app, LEAD, id), account, contact, opportunity };
  });
}

const qualify: AppRoute = {
  method: 'POST',
  pattern: '/api/leads/:id/qualify',
  writes: ['leads'],
  handle(context) {
    const { id } = requireOpenLead(context);
    return { body: updateRow(context.app, LEAD, id, { status: 'qualified' }) };
  },
};

const convert: AppRoute = {
  method: 'POST',
  pattern: '/api/leads/:id/convert',
  writes: ['leads', 'accounts', 'contacts', 'opportunities'],
  handle(context) {
    const { id, lead } = requireOpenLead(context);
    const options = context.body === undefined ? {} : validateBody(context.body, CONVERT_SPECS, 'create');
    return { body: convertLead(context.app, id, lead, options, context.userId) };
  },
};

/** GET/POST /api/leads, GET /api/leads/:id, POST /api/leads/:id/qualify and /convert; filters: status, owner, q. */
export const leadRoutes: AppRoute[] = [
  ...crudRoutes(LEAD, {
    base: '/api/leads',
    operations: ['list', 'get', 'create'],
    filters: (query) => [
      ...equals('status', enumQuery(query, 'status', LEAD_STATUSES)),
      ...equals('owner_id', intQuery(query, 'owner')),
      ...contains(["first_name || ' ' || last_name", 'company', 'email'], textQuery(query, 'q')),
    ],
  }),
  qualify,
  convert,
];
