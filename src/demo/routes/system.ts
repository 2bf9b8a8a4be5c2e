/** Unauthenticated endpoints for operators and tests: health and request statistics. */
import type { AppRoute } from '../app.js';

/** GET /health: always fast, never throttled or faulted, so readiness checks see the truth. */
const health: AppRoute = {
  method: 'GET',
  pattern: '/health',
  auth: false,
  levers: false,
  handle: ({ app }) => ({ body: { status: 'ok', ...app.info } }),
};

/** GET /__demo/stats: per-route request counts plus `total` (and `pool` with that lever); not itself counted. */
const stats: AppRoute = {
  method: 'GET',
  pattern: '/__demo/stats',
  auth: false,
  levers: false,
  counted: false,
  handle: ({ app }) => ({ body: { ...app.stats.snapshot(), ...(app.pool ? { pool: app.pool.snapshot() } : {}) } }),
};

export const systemRoutes: AppRoute[] = [health, stats];
