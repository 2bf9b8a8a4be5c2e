import { describe, expect, it } from 'vitest';
import {
  erlangB,
  erlangC,
  mm1MeanResponseMs,
  predict,
  predictFigure,
  rateForTarget,
  saturationRate,
  type QueueModel,
} from '../../src/capacity/queueing.js';
import { SeededRandom } from '../../src/scenario/rng.js';

const mmc = (servers: number, serviceMs: number): QueueModel => ({ servers, serviceMs, arrivalCv2: 1, serviceCv2: 1 });

describe('Erlang B and C against published values', () => {
  it.each([
    // Erlang B tables (blocking probability for N lines offered A erlangs).
    { c: 10, a: 8, wanted: 0.1217, digits: 4 },
    { c: 5, a: 2, wanted: 0.0367, digits: 4 },
    { c: 1, a: 1, wanted: 0.5, digits: 12 },
  ])('B($c, $a) = $wanted', ({ c, a, wanted, digits }) => {
    expect(erlangB(c, a)).toBeCloseTo(wanted, digits);
  });

  it.each([
    // M/M/1: the probability of waiting is the utilisation.
    { name: 'M/M/1 at ρ = 0.5', c: 1, a: 0.5, wanted: 0.5, digits: 12 },
    // M/M/2: 2ρ²/(1 + ρ) with ρ = a/2.
    { name: 'M/M/2 at a = 1', c: 2, a: 1, wanted: 1 / 3, digits: 12 },
    // M/M/3 at a = 2 (Gross & Harris; Wolfram's ErlangC[3, 2] = 4/9).
    { name: 'M/M/3 at a = 2', c: 3, a: 2, wanted: 4 / 9, digits: 12 },
    // The call-centre example of the Erlang-C formula page (Mitan): 360 calls per 30 min of 4 min,
    // 55 agents: A = 48 erlangs, probability of waiting 0.2388.
    { name: 'call centre, 55 agents, 48 erlangs', c: 55, a: 48, wanted: 0.2388, digits: 3 },
    { name: 'no load never waits', c: 4, a: 0, wanted: 0, digits: 12 },
    { name: 'overload always waits', c: 4, a: 4, wanted: 1, digits: 12 },
  ])('C: $name', ({ c, a, wanted, digits }) => {
    expect(erlangC(c, a)).toBeCloseTo(wanted, digits);
  });

  it('the call-centre example: average speed of answer 8.2 s', () => {
    // Mean wait = C/(cμ − λ) = response − service time.
    const model = mmc(55, 240_000);
    const rate = 360 / 1800;
    expect((predictFigure(model, rate, 'mean') - 240_000) / 1000).toBeCloseTo(8.2, 1);
  });
});

describe('M/M/1 and M/M/c response times', () => {
  it('M/M/1: E[T] = 1/(μ − λ), not λ/μ (that is ρ)', () => {
    expect(mm1MeanResponseMs(40, 20)).toBeCloseTo(100, 9); // μ = 50/s: 1/(50 − 40) s
    expect(mm1MeanResponseMs(50, 20)).toBeNull();
    const p = predict(mmc(1, 20), 40)!;
    expect(p.utilisation).toBeCloseTo(0.8, 12);
    expect(p.meanMs).toBeCloseTo(100, 6);
    // T is exponential of rate μ − λ: the q-quantile is −ln(1 − q)/(μ − λ).
    expect(p.p95Ms).toBeCloseTo(Math.log(20) * 100, 3);
    expect(p.p99Ms).toBeCloseTo(Math.log(100) * 100, 3);
  });

  it('no prediction at or above c/S', () => {
    expect(saturationRate(mmc(4, 20))).toBe(200);
    expect(predict(mmc(4, 20), 200)).toBeNull();
    expect(predictFigure(mmc(4, 20), 250, 95)).toBe(Number.POSITIVE_INFINITY);
  });

  it('rateForTarget inverts the prediction (M/M/1: mean 100 ms at 40/s)', () => {
    expect(rateForTarget(mmc(1, 20), 'mean', 100)).toBeCloseTo(40, 6);
    const rate = rateForTarget(mmc(4, 20), 99, 100)!;
    expect(predictFigure(mmc(4, 20), rate, 99)).toBeCloseTo(100, 3);
    expect(rateForTarget(mmc(4, 20), 95, 10)).toBeNull(); // below the service time itself
  });
});

/** FCFS c-server queue, seeded: the response time of every customer (ms). */
function simulate(c: number, rate: number, service: () => number, arrivals: () => number, n: number): number[] {
  const free = new Array<number>(c).fill(0);
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += arrivals();
    let k = 0;
    for (let j = 1; j < c; j++) if (free[j] < free[k]) k = j;
    const start = Math.max(t, free[k]);
    free[k] = start + service();
    out.push(free[k] - t);
  }
  return out.slice(n / 10); // drop the start-up
}

const percentile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(q * values.length)];
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('predictions against a seeded simulation', () => {
  const random = new SeededRandom(2024);
  const exp = (meanMs: number) => () => -Math.log(1 - random.next()) * meanMs;

  it('M/M/4 at 80% (exact): mean and p95 within 3%', () => {
    const times = simulate(4, 160, exp(20), exp(1000 / 160), 400_000);
    const p = predict(mmc(4, 20), 160)!;
    expect(Math.abs(p.meanMs - mean(times)) / mean(times)).toBeLessThan(0.03);
    expect(Math.abs(p.p95Ms - percentile(times, 0.95)) / percentile(times, 0.95)).toBeLessThan(0.03);
  });

  it('M/D/4 at 70% (Allen–Cunneen, fixed 20 ms service): mean and p95 within 10%', () => {
    const times = simulate(4, 140, () => 20, exp(1000 / 140), 400_000);
    const model: QueueModel = { servers: 4, serviceMs: 20, arrivalCv2: 1, serviceCv2: 0, serviceQuantilesMs: [20] };
    const p = predict(model, 140)!;
    expect(Math.abs(p.meanMs - mean(times)) / mean(times)).toBeLessThan(0.1);
    expect(Math.abs(p.p95Ms - percentile(times, 0.95)) / percentile(times, 0.95)).toBeLessThan(0.1);
  });

  it('D/D/4 below saturation: no wait at all', () => {
    const model: QueueModel = { servers: 4, serviceMs: 20, arrivalCv2: 0, serviceCv2: 0, serviceQuantilesMs: [20] };
    expect(predict(model, 190)).toMatchObject({ meanMs: 20 });
    expect(predict(model, 190)!.p99Ms).toBeCloseTo(20, 4);
  });
});
