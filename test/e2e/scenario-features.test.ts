/**
 * Issue 12 features and issue 9 #12/#23 through the built CLI against an in-process demo CRM:
 * `crmload check`, teardown (counted like setup, seen by the server), -e and short flags, the
 * origin gate and --allow-origin, --http-debug (headers redacted), --demo-opt levers, --http2
 * against a local HTTP/2 server.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../src/demo/index.js';
import type { Report } from '../../src/report/types.js';
import { errorLines, makeTempDir, runCli } from '../helpers/cli.js';
import { readValidReport } from '../helpers/schema.js';

const tmp = makeTempDir('crmload-features-');
let demo: DemoServer;
let other: DemoServer;

beforeAll(async () => {
  [demo, other] = await Promise.all([createDemoServer({ seed: 1, port: 0 }), createDemoServer({ seed: 1, port: 0 })]);
});
afterAll(async () => {
  await Promise.all([demo.close(), other.close()]);
  tmp.cleanup();
});

function scenarioFile(name: string, text: string): string {
  const path = tmp.path(name);
  writeFileSync(path, text);
  return path;
}

async function run(file: string, args: string[]): Promise<{ code: number | null; stderr: string; stdout: string; report: Report }> {
  const json = tmp.path(`${Math.random().toString(36).slice(2)}.json`);
  const result = await runCli(['run', file, '--json', json, ...args], { cwd: tmp.dir });
  return { ...result, report: readValidReport(json) };
}

describe('crmload check', () => {
  it('ok: exit 0, says what it checked; nothing is sent', async () => {
    const file = scenarioFile('fine.ts', `import { defineScenario } from 'crmload';
export default defineScenario({ name: 'fine', sla: ['p95 < 1s'], async iteration(vu) { await vu.get('/health', { expect: 200 }); } });
`);
    const before = demo.stats().total;
    const result = await runCli(['check', file], { cwd: tmp.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ok: fine\.ts: scenario "fine" loads, its fields, defaults and SLAs are valid\n {2}type-checked with TypeScript/);
    expect(demo.stats().total).toBe(before);
  });

  it('a scenario name with control characters is shown escaped; --no-color is accepted', async () => {
    const file = scenarioFile('odd.mjs', `export default { name: 'line1\\nline2\\u001b[31m', async iteration(vu) { await vu.get('/health'); } };
`);
    const result = await runCli(['check', file, '--no-color'], { cwd: tmp.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('ok: odd.mjs: scenario "line1\\x0Aline2\\x1B[31m" loads, its fields, defaults and SLAs are valid');
  });

  it('a typo in request options, a bad SLA and a malformed CSV row: exit 2, every problem with its place', async () => {
    writeFileSync(tmp.path('users.csv'), 'email,password\na@x,1\nb@x\n');
    const file = scenarioFile('typo.ts', `import { csv, defineScenario } from 'crmload';
export default defineScenario({
  name: 'typo', sla: ['p95 < 1parsec'], data: { users: csv('users.csv') },
  async iteration(vu) { await vu.get('/health', { expext: 200 }); },
});
`);
    const result = await runCli(['check', file], { cwd: tmp.dir });
    expect(result.code).toBe(2);
    const lines = errorLines(result.stderr).join('\n');
    expect(lines).toMatch(/typo\.ts:4:51: Object literal may only specify known properties, but 'expext' does not exist in type 'RequestOptions'/);
    expect(lines).toMatch(/SLA "p95 < 1parsec": unknown unit "parsec"/);
    expect(lines).toMatch(/data\.users: users\.csv:3: /);
    expect(result.stderr).toMatch(/typo\.ts: 3 problems/);
  });

  it('k8s ships a data file beside the scenario in its ConfigMap, refuses one elsewhere, and checks it parses', async () => {
    const k8s = (file: string) => runCli(['k8s', file, '--shards', '2', '--image', 'registry.example.test/crmload:1', '--target', 'http://crm.example.test'], { cwd: tmp.dir });
    writeFileSync(tmp.path('people.csv'), 'email,password\na@x,1\n');
    const beside = scenarioFile('k8s-data.mjs', `import { csv } from 'crmload';
export default { name: 'k8sdata', data: { people: csv('people.csv') }, async iteration(vu) { await vu.get('/health'); } };
`);
    const ok = await k8s(beside);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ {2}people\.csv: \|/m);
    expect(ok.stdout).toContain('a@x,1');
    mkdirSync(tmp.path('data'), { recursive: true });
    writeFileSync(tmp.path('data/people.csv'), 'email,password\na@x,1\n');
    const elsewhere = await k8s(scenarioFile('k8s-far.mjs', `import { csv } from 'crmload';
export default { name: 'k8sfar', data: { people: csv('data/people.csv') }, async iteration(vu) { await vu.get('/health'); } };
`));
    expect(elsewhere.code).toBe(2);
    expect(errorLines(elsewhere.stderr)).toEqual([`crmload: error: scenario "k8sfar": data.people reads data/people.csv: crmload k8s ships the scenario's folder flat; keep data files beside it`]);
    writeFileSync(tmp.path('people.csv'), 'email,password\na@x,1\nb@x\n');
    const malformed = await k8s(beside);
    expect(malformed.code).toBe(2);
    expect(errorLines(malformed.stderr)).toEqual([expect.stringMatching(/^crmload: error: scenario "k8sdata": data\.people: people\.csv:3: /)]);
  });

  it('run refuses the same CSV before sending anything (exit 2, file:line)', async () => {
    const file = scenarioFile('badcsv.mjs', `import { csv } from 'crmload';
export default { name: 'badcsv', data: { users: csv('users.csv') }, async iteration(vu) { await vu.get('/health'); } };
`);
    const before = demo.stats().total;
    const result = await runCli(['run', file, '--target', demo.url, '-i', '1'], { cwd: tmp.dir });
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/^crmload: error: scenario "badcsv": data\.users: users\.csv:3: /)]);
    expect(demo.stats().total).toBe(before);
  });
});

describe('teardown, -e and short flags', () => {
  it('teardown runs once after the load with what setup returned; its requests are counted apart, like setup\'s', async () => {
    const file = scenarioFile('teardown.ts', `import { defineScenario } from 'crmload';
export default defineScenario({
  name: 'teardown',
  async setup(api) { return { who: api.env('WHO') }; },
  async iteration(vu) { await vu.get('/health'); },
  async teardown(api, shared) { await api.get('/health', { query: { bye: shared.who } }); await api.get('/health'); },
});
`);
    const before = demo.stats()['GET /health'] ?? 0;
    const { code, report } = await run(file, ['--target', demo.url, '-u', '2', '-i', '6', '-e', 'WHO=alice', '-q']);
    expect(code).toBe(0);
    expect(report.run.load).toMatchObject({ vus: 2, iterations: 6 });
    expect(report.totals.requests).toBe(6);
    expect(report.run.setupRequests).toBe(0);
    expect(report.run.teardownRequests).toBe(2);
    expect((demo.stats()['GET /health'] ?? 0) - before).toBe(8);
  });
});

describe('teardown after a signal', () => {
  it('SIGINT: the run stops, teardown still runs within the grace period, the report is written (exit 130)', async () => {
    const file = scenarioFile('teardown-signal.ts', `import { defineScenario } from 'crmload';
export default defineScenario({
  name: 'teardown-signal',
  async iteration(vu) { await vu.get('/health'); await vu.think('50ms'); },
  async teardown(api) { await api.delete('/api/auth/session', { name: 'logout', headers: { authorization: 'Bearer x' } }).catch(() => {}); await api.get('/health'); },
});
`);
    const json = tmp.path('teardown-signal.json');
    const before = demo.stats().total;
    const result = await runCli(['run', file, '--target', demo.url, '-u', '2', '-d', '60s', '--json', json, '-q'], {
      cwd: tmp.dir, signals: [{ signal: 'SIGINT', when: () => demo.stats().total - before >= 10, afterMs: 200 }],
    });
    expect(result.code).toBe(130);
    const report = readValidReport(json);
    expect(report.run.status).toBe('aborted');
    expect(report.run.teardownRequests).toBe(2);
    expect(demo.stats().total - before).toBe(report.totals.requests + 2);
  });
});

describe('res.timings and res.url', () => {
  it('phases are non-negative, add up to the total, and no request waits for its connection to open (opened before the clock)', async () => {
    const file = scenarioFile('timings.ts', `import { defineScenario } from 'crmload';
export default defineScenario({ name: 'timings', async iteration(vu) {
  const res = await vu.get('/health');
  const t = res.timings;
  vu.check(res, {
    'phases add up': () => Math.abs(t.blocked + t.connecting + t.waiting + t.receiving - t.total) < 0.01,
    'non-negative': () => Object.values(t).every((v) => v >= 0),
    'waited for the answer': () => t.waiting > 0 && t.total >= t.waiting,
    'url': (r) => r.url === vu.env('BASE') + '/health',
  });
  vu.metric.rate('opened_connection').add(t.connecting > 0);
} });
`);
    const { code, report } = await run(file, ['--target', demo.url, '-i', '6', '-u', '1', '-e', `BASE=${demo.url}`, '-q']);
    expect(code).toBe(0);
    expect(report.checks).toMatchObject({ passed: 24, failed: 0 });
    // One VU, one keep-alive connection, opened before the measured clock started (the clean start):
    // no request spends time connecting.
    expect(report.metrics).toEqual([{ name: 'opened_connection', type: 'rate', count: 6, trues: 0, rate: 0 }]);
    expect(report.generator.start?.connections).toMatchObject({ total: 1, opened: 1 });
  });
});

describe('origins (issue 9 #23)', () => {
  const text = (allow: string) => `import { defineScenario } from 'crmload';
export default defineScenario({ name: 'origins', ${allow} async iteration(vu) { await vu.get('/health'); await vu.get(vu.env('OTHER') + '/health', { name: 'other' }); } });
`;

  it('a request to another origin is refused (kind origin, counted, first shown), never sent', async () => {
    const file = scenarioFile('origins.ts', text(''));
    const before = other.stats().total;
    const { code, stderr, report } = await run(file, ['--target', demo.url, '-i', '3', '-u', '1', '-e', `OTHER=${other.url}`]);
    expect(code).toBe(0);
    expect(other.stats().total).toBe(before);
    const step = report.steps.find((s) => s.name === 'other')!;
    expect(step).toMatchObject({ requests: 3, failed: 3, errorsByKind: { origin: 3 } });
    expect(report.totals.iterations.failed).toBe(3);
    expect(stderr.match(/is not the target; allow it with --allow-origin/g)).toHaveLength(1);
  });

  it('--allow-origin, or the scenario\'s origins, lets it through', async () => {
    const before = other.stats().total;
    const cli = await run(scenarioFile('origins2.ts', text('')), ['--target', demo.url, '-i', '2', '-u', '1', '-e', `OTHER=${other.url}`, '--allow-origin', other.url, '-q']);
    const listed = await run(scenarioFile('origins3.ts', text(`origins: ['${other.url}'],`)), ['--target', demo.url, '-i', '2', '-u', '1', '-e', `OTHER=${other.url}`, '-q']);
    for (const r of [cli, listed]) expect(r.report.totals).toMatchObject({ failed: 0, requests: 4 });
    expect(other.stats().total - before).toBe(4);
  });

  it('--allow-origin takes an origin, not a URL with a path', async () => {
    const result = await runCli(['run', scenarioFile('origins4.ts', text('')), '--target', demo.url, '-e', 'OTHER=http://127.0.0.1:9', '--allow-origin', 'https://x.example.com/api', '-i', '1']);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/--allow-origin "https:\/\/x\.example\.com\/api": an origin has no path/)]);
  });
});

describe('--http-debug and --demo-opt', () => {
  it('--http-debug prints requests and responses of the first iterations on stderr, secrets redacted', async () => {
    const file = scenarioFile('debug.ts', `import { defineScenario } from 'crmload';
export default defineScenario({ name: 'debug', async iteration(vu) { await vu.get('/api/me', { headers: { authorization: 'Bearer s3cr3t-t0ken' } }); } });
`);
    const { stderr } = await run(file, ['--target', demo.url, '-i', '5', '-u', '1', '--http-debug', '2']);
    expect(stderr.match(/^> GET http:\/\/127\.0\.0\.1:\d+\/api\/me$/gm)).toHaveLength(2);
    expect(stderr).toContain('> authorization: ***');
    expect(stderr).toMatch(/^< 401 \(\d+\.\dms\)$/m);
    expect(stderr).not.toContain('s3cr3t');
  });

  it('--demo-opt sets the auto-started demo server\'s levers; a bad one is refused before the run', async () => {
    const file = scenarioFile('levers.ts', `import { defineScenario } from 'crmload';
export default defineScenario({ name: 'levers', async iteration(vu) {
  const health = await vu.get('/health');
  vu.check(health, { 'no indexes': (r) => r.json<{ indexes: boolean }>().indexes === false, cache: (r) => r.json<{ cache: boolean }>().cache === true });
} });
`);
    const { code, report } = await run(file, ['-i', '2', '-u', '1', '--demo-opt', 'no-indexes', '--demo-opt', 'cache', '-q']);
    expect(code).toBe(0);
    expect(report.checks).toMatchObject({ passed: 4, failed: 0 });
    const bad = await runCli(['run', file, '--demo-opt', 'no-index', '--demo-opt', 'rate-limit=fast']);
    expect(bad.code).toBe(2);
    expect(errorLines(bad.stderr)).toEqual([
      expect.stringMatching(/--demo-opt "no-index": unknown lever; did you mean "no-indexes"\?/),
      expect.stringMatching(/--demo-opt rate-limit "fast": expected a positive number/),
    ]);
  });
});

describe('--http2', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let server: Http2SecureServer;
  const versions: string[] = [];
  beforeAll(async () => {
    dir = makeTempDir('crmload-h2-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', dir.path('key.pem'), '-out', dir.path('cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    server = createSecureServer({ key: readFileSync(dir.path('key.pem')), cert: readFileSync(dir.path('cert.pem')), allowHTTP1: true }, (req, res) => {
      versions.push(req.httpVersion);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    dir.cleanup();
  });

  it('speaks HTTP/2 to a server that offers it (HTTP/1.1 without the flag)', async () => {
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const h2 = await runCli(['run', '--url', url, '--ca', dir.path('cert.pem'), '-i', '3', '-u', '1', '--http2', '-q']);
    expect(h2.code, h2.stderr).toBe(0);
    const h1 = await runCli(['run', '--url', url, '--ca', dir.path('cert.pem'), '-i', '2', '-u', '1', '-q']);
    expect(h1.code, h1.stderr).toBe(0);
    expect(versions.slice(-5)).toEqual(['2.0', '2.0', '2.0', '1.1', '1.1']);
  });
});

