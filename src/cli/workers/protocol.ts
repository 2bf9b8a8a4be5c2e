/** Messages between the `--workers` parent and its worker threads (all structured-cloneable). */
import type { RawRunOptions } from '../../config/options.js';
import type { Progress } from '../../engine/run.js';
import type { LiveSnapshot } from '../../observability/live-snapshot.js';
import type { Report } from '../../report/types.js';

/** What a worker is started with (`workerData`). */
export interface WorkerInit {
  /** This worker's shard of the plan, 1-based, of `total` workers. */
  index: number;
  total: number;
  scenarioFile: string | null;
  scenarioArg: string | undefined;
  raw: RawRunOptions;
  env: Record<string, string | undefined>;
  target: { origin: string; basePath: string; url: string };
  demo: boolean;
  /** setup() results from the parent, one per scenario; null in quick mode or without setup. */
  shared: unknown[] | null;
  planHash: string;
  version: string;
  ca: Uint8Array | null;
  /** `--metrics-port`: answer `live` with a snapshot, and send a last one before the report. */
  live: boolean;
}

export type ToWorker =
  | { type: 'start'; startAtMs: number }
  | { type: 'stop'; reason: string }
  | { type: 'force'; reason: string }
  | { type: 'measure' }
  | { type: 'live' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; progress: Progress }
  | { type: 'warning'; message: string }
  | { type: 'secret'; value: string }
  /** An interim shard report (for --abort-on-fail on merged data). */
  | { type: 'interim'; report: Report | null }
  /** The counts `/metrics` shows (once a second, and once at the end). */
  | { type: 'live'; snapshot: LiveSnapshot }
  | { type: 'report'; report: Report };
