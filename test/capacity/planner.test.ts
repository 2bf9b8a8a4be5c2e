import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foundCapacity, nextStep, type JudgedStep, type NextMove, type PlannerOptions, type StepVerdict } from '../../src/capacity/planner.js';

const options: PlannerOptions = { start: 50, growth: { kind: 'factor', by: 2 }, max: null, precision: 0.05, maxSteps: 50 };
const steps = (...pairs: Array<[number, StepVerdict]>): JudgedStep[] => pairs.map(([rate, verdict]) => ({ rate, verdict }));

describe('nextStep', () => {
  it.each<{ name: string; history: JudgedStep[]; opts?: Partial<PlannerOptions>; wanted: NextMove }>([
    { name: 'nothing run yet: the start rate', history: [], wanted: { kind: 'run', rate: 50, phase: 'climb' } },
    { name: 'a start above --max is clipped', history: [], opts: { max: 30 }, wanted: { kind: 'run', rate: 30, phase: 'climb' } },
    { name: 'a pass climbs by the factor', history: steps([50, 'pass']), wanted: { kind: 'run', rate: 100, phase: 'climb' } },
    { name: 'a pass climbs by the step', history: steps([50, 'pass']), opts: { growth: { kind: 'step', by: 25 } }, wanted: { kind: 'run', rate: 75, phase: 'climb' } },
    { name: 'the climb stops at --max', history: steps([50, 'pass'], [100, 'pass']), opts: { max: 150 }, wanted: { kind: 'run', rate: 150, phase: 'climb' } },
    {
      name: 'every step passed up to --max',
      history: steps([50, 'pass'], [100, 'pass'], [150, 'pass']),
      opts: { max: 150 },
      wanted: { kind: 'stop', reason: 'max', highestPassing: 150, lowestFailing: null },
    },
    { name: 'a failure bisects', history: steps([50, 'pass'], [100, 'pass'], [200, 'fail']), wanted: { kind: 'run', rate: 150, phase: 'bisect' } },
    {
      name: 'bisection narrows from below',
      history: steps([50, 'pass'], [100, 'pass'], [200, 'fail'], [150, 'pass']),
      wanted: { kind: 'run', rate: 175, phase: 'bisect' },
    },
    {
      name: 'bisection narrows from above',
      history: steps([50, 'pass'], [100, 'pass'], [200, 'fail'], [150, 'fail']),
      wanted: { kind: 'run', rate: 125, phase: 'bisect' },
    },
    {
      name: 'a gap within the precision ends it',
      history: steps([100, 'pass'], [200, 'fail'], [150, 'pass'], [175, 'pass'], [187.5, 'pass'], [193.75, 'fail']),
      wanted: { kind: 'stop', reason: 'bracketed', highestPassing: 187.5, lowestFailing: 193.75 },
    },
    {
      name: 'a gap of exactly the precision ends it',
      history: steps([100, 'pass'], [105, 'fail']),
      wanted: { kind: 'stop', reason: 'bracketed', highestPassing: 100, lowestFailing: 105 },
    },
    {
      name: 'the first step fails',
      history: steps([50, 'fail']),
      wanted: { kind: 'stop', reason: 'first-step', highestPassing: null, lowestFailing: 50 },
    },
    {
      name: 'the first step overloads the target',
      history: steps([50, 'overload']),
      wanted: { kind: 'stop', reason: 'first-step', highestPassing: null, lowestFailing: 50 },
    },
    {
      name: 'more than half the requests failed: stop, no bisection',
      history: steps([50, 'pass'], [100, 'overload']),
      wanted: { kind: 'stop', reason: 'failure-rate', highestPassing: 50, lowestFailing: 100 },
    },
    {
      name: 'the generator saturated once: the same rate again',
      history: steps([50, 'pass'], [100, 'pass'], [200, 'generator']),
      wanted: { kind: 'run', rate: 200, phase: 'retry' },
    },
    {
      name: 'the generator saturated twice at a rate while climbing',
      history: steps([50, 'pass'], [100, 'pass'], [200, 'generator'], [200, 'generator']),
      wanted: { kind: 'stop', reason: 'generator', highestPassing: 100, lowestFailing: null },
    },
    {
      name: 'a retry that passes climbs on',
      history: steps([50, 'pass'], [100, 'generator'], [100, 'pass']),
      wanted: { kind: 'run', rate: 200, phase: 'climb' },
    },
    {
      name: 'the generator saturated twice on the first step',
      history: steps([50, 'generator'], [50, 'generator']),
      wanted: { kind: 'stop', reason: 'generator', highestPassing: null, lowestFailing: null },
    },
    {
      name: 'the generator saturated twice while bisecting',
      history: steps([100, 'pass'], [200, 'fail'], [150, 'generator'], [150, 'generator']),
      wanted: { kind: 'stop', reason: 'generator', highestPassing: 100, lowestFailing: 200 },
    },
    {
      name: 'saturations at different rates are not one limit',
      history: steps([100, 'pass'], [200, 'generator'], [200, 'pass'], [400, 'generator']),
      wanted: { kind: 'run', rate: 400, phase: 'retry' },
    },
    {
      name: 'a noisy pass above a failure does not count',
      history: steps([100, 'pass'], [200, 'fail'], [150, 'fail'], [300, 'pass']),
      wanted: { kind: 'run', rate: 125, phase: 'bisect' },
    },
    {
      name: 'the step budget runs out',
      history: steps([50, 'pass'], [100, 'pass']),
      opts: { maxSteps: 2 },
      wanted: { kind: 'stop', reason: 'step-limit', highestPassing: 100, lowestFailing: null },
    },
    {
      name: 'rates are kept to a thousandth',
      history: steps([1, 'pass'], [1.003, 'fail']),
      opts: { precision: 0.00001 },
      wanted: { kind: 'run', rate: 1.002, phase: 'bisect' },
    },
    {
      name: 'a gap the thousandths cannot split is bracketed',
      history: steps([1, 'pass'], [1.001, 'fail']),
      opts: { precision: 0.00001 },
      wanted: { kind: 'stop', reason: 'bracketed', highestPassing: 1, lowestFailing: 1.001 },
    },
  ])('$name', ({ history, opts, wanted }) => {
    expect(nextStep(history, { ...options, ...opts })).toEqual(wanted);
  });
});

describe('foundCapacity', () => {
  it.each([
    ['bracketed', 100, 105, true],
    ['max', 150, null, true],
    ['failure-rate', 50, 100, true],
    ['step-limit', 100, null, true],
    ['generator', 100, null, false], // saturated while climbing: nothing bounds the target
    ['generator', 100, 200, true], // saturated while bisecting: the bracket measured before stands
    ['first-step', null, 50, false],
    ['interrupted', 100, 200, false],
    ['bracketed', null, 50, false],
  ] as const)('%s with %s passing, %s failing: %s', (reason, passing, failing, wanted) => {
    expect(foundCapacity(reason, passing, failing)).toBe(wanted);
  });
});

/** Runs the planner against a target whose SLAs hold exactly up to `capacity`. */
function search(capacity: number, opts: PlannerOptions): { moves: number; last: NextMove } {
  const history: JudgedStep[] = [];
  for (;;) {
    const move = nextStep(history, opts);
    if (move.kind === 'stop') return { moves: history.length, last: move };
    history.push({ rate: move.rate, verdict: move.rate <= capacity ? 'pass' : 'fail' });
  }
}

describe('the search against a known capacity', () => {
  it('finds 200/s from 50/s ×2 within 5% in 9 steps', () => {
    const { moves, last } = search(200, options);
    expect(last).toMatchObject({ kind: 'stop', reason: 'bracketed', highestPassing: 200 });
    expect(moves).toBe(9); // 50 100 200 | 400 300 250 225 212.5 206.25
  });

  it('property: it always brackets the capacity within the precision', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 1.01, max: 200, noNaN: true }),
        fc.oneof(
          fc.record({ kind: fc.constant('factor' as const), by: fc.double({ min: 1.1, max: 4, noNaN: true }) }),
          fc.record({ kind: fc.constant('step' as const), by: fc.double({ min: 0.5, max: 10, noNaN: true }) }),
        ),
        fc.double({ min: 0.01, max: 0.2, noNaN: true }),
        (start, ratio, rawGrowth, precision) => {
          const capacity = start * ratio;
          // A step is a multiple of the start, so that the climb stays within a few hundred steps.
          const growth = rawGrowth.kind === 'step' ? { kind: 'step' as const, by: rawGrowth.by * start } : rawGrowth;
          const { last } = search(capacity, { start, growth, max: null, precision, maxSteps: 10_000 });
          if (last.kind !== 'stop') throw new Error('not stopped');
          expect(last.reason).toBe('bracketed');
          expect(last.highestPassing!).toBeLessThanOrEqual(capacity);
          expect(last.lowestFailing!).toBeGreaterThan(capacity);
          // Rounding rates to a thousandth can leave the gap a hair above the precision.
          const gap = last.lowestFailing! - last.highestPassing!;
          expect(gap / last.highestPassing! <= precision || gap <= 0.002).toBe(true);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
