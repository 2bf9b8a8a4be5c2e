/**
 * A fake undici dispatcher on a fake clock, for in-process engine tests: each request is answered as
 * a script says (after some virtual milliseconds, with a status), fails, or never answers — with no
 * socket and no real waiting. It drives the Exchange through undici's handler callbacks as undici does.
 */
import { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import type { Connect } from '../../src/http/connections.js';
import { CONNECT, CONNECTED, CONNECTING } from '../../src/http/preconnect.js';
import type { FakeClock } from './fake-clock.js';

/** How to answer one request. */
export type Reply = { afterMs: number; status: number; body?: string } | { afterMs: number; error: Error } | 'never';

/** How opening connection `index` (0-based) ahead of the run ends: after some virtual ms, or never. */
export type ConnectReply = { afterMs: number; error?: Error } | 'never';

export interface FakeRequest {
  /** 1-based, in dispatch order across every connection. */
  n: number;
  /** 0-based index of the connection (dispatcher) it went to. */
  connection: number;
  method: string;
  path: string;
  at: number;
}

interface Handler {
  onConnect(abort: (reason?: Error) => void): void;
  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: unknown): void;
  onError(error: Error): void;
}

/** Every connection the engine opens shares one script and one request log. */
export class FakeTarget {
  readonly requests: FakeRequest[] = [];
  /** Requests answered (completed or failed by the script), and aborted by the client. */
  answered = 0;
  private replyTimers = 0;
  aborted = 0;
  connections = 0;
  destroyed = 0;

  /**
   * `connectReply`: when given, connections can be opened ahead of the run through undici's own
   * connect hook, as the script says (emitting `connect` or `connectionError`, as undici does).
   */
  constructor(
    private readonly clock: FakeClock,
    private readonly script: (req: FakeRequest) => Reply,
    private readonly connectReply?: (index: number) => ConnectReply,
  ) {}

  /** Replies scheduled on the clock and not yet given (timers of the fake, not of the engine). */
  pendingReplies(): number {
    return this.replyTimers;
  }

  /** The engine's connect function. */
  readonly connect: Connect = () => this.dispatcher(this.connections++);

  private dispatcher(index: number): Dispatcher {
    const emitter = new EventEmitter();
    const fake = Object.assign(emitter, {
      dispatch: (options: Dispatcher.DispatchOptions, handler: Handler) => this.dispatch(index, options, handler),
      destroy: async () => {
        this.destroyed++;
      },
      close: async () => {},
    });
    if (this.connectReply) this.addConnectHook(fake, index, this.connectReply);
    return fake as unknown as Dispatcher;
  }

  private addConnectHook(fake: EventEmitter, index: number, reply: (index: number) => ConnectReply): void {
    const state = fake as unknown as Record<symbol, unknown>;
    state[CONNECTED] = false;
    state[CONNECTING] = false;
    state[CONNECT] = () => {
      const outcome = reply(index);
      state[CONNECTING] = true;
      if (outcome === 'never') return;
      this.clock.setTimeout(() => {
        state[CONNECTING] = false;
        if (outcome.error) fake.emit('connectionError', 'origin', [fake], outcome.error);
        else {
          state[CONNECTED] = true;
          fake.emit('connect', 'origin', [fake]);
        }
      }, outcome.afterMs);
    };
  }

  private dispatch(connection: number, options: Dispatcher.DispatchOptions, handler: Handler): boolean {
    const req: FakeRequest = { n: this.requests.length + 1, connection, method: options.method, path: options.path, at: this.clock.now() };
    this.requests.push(req);
    const reply = this.script(req);
    let timer: unknown = null;
    let finished = false;
    handler.onConnect((reason) => {
      if (finished) return;
      finished = true;
      this.aborted++;
      if (timer !== null) {
        this.clock.clearTimeout(timer);
        this.replyTimers--;
      }
      handler.onError(reason ?? new Error('aborted'));
    });
    if (reply === 'never') return true;
    this.replyTimers++;
    timer = this.clock.setTimeout(() => {
      this.replyTimers--;
      if (finished) return;
      finished = true;
      this.answered++;
      if ('error' in reply) return handler.onError(reply.error);
      const body = Buffer.from(reply.body ?? 'ok');
      handler.onHeaders(reply.status, [Buffer.from('content-length'), Buffer.from(String(body.length))], () => {});
      handler.onData(body);
      handler.onComplete(null);
    }, reply.afterMs);
    return true;
  }
}
