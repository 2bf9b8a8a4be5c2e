/**
 * HTTP over undici: a set of connections per origin, requests sent through `dispatch` with pooled
 * Exchange handlers. Every failure becomes a value on the Exchange; nothing here throws past the engine.
 */
import { performance } from 'node:perf_hooks';
import type { ErrorKind } from '../error-kinds.js';
import { classifyError } from './classify.js';
import { OriginConnections, type Connect } from './connections.js';
import { Exchange, type ExchangeClock } from './exchange.js';
import { InFlight } from './in-flight.js';

/** Finished exchanges kept for reuse at most; beyond it they are left to the garbage collector. */
const MAX_POOLED_EXCHANGES = 10_000;

/**
 * Idle keep-alive: a connection is kept this long after its last response. When the server's
 * Keep-Alive header gives its own timeout, undici uses that minus KEEP_ALIVE_MARGIN_MS instead, so a
 * request never races the server closing the connection.
 */
const KEEP_ALIVE_TIMEOUT_MS = 4_000;
const KEEP_ALIVE_MARGIN_MS = 1_000;
/** With keep-alive off: close as soon as a response is read (undici's smallest timeout). */
const NO_KEEP_ALIVE_TIMEOUT_MS = 1;

/** Connecting (TCP and TLS) may take the request's whole deadline, but never longer than this. */
const MAX_CONNECT_TIMEOUT_MS = 10_000;

/** What opening an origin's connections before the run gave. */
export interface PreconnectResult {
  /** Connections to the origin (--connections). */
  connections: number;
  /** Open when the measured clock started. */
  opened: number;
  /** Failed to open (refused, reset, TLS…), by error kind; their requests connect again, counted as usual. */
  failed: number;
  errorsByKind: Partial<Record<ErrorKind, number>>;
  /** Still opening at the deadline: the first request on each waits for it, and that wait is measured. */
  pending: number;
}

const processClock: ExchangeClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface HttpOptions {
  connections: number;
  pipelining: number;
  /** Total deadline per request, ms. */
  timeoutMs: number;
  /** Verify TLS certificates (default true; `--insecure` turns it off). */
  verifyTls: boolean;
  /** Extra CA certificate (PEM), from `--ca`. */
  ca?: string | Buffer;
  keepAlive: boolean;
  /** Opens connections (default: undici Clients); tests inject a fake dispatcher. */
  connect?: Connect;
  /** Offer HTTP/2 (ALPN, https only) through undici's `allowH2`. */
  http2?: boolean;
  /** Monotonic clock and timers for send/end times and deadlines (default: the process's). */
  clock?: ExchangeClock;
}


export class HttpClient {
  private readonly origins = new Map<string, OriginConnections>();
  private readonly free: Exchange[] = [];
  private readonly inFlight: InFlight;
  private readonly clock: ExchangeClock | null;
  private readonly timers: ExchangeClock;
  private lastOrigin = '';
  private lastConnections: OriginConnections | null = null;
  /** True while waiting requests are being sent (see sendWaiting). */
  private sendingWaiting = false;

  constructor(private readonly options: HttpOptions) {
    this.clock = options.clock ?? null;
    this.timers = options.clock ?? processClock;
    this.inFlight = new InFlight(this.timers, options.timeoutMs);
  }

  /** An exchange ready to be prepared and sent (from the free list when possible). */
  acquire(): Exchange {
    return this.free.pop() ?? new Exchange(this.clock);
  }

  /** Give a finished exchange back for reuse. */
  release(exchange: Exchange): void {
    exchange.listener = null;
    // A pooled exchange lives long (old space): what it still points at would survive every
    // young-generation GC until the exchange is reused, and make V8 grow its young generation.
    exchange.forget();
    if (exchange.reusable && this.free.length < MAX_POOLED_EXCHANGES) this.free.push(exchange);
  }

  /** Send: the exchange's listener hears about it exactly once. */
  send(origin: string, exchange: Exchange): void {
    const connections = origin === this.lastOrigin ? this.lastConnections! : this.connections(origin);
    exchange.connections = connections;
    exchange.connection = -1;
    exchange.bytesOut = exchange.body ? byteLength(exchange.body) : 0;
    const now = this.clock ? this.clock.now() : performance.now();
    exchange.sentAt = now;
    // Closed model (intendedAt 0): latency counts from the send. A timer that fired a little early
    // (think time) must not make the intended start later than the send: latency ≥ service time.
    if (exchange.intendedAt === 0 || exchange.intendedAt > now) exchange.intendedAt = now;
    // A request that waits for a connection is in flight (its deadline runs) from now.
    this.inFlight.add(exchange, now, exchange.timeoutMs);
    const index = connections.acquire();
    if (index < 0) connections.wait(exchange);
    else this.dispatch(connections, index, exchange);
  }

  /** Hand an exchange to client `index` of its origin. */
  private dispatch(connections: OriginConnections, index: number, exchange: Exchange): void {
    exchange.connection = index;
    const options = exchange.dispatchOptions;
    options.path = exchange.path;
    options.method = exchange.method;
    options.headers = exchange.headers ?? undefined;
    options.body = exchange.body ?? undefined;
    try {
      connections.client(index).dispatch(options, exchange);
    } catch (error) {
      // undici rejects some requests synchronously (invalid header values): still a value.
      exchange.fail(error as Error);
    }
  }

  /** Mark an exchange as no longer in flight (the listener calls this when it is done). */
  settle(exchange: Exchange): void {
    this.inFlight.remove(exchange);
    const connections = exchange.connections as OriginConnections | null;
    exchange.connections = null;
    // Ended while it waited for a connection (a deadline, an interruption): it holds none.
    if (!connections || exchange.connection < 0) return;
    connections.release(exchange.connection);
    if (exchange.keepBody) exchange.connectedAt = connections.connectedAt[exchange.connection];
    if (connections.hasWaiting()) this.sendWaiting(connections);
  }

  /**
   * Send waiting requests while a client is free. A request undici refuses at once ends inside
   * dispatch and its listener settles it here again: that inner call leaves the sending to this loop.
   */
  private sendWaiting(connections: OriginConnections): void {
    if (this.sendingWaiting) return;
    this.sendingWaiting = true;
    try {
      let next: Exchange | null;
      while ((next = connections.firstWaiting()) !== null) {
        const index = connections.acquire();
        if (index < 0) return;
        connections.dropFirstWaiting();
        this.dispatch(connections, index, next);
      }
    } finally {
      this.sendingWaiting = false;
    }
  }

  /** Requests sent and not finished yet (for the requests-in-flight figure of `crmload capacity`). */
  get inFlightCount(): number {
    return this.inFlight.count;
  }

  /** End every exchange still in flight as `interrupted`. */
  interruptAll(): void {
    for (const exchange of this.inFlight.toArray()) exchange.interrupt();
  }


  /**
   * Open every connection to `origin` now, waiting at most `timeoutMs`. Nothing is sent. Null when
   * the connections cannot be opened ahead (a dispatcher without undici's connect, as in tests).
   */
  async preconnect(origin: string, timeoutMs: number): Promise<PreconnectResult | null> {
    const outcomes = await this.connections(origin).open(this.clock ?? processClock, timeoutMs);
    if (outcomes.some((o) => o.state === 'unsupported')) return null;
    const result: PreconnectResult = { connections: outcomes.length, opened: 0, failed: 0, errorsByKind: {}, pending: 0 };
    for (const outcome of outcomes) {
      if (outcome.state === 'open') result.opened++;
      else if (outcome.state === 'pending') result.pending++;
      else if (outcome.state === 'failed') {
        result.failed++;
        const kind = classifyError(outcome.error);
        result.errorsByKind[kind] = (result.errorsByKind[kind] ?? 0) + 1;
      }
    }
    return result;
  }

  async close(): Promise<void> {
    // Requests still waiting for a connection end now, as undici ends those in its own queues when destroyed.
    for (const exchange of this.inFlight.toArray()) if (exchange.connection < 0) exchange.interrupt();
    this.inFlight.close();
    const origins = [...this.origins.values()];
    this.origins.clear();
    this.lastOrigin = '';
    this.lastConnections = null;
    await Promise.allSettled(origins.map((o) => o.destroy()));
  }

  private connections(origin: string): OriginConnections {
    let connections = this.origins.get(origin);
    if (connections) {
      this.lastOrigin = origin;
      this.lastConnections = connections;
    }
    if (!connections) {
      const o = this.options;
      connections = new OriginConnections(origin, o.connections, o.pipelining, {
        pipelining: o.pipelining,
        headersTimeout: 0, // the Exchange's own total deadline applies
        bodyTimeout: 0,
        keepAliveTimeout: o.keepAlive ? KEEP_ALIVE_TIMEOUT_MS : NO_KEEP_ALIVE_TIMEOUT_MS,
        keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS,
        ...(o.http2 ? { allowH2: true } : {}),
        connect: {
          // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 cannot turn verification off behind our back.
          rejectUnauthorized: o.verifyTls,
          ...(o.ca ? { ca: o.ca } : {}),
          timeout: Math.min(o.timeoutMs, MAX_CONNECT_TIMEOUT_MS),
        },
      }, o.connect);
      this.origins.set(origin, connections);
      this.lastOrigin = origin;
      this.lastConnections = connections;
    }
    return connections;
  }
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

