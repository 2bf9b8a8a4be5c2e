/**
 * A loopback HTTP server with misbehaving routes, for integration tests of the load generator.
 *
 * Routes (all GET-able; query parameters as shown):
 * - `/ok` 200 "ok" · `/json` valid JSON · `/badjson` 200 JSON content type, HTML body
 * - `/delay?ms=N` answers after N ms · `/dist` 10/50/200 ms chosen from the request sequence
 * - `/status?code=N` that status with a small JSON body (429 adds `Retry-After: 1`)
 * - `/reset` socket reset without a response · `/reset-mid-body` headers and half a body, then reset
 * - `/never` never answers (socket kept until `close()`) · `/drip?interval=ms&total=N` one byte per interval
 * - `/huge?mb=N` N MiB of zeros, streamed with backpressure · `/echo` JSON of what was received
 * - `/work` (with the `workers` option) served by c workers of fixed service time, FIFO: known capacity
 * - anything else: 404
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll } from 'vitest';
import { FixedWorkers, serveWork } from './fixed-workers.js';

/** A one-time event-loop freeze, measured from the server's first request. */
export interface StallOption {
  /** Milliseconds after the first request at which the freeze starts. */
  atMs: number;
  /** How long the event loop is kept busy (no request is served meanwhile). */
  forMs: number;
}

/** Options of {@link startFaultServer}. */
export interface FaultServerOptions {
  /** Loopback address to listen on; default 127.0.0.1. Anything else is refused. */
  host?: string;
  /** Freeze the server once, like a GC pause or a blocked handler. */
  stall?: StallOption;
  /** `/work` is served by `count` workers of exactly `serviceMs` each: capacity count / serviceMs. */
  workers?: { count: number; serviceMs: number };
}

/** When a configured stall actually happened, in `performance.now()` milliseconds. */
export interface StallWindow {
  startMs: number;
  endMs: number;
}

/** A running fault server. */
export interface FaultServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Destroys every open socket (also `/never` and `/drip` ones), then stops listening. */
  close(): Promise<void>;
  /** Requests received since start or the last `reset()`. */
  count(): number;
  /** Requests received per path (without the query string). */
  countByPath(): Record<string, number>;
  /** Arrival times (`performance.now()` ms), oldest first, the last {@link ARRIVALS_KEPT} only. */
  arrivals(): number[];
  /** The stall's actual window once it has happened. */
  stallWindow(): StallWindow | undefined;
  /** Clears counts, arrivals and the `/dist` sequence. */
  reset(): void;
}

/** How many arrival timestamps are kept (a ring buffer, so long runs stay bounded). */
export const ARRIVALS_KEPT = 100_000;

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/;
const MIB = 1024 * 1024;
const ZEROS = Buffer.alloc(64 * 1024);

/** Starts a fault server on an ephemeral loopback port. */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host)) throw new Error(`fault server: ${host} is not a loopback address`);
  const state = new ServerState(options.stall);
  if (options.workers) state.workers = new FixedWorkers(options.workers.count, options.workers.serviceMs, (ms, fn, due) => state.later(ms, fn, due));
  const server = createServer({ keepAlive: true }, (req, res) => state.handle(req, res));
  // Longer than undici's 4 s keep-alive default, so idle pooled sockets are not closed under a test.
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => state.track(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: async () => {
      state.shutdown();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    count: () => state.total,
    countByPath: () => Object.fromEntries(state.byPath),
    arrivals: () => state.arrivalList(),
    stallWindow: () => state.stall,
    reset: () => state.reset(),
  };
}

/** Mutable per-server bookkeeping; one instance per server, never shared. */
class ServerState {
  total = 0;
  byPath = new Map<string, number>();
  stall: StallWindow | undefined;
  workers: FixedWorkers | undefined;
  private readonly ring = new Float64Array(ARRIVALS_KEPT);
  private ringNext = 0;
  private ringSize = 0;
  private distSeq = 0;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stallArmed: boolean;

  constructor(private readonly stallOption: StallOption | undefined) {
    this.stallArmed = stallOption !== undefined;
  }

  track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fault.invalid');
    this.record(url.pathname);
    if (url.pathname !== '/echo') req.resume();
    const route = ROUTES[url.pathname];
    if (route) route(this, req, res, url.searchParams);
    else sendText(res, 404, 'not found');
  }

  /**
   * Runs `fn` no sooner than `ms` from now, on a timer that `shutdown()` clears. Node's timers run
   * on the loop's cached millisecond clock and can fire up to ~1 ms early, which would let a
   * "25 ms" response arrive in 24.3 ms: re-arm until the full time has passed.
   */
  later(ms: number, fn: () => void, due = performance.now() + ms): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const left = due - performance.now();
      if (left > 0) this.later(left, fn, due);
      else fn();
    }, Math.ceil(ms));
    this.timers.add(timer);
  }

  nextDistDelay(): number {
    const slot = this.distSeq++ % 100;
    return slot < 80 ? 10 : slot < 97 ? 50 : 200;
  }

  arrivalList(): number[] {
    const start = (this.ringNext - this.ringSize + ARRIVALS_KEPT) % ARRIVALS_KEPT;
    const out = new Array<number>(this.ringSize);
    for (let i = 0; i < this.ringSize; i++) out[i] = this.ring[(start + i) % ARRIVALS_KEPT];
    return out;
  }

  reset(): void {
    this.total = 0;
    this.byPath.clear();
    this.ringNext = 0;
    this.ringSize = 0;
    this.distSeq = 0;
  }

  shutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private record(path: string): void {
    const now = performance.now();
    if (this.stallArmed && this.stallOption) this.armStall(this.stallOption);
    this.total++;
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
    this.ring[this.ringNext] = now;
    this.ringNext = (this.ringNext + 1) % ARRIVALS_KEPT;
    if (this.ringSize < ARRIVALS_KEPT) this.ringSize++;
  }

  private armStall({ atMs, forMs }: StallOption): void {
    this.stallArmed = false;
    this.later(atMs, () => {
      const startMs = performance.now();
      // A busy wait, not a sleep: the point is that nothing else on this loop can run.
      while (performance.now() - startMs < forMs) { /* frozen */ }
      this.stall = { startMs, endMs: performance.now() };
    });
  }
}

type Route = (state: ServerState, req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => void;

const ROUTES: Record<string, Route> = {
  '/ok': (_s, _q, res) => sendText(res, 200, 'ok'),
  '/json': (_s, _q, res) => sendJson(res, 200, { id: 'abc', token: 't' }),
  '/badjson': (_s, _q, res) => send(res, 200, 'application/json', '<html>'),
  '/delay': (state, _q, res, query) => state.later(intParam(query, 'ms', 0), () => sendText(res, 200, 'ok')),
  '/dist': (state, _q, res) => state.later(state.nextDistDelay(), () => sendText(res, 200, 'ok')),
  '/status': (_s, _q, res, query) => sendStatus(res, intParam(query, 'code', 500)),
  '/reset': (_s, req) => resetSocket(req.socket),
  '/reset-mid-body': (state, req, res) => resetMidBody(state, req.socket, res),
  '/never': () => undefined,
  '/drip': (state, _q, res, query) => drip(state, res, intParam(query, 'interval', 10), intParam(query, 'total', 10)),
  '/huge': (_s, _q, res, query) => streamZeros(res, intParam(query, 'mb', 1) * MIB),
  '/echo': (_s, req, res) => echo(req, res),
  '/work': (state, req, res) => serveWork(state.workers, req, res),
};

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const value = Number(query.get(name) ?? fallback);
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, body: string): void {
  send(res, status, 'text/plain', body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

function sendStatus(res: ServerResponse, code: number): void {
  const status = code >= 200 && code <= 599 ? code : 500;
  if (status === 429) res.setHeader('retry-after', '1');
  sendJson(res, status, { status });
}

function resetSocket(socket: Socket): void {
  // resetAndDestroy sends a TCP RST (Node >= 16.17); fall back to a plain close elsewhere.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function resetMidBody(state: ServerState, socket: Socket, res: ServerResponse): void {
  const length = 1000;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': length });
  // Let the half body reach the client before the RST, so the error is mid-body, not before headers.
  res.write('x'.repeat(length / 2), () => state.later(20, () => resetSocket(socket)));
}

function drip(state: ServerState, res: ServerResponse, intervalMs: number, total: number): void {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': total });
  let written = 0;
  const tick = (): void => {
    if (res.destroyed) return;
    written++;
    res.write('.');
    if (written < total) state.later(intervalMs, tick);
    else res.end();
  };
  if (total === 0) res.end();
  else state.later(intervalMs, tick);
}

function streamZeros(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes });
  let left = bytes;
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const chunk = left >= ZEROS.length ? ZEROS : ZEROS.subarray(0, left);
      left -= chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

function echo(req: IncomingMessage, res: ServerResponse): void {
  let bodyLength = 0;
  req.on('data', (chunk: Buffer) => (bodyLength += chunk.length));
  req.on('end', () => sendJson(res, 200, { method: req.method, url: req.url, headers: req.headers, bodyLength }));
}

/**
 * For a test file: a function that starts a fresh fault server per call (so cases can run at the
 * same time and counts stay exact); every server it started is closed after the file's tests.
 */
export function faultServersForFile(): () => Promise<FaultServer> {
  const servers: FaultServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return async () => {
    const s = await startFaultServer();
    servers.push(s);
    return s;
  };
}
