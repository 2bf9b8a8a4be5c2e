/**
 * The shipped CRM scenarios, each run for a bounded number of iterations through the built CLI against an in-process
 * demo server: exit 0, no failed request, and every step's request count equals what the server
 * counted for the step's route (GET /__demo/stats before and after), setup() requests included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../src/demo/index.js';
import type { Report } from '../../src/report/types.js';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { expectPassedOrOnlyLatencySlow, readValidReport } from '../helpers/schema.js';

type RouteCounts = Record<string, number>;

/** The route template each step name hits (a step that is not here fails the test). */
const STEP_ROUTES: Record<string, string> = {
  'list contacts': 'GET /api/contacts',
  'list account contacts': 'GET /api/contacts',
  'find imported contact': 'GET /api/contacts',
  'get contact': 'GET /api/contacts/:id',
  'open contact': 'GET /api/contacts/:id',
  'list accounts': 'GET /api/accounts',
  'accounts by industry': 'GET /api/accounts',
  'get account': 'GET /api/accounts/:id',
  'open account': 'GET /api/accounts/:id',
  'create lead': 'POST /api/leads',
  'leads by status': 'GET /api/leads',
  'get lead': 'GET /api/leads/:id',
  'open lead': 'GET /api/leads/:id',
  'qualify lead': 'POST /api/leads/:id/qualify',
  'convert lead': 'POST /api/leads/:id/convert',
  'log call': 'POST /api/activities',
  'opportunities by stage': 'GET /api/opportunities',
  'move to proposal': 'PATCH /api/opportunities/:id',
  'move to negotiation': 'PATCH /api/opportunities/:id',
  'close opportunity': 'PATCH /api/opportunities/:id',
  search: 'GET /api/search',
  typeahead: 'GET /api/search',
  'search accounts': 'GET /api/search',
  'pipeline report': 'GET /api/reports/pipeline',
  'pipeline by owner': 'GET /api/reports/pipeline',
  'pipeline by quarter': 'GET /api/reports/pipeline',
  'start import': 'POST /api/imports',
  'poll import': 'GET /api/jobs/:id',
  login: 'POST /api/auth/session',
};

const LOGIN = 'POST /api/auth/login';
/** What each scenario's setup() sends: a login, and the reads it takes its data from. */
const SETUP_ROUTES: Record<string, RouteCounts> = {
  'crm-browse': { [LOGIN]: 1, 'GET /api/contacts': 1, 'GET /api/accounts': 1 },
  'crm-lead-pipeline': {},
  'crm-search': { [LOGIN]: 1 },
  'crm-reporting': { [LOGIN]: 1, 'GET /api/users': 1 },
  'crm-import': { [LOGIN]: 1, 'GET /api/accounts': 1 },
};
SETUP_ROUTES['crm-mixed'] = addCounts(...Object.values(SETUP_ROUTES));

/**
 * Per scenario: the arrival rate and iteration count of the short run (an iteration count, not a
 * duration, so the test takes no longer than the work), and the steps it must have run.
 */
const RUNS: Array<{ scenario: string; rate: number; iterations: number; steps: string[] }> = [
  { scenario: 'crm-browse', rate: 20, iterations: 20, steps: ['list contacts', 'get contact', 'list accounts', 'get account', 'list account contacts'] },
  { scenario: 'crm-lead-pipeline', rate: 20, iterations: 12, steps: ['create lead', 'qualify lead', 'convert lead', 'move to proposal', 'close opportunity'] },
  { scenario: 'crm-search', rate: 20, iterations: 20, steps: ['search', 'typeahead', 'search accounts'] },
  { scenario: 'crm-reporting', rate: 20, iterations: 16, steps: ['pipeline report', 'pipeline by owner', 'opportunities by stage', 'accounts by industry'] },
  { scenario: 'crm-import', rate: 5, iterations: 5, steps: ['start import', 'poll import', 'find imported contact'] },
  { scenario: 'crm-mixed', rate: 40, iterations: 60, steps: ['list contacts', 'search', 'create lead', 'pipeline report'] },
];

/** Scenarios that record checks (the rest may, in a mix). */
const CHECKED = ['crm-browse', 'crm-lead-pipeline', 'crm-mixed'];

function addCounts(...all: RouteCounts[]): RouteCounts {
  const sum: RouteCounts = {};
  for (const counts of all) for (const [key, n] of Object.entries(counts)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

/** Requests the report says were sent, per route: its steps mapped to routes, plus setup(). */
function expectedRouteCounts(report: Report, setup: RouteCounts): RouteCounts {
  const steps = report.steps.map((step) => {
    const route = STEP_ROUTES[step.name];
    if (!route) throw new Error(`step "${step.name}" has no route in STEP_ROUTES`);
    return { [route]: step.requests };
  });
  return addCounts(setup, ...steps);
}

/** What the server counted between two stats snapshots (routes that did not change are left out). */
function countsBetween(before: RouteCounts, after: RouteCounts): RouteCounts {
  const diff: RouteCounts = {};
  for (const [key, n] of Object.entries(after)) {
    const delta = n - (before[key] ?? 0);
    if (delta !== 0 && key !== 'total') diff[key] = delta;
  }
  return diff;
}

let server: DemoServer;
const tmp = makeTempDir('crmload-scenarios-');

async function serverStats(): Promise<RouteCounts> {
  const response = await fetch(`${server.url}/__demo/stats`);
  expect(response.status).toBe(200);
  return (await response.json()) as RouteCounts;
}

beforeAll(async () => {
  server = await createDemoServer({ seed: 1, size: 'small', port: 0 });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('shipped scenarios against the demo server', () => {
  it.each(RUNS)('$scenario: exit 0, no failed request, per-step counts equal the server\'s', async ({ scenario, rate, iterations, steps }) => {
    const json = tmp.path(`${scenario}.json`);
    const before = await serverStats();
    const result = await runCli([
      'run', `scenarios/${scenario}.ts`, '--target', server.url, '--iterations', String(iterations), '--rate', String(rate), '--json', json, '--quiet',
    ]);
    const after = await serverStats();
    const report = readValidReport(json);
    expectPassedOrOnlyLatencySlow(result.code, report, result.stderr);

    expect(report.run.scenario.name).toBe(scenario);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.interrupted).toBe(0);
    expect(report.totals.errorsByKind).toEqual({});
    expect(report.totals.iterations.failed).toBe(0);
    expect(report.totals.iterations.completed).toBeGreaterThan(0);
    expect(report.sla.results.length).toBeGreaterThan(0);
    expect(report.steps.map((step) => step.name)).toEqual(expect.arrayContaining(steps));
    // Checks are recorded and pass against the demo CRM (a failing check does not fail the journey).
    if (CHECKED.includes(scenario)) expect(report.checks).toMatchObject({ failed: 0, passed: expect.any(Number) });

    const setup = SETUP_ROUTES[scenario];
    expect(report.run.setupRequests).toBe(Object.values(setup).reduce((a, b) => a + b, 0));
    expect(report.steps.reduce((sum, step) => sum + step.requests, 0)).toBe(report.totals.requests);
    expect(countsBetween(before, after)).toEqual(expectedRouteCounts(report, setup));
    expect(after.total - before.total).toBe(report.totals.requests + report.run.setupRequests);
  });
});
