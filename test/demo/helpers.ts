/** Test helpers for the demo server: start one, log in, send JSON requests. */
import { createDemoServer, DEMO_LOGIN, type DemoOptions, type DemoServer } from '../../src/demo/index.js';

/** An answer with its body parsed (when it is JSON). */
export interface Answer {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

/** A logged-in client of one demo server. */
export interface DemoClient {
  server: DemoServer;
  url: string;
  token: string;
  /** Sends a request with the bearer token (unless `headers.authorization` is given, or `auth: false`). */
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<Answer>;
  get(path: string, options?: RequestOptions): Promise<Answer>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  auth?: boolean;
  /** Send this text as the body instead of JSON-encoding `body`. */
  raw?: string;
}

/** Sends one request to `url + path`. */
export async function send(
  url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, raw?: string,
): Promise<Answer> {
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: payload,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Logs in with the documented demo login and returns the token (retrying injected 503s and 429s). */
export async function login(url: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send(url, 'POST', '/api/auth/login', DEMO_LOGIN);
    if (answer.status === 200) return answer.json.token as string;
    if (attempt >= 20 || (answer.status !== 503 && answer.status !== 429)) {
      throw new Error(`login failed: ${answer.status} ${answer.text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts a demo server on 127.0.0.1:0 and logs in. Close it with `client.server.close()`. */
export async function startDemo(options: DemoOptions = {}): Promise<DemoClient> {
  const server = await createDemoServer({ seed: 7, size: 'small', ...options });
  const token = await login(server.url);
  const request = (method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Answer> => {
    const auth: Record<string, string> = options.auth === false ? {} : { authorization: `Bearer ${token}` };
    return send(server.url, method, path, body, { ...auth, ...options.headers }, options.raw);
  };
  return { server, url: server.url, token, request, get: (path, options) => request('GET', path, undefined, options) };
}

/** Milliseconds a request takes, measured around `work`. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}
