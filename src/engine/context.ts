/** What every VU driver of a run shares: the HTTP client, the recorder and the run's state. */
import type { HttpClient } from '../http/client.js';
import type { Recorder } from '../metrics/recorder.js';
import type { FakerFactory } from '../scenario/fake.js';
import type { Warnings } from './warnings.js';

export interface RunContext {
  readonly client: HttpClient;
  readonly recorder: Recorder;
  /** Origin of the target (`http://host:port`), and the base path prefixed to relative paths. */
  readonly origin: string;
  readonly basePath: string;
  /** Headers sent with every request (lower-case names). */
  readonly headers: Record<string, string>;
  /** Open model: latency counts from the schedule; closed model: from the send. */
  readonly openModel: boolean;
  readonly seed: number;
  readonly warnings: Warnings;
  /** True once no new request may start (end of run or a signal). */
  stopping: boolean;
  /** Environment variables visible to scenarios through env(). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Seeded faker instances for vu.fake (scenario mode only). */
  fakerFactory: FakerFactory | null;
  /** Called with every value read through env(): it is a secret to redact. */
  readonly onSecret: (value: string) => void;
}
