/**
 * The plan hash: what every shard of one distributed run must agree on, as one SHA-256. `crmload
 * merge` refuses a set whose hashes differ (a shard run with another scenario version, rate, length or
 * target would make the merged numbers meaningless). Pure and stable: it depends only on the values
 * below, in a fixed canonical form, never on key order, the shard, the run id or the clock.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../config/plan.js';

/** Bumped when the hashed fields change, so old and new shards never merge by accident. */
const PLAN_HASH_VERSION = 1;

/**
 * @param plan the whole (unsharded) plan
 * @param scenarioSources the scenario file contents (empty in quick mode); their text, not their path
 */
export function planHash(plan: Plan, scenarioSources: readonly string[]): string {
  const l = plan.load;
  const canonical = {
    v: PLAN_HASH_VERSION,
    scenario: { name: plan.scenario.name, sources: scenarioSources.map(sha256), quickPath: plan.quickPath },
    target: plan.target?.url ?? null,
    load: {
      model: l.model,
      profile: { start: l.profile.start, stages: l.profile.stages.map((s) => [finite(s.durationMs), s.target]) },
      maxVus: l.maxVus,
      iterations: l.iterations,
      durationMs: l.durationMs,
      warmupMs: l.warmupMs,
      graceMs: l.graceMs,
    },
    think: plan.thinkTime,
    http: { connections: plan.http.connections, pipelining: plan.http.pipelining, timeoutMs: plan.http.timeoutMs, keepAlive: plan.http.keepAlive },
    seed: plan.seed,
  };
  return sha256(stableJson(canonical));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON.stringify turns Infinity into null; keep "for ever" distinct from "no value". */
function finite(n: number): number | string {
  return Number.isFinite(n) ? n : 'inf';
}

/** JSON with object keys sorted at every level. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
