/**
 * `--server-metrics`: scrape the target's Prometheus endpoint once a second during the run, on a
 * connection pool of its own (never the load's), and keep the chosen series. A failed scrape —
 * refused, timed out, not 200, not parseable — is counted and listed; it never stops the run.
 */
import { Agent, request } from 'undici';
import type { ServerMetrics } from '../report/server-metrics.js';
import { ExpositionError, parseExposition } from './exposition.js';
import type { SeriesSpec } from './series-spec.js';
import { ServerSeriesTracker } from './server-series.js';

/** Time between scrapes; also each scrape's deadline (a slow scrape skips the next slot, never overlaps). */
export const SCRAPE_INTERVAL_MS = 1000;
/** A metrics page larger than this is refused (a wrong URL could stream anything). */
export const MAX_EXPOSITION_BYTES = 16 * 1024 * 1024;
/** Failures listed in the report (all are counted). */
export const MAX_FAILURES_LISTED = 20;

export interface ScraperOptions {
  /** The endpoint, with credentials if any (they are never reported). */
  url: string;
  /** The endpoint as reported (credentials stripped). */
  shownUrl: string;
  specs: readonly SeriesSpec[];
  tls: { verify: boolean; ca?: Buffer };
  /** Monotonic clock, ms. */
  now: () => number;
  intervalMs?: number;
  /** Told about the first failed scrape only (a live warning; the report has them all). */
  onFirstFailure?: (message: string) => void;
}

export class ServerScraper {
  private readonly agent: Agent;
  private readonly tracker: ServerSeriesTracker;
  private readonly intervalMs: number;
  private readonly failures: Array<{ at: number; error: string }> = [];
  private attempted = 0;
  private succeeded = 0;
  private stopped = false;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;

  private readonly url: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: ScraperOptions) {
    this.intervalMs = options.intervalMs ?? SCRAPE_INTERVAL_MS;
    ({ url: this.url, headers: this.headers } = withBasicAuth(options.url));
    this.tracker = new ServerSeriesTracker(options.specs);
    this.agent = new Agent({ connections: 1, connect: { rejectUnauthorized: options.tls.verify, ca: options.tls.ca } });
  }

  /** Scrape now, then on every interval until stop(). */
  start(): void {
    this.loop ??= this.run();
  }

  /** Stop scraping; resolves once an in-flight scrape has ended and the pool is closed. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
    await this.agent.close();
  }

  /** The report block, times relative to the run's start (monotonic ms). */
  result(runStartMs: number): ServerMetrics {
    return {
      url: this.options.shownUrl,
      intervalMs: this.intervalMs,
      scrapes: { attempted: this.attempted, succeeded: this.succeeded, failed: this.attempted - this.succeeded },
      failures: this.failures.map((f) => ({ t: Math.max(0, Math.round(f.at - runStartMs) / 1000), error: f.error })),
      series: this.tracker.series(runStartMs),
    };
  }

  private async run(): Promise<void> {
    let due = this.options.now();
    while (!this.stopped) {
      await this.sleepUntil(due);
      if (this.stopped) break;
      await this.scrapeOnce();
      due += this.intervalMs;
      // A scrape that overran its slot skips the slots it covered instead of bunching up.
      const now = this.options.now();
      while (due <= now) due += this.intervalMs;
    }
  }

  private sleepUntil(due: number): Promise<void> {
    const wait = due - this.options.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, wait);
      this.timer.unref();
    });
  }

  private async scrapeOnce(): Promise<void> {
    const at = this.options.now();
    this.attempted++;
    try {
      const text = await this.fetchText();
      this.tracker.add(at, parseExposition(text));
      this.succeeded++;
    } catch (error) {
      const message = describe(error, this.intervalMs);
      if (this.failures.length === 0) this.options.onFirstFailure?.(message);
      if (this.failures.length < MAX_FAILURES_LISTED) this.failures.push({ at, error: message });
    }
  }

  private async fetchText(): Promise<string> {
    const response = await request(this.url, {
      dispatcher: this.agent,
      signal: AbortSignal.timeout(this.intervalMs),
      headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1', ...this.headers },
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`HTTP ${response.statusCode}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_EXPOSITION_BYTES) {
        response.body.destroy();
        throw new Error(`the metrics page is larger than ${MAX_EXPOSITION_BYTES / 1024 / 1024} MiB`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** `http://user:pass@host/metrics` → the URL without them and an `Authorization: Basic` header. */
export function withBasicAuth(text: string): { url: string; headers: Record<string, string> } {
  const url = new URL(text);
  if (!url.username && !url.password) return { url: text, headers: {} };
  const credentials = `${decodeOrRaw(url.username)}:${decodeOrRaw(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.toString(), headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}

/** Percent-decoded, or as written when it is not valid percent-encoding (a password like `50%off`). */
function decodeOrRaw(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof ExpositionError) return `not a Prometheus text exposition (${error.message})`;
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = e?.code ?? e?.cause?.code;
  const message = e?.cause?.message ?? e?.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
