import { describe, expect, it } from 'vitest';
import { escapeCommandData, escapeCommandProperty, renderGithubAnnotations } from '../../src/reporters/github.js';
import { fixtureReport } from '../helpers/report-fixture.js';

/** Decode as the Actions runner does, to prove the escaping round-trips. */
const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

describe('renderGithubAnnotations', () => {
  const base = fixtureReport();

  it('writes one ::error line per failed SLA of the golden fixture', () => {
    expect(renderGithubAnnotations(base)).toBe(
      [
        '::error title=SLA failed::availability >= 99.9%25: measured 99.33%25, target >= 99.9%25',
        '::error title=SLA failed::p99{step="search \\"<Acme & Co>\\""} < 100ms: measured 168ms, target < 100ms',
        '::error title=SLA failed::p95{step="export"} < 1s: no data',
        '',
      ].join('\n'),
    );
  });

  it('is empty when every SLA passed, or when there are none', () => {
    const results = base.sla.results.map((r) => ({ ...r, passed: true }));
    expect(renderGithubAnnotations(fixtureReport({ sla: { passed: true, results } }))).toBe('');
    expect(renderGithubAnnotations(fixtureReport({ sla: { passed: true, results: [] } }))).toBe('');
  });

  it('cannot be split into a second workflow command by a hostile expression', () => {
    const expression = 'p95 < 1ms\n::warning::injected\r\n%0A';
    const out = renderGithubAnnotations(fixtureReport({ sla: { passed: false, results: [{ ...base.sla.results[2], expression }] } }));
    const lines = out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith('::error title=SLA failed::')).toBe(true);
    expect(out).not.toMatch(/\r/);
    const message = lines[0].slice('::error title=SLA failed::'.length);
    expect(unescapeData(message)).toBe(`${expression}: measured 168ms, target < 100ms`);
  });
});

describe('workflow command escaping', () => {
  it.each([
    ['percent first, so escapes are not double-decoded', '100%0A', '100%250A'],
    ['newline', 'a\nb', 'a%0Ab'],
    ['carriage return', 'a\rb', 'a%0Db'],
    ['colons and commas stay in data', 'a: b, c', 'a: b, c'],
  ])('data: %s', (_name, input, want) => {
    expect(escapeCommandData(input)).toBe(want);
    expect(unescapeData(escapeCommandData(input))).toBe(input);
  });

  it.each([
    ['colon', 'a:b', 'a%3Ab'],
    ['comma', 'a,b', 'a%2Cb'],
    ['all', '50%,\r\n:', '50%25%2C%0D%0A%3A'],
  ])('property: %s', (_name, input, want) => {
    expect(escapeCommandProperty(input)).toBe(want);
  });
});
