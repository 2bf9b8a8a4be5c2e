/** A tiny router: method + path pattern with `:params`, matched segment by segment. */
import type { Table } from '../db/schema.js';

/** What a handler returns; the server serialises `body` as JSON (none for 204). */
export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a handler sees of one request. `C` is the application context (database, cache, jobs...). */
export interface RouteContext<C> {
  app: C;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  /** The authenticated user (0 on public routes). */
  userId: number;
}

/** One route. `reads` makes a GET cacheable; `writes` invalidates those tables' cached answers. */
export interface Route<C> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Like `/api/contacts/:id`; also the route's name in the statistics. */
  pattern: string;
  /** Defaults to true: a bearer token is required. */
  auth?: boolean;
  /** Defaults to true: rate limit and faults apply (false for health and stats endpoints). */
  levers?: boolean;
  /** Defaults to true: counted in the request statistics. */
  counted?: boolean;
  reads?: readonly Table[];
  writes?: readonly Table[];
  handle(context: RouteContext<C>): Reply | Promise<Reply>;
}

/** The outcome of matching a request. */
export type RouteMatch<C> =
  | { kind: 'found'; route: Route<C>; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

interface Compiled<C> {
  route: Route<C>;
  segments: string[];
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) params[pattern[i].slice(1)] = path[i];
    else if (pattern[i] !== path[i]) return undefined;
  }
  return params;
}

/** Routes in declaration order; the first match wins. */
export class Router<C> {
  private readonly routes: Compiled<C>[];

  constructor(routes: readonly Route<C>[]) {
    this.routes = routes.map((route) => ({ route, segments: split(route.pattern) }));
  }

  /** Finds the route for a method and a path (without query string). */
  match(method: string, path: string): RouteMatch<C> {
    const segments = split(path).map(decodeSegment);
    const allowed: string[] = [];
    for (const { route, segments: pattern } of this.routes) {
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
