/**
 * Signals: the first SIGINT/SIGTERM/SIGHUP stops new work and lets in-flight requests finish within
 * the grace period (reports are written, marked aborted); a second one stops at once.
 */

export type SignalName = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export const SIGNAL_EXIT: Record<SignalName, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

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
  return {
    get received() {
      return received;
    },
    dispose: () => names.forEach((name) => process.off(name, handler)),
  };
}
