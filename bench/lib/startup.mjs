// The first measured second against the steady state: a 3-step journey in the open model at
// 1,000 iterations/s (3,000 requests/s) on the fast target. A clean start keeps the first second's
// p99 close to the later seconds'; a cold one (connections opening, code not yet optimised) does not.
// Then, for context, the same run after `--warmup 3s` of real, unmeasured traffic to the target.
import { median } from './stats.mjs';
import { startFastTarget } from './targets.mjs';
import { JOURNEY, withoutTimeline } from './throughput.mjs';
import { runCrmload } from './tools.mjs';

export const STARTUP_RATE = 1000;
/** The user's own warm-up in the context run, s: V8 has optimised the whole request path by then. */
export const CONTEXT_WARMUP_S = 3;

export async function startup(ctx) {
  if (!ctx.crmload.available) return { skipped: ctx.crmload.reason };
  const target = await startFastTarget(ctx, ctx.targetKind);
  try {
    const load = { url: target.url, scenario: JOURNEY, rate: STARTUP_RATE, connections: 50, durationS: ctx.opts.durationS, keepReport: true };
    const run = await runCrmload(ctx, load);
    if (run.failed) return { load: withoutReport(load), run };
    const timeline = (run.report.timeline ?? []).filter((p) => !p.warmup);
    // The warm-up is part of --duration: as many measured seconds as the run above.
    const warmed = await runCrmload(ctx, { ...load, durationS: load.durationS + CONTEXT_WARMUP_S, extraArgs: ['--warmup', `${CONTEXT_WARMUP_S}s`] });
    const warmedTimeline = (warmed.report?.timeline ?? []).filter((p) => !p.warmup);
    return {
      target: { kind: target.kind, url: target.url },
      load: withoutReport(load),
      requestsPerSecond: STARTUP_RATE * 3,
      ...firstVsSteady(timeline),
      runP99: run.latency?.p99,
      saturated: run.generator?.saturated,
      timeline: timeline.map((p) => ({ t: p.t, requests: p.requests, p50: p.p50, p99: p.p99 })),
      run: withoutTimeline(run),
      withWarmup: warmed.failed ? { warmupS: CONTEXT_WARMUP_S, run: withoutTimeline(warmed) } : {
        warmupS: CONTEXT_WARMUP_S,
        ...firstVsSteady(warmedTimeline),
        timeline: warmedTimeline.map((p) => ({ t: p.t, requests: p.requests, p50: p.p50, p99: p.p99 })),
        run: withoutTimeline(warmed),
      },
    };
  } finally {
    await target.stop();
  }
}

/**
 * The first one-second bucket's p99 against the steady state: the median of the per-second p99 of
 * the buckets after it, the last one left out (it may be a partial second, or hold the drain).
 */
export function firstVsSteady(timeline) {
  const first = timeline[0];
  const later = timeline.slice(1, -1).filter((p) => p.span === 1 && p.p99 !== null);
  const steadyP99 = median(later.map((p) => p.p99));
  return {
    firstSecondP99: first?.p99 ?? undefined,
    steadyP99,
    ratio: first?.p99 != null && steadyP99 ? first.p99 / steadyP99 : undefined,
  };
}

function withoutReport({ keepReport, ...rest }) {
  return rest;
}
