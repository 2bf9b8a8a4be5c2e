import { describe, expect, it } from 'vitest';
import { DemoConfigError, parseDemoOptions, parseDurationMs, type RawDemoOptions } from '../../src/demo/index.js';

describe('parseDemoOptions', () => {
  it.each<[string, RawDemoOptions, ReturnType<typeof parseDemoOptions>]>([
    ['nothing given', {}, {}],
    ['port and seed', { port: '8080', seed: '42' }, { port: 8080, seed: 42 }],
    ['size', { size: 'medium' }, { size: 'medium' }],
    ['flags as booleans', { cache: true, indexes: false }, { cache: true, indexes: false }],
    ['flags as strings', { cache: 'yes', indexes: 'false' }, { cache: true, indexes: false }],
    ['rate limit per second', { rateLimit: '50' }, { rateLimit: 50 }],
    ['rate limit with /s', { rateLimit: '50/s' }, { rateLimit: 50 }],
    ['rate limit per minute', { rateLimit: '3000/m' }, { rateLimit: 50 }],
    ['fixed latency', { latency: '5ms' }, { latency: { minMs: 5, maxMs: 5 } }],
    ['latency range', { latency: '5ms..50ms' }, { latency: { minMs: 5, maxMs: 50 } }],
    ['latency in seconds', { latency: '1s..1.5s' }, { latency: { minMs: 1000, maxMs: 1500 } }],
    ['error rate in percent', { errorRate: '1%' }, { errorRate: 0.01 }],
    ['error rate zero', { errorRate: '0' }, { errorRate: 0 }],
    ['latency zero', { latency: '0' }, { latency: { minMs: 0, maxMs: 0 } }],
    ['stall', { stall: '30s:1s' }, { stall: { everyMs: 30_000, forMs: 1_000 } }],
    ['host', { host: 'localhost' }, { host: 'localhost' }],
  ])('%s', (_name, raw, wanted) => {
    expect(parseDemoOptions(raw)).toEqual(wanted);
  });

  it.each<[string, RawDemoOptions, string]>([
    ['port not a number', { port: 'abc' }, '--port "abc": expected an integer from 0 to 65535'],
    ['port too big', { port: '70000' }, '--port "70000": expected an integer from 0 to 65535'],
    ['negative seed', { seed: '-1' }, '--seed "-1": expected an integer'],
    ['unknown size', { size: 'huge' }, '--size "huge": expected one of small, medium, large'],
    ['bad boolean', { cache: 'maybe' }, '--cache "maybe": expected true or false'],
    ['zero rate limit', { rateLimit: '0' }, '--rate-limit "0": expected a positive number'],
    ['rate limit flag without value', { rateLimit: true }, '--rate-limit "true": expected a positive number'],
    ['latency word', { latency: 'fast' }, '--latency "fast": expected a duration like 5ms or a range like 5ms..50ms'],
    ['latency range reversed', { latency: '50ms..5ms' }, '--latency "50ms..5ms": expected a duration'],
    ['latency open range', { latency: '5ms..' }, '--latency "5ms..": expected a duration'],
    ['error rate above 100%', { errorRate: '150%' }, '--error-rate "150%": expected a percentage like 1%'],
    ['error rate above 1', { errorRate: '5' }, '--error-rate "5": expected a percentage like 1%'],
    ['a bare error rate', { errorRate: '0.5' }, '--error-rate "0.5": a bare number is ambiguous; write 50% or 0.5%'],
    ['a bare latency', { latency: '5' }, '--latency "5": a bare number is ambiguous; add a unit, like 5ms'],
    ['a bare latency range', { latency: '5..50' }, '--latency "5..50": a bare number is ambiguous; add a unit, like 5ms..50ms'],
    ['a latency beyond a timer', { latency: '40000m' }, '--latency "40000m": expected a duration like 5ms or a range like 5ms..50ms (min <= max, at most 596h31m23.647s)'],
    ['a stall beyond a timer', { stall: '40000m:1s' }, '--stall "40000m:1s": expected EVERY:FOR like 30s:1s (freeze for FOR every EVERY, FOR < EVERY, at most 596h31m23.647s)'],
    ['a bare stall', { stall: '30000:1000' }, '--stall "30000:1000": a bare number is ambiguous; add units, like 30s:1s'],
    ['stall without period', { stall: '1s' }, '--stall "1s": expected EVERY:FOR like 30s:1s'],
    ['stall longer than period', { stall: '1s:2s' }, '--stall "1s:2s": expected EVERY:FOR'],
    ['empty host', { host: ' ' }, '--host " ": expected a host name'],
  ])('rejects %s', (_name, raw, message) => {
    expect(() => parseDemoOptions(raw)).toThrow(DemoConfigError);
    expect(() => parseDemoOptions(raw)).toThrow(message);
  });

  it('lists every problem at once', () => {
    try {
      parseDemoOptions({ port: 'x', latency: 'fast', errorRate: '2', stall: 'y', size: 'xl' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DemoConfigError);
      const issues = (error as DemoConfigError).issues;
      expect(issues).toHaveLength(5);
      expect(issues.map((issue) => issue.split(' ')[0])).toEqual(['--port', '--size', '--latency', '--error-rate', '--stall']);
    }
  });
});

describe('parseDurationMs', () => {
  it.each<[string, number | undefined]>([
    ['250us', 0.25], ['5ms', 5], ['5', undefined], ['0', 0], ['1.5s', 1500], ['2m', 120_000], ['', undefined], ['5h', undefined], ['-1ms', undefined],
  ])('%s', (text, wanted) => {
    expect(parseDurationMs(text)).toBe(wanted);
  });
});
