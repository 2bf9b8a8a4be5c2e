import { describe, expect, it } from 'vitest';
import { parseSearchOptions } from '../../src/capacity/options.js';
import { runSearch, type SearchResult } from '../../src/capacity/search.js';
import { parseSla } from '../../src/sla/parse.js';
import { reportSchemaErrors } from '../helpers/schema.js';
import { simulateStep, type SimulatedTarget } from './simulated-target.js';

const KNOWN: SimulatedTarget = { servers: 4, serviceMs: 20 }; // capacity 200/s by construction

async function search(target: SimulatedTarget, raw: Parameters<typeof parseSearchOptions>[0], arrivals: 'constant' | 'poisson', slaTexts: string[], stopAfter = Infinity): Promise<SearchResult> {
  const plan = parseSearchOptions(raw, arrivals);
  const slas = slaTexts.map(parseSla);
  let clock = 0;
  let steps = 0;
  return runSearch(
    { ...plan, slas },
    {
      runStep: async (rate, index, phase) => {
        const run = simulateStep(target, plan.settings, slas, rate, index, phase);
        clock += run.durationMs;
        steps++;
        return run;
      },
      stopped: () => steps >= stopAfter,
      now: () => clock,
    },
  );
}

const GOAL = { start: '50', factor: '2', hold: '5s', warmupStep: '1s' };

describe('capacity search against a simulated 4 × 20 ms server (200/s by construction)', () => {
  it('constant arrivals, p99 < 100ms: 200/s, bracketed within 5%, c = 4 and S = 20 ms recovered', async () => {
    const { capacity, reports } = await search(KNOWN, GOAL, 'constant', ['p99 < 100ms']);
    expect(capacity.steps.map((s) => [s.offeredRate, s.verdict])).toEqual([
      [50, 'pass'], [100, 'pass'], [200, 'pass'], [400, 'fail'], [300, 'fail'], [250, 'fail'], [225, 'fail'], [212.5, 'fail'], [206.25, 'fail'],
    ]);
    expect(capacity.outcome).toMatchObject({ reason: 'bracketed', maxSustainableRate: 200, lowestFailingRate: 206.25, bounded: true, generatorLimit: null });
    expect(capacity.perSla).toEqual([expect.objectContaining({ expression: 'p99 < 100ms', maxPassingRate: 200, lowestFailingRate: 206.25 })]);
    const queue = capacity.model.queue!;
    expect(queue).toMatchObject({ servers: 4, serversFrom: 'saturation', arrivalCv2: 0, fits: true });
    expect(queue.serviceMs).toBeCloseTo(20, 1);
    expect(queue.operatingPoint).toMatchObject({ rate: 140 });
    expect(queue.operatingPoint!.p95Ms).toBeCloseTo(20, 0);
    // Evenly spaced arrivals and a fixed service time never wait below c/S: the model's rate for
    // p99 < 100ms is c/S itself (less a hair for the bisection).
    expect(capacity.perSla[0].predictedRate!).toBeGreaterThan(199);
    expect(capacity.knee.rate!).toBeGreaterThan(200);
    expect(capacity.knee.rate!).toBeLessThan(206.25);
    expect(reports).toHaveLength(9);
    for (const step of capacity.steps.filter((s) => s.offeredRate <= 200)) expect(step.little.consistent).toBe(true);
  });

  it('Poisson arrivals: c and S recovered, predicted p95 at 0.7 × capacity within 25% of a run at that rate', async () => {
    const { capacity } = await search(KNOWN, { ...GOAL, hold: '20s', warmupStep: '2s' }, 'poisson', ['p99 < 100ms']);
    const queue = capacity.model.queue!;
    expect(Math.abs(queue.servers - 4)).toBeLessThanOrEqual(1);
    expect(Math.abs(queue.serviceMs - 20) / 20).toBeLessThan(0.15);
    expect(queue.arrivalCv2).toBe(1);
    const plan = parseSearchOptions({ ...GOAL, hold: '60s', warmupStep: '2s' }, 'poisson');
    const separate = simulateStep(KNOWN, plan.settings, [], 140, 99, 'climb', 5).report.latency.p95!;
    // The model's curve, read at 140/s (a rate the search did not run).
    const [below, above] = [queue.curve.filter((c) => c.rate <= 140).at(-1)!, queue.curve.find((c) => c.rate > 140)!];
    const predicted = below.p95Ms + ((140 - below.rate) / (above.rate - below.rate)) * (above.p95Ms - below.p95Ms);
    expect(Math.abs(predicted - separate) / separate).toBeLessThan(0.25);
    // Random arrivals queue before c/S: p99 < 100ms holds below 200/s.
    expect(capacity.outcome.maxSustainableRate!).toBeLessThan(200);
    expect(capacity.outcome.maxSustainableRate!).toBeGreaterThan(150);
  });

  it('a delay outside the servers (here 4.5 ms) inflates the low-load time but not c or S', async () => {
    const { capacity } = await search({ ...KNOWN, overheadMs: 4.5 }, GOAL, 'constant', ['p99 < 100ms']);
    expect(capacity.outcome.maxSustainableRate).toBe(200);
    const queue = capacity.model.queue!;
    expect(queue).toMatchObject({ servers: 4, serversFrom: 'saturation' });
    expect(queue.serviceMs).toBeCloseTo(20, 0);
    expect(queue.overheadMs).toBeCloseTo(4.5, 0);
    // Every predicted response time still includes the delay.
    expect(queue.operatingPoint!.meanMs).toBeCloseTo(24.5, 0);
  });

  it('the capacity block and the whole report match the schema', async () => {
    const { capacity, reports } = await search(KNOWN, GOAL, 'constant', ['p99 < 100ms', 'error_rate < 1%']);
    expect(reportSchemaErrors({ ...reports[2], capacity })).toEqual([]);
  });
});

describe('capacity search: stopping', () => {
  it('the first step fails: no rate found', async () => {
    const { capacity } = await search(KNOWN, GOAL, 'constant', ['p99 < 10ms']);
    expect(capacity.steps).toHaveLength(1);
    expect(capacity.outcome).toMatchObject({ reason: 'first-step', maxSustainableRate: null, lowestFailingRate: 50 });
  });

  it('--max reached with every step passing: a lower bound', async () => {
    const { capacity } = await search(KNOWN, { ...GOAL, max: '150' }, 'constant', ['p99 < 100ms']);
    expect(capacity.steps.map((s) => s.offeredRate)).toEqual([50, 100, 150]);
    expect(capacity.outcome).toMatchObject({ reason: 'max', maxSustainableRate: 150, bounded: false });
    expect(capacity.outcome.message).toMatch(/at least 150\/s/);
  });

  it('a generator that cannot send faster than 100/s (fake health signal): retried once, then named the limit, no CRM capacity', async () => {
    const { capacity } = await search({ ...KNOWN, generatorLimit: 100 }, GOAL, 'constant', ['p99 < 100ms']);
    // At 100/s it lags (saturated) but the step passes anyway: a lagging generator only makes numbers worse.
    expect(capacity.steps.map((s) => [s.offeredRate, s.phase, s.verdict])).toEqual([
      [50, 'climb', 'pass'], [100, 'climb', 'pass'], [200, 'climb', 'generator'], [200, 'retry', 'generator'],
    ]);
    expect(capacity.steps[1].generator.saturated).toBe(true);
    expect(capacity.outcome.reason).toBe('generator');
    expect(capacity.outcome.maxSustainableRate).toBeNull();
    expect(capacity.outcome.generatorLimit).toMatchObject({ rate: 200 });
    expect(capacity.outcome.message).toMatch(/crmload itself saturated at 200\/s.*no CRM capacity measured.*sustained 100\/s/);
    expect(capacity.outcome.generatorLimit!.advice).toMatch(/--workers/);
  });

  it('crmload lagging while bisecting loses the precision, not the bracket measured before: a capacity with a wider gap', async () => {
    const { capacity } = await search({ ...KNOWN, laggingRates: [212.5], lagMs: 200 }, GOAL, 'constant', ['p99 < 100ms']);
    expect(capacity.steps.slice(-2).map((s) => [s.offeredRate, s.phase, s.verdict])).toEqual([[212.5, 'bisect', 'generator'], [212.5, 'retry', 'generator']]);
    expect(capacity.outcome).toMatchObject({ reason: 'generator', maxSustainableRate: 200, lowestFailingRate: 225, bounded: true });
    expect(capacity.outcome.generatorLimit).toMatchObject({ rate: 212.5 });
    expect(capacity.outcome.message).toMatch(/max sustainable rate 200\/s.*failed at 225\/s.*stopped at 212.5\/s.*precision was not reached/);
  });

  it('a signal stops the search between steps: the steps so far, no capacity', async () => {
    const { capacity } = await search(KNOWN, GOAL, 'constant', ['p99 < 100ms'], 2);
    expect(capacity.steps).toHaveLength(1); // the second step was cut short: not judged
    expect(capacity.outcome).toMatchObject({ reason: 'interrupted', maxSustainableRate: null });
    expect(capacity.outcome.message).toMatch(/sustained 50\/s so far/);
  });

  it('latency SLAs only get a model prediction', async () => {
    const { capacity } = await search(KNOWN, GOAL, 'constant', ['p99 < 100ms', 'error_rate < 1%', 'max < 10s', 'p50 > 1ms']);
    expect(capacity.perSla.map((s) => s.predictionNote ?? 'predicted')).toEqual([
      'predicted',
      'the queueing model predicts latency SLAs only',
      'the queueing model predicts the mean and percentiles below 100 only',
      'only upper bounds (< or <=) have a highest rate',
    ]);
  });
});
