/**
 * Live observability of `crmload run`: the `--metrics-port` endpoint (crmload's own metrics) and the
 * `--server-metrics` scraper (the target's). Opened at the end of the prepare phase — a port in use
 * is bad input, exit 2 — attached once the run exists, closed after the final report is written.
 * The options themselves are checked with the others (observe-options.ts). With `--workers` the
 * parent serves the one endpoint: the workers' snapshots (sent once a second) merged.
 */
import type { Plan, PlanTarget } from '../config/plan.js';
import { redactUrl } from '../config/target.js';
import type { LoadRun } from '../engine/run.js';
import { ConfigError } from '../errors.js';
import type { mergeLiveSnapshots } from '../observability/live-snapshot.js';
import type { MetricsServer } from '../observability/metrics-server.js';
import type { RunMetrics } from '../observability/run-metrics.js';
import type { ServerScraper } from '../observability/server-scraper.js';
import type { ServerMetrics } from '../report/server-metrics.js';
import type { WorkerPool } from './workers/pool.js';
import type { CliIo } from './io.js';
import { resolveServerMetricsUrl, type ObservabilityOptions } from './observe-options.js';

export interface Observability {
  /**
   * Serve the run's metrics and start scraping the target (once both exist). `redact` masks the
   * run's secrets in what the endpoint serves (a step named after a secret would otherwise leak).
   */
  attach(run: LoadRun | WorkerPool, target: PlanTarget, io: { warn(message: string): void; redact(text: string): string }): void;
  /** Stop scraping; the server metrics block for the report, if `--server-metrics` was given. */
  finish(): Promise<ServerMetrics | undefined>;
  /** Close the endpoint (after the final report is written) and anything still open. */
  close(): Promise<void>;
}

/**
 * Bind the metrics port (in use: a ConfigError, exit 2) and load what the options ask for: prom-client
 * and the scraper are imported only then, so a run without them pays nothing.
 */
export async function openObservability(checked: ObservabilityOptions, plan: Plan, io: CliIo & { quiet: boolean }, tls: { ca?: Buffer }): Promise<Observability> {
  const modules: Modules = {
    RunMetrics: checked.port !== null ? (await import('../observability/run-metrics.js')).RunMetrics : null,
    merge: checked.port !== null ? (await import('../observability/live-snapshot.js')).mergeLiveSnapshots : null,
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
    if (!io.quiet) io.stderr.write(`crmload: serving metrics at ${server.url} until the report is written\n`);
  }
  return new RunObservability(plan, checked, modules, server, { version: io.version, ca: tls.ca });
}

interface Modules {
  RunMetrics: typeof RunMetrics | null;
  merge: typeof mergeLiveSnapshots | null;
  ServerScraper: typeof ServerScraper | null;
}

class RunObservability implements Observability {
  private timer: NodeJS.Timeout | null = null;
  private scraper: ServerScraper | null = null;
  private runStart: (() => number) | null = null;

  constructor(
    private readonly plan: Plan,
    private readonly checked: ObservabilityOptions,
    private readonly modules: Modules,
    private readonly server: MetricsServer | null,
    private readonly meta: { version: string; ca?: Buffer },
  ) {}

  attach(run: LoadRun | WorkerPool, target: PlanTarget, io: { warn(message: string): void; redact(text: string): string }): void {
    const elapsedMs = 'live' in run ? () => run.live().elapsedMs : () => run.elapsedMs();
    this.runStart = () => performance.now() - elapsedMs();
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

  private serve(run: LoadRun | WorkerPool, redact: (text: string) => string): void {
    const { RunMetrics, merge } = this.modules;
    if (!this.server || !RunMetrics || !merge) return;
    const plan = this.plan;
    // --workers: the workers' latest snapshots merged (plan.shard is null then: --workers excludes --shard).
    const read = 'live' in run ? () => run.live() : () => merge(run.liveSnapshots());
    const metrics = new RunMetrics(read, { scenario: plan.scenario.name, model: plan.load.model, shard: plan.shard, version: this.meta.version });
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
