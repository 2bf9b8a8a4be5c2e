/** The response a scenario sees: data copied off the pooled Exchange, headers parsed on demand. */
import type { Exchange } from '../http/exchange.js';
import type { VuResponse } from './types.js';

/** Ends the current iteration: `stop` when the run is ending, `failed` after an error. */
export class IterationAbort extends Error {
  override name = 'IterationAbort';
  constructor(readonly reason: 'stop' | 'failed', message: string) {
    super(message);
  }
}

export const STOP = new IterationAbort('stop', 'the run is stopping');

/** Told when a scenario finds a body it cannot use, so the request is counted as `capture`. */
export interface CaptureSink {
  markCapture(sequence: number): void;
}

export class ScenarioResponse implements VuResponse {
  readonly status: number;
  private readonly rawHeaders: Buffer[] | null;
  private readonly chunks: Buffer[];
  private readonly tooLarge: boolean;
  private parsedHeaders: Record<string, string | string[]> | null = null;

  constructor(
    exchange: Exchange,
    private readonly name: string,
    private readonly sequence: number,
    private readonly sink: CaptureSink,
  ) {
    this.status = exchange.status;
    this.rawHeaders = exchange.rawHeaders;
    this.chunks = exchange.chunks;
    this.tooLarge = exchange.bodyTooLarge;
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
    if (this.chunks.length === 0) return '';
    return this.chunks.length === 1 ? this.chunks[0].toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
  }

  json<T = unknown>(): T {
    const text = this.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      const preview = text.slice(0, 40).replace(/\s+/g, ' ');
      return this.fail(`body is not JSON (${preview ? `starts with ${JSON.stringify(preview)}` : 'empty'})`);
    }
  }

  private fail(why: string): never {
    this.sink.markCapture(this.sequence);
    throw new IterationAbort('failed', `${this.name}: ${why}`);
  }
}
