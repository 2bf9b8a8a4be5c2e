import { describe, expect, it } from 'vitest';
import { buildPlan, type PlanOutput } from '../../src/config/build-plan.js';
import type { RawRunOptions } from '../../src/config/options.js';
import { ConfigError } from '../../src/errors.js';
import type { Runnable, Scenario, ScenarioDefaults, SlaEntry } from '../../src/scenario/types.js';

function scenario(extra: { defaults?: ScenarioDefaults; sla?: SlaEntry[]; thinkTime?: string; description?: string } = {}): Scenario {
  return { kind: 'scenario', name: 't', iteration: async () => {}, ...extra };
}

function plan(raw: RawRunOptions, runnable: Runnable | null = scenario(), scenarioFile?: string): PlanOutput {
  return buildPlan({ raw, runnable, scenarioFile });
}

/** The issues of the ConfigError that buildPlan throws. */
function issuesOf(raw: RawRunOptions, runnable: Runnable | null = scenario()): string[] {
  try {
    plan(raw, runnable);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected buildPlan to throw a ConfigError');
}

function expectIssues(issues: string[], wanted: RegExp[]): void {
  for (const pattern of wanted) expect(issues.some((i) => pattern.test(i)), `${pattern} in ${JSON.stringify(issues)}`).toBe(true);
}

describe('buildPlan: scenario and quick mode', () => {
  it('a scenario with no target runs against the demo server', () => {
    const { plan: p } = plan({}, scenario({ description: 'd' }), 'scenarios/t.ts');
    expect(p.target).toBeNull();
    expect(p.quickPath).toBeNull();
    expect(p.scenario).toEqual({ name: 't', description: 'd', file: 'scenarios/t.ts' });
    expect(p.runnable?.name).toBe('t');
  });

  it('--target with credentials is stripped for display', () => {
    const { plan: p } = plan({ target: 'http://u:pw@127.0.0.1:3000/base' });
    expect(p.target).toEqual({ url: 'http://127.0.0.1:3000/base', origin: 'http://127.0.0.1:3000', basePath: '/base' });
    expect(JSON.stringify(p)).not.toContain('pw@');
  });

  it('quick mode: --url names the target and the path to GET', () => {
    const { plan: p } = plan({ url: 'http://127.0.0.1:3000/health?deep=1' }, null);
    expect(p.runnable).toBeNull();
    expect(p.quickPath).toBe('/health?deep=1');
    expect(p.target?.origin).toBe('http://127.0.0.1:3000');
    expect(p.scenario.name).toBe('quick');
  });

  it('quick mode with no path GETs /', () => {
    expect(plan({ url: 'http://127.0.0.1:3000' }, null).plan.quickPath).toBe('/');
  });

  it.each([
    { name: '--url with --target', raw: { url: 'http://127.0.0.1:3000/x', target: 'http://127.0.0.1:3001' }, runnable: null, wanted: /--url and --target/ },
    { name: '--url with a scenario', raw: { url: 'http://127.0.0.1:3000/x' }, runnable: scenario(), wanted: /--url: quick mode takes no scenario/ },
    { name: 'neither scenario nor --url', raw: {}, runnable: null, wanted: /nothing to run/ },
    { name: 'bad --url', raw: { url: 'localhost:3000' }, runnable: null, wanted: /^--url "localhost:3000": expected an http/ },
    { name: 'bad --target', raw: { target: 'ftp://x' }, runnable: scenario(), wanted: /^--target "ftp:\/\/x": only http/ },
    { name: '--insecure with --ca', raw: { insecure: true, ca: 'ca.pem' }, runnable: scenario(), wanted: /--insecure and --ca: choose one/ },
  ])('$name is refused', ({ raw, runnable, wanted }) => {
    expectIssues(issuesOf(raw, runnable), [wanted]);
  });
});

describe('buildPlan: an option that would do nothing is refused, never ignored', () => {
  const URL = 'http://127.0.0.1:3000/';
  it.each([
    { name: '--think in quick mode', raw: { url: URL, think: '100ms' }, runnable: null, wanted: '--think: only with a scenario; quick mode (--url) sends one GET after another' },
    { name: '--http-debug in quick mode', raw: { url: URL, httpDebug: true }, runnable: null, wanted: '--http-debug: only with a scenario; quick mode (--url) sends one GET after another' },
    { name: '-e in quick mode', raw: { url: URL, env: ['A=b'] }, runnable: null, wanted: '-e/--env: only with a scenario; quick mode (--url) sends one GET after another' },
    { name: '--allow-origin in quick mode', raw: { url: URL, allowOrigin: ['https://a.example'] }, runnable: null, wanted: '--allow-origin: only with a scenario; quick mode (--url) sends one GET after another' },
    { name: '--abort-on-fail with no SLA', raw: { abortOnFail: true }, runnable: scenario(), wanted: '--abort-on-fail: there is no SLA to fail (give --sla, or an sla list in the scenario)' },
    { name: '--abort-eval-delay with no SLA that can abort', raw: { abortEvalDelay: '1s', sla: ['p95 < 1s'] }, runnable: scenario(), wanted: '--abort-eval-delay: no SLA can stop the run (it delays --abort-on-fail, or an SLA\'s abortOnFail)' },
    { name: '--abort-eval-delay as long as the run', raw: { abortOnFail: true, sla: ['p95 < 1s'], abortEvalDelay: '10s', duration: '10s' }, runnable: scenario(), wanted: '--abort-eval-delay 10s: as long as the run (10s) or longer, so no SLA could ever stop it' },
    { name: '--pipelining with --no-keepalive', raw: { pipelining: '4', keepalive: false }, runnable: scenario(), wanted: '--pipelining and --no-keepalive: pipelining sends requests on a connection kept open; choose one' },
    { name: '--quiet with --progress', raw: { quiet: true, progress: true }, runnable: scenario(), wanted: '--quiet and --progress: choose one' },
    { name: '--ramp-up with a ramp of VUs from 0', raw: { stage: ['10s:5'], rampUp: '5s' }, runnable: scenario(), wanted: '--ramp-up 5s: the run starts with no VU to spread (--vus 0, or none given with --stage): the stages start them' },
    { name: '--ramp-up longer than the run', raw: { vus: '10', rampUp: '10s', duration: '1s' }, runnable: scenario(), wanted: '--ramp-up 10s: longer than the run (1s), so some VUs would never start' },
  ])('$name', ({ raw, runnable, wanted }) => {
    expect(issuesOf(raw as RawRunOptions, runnable)).toEqual([wanted]);
  });

  it('the same options where they act are accepted', () => {
    expect(() => plan({ abortOnFail: true, sla: ['p95 < 1s'], abortEvalDelay: '2s', duration: '10s' })).not.toThrow();
    expect(() => plan({ abortEvalDelay: '2s', duration: '10s' }, scenario({ sla: [{ expression: 'p95 < 1s', abortOnFail: true }] }))).not.toThrow();
    expect(() => plan({ pipelining: '4' })).not.toThrow();
    expect(() => plan({ vus: '10', rampUp: '10s', duration: '10s' })).not.toThrow();
    expect(() => plan({ vus: '2', stage: ['10s:5'], rampUp: '5s' })).not.toThrow();
    expect(() => plan({ url: URL, seed: '7' }, null)).not.toThrow();
  });
});

describe('buildPlan: load', () => {
  it('scenario defaults apply, and the CLI overrides each', () => {
    const defaults: ScenarioDefaults = { rate: 20, duration: '1m', warmup: '10s', timeout: '2s', connections: 8 };
    const fromDefaults = plan({}, scenario({ defaults })).plan;
    expect(fromDefaults.load).toMatchObject({ model: 'open', rate: 20, durationMs: 60_000, warmupMs: 10_000 });
    expect(fromDefaults.http).toMatchObject({ timeoutMs: 2000, connections: 8 });
    const overridden = plan({ vus: '4', duration: '30s', warmup: '5s', timeout: '1s', connections: '3' }, scenario({ defaults })).plan;
    expect(overridden.load).toMatchObject({ model: 'closed', vus: 4, durationMs: 30_000, warmupMs: 5000 });
    expect(overridden.http).toMatchObject({ timeoutMs: 1000, connections: 3 });
  });

  it.each([
    { name: 'closed: one connection per VU', raw: { vus: '7' }, wanted: { connections: 7, timeoutMs: 30_000, pipelining: 1, verifyTls: true, keepAlive: true } },
    { name: 'open: at most 50 connections', raw: { rate: '100' }, wanted: { connections: 50 } },
    { name: 'open: no more connections than max VUs', raw: { rate: '5', maxVus: '4' }, wanted: { connections: 4 } },
    { name: '--insecure', raw: { insecure: true }, wanted: { verifyTls: false } },
    { name: '--ca', raw: { ca: 'ca.pem' }, wanted: { verifyTls: true, caFile: 'ca.pem' } },
    { name: '--no-keepalive', raw: { keepalive: false }, wanted: { keepAlive: false } },
    { name: '--pipelining', raw: { pipelining: '4' }, wanted: { pipelining: 4 } },
  ])('http: $name', ({ raw, wanted }) => {
    expect(plan(raw).plan.http).toMatchObject(wanted);
  });

  it.each([
    { name: 'seed', raw: { seed: '42' }, wanted: { seed: 42 } },
    { name: 'seed zero', raw: { seed: '0' }, wanted: { seed: 0 } },
    { name: 'default seed', raw: {}, wanted: { seed: 1, abortEvalDelayMs: 5000, thinkTime: null } },
    { name: 'think', raw: { think: '100ms..500ms' }, wanted: { thinkTime: { minMs: 100, maxMs: 500 } } },
    { name: 'abort eval delay', raw: { abortEvalDelay: '0', abortOnFail: true, sla: ['p95 < 1s'] }, wanted: { abortEvalDelayMs: 0 } },
  ])('$name', ({ raw, wanted }) => {
    expect(plan(raw).plan).toMatchObject(wanted);
  });
});

describe('buildPlan: headers and secrets', () => {
  it('lower-cases names, lets the CLI override the scenario, and collects secrets', () => {
    const runnable = scenario({ defaults: { headers: { 'X-Api-Key': 'key-12345678', 'X-Team': 'sales' } } });
    const { plan: p, secrets } = plan({ header: ['Authorization: Bearer tok-abcdef123', 'X-Team: support', 'X-Trace:  t1 '] }, runnable);
    expect(p.headers).toEqual({ 'x-api-key': 'key-12345678', 'x-team': 'support', authorization: 'Bearer tok-abcdef123', 'x-trace': 't1' });
    expect(secrets).toContain('Bearer tok-abcdef123');
    expect(secrets).toContain('tok-abcdef123');
    expect(secrets).toContain('key-12345678');
    expect(secrets).not.toContain('support');
    expect(secrets).not.toContain('t1');
  });

  it.each([
    { name: 'cookie', header: 'Cookie: session=abc123xyz', secret: 'session=abc123xyz' },
    { name: 'proxy-authorization', header: 'Proxy-Authorization: Basic dXNlcjpwdw==', secret: 'dXNlcjpwdw==' },
    { name: 'x-api-key', header: 'x-api-key: k', secret: 'k' },
  ])('$name values are secrets', ({ header, secret }) => {
    expect(plan({ header: [header] }).secrets).toContain(secret);
  });

  it('a value with a colon keeps it', () => {
    expect(plan({ header: ['X-Time: 12:30:00'] }).plan.headers['x-time']).toBe('12:30:00');
  });

  it.each([
    { name: 'CRLF in the value', header: 'X-A: a\r\nHost: evil', wanted: /--header X-A: a header value cannot contain line breaks/ },
    { name: 'no colon', header: 'NoColon', wanted: /--header "NoColon": expected 'Name: value'/ },
    { name: 'empty name', header: ': value', wanted: /^--header: no name before the colon; expected 'Name: value'$/ },
    { name: 'empty name after spaces', header: '  :x', wanted: /^--header: no name before the colon/ },
    { name: 'space in the name', header: 'Bad Name: x', wanted: /"Bad Name": not a valid header name/ },
  ])('$name is refused', ({ header, wanted }) => {
    expectIssues(issuesOf({ header: [header] }), [wanted]);
  });

  it('never echoes a refused header value', () => {
    const issues = issuesOf({ header: ['Authorization Bearer s3cr3t-value'] });
    expect(issues.join('\n')).not.toContain('s3cr3t-value');
  });

  it('a CRLF in a scenario default header is refused', () => {
    expectIssues(issuesOf({}, scenario({ defaults: { headers: { 'X-A': 'a\nb' } } })), [/defaults.headers X-A: a header value cannot contain line breaks/]);
  });
});

describe('buildPlan: SLAs', () => {
  it('takes SLAs from the scenario and the CLI, with abort flags', () => {
    const runnable = scenario({ sla: ['availability >= 99%', { expression: 'p99 < 1s', abortOnFail: true }] });
    const { plan: p } = plan({ sla: ['p95 < 200ms'] }, runnable);
    expect(p.slas.map((s) => [s.sla.expression, s.abortOnFail])).toEqual([
      ['availability >= 99%', false],
      ['p99 < 1s', true],
      ['p95 < 200ms', false],
    ]);
  });

  it('--abort-on-fail applies to every SLA', () => {
    const { plan: p } = plan({ sla: ['p95 < 200ms', 'error_rate < 1%'], abortOnFail: true });
    expect(p.slas.every((s) => s.abortOnFail)).toBe(true);
  });

  it('parse errors are surfaced with the expression and the valid metrics', () => {
    const issues = issuesOf({ sla: ['p96 < 1ms', 'p95 < 200ms'] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain('p96 < 1ms');
    expect(issues[0]).toMatch(/valid metrics: .*p95/);
  });
});

describe('buildPlan: think time, parsed once into the plan', () => {
  const mix = (thinkTime?: string): Runnable => ({
    kind: 'mix',
    name: 'm',
    ...(thinkTime ? { thinkTime } : {}),
    scenarios: [
      { scenario: { ...scenario({ thinkTime: '100ms..200ms' }), name: 'a' }, weight: 1 },
      { scenario: { ...scenario(), name: 'b' }, weight: 1 },
    ],
  });

  it.each([
    { name: 'a scenario without think time', raw: {}, runnable: scenario(), wanted: [null] },
    { name: "a scenario's own", raw: {}, runnable: scenario({ thinkTime: '50ms' }), wanted: [{ minMs: 50, maxMs: 50 }] },
    { name: '--think overrides the scenario', raw: { think: '1s' }, runnable: scenario({ thinkTime: '50ms' }), wanted: [{ minMs: 1000, maxMs: 1000 }] },
    { name: "a mix: each scenario's own, else the mix's", raw: {}, runnable: mix('300ms'), wanted: [{ minMs: 100, maxMs: 200 }, { minMs: 300, maxMs: 300 }] },
    { name: 'a mix without its own', raw: {}, runnable: mix(), wanted: [{ minMs: 100, maxMs: 200 }, null] },
    { name: 'a mix with --think', raw: { think: '5ms' }, runnable: mix('300ms'), wanted: [{ minMs: 5, maxMs: 5 }, { minMs: 5, maxMs: 5 }] },
    { name: 'quick mode: none', raw: { url: 'http://127.0.0.1:1/' }, runnable: null, wanted: [] },
  ])('$name', ({ raw, runnable, wanted }) => {
    expect(plan(raw, runnable).plan.thinkTimes).toEqual(wanted);
  });
});

describe('buildPlan: ranges of numeric options (issue 9 #20)', () => {
  it.each([
    { name: '--vus', raw: { vus: '100001' }, wanted: /^--vus "100001": must be at most 100000$/ },
    { name: '--max-vus', raw: { rate: '10', maxVus: '100001' }, wanted: /^--max-vus "100001": must be at most 100000$/ },
    { name: '--connections', raw: { connections: '100001' }, wanted: /^--connections "100001": must be at most 100000$/ },
    { name: '--pipelining', raw: { pipelining: '1001' }, wanted: /^--pipelining "1001": must be at most 1000$/ },
    { name: '--seed', raw: { seed: '4294967296' }, wanted: /^--seed "4294967296": must be at most 4294967295$/ },
    { name: '--timeout below a millisecond', raw: { timeout: '500us' }, wanted: /^--timeout "500us": must be at least 1ms/ },
    { name: '--abort-eval-delay beyond a timer', raw: { abortEvalDelay: '600h' }, wanted: /^--abort-eval-delay "600h": must be at most/ },
    { name: 'stages adding up beyond a timer', raw: { stage: ['300h:10', '300h:10'] }, wanted: /^--stage: the stages add up to 600h; a run lasts at most 596h31m23\.647s/ },
  ])('$name out of range', ({ raw, wanted }) => {
    const issues = issuesOf(raw);
    expect(issues.some((i) => wanted.test(i)), JSON.stringify(issues)).toBe(true);
  });

  it('the largest values are accepted', () => {
    const { plan: p } = plan({ rate: '100000', maxVus: '100000', connections: '100000', pipelining: '1000', seed: '4294967295', timeout: '1ms', duration: '596h' });
    expect(p).toMatchObject({ seed: 4_294_967_295, http: { connections: 100_000, pipelining: 1000, timeoutMs: 1 }, load: { maxVus: 100_000, rate: 100_000 } });
  });
});

describe('buildPlan: every problem at once', () => {
  it('one ConfigError lists the target, load, SLA, header, timeout and think-time problems', () => {
    const runnable = scenario({ thinkTime: '1s..0s' });
    const issues = issuesOf(
      { target: 'localhost:3000', vus: '0', sla: ['nope < 1'], header: ['X-A: a\nb'], timeout: '10x', duration: '0', connections: 'many' },
      runnable,
    );
    expectIssues(issues, [
      /^--target "localhost:3000"/,
      /^--vus "0"/,
      /^--duration "0"/,
      /^SLA "nope < 1"/,
      /^--header X-A/,
      /^--timeout "10x"/,
      /^--connections "many"/,
      /^thinkTime "1s\.\.0s"/,
    ]);
    expect(issues.length).toBeGreaterThanOrEqual(8);
  });

  it('the error message has one line per issue', () => {
    try {
      plan({ vus: '0', timeout: '10x' });
      expect.unreachable();
    } catch (error) {
      const e = error as ConfigError;
      expect(e.message.split('\n')).toEqual(e.issues);
    }
  });
});

describe('buildPlan: ramp-up of the closed model', () => {
  const mix = (thinks: Array<[string | undefined, number]>, mixThink?: string): Runnable => ({
    kind: 'mix',
    name: 'm',
    thinkTime: mixThink,
    scenarios: thinks.map(([thinkTime, weight]) => ({ scenario: scenario({ thinkTime }), weight })),
  });

  it.each([
    { name: 'quick mode: all at once', raw: { url: 'http://127.0.0.1:3000/', vus: '10' }, runnable: null, wanted: 0 },
    { name: 'no think time: all at once', raw: { vus: '10' }, runnable: scenario(), wanted: 0 },
    { name: "the scenario's mean think time", raw: { vus: '10' }, runnable: scenario({ thinkTime: '1s..3s' }), wanted: 2000 },
    { name: '--think overrides the scenario', raw: { vus: '10', think: '200ms' }, runnable: scenario({ thinkTime: '1s..3s' }), wanted: 200 },
    { name: 'a mix: weighted mean (the mix think for scenarios without one)', raw: { vus: '10' }, runnable: mix([['1s', 3], [undefined, 1]], '5s'), wanted: 2000 },
    { name: '--ramp-up wins', raw: { vus: '10', rampUp: '30s', duration: '1m' }, runnable: scenario({ thinkTime: '1s..3s' }), wanted: 30_000 },
    { name: '--ramp-up 0s: the burst, on request', raw: { vus: '10', rampUp: '0s' }, runnable: scenario({ thinkTime: '1s..3s' }), wanted: 0 },
    { name: 'the open model has none', raw: { rate: '10' }, runnable: scenario({ thinkTime: '1s..3s' }), wanted: 0 },
  ])('$name', ({ raw, runnable, wanted }) => {
    expect(plan(raw, runnable).plan.load.rampUpMs).toBe(wanted);
  });

  it.each([
    { raw: { rate: '10', rampUp: '5s' }, wanted: /--ramp-up: only for the closed model/ },
    { raw: { vus: '10', rampUp: 'soon' }, wanted: /--ramp-up "soon"/ },
  ])('refuses $raw', ({ raw, wanted }) => {
    expectIssues(issuesOf(raw), [wanted]);
  });
});
