/**
 * The demo server's own metrics at `GET /metrics` (Prometheus text format, prom-client): what a
 * CRM's operators would watch beside a load test — request duration by route, time in the
 * database, cache hits and misses, throttled and fault-injected answers, process CPU and memory.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Request-duration buckets, seconds: the demo answers in about a millisecond, slow routes in tens. */
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** One SQLite statement takes microseconds to a few milliseconds (a scan without indexes). */
const QUERY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

let processRegistry: Registry | undefined;

/**
 * Process CPU, memory, event loop and GC, collected once per process: several demo servers in one
 * process (tests) share them instead of each starting its own event-loop monitor.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** What the levers report about themselves when scraped. */
export interface LeverReadings {
  cache: { hits: number; misses: number; size: number } | undefined;
}

export class DemoMetrics {
  readonly registry: Registry;
  private readonly requests: Histogram<'method' | 'route' | 'code'>;
  private readonly queries: Histogram<'op'>;
  private readonly throttled: Counter;
  private readonly injected: Counter;

  constructor(info: Record<string, unknown>, readLevers: () => LeverReadings) {
    const own = new Registry();
    const registers = [own];
    this.requests = new Histogram({
      name: 'demo_http_request_duration_seconds', help: 'Time from request to the last byte of the answer, by route template and status code',
      labelNames: ['method', 'route', 'code'], buckets: REQUEST_BUCKETS, registers,
    });
    this.queries = new Histogram({
      name: 'demo_db_query_duration_seconds', help: 'Time in SQLite per statement (op: all, get or run)',
      labelNames: ['op'], buckets: QUERY_BUCKETS, registers,
    });
    this.throttled = new Counter({ name: 'demo_rate_limited_requests_total', help: 'Requests answered 429 by the --rate-limit lever', registers });
    this.injected = new Counter({ name: 'demo_injected_errors_total', help: 'Requests answered 503 by the --error-rate lever', registers });
    const cacheCounter = (name: string, help: string, read: (c: NonNullable<LeverReadings['cache']>) => number) =>
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(read(readLevers().cache ?? { hits: 0, misses: 0, size: 0 })); } });
    cacheCounter('demo_cache_hits_total', 'Reads answered from the --cache lever', (c) => c.hits);
    cacheCounter('demo_cache_misses_total', 'Cacheable reads that missed the --cache lever', (c) => c.misses);
    new Gauge({ name: 'demo_cache_entries', help: 'Answers held by the --cache lever', registers, collect() { this.set(readLevers().cache?.size ?? 0); } });
    const labels = Object.fromEntries(Object.entries(info).filter(([k]) => k !== 'seedMs').map(([k, v]) => [k, String(v)]));
    new Gauge({ name: 'demo_info', help: 'The demo server: seed, size and levers (value 1)', labelNames: Object.keys(labels), registers }).set(labels, 1);
    this.registry = Registry.merge([processMetrics(), own]);
  }

  /** One answered request (route template, or `unmatched`). */
  observeRequest(method: string, route: string, code: number, seconds: number): void {
    this.requests.observe({ method, route, code: String(code) }, seconds);
  }

  /** One SQLite statement. */
  observeQuery(op: 'all' | 'get' | 'run', seconds: number): void {
    this.queries.observe({ op }, seconds);
  }

  countThrottled(): void {
    this.throttled.inc();
  }

  countInjectedError(): void {
    this.injected.inc();
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
