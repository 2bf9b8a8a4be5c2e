import { describe, expect, it } from 'vitest';
import { buildRequest, matchesExpectation, type BuiltRequest } from '../../src/scenario/request.js';
import type { Expectation, RequestOptions, VuResponse } from '../../src/scenario/types.js';

const ctx = { origin: 'http://127.0.0.1:3000', basePath: '/crm', headers: { authorization: 'Bearer t0ken', accept: 'application/json' } };
const rootCtx = { ...ctx, basePath: '/' };

function built(path: string, options: RequestOptions = {}, context = ctx, method = 'GET'): BuiltRequest {
  const result = buildRequest(context, method, path, options);
  if (typeof result === 'string') throw new Error(`refused: ${result}`);
  return result;
}

describe('buildRequest: refused paths', () => {
  it.each([
    { name: 'undefined segment', path: '/api/leads/undefined' },
    { name: 'undefined segment before an action', path: '/api/leads/undefined/convert' },
    { name: 'null segment', path: '/api/leads/null' },
    { name: 'NaN segment', path: '/api/leads/NaN' },
    { name: 'undefined before a query', path: '/api/leads/undefined?x=1' },
    { name: 'empty segment', path: '/api/leads//convert' },
    { name: 'trailing empty id', path: '/api/leads//' },
    { name: 'CRLF', path: '/api/leads\r\nHost: evil' },
    { name: 'bare LF', path: '/api/leads/1\nX-Injected: 1' },
    { name: 'CRLF in an absolute URL', path: 'http://127.0.0.1:3000/a\r\nb' },
    { name: 'undefined in an absolute URL', path: 'http://127.0.0.1:3000/api/leads/undefined' },
    { name: 'invalid absolute URL', path: 'http://[::1/x' },
  ])('$name', ({ path }) => {
    const result = buildRequest(ctx, 'GET', path, {});
    expect(typeof result).toBe('string');
    expect(result).toMatch(/^refusing to send GET /);
  });

  it.each([
    { name: 'a word containing null', path: '/api/nullable/1', wanted: '/crm/api/nullable/1' },
    { name: 'a URL in the query', path: '/api/search?next=http://x/y', wanted: '/crm/api/search?next=http://x/y' },
    { name: 'null as a query value', path: '/api/leads?owner=null', wanted: '/crm/api/leads?owner=null' },
  ])('sends $name', ({ path, wanted }) => {
    expect(built(path).path).toBe(wanted);
  });
});

describe('buildRequest: refused methods and paths that are not text (vu.batch items from JavaScript)', () => {
  it.each([
    { name: 'an unknown method', method: 'TRACE', path: '/a', wanted: /^refusing to send "TRACE" "\/a": the method must be one of GET, POST, PUT, PATCH, DELETE$/ },
    { name: 'a lower-case method', method: 'get', path: '/a', wanted: /the method must be one of/ },
    { name: 'a missing path', method: 'GET', path: undefined, wanted: /^refusing to send GET undefined: the path must be a string$/ },
    { name: 'a numeric path', method: 'GET', path: 42, wanted: /the path must be a string/ },
  ])('$name', ({ method, path, wanted }) => {
    expect(buildRequest(ctx, method, path as string, {})).toMatch(wanted);
  });
});

describe('buildRequest: paths and query', () => {
  it.each([
    { name: 'base path joined', context: ctx, path: '/api/leads', wanted: '/crm/api/leads' },
    { name: 'relative path gets a slash', context: ctx, path: 'api/leads', wanted: '/crm/api/leads' },
    { name: 'base path with trailing slash', context: { ...ctx, basePath: '/crm/' }, path: '/api/leads', wanted: '/crm/api/leads' },
    { name: 'root base path', context: rootCtx, path: '/api/leads', wanted: '/api/leads' },
    { name: 'empty base path', context: { ...ctx, basePath: '' }, path: 'api/leads', wanted: '/api/leads' },
  ])('$name', ({ context, path, wanted }) => {
    const request = built(path, {}, context);
    expect(request.path).toBe(wanted);
    expect(request.origin).toBe('http://127.0.0.1:3000');
  });

  it.each([
    { name: 'query appended', path: '/api/leads', query: { page: 2, q: 'a b', open: true }, wanted: '/crm/api/leads?page=2&q=a+b&open=true' },
    { name: 'undefined values skipped', path: '/api/leads', query: { page: 1, owner: undefined }, wanted: '/crm/api/leads?page=1' },
    { name: 'joined to an existing query', path: '/api/leads?sort=name', query: { page: 3 }, wanted: '/crm/api/leads?sort=name&page=3' },
    { name: 'nothing to add', path: '/api/leads', query: { owner: undefined }, wanted: '/crm/api/leads' },
    { name: 'special characters encoded', path: '/api/search', query: { q: 'a&b=c/d' }, wanted: '/crm/api/search?q=a%26b%3Dc%2Fd' },
  ])('$name', ({ path, query, wanted }) => {
    expect(built(path, { query }).path).toBe(wanted);
  });

  it('an absolute URL changes the origin and ignores the base path', () => {
    const request = built('https://other.test:8443/x/1?y=1');
    expect(request.origin).toBe('https://other.test:8443');
    expect(request.path).toBe('/x/1?y=1');
    expect(request.name).toBe('GET /x/:id');
  });
});

describe('buildRequest: name, headers and body', () => {
  it('the default name is the method and the templated path (base path included, query dropped)', () => {
    expect(built('/api/leads/42', { query: { a: 1 } }, ctx, 'PATCH').name).toBe('PATCH /crm/api/leads/:id');
  });

  it('an explicit name wins', () => {
    expect(built('/api/leads/42', { name: 'get lead' }).name).toBe('get lead');
  });

  it('a JSON body is serialised once, to bytes, and sets the content type', () => {
    const request = built('/api/leads', { json: { company: 'Acme', n: 1 } }, ctx, 'POST');
    expect(Buffer.isBuffer(request.body)).toBe(true);
    expect(String(request.body)).toBe('{"company":"Acme","n":1}');
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('a raw body is sent as is, with no content type added', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const request = built('/api/import', { body: bytes }, ctx, 'POST');
    expect(request.body).toBe(bytes);
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('no body: null', () => {
    expect(built('/api/leads').body).toBeNull();
  });

  it('headers: the run headers, then the step headers lower-cased, overriding', () => {
    const request = built('/api/leads', { json: {}, headers: { 'Content-Type': 'application/vnd.crm+json', Authorization: 'Bearer other', 'X-Trace': '1' } }, ctx, 'POST');
    expect(request.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer other',
      'content-type': 'application/vnd.crm+json',
      'x-trace': '1',
    });
  });

  it('never changes the run headers', () => {
    const context = { ...ctx, headers: { ...ctx.headers } };
    built('/api/leads', { json: {}, headers: { 'X-Step': '1' } }, context, 'POST');
    expect(context.headers).toEqual(ctx.headers);
  });
});

describe('matchesExpectation', () => {
  const response = (status: number): VuResponse => ({
    status,
    headers: {},
    json: <T>() => ({}) as T,
    text: () => '',
  });

  it.each<{ name: string; expect: Expectation; status: number; wanted: boolean }>([
    { name: 'number, equal', expect: 201, status: 201, wanted: true },
    { name: 'number, different', expect: 201, status: 200, wanted: false },
    { name: 'list, member', expect: [200, 204], status: 204, wanted: true },
    { name: 'list, not a member', expect: [200, 204], status: 404, wanted: false },
    { name: 'empty list', expect: [], status: 200, wanted: false },
    { name: 'predicate true', expect: (r) => r.status < 300, status: 202, wanted: true },
    { name: 'predicate false', expect: (r) => r.status < 300, status: 500, wanted: false },
    { name: 'predicate truthy value', expect: ((r: VuResponse) => r.status as unknown as boolean) as Expectation, status: 200, wanted: true },
    {
      name: 'throwing predicate is a mismatch',
      expect: () => {
        throw new Error('boom');
      },
      status: 200,
      wanted: false,
    },
  ])('$name', ({ expect: expectation, status, wanted }) => {
    expect(matchesExpectation(expectation, response(status))).toBe(wanted);
  });
});

describe('buildRequest: headers undici would refuse', () => {
  it.each([
    { name: 'a line break in a value', headers: { 'x-note': 'a\r\nInjected: yes' } },
    { name: 'a space in a name', headers: { 'bad name': 'v' } },
    { name: 'a NUL in a value', headers: { 'x-a': 'a\0b' } },
  ])('refuses $name as a value, not an exception', ({ headers }) => {
    const built = buildRequest(rootCtx, 'GET', '/x', { headers });
    expect(typeof built).toBe('string');
    expect(built).toMatch(/^refusing to send GET "\/x": invalid header/);
  });
});
