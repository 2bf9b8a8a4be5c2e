/**
 * `crmload merge`: shard reports of one run → one report, exactly. Counters add up, histograms merge
 * with `add()`, timelines line up by absolute second, and the SLAs are evaluated again on the merged
 * data (the shards' own verdicts are ignored). Pure: the caller reads the files and writes the result.
 */
import { ReportFileError } from '../errors.js';
import { parseSla } from '../sla/parse.js';
import type { Sla } from '../sla/types.js';
import { checkShardSet, type NamedReport } from './merge-check.js';
import { mergeExtras, mergeIterationDurations } from './merge-extras.js';
import { mergeBlocks } from './merge-stats.js';
import { mergeTimelines, timelineStability } from './merge-timeline.js';
import { slaVerdictOf } from './merge-sla.js';
import type { GeneratorHealth, IterationCounters, Report, RunInfo, ScenarioReport, StepReport } from './types.js';

export interface MergeOptions {
  /** Merge what is there when shards are missing, marking the result incomplete. */
  allowPartial: boolean;
  /** SLAs to evaluate on the merged data besides the shards' own expressions (`merge --sla`). */
  slas: readonly Sla[];
  runId: string;
}

/** @throws ReportFileError when the set is not one run's shards (see `checkShardSet`) */
export function mergeReports(set: readonly NamedReport[], options: MergeOptions): Report {
  const { count, missing } = checkShardSet(set, options.allowPartial);
  const reports = [...set].sort((a, b) => a.report.run.shard!.index - b.report.run.shard!.index).map((n) => n.report);
  const unscored = reports.length === 1 && missing.length === 0 ? asWhole(reports[0], options.runId) : mergeData(reports, count, missing, options.runId);
  const expressions = [...new Set(reports.flatMap((r) => r.sla.results.map((x) => x.expression)))];
  const fromShards = expressions.map((e) => reparse(e, set));
  const extra = options.slas.filter((s) => !expressions.includes(s.expression));
  return { ...unscored, sla: slaVerdictOf([...fromShards, ...extra], unscored, measuredMsOf(reports)) };
}

/** The merged measured time: the shards share one timeline, the longest covers them all. */
function measuredMsOf(reports: readonly Report[]): number {
  return Math.max(...reports.map((r) => r.run.durationMs - r.run.warmupMs));
}

/** The shards' SLA expressions, parsed again: the merged verdict is computed, never copied. */
function reparse(expression: string, set: readonly NamedReport[]): Sla {
  try {
    return parseSla(expression);
  } catch (error) {
    const file = set.find((n) => n.report.sla.results.some((r) => r.expression === expression))?.source ?? 'a shard report';
    throw new ReportFileError(`${file}: its SLA "${expression}" does not parse with this crmload (${(error as Error).message})`);
  }
}

/** One shard of one is the whole run: its data as it is. */
function asWhole(report: Report, runId: string): Omit<Report, 'sla'> {
  const { sla: _sla, ...rest } = report;
  return { ...rest, run: { ...report.run, id: runId, shard: null, mergedFrom: 1 } };
}

function mergeData(reports: readonly Report[], count: number, missing: number[], runId: string): Omit<Report, 'sla'> {
  const first = reports[0];
  const startedAtMs = Math.min(...reports.map((r) => Date.parse(r.run.startedAt)));
  const endedAtMs = Math.max(...reports.map((r) => Date.parse(r.run.endedAt)));
  const measuredMs = measuredMsOf(reports);
  const maxes = reports.flatMap((r) => (r.latency.max === null ? [] : [r.latency.max]));
  const measuredMaxMs = maxes.length ? Math.max(...maxes) : null;
  const timeline = mergeTimelines(reports.map((r) => ({ startedAtMs: Date.parse(r.run.startedAt), points: r.timeline })), startedAtMs, measuredMaxMs);
  const overall = mergeBlocks(reports.map((r) => ({ ...r.totals, latency: r.latency, serviceTime: r.serviceTime, errorLatency: r.errorLatency, stability: r.stability })), measuredMs, timelineStability(timeline, first.run.warmupMs, measuredMs, measuredMaxMs));
  const perSecond = (n: number) => (measuredMs > 0 ? Math.round((n / (measuredMs / 1000)) * 1000) / 1000 : 0);
  const iterations = sumIterations(reports.map((r) => r.totals.iterations));
  const { stability: _s, iterationsPerSecond: _i, ...overallCounters } = overall;
  const unscored: Omit<Report, 'sla'> = {
    $schema: first.$schema,
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    run: mergedRun(reports, { count, missing, startedAtMs, endedAtMs, runId }),
    totals: { ...withoutDistributions(overallCounters), dropped: iterations.dropped, iterations, iterationsPerSecond: perSecond(iterations.started) },
    latency: overall.latency,
    serviceTime: overall.serviceTime,
    errorLatency: overall.errorLatency,
    stability: overall.stability,
    steps: mergeSteps(reports.map((r) => r.steps), measuredMs),
    scenarios: mergeScenarios(reports.map((r) => r.scenarios), measuredMs, perSecond),
    ...mergeExtras(reports, measuredMs),
    timeline,
    generator: mergeGenerators(reports),
    environment: first.environment,
  };
  return unscored;
}

function withoutDistributions<T extends object>(block: T): Omit<T, 'latency' | 'serviceTime' | 'errorLatency'> {
  const { latency: _l, serviceTime: _s, errorLatency: _e, ...rest } = block as T & { latency: unknown; serviceTime: unknown; errorLatency: unknown };
  return rest;
}

interface RunFacts {
  count: number;
  missing: number[];
  startedAtMs: number;
  endedAtMs: number;
  runId: string;
}

function mergedRun(reports: readonly Report[], f: RunFacts): RunInfo {
  const first = reports[0].run;
  const aborted = reports.filter((r) => r.run.status === 'aborted');
  const reasons = [...new Set(aborted.map((r) => r.run.abortReason).filter((x): x is string => !!x))];
  const sum = (g: (r: Report) => number) => reports.reduce((a, r) => a + g(r), 0);
  return {
    ...first,
    id: f.runId,
    status: aborted.length ? 'aborted' : 'completed',
    ...(reasons.length ? { abortReason: reasons.join('; ') } : {}),
    startedAt: new Date(f.startedAtMs).toISOString(),
    endedAt: new Date(f.endedAtMs).toISOString(),
    durationMs: f.endedAtMs - f.startedAtMs,
    // Each shard ran its share of these; the whole run had their sum.
    load: {
      ...first.load,
      ...(first.load.maxVus !== undefined ? { maxVus: sum((r) => r.run.load.maxVus ?? 0) } : {}),
      connections: sum((r) => r.run.load.connections),
    },
    shard: null,
    mergedFrom: reports.length,
    ...(f.missing.length ? { incomplete: { missingShards: f.missing } } : {}),
    warmup: {
      requests: sum((r) => r.run.warmup.requests),
      completed: sum((r) => r.run.warmup.completed),
      failed: sum((r) => r.run.warmup.failed),
      ...(reports.some((r) => r.run.warmup.iterations !== undefined) ? { iterations: sum((r) => r.run.warmup.iterations ?? 0) } : {}),
      ...(reports.some((r) => r.run.warmup.dropped !== undefined) ? { dropped: sum((r) => r.run.warmup.dropped ?? 0) } : {}),
    },
    setupRequests: sum((r) => r.run.setupRequests),
    ...(reports.some((r) => r.run.teardownRequests !== undefined) ? { teardownRequests: sum((r) => r.run.teardownRequests ?? 0) } : {}),
  };
}

function sumIterations(list: readonly IterationCounters[]): IterationCounters {
  const keys = ['started', 'completed', 'failed', 'interrupted', 'dropped', 'skippedSteps'] as const;
  const total = { started: 0, completed: 0, failed: 0, interrupted: 0, dropped: 0, skippedSteps: 0 };
  for (const c of list) for (const k of keys) total[k] += c[k];
  return total;
}

/** Steps by name, in order of first appearance (scenario and group: where the first shard saw them). */
function mergeSteps(lists: ReadonlyArray<readonly StepReport[]>, measuredMs: number): StepReport[] {
  const groups = groupByName(lists.flat());
  return [...groups.values()].map((steps) => {
    const group = steps.find((s) => s.group !== undefined)?.group;
    return { name: steps[0].name, scenario: steps[0].scenario, ...(group !== undefined ? { group } : {}), ...mergeBlocks(steps, measuredMs) };
  });
}

function mergeScenarios(lists: ReadonlyArray<readonly ScenarioReport[]>, measuredMs: number, perSecond: (n: number) => number): ScenarioReport[] {
  const groups = groupByName(lists.flat());
  return [...groups.values()].map((list) => {
    const iterations = sumIterations(list.map((s) => s.iterations));
    return { name: list[0].name, ...mergeBlocks(list, measuredMs), iterations, iterationsPerSecond: perSecond(iterations.started), ...mergeIterationDurations(list) };
  });
}

function groupByName<T extends { name: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.name);
    if (group) group.push(item);
    else groups.set(item.name, [item]);
  }
  return groups;
}

/** The generators side by side: the worst delays, summed CPU and rates, every shard's warnings. */
function mergeGenerators(reports: readonly Report[]): GeneratorHealth {
  const gens = reports.map((r) => r.generator);
  const max = (f: (g: GeneratorHealth) => number) => Math.max(...gens.map(f));
  const sum = (f: (g: GeneratorHealth) => number) => Math.round(gens.reduce((a, g) => a + f(g), 0) * 1000) / 1000;
  const offered = gens.every((g) => g.offeredRate !== null) ? sum((g) => g.offeredRate!) : null;
  return {
    eventLoopDelayP99Ms: max((g) => g.eventLoopDelayP99Ms),
    eventLoopDelayMaxMs: max((g) => g.eventLoopDelayMaxMs),
    scheduleLagP99Ms: max((g) => g.scheduleLagP99Ms),
    scheduleLagMaxMs: max((g) => g.scheduleLagMaxMs),
    cpu: { userMs: sum((g) => g.cpu.userMs), systemMs: sum((g) => g.cpu.systemMs), percent: sum((g) => g.cpu.percent) },
    saturated: gens.some((g) => g.saturated),
    warnings: reports.flatMap((r) => r.generator.warnings.map((w) => `shard ${r.run.shard!.index}: ${w}`)),
    offeredRate: offered,
    achievedRate: sum((g) => g.achievedRate),
  };
}
