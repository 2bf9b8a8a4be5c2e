/** Helpers of a VU's requests: refusing one as a value, and encoding a multipart body. */
import type { Exchange } from '../http/exchange.js';
import type { IterationOutcome } from '../load/driver.js';
import type { IterationCounters } from '../report/types.js';
import type { VuCookieJar } from './cookie-jar.js';
import type { VuHost } from './host.js';
import { matchesExpectation, type BuiltRequest } from './request.js';
import { IterationAbort } from './response.js';
import type { ScenarioRuntime } from './runtime.js';
import { defaultStepName } from './template-path.js';
import type { MultipartFile, RequestOptions, VuResponse } from './types.js';

/**
 * Count a request that was refused before sending (kind `invalid` or `origin`) in its step: a failed
 * request with no bytes and no latency. Returns the step name.
 */
export function refuseRequest(host: VuHost, kind: 'invalid' | 'origin', method: string, path: unknown, options: RequestOptions, scenario: string, group: string | null): string {
  const named = options !== null && typeof options === 'object' && typeof options.name === 'string' ? options.name : null;
  const name = named ?? defaultStepName(String(method), typeof path === 'string' ? path.replace(/^https?:\/\/[^/]*/i, '') || '/' : String(path));
  const sink = host.step(name, scenario, group);
  const exchange = host.acquire();
  exchange.prepare(String(method), typeof path === 'string' ? path : '', 0);
  exchange.kind = kind;
  exchange.sentAt = exchange.intendedAt = exchange.endedAt = host.now();
  exchange.done = true;
  host.noteFailure(name, exchange);
  sink.record(exchange);
  host.release(exchange);
  return name;
}

/** `timeout` and `multipart` on a built request: a problem message, or null once the request has them. */
export async function prepareExtras(built: BuiltRequest, options: RequestOptions, runtime: ScenarioRuntime): Promise<string | null> {
  if (options.timeout !== undefined) {
    try {
      built.timeoutMs = runtime.parseTimeout(options.timeout);
    } catch (error) {
      return `refusing to send ${built.method} ${JSON.stringify(built.path)}: ${(error as Error).message}`;
    }
  }
  if (options.multipart !== undefined) {
    const encoded = await encodeMultipart(options.multipart);
    if (typeof encoded === 'string') return `refusing to send ${built.method} ${JSON.stringify(built.path)}: ${encoded}`;
    built.body = encoded.body;
    // A new headers object: the built one may be the run's own, shared by every request.
    built.headers = { ...built.headers, 'content-type': encoded.type };
  }
  return null;
}

/** A request refused before sending: counted in its step and said once; the error that fails the iteration. */
export function refusal(host: VuHost, runtime: ScenarioRuntime, group: string | null, kind: 'invalid' | 'origin', method: string, path: unknown, options: RequestOptions, message: string): IterationAbort {
  const name = refuseRequest(host, kind, method, path, options, runtime.name, group);
  host.warn(`refused:${kind}:${runtime.name}:${name}`, `${runtime.name}: ${name}: ${message}; the iteration failed`);
  return new IterationAbort('failed', `${name}: ${message}`);
}

/** A multipart/form-data body through undici's FormData, or a problem message. */
export async function encodeMultipart(parts: NonNullable<RequestOptions['multipart']>): Promise<{ body: Uint8Array; type: string } | string> {
  if (parts === null || typeof parts !== 'object') return 'multipart must be an object of fields and files';
  // undici's index (its web API, which brings Node's own copy of undici): only for a multipart body.
  const { FormData, Response } = await import('undici');
  const form = new FormData();
  for (const [key, value] of Object.entries(parts)) {
    if (typeof value === 'string' || typeof value === 'number') form.append(key, String(value));
    else if (isFile(value)) form.append(key, new Blob([value.content], { type: value.type ?? 'application/octet-stream' }), value.filename);
    else return `multipart field "${key}": expected a string, a number or { content, filename, type }`;
  }
  const response = new Response(form);
  return { body: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('content-type') ?? 'multipart/form-data' };
}

function isFile(value: unknown): value is MultipartFile {
  const v = value as MultipartFile | null;
  return v !== null && typeof v === 'object' && typeof v.filename === 'string' && (typeof v.content === 'string' || v.content instanceof Uint8Array);
}

export function originRefusal(origin: string): string {
  return `refused: ${origin} is not the target; allow it with --allow-origin ${origin} or the scenario's origins`;
}

/** Add the jar's cookies for this request to its Cookie header (a new headers object: the old one may be shared). */
export function addCookies(request: { origin: string; path: string; headers: Readonly<Record<string, string>> }, jar: VuCookieJar): void {
  const cookies = jar.header(request.origin, request.path);
  if (cookies) request.headers = { ...request.headers, cookie: request.headers.cookie ? `${request.headers.cookie}; ${cookies}` : cookies };
}

export function countIteration(runtime: ScenarioRuntime, counters: IterationCounters, outcome: IterationOutcome, steps: number): void {
  if (outcome === 'completed') {
    counters.completed++;
    if (steps > runtime.maxSteps) runtime.maxSteps = steps;
  } else if (outcome === 'interrupted') counters.interrupted++;
  else {
    counters.failed++;
    counters.skippedSteps += Math.max(0, runtime.maxSteps - steps);
  }
}

const ignore = () => {};

/** A promise already rejected, marked as handled (awaiting it still throws). */
export function rejected(reason: unknown): Promise<never> {
  return handled(Promise.reject(reason));
}

/** The promise itself, marked as handled: awaiting it still throws. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(ignore);
  return promise;
}

/** Apply the step's `expect` to a response: a status it allows is a success, one it refuses a `check`. */
export function checkExpectation(result: Exchange, expect: RequestOptions['expect'], response: VuResponse): Exchange['kind'] {
  if (expect !== undefined && result.status > 0 && (result.kind === null || isStatusKind(result.kind))) {
    const ok = matchesExpectation(expect, response);
    if (ok) result.kind = null;
    else if (result.kind === null) result.kind = 'check';
  }
  return result.kind;
}

function isStatusKind(kind: string): boolean {
  return kind === 'http4xx' || kind === 'http5xx' || kind === 'throttled';
}
