/** What every route handler can reach: the database, the cache, the import jobs, the token signer. */
import type { Database } from './db/database.js';
import type { Table } from './db/schema.js';
import type { ImportJobs } from './jobs.js';
import type { TokenSigner } from './auth.js';
import type { ResponseCache } from './levers/cache.js';
import type { RequestPool } from './levers/pool.js';
import type { Route, RouteContext } from './http/router.js';
import type { DemoMetrics } from './metrics.js';
import type { RequestStats } from './stats.js';

/** The demo CRM application behind the HTTP layer. */
export interface App {
  db: Database;
  tokens: TokenSigner;
  jobs: ImportJobs;
  /** Present when the cache lever is on. */
  cache?: ResponseCache;
  /** Present when the pool lever is on (its numbers show in `/__demo/stats`). */
  pool?: RequestPool;
  /** With indexes, search uses the FTS4 tables; without, a LIKE scan. */
  fullText: boolean;
  stats: RequestStats;
  /** What `GET /metrics` serves. */
  metrics: DemoMetrics;
  /** What `/health` reports about this server. */
  info: Record<string, unknown>;
  /** Timestamp for rows written through the API. */
  now(): string;
  /** Drops cached answers that read `tables` (a no-op without cache). */
  invalidate(tables: readonly Table[]): void;
}

export type AppRoute = Route<App>;
export type AppContext = RouteContext<App>;
