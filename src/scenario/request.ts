/** Turning a VU call into what the HTTP client sends, and checking `expect`. Pure. */
import { didYouMean } from '../did-you-mean.js';
import type { OutgoingRequest } from './exchange-cycle.js';
import type { VuHost } from './host.js';
import { defaultStepName } from './template-path.js';
import type { Expectation, HttpMethod, RequestOptions, VuResponse } from './types.js';

/** A request built from a VU call: what is sent, plus its step name. Its body is kept for the scenario. */
export interface BuiltRequest extends OutgoingRequest {
  origin: string;
  path: string;
  name: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  timeoutMs?: number;
}

/** A path segment a scenario produced from a missing capture (`/api/leads/undefined`). */
const MISSING_VALUE = /\/(?:undefined|null|NaN)(?:[/#]|$)|\/\//;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The methods a VU sends. */
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Every request option (`vu.get(path, { … })`), and the two more a `batch` entry has. */
export const REQUEST_OPTIONS: readonly string[] = ['name', 'json', 'body', 'headers', 'query', 'expect', 'form', 'multipart', 'timeout', 'redirects'];
const KNOWN: Readonly<Record<string, true>> = Object.assign(Object.create(null) as Record<string, true>, Object.fromEntries([...REQUEST_OPTIONS, 'method', 'path'].map((k) => [k, true])));

/**
 * The first unknown request option, said with a guess (`expext` → "expect"), or null. A typo must
 * not pass silently: `{ expext: 201 }` would otherwise accept any status.
 */
export function unknownOption(options: object): string | null {
  for (const key in options) {
    if (KNOWN[key] !== true) return `unknown request option "${key}"${didYouMean(key, REQUEST_OPTIONS)} (options: ${REQUEST_OPTIONS.join(', ')})`;
  }
  return null;
}

/** The request to send, or a message saying why it must not be sent. */
export function buildRequest(
  ctx: Pick<VuHost, 'origin' | 'basePath' | 'headers'>,
  method: string,
  path: string,
  options: RequestOptions,
): BuiltRequest | string {
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    return `refusing to send ${JSON.stringify(method)} ${JSON.stringify(path)}: the method must be one of ${HTTP_METHODS.join(', ')}`;
  }
  if (typeof path !== 'string') return `refusing to send ${method} ${String(path)}: the path must be a string`;
  if (options === null || typeof options !== 'object') return `refusing to send ${method} ${JSON.stringify(path)}: the options must be an object`;
  const unknown = unknownOption(options);
  if (unknown) return `refusing to send ${method} ${JSON.stringify(path)}: ${unknown}`;
  const bodies = (options.json !== undefined ? 1 : 0) + (options.body !== undefined ? 1 : 0) + (options.form !== undefined ? 1 : 0) + (options.multipart !== undefined ? 1 : 0);
  if (bodies > 1) return `refusing to send ${method} ${JSON.stringify(path)}: give one body (json, body, form or multipart)`;
  let origin = ctx.origin;
  let target = path;
  // Checked on the raw text: URL parsing silently strips CR and LF.
  if (/[\r\n]/.test(path)) return `refusing to send ${method} ${JSON.stringify(path)}: the path contains a line break`;
  if (/^https?:\/\//i.test(path)) {
    const url = URL.canParse(path) ? new URL(path) : null;
    if (!url) return `refusing to send ${method} ${JSON.stringify(path)}: not a valid URL`;
    origin = url.origin;
    target = url.pathname + url.search;
  } else {
    target = joinPath(ctx.basePath, path);
  }
  // Only the path part: a query value may legitimately hold "//" (a URL) or a slash.
  if (MISSING_VALUE.test(target.split('?')[0])) {
    return `refusing to send ${method} ${JSON.stringify(target)}: the path has an empty, undefined or null segment (a missing captured value?)`;
  }
  if (options.query) target += queryString(target, options.query);
  const headers: Record<string, string> = { ...ctx.headers };
  let body: string | Uint8Array | null = null;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) body = options.body;
  else if (options.form !== undefined) {
    body = formBody(options.form);
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (options.headers) {
    for (const [k, v] of Object.entries(options.headers)) {
      // undici would throw on these synchronously; refuse them as a value instead.
      if (!HEADER_NAME.test(k) || /[\r\n\0]/.test(String(v))) return `refusing to send ${method} ${JSON.stringify(target)}: invalid header ${JSON.stringify(k)}`;
      headers[k.toLowerCase()] = String(v);
    }
  }
  return { method, origin, path: target, name: options.name ?? defaultStepName(method, target), headers, body, keepBody: true };
}

function formBody(form: NonNullable<RequestOptions['form']>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) params.append(k, String(v));
  return params.toString();
}

function joinPath(base: string, path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  if (!base || base === '/') return p;
  return base.replace(/\/+$/, '') + p;
}

function queryString(path: string, query: NonNullable<RequestOptions['query']>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const qs = params.toString();
  if (!qs) return '';
  return (path.includes('?') ? '&' : '?') + qs;
}

/** Does the response meet the step's expectation (a status, a list of statuses, or a predicate)? */
export function matchesExpectation(expect: Expectation, response: VuResponse): boolean {
  if (typeof expect === 'number') return response.status === expect;
  if (typeof expect === 'function') {
    try {
      return Boolean(expect(response));
    } catch {
      return false;
    }
  }
  return expect.includes(response.status);
}
