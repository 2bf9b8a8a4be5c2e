/**
 * End to end: the built CLI's exit codes (DESIGN §5) as a user or a CI job sees them — 0, 2 for
 * every class of bad input (one error line, nothing sent), 3 for a failed SLA, and help/version.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, makeTempDir, ROOT, runCli, SCENARIOS, type CliResult } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';

let server: FaultServer;
const tmp = makeTempDir();

beforeAll(async () => {
  server = await startFaultServer();
});

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('exit 0', () => {
  it('quick mode at 50/s for 2 s with passing SLAs: exit 0, exact counts, a valid report', async () => {
    server.reset();
    const json = tmp.path('ok.json');
    const r = await runCli(['run', '--url', `${server.url}/ok`, '--rate', '50', '--duration', '2s', '--sla', 'p95 < 2s', '--sla', 'availability >= 99%', '--json', json]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = readValidReport(json);
    expect(report.run.status).toBe('completed');
    expect(report.sla.passed).toBe(true);
    expect(report.sla.results.map((s) => s.passed)).toEqual([true, true]);
    // 50/s for 2 s: arrivals at 0, 20, …, 1980 ms.
    expect(report.totals.requests).toBe(100);
    expect(report.totals.completed).toBe(100);
    expect(server.count()).toBe(100);
    expect(r.stdout).toContain('GET /ok');
  });
});

/** Each case has exactly one problem: exit 2, one error line, nothing sent, no report written. */
interface BadInput {
  name: string;
  args: (url: string) => string[];
  message: RegExp;
  /** No --json is appended (the case is about --json itself). */
  ownOutput?: boolean;
}

const BAD_INPUTS: BadInput[] = [
  { name: 'an unknown flag', args: (u) => ['run', '--url', `${u}/ok`, '--bogus-flag'], message: /unknown option '--bogus-flag'/ },
  { name: '--duration 10x', args: (u) => ['run', '--url', `${u}/ok`, '--duration', '10x'], message: /--duration "10x": expected a duration/ },
  { name: '--iterations foo', args: (u) => ['run', '--url', `${u}/ok`, '--iterations', 'foo'], message: /--iterations "foo": expected a whole number/ },
  { name: '--vus 5 --rate 5', args: (u) => ['run', '--url', `${u}/ok`, '--vus', '5', '--rate', '5', '--duration', '1s'], message: /--vus and --rate: choose one/ },
  {
    name: 'an SLA with an unknown metric (p96)',
    args: (u) => ['run', '--url', `${u}/ok`, '--duration', '1s', '--sla', 'p96 < 200ms'],
    message: /SLA "p96 < 200ms": unknown metric "p96"; valid metrics: .*p95.*availability.*error_rate/,
  },
  { name: '--url without a scheme', args: () => ['run', '--url', 'localhost:3000', '--duration', '1s'], message: /--url "localhost:3000": expected an http:\/\/ or https:\/\/ URL/ },
  { name: '--url ftp://x', args: () => ['run', '--url', 'ftp://x', '--duration', '1s'], message: /--url "ftp:\/\/x": only http:\/\/ and https:\/\/ are supported/ },
  {
    name: 'an output path in a missing directory',
    args: (u) => ['run', '--url', `${u}/ok`, '--duration', '1s', '--json', '/nonexistent/dir/r.json'],
    message: /--json \/nonexistent\/dir\/r\.json: directory \/nonexistent\/dir does not exist/,
    ownOutput: true,
  },
  {
    name: 'a missing scenario file',
    args: (u) => ['run', join(SCENARIOS, 'does-not-exist.ts'), '--target', u, '--duration', '1s'],
    message: /scenario ".*does-not-exist\.ts": no such file/,
  },
  {
    name: 'a scenario with a syntax error',
    args: (u) => ['run', tmp.path('broken.ts'), '--target', u, '--duration', '1s'],
    // The extra ")" is on line 6, after 4 spaces and `await vu.get('/ok')` (column 24, 1-based).
    message: /broken\.ts:6:24: Expected ";" but found "\)"/,
  },
  {
    name: 'a scenario with a misspelt key',
    args: (u) => ['run', join(SCENARIOS, 'typo-key.mjs'), '--target', u, '--duration', '1s'],
    message: /typo-key\.mjs: descripton: unknown field; did you mean "description"\?/,
  },
  {
    name: 'a target whose host cannot be resolved',
    args: () => ['run', join(SCENARIOS, 'plain-object.mjs'), '--target', 'http://crm.invalid:1', '--duration', '1s'],
    message: /cannot resolve host "crm\.invalid"/,
  },
];

describe('exit 2: bad input, nothing sent', () => {
  beforeAll(() => {
    server.reset();
    writeFileSync(
      tmp.path('broken.ts'),
      ["import { defineScenario } from 'crmload';", '', 'export default defineScenario({', "  name: 'broken',", '  async iteration(vu) {', "    await vu.get('/ok'));", '  },', '});', ''].join('\n'),
    );
  });

  it.concurrent.each(BAD_INPUTS.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const json = tmp.path(`bad-${i}.json`);
    const r = await runCli([...c.args(server.url), ...(c.ownOutput ? [] : ['--json', json])], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(2);
    const lines = errorLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(c.message);
    // Nothing but the error line: no stack, no half-formatted values.
    expect(r.stderr.trimEnd().split('\n')).toEqual(lines);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/undefined|NaN|\[object Object\]/);
    expect(r.stdout).toBe('');
    expect(existsSync(json)).toBe(false);
  });

  // After all the cases above (they run concurrently): not one request reached the server.
  it('sent no request for any of them', () => {
    expect(server.count()).toBe(0);
  });

  describe('a syntax error in a .mjs scenario', () => {
    let result: Promise<CliResult> | undefined;
    /** Both tests look at the same run. */
    const broken = (): Promise<CliResult> => {
      if (!result) {
        const lines = ['export default {', "  name: 'broken',", '  async iteration(vu) {', "    await vu.get('/ok'));", '  },', '};', ''];
        writeFileSync(tmp.path('broken.mjs'), lines.join('\n'));
        result = runCli(['run', tmp.path('broken.mjs'), '--target', server.url, '--duration', '1s']);
      }
      return result;
    };

    it('is one error line naming the file and the reason', async () => {
      const r = await broken();
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(errorLines(r.stderr)[0]).toMatch(/broken\.mjs.*Unexpected token/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    });

    // TODO(bug): V8's SyntaxError from import() of a .js/.mjs scenario carries no location, so the
    // message has no line:col (a .ts scenario goes through esbuild and has one). Flip to `it` once fixed.
    it('names line:col', async () => {
      const r = await broken();
      expect(errorLines(r.stderr)[0]).toMatch(/broken\.mjs:4:\d+: /);
    });
  });
});

describe('exit 3: an SLA failed', () => {
  it('writes the reports first, marked as failed', async () => {
    server.reset();
    const json = tmp.path('sla-fail.json');
    const junit = tmp.path('sla-fail.xml');
    const r = await runCli(['run', '--url', `${server.url}/delay?ms=5`, '--rate', '20', '--duration', '2s', '--sla', 'p95 < 1us', '--json', json, '--junit', junit]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toBe('');
    const report = readValidReport(json);
    expect(report.sla.passed).toBe(false);
    expect(report.sla.results).toHaveLength(1);
    expect(report.sla.results[0]).toMatchObject({ expression: 'p95 < 1us', passed: false });
    expect(report.sla.results[0].actual).toBeGreaterThanOrEqual(4);
    expect(report.run.status).toBe('completed');
    expect(readFileSync(junit, 'utf8')).toContain('<failure');
    expect(report.totals.requests).toBe(40);
    expect(server.count()).toBe(40);
  });
});

describe('help and version', () => {
  it.concurrent.each([
    ['--help', /Usage: crmload/],
    ['run --help', /--rate <r>/],
    ['--version', /^\d+\.\d+\.\d+\n$/],
    ['-V', /^\d+\.\d+\.\d+\n$/],
  ])('%s exits 0 and writes only to stdout', async (args, wanted) => {
    const r = await runCli(args.split(' '));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(wanted);
    if (args.includes('help')) expect(r.stdout).toMatch(/Exit codes:[\s\S]*130/);
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toBe(version);
  });
});
