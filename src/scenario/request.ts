/** Turning a VU call into what the HTTP client sends, and checking `expect`. Pure (the memos it may use only remember). */
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
  /** May be the run's own headers object, shared by every request: replace it, never change it. */
  headers: Readonly<Record<string, string>>;
  body: string | Uint8Array | null;
  timeoutMs?: number;
}

/** Everything of a request that depends on its method and path alone: where it goes and its default step name. */
export interface ResolvedPath {
  readonly origin: string;
  /** The path on the origin, base path joined, query as given. */
  readonly target: string;
  /** The default step name: method + templated path. */
  readonly name: string;
}

/** Memos of what repeats from one request to the next (request-cache.ts); without one, everything is worked out each time. */
export interface RequestMemo {
  resolve(ctx: RequestContext, method: string, path: string): ResolvedPath | string;
  headers(base: Readonly<Record<string, string>>, extra: Record<string, string> | undefined, contentType: string | null): Readonly<Record<string, string>> | string;
}

type RequestContext = Pick<VuHost, 'origin' | 'basePath' | 'headers'>;

const UNCACHED: RequestMemo = { resolve: resolvePath, headers: mergeHeaders };
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

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

/** The request to send, or a message saying why it must not be sent. A JSON body is serialised once, to bytes. */
export function buildRequest(ctx: RequestContext, method: string, path: string, options: RequestOptions, memo: RequestMemo = UNCACHED): BuiltRequest | string {
  const resolved = memo.resolve(ctx, method, path);
  if (typeof resolved === 'string') return resolved;
  if (options === null || typeof options !== 'object') return `refusing to send ${method} ${JSON.stringify(path)}: the options must be an object`;
  const unknown = unknownOption(options);
  if (unknown) return `refusing to send ${method} ${JSON.stringify(path)}: ${unknown}`;
  const bodies = (options.json !== undefined ? 1 : 0) + (options.body !== undefined ? 1 : 0) + (options.form !== undefined ? 1 : 0) + (options.multipart !== undefined ? 1 : 0);
  if (bodies > 1) return `refusing to send ${method} ${JSON.stringify(path)}: give one body (json, body, form or multipart)`;
  let target = resolved.target;
  if (options.query) target += queryString(target, options.query);
  let body: string | Uint8Array | null = null;
  let contentType: string | null = null;
  if (options.json !== undefined) {
    // Bytes, not a string: undici would encode a string again for every send.
    const text = JSON.stringify(options.json) as string | undefined;
    body = text === undefined ? null : Buffer.from(text);
    contentType = JSON_TYPE;
  } else if (options.body !== undefined) body = options.body;
  else if (options.form !== undefined) {
    body = formBody(options.form);
    contentType = FORM_TYPE;
  }
  const headers = memo.headers(ctx.headers, options.headers, contentType);
  if (typeof headers === 'string') return `refusing to send ${method} ${JSON.stringify(target)}: ${headers}`;
  return { method, origin: resolved.origin, path: target, name: options.name ?? resolved.name, headers, body, keepBody: true };
}

/** Where `method path` goes and its default step name, or why it must not be sent. Pure. */
export function resolvePath(ctx: RequestContext, method: string, path: string): ResolvedPath | string {
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    return `refusing to send ${JSON.stringify(method)} ${JSON.stringify(path)}: the method must be one of ${HTTP_METHODS.join(', ')}`;
  }
  if (typeof path !== 'string') return `refusing to send ${method} ${String(path)}: the path must be a string`;
  let origin = ctx.origin;
  let target = path;
  // Checked on the raw text: URL parsing silently strips CR and LF.
  if (path.includes('\n') || path.includes('\r')) return `refusing to send ${method} ${JSON.stringify(path)}: the path contains a line break`;
  if ((path.charCodeAt(0) | 0x20) === 104 /* h */ && /^https?:\/\//i.test(path)) {
    const url = URL.canParse(path) ? new URL(path) : null;
    if (!url) return `refusing to send ${method} ${JSON.stringify(path)}: not a valid URL`;
    origin = url.origin;
    target = url.pathname + url.search;
  } else {
    target = joinPath(ctx.basePath, path);
  }
  // Only the path part: a query value may legitimately hold "//" (a URL) or a slash.
  const q = target.indexOf('?');
  if (MISSING_VALUE.test(q === -1 ? target : target.slice(0, q))) {
    return `refusing to send ${method} ${JSON.stringify(target)}: the path has an empty, undefined or null segment (a missing captured value?)`;
  }
  return { origin, target, name: defaultStepName(method, target) };
}

/**
 * The run's headers, then the body's content type, then the step's (names lower-cased, overriding);
 * or why one of the step's headers must not be sent. The run's headers are never changed, and are
 * returned as they are when there is nothing to add.
 */
export function mergeHeaders(base: Readonly<Record<string, string>>, extra: Record<string, string> | undefined, contentType: string | null): Readonly<Record<string, string>> | string {
  if (!extra && !contentType) return base;
  const headers: Record<string, string> = { ...base };
  if (contentType) headers['content-type'] = contentType;
  if (extra) {
    for (const [k, v] of Object.entries(extra)) {
      // undici would throw on these synchronously; refuse them as a value instead.
      if (!HEADER_NAME.test(k) || /[\r\n\0]/.test(String(v))) return `invalid header ${JSON.stringify(k)}`;
      headers[k.toLowerCase()] = String(v);
    }
  }
  return headers;
}

function formBody(form: NonNullable<RequestOptions['form']>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) params.append(k, String(v));
  return params.toString();
}

function joinPath(base: string, path: string): string {
  const p = path.charCodeAt(0) === 47 /* / */ ? path : `/${path}`;
  if (!base || base === '/') return p;
  let end = base.length;
  while (end > 0 && base.charCodeAt(end - 1) === 47) end--;
  return (end === base.length ? base : base.slice(0, end)) + p;
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
