/** Runs the demo CRM server in a child process, so it never shares the load generator's event loop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { demoArgs } from '../demo/flags.js';

/** A demo server running in a child process. */
export interface DemoChild {
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the child has exited. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const KILL_AFTER_MS = 3_000;

/** node arguments that run demo-entry: the built .js beside this file, or the .ts source through tsx. */
function entryCommand(): string[] {
  const built = fileURLToPath(new URL('./demo-entry.js', import.meta.url));
  if (existsSync(built)) return [built];
  // Running from source (tests, tsx): load the TypeScript entry with tsx's loader.
  return ['--import', 'tsx', fileURLToPath(new URL('./demo-entry.ts', import.meta.url))];
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Reads the child's `{"url": ...}` line; rejects if the child exits or prints something else first. */
function readUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null, signal: string | null): void => {
      reject(new Error(`demo server exited before it was ready (${signal ?? `exit code ${code}`}); see its error above`));
    };
    child.once('exit', onExit);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      // Keep draining stdout so the child can never block on a full pipe.
      child.stdout!.resume();
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new Error(`demo server printed an unexpected first line: ${line.slice(0, 200)}`));
      }
    });
  });
}

async function waitHealthy(url: string, deadline: number): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
      await response.arrayBuffer();
      if (response.ok) return;
      lastError = new Error(`GET /health answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`demo server at ${url} did not become healthy`, { cause: lastError });
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function stopChild(child: ChildProcess): Promise<void> {
  const exited = waitForExit(child);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    void exited.then(() => clearTimeout(killer));
  }
  child.stdin?.destroy();
  return exited;
}

/**
 * Spawns the demo server (`demo-entry`) on an ephemeral loopback port and waits until it answers
 * `GET /health` (15 s at most). The child watches its stdin pipe: if this process dies, it exits too.
 */
export async function startDemoChild(
  options: { seed?: number; size?: string; extraArgs?: string[] } = {},
): Promise<DemoChild> {
  const args = [...entryCommand(), ...demoArgs({ port: '0', seed: options.seed?.toString(), size: options.size }), ...(options.extraArgs ?? [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    const spawned = new Promise<never>((_, reject) => child.once('error', reject));
    spawned.catch(() => undefined); // observed through the race below; never unhandled
    const url = await withTimeout(Promise.race([readUrl(child), spawned]), READY_TIMEOUT_MS,
      `demo server did not start within ${READY_TIMEOUT_MS / 1000} s`);
    await waitHealthy(url, deadline);
    return { url, pid: child.pid!, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
