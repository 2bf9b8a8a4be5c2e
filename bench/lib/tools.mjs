// The load generators under comparison (crmload, autocannon, a bare undici loop), run as child
// processes on the generator core and normalised to one result shape:
//   { tool, exitCode, completed, errors, durationS, rps, latency{min,p50,p90,p99,max}, serviceTime?,
//     cpuMs, cpuUsPerRequest, cpuPercent, peakRssMb, rssTimeline, generator?, stderrTail? }
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureNode } from './measure.mjs';

let sequence = 0;
const UNDICI_LOOP = fileURLToPath(new URL('../undici-loop.mjs', import.meta.url));
const UNDICI_VUS = fileURLToPath(new URL('../undici-vus.mjs', import.meta.url));

/** Where crmload's CLI is: CRMLOAD_BIN (a stub, for testing the harness) or bin/crmload.js after a build. */
export function locateCrmload(root) {
  if (process.env.CRMLOAD_BIN) return { available: true, bin: process.env.CRMLOAD_BIN };
  const built = existsSync(join(root, 'dist', 'cli', 'main.js'));
  return {
    available: built,
    bin: join(root, 'bin', 'crmload.js'),
    reason: built ? undefined : 'dist/cli/main.js is missing: run `npm run build` (or the CLI is not written yet)',
  };
}

export function locateAutocannon(root) {
  const bin = join(root, 'node_modules', 'autocannon', 'autocannon.js');
  return existsSync(bin) ? { available: true, bin } : { available: false, bin, reason: 'autocannon is not installed' };
}

/**
 * Runs `crmload run` and reads its JSON report: quick mode (`--url`) or a scenario file against
 * the target (`scenario`), closed model with `vus`, open model with `rate`.
 * @param {{ url: string, connections: number, durationS?: number, iterations?: number, vus?: number,
 *   rate?: number, scenario?: string, extraArgs?: string[], nodeArgs?: string[], sampleEveryMs?: number }} load
 */
export async function runCrmload(ctx, load) {
  const jsonFile = join(ctx.tmpDir, `crmload-${++sequence}.json`);
  const model = load.rate ? ['--rate', String(load.rate)] : ['--vus', String(load.vus)];
  const what = load.scenario ? [load.scenario, '--target', new URL(load.url).origin] : ['--url', load.url];
  const stop = load.iterations ? ['--iterations', String(load.iterations)] : ['--duration', `${load.durationS}s`];
  const args = [...(load.nodeArgs ?? []), ctx.crmload.bin, 'run', ...what, ...model, '--connections', String(load.connections),
    ...stop, ...(load.extraArgs ?? []), '--json', jsonFile, '--quiet'];
  const measured = await measureNode({ label: 'crmload', args, ctx, sampleEveryMs: load.sampleEveryMs });
  const report = readJson(jsonFile);
  rmSync(jsonFile, { force: true });
  if (!report) return failed('crmload', measured, `no JSON report was written (exit ${measured.exitCode})`);
  const completed = report.totals?.completed ?? 0;
  const durationS = (report.run?.durationMs ?? (load.durationS ?? 0) * 1000) / 1000;
  return withCost({
    tool: 'crmload',
    command: `node ${args.join(' ')}`,
    exitCode: measured.exitCode,
    completed,
    requests: report.totals?.requests,
    errors: (report.totals?.failed ?? 0) + (report.totals?.interrupted ?? 0),
    dropped: report.totals?.dropped,
    durationS,
    rps: durationS > 0 ? completed / durationS : undefined,
    reportedThroughput: report.totals?.throughput,
    startedAtEpochMs: report.run?.startedAt ? Date.parse(report.run.startedAt) : undefined,
    latency: pickLatency(report.latency),
    serviceTime: pickLatency(report.serviceTime),
    generator: report.generator,
    report: load.keepReport ? report : undefined,
  }, measured);
}

/**
 * Runs bench/undici-loop.mjs: a bare closed loop of undici `Client.dispatch` calls, the ceiling for a
 * Node generator on undici. Same connections and duration as the crmload run it is compared with.
 * `await`: each request awaited as a promise (the ceiling for a promise-based API); `journey`: the
 * 3-step journey, each request awaited (the ceiling for the 3-step scenario).
 * @param {{ url: string, connections: number, durationS: number, await?: boolean, journey?: boolean }} load
 */
export async function runUndiciLoop(ctx, load) {
  const mode = load.journey ? ['--journey'] : load.await ? ['--await'] : [];
  const args = [UNDICI_LOOP, '--url', load.url, '--connections', String(load.connections), '--duration', String(load.durationS), ...mode];
  return runBareScript(ctx, 'undici loop', args);
}

/**
 * Runs bench/undici-vus.mjs: `vus` async loops on an undici Pool, each one GET then a think time, the
 * ceiling for the many-VU run. Its event-loop delay, CPU after the ramp and saturation are its own.
 * @param {{ url: string, vus: number, connections: number, thinkMs: [number, number], durationS: number, sampleEveryMs?: number }} load
 */
export async function runUndiciVus(ctx, load) {
  const args = [UNDICI_VUS, '--url', load.url, '--vus', String(load.vus), '--connections', String(load.connections),
    '--think', `${load.thinkMs[0]}..${load.thinkMs[1]}`, '--duration', String(load.durationS)];
  return runBareScript(ctx, 'undici VUs', args, load.sampleEveryMs, (result) => ({
    generator: { eventLoopDelayP99Ms: result.eventLoopDelayP99Ms, eventLoopDelayMaxMs: result.eventLoopDelayMaxMs, cpuPercentAfterRamp: result.cpuPercentAfterRamp, saturated: result.saturated },
  }));
}

/** One of the bare undici scripts, which print one JSON line `{completed, errors, durationMs, …}`; `more` picks the rest. */
async function runBareScript(ctx, label, args, sampleEveryMs, more = () => ({})) {
  const measured = await measureNode({ label, args, ctx, sampleEveryMs });
  const result = parseJson(measured.stdout);
  if (!result) return failed('undici', measured, `no JSON on stdout (exit ${measured.exitCode})`);
  const durationS = result.durationMs / 1000;
  return withCost({
    tool: 'undici',
    command: `node ${args.join(' ')}`,
    exitCode: measured.exitCode,
    completed: result.completed,
    errors: result.errors,
    durationS,
    rps: result.completed / durationS,
    ...more(result),
  }, measured);
}

/**
 * Runs the autocannon CLI with `-j` (JSON on stdout). `rate` maps to `-R` (overall rate).
 * @param {{ url: string, connections: number, durationS: number, rate?: number, sampleEveryMs?: number }} load
 */
export async function runAutocannon(ctx, load) {
  const rate = load.rate ? ['-R', String(load.rate)] : [];
  const args = [ctx.autocannon.bin, '-c', String(load.connections), '-d', String(load.durationS), ...rate, '-j', '-n', load.url];
  const measured = await measureNode({ label: 'autocannon', args, ctx, sampleEveryMs: load.sampleEveryMs });
  const result = parseJson(measured.stdout);
  if (!result) return failed('autocannon', measured, `no JSON on stdout (exit ${measured.exitCode})`);
  const completed = result.requests?.total ?? 0;
  const durationS = result.duration ?? load.durationS;
  return withCost({
    tool: 'autocannon',
    command: `node ${args.join(' ')}`,
    exitCode: measured.exitCode,
    completed,
    errors: (result.errors ?? 0) + (result.timeouts ?? 0) + (result.non2xx ?? 0),
    durationS,
    rps: completed / durationS,
    reportedThroughput: result.requests?.average,
    startedAtEpochMs: result.start ? Date.parse(result.start) : undefined,
    latency: pickLatency(result.latency),
  }, measured);
}

function pickLatency(block) {
  if (!block) return undefined;
  const { min, p50, p90, p95, p99, max, mean } = block;
  return { min, p50, p90, p95, p99, max, mean: mean ?? block.average };
}

function withCost(result, measured) {
  const cpuMs = measured.cpuMs;
  return {
    ...result,
    cpuMs,
    cpuSource: measured.cpuSource,
    cpuUsPerRequest: cpuMs !== undefined && result.completed > 0 ? (cpuMs * 1000) / result.completed : undefined,
    cpuPercent: cpuMs !== undefined ? (cpuMs / measured.wallMs) * 100 : undefined,
    wallMs: Math.round(measured.wallMs),
    peakRssMb: measured.peakRssMb > 0 ? measured.peakRssMb : undefined,
    rssTimeline: measured.rssTimeline,
    stderrTail: measured.exitCode === 0 ? undefined : measured.stderr.slice(-1000) || undefined,
  };
}

function failed(tool, measured, why) {
  return { tool, failed: why, exitCode: measured.exitCode, stderrTail: measured.stderr.slice(-2000) };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseJson(text) {
  const start = text.indexOf('{');
  if (start === -1) return undefined;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}
