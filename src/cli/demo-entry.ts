/**
 * Standalone demo server process: `node dist/cli/demo-entry.js --port 0 --seed 1 [--size ...] [levers]`.
 * Prints one JSON line `{"url": ...}` when ready. Exits on SIGTERM/SIGINT, when stdin closes, or when the
 * parent dies, so a demo server started by `crmload run` is never left behind.
 */
import { fstatSync } from 'node:fs';
import { createDemoServer, DemoConfigError, parseDemoArgs, parseDemoOptions, type DemoServer } from '../demo/index.js';
import { ExitCode } from '../exit-codes.js';

function readOptions(argv: string[]): ReturnType<typeof parseDemoOptions> {
  return parseDemoOptions(parseDemoArgs(argv));
}

/** True when stdin is a pipe or socket from a parent (not a terminal, not /dev/null). */
function stdinIsParentPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

function watchParent(stop: (code: number) => void): void {
  if (stdinIsParentPipe()) {
    // The parent holds the other end: EOF means it closed it or died (even by SIGKILL).
    process.stdin.on('end', () => stop(ExitCode.ok));
    process.stdin.on('close', () => stop(ExitCode.ok));
    process.stdin.on('error', () => stop(ExitCode.ok));
    process.stdin.resume();
  }
  process.on('disconnect', () => stop(ExitCode.ok));
  const parent = process.ppid;
  // Re-parenting (to init or a subreaper) means the parent is gone.
  setInterval(() => { if (process.ppid !== parent) stop(ExitCode.ok); }, 500).unref();
}

async function main(argv: string[]): Promise<void> {
  let server: DemoServer | undefined;
  let stopping = false;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 2_000).unref();
    void (server?.close() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  process.on('SIGTERM', () => stop(ExitCode.ok));
  process.on('SIGINT', () => stop(ExitCode.ok));
  watchParent(stop);
  server = await createDemoServer(readOptions(argv));
  if (stopping) await server.close();
  else process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const bad = error instanceof DemoConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const lines = error instanceof DemoConfigError ? error.issues : [(error as Error).message ?? String(error)];
  for (const line of lines) process.stderr.write(`crmload demo-server: error: ${line}\n`);
  process.exit(bad ? ExitCode.badInput : ExitCode.internal);
});
