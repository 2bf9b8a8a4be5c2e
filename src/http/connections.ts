/**
 * The connections to one origin: N undici Clients, each used for at most `pipelining` requests at
 * a time, idle ones first. It does what undici's Pool does for us, minus its generic queueing,
 * which measured ~2 µs per request (~12% of the hot path) on one core against nginx. When every
 * client is full, requests wait here, oldest first, and each goes out on the first client that
 * frees up (as a Pool's do): not in one client's own queue, behind a response that may be slow
 * while other connections are free, and holding undici's request objects all the while.
 */
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import type { Client as UndiciClient, Dispatcher } from 'undici';
import type { Exchange, ExchangeClock } from './exchange.js';
import { openConnection, type OpenOutcome } from './preconnect.js';

export type ClientOptions = ConstructorParameters<typeof UndiciClient>[1];

/**
 * undici's Client from its own module, not the package index: the index also loads undici's web
 * API (fetch, cookies), whose use of the global `Headers` makes Node load its own bundled copy of
 * undici and compile a second llhttp WebAssembly parser — about 10 MB of memory we never use.
 */
const Client = createRequire(import.meta.url)('undici/lib/dispatcher/client.js') as typeof UndiciClient;

/**
 * Opens one connection's dispatcher to an origin: an undici `Client` by default; tests pass a fake
 * dispatcher (undici's own pattern: everything is a swappable Dispatcher).
 */
export type Connect = (origin: string, options: ClientOptions) => Dispatcher;

export const connectWithUndici: Connect = (origin, options) => new Client(origin, options);

export class OriginConnections {
  private readonly clients: Dispatcher[] = [];
  /** Requests in flight per client. */
  private readonly load: Int32Array;
  /** Clients with spare capacity, used last-in first-out so few connections stay warm. */
  private readonly spare: number[] = [];
  private readonly inSpare: Uint8Array;
  /** Requests waiting for a client, oldest first from `waitingHead` (finished ones are skipped). */
  private waiting: Exchange[] = [];
  private waitingHead = 0;
  /** When each client last opened its connection (performance.now() ms), for `res.timings.connecting`. */
  readonly connectedAt: Float64Array;

  constructor(origin: string, size: number, private readonly depth: number, options: ClientOptions, connect: Connect = connectWithUndici) {
    this.connectedAt = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const client = connect(origin, options);
      // Failures reach exchanges as values; the client's own events need no listener to be safe.
      client.on('connectionError', () => {});
      client.on('connect', () => (this.connectedAt[i] = performance.now()));
      this.clients.push(client);
    }
    this.load = new Int32Array(size);
    this.inSpare = new Uint8Array(size).fill(1);
    for (let i = size - 1; i >= 0; i--) this.spare.push(i);
  }

  /** The client index for the next request, or -1 when every client is full (see {@link wait}). */
  acquire(): number {
    const spare = this.spare;
    while (spare.length > 0) {
      const i = spare[spare.length - 1];
      if (this.load[i] < this.depth) {
        if (++this.load[i] === this.depth) {
          spare.pop();
          this.inSpare[i] = 0;
        }
        return i;
      }
      spare.pop();
      this.inSpare[i] = 0;
    }
    return -1;
  }

  /** Whether any request waits (finished ones included, until they are skipped). */
  hasWaiting(): boolean {
    return this.waitingHead < this.waiting.length;
  }

  /** Keep a request until a client is free (every client was full). */
  wait(exchange: Exchange): void {
    this.waiting.push(exchange);
  }

  /** The oldest waiting request not finished yet (a deadline or an interruption ends one where it waits), left in the queue; null when none waits. */
  firstWaiting(): Exchange | null {
    const waiting = this.waiting;
    while (this.waitingHead < waiting.length) {
      const exchange = waiting[this.waitingHead];
      if (!exchange.done) return exchange;
      this.dropFirstWaiting();
    }
    return null;
  }

  /** Take the first waiting request off the queue. */
  dropFirstWaiting(): void {
    const head = ++this.waitingHead;
    if (head === this.waiting.length) {
      this.waiting = [];
      this.waitingHead = 0;
    } else if (head >= 1024 && head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(head);
      this.waitingHead = 0;
    }
  }

  client(index: number): Dispatcher {
    return this.clients[index];
  }

  /** A request on client `index` has finished. */
  release(index: number): void {
    if (--this.load[index] < this.depth && this.inSpare[index] === 0) {
      this.inSpare[index] = 1;
      this.spare.push(index);
    }
  }

  /** Open every connection now (in parallel), each waiting at most `timeoutMs`. */
  open(clock: ExchangeClock, timeoutMs: number): Promise<OpenOutcome[]> {
    return Promise.all(this.clients.map((client) => openConnection(client, clock, timeoutMs)));
  }

  destroy(): Promise<unknown> {
    return Promise.allSettled(this.clients.map((c) => c.destroy()));
  }
}
