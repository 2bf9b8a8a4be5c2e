// Child processes of the benchmark: spawned pinned to a core, tracked by PID, measured from /proc,
// and all killed by PID at the end (also on error and on Ctrl-C).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** PID → label of every live process this harness started. */
const live = new Map();
/** Set once the harness is stopping: from then on nothing new may start. */
let stopping = false;

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Whether killAll has begun (an interrupted run must not write results). */
export function isStopping() {
  return stopping;
}

/** Whether a command is on PATH. */
export function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v "${name}"`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether `taskset -c 0,1` works here (it does not in some containers). */
export function canPin() {
  if (!hasCommand('taskset')) return false;
  try {
    execFileSync('taskset', ['-c', '0,1', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Spawns `cmd args`, pinned to `cpu` when pinning is on, and tracks its PID until it exits.
 * taskset execs the command, so the PID is the command's own.
 */
export function spawnTracked(label, cmd, args, { cpu, pin, stdio = ['ignore', 'pipe', 'pipe'], cwd } = {}) {
  if (stopping) throw new Error(`not starting ${label}: the benchmark is stopping`);
  const argv = pin && cpu !== undefined ? ['taskset', '-c', String(cpu), cmd, ...args] : [cmd, ...args];
  const child = spawn(argv[0], argv.slice(1), { stdio, cwd });
  if (child.pid === undefined) throw new Error(`could not start ${label}: ${argv.join(' ')}`);
  live.set(child.pid, label);
  child.once('exit', () => live.delete(child.pid));
  child.once('error', () => live.delete(child.pid));
  return child;
}

/** Registers a process started indirectly (e.g. the node under /usr/bin/time). */
export function trackPid(pid, label) {
  if (stopping) signal(pid, 'SIGKILL');
  else live.set(pid, label);
}

export function untrackPid(pid) {
  live.delete(pid);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL one tracked process if it is still there, and forget it. */
export function killPid(pid) {
  if (isAlive(pid)) signal(pid, 'SIGKILL');
  live.delete(pid);
}

/**
 * Stops the harness's processes: no new one may start after this, every tracked one gets SIGTERM,
 * and whatever is still there after the grace time gets SIGKILL.
 */
export async function killAll(graceMs = 2000) {
  stopping = true;
  // Children too (the node under /usr/bin/time may not be tracked yet): snapshot before signalling.
  const pids = [...new Set([...live.keys()].flatMap((pid) => [pid, ...childPidsOf(pid)]))];
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = performance.now() + graceMs;
  while (pids.some(isAlive) && performance.now() < deadline) await sleep(50);
  for (const pid of pids) if (isAlive(pid)) signal(pid, 'SIGKILL');
  live.clear();
}

/** Last resort from a synchronous 'exit' handler. */
export function killAllSync() {
  stopping = true;
  const pids = [...live.keys()].flatMap((pid) => [pid, ...childPidsOf(pid)]);
  for (const pid of pids) signal(pid, 'SIGKILL');
  live.clear();
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** utime + stime of one process in milliseconds, or undefined once it is gone. */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** VmRSS and VmHWM (peak) in MB, or undefined once the process is gone. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Direct children of a process (needs /proc/<pid>/task/<pid>/children). */
export function childPidsOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU ms of a process and its direct children (nginx: master + worker). */
export function treeCpuMsOf(pid) {
  return [pid, ...childPidsOf(pid)].reduce((sum, p) => sum + (cpuMsOf(p) ?? 0), 0);
}

/** Polls CPU and memory of `pid` every `everyMs`, keeping every sample (a few hundred at most). */
export function startSampler(pid, everyMs) {
  const started = performance.now();
  const samples = [];
  const take = () => {
    const cpuMs = cpuMsOf(pid);
    const memory = memoryOf(pid);
    if (cpuMs === undefined || memory === undefined) return;
    samples.push({ tMs: performance.now() - started, cpuMs, ...memory });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

/** Waits for the first child of `pid` to appear (the measured node under /usr/bin/time). */
export async function waitForChild(pid, timeoutMs = 3000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const [child] = childPidsOf(pid);
    if (child !== undefined) return child;
    if (!isAlive(pid)) return undefined;
    await sleep(2);
  }
  return undefined;
}

/** Whether GNU time is there to give exact rusage (CPU and max RSS) of a finished child. */
export function hasGnuTime() {
  return existsSync('/usr/bin/time');
}
