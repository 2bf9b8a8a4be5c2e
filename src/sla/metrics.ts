/**
 * The SLA metric catalogue: which metric names exist, what kind each is, which units fit it and how a
 * target is converted to the kind's canonical unit.
 */
import { didYouMean } from '../did-you-mean.js';
import { parsePercentile, PERCENTILE_CALL, PERCENTILE_NAMES } from '../metrics/metric-names.js';
import type { SlaKind, SlaStat } from './types.js';

/** A value, or the problem that prevented it (phrased for a user). */
export type Checked<T> = { value: T } | { problem: string };

/** A resolved metric name. */
export interface MetricRef {
  metric: string;
  kind: SlaKind;
  percentile?: number;
  stat?: SlaStat;
}

/** Metric names as listed in error messages, in grammar order. */
export const VALID_METRICS: readonly string[] = [
  ...PERCENTILE_NAMES, PERCENTILE_CALL, 'min', 'mean', 'max',
  'service.<latency metric>', 'throughput', 'iterations', 'availability', 'error_rate', 'dropped',
  'window.p99', 'throughput_cv', 'iterations_failed', 'iteration_duration.<latency metric>',
  'group_duration.<latency metric>{group="…"}', 'checks', '<custom counter or rate>', '<latency metric>{trend="…"}',
];

const STATS: ReadonlySet<string> = new Set<SlaStat>(['min', 'mean', 'max']);

const PLAIN_METRICS: ReadonlyMap<string, SlaKind> = new Map<string, SlaKind>([
  ['throughput', 'throughput'],
  ['iterations', 'iterations'],
  ['availability', 'availability'],
  ['error_rate', 'error_rate'],
  ['dropped', 'dropped'],
  ['window.p99', 'window_p99'],
  ['throughput_cv', 'throughput_cv'],
  ['iterations_failed', 'iterations_failed'],
  ['checks', 'checks'],
]);

/** Prefixes of latency metrics over another distribution than the requests' latency. */
const PREFIXES: ReadonlyArray<[string, SlaKind]> = [
  ['service.', 'service'],
  ['iteration_duration.', 'iteration_duration'],
  ['group_duration.', 'group_duration'],
];

/** A custom metric's name (`vu.metric.counter('leads_converted')`). */
const CUSTOM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Resolves a metric name (whitespace already removed) to its canonical form and kind. */
export function resolveMetric(name: string): Checked<MetricRef> {
  const plain = PLAIN_METRICS.get(name);
  if (plain) return { value: { metric: name, kind: plain } };
  const prefix = PREFIXES.find(([p]) => name.startsWith(p));
  const latency = resolveLatencyMetric(prefix ? name.slice(prefix[0].length) : name);
  if (!latency) return customMetric(name);
  if ('problem' in latency) return latency;
  const ref = latency.value;
  return prefix ? { value: { ...ref, kind: prefix[1], metric: prefix[0] + ref.metric } } : { value: ref };
}

/**
 * Any other identifier names a custom counter or rate, recorded by the scenario at run time (an SLA on
 * one that never was fails with "no data"). A near miss of a built-in name is a typo, not a new metric.
 */
function customMetric(name: string): Checked<MetricRef> {
  if (!CUSTOM_NAME.test(name) || /^p\d/.test(name)) return { problem: unknownMetric(name) };
  const builtIn = [...PLAIN_METRICS.keys(), 'min', 'mean', 'max', 'throughput'];
  const guess = didYouMean(name, builtIn);
  if (guess) return { problem: `unknown metric "${name}"${guess}` };
  return { value: { metric: name, kind: 'custom' } };
}

function resolveLatencyMetric(name: string): Checked<MetricRef> | undefined {
  if (STATS.has(name)) return { value: { metric: name, kind: 'latency', stat: name as SlaStat } };
  const percentile = parsePercentile(name);
  if (!percentile || 'problem' in percentile) return percentile;
  return { value: { ...percentile, kind: 'latency' } };
}

function unknownMetric(name: string): string {
  const message = `unknown metric "${name}"; valid metrics: ${VALID_METRICS.join(', ')}`;
  const bare = /^(?:service\.)?p(\d+(?:\.\d+)?)$/.exec(name);
  return bare ? `${message} (for any other percentile write p(${bare[1]}))` : message;
}

interface UnitRule {
  canonical: string;
  /** Factor from each accepted unit to the canonical one. */
  factors: Readonly<Record<string, number>>;
  expected: string;
  /** Largest meaningful target (percentages). */
  max?: number;
  /** The unit to suggest when a bare number would be ambiguous (only 0 may go without one). */
  unitRequired?: string;
}

const TIME: UnitRule = {
  canonical: 'ms',
  factors: { '': 1, us: 0.001, 'µs': 0.001, ms: 1, s: 1000 },
  expected: 'us, ms or s',
  unitRequired: 'ms (or us, s)',
};
const RATE: UnitRule = {
  canonical: '/s',
  factors: { '': 1, '/s': 1, '/m': 1 / 60 },
  expected: '/s or /m (a bare number is per second)',
};
const PERCENT: UnitRule = {
  canonical: '%',
  factors: { '': 1, '%': 1 },
  expected: '%',
  unitRequired: '%',
  max: 100,
};

const UNIT_RULES: Readonly<Record<SlaKind, UnitRule>> = {
  latency: TIME,
  service: TIME,
  window_p99: TIME,
  throughput: RATE,
  iterations: RATE,
  availability: PERCENT,
  error_rate: PERCENT,
  dropped: { canonical: 'count', factors: { '': 1 }, expected: 'a bare count, like dropped == 0' },
  iterations_failed: PERCENT,
  iteration_duration: TIME,
  group_duration: TIME,
  trend: TIME,
  checks: PERCENT,
  custom: { canonical: '', factors: { '': 1, '/s': 1, '/m': 1 / 60, '%': 1 }, expected: 'a bare count (counter total), /s or /m (counter rate) or % (rate)' },
  throughput_cv: {
    canonical: '',
    factors: { '': 1, '%': 0.01 },
    expected: 'a bare fraction or %, like throughput_cv < 0.1 or < 10%',
  },
};

/** Every unit the grammar knows, whatever the metric. */
export const KNOWN_UNITS: readonly string[] = ['us', 'ms', 's', '%', '/s', '/m'];

/** Canonical unit of a metric kind (`ms`, `%`, `/s`, `count`, `''`). */
export function canonicalUnit(kind: SlaKind): string {
  return UNIT_RULES[kind].canonical;
}

/**
 * The canonical unit of a custom metric SLA, which its target's unit decides: a bare count is a
 * counter's total, /s or /m its rate, % a rate metric's percent of true.
 */
export function customUnit(unit: string): string {
  return unit === '' ? 'count' : unit === '%' ? '%' : '/s';
}

/** Converts `value unit` to the canonical unit of `ref`, checking that the unit fits and the range. */
export function convertTarget(ref: MetricRef, value: number, unit: string): Checked<number> {
  const rule = UNIT_RULES[ref.kind];
  if (unit === '' && value !== 0 && rule.unitRequired) {
    return { problem: `a bare number is ambiguous; add a unit, like ${value}${rule.unitRequired}` };
  }
  if (ref.kind === 'custom' && unit === '%' && value > 100) return { problem: `${value}% is out of range: a percentage is between 0 and 100` };
  const factor = rule.factors[unit];
  if (factor === undefined) {
    const known = unit === 'µs' || KNOWN_UNITS.includes(unit);
    const what = known ? `unit "${unit}" does not fit ${ref.metric}` : `unknown unit "${unit}"`;
    return { problem: `${what}; ${ref.metric} takes ${rule.expected}` };
  }
  if (rule.max !== undefined && value > rule.max) {
    return { problem: `${value}${unit} is out of range: a percentage is between 0 and 100` };
  }
  return { value: roundNoise(value * factor) };
}

/** Drops binary floating-point noise from unit conversions and differences (1.1 s → 1100 ms, not 1100.0000000000002). */
export function roundNoise(value: number): number {
  return Number(value.toFixed(9)) + 0; // + 0 turns -0 into 0
}
