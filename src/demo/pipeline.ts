/** One request's way through the server: count, levers, route, auth, body, cache, handler, answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App, AppContext, AppRoute } from './app.js';
import { errorBody, HttpError } from './http/errors.js';
import { parseJson, readBody, sendJson, sendRaw } from './http/io.js';
import type { Router } from './http/router.js';
import type { FaultInjector } from './levers/faults.js';
import type { RequestPool } from './levers/pool.js';
import type { TokenBucket } from './levers/rate-limit.js';
import { UNMATCHED } from './stats.js';

/** Where the demo serves its Prometheus metrics. */
export const METRICS_PATH = '/metrics';

/** The levers that act before a request reaches its handler. */
export interface RequestLevers {
  bucket?: TokenBucket;
  /** At most `size` requests processed at once; the rest wait, first come first served. */
  pool?: RequestPool;
  faults: FaultInjector;
  /** Monotonic milliseconds, for the token bucket. */
  now(): number;
}

/** A Node request listener serving `app` through `router`; never throws, never rejects. */
export function createRequestHandler(
  app: App, router: Router<App>, levers: RequestLevers, isClosed: () => boolean,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    serve(app, router, levers, isClosed, request, response).catch((error: unknown) => fail(response, error));
  };
}

function fail(response: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) {
    sendJson(response, error.status, errorBody(error), error.headers);
    return;
  }
  // A bug in a handler: answer 500 and keep serving.
  console.error('crmload demo server: internal error:', error);
  sendJson(response, 500, { error: { code: 'internal_error', message: 'internal server error' } });
}

function applyRateLimit(app: App, levers: RequestLevers): void {
  if (levers.bucket) {
    const decision = levers.bucket.take(levers.now());
    if (!decision.allowed) {
      app.metrics.countThrottled();
      throw new HttpError(429, 'rate_limited', 'too many requests: rate limit exceeded', undefined, {
        'retry-after': String(decision.retryAfterSeconds),
      });
    }
  }
}

async function applyFaults(app: App, levers: RequestLevers): Promise<void> {
  const delay = levers.faults.delayMs();
  if (delay > 0) await sleep(delay);
  if (levers.faults.shouldFail()) {
    app.metrics.countInjectedError();
    throw new HttpError(503, 'service_unavailable', 'injected fault: service unavailable (--error-rate)');
  }
}

async function serve(
  app: App, router: Router<App>, levers: RequestLevers, isClosed: () => boolean,
  request: IncomingMessage, response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const [path, search = ''] = (request.url ?? '/').split('?', 2);
  if (method === 'GET' && path === METRICS_PATH) return serveMetrics(app, response);
  const match = router.match(method, path);
  const route = match.kind === 'found' ? match.route : undefined;
  if (route?.counted !== false) {
    app.stats.count(route ? `${method} ${route.pattern}` : UNMATCHED);
    timeRequest(app, response, method, route ? route.pattern : UNMATCHED, performance.now());
  }
  const pooled = route?.levers !== false && levers.pool !== undefined;
  if (route?.levers !== false) applyRateLimit(app, levers);
  // A request whose client left while it waited for a slot is dropped: nobody would read the answer.
  if (pooled && !(await levers.pool!.acquire(() => request.socket.destroyed))) return void response.destroy();
  try {
    if (route?.levers !== false) await applyFaults(app, levers);
    await handle(app, match, { method, path, search }, isClosed, request, response);
  } finally {
    if (pooled) levers.pool!.release();
  }
}

type Match = ReturnType<Router<App>['match']>;

async function handle(
  app: App, match: Match, target: { method: string; path: string; search: string },
  isClosed: () => boolean, request: IncomingMessage, response: ServerResponse,
): Promise<void> {
  const { method, path, search } = target;
  if (isClosed()) {
    response.destroy();
    return;
  }
  if (match.kind === 'wrong-method') {
    throw new HttpError(405, 'method_not_allowed', `${method} not allowed on ${path}`, undefined, {
      allow: match.allowed.join(', '),
    });
  }
  if (match.kind === 'none') throw new HttpError(404, 'not_found', `no route for ${method} ${path}`);
  const userId = match.route.auth === false ? 0 : authenticate(app, request);
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const body = hasBody ? parseBody(await readBody(request), request.headers['content-type']) : undefined;
  const context = { app, params: match.params, query: new URLSearchParams(search), body, userId };
  const cacheKey = app.cache && method === 'GET' && match.route.reads ? `${path}?${search}` : undefined;
  await answer(match.route, context, cacheKey, response);
}

/** Runs the handler (or serves the cached answer) and writes the reply; writes invalidate the cache. */
async function answer(
  route: AppRoute, context: AppContext, cacheKey: string | undefined, response: ServerResponse,
): Promise<void> {
  const { cache } = context.app;
  const cached = cacheKey ? cache?.get(cacheKey) : undefined;
  if (cached) return sendRaw(response, cached.status, cached.body, { 'x-demo-cache': 'hit' });
  const reply = await route.handle(context);
  const status = reply.status ?? 200;
  if (status < 300 && route.writes) context.app.invalidate(route.writes);
  const text = status === 204 || reply.body === undefined ? '' : JSON.stringify(reply.body);
  if (cacheKey && status === 200) cache?.set(cacheKey, route.reads ?? [], { status, body: text });
  sendRaw(response, status, text, { ...reply.headers, ...(cacheKey ? { 'x-demo-cache': 'miss' } : {}) });
}

/** Observes the request's duration once its answer has been written (or the connection closed). */
function timeRequest(app: App, response: ServerResponse, method: string, route: string, startedMs: number): void {
  response.once('close', () => app.metrics.observeRequest(method, route, response.statusCode, (performance.now() - startedMs) / 1000));
}

/** GET /metrics: never counted, throttled or faulted, so a scraper sees the server as it is. */
async function serveMetrics(app: App, response: ServerResponse): Promise<void> {
  const { contentType, text } = await app.metrics.render();
  if (response.headersSent || response.destroyed) return;
  response.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}

/** JSON, or a form (`application/x-www-form-urlencoded`) as an object of strings. */
function parseBody(text: string, contentType: string | undefined): unknown {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return parseJson(text);
}

/** A bearer token, or the session cookie of POST /api/auth/session. */
function authenticate(app: App, request: IncomingMessage): number {
  const userId = app.tokens.verifyHeader(request.headers.authorization) ?? app.tokens.verifyCookie(request.headers.cookie);
  if (userId !== undefined) return userId;
  const message = request.headers.authorization ? 'invalid bearer token' : 'missing Authorization: Bearer <token> (or the session cookie)';
  throw new HttpError(401, 'unauthorized', `${message}; log in with POST /api/auth/login or POST /api/auth/session`, undefined, {
    'www-authenticate': 'Bearer',
  });
}
