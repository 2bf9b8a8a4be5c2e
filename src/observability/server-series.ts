/**
 * Turns successive scrapes of a target's metrics into the report's server series: a counter's rate,
 * a gauge's value, a histogram's mean over each interval. Pure: scrape times are given (monotonic ms).
 */
import type { ServerPoint, ServerSeries } from '../report/server-metrics.js';
import { familyType, type ExpositionSample, type MetricType, type ParsedExposition } from './exposition.js';
import { labelsMatch, type SeriesSpec } from './series-spec.js';

/** Points kept per series in the report (the timeline's own cap). */
export const MAX_SERIES_POINTS = 600;

/** One family's reading at one scrape: a summed value, or a histogram's summed sum and count. */
interface Reading {
  at: number;
  value: number;
  count: number;
}

interface Tracked {
  spec: SeriesSpec;
  family: string;
  kind: ServerSeries['kind'];
  last: Reading | null;
  /** Points with `t` still in monotonic ms. */
  points: ServerPoint[];
}

export class ServerSeriesTracker {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly specs: readonly SeriesSpec[]) {}

  /** Add one successful scrape taken at `atMs` (monotonic). */
  add(atMs: number, exposition: ParsedExposition): void {
    const families = groupByFamily(exposition);
    this.specs.forEach((spec, index) => {
      for (const [family, { type, samples }] of families) {
        if (!spec.regex.test(family) && !(type === 'counter' && spec.regex.test(`${family}_total`))) continue;
        const key = `${index}\u0000${family}`;
        let tracked = this.tracked.get(key);
        if (!tracked) this.tracked.set(key, (tracked = { spec, family, kind: kindOf(type), last: null, points: [] }));
        const reading = readFamily(tracked, samples, atMs);
        if (reading) this.record(tracked, reading);
      }
    });
  }

  /** The series, with times in seconds since `runStartMs`; points from before the run are dropped. */
  series(runStartMs: number): ServerSeries[] {
    const out: ServerSeries[] = [];
    this.specs.forEach((spec, index) => {
      const mine = [...this.tracked.entries()].filter(([key]) => key.startsWith(`${index}\u0000`)).map(([, t]) => t);
      if (mine.length === 0 && !spec.wildcard) mine.push({ spec, family: spec.pattern, kind: spec.pattern.endsWith('_total') ? 'rate' : 'value', last: null, points: [] });
      for (const t of mine.sort((a, b) => a.family.localeCompare(b.family))) {
        const points = t.points
          .map((p) => ({ t: Math.round(p.t - runStartMs) / 1000, v: p.v }))
          .filter((p) => p.t >= 0);
        out.push({ metric: t.family, matchers: { ...spec.matchers }, kind: t.kind, unit: unitOf(t.family, t.kind), label: labelOf(t.family, t.kind, spec.matchers), points: downsample(points, MAX_SERIES_POINTS) });
      }
    });
    return out;
  }

  private record(t: Tracked, reading: Reading): void {
    const previous = t.last;
    t.last = reading;
    const scale = scaleOf(t.family, t.kind);
    if (t.kind === 'value') return this.push(t, { t: reading.at, v: round(reading.value * scale) });
    // A counter that went down was reset (the target restarted): no point for that interval.
    if (!previous || reading.value < previous.value || reading.count < previous.count || reading.at <= previous.at) return;
    const mid = (previous.at + reading.at) / 2;
    if (t.kind === 'rate') return this.push(t, { t: mid, v: round(((reading.value - previous.value) * 1000 * scale) / (reading.at - previous.at)) });
    const n = reading.count - previous.count;
    this.push(t, { t: mid, v: n > 0 ? round(((reading.value - previous.value) / n) * scale) : null });
  }

  private push(t: Tracked, point: ServerPoint): void {
    t.points.push(point);
    // Memory stays bounded on a long soak: halve well before the report's cap.
    if (t.points.length > 4 * MAX_SERIES_POINTS) t.points = halve(t.points);
  }
}

function groupByFamily(exposition: ParsedExposition): Map<string, { type: MetricType; samples: ExpositionSample[] }> {
  const families = new Map<string, { type: MetricType; samples: ExpositionSample[] }>();
  for (const sample of exposition.samples) {
    const { family, type } = familyType(exposition.types, sample.name);
    let entry = families.get(family);
    if (!entry) families.set(family, (entry = { type, samples: [] }));
    entry.samples.push(sample);
  }
  return families;
}

function kindOf(type: MetricType): ServerSeries['kind'] {
  if (type === 'counter') return 'rate';
  if (type === 'histogram' || type === 'summary') return 'mean';
  return 'value';
}

/** Sum the family's samples that match; null when none does (a gap, not a zero). */
function readFamily(t: Tracked, samples: ExpositionSample[], at: number): Reading | null {
  let value = 0;
  let count = 0;
  let matched = false;
  for (const s of samples) {
    if (!Number.isFinite(s.value) || !labelsMatch(s.labels, t.spec.matchers)) continue;
    if (t.kind === 'mean') {
      if (s.name === `${t.family}_sum`) value += s.value;
      else if (s.name === `${t.family}_count`) count += s.value;
      else continue;
    } else if (t.kind === 'rate' ? s.name === t.family || s.name === `${t.family}_total` : s.name === t.family) value += s.value;
    else continue;
    matched = true;
  }
  return matched ? { at, value, count } : null;
}

function isCpu(family: string): boolean {
  return /cpu_seconds(_total)?$/.test(family);
}

function unitOf(family: string, kind: ServerSeries['kind']): ServerSeries['unit'] {
  if (kind === 'rate') return isCpu(family) ? '%' : '/s';
  if (family.endsWith('_seconds')) return 'ms';
  return kind === 'value' && family.endsWith('_bytes') ? 'bytes' : '';
}

function scaleOf(family: string, kind: ServerSeries['kind']): number {
  if (kind === 'rate') return isCpu(family) ? 100 : 1;
  return family.endsWith('_seconds') ? 1000 : 1;
}

function labelOf(family: string, kind: ServerSeries['kind'], matchers: Record<string, string>): string {
  const selector = Object.keys(matchers).length ? `{${Object.entries(matchers).map(([k, v]) => `${k}="${v}"`).join(',')}}` : '';
  if (!selector && kind === 'rate' && isCpu(family)) return 'CPU';
  if (!selector && family === 'process_resident_memory_bytes') return 'resident memory';
  return `${family}${selector}${kind === 'value' ? '' : ` ${kind}`}`;
}

/** Neighbouring points averaged pairwise (null values ignored) until at most `max` remain. */
export function downsample(points: ServerPoint[], max: number): ServerPoint[] {
  let out = points;
  while (out.length > max) out = halve(out);
  return out;
}

function halve(points: ServerPoint[]): ServerPoint[] {
  const out: ServerPoint[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const a = points[i];
    const b = points[i + 1];
    if (!b) {
      out.push(a);
      continue;
    }
    const values = [a.v, b.v].filter((v): v is number => v !== null);
    out.push({ t: (a.t + b.t) / 2, v: values.length ? round(values.reduce((x, y) => x + y, 0) / values.length) : null });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
