/**
 * `--workers N`: N worker threads, each a shard of the plan, in this process. The parent starts them
 * together, shows their summed progress, relays stops, and merges their shard reports through the same
 * code as `crmload merge`. A worker that fails ends the run: every other thread is terminated and the
 * run fails naming the worker (exit 1); no thread is left behind.
 */
import { Worker } from 'node:worker_threads';
import type { Progress } from '../../engine/run.js';
import { WorkerError } from '../../errors.js';
import type { LiveSnapshot } from '../../observability/live-snapshot.js';
import type { ParentTeardown } from '../../engine/start.js';
import type { Measured } from '../../report/measured.js';
import { mergeReports } from '../../report/merge.js';
import { measuredOf } from '../../report/merge-sla.js';
import type { Report } from '../../report/types.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

/** The instant the workers start at, after all are ready (time to post the message and wake). */
const START_DELAY_MS = 100;
const MEASURE_INTERVAL_MS = 1000;
/**
 * How long past its grace period (or a second signal) a worker may take to send its report. A worker
 * whose scenario never yields (a loop without await) can hear no stop; past this it is terminated,
 * and the run fails naming it, instead of never ending.
 */
export const STOP_MARGIN_MS = 5000;

export interface PoolOptions {
  workers: number;
  init: Omit<WorkerInit, 'index' | 'total' | 'live'>;
  /** `--start-at`, or null: start as soon as every worker is ready. */
  startAtMs: number | null;
  plannedMs: number | null;
  /** The run's grace period: how long in-flight requests get once a worker stops. */
  graceMs: number;
  /** Keep a merged interim measurement for --abort-on-fail. */
  measure: boolean;
  /** Keep each worker's latest live snapshot for `--metrics-port` (init.live asks the workers for them). */
  live: boolean;
  onWarning(message: string): void;
  onSecret(value: string): void;
  runId: string;
  /** Each scenario's teardown(), run here once every worker has reported (not after a second signal). */
  teardown?: ParentTeardown;
}

interface Slot {
  worker: Worker;
  progress: Progress | null;
  report: Report | null;
  interim: Report | null;
  live: LiveSnapshot | null;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private latest: Measured | null = null;
  private failure: Error | null = null;
  private stopReason: string | null = null;
  private startAtMs: number | null = null;
  private fail: (error: Error) => void = () => {};
  private forced = false;
  private forceWake: (() => void) | null = null;
  private deadline: NodeJS.Timeout | null = null;
  private deadlineAt = Number.POSITIVE_INFINITY;

  constructor(private readonly options: PoolOptions) {}

  /** Run every worker to its end; the merged report. @throws WorkerError naming a failed worker (exit 1) */
  async execute(): Promise<Report> {
    const n = this.options.workers;
    const done = new Promise<Report[]>((resolve, reject) => {
      this.fail = (error) => {
        if (this.failure) return;
        this.failure = error;
        void this.terminateAll().then(() => reject(error));
      };
      let ready = 0;
      let finished = 0;
      for (let index = 1; index <= n; index++) {
        const worker = new Worker(new URL('./worker-entry.js', import.meta.url), { workerData: { ...this.options.init, live: this.options.live, index, total: n } satisfies WorkerInit });
        const slot: Slot = { worker, progress: null, report: null, interim: null, live: null };
        this.slots.push(slot);
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'ready' && ++ready === n) this.startAll();
          else if (m.type === 'progress') slot.progress = m.progress;
          else if (m.type === 'warning') this.options.onWarning(`worker ${index}: ${m.message}`);
          else if (m.type === 'secret') this.options.onSecret(m.value);
          else if (m.type === 'interim') this.onInterim(slot, m.report);
          else if (m.type === 'live') slot.live = m.snapshot;
          else if (m.type === 'report') {
            slot.report = m.report;
            if (++finished === n) resolve(this.slots.map((s) => s.report!));
          }
        });
        worker.on('error', (error) => this.fail(new WorkerError(`worker ${index} of ${n} failed: ${error.message}`)));
        worker.on('exit', (code) => {
          if (!slot.report) this.fail(new WorkerError(`worker ${index} of ${n} failed: it exited with code ${code} before its report`));
        });
      }
    });
    const { measure, live } = this.options;
    const ticker = measure || live ? setInterval(() => {
      if (measure) this.post({ type: 'measure' });
      if (live) this.post({ type: 'live' });
    }, MEASURE_INTERVAL_MS) : null;
    try {
      const reports = await done;
      const merged = mergeReports(reports.map((report, i) => ({ source: `worker ${i + 1}`, report })), { allowPartial: false, slas: [], runId: this.options.runId });
      return withTeardown(merged, await this.teardown());
    } finally {
      if (ticker) clearInterval(ticker);
      if (this.deadline) clearTimeout(this.deadline);
      await this.terminateAll();
    }
  }

  stop(reason: string): void {
    this.stopReason ??= reason;
    this.post({ type: 'stop', reason });
    this.reportBy(Date.now() + this.options.graceMs + STOP_MARGIN_MS);
  }

  forceStop(reason: string): void {
    this.forced = true;
    this.forceWake?.();
    this.post({ type: 'force', reason });
    this.reportBy(Date.now() + STOP_MARGIN_MS);
  }

  /** Every worker's report by `at` (epoch ms; the earliest deadline holds), or the run fails naming the ones that never stopped. */
  private reportBy(at: number): void {
    if (at >= this.deadlineAt) return;
    this.deadlineAt = at;
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      const stuck = this.slots.flatMap((s, i) => (s.report ? [] : [i + 1]));
      if (stuck.length === 0) return;
      const which = stuck.length === 1 ? `worker ${stuck[0]} of ${this.slots.length}` : `workers ${stuck.join(', ')} of ${this.slots.length}`;
      this.fail(new WorkerError(`${which} did not stop: its scenario code never yields to the event loop (a loop without await?); terminated, with no report`));
    }, Math.max(0, at - Date.now()));
  }

  /** The workers' progress summed (the slowest elapsed time). */
  progress(): Progress {
    const list = this.slots.map((s) => s.progress).filter((p): p is Progress => p !== null);
    const sum = (f: (p: Progress) => number) => list.reduce((a, p) => a + f(p), 0);
    const elapsedMs = list.length ? Math.min(...list.map((p) => p.elapsedMs)) : 0;
    return { elapsedMs, requests: sum((p) => p.requests), active: sum((p) => p.active), inFlight: sum((p) => p.inFlight), dropped: sum((p) => p.dropped), plannedMs: this.options.plannedMs };
  }

  /** Each worker's latest live snapshot (up to a second old; the last one sent with its report). */
  liveSnapshots(): LiveSnapshot[] {
    return this.slots.map((s) => s.live).filter((l): l is LiveSnapshot => l !== null);
  }

  /** Time since the workers' common start instant, ms (0 before it). */
  elapsedMs(): number {
    return this.startAtMs === null ? 0 : Math.max(0, Date.now() - this.startAtMs);
  }

  /** The merged measurements of the last complete round of interim reports (for --abort-on-fail). */
  measure(): Measured | null {
    return this.latest;
  }

  private startAll(): void {
    const startAtMs = this.options.startAtMs ?? Date.now() + START_DELAY_MS;
    this.startAtMs = startAtMs;
    this.post({ type: 'start', startAtMs });
    // Stopped before the workers were ready (a signal): they start and stop at once, nothing sent.
    if (this.stopReason) this.post({ type: 'stop', reason: this.stopReason });
    if (this.options.plannedMs !== null) this.reportBy(startAtMs + this.options.plannedMs + this.options.graceMs + STOP_MARGIN_MS);
  }

  private onInterim(slot: Slot, report: Report | null): void {
    slot.interim = report;
    // A worker that has finished is asked for no more interim reports: its final one stands for it.
    if (this.slots.some((s) => !s.interim && !s.report)) return;
    const reports = this.slots.map((s) => s.interim ?? s.report!);
    this.slots.forEach((s) => (s.interim = null));
    const merged = mergeReports(reports.map((report, i) => ({ source: `worker ${i + 1}`, report })), { allowPartial: false, slas: [], runId: this.options.runId });
    this.latest = measuredOf(merged, Math.max(...reports.map((r) => r.run.durationMs - r.run.warmupMs)));
  }

  /** teardown() once, within the grace period, as in one process: not after a second signal. */
  private async teardown(): Promise<number> {
    if (!this.options.teardown || this.forced) return 0;
    return this.options.teardown((wake) => (this.forceWake = wake));
  }

  private post(message: ToWorker): void {
    for (const s of this.slots) if (!s.report) s.worker.postMessage(message);
  }

  private async terminateAll(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** The parent's teardown() requests in the merged report (absent when none, as in one process). */
function withTeardown(report: Report, requests: number): Report {
  return requests ? { ...report, run: { ...report.run, teardownRequests: (report.run.teardownRequests ?? 0) + requests } } : report;
}
