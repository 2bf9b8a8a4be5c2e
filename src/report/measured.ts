/**
 * What a run measured, turned into the figures every judge reads: the final report, the
 * `--abort-on-fail` watch mid-run, and (later) merge and capacity. One function, so the same data is
 * always judged the same way, whoever asks and whenever. Pure.
 */
import type { Measured } from '../engine/run.js';
import type { SlaSource } from '../sla/types.js';
import type { Report, ScenarioReport, Totals } from './types.js';

/** The measurements of a run (declared by the engine, which produces them). */
export type { Measured };

/** The run-wide totals and the per-scenario blocks of a Report. */
export interface MeasuredBlocks {
  totals: Totals;
  scenarios: ScenarioReport[];
}

/** Totals and scenario blocks, with rates per second of measured time. */
export function measuredBlocks(measured: Measured): MeasuredBlocks {
  const { snapshot } = measured;
  const perSecond = ratePerMeasuredSecond(snapshot.measuredMs);
  const scenarios: ScenarioReport[] = measured.iterations.map(({ name, counters }) => {
    // A single-scenario run keeps no scenario slot of its own: its block is the run's.
    const block = snapshot.scenarios.find((s) => s.name === name) ?? { name, ...snapshot.overall };
    const duration = snapshot.extras?.iterationDurations.get(name);
    return { ...block, name, iterations: { ...counters }, iterationsPerSecond: perSecond(counters.started), ...(duration ? { iterationDuration: duration } : {}) };
  });
  const { latency: _l, serviceTime: _s, errorLatency: _e, stability: _st, iterationsPerSecond: _i, ...counters } = snapshot.overall;
  const totals: Totals = {
    ...counters,
    dropped: measured.totals.dropped,
    iterations: { ...measured.totals },
    iterationsPerSecond: perSecond(measured.totals.started),
  };
  return { totals, scenarios };
}

/** What SLAs are evaluated against: the same figures the report shows. */
export function slaSourceOf(measured: Measured): SlaSource {
  const { snapshot } = measured;
  const { totals, scenarios } = measuredBlocks(measured);
  return {
    totals,
    latency: snapshot.overall.latency,
    serviceTime: snapshot.overall.serviceTime,
    stability: snapshot.overall.stability,
    steps: snapshot.steps,
    scenarios,
    ...extrasOf(measured),
  };
}

/** The report's iteration duration, checks, custom metrics and groups (absent in quick mode). */
export function extrasOf(measured: Measured): Pick<Report, 'iterationDuration' | 'checks' | 'metrics' | 'groups'> {
  const extras = measured.snapshot.extras;
  if (!extras || measured.snapshot.steps.length === 0 || measured.iterations.every((i) => !extras.iterationDurations.has(i.name))) return {};
  let passed = 0;
  let failed = 0;
  for (const c of extras.checks) {
    passed += c.passed;
    failed += c.failed;
  }
  return {
    iterationDuration: extras.iterationDuration,
    checks: { passed, failed, rate: passed + failed ? Math.round((100_000 * passed) / (passed + failed)) / 1000 : null, results: extras.checks },
    metrics: extras.metrics,
    groups: extras.groups,
  };
}

function ratePerMeasuredSecond(measuredMs: number): (n: number) => number {
  const seconds = measuredMs / 1000;
  return (n) => (seconds > 0 ? Math.round((n / seconds) * 1000) / 1000 : 0);
}
