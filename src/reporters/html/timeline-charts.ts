/**
 * Charts over the run's timeline: throughput with errors per second, and latency percentiles.
 * Buckets are drawn over [t, t + span] so downsampled timelines keep their true time scale.
 */
import type { TimelinePoint } from '../../report/types.js';
import { formatAxisSeconds } from '../format.js';
import { escapeHtml } from './escape.js';
import {
  CHART_WIDTH, MUTED, el, legend, linePath, linearScale, niceTicks, noDataChart, svgOpen, xAxis, yAxis,
  type LegendItem, type PlotBox, type Scale,
} from './svg.js';

export const COLORS = { throughput: '#1f77b4', errors: '#d62728', p50: '#1f77b4', p90: '#e69f00', p99: '#c0392b', warmup: '#bbbbbb' };
const LEFT = 72;
const RIGHT = CHART_WIDTH - 24;
/** The plot area's edges, shared by every chart on the run's time axis. */
export const PLOT_LEFT = LEFT;
export const PLOT_RIGHT = RIGHT;
/** Time-axis steps people read easily, in seconds. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
/** Markers on each point help when there are few of them (a single bucket would be invisible). */
const MARKER_LIMIT = 40;

interface TimeAxis {
  scale: Scale;
  ticks: Array<{ value: number; label: string }>;
}

/** The x axis of the run's time, from the timeline's first bucket to the end of its last. */
export function timeAxis(timeline: Array<Pick<TimelinePoint, 't' | 'span'>>): TimeAxis {
  const start = Math.min(...timeline.map((p) => p.t));
  const end = Math.max(...timeline.map((p) => p.t + Math.max(p.span, 0)), start + 1);
  const step = TIME_STEPS.find((s) => (end - start) / s <= 10) ?? Math.ceil((end - start) / 10);
  const ticks: Array<{ value: number; label: string }> = [];
  for (let v = Math.ceil(start / step) * step; v <= end + 1e-9; v += step) ticks.push({ value: v, label: formatAxisSeconds(v) });
  return { scale: linearScale([start, end], [LEFT, RIGHT]), ticks };
}

function midpoint(p: TimelinePoint): number {
  return p.t + p.span / 2;
}

function warmupShading(timeline: TimelinePoint[], x: Scale, top: number, bottom: number): string {
  const shaded = timeline.filter((p) => p.warmup).map((p) => {
    const x0 = x(p.t);
    return el('rect', { x: x0, y: top, width: Math.max(1, x(p.t + p.span) - x0), height: bottom - top, fill: COLORS.warmup, 'fill-opacity': 0.35 });
  });
  if (shaded.length === 0) return '';
  const first = timeline.find((p) => p.warmup) as TimelinePoint;
  return shaded.join('') + el('text', { x: x(first.t) + 4, y: top + 14, 'font-size': 11, fill: MUTED }, 'warm-up');
}

function markers(points: Array<[number, number] | null>, color: string): string {
  const present = points.filter((p): p is [number, number] => p !== null);
  if (present.length > MARKER_LIMIT) return '';
  return present.map(([cx, cy]) => el('circle', { cx, cy, r: 3, fill: color })).join('');
}

function series(points: Array<[number, number] | null>, color: string, label: string): string {
  const path = el('path', { d: linePath(points), fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-linejoin': 'round' });
  return `<g aria-label="${escapeHtml(label)}">${path}${markers(points, color)}</g>`;
}

function withWarmupLegend(items: LegendItem[], timeline: TimelinePoint[]): LegendItem[] {
  return timeline.some((p) => p.warmup) ? [...items, { label: 'warm-up', color: COLORS.warmup, width: 10 }] : items;
}

/** Completed requests per second (line over a light area) above a strip of error bars per second. */
export function throughputChart(timeline: TimelinePoint[]): string {
  const title = 'Throughput and errors over time';
  if (timeline.length === 0) return noDataChart('chart-throughput', title);
  const height = 340;
  const top: PlotBox = { left: LEFT, right: RIGHT, top: 52, bottom: 196 };
  const low: PlotBox = { left: LEFT, right: RIGHT, top: 216, bottom: 286 };
  const { scale: x, ticks } = timeAxis(timeline);
  const tpTicks = niceTicks(0, Math.max(...timeline.map((p) => p.throughput), 1));
  const yTp = linearScale([0, tpTicks[tpTicks.length - 1]], [top.bottom, top.top]);
  const errorRates = timeline.map((p) => (p.span > 0 ? p.errors / p.span : p.errors));
  const errTicks = niceTicks(0, Math.max(...errorRates, 1), 2);
  const yErr = linearScale([0, errTicks[errTicks.length - 1]], [low.bottom, low.top]);
  const line = timeline.map((p): [number, number] => [x(midpoint(p)), yTp(p.throughput)]);
  const area = `${linePath(line)}L${line[line.length - 1][0]},${top.bottom}L${line[0][0]},${top.bottom}Z`;
  const bars = timeline.map((p, i) => {
    if (errorRates[i] <= 0) return '';
    const x0 = x(p.t);
    const w = Math.max(1, (x(p.t + p.span) - x0) * 0.8);
    const y = yErr(errorRates[i]);
    return el('rect', { x: x0 + (x(p.t + p.span) - x0 - w) / 2, y, width: w, height: Math.max(1, low.bottom - y), fill: COLORS.errors });
  });
  return svgOpen('chart-throughput', height, title)
    + legend(RIGHT, 24, withWarmupLegend([{ label: 'completed/s', color: COLORS.throughput }, { label: 'errors/s', color: COLORS.errors, width: 10 }], timeline))
    + warmupShading(timeline, x, top.top, low.bottom)
    + yAxis(top, tpTicks, yTp, 'completed requests/s')
    + yAxis(low, errTicks, yErr, 'errors/s')
    + el('path', { d: area, fill: COLORS.throughput, 'fill-opacity': 0.12, stroke: 'none' })
    + series(line, COLORS.throughput, 'completed/s')
    + el('line', { x1: LEFT, x2: RIGHT, y1: top.bottom, y2: top.bottom, stroke: MUTED, 'stroke-width': 1 })
    + `<g aria-label="errors/s">${bars.join('')}</g>`
    + xAxis(low, ticks, x, 'time since start')
    + '</svg>';
}

/** p50, p90 and p99 latency per bucket, one line each; buckets without data leave gaps. */
export function latencyTimelineChart(timeline: TimelinePoint[]): string {
  const title = 'Latency percentiles over time';
  const hasData = timeline.some((p) => p.p50 !== null || p.p90 !== null || p.p99 !== null);
  if (!hasData) return noDataChart('chart-latency-timeline', title);
  const height = 320;
  const box: PlotBox = { left: LEFT, right: RIGHT, top: 52, bottom: 266 };
  const { scale: x, ticks } = timeAxis(timeline);
  const peak = Math.max(...timeline.flatMap((p) => [p.p50, p.p90, p.p99]).filter((v): v is number => v !== null), 0.001);
  const yTicks = niceTicks(0, peak);
  const y = linearScale([0, yTicks[yTicks.length - 1]], [box.bottom, box.top]);
  const keys = ['p50', 'p90', 'p99'] as const;
  const lines = keys.map((key) => {
    const points = timeline.map((p): [number, number] | null => (p[key] === null ? null : [x(midpoint(p)), y(p[key] as number)]));
    return series(points, COLORS[key], key);
  });
  return svgOpen('chart-latency-timeline', height, title)
    + legend(RIGHT, 24, withWarmupLegend(keys.map((k) => ({ label: k, color: COLORS[k] })), timeline))
    + warmupShading(timeline, x, box.top, box.bottom)
    + yAxis(box, yTicks, y, 'latency (ms)')
    + lines.join('')
    + xAxis(box, ticks, x, 'time since start')
    + '</svg>';
}
