/**
 * A finished search → the report's `capacity` block: the rows with the model's predictions, the max
 * sustainable rate per SLA and overall, the knee, the models and what they say. Pure.
 */
import type { CapacityPerSla, CapacityReport, CapacityStep, GeneratorLimit } from '../report/capacity-types.js';
import type { Sla } from '../sla/types.js';
import type { StepMeasurement } from './measure-step.js';
import { foundCapacity, type StopReason } from './planner.js';
import { predict, rateForTarget, type Figure, type QueueModel } from './queueing.js';
import { fitQueueModel } from './queue-fit.js';
import { fitUslReport } from './usl-fit.js';
import { outcomeMessage } from './outcome.js';

export interface SearchRecord {
  settings: CapacityReport['settings'];
  steps: readonly StepMeasurement[];
  slas: readonly Sla[];
  stop: { reason: StopReason; highestPassing: number | null; lowestFailing: number | null };
  durationMs: number;
}

/** Latency doubling from its low-load value marks the knee. */
/** The operating point the model is read at: this share of the max sustainable rate. */
const OPERATING_SHARE = 0.7;
const KNEE_FACTOR = 2;

export function analyseSearch(search: SearchRecord): CapacityReport {
  const notes: string[] = [];
  const queueFit = fitQueueModel(search.steps, search.settings.arrivals === 'poisson' ? 1 : 0);
  const model = 'model' in queueFit && queueFit.report.fits ? queueFit.model : null;
  if ('note' in queueFit) notes.push(queueFit.note);
  const usl = fitUslReport(search.steps);
  if ('note' in usl && !('lambda' in usl)) notes.push(usl.note);
  const steps: CapacityStep[] = search.steps.map((s) => ({ ...s.row, predicted: model ? prediction(model, s.row.offeredRate) : null }));
  notes.push(...littleNotes(steps), ...laggingNotes(steps));
  const { reason, highestPassing, lowestFailing } = search.stop;
  const maxSustainableRate = foundCapacity(reason, highestPassing, lowestFailing) ? highestPassing : null;
  const generatorLimit = reason === 'generator' ? limitOf(steps[steps.length - 1], maxSustainableRate !== null) : null;
  const outcome: CapacityReport['outcome'] = {
    reason: search.stop.reason,
    message: '',
    maxSustainableRate,
    bounded: search.stop.lowestFailing !== null,
    lowestFailingRate: search.stop.lowestFailing,
    generatorLimit,
  };
  outcome.message = outcomeMessage(outcome, search.stop.highestPassing);
  if ('report' in queueFit && model && maxSustainableRate !== null) {
    const rate = round3(OPERATING_SHARE * maxSustainableRate);
    const p = prediction(model, rate);
    queueFit.report.operatingPoint = p ? { rate, ...p } : null;
  }
  return {
    settings: search.settings,
    steps,
    outcome,
    perSla: search.slas.map((sla, i) => perSla(sla, i, steps, model, 'model' in queueFit ? queueFit.report.note : queueFit.note)),
    knee: knee(steps),
    model: { queue: 'report' in queueFit ? queueFit.report : null, usl: 'lambda' in usl ? usl : null, notes },
    durationMs: Math.round(search.durationMs),
  };
}

function prediction(model: QueueModel, rate: number): CapacityStep['predicted'] {
  const p = predict(model, rate);
  return p ? { meanMs: round3(p.meanMs), p95Ms: round3(p.p95Ms), p99Ms: round3(p.p99Ms) } : null;
}

/** Below this CPU share a lagging schedule means crmload was starved of CPU, not busy itself. */
const BUSY_CPU_PERCENT = 60;

function limitOf(step: CapacityStep, bracketed: boolean): GeneratorLimit {
  const g = step.generator;
  const what = bracketed ? 'crmload lagged inside the bracket' : "this is crmload's limit, not the target's";
  const advice = g.cpuPercent >= BUSY_CPU_PERCENT
    ? `${what}: it used ${g.cpuPercent}% of a core; give crmload more CPU (each step runs in one process; crmload run spreads a load over cores and machines with --workers N and --shard i/n)`
    : `${what}: its schedule lagged while it used only ${g.cpuPercent}% of a core, so the machine did not give it enough CPU (other processes, CPU quota or pinning); run it where it has a core to itself (each step runs in one process; crmload run spreads a load with --workers N and --shard i/n)`;
  return { rate: step.offeredRate, scheduleLagP99Ms: g.scheduleLagP99Ms, eventLoopDelayP99Ms: g.eventLoopDelayP99Ms, cpuPercent: g.cpuPercent, advice };
}

function perSla(sla: Sla, i: number, steps: readonly CapacityStep[], model: QueueModel | null, modelNote: string): CapacityPerSla {
  const judged = steps.filter((s) => s.verdict !== 'generator' && s.sla[i]);
  const failing = judged.filter((s) => !s.sla[i].passed).map((s) => s.offeredRate);
  const lowestFailingRate = failing.length ? Math.min(...failing) : null;
  const passing = judged.filter((s) => s.sla[i].passed && (lowestFailingRate === null || s.offeredRate < lowestFailingRate)).map((s) => s.offeredRate);
  const base = { expression: sla.expression, maxPassingRate: passing.length ? Math.max(...passing) : null, lowestFailingRate };
  const figure = latencyFigure(sla);
  if (typeof figure === 'string') return { ...base, predictedRate: null, predictionNote: figure };
  if (!model) return { ...base, predictedRate: null, predictionNote: `no model: ${modelNote}` };
  const rate = rateForTarget(model, figure, sla.target);
  return rate === null
    ? { ...base, predictedRate: null, predictionNote: 'the model predicts this target is missed at any rate' }
    : { ...base, predictedRate: round3(rate) };
}

/** The figure of the response time a run-wide latency SLA reads, or why the model cannot predict it. */
function latencyFigure(sla: Sla): Figure | string {
  if (sla.kind !== 'latency') return 'the queueing model predicts latency SLAs only';
  if (sla.scope !== null) return 'the queueing model predicts run-wide latency only, not a step or scenario';
  if (sla.op !== '<' && sla.op !== '<=') return 'only upper bounds (< or <=) have a highest rate';
  if (sla.stat === 'mean') return 'mean';
  if (sla.percentile !== undefined && sla.percentile > 0 && sla.percentile < 100) return sla.percentile;
  return 'the queueing model predicts the mean and percentiles below 100 only';
}

/** Where mean latency first reaches twice its value at the lowest rate, interpolated between steps. */
function knee(steps: readonly CapacityStep[]): CapacityReport['knee'] {
  const sorted = steps.filter((s) => s.verdict !== 'generator' && s.latency.mean !== null).sort((a, b) => a.offeredRate - b.offeredRate);
  if (sorted.length === 0) return { rate: null, rule: 'no step with latency data' };
  const base = sorted[0].latency.mean!;
  const limit = base * KNEE_FACTOR;
  const rule = `the rate at which mean latency reached ${KNEE_FACTOR}× its value at the lowest rate (${round3(base)} ms → ${round3(limit)} ms), interpolated between steps`;
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (b.latency.mean! < limit) continue;
    const span = b.latency.mean! - a.latency.mean!;
    const rate = span > 0 ? a.offeredRate + ((limit - a.latency.mean!) / span) * (b.offeredRate - a.offeredRate) : b.offeredRate;
    return { rate: round3(rate), rule };
  }
  return { rate: null, rule: `${rule}; latency never doubled over the rates tried` };
}

function littleNotes(steps: readonly CapacityStep[]): string[] {
  return steps
    .filter((s) => s.verdict !== 'generator' && s.little.relativeError !== null && !s.little.consistent)
    .map((s) => {
      const why = s.throughput < 0.9 * s.offeredRate ? 'the step was past saturation, not in a steady state' : 'check the generator and the clock: the measurement may be off';
      return `step ${s.index} (${s.offeredRate}/s): Little's law off by ${Math.round(s.little.relativeError! * 100)}% (L ${s.little.measured} vs X×W ${s.little.predicted}): ${why}`;
    });
}

/** Steps judged although the generator lagged: their numbers are pessimistic, which the reader should know. */
function laggingNotes(steps: readonly CapacityStep[]): string[] {
  const lagging = steps.filter((s) => s.verdict !== 'generator' && s.generator.saturated);
  if (lagging.length === 0) return [];
  const which = lagging.map((s) => `${s.index} (${s.offeredRate}/s, lag p99 ${s.generator.scheduleLagP99Ms} ms)`).join(', ');
  return [`step${lagging.length > 1 ? 's' : ''} ${which} passed while crmload's schedule lagged: their latencies include crmload's own delay, so they are pessimistic`];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
