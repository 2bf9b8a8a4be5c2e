import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/config/build-plan.js';
import type { RawRunOptions } from '../../src/config/options.js';
import { ConfigError } from '../../src/errors.js';

function issuesOf(raw: RawRunOptions): string[] {
  try {
    buildPlan({ raw: { url: 'http://127.0.0.1:1/', ...raw }, runnable: null });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('--arrivals', () => {
  it.each([
    { name: 'open model, not given: constant', raw: { rate: '10' }, wanted: 'constant' },
    { name: 'poisson', raw: { rate: '10', arrivals: 'poisson' }, wanted: 'poisson' },
    { name: 'constant, any case', raw: { rate: '10', arrivals: 'Constant' }, wanted: 'constant' },
    { name: 'with stages', raw: { stage: ['5s:10/s'], arrivals: 'poisson' }, wanted: 'poisson' },
  ])('$name', ({ raw, wanted }) => {
    const { plan } = buildPlan({ raw: { url: 'http://127.0.0.1:1/', ...raw }, runnable: null });
    expect(plan.load.arrivals).toBe(wanted);
  });

  it('the closed model has no arrival process', () => {
    const { plan } = buildPlan({ raw: { url: 'http://127.0.0.1:1/', vus: '2' }, runnable: null });
    expect(plan.load.arrivals).toBeUndefined();
  });

  it.each([
    { name: 'an unknown process', raw: { rate: '10', arrivals: 'bursty' }, wanted: /^--arrivals "bursty": expected one of constant, poisson$/ },
    { name: 'with --vus', raw: { vus: '2', arrivals: 'poisson' }, wanted: /^--arrivals: only for the open model/ },
  ])('refuses $name', ({ raw, wanted }) => {
    const issues = issuesOf(raw);
    expect(issues.some((i) => wanted.test(i)), JSON.stringify(issues)).toBe(true);
  });
});
