/**
 * crm-reporting: a sales manager's dashboard — the pipeline report (whole team, one rep, one quarter)
 * and the filtered lists behind it: opportunities by stage, a rep's leads by status, accounts by industry.
 */
import { defineScenario } from 'crmload';
import { auth, INDUSTRIES, login, STAGES, type Page, type Session } from './_crm.js';

const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
// The seeded close dates span mid-2024 to mid-2025.
const QUARTERS = [
  { from: '2024-07-01', to: '2024-09-30' },
  { from: '2024-10-01', to: '2024-12-31' },
  { from: '2025-01-01', to: '2025-03-31' },
  { from: '2025-04-01', to: '2025-06-30' },
] as const;

interface Shared extends Session {
  owners: number[];
}

export default defineScenario<Shared>({
  name: 'crm-reporting',
  description: 'Reporting: pipeline report (team, per rep, per quarter) and filtered lists of opportunities, leads and accounts',
  defaults: { rate: 10, duration: '30s', maxVus: 50 },
  thinkTime: '50ms..200ms',
  sla: [
    'p95 < 400ms',
    'availability >= 99.9%',
    'error_rate < 1%',
    'p95{step="pipeline report"} < 500ms',
    'p95{step="opportunities by stage"} < 300ms',
  ],
  async setup(api) {
    const session = await login(api);
    const users = await api.get('/api/users', {
      name: 'list owners', headers: auth(session), query: { pageSize: 100 }, expect: 200,
    });
    const owners = users.json<Page<{ id: number }>>().items.map((user) => user.id);
    if (owners.length === 0) throw new Error('no users: the pipeline cannot be filtered by owner');
    return { ...session, owners };
  },
  async iteration(vu, shared) {
    const headers = auth(shared);
    const owner = vu.random.pick(shared.owners);
    await vu.get('/api/reports/pipeline', { name: 'pipeline report', headers, expect: 200 });
    await vu.think();
    await vu.get('/api/reports/pipeline', { name: 'pipeline by owner', headers, query: { owner }, expect: 200 });
    await vu.get('/api/reports/pipeline', { name: 'pipeline by quarter', headers, query: vu.random.pick(QUARTERS), expect: 200 });
    await vu.think();
    await vu.get('/api/opportunities', {
      name: 'opportunities by stage', headers, query: { stage: vu.random.pick(STAGES), pageSize: 50 }, expect: 200,
    });
    await vu.get('/api/leads', {
      name: 'leads by status', headers, query: { status: vu.random.pick(LEAD_STATUSES), owner }, expect: 200,
    });
    await vu.think();
    await vu.get('/api/accounts', {
      name: 'accounts by industry', headers, query: { industry: vu.random.pick(INDUSTRIES) }, expect: 200,
    });
  },
});
