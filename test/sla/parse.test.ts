import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseSla, parseSlas, SlaParseError } from '../../src/sla/parse.js';
import type { Sla } from '../../src/sla/types.js';

type Wanted = Partial<Omit<Sla, 'expression'>>;

const valid: Array<{ name: string; expression: string; wanted: Wanted }> = [
  { name: 'p95 in ms', expression: 'p95 < 200ms', wanted: { metric: 'p95', kind: 'latency', percentile: 95, op: '<', target: 200, unit: 'ms', scope: null } },
  { name: 'p50', expression: 'p50 <= 100ms', wanted: { metric: 'p50', percentile: 50, op: '<=', target: 100 } },
  { name: 'p75', expression: 'p75 < 1ms', wanted: { metric: 'p75', percentile: 75 } },
  { name: 'p90', expression: 'p90 < 1ms', wanted: { metric: 'p90', percentile: 90 } },
  { name: 'p99', expression: 'p99 < 1ms', wanted: { metric: 'p99', percentile: 99 } },
  { name: 'p99.9', expression: 'p99.9 < 1s', wanted: { metric: 'p99.9', percentile: 99.9, target: 1000 } },
  { name: 'p(N) arbitrary', expression: 'p(99.5) < 300ms', wanted: { metric: 'p(99.5)', percentile: 99.5, target: 300 } },
  { name: 'p(N) trailing zero normalised', expression: 'p(99.50) < 300ms', wanted: { metric: 'p(99.5)', percentile: 99.5 } },
  { name: 'p(50) normalised to p50', expression: 'p(50) < 300ms', wanted: { metric: 'p50', percentile: 50 } },
  { name: 'p(99.9) normalised to p99.9', expression: 'p(99.9) < 300ms', wanted: { metric: 'p99.9', percentile: 99.9 } },
  { name: 'p(100) allowed', expression: 'p(100) < 2s', wanted: { metric: 'p(100)', percentile: 100, target: 2000 } },
  { name: 'p(N) with spaces inside', expression: 'p( 96 ) < 300ms', wanted: { metric: 'p(96)', percentile: 96 } },
  { name: 'min', expression: 'min > 1ms', wanted: { metric: 'min', kind: 'latency', stat: 'min', op: '>' } },
  { name: 'mean', expression: 'mean < 50ms', wanted: { metric: 'mean', stat: 'mean' } },
  { name: 'max', expression: 'max < 2s', wanted: { metric: 'max', stat: 'max', target: 2000 } },
  { name: 'service.p95', expression: 'service.p95 < 150ms', wanted: { metric: 'service.p95', kind: 'service', percentile: 95, target: 150, unit: 'ms' } },
  { name: 'service.p(N)', expression: 'service.p(99.99) < 1s', wanted: { metric: 'service.p(99.99)', kind: 'service', percentile: 99.99 } },
  { name: 'service.p(50) normalised', expression: 'service.p(50) < 1s', wanted: { metric: 'service.p50', kind: 'service' } },
  { name: 'service.max', expression: 'service.max < 1s', wanted: { metric: 'service.max', kind: 'service', stat: 'max' } },
  { name: 'throughput bare', expression: 'throughput > 100', wanted: { metric: 'throughput', kind: 'throughput', target: 100, unit: '/s' } },
  { name: 'throughput /s', expression: 'throughput >= 100/s', wanted: { target: 100, op: '>=' } },
  { name: 'throughput /m', expression: 'throughput > 3000/m', wanted: { target: 50, unit: '/s' } },
  { name: 'iterations /m', expression: 'iterations >= 600/m', wanted: { metric: 'iterations', kind: 'iterations', target: 10, unit: '/s' } },
  { name: 'availability %', expression: 'availability >= 99.9%', wanted: { metric: 'availability', kind: 'availability', target: 99.9, unit: '%' } },
  { name: 'availability 100%', expression: 'availability == 100%', wanted: { target: 100, op: '==' } },
  { name: 'error_rate', expression: 'error_rate < 1%', wanted: { metric: 'error_rate', kind: 'error_rate', target: 1, unit: '%' } },
  { name: 'dropped', expression: 'dropped == 0', wanted: { metric: 'dropped', kind: 'dropped', target: 0, unit: 'count', op: '==' } },
  { name: 'window.p99', expression: 'window.p99 < 1.5s', wanted: { metric: 'window.p99', kind: 'window_p99', target: 1500, unit: 'ms' } },
  { name: 'throughput_cv fraction', expression: 'throughput_cv < 0.1', wanted: { metric: 'throughput_cv', kind: 'throughput_cv', target: 0.1, unit: '' } },
  { name: 'throughput_cv percent', expression: 'throughput_cv < 10%', wanted: { target: 0.1, unit: '' } },
  { name: 'seconds to ms', expression: 'p95 < 1s', wanted: { target: 1000 } },
  { name: 'fractional seconds without float noise', expression: 'p95 < 1.1s', wanted: { target: 1100 } },
  { name: 'microseconds to ms', expression: 'p95 < 500us', wanted: { target: 0.5 } },
  { name: 'µs alias', expression: 'p95 < 500µs', wanted: { target: 0.5 } },
  { name: 'bare zero latency needs no unit', expression: 'min > 0', wanted: { target: 0, unit: 'ms' } },
  { name: 'bare zero percent needs no unit', expression: 'error_rate == 0', wanted: { target: 0, unit: '%' } },
  { name: 'decimal without leading digit', expression: 'p95 < .5s', wanted: { target: 500 } },
  { name: 'exponent', expression: 'p95 < 1e3ms', wanted: { target: 1000 } },
  { name: 'no whitespace', expression: 'p95<200ms', wanted: { op: '<', target: 200 } },
  { name: 'lots of whitespace', expression: '  p95 \t <=   200   ms  ', wanted: { op: '<=', target: 200 } },
  { name: 'op >', expression: 'p95 > 1ms', wanted: { op: '>' } },
  { name: 'step scope', expression: 'p99{step="convert lead"} < 800ms', wanted: { scope: { step: 'convert lead' }, target: 800 } },
  { name: 'scenario scope', expression: 'availability{scenario="crm-mixed"} >= 99%', wanted: { scope: { scenario: 'crm-mixed' } } },
  { name: 'scope with whitespace around', expression: 'p95 { step = "get lead" } < 1s', wanted: { scope: { step: 'get lead' } } },
  { name: 'scope value with slashes and colons', expression: 'p95{step="GET /api/leads/:id"} < 1s', wanted: { scope: { step: 'GET /api/leads/:id' } } },
  { name: 'scope value with braces', expression: 'p95{step="a {b} c"} < 1s', wanted: { scope: { step: 'a {b} c' } } },
  { name: 'scope value with escaped quote', expression: 'p95{step="say \\"hi\\""} < 1s', wanted: { scope: { step: 'say "hi"' } } },
  { name: 'scope on service time', expression: 'service.p(99.5){scenario="s"} < 1s', wanted: { metric: 'service.p(99.5)', scope: { scenario: 's' } } },
];

const invalid: Array<{ name: string; expression: string; fragment: string }> = [
  { name: 'unknown metric p96', expression: 'p96 < 200ms', fragment: 'SLA "p96 < 200ms": unknown metric "p96"; valid metrics: p50, p75, p90, p95, p99, p99.9, p(N), min, mean, max, service.<latency metric>, throughput, iterations, availability, error_rate, dropped, window.p99, throughput_cv' },
  { name: 'hint for other percentiles', expression: 'p96 < 200ms', fragment: 'write p(96)' },
  { name: 'unknown metric and missing target', expression: 'latency.p99 <', fragment: 'unknown metric "latency.p99"; valid metrics: p50' },
  { name: 'unknown service metric', expression: 'service.throughput > 1', fragment: 'unknown metric "service.throughput"' },
  { name: 'missing number', expression: 'p95 <', fragment: 'expected a number after "<", got the end of the expression' },
  { name: 'word for a number', expression: 'p95 < fast', fragment: 'expected a number after "<", got "fast"' },
  { name: 'missing operator', expression: 'p95 200ms', fragment: 'expected an operator (<, <=, >, >=, ==) after "p95", got "200ms"' },
  { name: 'single =', expression: 'p95 = 200ms', fragment: 'expected an operator' },
  { name: '!=', expression: 'p95 != 200ms', fragment: 'expected an operator' },
  { name: 'unknown unit', expression: 'p95 < 200kg', fragment: 'unknown unit "kg"; p95 takes us, ms or s' },
  { name: 'trailing words', expression: 'p95 < 200ms please', fragment: 'unknown unit "ms please"' },
  { name: 'percent over 100', expression: 'availability > 101%', fragment: 'a percentage is between 0 and 100' },
  { name: 'bare percent over 100', expression: 'error_rate < 150%', fragment: 'a percentage is between 0 and 100' },
  { name: 'bare latency', expression: 'p95 < 250', fragment: 'SLA "p95 < 250": a bare number is ambiguous; add a unit, like 250ms (or us, s)' },
  { name: 'bare percent', expression: 'error_rate < 0.01', fragment: 'SLA "error_rate < 0.01": a bare number is ambiguous; add a unit, like 0.01%' },
  { name: 'bare availability', expression: 'availability >= 99.9', fragment: 'add a unit, like 99.9%' },
  { name: 'bare window.p99', expression: 'window.p99 < 5', fragment: 'add a unit, like 5ms' },
  { name: 'an infinite target', expression: 'p95 < 1e999ms', fragment: 'target 1e999 is not a finite number' },
  { name: 'a negative zero target', expression: 'p95 < -0ms', fragment: 'must not be negative' },
  { name: 'negative target', expression: 'p95 < -5ms', fragment: 'must not be negative' },
  { name: 'time unit on dropped', expression: 'dropped < 5ms', fragment: 'unit "ms" does not fit dropped; dropped takes a bare count' },
  { name: 'percent on latency', expression: 'p95 < 5%', fragment: 'unit "%" does not fit p95' },
  { name: 'time unit on availability', expression: 'availability > 99s', fragment: 'unit "s" does not fit availability' },
  { name: 'rate unit on latency', expression: 'p95 < 5/s', fragment: 'unit "/s" does not fit p95' },
  { name: 'time unit on throughput', expression: 'throughput > 5ms', fragment: 'unit "ms" does not fit throughput' },
  { name: 'p(101)', expression: 'p(101) < 1s', fragment: 'percentile in "p(101)" must be greater than 0 and at most 100' },
  { name: 'p(0)', expression: 'p(0) < 1s', fragment: 'percentile in "p(0)" must be greater than 0' },
  { name: 'p(-1)', expression: 'p(-1) < 1s', fragment: 'percentile in "p(-1)" must be a number' },
  { name: 'p(abc)', expression: 'p(abc) < 1s', fragment: 'percentile in "p(abc)" must be a number' },
  { name: 'unknown scope key', expression: 'p95{host="x"} < 1s', fragment: 'unknown scope key "host"; expected step, scenario, group, name or trend' },
  { name: 'unquoted scope value', expression: 'p95{step=x} < 1s', fragment: 'the step name must be in double quotes' },
  { name: 'single-quoted scope value', expression: "p95{step='x'} < 1s", fragment: 'the step name must be in double quotes' },
  { name: 'unterminated scope value', expression: 'p95{step="x} < 1s', fragment: 'the step name has no closing quote' },
  { name: 'unclosed scope', expression: 'p95{step="x" < 1s', fragment: 'expected } after step="x"' },
  { name: 'two scope keys', expression: 'p95{step="x",scenario="y"} < 1s', fragment: 'expected } after step="x"' },
  { name: 'empty scope value', expression: 'p95{step=""} < 1s', fragment: 'the step name is empty' },
  { name: 'missing =', expression: 'p95{step "x"} < 1s', fragment: 'expected = after "step"' },
  { name: 'empty string', expression: '', fragment: 'SLA "": empty expression' },
  { name: 'only spaces', expression: '   ', fragment: 'empty expression' },
  { name: 'no metric', expression: '< 200ms', fragment: 'expected a metric name at "< 200ms"' },
  { name: 'newline kept on one line', expression: 'p96\n< 1s', fragment: 'SLA "p96\\n< 1s"' },
];

describe('parseSla', () => {
  it.each(valid)('parses $name: $expression', ({ expression, wanted }) => {
    const sla = parseSla(expression);
    expect(sla).toMatchObject({ ...wanted, expression });
  });

  it('omits percentile and stat where they do not apply', () => {
    expect(parseSla('throughput > 5')).toEqual({
      expression: 'throughput > 5', metric: 'throughput', kind: 'throughput', scope: null, op: '>', target: 5, unit: '/s',
    });
    expect(parseSla('min < 5ms')).not.toHaveProperty('percentile');
  });

  it.each(invalid)('rejects $name: $expression', ({ expression, fragment }) => {
    expect(() => parseSla(expression)).toThrow(SlaParseError);
    expect(() => parseSla(expression)).toThrow(fragment);
  });

  it('throws a ConfigError (exit 2) carrying the expression, the problem and one issue line', () => {
    const error = captureError(() => parseSla('p95 < fast'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      name: 'SlaParseError',
      expression: 'p95 < fast',
      problem: 'expected a number after "<", got "fast"',
      issues: ['SLA "p95 < fast": expected a number after "<", got "fast"'],
    });
  });
});

describe('parseSlas', () => {
  it('collects every problem and keeps the valid SLAs', () => {
    const { slas, issues } = parseSlas(['p95 < 200ms', 'p96 < 200ms', 'availability >= 99.9%', 'dropped < 5ms', '']);
    expect(slas.map((sla) => sla.expression)).toEqual(['p95 < 200ms', 'availability >= 99.9%']);
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/^SLA "p96 < 200ms": unknown metric/);
    expect(issues[1]).toMatch(/^SLA "dropped < 5ms": unit "ms" does not fit dropped/);
    expect(issues[2]).toMatch(/^SLA "": empty expression/);
  });

  it('returns no issue for an empty list', () => {
    expect(parseSlas([])).toEqual({ slas: [], issues: [] });
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
