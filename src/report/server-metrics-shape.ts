/** The zod schema of `Report.serverMetrics`, mirroring `server-metrics.ts` (checked at compile time below). */
import { z } from 'zod';
import type { ServerMetrics } from './server-metrics.js';

const count = z.number().int().nonnegative();

const serverPoint = z.object({ t: z.number().nonnegative(), v: z.number().nullable() });

const serverSeries = z.object({
  metric: z.string(),
  matchers: z.record(z.string(), z.string()),
  kind: z.enum(['rate', 'value', 'mean']),
  unit: z.enum(['%', 'bytes', 'ms', '/s', '']),
  label: z.string(),
  points: z.array(serverPoint),
});

const serverMetricsObject = z.object({
  url: z.string(),
  intervalMs: z.number().positive(),
  scrapes: z.object({ attempted: count, succeeded: count, failed: count }),
  failures: z.array(z.object({ t: z.number().nonnegative(), error: z.string() })),
  series: z.array(serverSeries),
});

/** The zod schema of the server metrics block. */
export const serverMetricsShape: z.ZodType<ServerMetrics> = serverMetricsObject;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const mirrorsTypes: Same<z.output<typeof serverMetricsObject>, ServerMetrics> = true;
void mirrorsTypes;
