/** A report with a capacity block, from a search over the simulated 4 × 20 ms target (deterministic). */
import { parseSearchOptions, type RawSearchOptions } from '../../src/capacity/options.js';
import { runSearch } from '../../src/capacity/search.js';
import type { Report } from '../../src/report/types.js';
import { parseSla } from '../../src/sla/parse.js';
import { simulateStep, type SimulatedTarget } from './simulated-target.js';

export async function capacityReport(
  options: { target?: SimulatedTarget; raw?: RawSearchOptions; slas?: string[]; arrivals?: 'constant' | 'poisson' } = {},
): Promise<Report> {
  const target = options.target ?? { servers: 4, serviceMs: 20 };
  const plan = parseSearchOptions(options.raw ?? { start: '50', factor: '2', hold: '5s', warmupStep: '1s' }, options.arrivals ?? 'constant');
  const slas = (options.slas ?? ['p99 < 100ms']).map(parseSla);
  let clock = 0;
  const { capacity, reports } = await runSearch(
    { ...plan, slas },
    {
      runStep: async (rate, index, phase) => {
        const run = simulateStep(target, plan.settings, slas, rate, index, phase);
        clock += run.durationMs;
        return run;
      },
      stopped: () => false,
      now: () => clock,
    },
  );
  const chosen = capacity.steps.findIndex((s) => s.offeredRate === capacity.outcome.maxSustainableRate);
  return { ...reports[Math.max(0, chosen)], capacity };
}
