/**
 * One `--workers` thread: a shard of the plan, run with the parent's target and setup() results,
 * started at the parent's instant, stopped by its messages, answering with its shard report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildPlan } from '../../config/build-plan.js';
import { shardPlan } from '../../config/scale.js';
import { LoadRun, type RunResult } from '../../engine/run.js';
import { buildReport, type ReportMeta } from '../../report/build.js';
import type { GeneratorHealth } from '../../report/types.js';
import { environment } from '../io.js';
import { loadScenario } from '../scenario-file.js';
import { loadData } from '../data-files.js';
import { customMetricNames } from '../scenario-source.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

const PROGRESS_INTERVAL_MS = 250;
const IDLE_GENERATOR: GeneratorHealth = {
  eventLoopDelayP99Ms: 0, eventLoopDelayMaxMs: 0, scheduleLagP99Ms: 0, scheduleLagMaxMs: 0,
  cpu: { userMs: 0, systemMs: 0, percent: 0 }, saturated: false, warnings: [], offeredRate: null, achievedRate: 0,
};

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

async function main(): Promise<void> {
  const runnable = init.scenarioFile ? await loadScenario(init.scenarioFile) : null;
  const file = init.scenarioFile;
  const whole = buildPlan({ raw: init.raw, runnable, scenarioFile: init.scenarioArg, customMetrics: file ? customMetricNames(file) : undefined }).plan;
  // Each thread reads the feeders itself (rows cannot be shared across threads without a copy); `unique` stripes by shard.
  if (runnable && file) whole.data = loadData(runnable, file, process.cwd());
  const plan = shardPlan(whole, { index: init.index, total: init.total });
  const meta = (abortReason: string | null): ReportMeta => ({
    runId: `worker-${init.index}`, version: init.version, environment: environment(init.version),
    targetUrl: init.target.url, demo: init.demo, abortReason, planHash: init.planHash,
  });
  // Loaded only for --metrics-port: a run without it pays nothing.
  const snapshot = init.live ? (await import('../../observability/live-snapshot.js')).liveSnapshot : null;
  const start = new Promise<number>((resolve) => port.on('message', (m: ToWorker) => m.type === 'start' && resolve(m.startAtMs)));
  post({ type: 'ready' });
  const startAtMs = await start;
  const run = new LoadRun(plan, init.target, {
    env: init.env,
    cpuUsage: () => process.cpuUsage(),
    wallClock: () => new Date(),
    ...(init.ca ? { ca: Buffer.from(init.ca) } : {}),
    onWarning: (message) => post({ type: 'warning', message }),
    onSecret: (value) => post({ type: 'secret', value }),
    scale: { startAtMs, ...(init.shared ? { shared: init.shared } : {}) },
  });
  let reason: string | null = null;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') run.stop((reason ??= m.reason));
    else if (m.type === 'force') run.forceStop((reason ??= m.reason));
    else if (m.type === 'measure') post({ type: 'interim', report: interim(run, plan, meta(null), startAtMs) });
    else if (m.type === 'live' && snapshot) post({ type: 'live', snapshot: snapshot(run.live()) });
  });
  const ticker = setInterval(() => post({ type: 'progress', progress: run.progress() }), PROGRESS_INTERVAL_MS);
  try {
    const result = await run.execute();
    post({ type: 'progress', progress: run.progress() });
    if (snapshot) post({ type: 'live', snapshot: snapshot(run.live()) });
    post({ type: 'report', report: buildReport(plan, result, meta(reason)) });
  } finally {
    clearInterval(ticker);
    port.close();
  }
}

/** The shard's measurements so far as a report, or null before its start. */
function interim(run: LoadRun, plan: Parameters<typeof buildReport>[0], meta: ReportMeta, startAtMs: number) {
  const measured = run.measure();
  if (!measured) return null;
  const elapsed = run.progress().elapsedMs;
  const result: RunResult = { ...measured, iterations: [...measured.iterations], generator: IDLE_GENERATOR, startedAt: new Date(startAtMs), endedAt: new Date(startAtMs + elapsed), durationMs: elapsed, stopReason: null, setupRequests: 0, teardownRequests: 0 };
  return buildReport(plan, result, meta);
}

// An error here ends the thread with it: the parent names this worker and fails the run (exit 1).
await main();
