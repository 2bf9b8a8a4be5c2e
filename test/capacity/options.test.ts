import { describe, expect, it } from 'vitest';
import { MAX_STEPS, parseSearchOptions, type RawSearchOptions } from '../../src/capacity/options.js';
import { ConfigError } from '../../src/errors.js';

function issues(raw: RawSearchOptions): string[] {
  try {
    parseSearchOptions(raw, 'constant');
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('parseSearchOptions', () => {
  it('defaults: from 10/s, ×2, 30 s steps with 5 s excluded, 5% precision', () => {
    expect(parseSearchOptions({}, 'poisson')).toEqual({
      planner: { start: 10, growth: { kind: 'factor', by: 2 }, max: null, precision: 0.05, maxSteps: MAX_STEPS },
      settings: { startRate: 10, factor: 2, holdMs: 30_000, warmupStepMs: 5_000, maxRate: null, precision: 5, arrivals: 'poisson' },
    });
  });

  it.each([
    { name: '--step', raw: { step: '25/s' }, wanted: { growth: { kind: 'step', by: 25 } } },
    { name: '--factor', raw: { factor: '1.5' }, wanted: { growth: { kind: 'factor', by: 1.5 } } },
    { name: '--start per minute', raw: { start: '600/m' }, wanted: { start: 10 } },
    { name: '--max', raw: { max: '500' }, wanted: { max: 500 } },
    { name: '--precision as a bare percent', raw: { precision: '2.5' }, wanted: { precision: 0.025 } },
  ])('$name', ({ raw, wanted }) => {
    expect(parseSearchOptions(raw, 'constant').planner).toMatchObject(wanted);
  });

  it('settings carry the step rate when climbing by a step', () => {
    const { settings } = parseSearchOptions({ step: '20', hold: '10s', warmupStep: '0s' }, 'constant');
    expect(settings).toEqual({ startRate: 10, stepRate: 20, holdMs: 10_000, warmupStepMs: 0, maxRate: null, precision: 5, arrivals: 'constant' });
  });

  it.each([
    { name: 'both growths', raw: { step: '10', factor: '2' }, wanted: /--step and --factor: choose one/ },
    { name: 'a factor of 1', raw: { factor: '1' }, wanted: /--factor "1": expected a number greater than 1/ },
    { name: 'a factor that is not a number', raw: { factor: 'double' }, wanted: /--factor "double"/ },
    { name: 'a zero step', raw: { step: '0' }, wanted: /--step "0": must be greater than zero/ },
    { name: 'a bad start', raw: { start: 'fast' }, wanted: /--start "fast": expected a number per second/ },
    { name: 'a max below the start', raw: { start: '50', max: '10' }, wanted: /--max 10: below --start \(50\/s\)/ },
    { name: 'a warm-up as long as the hold', raw: { hold: '5s', warmupStep: '5s' }, wanted: /--hold 5s with --warmup-step 5s: each step needs at least 1s/ },
    { name: 'a default warm-up longer than a short hold', raw: { hold: '3s' }, wanted: /--hold 3s with --warmup-step 5s/ },
    { name: 'a precision of 0', raw: { precision: '0%' }, wanted: /--precision "0%": expected a percentage above 0 and below 100/ },
    { name: 'a precision of 100%', raw: { precision: '100%' }, wanted: /--precision "100%"/ },
    { name: 'a bad hold', raw: { hold: 'long' }, wanted: /--hold "long": expected a duration/ },
  ])('refuses $name', ({ raw, wanted }) => {
    const found = issues(raw);
    expect(found.some((i) => wanted.test(i)), JSON.stringify(found)).toBe(true);
  });

  it('reports every problem at once', () => {
    expect(issues({ start: 'x', step: '1', factor: '2', hold: 'y', precision: '0' })).toHaveLength(4);
  });
});
