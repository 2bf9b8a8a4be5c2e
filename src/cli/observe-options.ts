/**
 * The options of `crmload run` for live observability, checked before anything starts (pure):
 * `--metrics-port`, `--metrics-host`, `--server-metrics`, `--server-series`.
 */
import type { RawRunOptions } from '../config/options.js';
import type { PlanTarget } from '../config/plan.js';
import { parseTargetUrl } from '../config/target.js';
import { DEFAULT_SERVER_SERIES, parseSeriesSpecs, type SeriesSpec } from '../observability/series-spec.js';

/** The value of `--server-metrics` that means the built-in demo server's `/metrics`. */
export const SERVER_METRICS_DEMO = 'demo';

export interface ObservabilityOptions {
  /** `--metrics-port` (0: any free port), or null without it. */
  port: number | null;
  host: string;
  /** `--server-metrics` as given (a URL, a `/path` on the target, or `demo`), or null. */
  serverMetrics: string | null;
  specs: SeriesSpec[];
}

/** The options and every problem with them (one message each; none means they are usable). */
export function checkObservabilityOptions(raw: RawRunOptions): { options: ObservabilityOptions; issues: string[] } {
  const issues: string[] = [];
  const port = metricsPort(raw, issues);
  const serverMetrics = serverMetricsSource(raw, issues);
  let specs: SeriesSpec[] = [];
  if (raw.serverSeries !== undefined && serverMetrics === null) issues.push('--server-series: only with --server-metrics');
  else if (serverMetrics !== null) {
    const parsed = parseSeriesSpecs(raw.serverSeries ?? DEFAULT_SERVER_SERIES);
    if (typeof parsed[0] === 'string') issues.push(...(parsed as string[]));
    else specs = parsed as SeriesSpec[];
  }
  return { options: { port, host: raw.metricsHost?.trim() || '127.0.0.1', serverMetrics, specs }, issues };
}

function metricsPort(raw: RawRunOptions, issues: string[]): number | null {
  if (raw.metricsPort === undefined) {
    if (raw.metricsHost !== undefined) issues.push('--metrics-host: only with --metrics-port');
    return null;
  }
  const port = /^\d+$/.test(raw.metricsPort.trim()) ? Number(raw.metricsPort) : NaN;
  if (port >= 0 && port <= 65535) return port;
  issues.push(`--metrics-port ${JSON.stringify(raw.metricsPort)}: expected a port number from 0 to 65535 (0 = any free port)`);
  return null;
}

function serverMetricsSource(raw: RawRunOptions, issues: string[]): string | null {
  if (raw.serverMetrics === undefined) return null;
  const value = raw.serverMetrics.trim();
  const demoStarted = raw.target === undefined && raw.url === undefined;
  if (value === SERVER_METRICS_DEMO) {
    if (!demoStarted) issues.push(`--server-metrics demo: only without --target or --url (the built-in demo server); use --server-metrics /metrics for the target's own endpoint, or a URL`);
  } else if (!value.startsWith('/')) {
    const parsed = parseTargetUrl('--server-metrics', value);
    if (typeof parsed === 'string') issues.push(`${parsed} (or a path like /metrics on the target, or "demo")`);
  }
  return value;
}

/** `demo` and `/path` are resolved against the target's origin (the demo's when crmload started it). */
export function resolveServerMetricsUrl(value: string, target: PlanTarget): string {
  if (value === SERVER_METRICS_DEMO) return `${target.origin}/metrics`;
  if (value.startsWith('/')) return `${target.origin}${value}`;
  return value;
}
