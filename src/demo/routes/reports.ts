/** The pipeline report: opportunities aggregated by stage and by owner. */
import type { AppRoute } from '../app.js';
import type { Row } from '../db/database.js';
import { OPPORTUNITY_STAGES } from '../db/schema.js';
import { badRequest } from '../http/errors.js';
import { intQuery } from '../http/validate.js';
import { equals, type Filter } from './list.js';

// Win probability per stage, for the weighted pipeline.
const PROBABILITY: Record<string, number> = {
  prospecting: 0.1, qualification: 0.2, proposal: 0.5, negotiation: 0.75, closed_won: 1, closed_lost: 0,
};
const WEIGHTED = `SUM(amount * CASE stage ${Object.entries(PROBABILITY).map(([stage, p]) => `WHEN '${stage}' THEN ${p}`).join(' ')} END)`;
const OPEN = "stage NOT IN ('closed_won', 'closed_lost')";

function dateQuery(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
  throw badRequest('invalid_query', `${name}=${raw}: expected a date like 2025-01-31`);
}

function reportFilters(query: URLSearchParams): Filter[] {
  const from = dateQuery(query, 'from');
  const to = dateQuery(query, 'to');
  return [
    ...equals('owner_id', intQuery(query, 'owner')),
    ...equals('account_id', intQuery(query, 'accountId')),
    ...(from ? [{ sql: 'close_date >= ?', values: [from] }] : []),
    ...(to ? [{ sql: 'close_date <= ?', values: [to] }] : []),
  ];
}

function numbers(row: Row | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Math.round(Number(value ?? 0))]));
}

/** GET /api/reports/pipeline?owner=&accountId=&from=&to= (from/to filter the close date). */
const pipeline: AppRoute = {
  method: 'GET',
  pattern: '/api/reports/pipeline',
  reads: ['opportunities', 'users'],
  handle({ app, query }) {
    const filters = reportFilters(query);
    const where = filters.length > 0 ? `WHERE ${filters.map((filter) => filter.sql).join(' AND ')}` : '';
    const values = filters.flatMap((filter) => filter.values);
    const measures = `COUNT(*) AS count, SUM(amount) AS amount, ${WEIGHTED} AS weightedAmount`;
    const byStage = new Map(app.db.all(`SELECT stage, ${measures} FROM opportunities ${where} GROUP BY stage`, values)
      .map((row) => [row.stage, numbers({ count: row.count, amount: row.amount, weightedAmount: row.weightedAmount })]));
    const stages = OPPORTUNITY_STAGES.map((stage) => ({
      stage, ...(byStage.get(stage) ?? { count: 0, amount: 0, weightedAmount: 0 }),
    }));
    const owners = app.db.all(
      `SELECT owner_id AS ownerId, (SELECT name FROM users WHERE users.id = owner_id) AS ownerName, ${measures},
        SUM(CASE WHEN ${OPEN} THEN amount ELSE 0 END) AS openAmount,
        SUM(CASE WHEN stage = 'closed_won' THEN amount ELSE 0 END) AS wonAmount
       FROM opportunities ${where} GROUP BY owner_id ORDER BY amount DESC, owner_id`, values,
    ).map((row) => ({ ...row, ...numbers({ count: row.count, amount: row.amount, weightedAmount: row.weightedAmount,
      openAmount: row.openAmount, wonAmount: row.wonAmount }) }));
    const totals = numbers(app.db.get(
      `SELECT ${measures}, SUM(CASE WHEN ${OPEN} THEN amount ELSE 0 END) AS openAmount,
        SUM(CASE WHEN stage = 'closed_won' THEN amount ELSE 0 END) AS wonAmount FROM opportunities ${where}`, values,
    ));
    return { body: { stages, owners, totals } };
  },
};

export const reportRoutes: AppRoute[] = [pipeline];
