/**
 * A clean start: what happens between setup() and the measured clock. First the self warm-up (the
 * hot path driven in process, nothing sent to the target), then every connection to the target is
 * opened — TCP, and TLS for https — as wrk does before it starts. Only those two things are kept
 * out of the measurements: every request to the target is measured, the first one included. A
 * connection that fails to open is reported here and opened again by its first request, whose
 * failure (if the target still refuses) is counted like any other; one still opening at the
 * deadline keeps opening and its first request waits for it, measured.
 */
import type { HttpClient, PreconnectResult } from '../http/client.js';
import type { RunStart } from '../report/types.js';
import type { RunSettings } from './context.js';
import { selfWarmUp } from './self-warm-up.js';
import type { Warnings } from './warnings.js';

/** The longest the connections get to open before the clock starts anyway. */
export const PRECONNECT_MAX_MS = 2_000;

export interface StartOptions {
  client: HttpClient;
  settings: RunSettings;
  /** Quick mode's path, or null for scenario VUs. */
  quickPath: string | null;
  /** Run the in-process warm-up (the CLI does; in-process tests on a fake clock do not). */
  warmUp: boolean;
  /** Without keep-alive a connection opened ahead would be closed before its first request. */
  keepAlive: boolean;
  timeoutMs: number;
  warnings: Warnings;
}

/** Warm up, then open the connections; returns what was done, for the report. */
export async function prepareStart(options: StartOptions): Promise<RunStart> {
  const started = performance.now();
  const warmUp = options.warmUp ? await selfWarmUp(options.settings, options.quickPath) : null;
  const preconnect = options.keepAlive
    ? await options.client.preconnect(options.settings.origin, Math.min(options.timeoutMs, PRECONNECT_MAX_MS))
    : null;
  if (preconnect && preconnect.failed > 0) options.warnings.warn('preconnect', preconnectWarning(preconnect));
  return {
    ms: Math.round(performance.now() - started),
    warmUpRequests: warmUp?.requests ?? 0,
    ...(preconnect ? { connections: { opened: preconnect.opened, failed: preconnect.failed, pending: preconnect.pending, total: preconnect.connections, errorsByKind: preconnect.errorsByKind } } : {}),
  };
}

function preconnectWarning(p: PreconnectResult): string {
  const kinds = Object.entries(p.errorsByKind).map(([kind, n]) => `${kind} ×${n}`).join(', ');
  return `${p.failed} of ${p.connections} connections could not be opened before the start (${kinds}); their requests open them again and are counted as usual`;
}
