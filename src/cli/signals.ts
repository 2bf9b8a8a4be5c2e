/**
 * Signals: the first SIGINT/SIGTERM/SIGHUP stops new work and lets in-flight requests finish within
 * the grace period (reports are written, marked aborted); a second one stops at once.
 */
import { ExitCode } from '../exit-codes.js';
import { takeEarlySignal } from './early.js';

export type SignalName = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** The exit code after each signal (128 + its number, as shells report it). */
export const SIGNAL_EXIT: Record<SignalName, number> = { SIGINT: ExitCode.sigint, SIGTERM: ExitCode.sigterm, SIGHUP: ExitCode.sighup };

export interface SignalHandlers {
  /** The signal that arrived first, if any. */
  readonly received: SignalName | null;
  dispose(): void;
}

export function onSignals(first: (signal: SignalName) => void, second: (signal: SignalName) => void): SignalHandlers {
  let received: SignalName | null = null;
  const names: SignalName[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const handler = (signal: SignalName) => {
    if (received === null) {
      received = signal;
      first(signal);
    } else second(signal);
  };
  for (const name of names) process.on(name, handler);
  // A signal that arrived before these handlers (while modules or the scenario loaded) counts now.
  const early = takeEarlySignal();
  if (early) handler(early);
  return {
    get received() {
      return received;
    },
    dispose: () => names.forEach((name) => process.off(name, handler)),
  };
}
