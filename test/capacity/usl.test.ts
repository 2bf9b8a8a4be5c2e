import { describe, expect, it } from 'vitest';
import { fitUsl, rSquared, uslPeakConcurrency, uslPeakThroughput, uslThroughput, type UslPoint } from '../../src/capacity/usl.js';

const points = (pairs: number[][]): UslPoint[] => pairs.map(([concurrency, throughput]) => ({ concurrency, throughput }));

describe('USL against published values', () => {
  it('the usl R package test data (tests/coef.R): σ = 0.02, κ = 0.02, λ = 1', () => {
    const fit = fitUsl(points([[1, 1], [2, 1.8868], [4, 3.0769], [6, 3.5294], [8, 3.5398], [10, 3.3557]]));
    expect(fit.sigma).toBeCloseTo(0.02, 4);
    expect(fit.kappa).toBeCloseTo(0.02, 4);
    expect(fit.lambda).toBeCloseTo(1, 4);
    expect(fit.rSquared).toBeGreaterThan(0.99999);
  });

  it('SPEC SDM91 (Gunther, Guerrilla Capacity Planning; usl R package): σ ≈ 0.0277, κ ≈ 0.000104, peak at 97', () => {
    const fit = fitUsl(points([[1, 64.9], [18, 995.9], [36, 1652.4], [72, 1853.2], [108, 1828.9], [144, 1775.0], [216, 1702.2]]));
    expect(fit.sigma).toBeCloseTo(0.0277, 4);
    expect(fit.kappa).toBeCloseTo(0.000104, 6);
    expect(fit.lambda).toBeCloseTo(90.0, 1);
    expect(Math.round(uslPeakConcurrency(fit)!)).toBe(97);
    expect(fit.rSquared).toBeGreaterThan(0.98);
    expect(fit.relativeErrors).toHaveLength(7);
  });

  it('peak concurrency √((1 − σ)/κ): the usl package gives 320 for σ = 0.001, κ = 0.00001 (2 digits)', () => {
    const peak = uslPeakConcurrency({ lambda: 1, sigma: 0.001, kappa: 0.00001 })!;
    expect(Number(peak.toPrecision(2))).toBe(320);
  });
});

describe('USL functions', () => {
  const c = { lambda: 50, sigma: 0.05, kappa: 0.001 };

  it('X(1) = λ', () => {
    expect(uslThroughput(c, 1)).toBe(50);
  });

  it('the peak throughput is X at the peak concurrency, the highest on the curve', () => {
    const n = uslPeakConcurrency(c)!;
    const peak = uslPeakThroughput(c)!;
    expect(peak).toBeCloseTo(uslThroughput(c, n), 9);
    for (const m of [1, n / 2, n * 0.99, n * 1.01, n * 2]) expect(uslThroughput(c, m)).toBeLessThanOrEqual(peak + 1e-9);
  });

  it('without coherency there is no peak: throughput approaches λ/σ', () => {
    expect(uslPeakConcurrency({ lambda: 50, sigma: 0.25, kappa: 0 })).toBeNull();
    expect(uslPeakThroughput({ lambda: 50, sigma: 0.25, kappa: 0 })).toBe(200);
    expect(uslPeakThroughput({ lambda: 50, sigma: 0, kappa: 0 })).toBeNull();
  });

  it('recovers the coefficients it generated the data from', () => {
    const truth = { lambda: 120, sigma: 0.08, kappa: 0.0005 };
    const fit = fitUsl([1, 2, 4, 8, 16, 32, 64].map((n) => ({ concurrency: n, throughput: uslThroughput(truth, n) })));
    expect(fit.lambda).toBeCloseTo(120, 2);
    expect(fit.sigma).toBeCloseTo(0.08, 4);
    expect(fit.kappa).toBeCloseTo(0.0005, 6);
  });

  it('refuses fewer than 3 distinct concurrencies', () => {
    expect(() => fitUsl(points([[1, 10], [1, 11], [2, 20]]))).toThrow(/at least 3 points/);
  });

  it.each([
    { name: 'a perfect fit', measured: [1, 2, 3], fitted: [1, 2, 3], wanted: 1 },
    { name: 'the mean', measured: [1, 2, 3], fitted: [2, 2, 2], wanted: 0 },
    { name: 'worse than the mean', measured: [1, 2, 3], fitted: [3, 2, 1], wanted: -3 },
  ])('R²: $name', ({ measured, fitted, wanted }) => {
    expect(rSquared(measured, fitted)).toBeCloseTo(wanted, 12);
  });
});
