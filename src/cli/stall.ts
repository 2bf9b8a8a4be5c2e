/**
 * The guard for a whole class of bugs: the event loop drained while a command was still pending
 * (a promise nobody will ever settle). Node would exit 0 with nothing written — a gate that passes on
 * nothing. Instead: one `crmload: internal error` line, whatever reports can be written (marked
 * aborted), and exit 1.
 */
import { ExitCode } from '../exit-codes.js';

/** Writes what it can of a command's results; registered while the command can write any. */
export type Rescue = (reason: string) => Promise<void>;

const rescues = new Set<Rescue>();

/** Register a rescue for as long as it applies; returns its removal. */
export function onStall(rescue: Rescue): () => void {
  rescues.add(rescue);
  return () => rescues.delete(rescue);
}

export const STALL_REASON = 'internal error: the run stopped making progress with work still pending';

/**
 * Watch `command`: if the process is about to exit (nothing left on the event loop) before it
 * settles, say so, run the rescues and exit 1. Returns the command's own result otherwise.
 */
export async function guardStall<T>(command: Promise<T>, write: (line: string) => void, exit: (code: number) => void): Promise<T> {
  let settled = false;
  const onBeforeExit = () => {
    if (settled) return;
    settled = true;
    write(`crmload: ${STALL_REASON} (nothing left to wait for); this is a bug: reports are written as far as they can be, marked aborted\n`);
    void Promise.allSettled([...rescues].map((rescue) => rescue(STALL_REASON))).then(() => exit(ExitCode.internal));
  };
  process.once('beforeExit', onBeforeExit);
  try {
    return await command;
  } finally {
    settled = true;
    process.off('beforeExit', onBeforeExit);
  }
}
