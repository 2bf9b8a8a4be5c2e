/**
 * The latency distribution as an HDR percentile plot: x is the percentile on a log scale of
 * 1/(1−p), so the tail (99%, 99.9%, …) gets as much room as the body; y is latency in ms.
 * Recomputed from the report's encoded histograms, the same numbers any later tool would get.
 */
import { decodeHistogram, percentileMs } from '../../metrics/histogram.js';
import type { LatencyStats, Report } from '../../report/types.js';
import { formatDuration } from '../format.js';
import { escapeHtml } from './escape.js';
import {
  CHART_WIDTH, el, legend, linePath, linearScale, niceTicks, noDataChart, svgOpen, xAxis, yAxis,
  type LegendItem, type PlotBox,
} from './svg.js';

/** One point of a percentile curve: `nines` = log10(1/(1−p)), so 90% → 1, 99% → 2, 99.9% → 3. */
export interface PercentilePoint {
  percentile: number;
  nines: number;
  ms: number;
}

const TITLE = 'Latency distribution (HDR percentile plot)';
const STEPS_PER_NINE = 40;
const MIN_NINES = 2;
const MAX_NINES = 5;
const LEFT = 72;
const RIGHT = CHART_WIDTH - 24;
const COLOR_LATENCY = '#1f77b4';
const COLOR_SERVICE = '#2e8b57';

/** How far into the tail a histogram of `count` values can say something: about log10(count) nines. */
export function ninesFor(count: number): number {
  return Math.min(MAX_NINES, Math.max(MIN_NINES, Math.ceil(Math.log10(Math.max(count, 1)))));
}

/** The percentile curve of `stats` (µs histogram → ms), clamped to the exact min and max; empty without data. */
export function percentileCurve(stats: LatencyStats, maxNines: number): PercentilePoint[] {
  if (stats.count === 0 || stats.min === null || stats.max === null) return [];
  const histogram = decodeHistogram(stats.hdr);
  if (histogram.totalCount === 0) return [];
  const extremes = { minUs: Math.round(stats.min * 1000), maxUs: Math.round(stats.max * 1000) };
  const points: PercentilePoint[] = [];
  for (let i = 0; i <= maxNines * STEPS_PER_NINE; i++) {
    const nines = i / STEPS_PER_NINE;
    const percentile = 100 * (1 - 10 ** -nines);
    points.push({ percentile, nines, ms: percentileMs(histogram, extremes, percentile) ?? stats.min });
  }
  return points;
}

/** The axis label for a number of nines: 0 → "0%", 1 → "90%", 3 → "99.9%". */
export function ninesLabel(nines: number): string {
  return nines === 0 ? '0%' : `${(100 * (1 - 10 ** -nines)).toFixed(Math.max(0, nines - 2))}%`;
}

interface Curve extends LegendItem {
  points: PercentilePoint[];
}

function curvesOf(report: Report): Curve[] {
  const open = report.run.load.model === 'open';
  const withService = open && report.serviceTime.count > 0;
  const nines = ninesFor(Math.max(report.latency.count, withService ? report.serviceTime.count : 0));
  const curves: Curve[] = [
    { label: open ? 'latency (from scheduled start)' : 'latency', color: COLOR_LATENCY, points: percentileCurve(report.latency, nines) },
  ];
  if (withService) curves.push({ label: 'service time', color: COLOR_SERVICE, dash: '7 4', points: percentileCurve(report.serviceTime, nines) });
  return curves.filter((c) => c.points.length > 0);
}

/** The HDR percentile plot of the run's latency, with service time beside it in the open model. */
export function distributionChart(report: Report): string {
  let curves: Curve[];
  try {
    curves = curvesOf(report);
  } catch (error) {
    // A corrupt histogram must not cost the reader the rest of the report: say so in place of the chart.
    return noDataChart('chart-distribution', TITLE, `no data: histogram could not be decoded (${(error as Error).message})`);
  }
  if (curves.length === 0) return noDataChart('chart-distribution', TITLE);
  const height = 340;
  const box: PlotBox = { left: LEFT, right: RIGHT, top: 52, bottom: 286 };
  const maxNines = curves[0].points[curves[0].points.length - 1].nines;
  const x = linearScale([0, maxNines], [box.left, box.right]);
  const yTicks = niceTicks(0, Math.max(...curves.flatMap((c) => c.points.map((p) => p.ms)), 0.001));
  const y = linearScale([0, yTicks[yTicks.length - 1]], [box.bottom, box.top]);
  const xTicks = Array.from({ length: maxNines + 1 }, (_, n) => ({ value: n, label: ninesLabel(n) }));
  const lines = curves.map((c) => el('path', {
    d: linePath(c.points.map((p) => [x(p.nines), y(p.ms)])),
    fill: 'none', stroke: c.color, 'stroke-width': 2.5, 'stroke-dasharray': c.dash, 'stroke-linejoin': 'round',
  }));
  return svgOpen('chart-distribution', height, TITLE)
    + legend(RIGHT, 24, curves)
    + yAxis(box, yTicks, y, 'latency (ms)')
    + xTicks.map((t) => el('line', { x1: x(t.value), x2: x(t.value), y1: box.top, y2: box.bottom, stroke: '#eeeeee', 'stroke-width': 1 })).join('')
    + lines.join('')
    + tailMarks(report.latency, curves[0], x, y)
    + xAxis(box, xTicks, x, 'percentile (log scale of 1/(1−p))')
    + '</svg>';
}

/** Value labels for p50, p99 and max (from the report's exact stats), so the plot reads without the table. */
function tailMarks(stats: LatencyStats, curve: Curve, x: (v: number) => number, y: (v: number) => number): string {
  const lastNines = curve.points[curve.points.length - 1].nines;
  const marks = [
    { nines: Math.log10(2), name: 'p50', value: stats.p50 },
    { nines: 2, name: 'p99', value: stats.p99 },
    { nines: lastNines, name: 'max', value: stats.max },
  ];
  return marks.map(({ nines, name, value }) => {
    if (value === null) return '';
    const cx = x(nines);
    const cy = y(value);
    return el('circle', { cx, cy, r: 3.5, fill: curve.color })
      + el('text', { x: cx - 6, y: cy - 8, 'font-size': 12, 'text-anchor': 'end', fill: curve.color }, escapeHtml(`${name} ${formatDuration(value)}`));
  }).join('');
}
