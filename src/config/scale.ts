/**
 * Scale-out options of `crmload run` (DESIGN §7): `--shard i/n` (or `auto`), `--start-at T` and
 * `--workers N`. Parsing and the sharded plan are pure: the environment, the wall clock and the core
 * count are given.
 */
import { ConfigError } from '../errors.js';
import { share, type ShardSlice } from '../load/shard.js';
import { attempt } from './load-model.js';
import type { Plan } from './plan.js';
import { MAX_WORKERS } from '../limits.js';
import { parseCount, parseDuration } from '../units.js';

/** What the scale-out options resolve to. */
export interface ScaleOptions {
  /** 1-based shard of a distributed run, or null for the whole plan. */
  shard: { index: number; total: number } | null;
  /** Wall-clock instant (epoch ms) at which the schedule starts, or null for now. */
  startAtMs: number | null;
  /** Worker threads on this machine (1 = in process). */
  workers: number;
}

export interface ScaleInput {
  shard?: string;
  shards?: string;
  startAt?: string;
  workers?: string;
}

export interface ScaleContext {
  env: Readonly<Record<string, string | undefined>>;
  /** Wall clock now, epoch ms. */
  nowMs: number;
  /** Open model: the plan's --max-vus, which the shards or workers share (absent: closed model). */
  openMaxVus?: number;
  /** Closed model: the most VUs the profile reaches, which the shards or workers share (absent: open model). */
  closedPeakVus?: number;
  /** Cores available to this process (`--workers auto`). */
  cores: number;
  /** The planned run length (ms), null when only an iteration count ends it. */
  plannedMs: number | null;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const SHARD_FORM = 'expected i/n with 1 <= i <= n, like 2/4, or auto';

/** Resolve the scale-out options; every problem is reported at once (ConfigError). */
export function resolveScale(input: ScaleInput, ctx: ScaleContext): ScaleOptions {
  const issues: string[] = [];
  const shard = resolveShard(input, ctx.env, issues);
  const startAtMs = input.startAt !== undefined ? parseStartAt(input.startAt, ctx, issues) : null;
  const workers = input.workers !== undefined ? parseWorkers(input.workers, ctx.cores, issues) : 1;
  if (shard && input.workers !== undefined) issues.push('--workers and --shard: choose one (each worker is already a shard of this machine\'s plan)');
  if (input.shards !== undefined && input.shard !== 'auto') issues.push('--shards: only with --shard auto (otherwise give --shard i/n)');
  // Arrivals are dealt to the shards in turn, and --max-vus is shared out: a shard with none would drop all of its arrivals.
  const parts = shard?.total ?? workers;
  if (ctx.openMaxVus !== undefined && parts > ctx.openMaxVus) {
    issues.push(`--max-vus ${ctx.openMaxVus} with ${parts} ${shard ? 'shards' : 'workers'}: each needs at least one VU (give --max-vus ${parts} or more)`);
  }
  // VUs are shared out too: a shard or worker with none at the peak would send nothing, and pass.
  if (ctx.closedPeakVus !== undefined && parts > ctx.closedPeakVus) {
    issues.push(`${ctx.closedPeakVus} VU${ctx.closedPeakVus === 1 ? '' : 's'} at most with ${parts} ${shard ? 'shards' : 'workers'}: each needs at least one VU (give --vus, or a --stage target, of ${parts} or more)`);
  }
  if (issues.length) throw new ConfigError(issues);
  return { shard, startAtMs, workers };
}

function resolveShard(input: ScaleInput, env: ScaleContext['env'], issues: string[]): ScaleOptions['shard'] {
  if (input.shard === undefined) return null;
  if (input.shard !== 'auto') return parseShardText('--shard', input.shard, issues);
  if (env.JOB_COMPLETION_INDEX !== undefined && env.JOB_COMPLETION_INDEX !== '') {
    if (input.shards === undefined) {
      issues.push('--shard auto: JOB_COMPLETION_INDEX is set, so --shards N is needed too (the Job\'s completions)');
      return null;
    }
    const total = tryCount('--shards', input.shards, issues);
    const index = /^\d+$/.test(env.JOB_COMPLETION_INDEX) ? Number(env.JOB_COMPLETION_INDEX) + 1 : NaN;
    if (total === undefined) return null;
    if (!(index >= 1 && index <= total)) {
      issues.push(`--shard auto: JOB_COMPLETION_INDEX ${JSON.stringify(env.JOB_COMPLETION_INDEX)} is not an index from 0 to ${total - 1}`);
      return null;
    }
    return { index, total };
  }
  if (env.CRMLOAD_SHARD !== undefined && env.CRMLOAD_SHARD !== '') {
    const shard = parseShardText('CRMLOAD_SHARD', env.CRMLOAD_SHARD, issues);
    // --shards is for JOB_COMPLETION_INDEX; given with CRMLOAD_SHARD too, the two must agree.
    const total = input.shards === undefined ? undefined : tryCount('--shards', input.shards, issues);
    if (shard && total !== undefined && total !== shard.total) {
      issues.push(`--shard auto: CRMLOAD_SHARD ${JSON.stringify(env.CRMLOAD_SHARD)} is a shard of ${shard.total}, but --shards says ${total}`);
      return null;
    }
    return shard;
  }
  issues.push('--shard auto: neither JOB_COMPLETION_INDEX (with --shards N) nor CRMLOAD_SHARD=i/n is set');
  return null;
}

/** `i/n`, 1-based. */
export function parseShardText(field: string, text: string, issues: string[]): ScaleOptions['shard'] {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || !(total >= 1) || !(index >= 1) || index > total || !Number.isSafeInteger(total)) {
    issues.push(`${field} ${JSON.stringify(text)}: ${SHARD_FORM}`);
    return null;
  }
  return { index, total };
}

/** RFC 3339 (`2025-01-02T03:04:05Z`) or `+30s` from now; refused when it is over before it starts. */
export function parseStartAt(text: string, ctx: Pick<ScaleContext, 'nowMs' | 'plannedMs'>, issues: string[]): number | null {
  let at: number;
  if (text.trim().startsWith('+')) {
    try {
      at = ctx.nowMs + parseDuration('--start-at', text.trim().slice(1), true);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(`--start-at ${JSON.stringify(text)}: expected an RFC 3339 time like 2025-06-01T12:00:00Z or a delay like +30s`);
      return null;
    }
  } else if (RFC3339.test(text.trim()) && Number.isFinite(Date.parse(text.trim()))) {
    at = Date.parse(text.trim());
  } else {
    issues.push(`--start-at ${JSON.stringify(text)}: expected an RFC 3339 time like 2025-06-01T12:00:00Z or a delay like +30s`);
    return null;
  }
  const late = ctx.nowMs - at;
  if (late > (ctx.plannedMs ?? 0)) {
    const length = ctx.plannedMs === null ? 'an iteration-count run has no known length' : `the run lasts ${ctx.plannedMs / 1000}s`;
    issues.push(`--start-at ${JSON.stringify(text)}: ${Math.round(late / 1000)}s in the past and ${length}: nothing would be left to run`);
    return null;
  }
  return at;
}

function parseWorkers(text: string, cores: number, issues: string[]): number {
  if (text === 'auto') return Math.max(1, cores);
  return attempt(issues, () => parseCount('--workers', text, 1, MAX_WORKERS)) ?? 1;
}

function tryCount(field: string, text: string, issues: string[]): number | undefined {
  return attempt(issues, () => parseCount(field, text));
}

/**
 * The plan of one shard (1-based `shard`): integer quantities are shared out so the shards add up to
 * the whole (connections keep at least one so the shard can send). The profile, the iteration limit
 * and the schedule stay global: executors stripe them by index. The whole plan is unchanged.
 */
export function shardPlan(plan: Plan, shard: { index: number; total: number }): Plan {
  const k = shard.index - 1;
  const n = shard.total;
  return {
    ...plan,
    shard,
    load: { ...plan.load, maxVus: share(plan.load.maxVus, k, n) },
    http: { ...plan.http, connections: Math.max(1, share(plan.http.connections, k, n)) },
  };
}

/** The 0-based slice the executors use, from a plan's 1-based shard. */
export function sliceOf(plan: Pick<Plan, 'shard'>): ShardSlice | undefined {
  return plan.shard ? { index: plan.shard.index - 1, total: plan.shard.total } : undefined;
}
