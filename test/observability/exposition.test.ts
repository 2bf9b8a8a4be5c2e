import { describe, expect, it } from 'vitest';
import { ExpositionError, familyType, parseExposition } from '../../src/observability/exposition.js';

const TEXT = `# HELP http_request_duration_seconds Request time
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{route="/a",le="0.1"} 3
http_request_duration_seconds_bucket{route="/a",le="+Inf"} 4
http_request_duration_seconds_sum{route="/a"} 0.5
http_request_duration_seconds_count{route="/a"} 4
http_request_duration_seconds_bucket{route="/b",le="0.1"} 1
http_request_duration_seconds_bucket{route="/b",le="+Inf"} 1
http_request_duration_seconds_sum{route="/b"} 0.05
http_request_duration_seconds_count{route="/b"} 1
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 1.25
# TYPE lag gauge
lag Nan
weird{path="C:\\\\DIR",msg="say \\"hi\\"\\n"} -Inf 1395066363000
no_newline_at_the_end 7`;

describe('parseExposition', () => {
  it('keeps every labelled series of a histogram (the library alone folds them into one)', () => {
    const { samples, types } = parseExposition(TEXT);
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    const sums = samples.filter((s) => s.name === 'http_request_duration_seconds_sum');
    expect(sums).toEqual([
      { name: 'http_request_duration_seconds_sum', labels: { route: '/a' }, value: 0.5 },
      { name: 'http_request_duration_seconds_sum', labels: { route: '/b' }, value: 0.05 },
    ]);
    expect(samples.filter((s) => s.name === 'http_request_duration_seconds_bucket')).toHaveLength(4);
  });

  it('reads NaN in any case, ±Inf, escapes, timestamps and a last line without a newline', () => {
    const { samples } = parseExposition(TEXT);
    const byName = Object.fromEntries(samples.map((s) => [s.name, s]));
    expect(byName.lag.value).toBeNaN();
    expect(byName.weird).toEqual({ name: 'weird', labels: { path: 'C:\\DIR', msg: 'say "hi"\n' }, value: Number.NEGATIVE_INFINITY });
    expect(byName.no_newline_at_the_end.value).toBe(7);
    expect(byName.process_cpu_seconds_total.value).toBe(1.25);
  });

  it.each([
    ['a label without quotes', 'x{a=b} 1'],
    ['a value that is not a number', 'x 12abc'],
    ['a sample without a value', 'x{a="b"}'],
  ])('refuses %s', (_name, text) => {
    expect(() => parseExposition(text)).toThrow(ExpositionError);
  });
});

describe('familyType', () => {
  const types = new Map([['h', 'histogram'], ['c', 'counter'], ['c2_total', 'counter']] as const);
  it.each([
    ['h_bucket', 'h', 'histogram'],
    ['h_sum', 'h', 'histogram'],
    ['c_total', 'c', 'counter'], // OpenMetrics: TYPE c, sample c_total
    ['c2_total', 'c2_total', 'counter'], // Prometheus text: TYPE c2_total
    ['undeclared_total', 'undeclared_total', 'counter'],
    ['undeclared', 'undeclared', 'untyped'],
  ])('%s belongs to %s (%s)', (sample, family, type) => {
    expect(familyType(types as never, sample)).toEqual({ family, type });
  });
});
