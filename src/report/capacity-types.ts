/**
 * The `capacity` block of a report written by `crmload capacity`: the steps of the search, the
 * highest rate the target sustained within its SLAs, and the queueing models fitted to the steps.
 * Rates are per second, times milliseconds, shares percent unless a field says otherwise.
 */

/** How a finished step was judged. */
export type CapacityVerdict =
  /** Every SLA passed on the step's own window. */
  | 'pass'
  /** At least one SLA failed. */
  | 'fail'
  /** More than half of the requests failed: the target is past breaking, stop loading it. */
  | 'overload'
  /** crmload itself could not keep the schedule: the step says nothing about the target. */
  | 'generator';

/** Why the search ended. */
export type CapacityStopReason =
  /** An SLA failure was found and bisected to within the precision. */
  | 'bracketed'
  /** Every step up to `--max` passed. */
  | 'max'
  /** A step failed more than half of its requests. */
  | 'failure-rate'
  /** The load generator saturated: the limit found is crmload's own. */
  | 'generator'
  /** The very first step failed: no sustainable rate was found. */
  | 'first-step'
  /** The step budget ran out before any other condition. */
  | 'step-limit'
  /** A signal stopped the search. */
  | 'interrupted';

/** Why a step ran: climbing, bisecting, or again after the generator saturated. */
export type CapacityStepPhase = 'climb' | 'bisect' | 'retry';

/** One SLA judged on one step's window. */
export interface CapacityStepSla {
  expression: string;
  passed: boolean;
  /** Measured value in the SLA's unit, or null without data. */
  actual: number | null;
  /** Why it failed without a value ("no data …"). */
  reason?: string;
}

/** A figure of the load generator during one step. */
export interface CapacityStepGenerator {
  saturated: boolean;
  scheduleLagP99Ms: number;
  eventLoopDelayP99Ms: number;
  /** CPU of the crmload process, percent of one core. */
  cpuPercent: number;
}

/** Little's law on one step: mean requests in flight L against throughput × mean latency. */
export interface LittleCheck {
  /** L, requests in flight sampled over the window. */
  measured: number;
  /** X × W: finished requests per second times their mean latency. */
  predicted: number;
  /** (measured − predicted) / predicted, or null when nothing finished. */
  relativeError: number | null;
  /** True when they agree within 20%. */
  consistent: boolean;
}

/** What the queueing model predicts at one rate. */
export interface CapacityPrediction {
  meanMs: number;
  p95Ms: number;
  p99Ms: number;
}

/** One rate held, judged only on its own window. */
export interface CapacityStep {
  /** 1-based, in the order the steps ran. */
  index: number;
  /** `climb` while every SLA passed, `bisect` once a failure is bracketed, `retry` after the generator saturated. */
  phase: CapacityStepPhase;
  /** The arrival rate asked for (iterations per second). */
  offeredRate: number;
  /** Completed requests per second over the step's window (by completion time). */
  throughput: number;
  /** Requests sent in the window. */
  requests: number;
  /** Latency of successful requests in the window (ms; null without data). */
  latency: { mean: number | null; p50: number | null; p95: number | null; p99: number | null };
  /** Mean service time (send → last byte) of successful requests, ms. */
  serviceMeanMs: number | null;
  /** Percent of finished requests with an error. */
  errorRate: number | null;
  /** Mean requests in flight over the window. */
  concurrency: number;
  verdict: CapacityVerdict;
  /** One result per SLA, in the order given. */
  sla: CapacityStepSla[];
  generator: CapacityStepGenerator;
  little: LittleCheck;
  /** The queueing model at this rate (null without a fitting model, or at or above c/S). */
  predicted: CapacityPrediction | null;
  /** Wall time of the step, drain included. */
  durationMs: number;
}

/** The highest rate per SLA. */
export interface CapacityPerSla {
  expression: string;
  /** Highest rate at which this SLA passed, below any rate at which it failed. */
  maxPassingRate: number | null;
  /** Lowest rate at which this SLA failed (null: it never failed). */
  lowestFailingRate: number | null;
  /** The queueing model's highest rate for this SLA (latency SLAs only), or null. */
  predictedRate: number | null;
  /** Why there is no prediction, when there is none. */
  predictionNote?: string;
}

/** When crmload, not the target, was the limit. */
export interface GeneratorLimit {
  /** The rate of the step at which the generator saturated. */
  rate: number;
  scheduleLagP99Ms: number;
  eventLoopDelayP99Ms: number;
  cpuPercent: number;
  /** What to do about it. */
  advice: string;
}

/** The M/M/c (Erlang C) model with the Allen–Cunneen correction, fitted to the steps. */
export interface QueueModelReport {
  /** c: servers working in parallel. */
  servers: number;
  /** How c was found: from the saturation throughput × S, or by fitting the latencies. */
  serversFrom: 'saturation' | 'latency-fit';
  /** S: the servers' service time, ms (the low-load service time, less `overheadMs` when c came from a saturation). */
  serviceMs: number;
  /** D: the part of the low-load service time no server spends (network, scheduling): low-load time − S, ms. */
  overheadMs: number;
  /** Squared coefficient of variation of service times (1: exponential, 0: fixed). */
  serviceCv2: number;
  /** Squared coefficient of variation of inter-arrival times (1: Poisson, 0: evenly spaced). */
  arrivalCv2: number;
  /** c/S: the rate at which every server is always busy. */
  saturationRate: number;
  /** Mean relative error of the predicted p95 over the steps below saturation, or null. */
  meanRelativeError: number | null;
  /** False when the model fits badly: it then predicts nothing. */
  fits: boolean;
  note: string;
  /** Predicted response times over a range of rates (for charts); empty when it does not fit. */
  curve: Array<{ rate: number } & CapacityPrediction>;
  /** The prediction at 70% of the max sustainable rate, a usual operating point (null without both). */
  operatingPoint: ({ rate: number } & CapacityPrediction) | null;
}

/** The Universal Scalability Law fitted to throughput against concurrency. */
export interface UslReport {
  /** Throughput with one request in flight, per second. */
  lambda: number;
  /** Contention. */
  sigma: number;
  /** Coherency. */
  kappa: number;
  rSquared: number;
  /** √((1 − σ)/κ), or null when κ is 0. */
  peakConcurrency: number | null;
  /** Throughput at the peak (or the asymptote λ/σ), or null. */
  peakThroughput: number | null;
  /** False when the fit is poor (R² below 0.9): no peak is predicted. */
  fits: boolean;
  note: string;
  /** Fitted throughput over a range of concurrency (for charts); empty when it does not fit. */
  curve: Array<{ concurrency: number; throughput: number }>;
}

/** The result of `crmload capacity`. */
export interface CapacityReport {
  settings: {
    startRate: number;
    /** Climb by adding this rate (absent when climbing by a factor). */
    stepRate?: number;
    /** Climb by multiplying by this factor (absent when climbing by a step). */
    factor?: number;
    holdMs: number;
    warmupStepMs: number;
    maxRate: number | null;
    /** Bisection precision, percent. */
    precision: number;
    arrivals: 'constant' | 'poisson';
  };
  steps: CapacityStep[];
  outcome: {
    reason: CapacityStopReason;
    /** The outcome in one sentence. */
    message: string;
    /**
     * The highest rate the target sustained within every SLA, below a rate that failed with crmload
     * healthy; null when none was found, or when crmload saturated before any such failure.
     */
    maxSustainableRate: number | null;
    /** True when a failing rate bounds it from above (false: the real limit may be higher). */
    bounded: boolean;
    lowestFailingRate: number | null;
    /** Set when crmload saturated and ended the search (with or without a bracket measured before). */
    generatorLimit: GeneratorLimit | null;
  };
  perSla: CapacityPerSla[];
  /** Where latency has doubled from its low-load value, interpolated between steps. */
  knee: { rate: number | null; rule: string };
  model: { queue: QueueModelReport | null; usl: UslReport | null; notes: string[] };
  /** Wall time of the whole search. */
  durationMs: number;
}

/** The Report's `capacity` field (declared here, with `ArrivalsField`, to keep report/types.ts small). */
export interface CapacityField {
  /**
   * Present in a report of `crmload capacity`: the steps of the search, the max sustainable rate and the
   * fitted models. The other fields then describe one step: the highest that passed (or the first).
   */
  capacity?: CapacityReport;
}

/** The load configuration's arrival process (see `LoadConfig`). */
export interface ArrivalsField {
  /** Open model: evenly spaced (`constant`) or exponential (`poisson`) inter-arrival times. */
  arrivals?: 'constant' | 'poisson';
}
