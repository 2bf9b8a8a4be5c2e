/**
 * The closed model's ramp-up: how long the initial VUs take to start, evenly spread (VU i at
 * i × D / N). Default: the mean think time (the scenario's, or --think), so VUs enter at the rate
 * they will keep once every one of them is looping, instead of all sending their first request in
 * the same millisecond. `--ramp-up 0s` asks for the burst. Pure.
 */
import type { Runnable } from '../scenario/types.js';
import { parseDuration, type DurationRange } from '../units.js';
import { attempt } from './load-model.js';

/**
 * Ramp-up in ms for the closed model (0 for the open one); problems are pushed to `issues`.
 * `thinkTimes`: each scenario's think time (the plan's, --think applied), in the mix's order.
 */
export function resolveRampUp(
  text: string | undefined,
  model: 'open' | 'closed',
  runnable: Runnable | null,
  thinkTimes: ReadonlyArray<DurationRange | null>,
  issues: string[],
): number {
  if (text !== undefined) {
    if (model === 'open') {
      issues.push('--ramp-up: only for the closed model (--vus); the open model starts iterations on its schedule (use --stage to ramp a rate)');
      return 0;
    }
    return attempt(issues, () => parseDuration('--ramp-up', text, true)) ?? 0;
  }
  return model === 'closed' && runnable ? meanThinkMs(runnable, thinkTimes) : 0;
}

/** The mean think time of an iteration, the mix's scenarios weighted as they are picked. */
function meanThinkMs(runnable: Runnable, thinkTimes: ReadonlyArray<DurationRange | null>): number {
  const mean = (range: DurationRange | null | undefined) => (range ? (range.minMs + range.maxMs) / 2 : 0);
  if (runnable.kind === 'scenario') return mean(thinkTimes[0]);
  const total = runnable.scenarios.reduce((sum, e) => sum + e.weight, 0);
  if (total <= 0) return 0;
  return runnable.scenarios.reduce((sum, e, i) => sum + e.weight * mean(thinkTimes[i]), 0) / total;
}
