/**
 * The capacity charts: latency percentiles against the offered rate beside the queueing model's curves,
 * and throughput against concurrency beside the USL curve. Inline SVG, presentation attributes only.
 */
import type { SlaResult } from '../../report/types.js';
import type { CapacityReport, CapacityStep } from '../../report/capacity-types.js';
import { formatAxisTick } from '../format.js';
import { escapeHtml } from './escape.js';
import { CHART_WIDTH, GRID, MUTED, el, legend, linePath, linearScale, niceTicks, noDataChart, svgOpen, xAxis, yAxis, type PlotBox, type Scale } from './svg.js';

const LEFT = 72;
const RIGHT = CHART_WIDTH - 24;
const COLORS = { p50: '#1f77b4', p95: '#e69f00', p99: '#c0392b', mean: '#7f7f7f', usl: '#2ca02c', limit: '#2e7d32', knee: '#8e44ad', sla: '#c0392b' };
const PERCENTILES = ['p50', 'p95', 'p99'] as const;
/** Latencies above this many times the highest passing p99 (or SLA target) are drawn at the top edge. */
const HEADROOM = 2;

function judged(steps: readonly CapacityStep[]): CapacityStep[] {
  return steps.filter((s) => s.verdict !== 'generator').sort((a, b) => a.offeredRate - b.offeredRate);
}

function ticksOf(values: number[]): Array<{ value: number; label: string }> {
  return values.map((value) => ({ value, label: formatAxisTick(value) }));
}

/** A vertical marker line with a label near its top (`row` moves the label down a line, so two never overlap). */
function marker(x: number, box: PlotBox, color: string, label: string, dash?: string, row = 0): string {
  return el('line', { x1: x, x2: x, y1: box.top, y2: box.bottom, stroke: color, 'stroke-width': 1.5, 'stroke-dasharray': dash })
    + el('text', { x: x + 4, y: box.top + 12 + row * 14, 'font-size': 11, fill: color }, escapeHtml(label));
}

function dots(points: Array<[number, number]>, color: string, hollow = false): string {
  return points.map(([cx, cy]) => el('circle', { cx, cy, r: 3.5, fill: hollow ? '#ffffff' : color, stroke: color, 'stroke-width': 1.5 })).join('');
}

/** Latency SLA targets drawn as horizontal lines (run-wide SLAs in ms). */
function slaLines(slas: readonly SlaResult[], box: PlotBox, y: Scale, top: number): string {
  return slas
    .filter((s) => s.unit === 'ms' && s.scope === null && s.target <= top)
    .map((s) => el('line', { x1: box.left, x2: box.right, y1: y(s.target), y2: y(s.target), stroke: COLORS.sla, 'stroke-width': 1, 'stroke-dasharray': '2 3' })
      + el('text', { x: box.right - 4, y: y(s.target) - 4, 'font-size': 11, 'text-anchor': 'end', fill: COLORS.sla }, escapeHtml(`SLA ${s.expression}`)))
    .join('');
}

/** Latency percentiles per step against the offered rate, with the M/M/c curves when the model fits. */
export function latencyVsRateChart(capacity: CapacityReport, slas: readonly SlaResult[]): string {
  const title = 'Latency vs offered rate';
  const steps = judged(capacity.steps).filter((s) => s.latency.p50 !== null);
  if (steps.length === 0) return noDataChart('chart-capacity-latency', title, 'no step measured the target');
  const height = 380;
  const box: PlotBox = { left: LEFT, right: RIGHT, top: 52, bottom: 320 };
  const curve = capacity.model.queue?.curve ?? [];
  const passingP99 = steps.filter((s) => s.verdict === 'pass').map((s) => s.latency.p99 ?? 0);
  const targets = slas.filter((s) => s.unit === 'ms' && s.scope === null).map((s) => s.target);
  const cap = HEADROOM * Math.max(...passingP99, ...targets, steps[0].latency.p99 ?? 1, 0.001);
  const yTicks = niceTicks(0, cap);
  const top = yTicks[yTicks.length - 1];
  const y = linearScale([0, top], [box.bottom, box.top]);
  const clip = (v: number) => y(Math.min(v, top));
  const xTicks = niceTicks(0, Math.max(...steps.map((s) => s.offeredRate), ...curve.map((c) => c.rate)));
  const x = linearScale([0, xTicks[xTicks.length - 1]], [box.left, box.right]);
  const measured = PERCENTILES.map((key) => {
    const points = steps.filter((s) => s.latency[key] !== null).map((s): [number, number] => [x(s.offeredRate), clip(s.latency[key]!)]);
    return `<g aria-label="measured ${key}">${el('path', { d: linePath(points), fill: 'none', stroke: COLORS[key], 'stroke-width': 1, 'stroke-opacity': 0.5 })}${dots(points, COLORS[key])}</g>`;
  });
  const model = (['p95Ms', 'p99Ms', 'meanMs'] as const).map((key) => {
    const color = key === 'meanMs' ? COLORS.mean : COLORS[key === 'p95Ms' ? 'p95' : 'p99'];
    const points = curve.filter((c) => c[key] <= top).map((c): [number, number] => [x(c.rate), y(c[key])]);
    return points.length ? el('path', { d: linePath(points), fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': '6 4', 'aria-label': `model ${key}` }) : '';
  });
  const clipped = steps.filter((s) => (s.latency.p99 ?? 0) > top).map((s) => el('text', { x: x(s.offeredRate), y: box.top - 4, 'font-size': 10, 'text-anchor': 'middle', fill: COLORS.p99 }, escapeHtml(`↑${formatAxisTick(s.latency.p99!)}`)));
  const o = capacity.outcome;
  const limit = o.maxSustainableRate !== null ? marker(x(o.maxSustainableRate), box, COLORS.limit, `max ${formatAxisTick(o.maxSustainableRate)}/s`) : '';
  const knee = capacity.knee.rate !== null ? marker(x(capacity.knee.rate), box, COLORS.knee, `knee ${formatAxisTick(capacity.knee.rate)}/s`, '3 3', 1) : '';
  const items = [
    ...PERCENTILES.map((k) => ({ label: k, color: COLORS[k], width: 3 })),
    ...(curve.length ? [{ label: 'model (dashed)', color: COLORS.mean, dash: '6 4', width: 2 }] : []),
  ];
  return svgOpen('chart-capacity-latency', height, title)
    + legend(RIGHT, 24, items)
    + yAxis(box, yTicks, y, 'latency (ms)')
    + slaLines(slas, box, y, top)
    + limit + knee
    + model.join('') + measured.join('') + clipped.join('')
    + xAxis(box, ticksOf(xTicks), x, 'offered rate (per second)')
    + '</svg>';
}

/** Throughput per step against mean concurrency, with the USL curve when it fits. */
export function throughputVsConcurrencyChart(capacity: CapacityReport): string {
  const title = 'Throughput vs requests in flight';
  const steps = judged(capacity.steps).filter((s) => s.concurrency > 0);
  if (steps.length === 0) return noDataChart('chart-capacity-usl', title, 'no step measured the target');
  const height = 360;
  const box: PlotBox = { left: LEFT, right: RIGHT, top: 52, bottom: 300 };
  const curve = capacity.model.usl?.curve ?? [];
  const xTicks = niceTicks(0, Math.max(...steps.map((s) => s.concurrency), ...curve.map((c) => c.concurrency)));
  const x = linearScale([0, xTicks[xTicks.length - 1]], [box.left, box.right]);
  const yTicks = niceTicks(0, Math.max(...steps.map((s) => s.throughput), ...curve.map((c) => c.throughput), 1));
  const y = linearScale([0, yTicks[yTicks.length - 1]], [box.bottom, box.top]);
  const points = steps.map((s): [number, number] => [x(s.concurrency), y(s.throughput)]);
  const labels = steps.map((s) => el('text', { x: x(s.concurrency) + 6, y: y(s.throughput) + 14, 'font-size': 10, fill: MUTED }, escapeHtml(`${formatAxisTick(s.offeredRate)}/s`)));
  const usl = curve.length
    ? el('path', { d: linePath(curve.map((c): [number, number] => [x(c.concurrency), y(c.throughput)])), fill: 'none', stroke: COLORS.usl, 'stroke-width': 2, 'stroke-dasharray': '6 4', 'aria-label': 'USL fit' })
    : '';
  const peak = capacity.model.usl?.fits && capacity.model.usl.peakConcurrency !== null && capacity.model.usl.peakConcurrency <= xTicks[xTicks.length - 1]
    ? marker(x(capacity.model.usl.peakConcurrency), box, COLORS.usl, `USL peak N ${formatAxisTick(capacity.model.usl.peakConcurrency)}`, '3 3')
    : '';
  const items = [{ label: 'steps (by offered rate)', color: COLORS.p50, width: 3 }, ...(curve.length ? [{ label: 'USL fit', color: COLORS.usl, dash: '6 4', width: 2 }] : [])];
  return svgOpen('chart-capacity-usl', height, title)
    + legend(RIGHT, 24, items)
    + yAxis(box, yTicks, y, 'completed requests/s')
    + el('line', { x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom, stroke: GRID, 'stroke-width': 1 })
    + peak + usl + `<g aria-label="measured">${dots(points, COLORS.p50)}${labels.join('')}</g>`
    + xAxis(box, ticksOf(xTicks), x, 'mean requests in flight (N)')
    + '</svg>';
}
