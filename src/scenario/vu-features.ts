/**
 * The optional parts of a VU, each created on first use so a scenario that uses none of them pays
 * nothing: `vu.data` (feeder rows), `vu.metric` (custom metrics) and `--http-debug` lines.
 */
import type { Exchange } from '../http/exchange.js';
import type { CustomMetricType, Extras } from '../metrics/extras.js';
import { BUILTIN_METRIC_NAMES } from '../metrics/metric-names.js';
import { SECRET_HEADERS } from '../secret-headers.js';
import type { FeederTable } from './data-table.js';
import type { VuHost } from './host.js';
import { IterationAbort, STOP } from './response.js';
import type { PendingResponses } from './pending.js';
import type { Checks, Counter, Metrics, Rate, Trend } from './types.js';

/**
 * `vu.check`: each predicate is a pass or a fail of its check; true when all passed. One that throws
 * fails, and so does one that returns a promise (an async predicate is always truthy): each says why
 * once, in a warning.
 */
export function runChecks<T>(value: T, checks: Checks<T>, extras: Extras | null, scenario: string, group: string | null, pending: PendingResponses, host: Pick<VuHost, 'warn'>): boolean {
  let all = true;
  // A body a check cannot parse fails the check, not the request.
  pending.suspendCapture = true;
  try {
    for (const name of Object.keys(checks)) {
      let ok: boolean;
      try {
        const result: unknown = checks[name](value);
        ok = Boolean(result);
        if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') {
          ok = false;
          host.warn(`check-promise:${name}`, `${scenario}: check "${name}" returned a promise, which counts as failed: a check is synchronous (read the response first, then check its values)`);
        }
      } catch (error) {
        ok = false;
        host.warn(`check-threw:${name}`, `${scenario}: check "${name}" threw, which counts as failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      extras?.check(name, scenario, group, ok);
      if (!ok) all = false;
    }
  } finally {
    pending.suspendCapture = false;
  }
  return all;
}

/**
 * An iteration that completed with requests still in flight: most likely a `vu.get` without `await`.
 * Those requests are recorded when they end, but the iteration neither waited for them nor failed
 * with them. Said once per scenario.
 */
export function warnUnawaited(host: Pick<VuHost, 'warn'>, scenario: string): void {
  host.warn(`unawaited:${scenario}`, `${scenario}: an iteration ended with a request still in flight (a vu.get or vu.post without await?): it is recorded when it ends, but the iteration did not wait for it, and its failure does not fail the iteration`);
}

/** `vu.data` of one scenario: each feeder's row, taken on first read in an iteration. */
export function createDataView(feeders: readonly FeederTable[], host: VuHost, iteration: () => number): Record<string, object> {
  const rows: Array<object | undefined> = new Array(feeders.length);
  let current = -1;
  const view: Record<string, object> = {};
  feeders.forEach((table, i) => {
    Object.defineProperty(view, table.name, {
      enumerable: true,
      get: () => {
        const n = iteration();
        if (n !== current) {
          rows.fill(undefined);
          current = n;
        }
        return (rows[i] ??= takeRow(table, n, host));
      },
    });
  });
  return Object.freeze(view);
}

function takeRow(table: FeederTable, iterationInTest: number, host: VuHost): object {
  const row = table.take(iterationInTest);
  if (row) return row;
  const { feeder, rows } = table.loaded;
  const message = `data feeder "${table.name}" (${table.loaded.file}) has no unique row left: all ${rows.length} were used`;
  if (feeder.exhausted === 'stop') {
    host.warn(`feeder-exhausted:${table.name}`, `${message}; the run stopped (exhausted: 'stop')`);
    host.stopRun(`data feeder "${table.name}" exhausted`);
    throw STOP;
  }
  host.warn(`feeder-exhausted:${table.name}`, `${message}; iterations that need a row fail (exhausted: 'fail')`);
  throw new IterationAbort('failed', message);
}

const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `vu.metric`: handles by name, kept per VU so a hot loop does no lookup after the first. */
export class VuMetrics implements Metrics {
  private readonly handles = new Map<string, Counter & Trend & Rate>();

  constructor(private readonly extras: Extras | null) {}

  counter(name: string): Counter {
    return this.handle(name, 'counter');
  }
  trend(name: string): Trend {
    return this.handle(name, 'trend');
  }
  rate(name: string): Rate {
    return this.handle(name, 'rate');
  }

  private handle(name: string, type: CustomMetricType): Counter & Trend & Rate {
    const key = `${type}:${name}`;
    let handle = this.handles.get(key);
    if (handle) return handle;
    if (typeof name !== 'string' || !METRIC_NAME.test(name)) throw new Error(`metric name ${JSON.stringify(name)}: use letters, digits and _ (like leads_converted)`);
    if (BUILTIN_METRIC_NAMES.has(name)) throw new Error(`metric name "${name}" is a built-in metric; choose another`);
    const extras = this.extras;
    const metric = extras?.metric(name, type) ?? null;
    if (typeof metric === 'string') throw new Error(metric);
    handle = {
      add: (value?: number | boolean) => {
        const n = checkedValue(name, type, value);
        if (extras && metric) extras.add(metric, n);
      },
    };
    this.handles.set(key, handle);
    return handle;
  }
}

function checkedValue(name: string, type: CustomMetricType, value: number | boolean | undefined): number {
  if (type === 'rate') {
    if (typeof value !== 'boolean') throw new Error(`rate "${name}": add() takes true or false`);
    return value ? 1 : 0;
  }
  const n = value === undefined && type === 'counter' ? 1 : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${type} "${name}": add() takes a finite number of at least 0, got ${String(value)}`);
  return n;
}

/** `--http-debug`: one request and its response, headers redacted (secret ones, and set-cookie values). */
export function formatExchange(request: { method: string; origin: string; path: string; headers: Record<string, string> }, exchange: Exchange): string {
  const lines = [`> ${request.method} ${request.origin}${request.path}`];
  for (const [k, v] of Object.entries(request.headers)) lines.push(`> ${k}: ${SECRET_HEADERS.has(k) ? '***' : v}`);
  const ms = (exchange.endedAt - exchange.sentAt).toFixed(1);
  if (exchange.status === 0) lines.push(`< (no response: ${exchange.kind ?? 'error'}${exchange.error instanceof Error ? `, ${exchange.error.message}` : ''}) ${ms}ms`);
  else {
    lines.push(`< ${exchange.status} (${ms}ms)`);
    const raw = exchange.rawHeaders ?? [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const k = raw[i].toString('latin1').toLowerCase();
      lines.push(`< ${k}: ${SECRET_HEADERS.has(k) || k === 'set-cookie' ? '***' : raw[i + 1].toString('latin1')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
