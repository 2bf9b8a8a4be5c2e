import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { DEFAULT_TOLERANCE_SPEC, DEFAULT_TOLERANCES, parseMetric, parseTolerances } from '../../src/report/tolerances.js';

function issuesOf(spec: string): string[] {
  try {
    parseTolerances(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error(`"${spec}" was accepted`);
}

describe('parseTolerances', () => {
  it.each([
    ['one latency percentile', 'p95=10%', [{ metric: 'p95', kind: 'latency', percentile: 95, limit: 10 }]],
    [
      'the issue example',
      'p95=10%,p99=15%,throughput=5%,error_rate=1%,availability=0.5%',
      [
        { metric: 'p95', kind: 'latency', percentile: 95, limit: 10 },
        { metric: 'p99', kind: 'latency', percentile: 99, limit: 15 },
        { metric: 'throughput', kind: 'throughput', limit: 5 },
        { metric: 'error_rate', kind: 'error_rate', limit: 1 },
        { metric: 'availability', kind: 'availability', limit: 0.5 },
      ],
    ],
    ['p99.9', 'p99.9=25%', [{ metric: 'p99.9', kind: 'latency', percentile: 99.9, limit: 25 }]],
    ['p(N) with a custom percentile', 'p(97.5)=20%', [{ metric: 'p(97.5)', kind: 'latency', percentile: 97.5, limit: 20 }]],
    ['p(N) of a named percentile, canonicalised', 'p(95)=10%', [{ metric: 'p95', kind: 'latency', percentile: 95, limit: 10 }]],
    ['p(100)', 'p(100)=5%', [{ metric: 'p(100)', kind: 'latency', percentile: 100, limit: 5 }]],
    ['mean and max', 'mean=5%,max=50%', [
      { metric: 'mean', kind: 'latency', limit: 5 },
      { metric: 'max', kind: 'latency', limit: 50 },
    ]],
    ['spaces, a plus sign and a trailing comma', ' p95 = +10% , ', [{ metric: 'p95', kind: 'latency', percentile: 95, limit: 10 }]],
    ['percentage points for rates', 'error_rate=0.2pp,availability=0.1 pp', [
      { metric: 'error_rate', kind: 'error_rate', limit: 0.2 },
      { metric: 'availability', kind: 'availability', limit: 0.1 },
    ]],
    ['a zero limit', 'throughput=0%', [{ metric: 'throughput', kind: 'throughput', limit: 0 }]],
  ])('parses %s', (_name, spec, expected) => {
    expect(parseTolerances(spec)).toEqual(expected);
  });

  it.each([
    ['an empty spec', '', /expected METRIC=LIMIT pairs/],
    ['an unknown metric, listing the valid ones', 'p96x=5%', /unknown metric "p96x"; valid metrics: p50, p75, p90, p95, p99, p99.9, p\(N\), mean, max, throughput, error_rate, availability/],
    ['a prototype key as metric', 'constructor=5%', /unknown metric "constructor"/],
    ['a pair without "="', 'p95', /expected METRIC=LIMIT, like p95=10%/],
    ['a limit without unit', 'p95=10', /limit "10" must be a percentage like 10%/],
    ['a negative limit', 'throughput=-5%', /limit "-5%" must be a percentage/],
    ['a word as limit', 'p95=ten%', /limit "ten%"/],
    ['points on a latency metric', 'p95=10pp', /p95 takes a relative change in %/],
    ['p(0)', 'p(0)=5%', /unknown metric "p\(0\)"/],
    ['p(101)', 'p(101)=5%', /unknown metric "p\(101\)"/],
    ['a metric given twice', 'p95=10%,p(95)=5%', /"p95" is given twice/],
  ])('refuses %s', (_name, spec, pattern) => {
    const issues = issuesOf(spec);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(pattern);
    expect(issues[0]).toMatch(/^--max-regression/);
  });

  it('reports every bad pair at once', () => {
    expect(issuesOf('p95=10,foo=5%,throughput=5%,error_rate=x')).toEqual([
      '--max-regression "p95=10": limit "10" must be a percentage like 10%',
      expect.stringContaining('unknown metric "foo"'),
      '--max-regression "error_rate=x": limit "x" must be a percentage like 10%',
    ]);
  });

  it('has documented defaults that parse', () => {
    expect(DEFAULT_TOLERANCE_SPEC).toBe('p95=10%,throughput=10%,error_rate=1%');
    expect(DEFAULT_TOLERANCES.map((t) => `${t.metric}=${t.limit}`)).toEqual(['p95=10', 'throughput=10', 'error_rate=1']);
  });

  it.each([
    ['p50', { metric: 'p50', kind: 'latency', percentile: 50 }],
    ['p(99.9)', { metric: 'p99.9', kind: 'latency', percentile: 99.9 }],
    ['toString', undefined],
    ['p(abc)', undefined],
  ])('parseMetric(%s)', (name, expected) => {
    expect(parseMetric(name)).toEqual(expected);
  });
});
