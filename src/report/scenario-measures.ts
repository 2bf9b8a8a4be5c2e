/**
 * The report's fields for what scenarios measure besides requests (`vu.check`, `vu.metric`,
 * `vu.group`): part of the report contract (`types.ts` re-exports them).
 */
import type { LatencyStats } from './types.js';

/** One named check (`vu.check`): how often it passed and failed (measured time only). */
export interface CheckReport {
  name: string;
  /** The scenario (and group) in which it was first seen. */
  scenario: string;
  group?: string;
  passed: number;
  failed: number;
}

/** Every check of the run. */
export interface ChecksReport {
  passed: number;
  failed: number;
  /** Percent of checks that passed; null when none ran. */
  rate: number | null;
  results: CheckReport[];
}

/** A custom metric (`vu.metric`), by type. */
export type CustomMetricReport =
  /** A counter: the sum of what was added, and that per second of measured time. */
  | { name: string; type: 'counter'; total: number; perSecond: number }
  /** A trend: the distribution of the values added (recorded in HDR as milliseconds). */
  | { name: string; type: 'trend'; stats: LatencyStats }
  /** A rate: values added, how many were true, and the percent of true (null when none). */
  | { name: string; type: 'rate'; count: number; trues: number; rate: number | null };

/** A group (`vu.group`): how often it ran to its end and how long it took. */
export interface GroupReport {
  name: string;
  scenario: string;
  count: number;
  duration: LatencyStats;
}
