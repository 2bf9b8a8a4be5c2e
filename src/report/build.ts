/** Build the Report from a finished run: one plain object, rendered by every reporter. Pure. */
import type { Plan } from '../config/plan.js';
import type { RunResult } from '../engine/run.js';
import { evaluateSlas } from '../sla/evaluate.js';
import { extrasOf, measuredBlocks, slaSourceOf } from './measured.js';
import { SCHEMA_URL, SCHEMA_VERSION, type Environment, type Report } from './types.js';

export interface ReportMeta {
  runId: string;
  version: string;
  environment: Environment;
  targetUrl: string;
  demo: boolean;
  /** Why the run was aborted (signal or SLA), or null when it completed. */
  abortReason: string | null;
  /** The plan hash (see `plan-hash.ts`); shards of one run must agree on it. */
  planHash?: string;
}

export function buildReport(plan: Plan, result: RunResult, meta: ReportMeta): Report {
  const { snapshot } = result;
  const { totals, scenarios } = measuredBlocks(result);
  const unscored: Omit<Report, 'sla'> = {
    $schema: SCHEMA_URL,
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'crmload', version: meta.version },
    run: {
      id: meta.runId,
      status: meta.abortReason ? 'aborted' : 'completed',
      ...(meta.abortReason ? { abortReason: meta.abortReason } : {}),
      startedAt: result.startedAt.toISOString(),
      endedAt: result.endedAt.toISOString(),
      durationMs: Math.round(result.durationMs),
      warmupMs: plan.load.warmupMs,
      target: { url: meta.targetUrl, demo: meta.demo },
      scenario: plan.scenario,
      load: loadConfig(plan),
      seed: plan.seed,
      shard: plan.shard ? { index: plan.shard.index, count: plan.shard.total } : null,
      ...(meta.planHash ? { planHash: meta.planHash } : {}),
      warmup: snapshot.warmup,
      setupRequests: result.setupRequests,
      ...(result.teardownRequests ? { teardownRequests: result.teardownRequests } : {}),
      tls: { verify: plan.http.verifyTls },
    },
    totals,
    latency: snapshot.overall.latency,
    serviceTime: snapshot.overall.serviceTime,
    errorLatency: snapshot.overall.errorLatency,
    stability: snapshot.overall.stability,
    steps: snapshot.steps,
    scenarios,
    ...extrasOf(result),
    timeline: plan.shard ? absoluteTimeline(snapshot.timeline, result.startedAt) : snapshot.timeline,
    generator: result.generator,
    environment: meta.environment,
  };
  return { ...unscored, sla: evaluateSlas(plan.slas.map((s) => s.sla), slaSourceOf(result)) } as Report;
}

/** Shard reports: every bucket keyed by its wall-clock start too, so shards line up in a merge. */
function absoluteTimeline(points: Report['timeline'], startedAt: Date): Report['timeline'] {
  const origin = startedAt.getTime();
  return points.map((p) => ({ ...p, at: Math.round(origin + p.t * 1000) }));
}


function loadConfig(plan: Plan): Report['run']['load'] {
  const l = plan.load;
  return {
    model: l.model,
    ...(l.vus !== undefined ? { vus: l.vus } : {}),
    ...(l.rate !== undefined ? { rate: l.rate } : {}),
    ...(l.stages ? { stages: l.stages } : {}),
    ...(l.durationMs !== null ? { durationMs: l.durationMs } : {}),
    ...(l.iterations !== null ? { iterations: l.iterations } : {}),
    ...(l.model === 'open' ? { maxVus: l.maxVus } : {}),
    ...(l.arrivals ? { arrivals: l.arrivals } : {}),
    ...(l.model === 'closed' && l.rampUpMs > 0 ? { rampUpMs: l.rampUpMs } : {}),
    connections: plan.http.connections,
    pipelining: plan.http.pipelining,
    timeoutMs: plan.http.timeoutMs,
    graceMs: l.graceMs,
    ...(plan.thinkTime ? { thinkTime: `${plan.thinkTime.minMs}ms..${plan.thinkTime.maxMs}ms` } : {}),
  };
}
