/**
 * The `capacity` block as a zod 4 schema, mirroring `capacity-types.ts` (the compile-time check at the
 * bottom fails if either side drifts) and the `capacity` definitions of `schema/report.schema.json`.
 */
import { z } from 'zod';
import type { CapacityReport } from './capacity-types.js';

const count = z.number().int().nonnegative();
const nonNegative = z.number().nonnegative();
const msOrNull = z.number().nonnegative().nullable();
const percentOrNull = z.number().min(0).max(100).nullable();
const rate = z.number().positive();

const verdict = z.enum(['pass', 'fail', 'overload', 'generator']);
const prediction = z.object({ meanMs: nonNegative, p95Ms: nonNegative, p99Ms: nonNegative });

const step = z.object({
  index: z.number().int().min(1),
  phase: z.enum(['climb', 'bisect', 'retry']),
  offeredRate: rate,
  throughput: nonNegative,
  requests: count,
  latency: z.object({ mean: msOrNull, p50: msOrNull, p95: msOrNull, p99: msOrNull }),
  serviceMeanMs: msOrNull,
  errorRate: percentOrNull,
  concurrency: nonNegative,
  verdict,
  sla: z.array(z.object({ expression: z.string(), passed: z.boolean(), actual: z.number().nullable(), reason: z.string().optional() })),
  generator: z.object({ saturated: z.boolean(), scheduleLagP99Ms: nonNegative, eventLoopDelayP99Ms: nonNegative, cpuPercent: nonNegative }),
  little: z.object({ measured: nonNegative, predicted: nonNegative, relativeError: z.number().nullable(), consistent: z.boolean() }),
  predicted: prediction.nullable(),
  durationMs: nonNegative,
});

const queue = z.object({
  servers: z.number().int().min(1),
  serversFrom: z.enum(['saturation', 'latency-fit']),
  serviceMs: z.number().positive(),
  overheadMs: nonNegative,
  serviceCv2: nonNegative,
  arrivalCv2: nonNegative,
  saturationRate: rate,
  meanRelativeError: nonNegative.nullable(),
  fits: z.boolean(),
  note: z.string(),
  curve: z.array(z.object({ rate: nonNegative, meanMs: nonNegative, p95Ms: nonNegative, p99Ms: nonNegative })),
  operatingPoint: z.object({ rate: nonNegative, meanMs: nonNegative, p95Ms: nonNegative, p99Ms: nonNegative }).nullable(),
});

const usl = z.object({
  lambda: nonNegative,
  sigma: nonNegative,
  kappa: nonNegative,
  rSquared: z.number(),
  peakConcurrency: nonNegative.nullable(),
  peakThroughput: nonNegative.nullable(),
  fits: z.boolean(),
  note: z.string(),
  curve: z.array(z.object({ concurrency: nonNegative, throughput: nonNegative })),
});

const capacityObject = z.object({
  settings: z.object({
    startRate: rate,
    stepRate: rate.optional(),
    factor: z.number().gt(1).optional(),
    holdMs: z.number().positive(),
    warmupStepMs: nonNegative,
    maxRate: rate.nullable(),
    precision: z.number().positive(),
    arrivals: z.enum(['constant', 'poisson']),
  }),
  steps: z.array(step),
  outcome: z.object({
    reason: z.enum(['bracketed', 'max', 'failure-rate', 'generator', 'first-step', 'step-limit', 'interrupted']),
    message: z.string(),
    maxSustainableRate: rate.nullable(),
    bounded: z.boolean(),
    lowestFailingRate: rate.nullable(),
    generatorLimit: z
      .object({ rate, scheduleLagP99Ms: nonNegative, eventLoopDelayP99Ms: nonNegative, cpuPercent: nonNegative, advice: z.string() })
      .nullable(),
  }),
  perSla: z.array(
    z.object({
      expression: z.string(),
      maxPassingRate: rate.nullable(),
      lowestFailingRate: rate.nullable(),
      predictedRate: nonNegative.nullable(),
      predictionNote: z.string().optional(),
    }),
  ),
  knee: z.object({ rate: rate.nullable(), rule: z.string() }),
  model: z.object({ queue: queue.nullable(), usl: usl.nullable(), notes: z.array(z.string()) }),
  durationMs: nonNegative,
});

/** The zod schema of the capacity block. */
export const capacityShape: z.ZodType<CapacityReport> = capacityObject;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const mirrorsTypes: Same<z.output<typeof capacityObject>, CapacityReport> = true;
void mirrorsTypes;
