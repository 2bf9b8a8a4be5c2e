/**
 * Warnings that come with a baseline comparison: reasons the numbers may not be comparable.
 * They never fail the comparison; they tell the reader what to check first.
 */
import type { LoadConfig, Report } from './types.js';

/** What two runs must share to be compared at all. */
export interface Comparable {
  scenario: { name: string };
  load: { model: 'open' | 'closed' };
  /** A shard's part of a distributed run (1-based), or null for a whole run. */
  shard: { index: number; count: number } | null;
}

function part(shard: Comparable['shard']): string {
  return shard ? `shard ${shard.index} of ${shard.count} (a part of a run)` : 'a whole run';
}

/**
 * Why two runs cannot be compared: a different scenario or a different load model makes every delta
 * meaningless, so `compare` refuses them (exit 2) unless forced. Other differences are notes.
 * @param headIs how the head is named in the message: `the head ran` (default) or `this run is`
 */
export function incomparability(base: Comparable, head: Comparable, headIs = 'the head ran'): string[] {
  const reasons: string[] = [];
  if (base.scenario.name !== head.scenario.name) {
    reasons.push(`different scenarios: the base ran "${base.scenario.name}", ${headIs} "${head.scenario.name}"`);
  }
  if (base.load.model !== head.load.model) reasons.push(`different load models: the base ran ${base.load.model}, ${headIs} ${head.load.model}`);
  // A shard carries 1/n of the load: against a whole run (or shards of another n) every rate differs by design.
  if ((base.shard?.count ?? 1) !== (head.shard?.count ?? 1)) {
    reasons.push(`different parts of a run: the base is ${part(base.shard)}, ${headIs.replace(/ (ran|is)$/, ' is')} ${part(head.shard)}; merge shards first (crmload merge)`);
  }
  return reasons;
}

/** Notes on `base` against `head`: different scenario or load, aborted runs, a saturated generator. */
export function comparisonNotes(base: Report, head: Report): string[] {
  const notes: string[] = [];
  if (base.run.scenario.name !== head.run.scenario.name) {
    notes.push(`different scenarios: base ran "${base.run.scenario.name}", head ran "${head.run.scenario.name}"`);
  }
  const baseLoad = describeLoad(base.run.load);
  const headLoad = describeLoad(head.run.load);
  if (baseLoad !== headLoad) notes.push(`different load (base: ${baseLoad}; head: ${headLoad}): throughput is not comparable`);
  for (const [side, report] of [['base', base], ['head', head]] as const) {
    if (report.run.status === 'aborted') notes.push(`the ${side} run was aborted${report.run.abortReason ? ` (${report.run.abortReason})` : ''}`);
    if (report.generator.saturated) notes.push(`the ${side} run's load generator was saturated: its latencies include crmload's own delay`);
  }
  return notes;
}

/** `open 120/s for 10s, max 200 VUs` — the settings that shape the load, in a comparable form. */
function describeLoad(load: LoadConfig): string {
  const parts: string[] = [load.model];
  if (load.vus !== undefined) parts.push(`${load.vus} VUs`);
  if (load.rate !== undefined) parts.push(`${load.rate}/s`);
  if (load.stages?.length) parts.push(`stages ${load.stages.map((s) => `${s.durationMs / 1000}s:${s.target}`).join(',')}`);
  if (load.durationMs !== undefined) parts.push(`for ${load.durationMs / 1000}s`);
  if (load.iterations !== undefined) parts.push(`${load.iterations} iterations`);
  if (load.maxVus !== undefined) parts.push(`max ${load.maxVus} VUs`);
  return parts.join(' ');
}
