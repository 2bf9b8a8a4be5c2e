import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_SERIES, labelsMatch, parseSeriesSpecs, type SeriesSpec } from '../../src/observability/series-spec.js';

function specs(text: string): SeriesSpec[] {
  const parsed = parseSeriesSpecs(text);
  if (typeof parsed[0] === 'string') throw new Error(String(parsed));
  return parsed as SeriesSpec[];
}

describe('parseSeriesSpecs', () => {
  it('reads the default list: two names and a wildcard', () => {
    const list = specs(DEFAULT_SERVER_SERIES);
    expect(list.map((s) => [s.pattern, s.wildcard])).toEqual([
      ['process_cpu_seconds_total', false], ['process_resident_memory_bytes', false], ['*_duration_seconds', true],
    ]);
    expect(list[2].regex.test('demo_http_request_duration_seconds')).toBe(true);
    expect(list[2].regex.test('demo_http_request_duration_seconds_total')).toBe(false);
  });

  it('reads label matchers, with commas and escaped quotes inside them', () => {
    const [one, two] = specs('http_seconds{route="GET /a,b", code="200"},x{msg="say \\"hi\\""}');
    expect(one).toMatchObject({ pattern: 'http_seconds', matchers: { route: 'GET /a,b', code: '200' }, wildcard: false });
    expect(two.matchers).toEqual({ msg: 'say "hi"' });
  });

  it.each([
    ['an empty list', '', /at least one metric name/],
    ['a name with a dash', 'http-requests', /expected a metric name/],
    ['an unquoted matcher', 'x{route=GET}', /label matchers like/],
    ['an unclosed brace', 'x{route="a"', /must end with }/],
  ])('refuses %s', (_name, text, message) => {
    const parsed = parseSeriesSpecs(text);
    expect(typeof parsed[0]).toBe('string');
    expect((parsed as string[]).join('\n')).toMatch(message);
  });

  it('reports every bad entry at once', () => {
    expect(parseSeriesSpecs('a-b,ok,c-d')).toHaveLength(2);
  });
});

describe('labelsMatch', () => {
  it.each([
    [{ route: '/a', code: '200' }, { route: '/a' }, true],
    [{ route: '/a' }, {}, true],
    [{ route: '/b' }, { route: '/a' }, false],
    [{}, { route: '/a' }, false],
  ])('%j against %j: %s', (labels, matchers, want) => {
    expect(labelsMatch(labels, matchers)).toBe(want);
  });
});
