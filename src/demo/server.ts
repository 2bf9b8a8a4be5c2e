/** `createDemoServer`: seeds the database, wires the levers and listens. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './app.js';
import { TokenSigner } from './auth.js';
import { Database } from './db/database.js';
import { createIndexes, createTables } from './db/schema.js';
import { seedDatabase } from './db/seed.js';
import { Router } from './http/router.js';
import { ImportJobs } from './jobs.js';
import { DemoMetrics } from './metrics.js';
import { ResponseCache } from './levers/cache.js';
import { FaultInjector, startStalls } from './levers/faults.js';
import { RequestPool, type PoolStats } from './levers/pool.js';
import { TokenBucket } from './levers/rate-limit.js';
import type { DemoOptions } from './options.js';
import { createRequestHandler } from './pipeline.js';
import { mulberry32 } from './random.js';
import { contactImporter } from './routes/imports.js';
import { ROUTES } from './routes/index.js';
import { RequestStats } from './stats.js';

/** A running demo CRM server. */
export interface DemoServer {
  /** Base URL, like `http://127.0.0.1:43123`. */
  url: string;
  /** Stops listening, drops open connections and frees the database. */
  close(): Promise<void>;
  /** Requests per route template (`GET /api/contacts/:id`) plus `total`; the same as `GET /__demo/stats`. */
  stats(): Record<string, number>;
  /** The pool lever's figures (waits included), or undefined without `pool`. */
  poolStats(): PoolStats | undefined;
}

const DEFAULT_SEED = 1;

/** Builds the seeded database: tables, rows, then indexes (bulk loading is faster without them). */
async function openDatabase(options: DemoOptions): Promise<Database> {
  const db = await Database.open();
  createTables(db);
  seedDatabase(db, options.seed ?? DEFAULT_SEED, options.size ?? 'small');
  if (options.indexes !== false) createIndexes(db);
  return db;
}

function createApp(db: Database, options: DemoOptions, seedMs: number): App {
  const cache = options.cache ? new ResponseCache() : undefined;
  const info = {
    seed: options.seed ?? DEFAULT_SEED, size: options.size ?? 'small', cache: Boolean(options.cache),
    indexes: options.indexes !== false, seedMs, ...(options.pool ? { pool: options.pool } : {}),
  };
  const metrics = new DemoMetrics(info, () => ({ cache: cache && { hits: cache.hits, misses: cache.misses, size: cache.size } }));
  db.onQuery = (op, seconds) => metrics.observeQuery(op, seconds);
  const app: App = {
    db,
    cache,
    tokens: new TokenSigner(),
    jobs: new ImportJobs((records, ownerId) => importer(records, ownerId)),
    stats: new RequestStats(),
    metrics,
    pool: options.pool ? new RequestPool(options.pool, () => performance.now()) : undefined,
    fullText: options.indexes !== false,
    info,
    now: () => new Date().toISOString(),
    invalidate: (tables) => cache?.invalidate(tables),
  };
  const importer = contactImporter(app);
  return app;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Seeds a fresh in-memory CRM from `options.seed` and starts serving it over HTTP. */
export async function createDemoServer(options: DemoOptions = {}): Promise<DemoServer> {
  const started = performance.now();
  const db = await openDatabase(options);
  const app = createApp(db, options, Math.round(performance.now() - started));
  let closed = false;
  const handler = createRequestHandler(app, new Router(ROUTES), {
    bucket: options.rateLimit ? new TokenBucket(options.rateLimit) : undefined,
    pool: app.pool,
    // A stream of its own, so fault decisions do not shift when the data size changes.
    faults: new FaultInjector(mulberry32((options.seed ?? DEFAULT_SEED) ^ 0x5eed), options.latency, options.errorRate ?? 0),
    now: () => performance.now(),
  }, () => closed);
  const server = createServer(handler);
  const host = options.host ?? '127.0.0.1';
  const address = await listen(server, host, options.port ?? 0).catch((error: unknown) => {
    db.close();
    throw error;
  });
  const stopStalls = options.stall ? startStalls(options.stall) : () => undefined;
  return {
    url: `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`,
    stats: () => app.stats.snapshot(),
    poolStats: () => app.pool?.snapshot(),
    close: async () => {
      if (closed) return;
      closed = true;
      stopStalls();
      app.jobs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
