/**
 * The engine: runs a Plan against a target and returns what was measured. It starts the executor,
 * stops new work at the end (or on stop()), lets in-flight requests finish within the grace period,
 * then interrupts the rest, so every sent request is counted exactly once.
 */
import type { Plan } from '../config/plan.js';
import { HttpClient } from '../http/client.js';
import { systemClock, type Clock, type Executor } from '../load/driver.js';
import { Recorder, type RecorderSnapshot } from '../metrics/recorder.js';
import type { GeneratorHealth, IterationCounters, RunStart } from '../report/types.js';
import { RunContext, type RunSettings } from './context.js';
import { liveView, type LiveView } from './live.js';
import { HealthMonitor } from './health.js';
import type { RunDeps } from './run-deps.js';
import { buildRuntimes, type Runtimes } from './runtimes.js';
import { teardownWithin } from './teardown.js';
import { quickIterations, sumIterations } from './iterations.js';
import { scheduleRates, withOfferedRates } from './rates.js';
import { every, idleWithin } from './timers.js';
import { prepareStart } from './clean-start.js';
import { WARM_UP } from './self-warm-up.js';
import { createExecutor, driverFactory } from './executors.js';
import { Warnings } from './warnings.js';
import { lazyFakerFactory, type FakerFactory } from '../scenario/fake.js';
import { STOP } from '../scenario/response.js';
import { forShard, setupOnce, setupOrShared, shardSeed, startPoint } from './start.js';

export type { RunDeps };

/** How often idle timeline buckets are closed. */
const TICK_MS = 1000;
/** After the grace period, interrupted exchanges end at once; scenario code stuck elsewhere gets this long. */
const INTERRUPT_SETTLE_MS = 1000;

/** The measurements of a run, at its end or at any moment during it (report/measured.ts judges them). */
export interface Measured {
  snapshot: RecorderSnapshot;
  /** Iteration counters per scenario (one entry in quick mode and single-scenario runs). */
  iterations: ReadonlyArray<{ name: string; counters: IterationCounters }>;
  /** Iteration counters over all scenarios, with the executor's dropped count. */
  totals: IterationCounters;
}

export interface RunResult extends Measured {
  iterations: Array<{ name: string; counters: IterationCounters }>;
  generator: GeneratorHealth;
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  stopReason: string | null;
  setupRequests: number;
  teardownRequests: number;
}

export interface Progress {
  elapsedMs: number;
  requests: number;
  active: number;
  /** Requests sent and not yet finished. */
  inFlight: number;
  dropped: number;
  plannedMs: number | null;
}

export class LoadRun {
  private readonly client: HttpClient;
  private readonly warnings: Warnings;
  private readonly health: HealthMonitor;
  private executor: Executor | null = null;
  private recorder: Recorder | null = null;
  private runtimes: Runtimes | null = null;
  private startedAt = 0;
  private stopReason: string | null = null;
  private forced = false;
  private forceWake: (() => void) | null = null;
  /** When the executor stopped starting iterations (monotonic ms). */
  private scheduleEndedAt = 0;
  private wallStart = new Date(0);
  private setupRequests = 0;
  /** What the clean start did before the measured clock (engine/clean-start.ts). */
  private start: RunStart | null = null;
  private readonly clock: Clock;

  constructor(private readonly plan: Plan, private readonly target: { origin: string; basePath: string }, private readonly deps: RunDeps) {
    this.clock = deps.clock ?? systemClock;
    const injected = deps.clock ? { clock: deps.clock } : {};
    this.client = new HttpClient({ ...plan.http, ca: deps.ca, connect: deps.connect, ...injected });
    this.warnings = new Warnings(deps.onWarning);
    this.health = new HealthMonitor(deps.cpuUsage, () => this.clock.now());
  }

  /** Stop starting new work; in-flight requests get the grace period. The first reason wins. */
  stop(reason: string): void {
    this.stopReason ??= reason;
    this.executor?.stop();
  }

  /** Stop now: interrupt whatever is in flight without waiting for the grace period. */
  forceStop(reason: string): void {
    this.stop(reason);
    this.forced = true;
    this.forceWake?.();
  }

  progress(): Progress {
    return {
      elapsedMs: this.startedAt ? Math.max(0, this.clock.now() - this.startedAt) : 0,
      requests: this.recorder?.count ?? 0,
      active: this.executor?.active ?? 0,
      inFlight: this.client.inFlightCount,
      dropped: this.executor?.dropped ?? 0,
      plannedMs: this.plan.load.durationMs,
    };
  }

  /** The run's counters now, for live observers (read on demand; nothing on the hot path). */
  live(): LiveView {
    const elapsedMs = this.recorder ? this.clock.now() - this.startedAt : 0;
    return liveView({ recorder: this.recorder, executor: this.executor, load: this.plan.load, shards: this.plan.shard?.total ?? 1, elapsedMs, health: this.health.live() });
  }

  /**
   * The result so far, without stopping or waiting for anything: for a report when the run can no
   * longer finish (the CLI's stall guard). Null before the measured run began.
   */
  partialResult(): RunResult | null {
    if (!this.recorder || !this.executor) return null;
    if (!this.scheduleEndedAt) this.scheduleEndedAt = this.clock.now();
    return this.result(this.recorder, this.clock.now(), this.wallStart, this.setupRequests, 0);
  }

  /** What has been measured so far (for abort-on-fail), without stopping anything; null before the start. */
  measure(): Measured | null {
    if (!this.recorder || !this.executor) return null;
    return this.measured(this.recorder.snapshot(this.clock.now()));
  }

  async execute(): Promise<RunResult> {
    const plan = this.plan;
    const shard = plan.shard ? { index: plan.shard.index - 1, total: plan.shard.total } : null;
    this.runtimes = plan.runnable ? buildRuntimes(plan.runnable, plan.thinkTimes, plan.data ? { data: plan.data, seed: plan.seed, shard } : null) : null;
    const settings = this.settings(this.runtimes ? lazyFakerFactory() : null);
    // Stopped before it began (a signal while loading): no setup() request is sent either.
    const setupRequests = this.runtimes && !this.stopReason ? await setupOrShared(this.runtimes, settings, this.deps.scale?.shared) : 0;
    this.start = await prepareStart({
      client: this.client,
      settings,
      quickPath: this.runtimes ? null : this.plan.quickPath ?? '/',
      // A run no bigger than the warm-up itself (`--iterations 10`) would not gain from one.
      warmUp: this.deps.selfWarmUp === true && !this.stopReason && !(plan.load.iterations !== null && plan.load.iterations <= WARM_UP.requests),
      keepAlive: plan.http.keepAlive,
      timeoutMs: plan.http.timeoutMs,
      warnings: this.warnings,
    });
    // With --start-at the origin is that instant on the monotonic clock: ahead (the executor sleeps) or behind (late).
    const { origin, wallStart } = startPoint(this.deps.scale?.startAtMs ?? null, this.deps.wallClock, this.clock, this.warnings);
    this.wallStart = wallStart;
    this.setupRequests = setupRequests;
    this.startedAt = origin;
    const recorder = new Recorder(
      {
        startedAt: this.startedAt,
        warmupMs: plan.load.warmupMs,
        plannedMs: plan.load.durationMs,
        activeVus: () => this.executor?.active ?? 0,
        ...(plan.load.model === 'open' ? { dropped: () => (this.executor ? this.executor.dropped + this.executor.warmupDropped : 0) } : {}),
        serviceIsLatency: plan.load.model === 'closed',
        singleStep: plan.runnable === null,
        timelineHistograms: plan.shard !== null,
        now: () => this.clock.now(),
      },
      (this.runtimes?.list.length ?? 1) > 1,
    );
    this.recorder = recorder;
    for (const runtime of this.runtimes?.list ?? []) runtime.iterationDurations = recorder.extras.iterationDistribution(runtime.name);
    const ctx = new RunContext(settings, recorder, this.startedAt + plan.load.warmupMs);
    const executor = createExecutor(this.plan, driverFactory(this.plan, this.runtimes, ctx), { clock: this.clock, onLag: this.health.recordLag, warnings: this.warnings });
    this.executor = executor;
    if (this.stopReason) executor.stop();
    const ticker = every(this.clock, TICK_MS, () => {
      const now = this.clock.now();
      recorder.tick(now);
      this.health.tick(now);
    });
    this.health.start(plan.load.model === 'closed' ? plan.load.rampUpMs : 0);
    try {
      await executor.run(this.startedAt);
      this.scheduleEndedAt = this.clock.now();
      await this.drain(ctx, executor);
    } finally {
      ticker.stop();
    }
    const endedAt = this.clock.now();
    // teardown() once, within the grace period; not after a second signal, nor in --workers threads (the parent's).
    const skipTeardown = !this.runtimes || this.forced || this.deps.scale?.shared;
    const teardownRequests = skipTeardown ? 0 : await teardownWithin(this.runtimes!, settings, this.clock, plan.load.graceMs, (wake) => (this.forceWake = wake));
    await this.client.close();
    return this.result(recorder, endedAt, wallStart, setupRequests, teardownRequests);
  }

  /** `--workers`: only setup(), once, in the parent; its results (one per scenario) go to the workers; teardown() after them. */
  async setupOnly(): ReturnType<typeof setupOnce> {
    return setupOnce(buildRuntimes(this.plan.runnable!, this.plan.thinkTimes), this.settings(lazyFakerFactory()), this.clock, this.plan.load.graceMs, () => this.client.close());
  }

  private settings(fakerFactory: FakerFactory | null): RunSettings {
    const plan = this.plan;
    return {
      client: this.client,
      origin: this.target.origin,
      basePath: this.target.basePath,
      headers: plan.headers,
      openModel: plan.load.model === 'open',
      seed: shardSeed(plan.seed, plan.shard),
      warnings: this.warnings,
      fakerFactory,
      env: this.deps.env,
      onSecret: this.deps.onSecret ?? (() => {}),
      now: () => this.clock.now(),
      origins: new Set(plan.origins),
      stopRun: (reason) => this.stop(reason),
      httpDebug: plan.httpDebug && this.deps.onHttpDebug ? { iterations: plan.httpDebug, write: this.deps.onHttpDebug } : null,
      clock: this.clock,
    };
  }

  /** No new request from now on; wait for in-flight ones up to the grace period, then interrupt. */
  private async drain(ctx: RunContext, executor: Executor): Promise<void> {
    ctx.stopping = true;
    ctx.wakeSleepers(STOP);
    if (!this.forced) {
      await idleWithin(this.clock, executor, this.plan.load.graceMs, (wake) => (this.forceWake = wake));
    }
    this.client.interruptAll();
    await idleWithin(this.clock, executor, INTERRUPT_SETTLE_MS);
  }

  /** Iteration counters beside a snapshot: the same figures mid-run and at the end. */
  private measured(snapshot: RecorderSnapshot): Measured & { iterations: RunResult['iterations'] } {
    const executor = this.executor!;
    const iterations = this.runtimes
      ? this.runtimes.list.map((r) => ({ name: r.name, counters: { ...r.iterations } }))
      : [{ name: this.plan.scenario.name, counters: quickIterations(snapshot, executor) }];
    const totals = sumIterations(iterations.map((i) => i.counters));
    totals.dropped = executor.dropped;
    if (iterations.length === 1) iterations[0].counters.dropped = executor.dropped;
    return { snapshot, iterations, totals };
  }

  private result(recorder: Recorder, endedAt: number, wallStart: Date, setupRequests: number, teardownRequests: number): RunResult {
    const executor = this.executor!;
    const measured = this.measured(recorder.snapshot(endedAt));
    const { iterations, totals } = measured;
    const load = this.plan.load;
    const durationMs = endedAt - this.startedAt;
    const rates = forShard(scheduleRates({ model: load.model, profile: load.profile, warmupMs: load.warmupMs, scheduleEndMs: this.scheduleEndedAt - this.startedAt }, totals.started), this.plan.shard);
    const generator = { ...this.health.finish({ ...rates, warnings: this.warnings.all() }), ...(this.start ? { start: this.start } : {}) };
    const snapshot = load.model === 'open' ? { ...measured.snapshot, timeline: withOfferedRates(measured.snapshot.timeline, load.profile, this.plan.shard?.total) } : measured.snapshot;
    const warmupIterations = this.runtimes ? sumIterations(this.runtimes.list.map((r) => r.warmupIterations)).started : snapshot.warmup.requests;
    snapshot.warmup = { ...snapshot.warmup, iterations: warmupIterations, dropped: executor.warmupDropped };
    return {
      snapshot,
      iterations,
      totals,
      generator,
      startedAt: wallStart,
      endedAt: new Date(wallStart.getTime() + durationMs),
      durationMs,
      stopReason: this.stopReason,
      setupRequests,
      teardownRequests,
    };
  }
}
