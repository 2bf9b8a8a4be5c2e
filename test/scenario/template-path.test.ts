import { describe, expect, it } from 'vitest';
import { defaultStepName, templatePath } from '../../src/scenario/template-path.js';

describe('templatePath', () => {
  it.each([
    { name: 'numeric id', path: '/api/leads/123', wanted: '/api/leads/:id' },
    { name: 'numeric id then action', path: '/api/leads/123/convert', wanted: '/api/leads/:id/convert' },
    { name: 'several ids', path: '/api/accounts/7/contacts/42', wanted: '/api/accounts/:id/contacts/:id' },
    { name: 'uuid', path: '/api/leads/550e8400-e29b-41d4-a716-446655440000', wanted: '/api/leads/:id' },
    { name: 'upper-case uuid', path: '/api/leads/550E8400-E29B-41D4-A716-446655440000/qualify', wanted: '/api/leads/:id/qualify' },
    { name: 'long hex id', path: '/api/objects/5f3a9c2b1d4e6f70aa12', wanted: '/api/objects/:id' },
    { name: 'hex id without digits', path: '/api/objects/abcdefabcdefabcd', wanted: '/api/objects/:id' },
    { name: 'prefixed id', path: '/api/contacts/ct_00042', wanted: '/api/contacts/:id' },
    { name: 'dashed id', path: '/api/jobs/job-17', wanted: '/api/jobs/:id' },
    { name: 'version kept', path: '/v1/leads', wanted: '/v1/leads' },
    { name: 'two-digit version kept', path: '/api/v12/leads', wanted: '/api/v12/leads' },
    { name: 'word with a digit kept', path: '/oauth2/token', wanted: '/oauth2/token' },
    { name: 'percentile word kept', path: '/api/reports/p95', wanted: '/api/reports/p95' },
    { name: 'plain words kept', path: '/api/users/me', wanted: '/api/users/me' },
    { name: 'query dropped', path: '/api/leads?page=2&q=acme', wanted: '/api/leads' },
    { name: 'query dropped after an id', path: '/api/leads/9?expand=owner', wanted: '/api/leads/:id' },
    { name: 'root', path: '/', wanted: '/' },
    { name: 'trailing slash kept', path: '/api/leads/', wanted: '/api/leads/' },
  ])('$name: $path → $wanted', ({ path, wanted }) => {
    expect(templatePath(path)).toBe(wanted);
  });
});

describe('defaultStepName', () => {
  it.each([
    { method: 'GET', path: '/api/leads/123', wanted: 'GET /api/leads/:id' },
    { method: 'POST', path: '/api/leads/123/convert?dry=1', wanted: 'POST /api/leads/:id/convert' },
    { method: 'DELETE', path: '/api/contacts/ct_00042', wanted: 'DELETE /api/contacts/:id' },
  ])('$method $path → $wanted', ({ method, path, wanted }) => {
    expect(defaultStepName(method, path)).toBe(wanted);
  });

  it('keeps cardinality bounded: 1000 ids give one name', () => {
    const names = new Set(Array.from({ length: 1000 }, (_, i) => defaultStepName('GET', `/api/leads/${i * 7919}`)));
    expect([...names]).toEqual(['GET /api/leads/:id']);
  });
});

describe('templatePath: the character scan agrees with the rule as regular expressions', () => {
  const ID = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[0-9A-Za-z_-]*\d[0-9A-Za-z_-]*)$/i;
  const WORD = /^[a-z]+\d{1,2}$/i;
  const reference = (path: string) => {
    const q = path.indexOf('?');
    const bare = q === -1 ? path : path.slice(0, q);
    return bare
      .split('/')
      .map((s) => (s && ID.test(s) && !(s.length <= 6 && WORD.test(s)) ? ':id' : s))
      .join('/');
  };
  const alphabet = ['a', 'f', 'z', 'A', 'F', 'Q', '0', '7', '9', '-', '_', '.', '~', ' ', '%'];
  const random = (() => {
    let a = 99;
    return () => ((a = (a * 1103515245 + 12345) >>> 0) / 2 ** 32);
  })();
  const segment = () => {
    const r = random();
    if (r < 0.1) return crypto.randomUUID();
    if (r < 0.15) return Array.from({ length: 16 + Math.floor(random() * 8) }, () => 'abcdef0123456789'[Math.floor(random() * 16)]).join('');
    return Array.from({ length: Math.floor(random() * 9) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  };

  it('20,000 random paths', () => {
    for (let i = 0; i < 20_000; i++) {
      const path = `${random() < 0.9 ? '/' : ''}${Array.from({ length: 1 + Math.floor(random() * 5) }, segment).join('/')}${random() < 0.2 ? '?q=1/2' : ''}`;
      expect(templatePath(path), path).toBe(reference(path));
    }
  });
});
