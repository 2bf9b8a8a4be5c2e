/**
 * Regression tolerances for baseline comparison: `--max-regression p95=10%,throughput=5%,error_rate=1%`.
 *
 * ```
 * SPEC   := PAIR { ',' PAIR }
 * PAIR   := METRIC '=' ['+'] NUMBER ( '%' | 'pp' )
 * METRIC := p50 | p75 | p90 | p95 | p99 | p99.9 | p(N) | mean | max    latency, relative change
 *         | throughput                                                 relative change
 *         | error_rate | availability                                 absolute, percentage points
 *         | iteration_duration                                         journey time p95, relative change
 *         | checks                                                     percent of checks passed, points
 * ```
 *
 * For latency and throughput the limit is a relative change of the baseline value (`p95=10%`: the
 * head's p95 may be up to 10% higher). For `error_rate` and `availability`, which are already
 * percentages, it is absolute percentage points (`error_rate=1%`: from 0.5% to at most 1.5%);
 * `pp` may be written for those to say so.
 */
import { ConfigError } from '../errors.js';
import { parsePercentile, PERCENTILE_CALL, PERCENTILE_NAMES } from '../metrics/metric-names.js';

/** What kind of quantity a metric is, which decides how it is read and judged. */
export type MetricKind = 'latency' | 'throughput' | 'error_rate' | 'availability' | 'journey' | 'checks';

/** One metric's allowed worsening. */
export interface Tolerance {
  /** Canonical metric name: `p95`, `p99.9`, `p(97.5)`, `mean`, `max`, `throughput`, `error_rate`, `availability`. */
  metric: string;
  kind: MetricKind;
  /** Latency percentiles only: the percentile, in (0, 100]. */
  percentile?: number;
  /** Allowed worsening: percent of the base value (latency, throughput) or percentage points (error_rate, availability). */
  limit: number;
}

/** Tolerances in the order given; one per metric. */
export type Tolerances = readonly Tolerance[];

/** A metric that can be compared, with or without a tolerance. */
export type MetricSpec = Omit<Tolerance, 'limit'>;

const OTHER_METRICS: Readonly<Record<string, MetricKind>> = {
  mean: 'latency',
  max: 'latency',
  throughput: 'throughput',
  error_rate: 'error_rate',
  availability: 'availability',
  iteration_duration: 'journey',
  checks: 'checks',
};

/** The valid metric names, as listed in error messages. */
export const TOLERANCE_METRICS: readonly string[] = [...PERCENTILE_NAMES, PERCENTILE_CALL, ...Object.keys(OTHER_METRICS)];

/**
 * The tolerances used when none are given. p95 rather than p99: on short CI runs the tail moves by
 * more than 10% from noise alone; error rate in points, since a relative change of 0% is undefined.
 */
export const DEFAULT_TOLERANCE_SPEC = 'p95=10%,throughput=10%,error_rate=1%';

const LIMIT = /^\+?(\d+(?:\.\d+)?)\s*(%|pp)$/;

/**
 * Parse a tolerance spec such as `p95=10%,p99=15%,throughput=5%,error_rate=1%`.
 * @throws ConfigError listing every problem, each naming the pair and the allowed form
 */
export function parseTolerances(spec: string): Tolerances {
  const pairs = spec.split(',').map((pair) => pair.trim()).filter((pair) => pair !== '');
  if (pairs.length === 0) {
    throw new ConfigError(`--max-regression "${spec}": expected METRIC=LIMIT pairs, like ${DEFAULT_TOLERANCE_SPEC}`);
  }
  const issues: string[] = [];
  const tolerances: Tolerance[] = [];
  for (const pair of pairs) {
    const result = parsePair(pair);
    if (typeof result === 'string') issues.push(`--max-regression "${pair}": ${result}`);
    else if (tolerances.some((t) => t.metric === result.metric)) issues.push(`--max-regression: "${result.metric}" is given twice`);
    else tolerances.push(result);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return tolerances;
}

/** A tolerance, or why the pair is wrong. */
function parsePair(pair: string): Tolerance | string {
  const eq = pair.indexOf('=');
  if (eq < 0) return `expected METRIC=LIMIT, like p95=10%`;
  const name = pair.slice(0, eq).trim();
  const metric = parseMetric(name);
  if (!metric) return `unknown metric "${name}"; valid metrics: ${TOLERANCE_METRICS.join(', ')}`;
  const text = pair.slice(eq + 1).trim();
  const match = LIMIT.exec(text);
  if (!match) return `limit "${text}" must be a percentage like 10%`;
  const relative = metric.kind === 'latency' || metric.kind === 'throughput' || metric.kind === 'journey';
  if (relative && match[2] === 'pp') return `limit "${text}": ${metric.metric} takes a relative change in %, like 10%`;
  return { ...metric, limit: Number(match[1]) };
}

/** `p95`, `p(97.5)`, `throughput`… as a canonical MetricSpec; undefined when unknown. */
export function parseMetric(name: string): MetricSpec | undefined {
  if (Object.hasOwn(OTHER_METRICS, name)) return { metric: name, kind: OTHER_METRICS[name] };
  const percentile = parsePercentile(name);
  return percentile && !('problem' in percentile) ? { ...percentile, kind: 'latency' } : undefined;
}

/** The default tolerances, parsed. */
export const DEFAULT_TOLERANCES: Tolerances = parseTolerances(DEFAULT_TOLERANCE_SPEC);
