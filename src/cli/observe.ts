/**
 * Live observability of `crmload run`: the `--metrics-port` endpoint (crmload's own metrics) and the
 * `--server-metrics` scraper (the target's). Opened before the run — a port in use or a bad URL is
 * bad input, exit 2 — attached once the run exists, closed after the final report is written.
 */
import type { RawRunOptions } from '../config/options.js';
import type { Plan, PlanTarget } from '../config/plan.js';
import { parseTargetUrl, redactUrl } from '../config/target.js';
import type { LoadRun } from '../engine/run.js';
import { ConfigError } from '../errors.js';
import type { MetricsServer } from '../observability/metrics-server.js';
import { DEFAULT_SERVER_SERIES, parseSeriesSpecs, type SeriesSpec } from '../observability/series-spec.js';
import type { RunMetrics } from '../observability/run-metrics.js';
import type { ServerScraper } from '../observability/server-scraper.js';
import type { ServerMetrics } from '../report/server-metrics.js';
import type { CliIo } from './io.js';

/** The value of `--server-metrics` that means "the target's own /metrics" (the demo's too). */
export const SERVER_METRICS_DEMO = 'demo';

export interface Observability {
  /**
   * Serve the run's metrics and start scraping the target (once both exist). `redact` masks the
   * run's secrets in what the endpoint serves (a step named after a secret would otherwise leak).
   */
  attach(run: LoadRun, target: PlanTarget, io: { warn(message: string): void; redact(text: string): string }): void;
  /** Stop scraping; the server metrics block for the report, if `--server-metrics` was given. */
  finish(): Promise<ServerMetrics | undefined>;
  /** Close the endpoint (after the final report is written) and anything still open. */
  close(): Promise<void>;
}

interface Checked {
  port: number | null;
  host: string;
  serverMetrics: string | null;
  specs: SeriesSpec[];
}

/**
 * Validate the options (every problem at once) and bind the metrics port; throws ConfigError.
 * prom-client and the scraper are loaded only when asked for: a run without them pays nothing.
 */
export async function openObservability(raw: RawRunOptions, plan: Plan, io: CliIo, tls: { ca?: Buffer }): Promise<Observability> {
  const checked = checkOptions(raw, plan);
  const modules: Modules = {
    RunMetrics: checked.port !== null ? (await import('../observability/run-metrics.js')).RunMetrics : null,
    ServerScraper: checked.serverMetrics !== null ? (await import('../observability/server-scraper.js')).ServerScraper : null,
  };
  let server: MetricsServer | null = null;
  if (checked.port !== null) {
    const { MetricsBindError, startMetricsServer } = await import('../observability/metrics-server.js');
    try {
      server = await startMetricsServer(checked.host, checked.port);
    } catch (error) {
      if (error instanceof MetricsBindError) throw new ConfigError(error.message);
      throw error;
    }
    if (!raw.quiet) io.stderr.write(`crmload: serving metrics at ${server.url} until the report is written\n`);
  }
  return new RunObservability(plan, checked, modules, server, { version: io.version, ca: tls.ca });
}

interface Modules {
  RunMetrics: typeof RunMetrics | null;
  ServerScraper: typeof ServerScraper | null;
}

class RunObservability implements Observability {
  private timer: NodeJS.Timeout | null = null;
  private scraper: ServerScraper | null = null;
  private runStart: (() => number) | null = null;

  constructor(
    private readonly plan: Plan,
    private readonly checked: Checked,
    private readonly modules: Modules,
    private readonly server: MetricsServer | null,
    private readonly meta: { version: string; ca?: Buffer },
  ) {}

  attach(run: LoadRun, target: PlanTarget, io: { warn(message: string): void; redact(text: string): string }): void {
    this.runStart = () => performance.now() - run.live().elapsedMs;
    this.serve(run, io.redact);
    if (this.checked.serverMetrics !== null) this.scrape(resolveServerMetricsUrl(this.checked.serverMetrics, target), io.warn);
  }

  async finish(): Promise<ServerMetrics | undefined> {
    if (!this.scraper) return undefined;
    await this.scraper.stop();
    return this.scraper.result(this.runStart ? this.runStart() : performance.now());
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scraper?.stop();
    await this.server?.close();
  }

  private serve(run: LoadRun, redact: (text: string) => string): void {
    if (!this.server || !this.modules.RunMetrics) return;
    const plan = this.plan;
    const metrics = new this.modules.RunMetrics(() => run.live(), { scenario: plan.scenario.name, model: plan.load.model, shard: plan.shard, version: this.meta.version });
    this.server.serve({ contentType: metrics.contentType, body: async () => redact(await metrics.metrics()) });
    metrics.sampleRate(performance.now());
    this.timer = setInterval(() => metrics.sampleRate(performance.now()), 1000);
    this.timer.unref();
  }

  private scrape(url: string, warn: (message: string) => void): void {
    if (!this.modules.ServerScraper) return;
    this.scraper = new this.modules.ServerScraper({
      url,
      shownUrl: redactUrl(url),
      specs: this.checked.specs,
      tls: { verify: this.plan.http.verifyTls, ca: this.meta.ca },
      now: () => performance.now(),
      onFirstFailure: (m) => warn(`--server-metrics: a scrape of ${redactUrl(url)} failed (${m}); failures are counted in the report, the run goes on`),
    });
    this.scraper.start();
  }
}

function checkOptions(raw: RawRunOptions, plan: Plan): Checked {
  const issues: string[] = [];
  let port: number | null = null;
  if (raw.metricsPort !== undefined) {
    port = /^\d+$/.test(raw.metricsPort.trim()) ? Number(raw.metricsPort) : NaN;
    if (!(port >= 0 && port <= 65535)) issues.push(`--metrics-port ${JSON.stringify(raw.metricsPort)}: expected a port number from 0 to 65535 (0 = any free port)`);
  } else if (raw.metricsHost !== undefined) issues.push('--metrics-host: only with --metrics-port');
  const host = raw.metricsHost?.trim() || '127.0.0.1';
  let serverMetrics: string | null = null;
  if (raw.serverMetrics !== undefined) {
    const value = raw.serverMetrics.trim();
    if (value === SERVER_METRICS_DEMO && plan.target !== null) issues.push(`--server-metrics demo: only without --target (the built-in demo server); use --server-metrics /metrics for the target's own endpoint, or a URL`);
    else if (value !== SERVER_METRICS_DEMO && !value.startsWith('/')) {
      const parsed = parseTargetUrl('--server-metrics', value);
      if (typeof parsed === 'string') issues.push(`${parsed} (or a path like /metrics on the target, or "demo")`);
    }
    serverMetrics = value;
  }
  let specs: SeriesSpec[] = [];
  if (raw.serverSeries !== undefined && serverMetrics === null) issues.push('--server-series: only with --server-metrics');
  else if (serverMetrics !== null) {
    const parsed = parseSeriesSpecs(raw.serverSeries ?? DEFAULT_SERVER_SERIES);
    if (typeof parsed[0] === 'string') issues.push(...(parsed as string[]));
    else specs = parsed as SeriesSpec[];
  }
  if (issues.length) throw new ConfigError(issues);
  return { port: Number.isNaN(port) ? null : port, host, serverMetrics, specs };
}

/** `demo` and `/path` are resolved against the target's origin (the demo's when it was started). */
export function resolveServerMetricsUrl(value: string, target: PlanTarget): string {
  if (value === SERVER_METRICS_DEMO) return `${target.origin}/metrics`;
  if (value.startsWith('/')) return `${target.origin}${value}`;
  return value;
}
