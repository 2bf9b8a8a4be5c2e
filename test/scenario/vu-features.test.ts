/**
 * The scenario features of issue 12 on a fake host (no sockets): checks that do not end the
 * iteration, groups, custom metrics, vu.state, iteration durations, request-option typos and the
 * origin gate (issue 9 #12, #23), redirects, cookies, form bodies.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/scenario/define.js';
import type { ScenarioDefinition, Vu } from '../../src/scenario/types.js';
import { hasSetCookie } from '../../src/scenario/cookie-jar.js';
import { FakeHost, settle, vuOn } from './fake-host.js';

const scenario = (iteration: (vu: Vu) => Promise<void>, extra: Partial<ScenarioDefinition> = {}) => defineScenario({ name: 'features', iteration, ...extra });

/** Run one iteration, answering every request with `reply` (by path) until it ends. */
async function iterate(host: FakeHost, vu: ReturnType<typeof vuOn>['vu'], outcomes: string[], reply: (path: string) => [number, string?, Array<[string, string]>?] = () => [200]) {
  const before = outcomes.length;
  vu.begin(host.clock, outcomes.length);
  for (let i = 0; i < 50 && outcomes.length === before; i++) {
    await settle();
    for (const e of [...host.inFlight]) {
      const [status, body, headers] = reply(e.path);
      host.clock += 5;
      host.answer(e.path, status, body ?? '', headers ?? []);
    }
  }
  await settle();
}

describe('vu.check', () => {
  it('records passes and fails per name, returns whether all passed, and never ends the iteration', async () => {
    const host = new FakeHost();
    const results: boolean[] = [];
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      const res = await vu.get('/a');
      results.push(vu.check(res, { 'is 200': (r) => r.status === 200, 'has id': (r) => r.json<{ id?: number }>().id === 1 }));
      results.push(vu.check(res, { 'throws': () => { throw new Error('boom'); } }));
      await vu.get('/b');
    }), host);
    await iterate(host, vu, outcomes, (path) => [200, path === '/a' ? '{"id":2}' : '']);
    expect(results).toEqual([false, false]);
    expect(outcomes).toEqual(['completed']);
    expect(host.recorded.map((r) => r.path)).toEqual(['/a', '/b']);
    expect(host.extras.snapshot(1000).checks).toEqual([
      { name: 'is 200', scenario: 'features', passed: 1, failed: 0 },
      { name: 'has id', scenario: 'features', passed: 0, failed: 1 },
      { name: 'throws', scenario: 'features', passed: 0, failed: 1 },
    ]);
    expect(host.warnings).toEqual(['features: check "throws" threw, which counts as failed: boom']);
  });

  it('an iteration that ends with a request in flight (no await) says so once; the request is still recorded', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      void vu.get('/a');
    }), host);
    await iterate(host, vu, outcomes, () => [401, '']);
    await iterate(host, vu, outcomes, () => [401, '']);
    expect(outcomes).toEqual(['completed', 'completed']);
    expect(host.recorded.map((r) => r.path)).toEqual(['/a', '/a']);
    expect(host.warnings).toEqual(['features: an iteration ended with a request still in flight (a vu.get or vu.post without await?): it is recorded when it ends, but the iteration did not wait for it, and its failure does not fail the iteration']);
  });

  it('a body that is not JSON: the request is capture, the iteration fails, and the first such error says why', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      const res = await vu.get('/a');
      res.json();
    }), host);
    await iterate(host, vu, outcomes, () => [200, '# HELP up 1']);
    await iterate(host, vu, outcomes, () => [200, '<html>']);
    expect(outcomes).toEqual(['failed', 'failed']);
    expect(host.kindsByStep()).toEqual({ 'GET /a': ['capture', 'capture'] });
    expect(host.warnings).toEqual(['first capture error: GET /a: body is not JSON (starts with "# HELP up 1")']);
  });

  it('an async predicate fails its check (a promise is always truthy), and says why once', async () => {
    const host = new FakeHost();
    const results: boolean[] = [];
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      const res = await vu.get('/a');
      // @ts-expect-error -- a check must return a boolean; a scenario in JavaScript can still pass an async one
      results.push(vu.check(res, { 'async': async () => true }));
    }), host);
    await iterate(host, vu, outcomes, () => [200, '']);
    await iterate(host, vu, outcomes, () => [200, '']);
    expect(results).toEqual([false, false]);
    expect(host.extras.snapshot(1000).checks).toEqual([{ name: 'async', scenario: 'features', passed: 0, failed: 2 }]);
    expect(host.warnings).toEqual(['features: check "async" returned a promise, which counts as failed: a check is synchronous (read the response first, then check its values)']);
  });

  it('a body a check cannot parse fails the check, not the request (no capture error)', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      const res = await vu.get('/a');
      vu.check(res, { json: (r) => r.json() !== null });
    }), host);
    await iterate(host, vu, outcomes, () => [200, '<html>']);
    expect(outcomes).toEqual(['completed']);
    expect(host.kindsByStep()).toEqual({ 'GET /a': [null] });
    expect(host.extras.snapshot(1000).checks[0]).toMatchObject({ name: 'json', failed: 1 });
  });
});

describe('vu.group, iteration durations and vu.state', () => {
  it('steps carry their (nested) group; completed groups and iterations are timed', async () => {
    const host = new FakeHost();
    const { vu, runtime, outcomes } = vuOn(scenario(async (vu) => {
      await vu.get('/out');
      await vu.group('lead', async () => {
        await vu.get('/in');
        await vu.group('convert', () => vu.get('/deep'));
      });
    }), host);
    runtime.iterationDurations = host.extras.iterationDistribution('features');
    await iterate(host, vu, outcomes);
    expect(outcomes).toEqual(['completed']);
    expect(Object.fromEntries(host.stepGroups)).toEqual({ 'GET /out': null, 'GET /in': 'lead', 'GET /deep': 'lead::convert' });
    const snap = host.extras.snapshot(1000);
    expect(snap.groups.map((g) => [g.name, g.count, g.duration.max])).toEqual([['lead', 1, 10], ['lead::convert', 1, 5]]);
    expect(snap.iterationDuration).toMatchObject({ count: 1, max: 15 });
  });

  it('vu.state lives as long as the VU, across iterations', async () => {
    const host = new FakeHost();
    const seen: number[] = [];
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      vu.state.n = (vu.state.n ?? 0) + 1;
      seen.push(vu.state.n);
      await vu.get('/a');
    }), host);
    await iterate(host, vu, outcomes);
    await iterate(host, vu, outcomes);
    expect(seen).toEqual([1, 2]);
  });
});

describe('vu.metric', () => {
  it('counters, trends and rates by name; a name keeps one type; bad values fail the iteration', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      vu.metric.counter('leads').add();
      vu.metric.counter('leads').add(2);
      vu.metric.trend('wait').add(12.5);
      vu.metric.rate('ok').add(true);
      vu.metric.rate('ok').add(false);
      if (vu.iterationInTest === 1) vu.metric.trend('leads');
      if (vu.iterationInTest === 2) vu.metric.counter('neg').add(-1);
      await vu.get('/a');
    }), host);
    for (let i = 0; i < 3; i++) await iterate(host, vu, outcomes);
    expect(outcomes).toEqual(['completed', 'failed', 'failed']);
    expect(host.warnings.join('\n')).toMatch(/metric "leads" is a counter, not a trend/);
    expect(host.warnings.join('\n')).toMatch(/counter "neg": add\(\) takes a finite number of at least 0/);
    const metrics = host.extras.snapshot(2000).metrics;
    expect(metrics.find((m) => m.name === 'leads')).toEqual({ name: 'leads', type: 'counter', total: 9, perSecond: 4.5 });
    expect(metrics.find((m) => m.name === 'ok')).toEqual({ name: 'ok', type: 'rate', count: 6, trues: 3, rate: 50 });
    const wait = metrics.find((m) => m.name === 'wait');
    expect(wait?.type === 'trend' && wait.stats.count).toBe(3);
    expect(wait?.type === 'trend' && wait.stats.max).toBe(12.5);
  });
});

describe('request options (issue 9 #12)', () => {
  it('a typo is refused as a value: not sent, counted as invalid in its step, said once with a guess, the iteration fails', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => void (await vu.post('/api/leads', { name: 'create lead', expext: 201 } as object))), host);
    await iterate(host, vu, outcomes);
    await iterate(host, vu, outcomes);
    expect(host.sent).toEqual([]);
    expect(outcomes).toEqual(['failed', 'failed']);
    expect(host.kindsByStep()).toEqual({ 'create lead': ['invalid', 'invalid'] });
    expect(host.warnings).toHaveLength(1);
    expect(host.warnings[0]).toMatch(/create lead: refusing to send POST "\/api\/leads": unknown request option "expext"; did you mean "expect"\?/);
  });

  it('a malformed timeout is refused the same way; a valid one is the request deadline', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      await vu.get('/ok', { timeout: '250ms' });
      await vu.get('/bad', { timeout: 'soon' });
    }), host);
    await iterate(host, vu, outcomes);
    expect(host.sent.map((e) => [e.path, e.timeoutMs])).toEqual([['/ok', 250]]);
    expect(host.kindsByStep()).toEqual({ 'GET /ok': [null], 'GET /bad': ['invalid'] });
  });

  it('multipart bodies go through undici\'s FormData: fields and files, with the boundary in the content type', async () => {
    // undici's index is loaded with the first multipart body (lean baseline): load it once here, so the
    // fake host's bounded settling is not racing a module read from disk.
    await import('undici');
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => void (await vu.post('/import', {
      multipart: { kind: 'contacts', file: { content: 'email\na@x\n', filename: 'contacts.csv', type: 'text/csv' } },
    }))), host);
    await iterate(host, vu, outcomes);
    const sent = host.to('/import');
    const type = (sent.headers as Record<string, string>)['content-type'];
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(type)?.[1];
    expect(boundary).toBeTruthy();
    const body = Buffer.from(sent.body as Uint8Array).toString('utf8');
    expect(body).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncontacts\r\n`);
    expect(body).toContain('Content-Disposition: form-data; name="file"; filename="contacts.csv"\r\nContent-Type: text/csv\r\n\r\nemail\na@x\n');
    expect(outcomes).toEqual(['completed']);
  });

  it('form bodies are urlencoded with their content type', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => void (await vu.post('/login', { form: { email: 'a@b.c', n: 2 } }))), host);
    await iterate(host, vu, outcomes);
    const sent = host.to('/login');
    expect(sent.body).toBe('email=a%40b.c&n=2');
    expect((sent.headers as Record<string, string>)['content-type']).toBe('application/x-www-form-urlencoded');
  });
});

describe('origins (issue 9 #23)', () => {
  it('another origin is refused (kind origin, counted, said once) unless allowed', async () => {
    const host = new FakeHost();
    host.origins = new Set(['https://auth.example.com']);
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      await vu.get('https://auth.example.com/token', { name: 'token' });
      await vu.get('https://evil.example.com/x', { name: 'elsewhere' });
    }), host);
    await iterate(host, vu, outcomes);
    await iterate(host, vu, outcomes);
    expect(host.sent.map((e) => host.originOf.get(e))).toEqual(['https://auth.example.com', 'https://auth.example.com']);
    expect(host.kindsByStep()).toEqual({ token: [null, null], elsewhere: ['origin', 'origin'] });
    expect(host.warnings).toHaveLength(1);
    expect(host.warnings[0]).toMatch(/https:\/\/evil\.example\.com is not the target; allow it with --allow-origin https:\/\/evil\.example\.com/);
    expect(outcomes).toEqual(['failed', 'failed']);
  });
});

describe('redirects and cookies', () => {
  it('follows a 303 as a GET (each hop counted in the step), keeps cookies and sends them back', async () => {
    const host = new FakeHost();
    let url = '';
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      const res = await vu.post('/login', { name: 'login', json: { a: 1 } });
      url = res.url;
      await vu.get('/api/me', { name: 'me' });
    }), host);
    await iterate(host, vu, outcomes, (path) =>
      path === '/login' ? [303, '', [['Location', '/home'], ['Set-Cookie', 'sid=abc; Path=/; HttpOnly']]] : [200, '{}']);
    expect(outcomes).toEqual(['completed']);
    expect(host.sent.map((e) => [e.method, e.path, e.body === null ? null : String(e.body)])).toEqual([['POST', '/login', '{"a":1}'], ['GET', '/home', null], ['GET', '/api/me', null]]);
    expect(host.sent.map((e) => (e.headers as Record<string, string>).cookie)).toEqual([undefined, 'sid=abc', 'sid=abc']);
    expect(host.kindsByStep()).toEqual({ login: [null, null], me: [null] });
    expect(url).toBe('http://127.0.0.1:9/home');
  });

  it('a cross-origin redirect drops credentials, a redirect to a refused origin is refused, redirects: 0 returns the 3xx', async () => {
    const host = new FakeHost();
    host.origins = new Set(['https://sso.example.com']);
    const statuses: number[] = [];
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      statuses.push((await vu.get('/a', { headers: { authorization: 'Bearer x', 'x-trace': '1' } })).status);
      statuses.push((await vu.get('/c', { redirects: 0 })).status);
      await vu.get('/d');
    }), host);
    await iterate(host, vu, outcomes, (path) =>
      path === '/a' ? [302, '', [['location', 'https://sso.example.com/b']]] : path === '/c' ? [301, '', [['location', '/x']]] : path === '/d' ? [307, '', [['location', 'https://other.example.com/']]] : [200]);
    const b = host.to('/b');
    expect(host.originOf.get(b)).toBe('https://sso.example.com');
    expect(b.headers).toEqual({ 'x-trace': '1' });
    expect(statuses).toEqual([200, 301]);
    // The refusal is recorded at once; the 3xx hop when the iteration's responses are flushed.
    expect(host.kindsByStep()['GET /d']).toEqual(['origin', null]);
    expect(outcomes).toEqual(['failed']);
  });

  it('a cookie set after answers that set none is kept and sent (the jar is made on the first Set-Cookie)', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      await vu.get('/plain');
      await vu.get('/set');
      await vu.get('/next');
    }), host);
    await iterate(host, vu, outcomes, (path) => (path === '/set' ? [200, '', [['Content-Type', 'text/plain'], ['SET-COOKIE', 'b=2; Path=/']]] : [200, '', [['content-type', 'text/plain']]]));
    expect(outcomes).toEqual(['completed']);
    expect(host.sent.map((e) => (e.headers as Record<string, string>).cookie)).toEqual([undefined, undefined, 'b=2']);
  });

  it('hasSetCookie: any case of the name, values never taken for names, nothing in no headers', () => {
    const raw = (...pairs: string[]) => pairs.map((x) => Buffer.from(x));
    expect(hasSetCookie(raw('content-type', 'text/plain', 'Set-Cookie', 'a=1'))).toBe(true);
    expect(hasSetCookie(raw('SET-COOKIE', 'a=1'))).toBe(true);
    expect(hasSetCookie(raw('x-note', 'set-cookie'))).toBe(false); // a value, not a name
    expect(hasSetCookie(raw('set-cookie2', 'a=1', 'setxcookie', 'b'))).toBe(false);
    expect(hasSetCookie(raw())).toBe(false);
    expect(hasSetCookie(null)).toBe(false);
  });

  it('cookies: false keeps no cookies', async () => {
    const host = new FakeHost();
    const { vu, outcomes } = vuOn(scenario(async (vu) => {
      await vu.get('/set');
      await vu.get('/next');
    }, { cookies: false }), host);
    await iterate(host, vu, outcomes, (path) => (path === '/set' ? [200, '', [['set-cookie', 'a=1']]] : [200]));
    expect((host.to('/next').headers as Record<string, string>).cookie).toBeUndefined();
  });
});
