/** What a run needs from outside the engine (the CLI provides it; tests inject fakes). */
import type { Connect } from '../http/connections.js';
import type { Clock } from '../load/driver.js';
import type { CpuUsage } from './health.js';

export interface RunDeps {
  /** Environment variables for env() in scenarios. */
  env: Readonly<Record<string, string | undefined>>;
  cpuUsage: () => CpuUsage;
  /** Wall clock, for the report's timestamps only. */
  wallClock: () => Date;
  /** CA certificate contents (the CLI reads the file). */
  ca?: Buffer;
  onWarning?: (message: string) => void;
  onSecret?: (value: string) => void;
  /** `--http-debug` output (the CLI redacts it and writes it to stderr). */
  onHttpDebug?: (text: string) => void;
  /** Monotonic clock and timers for the whole run (default: the process's); tests pass a fake clock. */
  clock?: Clock;
  /** Opens connections to the target (default: undici Clients); tests pass a fake dispatcher. */
  connect?: Connect;
  /** Scale-out: the `--start-at` instant (epoch ms), and `--workers`' setup() results from the parent (one per scenario). */
  scale?: { startAtMs?: number | null; shared?: unknown[] };
  /** Drive the request path in process before the measured clock (engine/self-warm-up.ts); the CLI does. */
  selfWarmUp?: boolean;
}
