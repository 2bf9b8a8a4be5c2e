/**
 * Opening a connection before any request needs it (wrk connects before it starts; so does crmload,
 * before its measured clock starts). undici's Client connects on its first request; its own
 * `[kConnect]` (what its pools use) opens the socket — TCP, and TLS when the origin is https —
 * and emits `connect` or `connectionError`. A dispatcher without it (a test's fake) is `unsupported`.
 */
import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';
import type { ExchangeClock } from './exchange.js';

const symbols = createRequire(import.meta.url)('undici/lib/core/symbols.js') as {
  kConnect: symbol;
  kConnected: symbol;
  kConnecting: symbol;
};

/** undici's connect hooks, by the symbols undici itself uses (fakes in tests implement them too). */
export const CONNECT = symbols.kConnect;
export const CONNECTED = symbols.kConnected;
export const CONNECTING = symbols.kConnecting;

/** How opening one connection ended: open, failed (with why), still connecting at the deadline, or not possible. */
export type OpenOutcome =
  | { state: 'open' }
  | { state: 'failed'; error: Error }
  | { state: 'pending' }
  | { state: 'unsupported' };

/** A dispatcher read through undici's symbols (typed loosely: the symbols are not unique types). */
type Connectable = Dispatcher & Record<symbol, unknown>;

/**
 * Open `dispatcher`'s connection, waiting at most `timeoutMs` on `clock`. A connection still opening
 * at the deadline keeps opening; the first request on it waits for it, and that wait is measured.
 */
export function openConnection(dispatcher: Dispatcher, clock: ExchangeClock, timeoutMs: number): Promise<OpenOutcome> {
  const d = dispatcher as Connectable;
  const connect = d[CONNECT];
  if (typeof connect !== 'function') return Promise.resolve({ state: 'unsupported' });
  if (d[CONNECTED] === true) return Promise.resolve({ state: 'open' });
  return new Promise((resolve) => {
    let timer: unknown = null;
    const finish = (outcome: OpenOutcome) => {
      d.off('connect', onConnect);
      d.off('connectionError', onError);
      if (timer !== null) clock.clearTimeout(timer);
      resolve(outcome);
    };
    const onConnect = () => finish({ state: 'open' });
    const onError = (_origin: unknown, _targets: unknown, error: Error) => finish({ state: 'failed', error });
    d.on('connect', onConnect);
    d.on('connectionError', onError);
    timer = clock.setTimeout(() => finish({ state: 'pending' }), timeoutMs);
    if (d[CONNECTING] === true) return; // already opening (for a request): wait for it
    try {
      connect.call(d, () => {});
    } catch (error) {
      finish({ state: 'failed', error: error as Error });
    }
  });
}
