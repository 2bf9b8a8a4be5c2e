/**
 * What the CLI sets up before anything else loads (bin/crmload.js calls it first, with no other
 * import evaluated yet): signals caught from the first instant, so a Ctrl-C in the first second still
 * ends a run with its report; and scenario `console` output sent to stderr, so it can never corrupt
 * `--json -` on stdout (k6 does the same). Imports nothing, so it loads in a blink.
 */
import { Console } from 'node:console';

type EarlySignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
const NAMES: readonly EarlySignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

let caught: EarlySignal | null = null;
let installed = false;

function record(signal: EarlySignal): void {
  caught ??= signal;
}

/** Start holding SIGINT/SIGTERM/SIGHUP until a command takes them over (or lets them go). */
export function catchSignalsEarly(): void {
  if (installed) return;
  installed = true;
  for (const name of NAMES) process.on(name, record);
  // `ps` and `top` show crmload, not node; it also tells an outside observer (a test) that from now
  // on a signal is held for the run instead of killing the process.
  process.title = 'crmload';
}

/**
 * Stop holding signals, returning the first one that arrived meanwhile (or null). The caller either
 * acts on it (a run: stop and write an aborted report) or, for a command that does not handle signals,
 * raises it again with {@link releaseEarlySignals}.
 */
export function takeEarlySignal(): EarlySignal | null {
  if (installed) for (const name of NAMES) process.off(name, record);
  installed = false;
  const signal = caught;
  caught = null;
  return signal;
}

/** For commands that do not handle signals themselves: the default behaviour again, now and for a signal already caught. */
export function releaseEarlySignals(): void {
  const signal = takeEarlySignal();
  if (signal) process.kill(process.pid, signal);
}

/** Scenario code's console.log/info/debug go to stderr: stdout carries reports only. */
export function routeConsoleToStderr(): void {
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
}
