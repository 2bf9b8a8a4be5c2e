/**
 * Following redirects (k6's default: up to 10): the next request of a 301/302/303/307/308 answer.
 * 303, and 301/302 after a POST, become a GET without body; 307/308 keep method and body. Across
 * origins, credentials are not carried over (authorization, cookie, proxy-authorization, x-api-key):
 * the jar adds the new origin's own cookies. Pure.
 */
import { SECRET_HEADERS } from '../secret-headers.js';
import type { BuiltRequest } from './request.js';

/** A request a redirect leads to: built like any other, under the first one's step name. */
export type Hop = BuiltRequest;

/** A status a redirect is followed for. */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** The first value of a response header (lower-case name) from undici's raw list. */
export function rawHeader(raw: Buffer[] | null, name: string): string | undefined {
  if (!raw) return undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].length === name.length && raw[i].toString('latin1').toLowerCase() === name) return raw[i + 1].toString('latin1');
  }
  return undefined;
}

/** The request a redirect asks for, or null when there is nothing to follow (no usable Location). */
export function redirectHop(previous: Hop, status: number, location: string | undefined): Hop | null {
  if (!location) return null;
  let url: URL;
  try {
    url = new URL(location, previous.origin + previous.path);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const toGet = status === 303 || ((status === 301 || status === 302) && previous.method === 'POST');
  const headers: Record<string, string> = {};
  const sameOrigin = url.origin === previous.origin;
  for (const [k, v] of Object.entries(previous.headers)) {
    if (k === 'cookie' || (!sameOrigin && SECRET_HEADERS.has(k))) continue;
    if (toGet && (k === 'content-type' || k === 'content-length')) continue;
    headers[k] = v;
  }
  return {
    method: toGet ? 'GET' : previous.method,
    origin: url.origin,
    path: url.pathname + url.search,
    name: previous.name,
    headers,
    body: toGet ? null : previous.body,
    keepBody: true,
    ...(previous.timeoutMs ? { timeoutMs: previous.timeoutMs } : {}),
  };
}
