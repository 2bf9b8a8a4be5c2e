// Runs one load-generator process to completion and measures it: wall time, CPU time, peak RSS and
// an RSS timeline. CPU and peak RSS come from GNU time's rusage when /usr/bin/time exists (exact,
// whole lifetime); otherwise from the last /proc sample (polled every `sampleEveryMs`, so up to
// that much CPU at the very end can be missed).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hasGnuTime, spawnTracked, startSampler, trackPid, untrackPid, waitForChild } from './procs.mjs';

let sequence = 0;

/**
 * @param {object} run
 * @param {string} run.label
 * @param {string[]} run.args arguments to `node`
 * @param {{ pin: boolean, generatorCpu: number, tmpDir: string }} run.ctx
 * @param {number} [run.sampleEveryMs]
 */
export async function measureNode({ label, args, ctx, sampleEveryMs = 200 }) {
  const useTime = hasGnuTime();
  const timeFile = join(ctx.tmpDir, `rusage-${++sequence}.txt`);
  const argv = useTime ? ['-f', '%U %S %M', '-o', timeFile, process.execPath, ...args] : args;
  const started = performance.now();
  const child = spawnTracked(label, useTime ? '/usr/bin/time' : process.execPath, argv, {
    cpu: ctx.generatorCpu,
    pin: ctx.pin,
  });
  const exited = exitOf(child);
  const output = collect(child);
  const nodePid = useTime ? await waitForChild(child.pid) : child.pid;
  if (nodePid !== undefined && nodePid !== child.pid) trackPid(nodePid, `${label} (node)`);
  const sampler = nodePid === undefined ? undefined : startSampler(nodePid, sampleEveryMs);
  const { code, signal } = await exited;
  const wallMs = performance.now() - started;
  const samples = sampler?.stop() ?? [];
  if (nodePid !== undefined) untrackPid(nodePid);
  const rusage = useTime ? readRusage(timeFile) : undefined;
  const last = samples.at(-1);
  return {
    exitCode: code,
    signal,
    stdout: output.stdout(),
    stderr: output.stderr(),
    wallMs,
    cpuMs: rusage?.cpuMs ?? last?.cpuMs,
    cpuSource: rusage ? 'gnu-time rusage' : '/proc poll',
    peakRssMb: Math.max(rusage?.maxRssMb ?? 0, ...samples.map((s) => s.hwmMb)),
    rssTimeline: samples.map((s) => ({ tMs: Math.round(s.tMs), rssMb: round1(s.rssMb), cpuMs: s.cpuMs })),
  };
}

function exitOf(child) {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Keeps stdout whole (a JSON report may come that way) and only the tail of stderr. */
function collect(child) {
  const out = [];
  let err = '';
  child.stdout?.on('data', (chunk) => out.push(chunk));
  child.stderr?.on('data', (chunk) => {
    err = (err + chunk.toString()).slice(-8000);
  });
  return { stdout: () => Buffer.concat(out).toString('utf8'), stderr: () => err };
}

/** GNU time writes "Command exited with non-zero status N" before the format line when it fails. */
function readRusage(file) {
  try {
    const line = readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '';
    rmSync(file, { force: true });
    const [user, system, maxRssKb] = line.trim().split(/\s+/).map(Number);
    if (![user, system, maxRssKb].every(Number.isFinite)) return undefined;
    return { cpuMs: (user + system) * 1000, maxRssMb: maxRssKb / 1024 };
  } catch {
    return undefined;
  }
}

function round1(value) {
  return Math.round(value * 10) / 10;
}
