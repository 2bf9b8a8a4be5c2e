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
import { onStall } from '../stall.js';

export async function runCommand(scenarioArg: string | undefined, raw: RawRunOptions, io: CliIo): Promise<number> {
  const prepared = await prepareRun(scenarioArg, raw, io);
  const cleanups: Array<() => unknown> = [];
  let unguard = () => {};
  try {
    const executed = await executeRun(prepared, io, (cleanup) => cleanups.push(cleanup), (run, targetUrl) => {
      // If the run can never finish (a bug), the reports are still written from what was measured.
      unguard = onStall(async (reason) => {
        const result = run.partialResult();
        if (result) await finishRun(prepared, { result, targetUrl, signal: null, slaAbort: null, internalError: reason }, io);
      });
    });
    return await finishRun(prepared, executed, io);
  } finally {
    unguard();
    // In the order they were registered: signal handlers stay until the reports are written, the demo server stops last.
    for (const cleanup of cleanups) await cleanup();
  }
}
