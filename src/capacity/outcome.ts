/** The outcome of a capacity search in one sentence. Pure. */
import type { CapacityReport } from '../report/capacity-types.js';

const rate = (r: number) => `${Math.round(r * 1000) / 1000}/s`;

/**
 * What the search found. `highestPassing` is the highest rate that passed whatever the reason, so a
 * generator-limited search can say what the target sustained without calling it its capacity.
 */
export function outcomeMessage(outcome: CapacityReport['outcome'], highestPassing: number | null): string {
  const found = outcome.maxSustainableRate;
  const failing = outcome.lowestFailingRate;
  switch (outcome.reason) {
    case 'bracketed':
      return `max sustainable rate ${rate(found!)}: every SLA passed there and failed at ${rate(failing!)}`;
    case 'max':
      return `every step passed up to --max: the target sustains at least ${rate(found!)} (its limit is higher)`;
    case 'failure-rate':
      return `more than half the requests failed at ${rate(failing!)}: stopped there; max sustainable rate ${rate(found!)} (not bisected)`;
    case 'step-limit':
      return `the step budget ran out: max sustainable rate so far ${rate(found!)}${failing !== null ? `, failing at ${rate(failing)}` : ' (its limit is higher)'}`;
    case 'first-step':
      return `the first step (${rate(failing!)}) already failed: no sustainable rate found; start lower (--start)`;
    case 'generator': {
      const limit = outcome.generatorLimit!;
      if (found !== null) {
        return `max sustainable rate ${rate(found)}: every SLA passed there and failed at ${rate(failing!)}; the bisection stopped at ${rate(limit.rate)}, where crmload itself lagged (schedule lag p99 ${limit.scheduleLagP99Ms} ms), so the precision was not reached`;
      }
      const sustained = highestPassing !== null ? `; the target sustained ${rate(highestPassing)} before that, its own limit was not reached` : '';
      return `crmload itself saturated at ${rate(limit.rate)} (schedule lag p99 ${limit.scheduleLagP99Ms} ms, CPU ${limit.cpuPercent}% of a core): no CRM capacity measured${sustained}`;
    }
    case 'interrupted':
      return highestPassing !== null
        ? `interrupted: the target sustained ${rate(highestPassing)} so far, not a capacity`
        : 'interrupted before any step passed';
  }
}
