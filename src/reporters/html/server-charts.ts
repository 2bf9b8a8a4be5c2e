/**
 * The target's own metrics (`--server-metrics`) under the latency chart, on the same time axis:
 * one small panel per series, failed scrapes marked along the bottom.
 */
import type { Report, TimelinePoint } from '../../report/types.js';
import { formatCount } from '../format.js';
import { escapeHtml } from './escape.js';
import { CHART_WIDTH, MUTED, el, legend, linePath, linearScale, niceTicks, svgOpen, xAxis, yAxis, type PlotBox } from './svg.js';
import { PLOT_LEFT, PLOT_RIGHT, timeAxis } from './timeline-charts.js';

const PANEL_HEIGHT = 84;
const PANEL_GAP = 30;
/** Panels drawn; further series stay in the JSON. */
const MAX_PANELS = 6;
type ServerMetrics = NonNullable<Report['serverMetrics']>;
type ServerSeries = ServerMetrics['series'][number];

const LINE = '#6a3d9a';
const FAILED = '#d62728';

/** Values as drawn: memory in MB rather than bytes. */
function displayed(series: ServerSeries): { unit: string; scale: number } {
  if (series.unit === 'bytes') return { unit: 'MB', scale: 1 / 1e6 };
  return { unit: series.unit, scale: 1 };
}

function panel(series: ServerSeries, box: PlotBox, x: (t: number) => number): string {
  const { unit, scale } = displayed(series);
  const title = el('text', { x: box.left, y: box.top - 8, 'font-size': 12, 'font-weight': 'bold' }, escapeHtml(`${series.label}${unit ? ` (${unit})` : ''}`));
  const values = series.points.map((p) => (p.v === null ? null : p.v * scale));
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) {
    const why = series.points.length === 0 ? 'no data: the target never had this metric' : 'no data in any interval';
    return title + el('text', { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2, 'font-size': 13, 'text-anchor': 'middle', fill: MUTED }, escapeHtml(why));
  }
  const ticks = niceTicks(0, Math.max(...present, 1e-9), 2);
  const y = linearScale([0, ticks[ticks.length - 1]], [box.bottom, box.top]);
  const points = series.points.map((p, i): [number, number] | null => (values[i] === null ? null : [x(p.t), y(values[i] as number)]));
  const path = el('path', { d: linePath(points), fill: 'none', stroke: LINE, 'stroke-width': 2, 'stroke-linejoin': 'round' });
  const dots = present.length <= 40 ? points.filter((p): p is [number, number] => p !== null).map(([cx, cy]) => el('circle', { cx, cy, r: 2.5, fill: LINE })).join('') : '';
  return title + yAxis(box, ticks, y, '') + `<g aria-label="${escapeHtml(series.label)}">${path}${dots}</g>`;
}

/** The chart, or an empty string when the run had no `--server-metrics`. */
export function serverMetricsChart(server: ServerMetrics | undefined, timeline: TimelinePoint[]): string {
  if (!server) return '';
  const shown = server.series.slice(0, MAX_PANELS);
  const top = 70;
  const height = top + Math.max(1, shown.length) * (PANEL_HEIGHT + PANEL_GAP) + 30;
  const axisSource = timeline.length ? timeline : [{ t: 0, span: Math.max(1, ...server.series.flatMap((s) => s.points.map((p) => p.t))) }];
  const { scale: x, ticks } = timeAxis(axisSource);
  const boxes = shown.map((_, i): PlotBox => ({ left: PLOT_LEFT, right: PLOT_RIGHT, top: top + i * (PANEL_HEIGHT + PANEL_GAP), bottom: top + i * (PANEL_HEIGHT + PANEL_GAP) + PANEL_HEIGHT }));
  const last = boxes.at(-1) ?? { left: PLOT_LEFT, right: PLOT_RIGHT, top, bottom: top + PANEL_HEIGHT };
  const { succeeded, failed } = server.scrapes;
  const caption = `${server.url} every ${server.intervalMs / 1000} s: ${formatCount(succeeded)} scrapes ok, ${formatCount(failed)} failed`;
  const marks = server.failures.map((f) => el('line', { x1: x(f.t), x2: x(f.t), y1: top - 4, y2: last.bottom, stroke: FAILED, 'stroke-width': 1, 'stroke-dasharray': '3,3' }));
  const more = server.series.length > shown.length
    ? el('text', { x: PLOT_RIGHT, y: height - 6, 'font-size': 11, 'text-anchor': 'end', fill: MUTED }, escapeHtml(`${server.series.length - shown.length} more series in the JSON report`))
    : '';
  return svgOpen('chart-server-metrics', height, 'Target server metrics over time')
    + el('text', { x: 16, y: 44, 'font-size': 12, fill: MUTED }, escapeHtml(caption))
    + (failed > 0 ? legend(CHART_WIDTH - 24, 24, [{ label: 'failed scrape', color: FAILED, width: 1, dash: '3,3' }]) : '')
    + `<g aria-label="failed scrapes">${marks.join('')}</g>`
    + shown.map((s, i) => panel(s, boxes[i], x)).join('')
    + xAxis(last, ticks, x, 'time since start')
    + more
    + '</svg>';
}
