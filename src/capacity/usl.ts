/**
 * The Universal Scalability Law (Gunther): throughput at concurrency N,
 *
 *   X(N) = λN / (1 + σ(N − 1) + κN(N − 1))
 *
 * λ is the throughput of one request in flight, σ the contention (the serial share), κ the coherency
 * cost (crosstalk). Fitted by non-linear least squares with ml-levenberg-marquardt; the fit's R² is
 * part of the result so that a poor fit can say so instead of predicting.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';

/** The three USL coefficients. */
export interface UslCoefficients {
  /** Throughput with one request in flight, per second. */
  lambda: number;
  /** Contention, ≥ 0. */
  sigma: number;
  /** Coherency, ≥ 0. */
  kappa: number;
}

/** A fitted USL with its quality. */
export interface UslFit extends UslCoefficients {
  /** Coefficient of determination of the throughput (1 is a perfect fit). */
  rSquared: number;
  /** Relative error of the fitted throughput at each point, in the order given. */
  relativeErrors: number[];
}

/** X(N) for the given coefficients. */
export function uslThroughput({ lambda, sigma, kappa }: UslCoefficients, n: number): number {
  return (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

/**
 * The concurrency at which throughput peaks, √((1 − σ)/κ); null when κ is 0 (throughput then only
 * approaches λ/σ) or σ ≥ 1.
 */
export function uslPeakConcurrency({ sigma, kappa }: UslCoefficients): number | null {
  if (!(kappa > 0) || sigma >= 1) return null;
  return Math.sqrt((1 - sigma) / kappa);
}

/** Throughput at the peak, or the asymptote λ/σ when there is no peak (null when both are unbounded). */
export function uslPeakThroughput(c: UslCoefficients): number | null {
  const peak = uslPeakConcurrency(c);
  if (peak !== null) return uslThroughput(c, peak);
  return c.sigma > 0 ? c.lambda / c.sigma : null;
}

/** One measured point: mean concurrency and throughput. */
export interface UslPoint {
  concurrency: number;
  throughput: number;
}

/**
 * Fits the USL to the points (at least 3 with distinct concurrency, all positive). Throws on fewer:
 * the caller decides what "not enough data" says.
 */
export function fitUsl(points: readonly UslPoint[]): UslFit {
  const usable = points.filter((p) => p.concurrency > 0 && p.throughput > 0);
  if (new Set(usable.map((p) => p.concurrency)).size < 3) throw new Error('USL fit: need at least 3 points of distinct concurrency');
  const x = usable.map((p) => p.concurrency);
  const y = usable.map((p) => p.throughput);
  // λ starts from the best throughput per request in flight; σ and κ from small values.
  const lambda0 = Math.max(...usable.map((p) => p.throughput / Math.max(1, p.concurrency)));
  const model = ([lambda, sigma, kappa]: number[]) => (n: number) => uslThroughput({ lambda, sigma, kappa }, n);
  const result = levenbergMarquardt({ x, y }, model, {
    initialValues: [lambda0, 0.01, 0.0001],
    minValues: [0, 0, 0],
    maxValues: [lambda0 * 100, 10, 10],
    maxIterations: 1000,
    errorTolerance: 1e-12,
    damping: 1e-3,
    gradientDifference: [lambda0 * 1e-6, 1e-7, 1e-9],
    centralDifference: true,
  });
  const [lambda, sigma, kappa] = result.parameterValues;
  const fitted = x.map((n) => uslThroughput({ lambda, sigma, kappa }, n));
  return { lambda, sigma, kappa, rSquared: rSquared(y, fitted), relativeErrors: y.map((v, i) => (fitted[i] - v) / v) };
}

/** 1 − SS_res / SS_tot. */
export function rSquared(measured: readonly number[], fitted: readonly number[]): number {
  const mean = measured.reduce((a, b) => a + b, 0) / measured.length;
  const total = measured.reduce((a, v) => a + (v - mean) ** 2, 0);
  const residual = measured.reduce((a, v, i) => a + (v - fitted[i]) ** 2, 0);
  return total > 0 ? 1 - residual / total : residual === 0 ? 1 : 0;
}
