/**
 * Issue 12 "Done when": a fresh `npm init -y` project (CommonJS, the default) with crmload installed
 * from this checkout as a dependency runs `npx crmload run ./journey.ts` against the demo CRM it
 * starts, with a CSV feeder, checks, a custom metric in an SLA, a group and a cookie-based login.
 * npm installs a folder as a link, offline; nothing is fetched.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, makeTempDir, ROOT } from '../helpers/cli.js';
import { reportSchemaErrors } from '../helpers/schema.js';

const tmp = makeTempDir('crmload-fresh-');
const project = join(tmp.dir, 'my-crm-tests');

const JOURNEY = `import { csv, defineScenario } from 'crmload';

interface User extends Record<string, string> {
  email: string;
  password: string;
}

export default defineScenario({
  name: 'journey',
  description: 'log in (session cookie), list contacts, create and convert a lead',
  defaults: { vus: 2, iterations: 8 },
  data: { users: csv<User>('data/users.csv', { mode: 'unique' }) },
  sla: ['checks > 99%', 'leads_converted >= 8', 'group_duration.p95{group="convert lead"} < 5s', 'iterations_failed == 0%'],
  async iteration(vu) {
    const user = vu.data.users;
    const me = await vu.post('/api/auth/session', { name: 'login', form: { email: user.email, password: user.password }, query: { next: '/api/me' } });
    vu.check(me, {
      'logged in as the CSV user': (r) => r.json<{ email: string }>().email === user.email,
      'redirected to /api/me': (r) => r.url.endsWith('/api/me'),
    });
    const contacts = await vu.get('/api/contacts', { name: 'list contacts', query: { pageSize: 5 }, expect: 200 });
    vu.check(contacts, { 'five contacts': (r) => r.json<{ items: unknown[] }>().items.length === 5 });
    await vu.group('convert lead', async () => {
      const lead = await vu.post('/api/leads', {
        name: 'create lead', expect: 201,
        json: { firstName: vu.fake.person.firstName(), lastName: vu.fake.person.lastName(), company: vu.fake.company.name() },
      });
      const { id } = lead.json<{ id: number }>();
      await vu.post(\`/api/leads/\${id}/convert\`, { name: 'convert lead', json: { opportunityName: 'Pilot', amount: 1000 }, expect: 200 });
      vu.metric.counter('leads_converted').add();
    });
  },
});
`;

beforeAll(() => {
  mkdirSync(join(project, 'data'), { recursive: true });
  const npm = (...args: string[]) => execFileSync('npm', args, { cwd: project, env: cliEnv(), stdio: 'pipe', timeout: 120_000 });
  npm('init', '-y');
  // --ignore-scripts: our prepare script would rebuild dist/ while other end-to-end tests spawn the CLI from it.
  npm('install', ROOT, '--offline', '--no-audit', '--no-fund', '--ignore-scripts');
  writeFileSync(join(project, 'journey.ts'), JOURNEY);
  const users = ['demo@crmload.dev', ...Array.from({ length: 9 }, (_, i) => `rep${i + 2}@crmload.dev`)];
  writeFileSync(join(project, 'data', 'users.csv'), `email,password\n${users.map((u) => `${u},demo`).join('\n')}\n`);
}, 180_000);

afterAll(() => tmp.cleanup());

describe('a fresh CommonJS npm project', () => {
  it('is CommonJS and has crmload as a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    expect(pkg.type ?? 'commonjs').toBe('commonjs');
    expect(pkg.dependencies.crmload).toBeDefined();
  });

  it('`npx crmload run ./journey.ts`: CSV feeder, checks, a custom metric in an SLA, a group and a cookie login, against the demo CRM', () => {
    const result = spawnSync('npx', ['crmload', 'run', './journey.ts', '--json', 'report.json'], { cwd: project, env: cliEnv(), encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(project, 'report.json'), 'utf8'));
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.run.target.demo).toBe(true);
    expect(report.totals).toMatchObject({ failed: 0, iterations: { completed: 8, failed: 0 } });
    // Each login is two requests (the form POST, then the 303 to /api/me with the session cookie).
    expect(report.steps.find((s: { name: string }) => s.name === 'login')).toMatchObject({ requests: 16, completed: 16, statusCodes: { 200: 8, 303: 8 } });
    expect(report.checks).toMatchObject({ passed: 24, failed: 0, rate: 100 });
    expect(report.metrics).toEqual([{ name: 'leads_converted', type: 'counter', total: 8, perSecond: expect.any(Number) }]);
    expect(report.groups).toMatchObject([{ name: 'convert lead', count: 8 }]);
    expect(report.steps.filter((s: { group?: string }) => s.group === 'convert lead').map((s: { name: string }) => s.name)).toEqual(['create lead', 'convert lead']);
    expect(report.sla.results.map((r: { passed: boolean }) => r.passed)).toEqual([true, true, true, true]);
    expect(result.stdout).toMatch(/leads_converted >= 8 +8 +>= 8 +0 +PASS/);
  });
});
