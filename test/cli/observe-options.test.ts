import { describe, expect, it } from 'vitest';
import { checkObservabilityOptions, resolveServerMetricsUrl } from '../../src/cli/observe-options.js';
import type { RawRunOptions } from '../../src/config/options.js';

const TARGET = { url: 'http://crm:8080/api', origin: 'http://crm:8080', basePath: '/api' };

describe('checkObservabilityOptions', () => {
  it('nothing asked: nothing to do', () => {
    expect(checkObservabilityOptions({})).toEqual({ options: { port: null, host: '127.0.0.1', serverMetrics: null, specs: [] }, issues: [] });
  });

  it.each<[string, RawRunOptions, Partial<{ port: number | null; host: string; serverMetrics: string | null; specs: number }>]>([
    ['a port and a host', { metricsPort: '9464', metricsHost: '0.0.0.0' }, { port: 9464, host: '0.0.0.0' }],
    ['port 0 (any free port)', { metricsPort: '0' }, { port: 0 }],
    ['demo without a target', { serverMetrics: 'demo' }, { serverMetrics: 'demo', specs: 3 }],
    ['a path on the target', { target: 'http://crm:8080', serverMetrics: '/metrics' }, { serverMetrics: '/metrics', specs: 3 }],
    ['a URL and two series', { url: 'http://crm/x', serverMetrics: 'http://crm:9100/metrics', serverSeries: 'up,*_seconds' }, { serverMetrics: 'http://crm:9100/metrics', specs: 2 }],
  ])('accepts %s', (_name, raw, want) => {
    const { options, issues } = checkObservabilityOptions(raw);
    expect(issues).toEqual([]);
    const { specs, ...rest } = want;
    expect(options).toMatchObject(rest);
    if (specs !== undefined) expect(options.specs).toHaveLength(specs);
  });

  it.each<[string, RawRunOptions, RegExp]>([
    ['a port above 65535', { metricsPort: '70000' }, /^--metrics-port "70000": expected a port number from 0 to 65535/],
    ['a negative port', { metricsPort: '-1' }, /^--metrics-port "-1"/],
    ['--metrics-host alone', { metricsHost: '0.0.0.0' }, /^--metrics-host: only with --metrics-port$/],
    ['demo with --target', { target: 'http://crm', serverMetrics: 'demo' }, /^--server-metrics demo: only without --target or --url/],
    ['demo with --url', { url: 'http://crm/x', serverMetrics: 'demo' }, /^--server-metrics demo: only without --target or --url/],
    ['a relative path without a slash', { serverMetrics: 'metrics' }, /^--server-metrics "metrics": expected an http:\/\/ or https:\/\/ URL.*or a path like \/metrics/],
    ['--server-series alone', { serverSeries: 'up' }, /^--server-series: only with --server-metrics$/],
  ])('refuses %s', (_name, raw, message) => {
    const { issues } = checkObservabilityOptions(raw);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(message);
  });

  it('reports every problem at once', () => {
    expect(checkObservabilityOptions({ metricsPort: 'x', serverMetrics: 'ftp://a', serverSeries: 'a-b' }).issues).toHaveLength(3);
  });
});

describe('resolveServerMetricsUrl', () => {
  it.each([
    ['demo', 'http://crm:8080/metrics'],
    ['/metrics', 'http://crm:8080/metrics'],
    ['/admin/prometheus?x=1', 'http://crm:8080/admin/prometheus?x=1'],
    ['http://other:9100/metrics', 'http://other:9100/metrics'],
  ])('%s → %s', (value, want) => {
    expect(resolveServerMetricsUrl(value, TARGET)).toBe(want);
  });
});
