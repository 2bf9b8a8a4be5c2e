/** The files `crmload init` writes. */

/** A first scenario against the demo CRM (runs as is with `crmload run scenarios/journey.ts`). */
export const JOURNEY = `/**
 * A first CRM journey: a user from data/users.csv logs in (a session cookie, as a browser does),
 * lists contacts, searches, and creates a lead, checking the answers on the way.
 * Check it:                              npx crmload check scenarios/journey.ts
 * Run it against the built-in demo CRM:  npx crmload run scenarios/journey.ts
 * or against yours:                      npx crmload run scenarios/journey.ts --target https://crm.example.com
 */
import { csv, defineScenario } from 'crmload';

interface User extends Record<string, string> {
  email: string;
  password: string;
}

export default defineScenario({
  name: 'journey',
  description: 'Log in, list contacts, search, create a lead',
  defaults: { vus: 5, duration: '20s' },
  sla: ['p95 < 500ms', 'availability >= 99.9%', 'checks > 99%', 'iteration_duration.p95 < 3s', 'leads_created > 0'],
  thinkTime: '100ms..300ms',
  data: { users: csv<User>('data/users.csv') },
  async iteration(vu) {
    if (!vu.state.loggedIn) {
      const { email, password } = vu.data.users;
      await vu.post('/api/auth/session', { name: 'login', json: { email, password }, expect: 200 });
      vu.state.loggedIn = true;
    }
    const contacts = await vu.get('/api/contacts', { name: 'list contacts', query: { page: vu.random.int(1, 3) }, expect: 200 });
    vu.check(contacts, { 'lists contacts': (r) => r.json<{ items: unknown[] }>().items.length > 0 });
    await vu.think();
    await vu.get('/api/search', { name: 'search', query: { q: vu.fake.person.lastName() }, expect: 200 });
    await vu.group('new lead', async () => {
      const lead = await vu.post('/api/leads', {
        name: 'create lead', expect: 201,
        json: { firstName: vu.fake.person.firstName(), lastName: vu.fake.person.lastName(), company: vu.fake.company.name() },
      });
      vu.check(lead, { 'lead has an id': (r) => typeof r.json<{ id?: number }>().id === 'number' });
      vu.metric.counter('leads_created').add();
    });
  },
});
`;

/** Example feeder data: users of the demo CRM, one per row (one per VU in the journey). */
export const USERS_CSV = `email,password
demo@crmload.dev,demo
rep2@crmload.dev,demo
rep3@crmload.dev,demo
rep4@crmload.dev,demo
rep5@crmload.dev,demo
`;

/**
 * Editor types for the scenarios. `typesPath`: this crmload's declarations when the project does not
 * depend on crmload (global install, npx), so \`import … from 'crmload'\` still type-checks.
 */
export function tsconfig(typesPath: string | null): string {
  const compilerOptions: Record<string, unknown> = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  if (typesPath) compilerOptions.paths = { crmload: [typesPath] };
  return `${JSON.stringify({ compilerOptions, include: ['scenarios/**/*.ts'] }, null, 2)}\n`;
}

/** A GitHub Actions job that gates on the scenario's SLAs and keeps the reports. */
export const CI_WORKFLOW = `# Load test as a CI gate: exit 3 (an SLA failed) fails the job; the reports are kept either way.
name: load-test
on: [pull_request, workflow_dispatch]
jobs:
  load-test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npx crmload check scenarios/journey.ts
      # Without --target crmload runs against its demo CRM; point it at a staging CRM here.
      - run: npx crmload run scenarios/journey.ts --json report.json --junit junit.xml --markdown "$GITHUB_STEP_SUMMARY"
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: load-test-report
          path: |
            report.json
            junit.xml
`;
