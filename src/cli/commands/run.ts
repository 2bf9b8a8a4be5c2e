/**
 * `crmload run`: prepare (every check that can fail on input, before the first request) → execute
 * (the run, with signals, the demo server, progress and the abort watch) → finish (report,
 * comparison, outputs written before the verdict, exit code).
 */
import type { RawRunOptions } from '../../config/options.js';
import type { CliIo } from '../io.js';
import { executeRun } from '../run/execute.js';
import { finishRun } from '../run/finish.js';
import { prepareRun } from '../run/prepare.js';

export async function runCommand(scenarioArg: string | undefined, raw: RawRunOptions, io: CliIo): Promise<number> {
  const prepared = await prepareRun(scenarioArg, raw, io);
  const cleanups: Array<() => unknown> = [];
  try {
    const executed = await executeRun(prepared, io, (cleanup) => cleanups.push(cleanup));
    return await finishRun(prepared, executed, io);
  } finally {
    // In the order they were registered: signal handlers stay until the reports are written, the demo server stops last.
    for (const cleanup of cleanups) await cleanup();
  }
}
