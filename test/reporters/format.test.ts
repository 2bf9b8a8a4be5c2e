import { describe, expect, it } from 'vitest';
import {
  describeLoad,
  describeStatus,
  formatBytes,
  formatCount,
  formatDuration,
  formatElapsed,
  formatErrorsByKind,
  formatPercent,
  formatRate,
  formatSlaMargin,
  formatSlaMeasured,
  formatSlaTarget,
  formatSlaValue,
} from '../../src/reporters/format.js';
import type { SlaResult } from '../../src/report/types.js';

describe('formatDuration', () => {
  it.each([
    ['null', null, '-'],
    ['undefined', undefined, '-'],
    ['NaN', Number.NaN, '-'],
    ['zero', 0, '0µs'],
    ['sub-millisecond', 0.412, '412µs'],
    ['one microsecond', 0.001, '1µs'],
    ['rounds up into ms', 0.9996, '1.00ms'],
    ['single-digit ms', 1.234, '1.23ms'],
    ['two-digit ms', 12.34, '12.3ms'],
    ['three-digit ms', 185, '185ms'],
    ['rounds up into seconds', 999.6, '1.00s'],
    ['seconds', 1240, '1.24s'],
    ['tens of seconds', 12_345, '12.3s'],
    ['negative', -68, '-68.0ms'],
  ])('%s: %s → %s', (_name, input, want) => {
    expect(formatDuration(input)).toBe(want);
  });
});

describe('formatElapsed', () => {
  it.each([
    [null, '-'],
    [850, '850ms'],
    [10_000, '10s'],
    [12_500, '12.5s'],
    [90_000, '1m30s'],
    [3_600_000 + 5 * 60_000, '1h05m'],
  ])('%s → %s', (input, want) => {
    expect(formatElapsed(input)).toBe(want);
  });
});

describe('formatCount / formatRate / formatBytes', () => {
  it.each([
    [formatCount, 0, '0'],
    [formatCount, 1200, '1,200'],
    [formatCount, 1234567, '1,234,567'],
    [formatCount, -1200, '-1,200'],
    [formatRate, 4.254, '4.25'],
    [formatRate, 119.2, '119.2'],
    [formatRate, 1234.4, '1,234'],
    [formatRate, null, '-'],
    [formatBytes, 512, '512 B'],
    [formatBytes, 614_400, '600 KiB'],
    [formatBytes, 76_800, '75.0 KiB'],
    [formatBytes, 5 * 1024 * 1024, '5.00 MiB'],
  ])('%o(%s) → %s', (fn, input, want) => {
    expect(fn(input)).toBe(want);
  });
});

describe('formatPercent', () => {
  it.each([
    ['exact 100', 100, '100%'],
    ['exact 0', 0, '0%'],
    ['two decimals', 99.33, '99.33%'],
    ['trailing zero dropped', 99.9, '99.9%'],
    ['near 100 keeps digits', 99.9996, '99.9996%'],
    ['nearer than 4 decimals', 99.999999, '>99.9999%'],
    ['near 0 keeps digits', 0.001, '0.001%'],
    ['tiny', 0.00000001, '<0.0001%'],
    ['null', null, '-'],
  ])('%s', (_name, input, want) => {
    expect(formatPercent(input)).toBe(want);
  });
});

describe('formatErrorsByKind', () => {
  it.each([
    ['none', {}, 0, '-'],
    ['most frequent first', { timeout: 1, http5xx: 2 }, 0, '2 http5xx, 1 timeout'],
    ['ties by name', { reset: 1, connect: 1 }, 0, '1 connect, 1 reset'],
    ['zero counts skipped', { http4xx: 0, check: 3 }, 0, '3 check'],
    ['interrupted appended', { http5xx: 2 }, 1, '2 http5xx, 1 interrupted'],
    ['thousands grouped', { http5xx: 1500 }, 0, '1,500 http5xx'],
  ])('%s', (_name, errorsByKind, interrupted, want) => {
    expect(formatErrorsByKind({ errorsByKind, interrupted })).toBe(want);
  });
});

describe('SLA values', () => {
  const sla = (over: Partial<SlaResult>): SlaResult => ({
    expression: 'p95 < 400ms', metric: 'p95', scope: null, op: '<', target: 400, actual: 11.2, unit: 'ms', passed: true, margin: 388.8, ...over,
  });
  it.each([
    ['ms', sla({}), '11.2ms', '< 400ms', '+389ms'],
    ['ms failing', sla({ target: 100, actual: 168, margin: -68, passed: false }), '168ms', '< 100ms', '-68.0ms'],
    ['target in seconds as written', sla({ target: 1000, actual: 1234, margin: -234 }), '1.23s', '< 1s', '-234ms'],
    ['percent margin in points', sla({ op: '>=', unit: '%', target: 99.9, actual: 99.33, margin: -0.57 }), '99.33%', '>= 99.9%', '-0.57 pp'],
    ['rate', sla({ op: '>', unit: '/s', target: 100, actual: 119.2, margin: 19.2 }), '119.2/s', '> 100/s', '+19.2/s'],
    ['count', sla({ op: '==', unit: 'count', target: 0, actual: 3, margin: -3 }), '3', '== 0', '-3'],
    ['no data', sla({ actual: null, margin: null, passed: false, reason: 'no data' }), 'no data', '< 400ms', '-'],
    ['tiny percent margin is not "-0 pp"', sla({ op: '==', unit: '%', target: 100, actual: 99.999, margin: -0.001, passed: false }), '99.999%', '== 100%', '-0.001 pp'],
    ['percent margin beyond 4 decimals', sla({ op: '==', unit: '%', target: 100, actual: 99.999999, margin: -0.000001, passed: false }), '>99.9999%', '== 100%', '-<0.0001 pp'],
    ['tiny fraction margin is not "-0"', sla({ op: '<', unit: '', target: 0.1, actual: 0.10001, margin: -0.00001, passed: false }), '0.1', '< 0.1', '-0.00001'],
    ['zero margin has no sign', sla({ op: '<=', unit: '%', target: 1, actual: 1, margin: 0 }), '1%', '<= 1%', '0 pp'],
  ])('%s', (_name, result, measured, target, margin) => {
    expect(formatSlaMeasured(result)).toBe(measured);
    expect(formatSlaTarget(result)).toBe(target);
    expect(formatSlaMargin(result)).toBe(margin);
  });

  it.each([
    [412.345, 'ms', '412ms'],
    [0.512, 'ms', '512µs'],
    [0, 'ms', '0µs'],
    [99.95, '%', '99.95%'],
    [100, '%', '100%'],
    [99.999, '%', '99.999%'],
    [0.0004, '%', '0.0004%'],
    [50, '/s', '50.0/s'],
    [3, 'count', '3'],
    [0.125, '', '0.125'],
    [null, 'ms', '-'],
  ])('formatSlaValue(%s, %j) = %s', (value, unit, want) => {
    expect(formatSlaValue(value, unit)).toBe(want);
  });

  it('formats unknown units with the unit after the number', () => {
    expect(formatSlaValue(0.0412, 'fraction')).toBe('0.041');
    expect(formatSlaValue(12, 'widgets')).toBe('12 widgets');
  });
});

describe('describeLoad / describeStatus', () => {
  const base = { connections: 10, pipelining: 1, timeoutMs: 1000, graceMs: 1000 };
  it.each([
    ['closed', { ...base, model: 'closed' as const, vus: 10 }, 'closed · 10 VUs'],
    ['one VU', { ...base, model: 'closed' as const, vus: 1, iterations: 5 }, 'closed · 1 VU · 5 iterations'],
    ['open', { ...base, model: 'open' as const, rate: 120, maxVus: 200 }, 'open · 120 it/s · max 200 VUs'],
    ['stages', { ...base, model: 'open' as const, stages: [{ durationMs: 1, target: 10 }, { durationMs: 1, target: 50 }] }, 'open · 2 stages up to 50 it/s'],
    ['a slow rate, per minute', { ...base, model: 'open' as const, rate: 2 / 60, maxVus: 10 }, 'open · 2 it/min · max 10 VUs'],
    ['a slower rate, per hour (not "0 it/s")', { ...base, model: 'open' as const, rate: 1 / 3600, maxVus: 10 }, 'open · 1 it/h · max 10 VUs'],
    ['2.5/s stays per second', { ...base, model: 'open' as const, rate: 2.5, maxVus: 10 }, 'open · 2.5 it/s · max 10 VUs'],
  ])('%s', (_name, load, want) => {
    expect(describeLoad(load)).toBe(want);
  });

  it('shows the abort reason', () => {
    expect(describeStatus({ status: 'completed' })).toBe('COMPLETED');
    expect(describeStatus({ status: 'aborted', abortReason: 'SIGINT' })).toBe('ABORTED (SIGINT)');
    expect(describeStatus({ status: 'aborted' })).toBe('ABORTED');
  });
});
