/**
 * The response a scenario sees: data copied off the pooled Exchange; headers, text and JSON each
 * worked out when first asked for, and once.
 */
import type { Exchange } from '../http/exchange.js';
import type { ResponseTimings, VuResponse } from './types.js';

/** Ends the current iteration: `stop` when the run is ending, `failed` after an error. */
export class IterationAbort extends Error {
  override name = 'IterationAbort';
  constructor(readonly reason: 'stop' | 'failed', message: string) {
    super(message);
  }
}

export const STOP = new IterationAbort('stop', 'the run is stopping');

/** Not parsed yet (a body may well be the JSON `null`). */
const NOT_PARSED = Symbol('not parsed');

/** Told when a scenario finds a body it cannot use, so the request is counted as `capture`. */
export interface CaptureSink {
  /** `why`: the request's step and the problem, for the first capture error's warning. */
  markCapture(sequence: number, why: string): void;
}

export class ScenarioResponse implements VuResponse {
  readonly status: number;
  private readonly rawHeaders: Buffer[] | null;
  private readonly chunks: Buffer[];
  private readonly tooLarge: boolean;
  private parsedHeaders: Record<string, string | string[]> | null = null;
  private decoded: string | null = null;
  private parsed: unknown = NOT_PARSED;
  private readonly path: string;
  // Times of the exchange (pooled: copied, not kept).
  private readonly sentAt: number;
  private readonly writtenAt: number;
  private readonly connectedAt: number;
  private readonly headersAt: number;
  private readonly endedAt: number;

  constructor(
    exchange: Exchange,
    private readonly name: string,
    private readonly sequence: number,
    private readonly sink: CaptureSink,
    private readonly origin = '',
  ) {
    this.status = exchange.status;
    this.rawHeaders = exchange.rawHeaders;
    this.chunks = exchange.chunks;
    this.tooLarge = exchange.bodyTooLarge;
    this.path = exchange.path;
    this.sentAt = exchange.sentAt;
    this.writtenAt = exchange.writtenAt;
    this.connectedAt = exchange.connectedAt;
    this.headersAt = exchange.headersAt;
    this.endedAt = exchange.endedAt;
  }

  get url(): string {
    return this.origin + this.path;
  }

  /**
   * blocked: send → written, less any connecting; connecting: send → connection open, when this
   * request waited for a new connection; waiting: written → first byte; receiving: first → last byte.
   */
  get timings(): ResponseTimings {
    const written = this.writtenAt || this.sentAt;
    const headers = this.headersAt || this.endedAt;
    const connecting = this.connectedAt > this.sentAt && this.connectedAt <= written ? this.connectedAt - this.sentAt : 0;
    return {
      blocked: round3(Math.max(0, written - this.sentAt - connecting)),
      connecting: round3(connecting),
      waiting: round3(Math.max(0, headers - written)),
      receiving: round3(Math.max(0, this.endedAt - headers)),
      total: round3(Math.max(0, this.endedAt - this.sentAt)),
    };
  }

  get headers(): Record<string, string | string[] | undefined> {
    if (!this.parsedHeaders) {
      const out: Record<string, string | string[]> = {};
      const raw = this.rawHeaders ?? [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const key = raw[i].toString('latin1').toLowerCase();
        const value = raw[i + 1].toString('latin1');
        const prev = out[key];
        out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      }
      this.parsedHeaders = out;
    }
    return this.parsedHeaders;
  }

  text(): string {
    if (this.tooLarge) this.fail('body larger than 1 MiB was not kept');
    if (this.decoded === null) {
      const chunks = this.chunks;
      this.decoded = chunks.length === 0 ? '' : chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    }
    return this.decoded;
  }

  /** The body parsed as JSON, once: every call returns the same value. */
  json<T = unknown>(): T {
    if (this.parsed !== NOT_PARSED) return this.parsed as T;
    const text = this.text();
    try {
      this.parsed = JSON.parse(text);
    } catch {
      const preview = text.slice(0, 40).replace(/\s+/g, ' ');
      return this.fail(`body is not JSON (${preview ? `starts with ${JSON.stringify(preview)}` : 'empty'})`);
    }
    return this.parsed as T;
  }

  private fail(why: string): never {
    // Inside vu.check() the check fails; the request itself is not counted as `capture`.
    const message = `${this.name}: ${why}`;
    this.sink.markCapture(this.sequence, message);
    throw new IterationAbort('failed', message);
  }
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
