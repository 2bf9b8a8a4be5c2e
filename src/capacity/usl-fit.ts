/** The USL fitted to a search's steps (throughput against mean concurrency), as the report shows it. Pure. */
import type { UslReport } from '../report/capacity-types.js';
import type { StepMeasurement } from './measure-step.js';
import { fitUsl, uslPeakConcurrency, uslPeakThroughput, uslThroughput } from './usl.js';

/** Below this R² the USL is said to fit badly and predicts no peak. */
export const MIN_USL_R_SQUARED = 0.9;
/** Three coefficients need more points than that to say anything. */
const MIN_POINTS = 4;
const CURVE_POINTS = 40;

/** The USL report, or a note saying why there is none. */
export function fitUslReport(steps: readonly StepMeasurement[]): UslReport | { note: string } {
  const points = steps
    .filter((s) => s.row.verdict !== 'generator' && s.row.concurrency > 0 && s.row.throughput > 0)
    .map((s) => ({ concurrency: s.row.concurrency, throughput: s.row.throughput }));
  if (new Set(points.map((p) => p.concurrency)).size < MIN_POINTS) {
    return { note: `USL not fitted: ${points.length} usable step(s), at least ${MIN_POINTS} of distinct concurrency are needed` };
  }
  const fit = fitUsl(points);
  const fits = fit.rSquared >= MIN_USL_R_SQUARED;
  const peakConcurrency = uslPeakConcurrency(fit);
  const peakThroughput = uslPeakThroughput(fit);
  const note = !fits
    ? `fits badly (R² ${fit.rSquared.toFixed(3)} < ${MIN_USL_R_SQUARED}): throughput against concurrency is not USL-shaped here (a hard limit, like a fixed pool, bends too sharply); no peak is predicted`
    : peakConcurrency === null
      ? `R² ${fit.rSquared.toFixed(3)}; no coherency cost (κ = 0): throughput levels off towards λ/σ instead of peaking`
      : `R² ${fit.rSquared.toFixed(3)}; throughput peaks at about ${Math.round(peakConcurrency)} requests in flight`;
  const top = Math.max(...points.map((p) => p.concurrency), peakConcurrency !== null && fits ? peakConcurrency * 1.5 : 0);
  return {
    lambda: round(fit.lambda),
    sigma: round(fit.sigma, 6),
    kappa: round(fit.kappa, 9),
    rSquared: round(fit.rSquared, 4),
    peakConcurrency: fits && peakConcurrency !== null ? round(peakConcurrency) : null,
    peakThroughput: fits && peakThroughput !== null ? round(peakThroughput) : null,
    fits,
    note,
    curve: fits
      ? Array.from({ length: CURVE_POINTS }, (_, i) => {
          const n = (top * (i + 1)) / CURVE_POINTS;
          return { concurrency: round(n), throughput: round(uslThroughput(fit, n)) };
        })
      : [],
  };
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
