/**
 * Spawning the built CLI (`node bin/crmload.js …`) as a user would, for end-to-end tests.
 * Needs `npx tsc -p .` first: bin/crmload.js runs dist/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json is). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI entry point. */
export const CLI_BIN = join(ROOT, 'bin', 'crmload.js');
/** Scenario files for tests. */
export const SCENARIOS = join(ROOT, 'test', 'fixtures', 'scenarios');

/** A signal to send to the CLI: after a delay, or once a stderr line matches (then after the delay). */
export interface CliSignal {
  signal: NodeJS.Signals;
  /** Milliseconds after the previous signal (or the spawn, for the first) or after the stderr match. */
  afterMs?: number;
  /** Wait until stderr matches this before counting `afterMs`. */
  whenStderr?: RegExp;
  /** Wait until this returns true (polled every 20 ms), e.g. once a test server has seen a request; gets the CLI's pid. */
  when?: (pid: number) => boolean;
}

export interface CliOptions {
  /** Kill (SIGKILL) the process after this long; default 30 s. */
  timeoutMs?: number;
  /** Added to (or, with undefined, removed from) the environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Signals to send, in order. */
  signals?: CliSignal[];
  /** Called with all of stderr so far, each time more arrives (to act on what the CLI says, live). */
  onStderr?: (stderr: string) => void;
}

export interface CliResult {
  /** Exit code, or null when the process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, ms. */
  durationMs: number;
  /** When each signal was sent, ms after the spawn. */
  signalsSentAt: number[];
  /** True when the helper had to kill the process at `timeoutMs`. */
  timedOut: boolean;
}

/**
 * The environment the CLI runs with: the test's own, without anything that changes the CLI's output
 * (CI variables, colour forcing), plus `extra`.
 */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('GITHUB_') || key === 'FORCE_COLOR' || key === 'CI') delete env[key];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Run `node bin/crmload.js ...args` and collect its output and exit status. Never rejects on exit codes. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p .` before the end-to-end tests');
  }
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: options.cwd ?? ROOT, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const stderrListeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
    options.onStderr?.(stderr);
    for (const listener of [...stderrListeners]) listener();
  });
  const signalsSentAt: number[] = [];
  let exited = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const sendFrom = (index: number, matchFrom: number) => {
    const step = options.signals?.[index];
    if (!step || exited) return;
    const fire = () =>
      later(step.afterMs ?? 0, () => {
        if (exited) return;
        child.kill(step.signal);
        signalsSentAt.push(performance.now() - started);
        sendFrom(index + 1, stderr.length);
      });
    if (step.when) {
      const predicate = step.when;
      const poll = () => (exited ? undefined : predicate(child.pid!) ? fire() : later(5, poll));
      return poll();
    }
    if (!step.whenStderr) return fire();
    const pattern = step.whenStderr;
    const check = () => {
      if (!pattern.test(stderr.slice(matchFrom))) return;
      stderrListeners.delete(check);
      fire();
    };
    stderrListeners.add(check);
    check();
  };
  sendFrom(0, 0);
  let timedOut = false;
  later(options.timeoutMs ?? 30_000, () => {
    timedOut = true;
    child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      exited = true;
      for (const t of timers) clearTimeout(t);
      resolve({ code, signal, stdout, stderr, durationMs: performance.now() - started, signalsSentAt, timedOut });
    });
  });
}

/** A temporary directory, removed by the returned cleanup. */
export function makeTempDir(prefix = 'crmload-e2e-'): { dir: string; path(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lines of stderr that are crmload error lines. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('crmload: error:'));
}

/**
 * Has the CLI `pid` started holding signals? crmload names its process `crmload` (process.title)
 * right after installing its first signal handlers, before loading anything else. (/proc, Linux.)
 */
export function holdsSignals(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'crmload';
  } catch {
    return false;
  }
}
