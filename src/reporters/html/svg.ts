/**
 * Small inline-SVG building blocks for the report's charts. Styling is done only with SVG presentation
 * attributes (fill=, stroke=, font-size=): they are not CSS, so they survive a strict
 * Content-Security-Policy such as Jenkins' `style-src 'self'`, which blocks <style> and style=.
 */
import { formatAxisTick } from '../format.js';
import { escapeHtml } from './escape.js';

/** Chart width in CSS pixels; the page is laid out around it. */
export const CHART_WIDTH = 960;
export const FONT_FAMILY = 'Helvetica, Arial, sans-serif';
export const INK = '#222222';
export const MUTED = '#555555';
export const GRID = '#e3e3e3';

/** The pixel box of one plot area inside an SVG: left, right, top, bottom. */
export interface PlotBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Maps a domain value to a pixel coordinate. */
export type Scale = (value: number) => number;

/** A series drawn as a line, with its legend entry. */
export interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  /** Sample stroke width: thick for bars and shaded areas, thin for lines. */
  width?: number;
}

type AttrValue = string | number | undefined;

/** One element with escaped attributes; `content` is trusted markup (already escaped by the caller). */
export function el(name: string, attrs: Record<string, AttrValue>, content?: string): string {
  const rendered = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(typeof v === 'number' ? round(v) : v)}"`)
    .join('');
  return content === undefined ? `<${name}${rendered}/>` : `<${name}${rendered}>${content}</${name}>`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** A linear scale from `domain` onto `range`; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** A "nice" step (1, 2 or 5 × 10^k) that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  return nice * magnitude;
}

/** Ticks from 0 (or `min`) to the first nice value at or above `max`; always at least two. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(max - min, count);
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; ticks.length < 50; v += step) {
    ticks.push(Number(v.toPrecision(12)));
    if (v >= max - step * 1e-9 && ticks.length >= 2) break;
  }
  return ticks;
}

/** The opening of a chart: root element, accessible title and the visible heading. */
export function svgOpen(id: string, height: number, title: string): string {
  const head = `<svg id="${escapeHtml(id)}" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" role="img" aria-labelledby="${escapeHtml(id)}-title" font-family="${FONT_FAMILY}" fill="${INK}">`;
  return `${head}<title id="${escapeHtml(id)}-title">${escapeHtml(title)}</title>${el('rect', { x: 0, y: 0, width: CHART_WIDTH, height, fill: '#ffffff' })}${el('text', { x: 16, y: 24, 'font-size': 16, 'font-weight': 'bold' }, escapeHtml(title))}`;
}

/** Horizontal grid lines with tick labels on the left and a rotated axis title. */
export function yAxis(box: PlotBox, ticks: number[], scale: Scale, label: string): string {
  const parts = ticks.map((t) => {
    const y = scale(t);
    return el('line', { x1: box.left, x2: box.right, y1: y, y2: y, stroke: GRID, 'stroke-width': 1 })
      + el('text', { x: box.left - 8, y: y + 4, 'font-size': 12, 'text-anchor': 'end', fill: MUTED }, escapeHtml(formatAxisTick(t)));
  });
  const midY = (box.top + box.bottom) / 2;
  const title = el('text', { x: 18, y: midY, 'font-size': 12, 'text-anchor': 'middle', fill: MUTED, transform: `rotate(-90 18 ${round(midY)})` }, escapeHtml(label));
  return parts.join('') + title;
}

/** The x axis line, tick marks with labels below, and an optional axis title. */
export function xAxis(box: PlotBox, ticks: Array<{ value: number; label: string }>, scale: Scale, label?: string): string {
  const line = el('line', { x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom, stroke: MUTED, 'stroke-width': 1 });
  const marks = ticks.map(({ value, label: text }) => {
    const x = scale(value);
    return el('line', { x1: x, x2: x, y1: box.bottom, y2: box.bottom + 5, stroke: MUTED, 'stroke-width': 1 })
      + el('text', { x, y: box.bottom + 19, 'font-size': 12, 'text-anchor': 'middle', fill: MUTED }, escapeHtml(text));
  });
  const title = label === undefined ? ''
    : el('text', { x: (box.left + box.right) / 2, y: box.bottom + 38, 'font-size': 12, 'text-anchor': 'middle', fill: MUTED }, escapeHtml(label));
  return line + marks.join('') + title;
}

/** A path through the points; `null` breaks the line (a gap in the data). */
export function linePath(points: Array<[number, number] | null>): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${round(p[0])},${round(p[1])}`;
    pen = true;
  }
  return d;
}

/** A legend in one row, right-aligned to `right`, each entry a short line sample and its label. */
export function legend(right: number, y: number, items: LegendItem[]): string {
  const widths = items.map((i) => 34 + i.label.length * 7 + 16);
  let x = right - widths.reduce((a, b) => a + b, 0);
  return items.map((item, i) => {
    const sample = el('line', { x1: x, x2: x + 24, y1: y - 4, y2: y - 4, stroke: item.color, 'stroke-width': item.width ?? 3, 'stroke-dasharray': item.dash });
    const text = el('text', { x: x + 30, y, 'font-size': 13, fill: INK }, escapeHtml(item.label));
    x += widths[i];
    return sample + text;
  }).join('');
}

/** A chart frame that says there is nothing to draw. */
export function noDataChart(id: string, title: string, message = 'no data', height = 120): string {
  const text = el('text', { x: CHART_WIDTH / 2, y: height / 2 + 16, 'font-size': 15, 'text-anchor': 'middle', fill: MUTED }, escapeHtml(message));
  return `${svgOpen(id, height, title)}${text}</svg>`;
}
