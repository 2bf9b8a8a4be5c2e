/**
 * The Report as a zod 4 schema, mirroring `types.ts` field for field (the compile-time check at the
 * bottom fails if either side drifts). It holds the same constraints as `schema/report.schema.json`,
 * except that unknown fields are stripped instead of refused: a newer 1.x minor may add fields, and
 * this crmload must still read it.
 */
import { z } from 'zod';
import { ERROR_KINDS } from '../error-kinds.js';
import { serverMetricsShape } from './server-metrics-shape.js';
import { capacityShape } from './capacity-shape.js';
import type { Report } from './types.js';

const count = z.number().int().nonnegative();
const nonNegative = z.number().nonnegative();
const ms = z.number().nonnegative().nullable();
const percent = z.number().min(0).max(100).nullable();
/** Compressed base64 V2 HdrHistogram; whether it decodes is checked apart, in `validate.ts`. */
const hdrString = z.string().regex(/^HISTF[A-Za-z0-9+/]*={0,2}$/, 'expected a compressed base64 HdrHistogram ("HISTF…")');

export const latencyStatsShape = z.object({
  unit: z.literal('ms'),
  count,
  min: ms,
  mean: ms,
  stdev: ms,
  p50: ms,
  p75: ms,
  p90: ms,
  p95: ms,
  p99: ms,
  p999: ms,
  max: ms,
  hdr: hdrString,
});

const requestCounters = {
  requests: count,
  completed: count,
  failed: count,
  interrupted: count,
  bytesIn: count,
  bytesOut: count,
  throughput: nonNegative,
  availability: percent,
  errorRate: percent,
  errorsByKind: z.partialRecord(z.enum(ERROR_KINDS), count),
  statusCodes: z.record(z.string().regex(/^[0-9]{3}$/, 'expected a three-digit status code'), count),
};

const stability = z.object({ windowP99: ms, throughputCv: z.number().nonnegative().nullable() });

const statsBlock = {
  ...requestCounters,
  latency: latencyStatsShape,
  serviceTime: latencyStatsShape,
  errorLatency: latencyStatsShape,
  stability,
  iterationsPerSecond: nonNegative.optional(),
};

const iterationCounters = z.object({
  started: count,
  completed: count,
  failed: count,
  interrupted: count,
  dropped: count,
  skippedSteps: count,
});

const loadConfig = z.object({
  model: z.enum(['closed', 'open']),
  vus: count.optional(),
  rate: nonNegative.optional(),
  stages: z.array(z.object({ durationMs: nonNegative, target: nonNegative })).optional(),
  durationMs: nonNegative.optional(),
  iterations: count.optional(),
  maxVus: count.optional(),
  arrivals: z.enum(['constant', 'poisson']).optional(),
  rampUpMs: nonNegative.optional(),
  connections: count,
  pipelining: count,
  timeoutMs: nonNegative,
  graceMs: nonNegative,
  thinkTime: z.string().optional(),
});

const runInfo = z.object({
  id: z.string().min(1),
  status: z.enum(['completed', 'aborted']),
  abortReason: z.string().optional(),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }),
  durationMs: nonNegative,
  warmupMs: nonNegative,
  target: z.object({ url: z.string(), demo: z.boolean() }),
  scenario: z.object({ name: z.string(), description: z.string().optional(), file: z.string().optional() }),
  load: loadConfig,
  seed: z.number().int(),
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).nullable(),
  planHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex').optional(),
  mergedFrom: z.number().int().min(1).optional(),
  incomplete: z.object({ missingShards: z.array(z.number().int().min(1)) }).optional(),
  warmup: z.object({ requests: count, completed: count, failed: count, iterations: count.optional(), dropped: count.optional() }),
  setupRequests: count,
  teardownRequests: count.optional(),
  tls: z.object({ verify: z.boolean() }),
});

const timelinePoint = z.object({
  t: nonNegative,
  span: z.number().positive(),
  requests: count,
  completed: count,
  errors: count,
  throughput: nonNegative,
  p50: ms,
  p90: ms,
  p99: ms,
  activeVus: count,
  warmup: z.boolean(),
  offered: nonNegative.optional(),
  dropped: count.optional(),
  at: count.optional(),
  hdr: hdrString.optional(),
});

const slaResult = z.object({
  expression: z.string(),
  metric: z.string(),
  scope: z
    .object({ step: z.string().optional(), scenario: z.string().optional(), group: z.string().optional(), name: z.string().optional(), trend: z.string().optional() })
    .nullable(),
  op: z.enum(['<', '<=', '>', '>=', '==']),
  target: z.number(),
  actual: z.number().nullable(),
  unit: z.string(),
  passed: z.boolean(),
  margin: z.number().nullable(),
  reason: z.string().optional(),
});

const generatorHealth = z.object({
  eventLoopDelayP99Ms: nonNegative,
  eventLoopDelayMaxMs: nonNegative,
  scheduleLagP99Ms: nonNegative,
  scheduleLagMaxMs: nonNegative,
  cpu: z.object({ userMs: nonNegative, systemMs: nonNegative, percent: nonNegative }),
  saturated: z.boolean(),
  warnings: z.array(z.string()),
  offeredRate: nonNegative.nullable(),
  achievedRate: nonNegative,
  start: z
    .object({
      ms: nonNegative,
      warmUpRequests: count,
      connections: z
        .object({ total: count, opened: count, failed: count, pending: count, errorsByKind: z.partialRecord(z.enum(ERROR_KINDS), count) })
        .optional(),
    })
    .optional(),
});

const environment = z.object({
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpus: count,
  hostname: z.string(),
  crmloadVersion: z.string(),
});

const nullableNumber = z.number().nullable();
const comparisonRow = z.object({
  step: z.string().nullable(),
  metric: z.string(),
  unit: z.enum(['ms', '/s', '%', 'count']),
  base: nullableNumber,
  head: nullableNumber,
  delta: nullableNumber,
  deltaPct: nullableNumber,
  worse: z.enum(['higher', 'lower']),
  tolerance: z.object({ limit: nonNegative, unit: z.enum(['%', 'pp']) }).nullable(),
  regressed: z.boolean(),
  note: z.enum(['only in base', 'only in head', 'no data']).optional(),
});
const comparison = z.object({ passed: z.boolean(), rows: z.array(comparisonRow), notes: z.array(z.string()) });

const checkReport = z.object({ name: z.string(), scenario: z.string(), group: z.string().optional(), passed: count, failed: count });

const customMetric = z.discriminatedUnion('type', [
  z.object({ name: z.string(), type: z.literal('counter'), total: nonNegative, perSecond: nonNegative }),
  z.object({ name: z.string(), type: z.literal('trend'), stats: latencyStatsShape }),
  z.object({ name: z.string(), type: z.literal('rate'), count, trues: count, rate: percent }),
]);

const groupReport = z.object({ name: z.string(), scenario: z.string(), count, duration: latencyStatsShape });

const reportObject = z.object({
  $schema: z.string(),
  schemaVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a semantic version like 1.0.0'),
  tool: z.object({ name: z.literal('crmload'), version: z.string() }),
  run: runInfo,
  totals: z.object({ ...requestCounters, dropped: count, iterations: iterationCounters, iterationsPerSecond: nonNegative }),
  latency: latencyStatsShape,
  serviceTime: latencyStatsShape,
  errorLatency: latencyStatsShape,
  stability,
  steps: z.array(z.object({ ...statsBlock, name: z.string(), scenario: z.string(), group: z.string().optional() })),
  scenarios: z.array(z.object({ ...statsBlock, name: z.string(), iterations: iterationCounters, iterationDuration: latencyStatsShape.optional() })),
  iterationDuration: latencyStatsShape.optional(),
  checks: z.object({ passed: count, failed: count, rate: percent, results: z.array(checkReport) }).optional(),
  metrics: z.array(customMetric).optional(),
  groups: z.array(groupReport).optional(),
  timeline: z.array(timelinePoint),
  sla: z.object({ passed: z.boolean(), results: z.array(slaResult) }),
  generator: generatorHealth,
  environment,
  comparison: comparison.optional(),
  serverMetrics: serverMetricsShape.optional(),
  capacity: capacityShape.optional(),
});

/** The zod schema of a Report (unknown fields stripped). */
export const reportShape: z.ZodType<Report> = reportObject;

// Compile-time guard: the zod output and the Report type must be the same type, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const mirrorsTypes: Same<z.output<typeof reportObject>, Report> = true;
void mirrorsTypes;
