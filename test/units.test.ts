import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import {
  formatDuration,
  parseCount,
  parseDuration,
  parseDurationRange,
  parseRate,
  parseStage,
} from '../src/units.js';

/** The ConfigError a parser throws (fails the test when it does not throw one). */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, got a value');
}

describe('parseDuration', () => {
  it.each([
    { name: 'milliseconds', input: '500ms', wanted: 500 },
    { name: 'seconds', input: '10s', wanted: 10_000 },
    { name: 'minutes and seconds', input: '1m30s', wanted: 90_000 },
    { name: 'hours', input: '2h', wanted: 7_200_000 },
    { name: 'fractional unit', input: '1.5s', wanted: 1500 },
    { name: 'microseconds kept below 1 ms', input: '100us', wanted: 0.1 },
    { name: 'surrounding spaces', input: ' 3s ', wanted: 3000 },
  ])('$name: $input → $wanted ms', ({ input, wanted }) => {
    expect(parseDuration('--duration', input)).toBe(wanted);
  });

  it.each([
    { name: 'unknown unit', input: '10x', wanted: /expected a duration like 500ms/ },
    { name: 'empty', input: '', wanted: /expected a duration/ },
    { name: 'negative', input: '-1s', wanted: /expected a duration/ },
    { name: 'zero', input: '0', wanted: /greater than zero/ },
    { name: 'zero with unit', input: '0s', wanted: /greater than zero/ },
    { name: 'unit alone', input: 'ms', wanted: /expected a duration/ },
    { name: 'space inside', input: '1m 30s', wanted: /expected a duration/ },
    { name: 'a bare number', input: '5', wanted: /: a bare number is ambiguous; add a unit, like 5s \(or 5ms, 5m\)$/ },
    { name: 'a bare fraction', input: '0.5', wanted: /a bare number is ambiguous; add a unit, like 0\.5s/ },
  ])('$name ($input) is rejected naming the field', ({ input, wanted }) => {
    const error = configError(() => parseDuration('--duration', input));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(/^--duration /);
    expect(error.issues[0]).toContain(JSON.stringify(input.trim()));
    expect(error.issues[0]).toMatch(wanted);
  });

  it('a number value from a scenario file is a bare number too', () => {
    expect(configError(() => parseDuration('defaults.duration', 3)).issues[0]).toMatch(/^defaults\.duration "3": a bare number is ambiguous; add a unit, like 3s/);
  });

  it('accepts zero when allowed', () => {
    expect(parseDuration('--warmup', '0', true)).toBe(0);
    expect(parseDuration('--warmup', '0s', true)).toBe(0);
  });
});

describe('parseRate', () => {
  it.each([
    { name: 'bare number is per second', input: '50', wanted: 50 },
    { name: 'per second', input: '50/s', wanted: 50 },
    { name: 'per minute', input: '3000/m', wanted: 50 },
    { name: 'per hour', input: '7200/h', wanted: 2 },
    { name: 'spaces around the slash', input: '50 / s', wanted: 50 },
    { name: 'fraction', input: '0.5', wanted: 0.5 },
    { name: 'number value', input: 20, wanted: 20 },
  ])('$name: $input → $wanted/s', ({ input, wanted }) => {
    expect(parseRate('--rate', input)).toBe(wanted);
  });

  it.each([
    { name: 'a word', input: 'fast', wanted: /expected a number per second, like 50, 50\/s or 3000\/m/ },
    { name: 'zero', input: '0', wanted: /greater than zero/ },
    { name: 'zero per second', input: '0/s', wanted: /greater than zero/ },
    { name: 'negative', input: '-5', wanted: /expected a number per second/ },
    { name: 'per millisecond', input: '2/ms', wanted: /expected a number per second/ },
    { name: 'empty', input: '', wanted: /expected a number per second/ },
  ])('$name ($input) is rejected naming the field', ({ input, wanted }) => {
    const error = configError(() => parseRate('--rate', input));
    expect(error.issues[0]).toMatch(/^--rate /);
    expect(error.issues[0]).toMatch(wanted);
  });
});

describe('parseCount', () => {
  it.each([
    { name: 'whole number', input: '10', min: 1, wanted: 10 },
    { name: 'spaces trimmed', input: ' 7 ', min: 1, wanted: 7 },
    { name: 'zero when allowed', input: '0', min: 0, wanted: 0 },
    { name: 'number value', input: 3, min: 1, wanted: 3 },
  ])('$name: $input → $wanted', ({ input, min, wanted }) => {
    expect(parseCount('--vus', input, min)).toBe(wanted);
  });

  it.each([
    { name: 'zero below the minimum', input: '0', wanted: /must be at least 1/ },
    { name: 'negative', input: '-1', wanted: /expected a whole number of at least 1/ },
    { name: 'fraction', input: '1.5', wanted: /expected a whole number/ },
    { name: 'a word', input: 'abc', wanted: /expected a whole number/ },
    { name: 'beyond safe integers', input: '9007199254740993', wanted: /must be at most 9007199254740991/ },
  ])('$name ($input) is rejected naming the field', ({ input, wanted }) => {
    const error = configError(() => parseCount('--vus', input));
    expect(error.issues[0]).toMatch(/^--vus /);
    expect(error.issues[0]).toMatch(wanted);
  });
});

describe('parseDurationRange', () => {
  it.each([
    { name: 'range', input: '100ms..500ms', wanted: { minMs: 100, maxMs: 500 } },
    { name: 'fixed', input: '200ms', wanted: { minMs: 200, maxMs: 200 } },
    { name: 'zero allowed', input: '0..1s', wanted: { minMs: 0, maxMs: 1000 } },
    { name: 'equal ends', input: '1s..1000ms', wanted: { minMs: 1000, maxMs: 1000 } },
  ])('$name: $input', ({ input, wanted }) => {
    expect(parseDurationRange('thinkTime', input)).toEqual(wanted);
  });

  it.each([
    { name: 'reversed', input: '500ms..100ms', wanted: /end is before its start/ },
    { name: 'three parts', input: '1s..2s..3s', wanted: /range like 100ms\.\.500ms/ },
    { name: 'open start', input: '..1s', wanted: /expected a duration/ },
    { name: 'bad unit', input: '1x..2s', wanted: /expected a duration/ },
    { name: 'bare numbers', input: '100..500', wanted: /a bare number is ambiguous; add a unit, like 100ms\.\.500ms/ },
  ])('$name ($input) is rejected', ({ input, wanted }) => {
    const error = configError(() => parseDurationRange('thinkTime', input));
    expect(error.issues[0]).toMatch(/^thinkTime /);
    expect(error.issues[0]).toMatch(wanted);
  });
});

describe('parseStage', () => {
  it.each([
    { name: 'VU target', input: '30s:100', wanted: { durationMs: 30_000, target: 100, unit: 'vus' } },
    { name: 'VU target zero: either kind', input: '1m:0', wanted: { durationMs: 60_000, target: 0, unit: null } },
    { name: 'rate target per second', input: '30s:100/s', wanted: { durationMs: 30_000, target: 100, unit: 'rate' } },
    { name: 'rate target per minute', input: '10s:600/m', wanted: { durationMs: 10_000, target: 10, unit: 'rate' } },
    { name: 'rate target zero per second', input: '10s:0/s', wanted: { durationMs: 10_000, target: 0, unit: 'rate' } },
    { name: 'zero-length stage (a jump)', input: '0s:10', wanted: { durationMs: 0, target: 10, unit: 'vus' } },
  ])('$name: $input', ({ input, wanted }) => {
    expect(parseStage('--stage', input)).toEqual({ ...wanted, text: input });
  });

  it.each([
    { name: 'no colon', input: 'abc', wanted: /expected DURATION:TARGET/ },
    { name: 'no duration', input: ':10', wanted: /expected DURATION:TARGET/ },
    { name: 'no target', input: '30s:', wanted: /"30s:": no target after the colon/ },
    { name: 'a fractional VU count', input: '30s:1.5', wanted: /expected a whole number/ },
    { name: 'bad rate', input: '30s:fast/s', wanted: /expected a number per second/ },
    { name: 'per millisecond', input: '30s:5/ms', wanted: /expected a number per second/ },
    { name: 'bad duration', input: '10x:5', wanted: /expected a duration/ },
  ])('$name ($input) is rejected', ({ input, wanted }) => {
    const error = configError(() => parseStage('--stage', input));
    expect(error.issues[0]).toMatch(/^--stage /);
    expect(error.issues[0]).toMatch(wanted);
  });
});

describe('formatDuration', () => {
  it.each([
    { ms: 0.25, wanted: '250µs' },
    { ms: 12.34, wanted: '12.3ms' },
    { ms: 1500, wanted: '1.5s' },
    { ms: 60_000, wanted: '1m' },
    { ms: 90_000, wanted: '1m30s' },
  ])('$ms ms → $wanted', ({ ms, wanted }) => {
    expect(formatDuration(ms)).toBe(wanted);
  });
});

describe('ranges: every number is checked before the run (issue 9 #20)', () => {
  it.each([
    { name: 'a duration beyond what a timer holds', fn: () => parseDuration('--duration', '600h'), wanted: /^--duration "600h": must be at most 596h31m23\.647s \(2\^31 − 1 ms, the longest a Node\.js timer holds\)$/ },
    { name: 'a huge number of seconds', fn: () => parseDuration('--grace', `${'9'.repeat(400)}s`, true), wanted: /must be at most/ },
    { name: 'a stage longer than a timer holds', fn: () => parseStage('--stage', '700h:10'), wanted: /^--stage "700h": must be at most/ },
    { name: 'a think time beyond a timer', fn: () => parseDurationRange('--think', '1ms..900h'), wanted: /^--think "900h": must be at most/ },
    { name: 'a rate beyond the maximum', fn: () => parseRate('--rate', '200000/s'), wanted: /^--rate "200000\/s": must be at most 100000\/s/ },
    { name: 'a rate per minute beyond it', fn: () => parseRate('--rate', '7000000/m'), wanted: /must be at most 100000\/s/ },
    { name: 'a stage rate beyond it', fn: () => parseStage('--stage', '10s:1000000/s'), wanted: /must be at most 100000\/s/ },
    { name: 'a VU count beyond its maximum', fn: () => parseCount('--vus', '200000', 1, 100_000), wanted: /^--vus "200000": must be at most 100000$/ },
    { name: 'a stage VU target beyond the maximum', fn: () => parseStage('--stage', '10s:200000'), wanted: /^--stage "200000": must be at most 100000/ },
  ])('$name', ({ fn, wanted }) => {
    expect(configError(fn).issues[0]).toMatch(wanted);
  });

  it.each([
    { name: 'the longest duration', fn: () => parseDuration('--duration', '596h31m23s'), wanted: 2_147_483_000 },
    { name: 'the highest rate', fn: () => parseRate('--rate', '100000/s'), wanted: 100_000 },
    { name: 'the most VUs in a stage', fn: () => parseStage('--stage', '1s:100000').target, wanted: 100_000 },
  ])('$name is accepted', ({ fn, wanted }) => {
    expect(fn()).toBe(wanted);
  });
});
