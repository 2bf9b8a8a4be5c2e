/**
 * The report's `generator` block: how the load generator itself did (a leaf module, shared by the
 * engine that measures it and the report that carries it; report/types.ts re-exports it).
 */
import type { ErrorKind } from '../error-kinds.js';

export interface GeneratorHealth {
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Actual start − scheduled start of iterations (open model), ms. */
  scheduleLagP99Ms: number;
  scheduleLagMaxMs: number;
  cpu: { userMs: number; systemMs: number; percent: number };
  /** True when crmload itself could not keep the schedule: its numbers would mix its own delay in. */
  saturated: boolean;
  warnings: string[];
  /** Iterations per second asked for (open model), else null. */
  offeredRate: number | null;
  /** Iterations per second actually started. */
  achievedRate: number;
  /** What happened before the measured clock started (absent in reports of older versions). */
  start?: RunStart;
}

/**
 * The clean start, before the measured clock: an in-process self warm-up (no request to the target)
 * and the connections to the target opened ahead. Nothing else is excluded from the measurements.
 */
export interface RunStart {
  /** Time the start phase took (not part of the run's duration), ms. */
  ms: number;
  /** Requests of the self warm-up, answered in process by a loopback server (0 when skipped). */
  warmUpRequests: number;
  /** The connections to the target opened ahead (absent without keep-alive, or when not possible). */
  connections?: {
    total: number;
    opened: number;
    /** Failed to open: their first requests open them again and are counted as usual. */
    failed: number;
    /** Still opening when the clock started: their first requests wait for them, measured. */
    pending: number;
    errorsByKind: Partial<Record<ErrorKind, number>>;
  };
}
