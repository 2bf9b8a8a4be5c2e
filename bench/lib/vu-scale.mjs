// Many VUs in one process: 50,000 closed-model VUs, each one GET then 1–3 s of think time, over
// 500 connections for 60 s (--quick: 5,000 VUs for 10 s). Reports peak RSS and RSS per VU (above a
// one-VU run of the same scenario), event-loop delay p99 after the start-up ramp, saturation, and
// whether the counts reconcile exactly. Then the same VUs as bare async loops on undici
// (bench/undici-vus.mjs): the ceiling, with its own event-loop delay and saturation.
import { fileURLToPath } from 'node:url';
import { startFastTarget } from './targets.mjs';
import { withoutTimeline } from './throughput.mjs';
import { runCrmload, runUndiciVus } from './tools.mjs';

export const THINK = fileURLToPath(new URL('../scenarios/think.mjs', import.meta.url));

export async function vuScale(ctx) {
  if (!ctx.crmload.available) return { skipped: ctx.crmload.reason };
  const vus = ctx.opts.quick ? 5_000 : 50_000;
  const durationS = ctx.opts.quick ? 10 : 60;
  const target = await startFastTarget(ctx, ctx.targetKind);
  try {
    const base = await runCrmload(ctx, { url: target.url, scenario: THINK, vus: 1, connections: 1, iterations: 1 });
    const load = { url: target.url, scenario: THINK, vus, connections: 500, durationS, sampleEveryMs: 1000, keepReport: true };
    const run = await runCrmload(ctx, load);
    const bare = await runUndiciVus(ctx, { url: target.url, vus, connections: 500, thinkMs: [1000, 3000], durationS, sampleEveryMs: 1000 });
    if (run.failed) return { vus, durationS, base: withoutTimeline(base), run: withoutTimeline(run), bare: withoutTimeline(bare) };
    const report = run.report;
    const generator = report.generator ?? {};
    return {
      target: { kind: target.kind, url: target.url },
      vus,
      durationS,
      connections: 500,
      peakRssMb: run.peakRssMb,
      baseRssMb: base.peakRssMb,
      rssPerVuKb: base.peakRssMb ? ((run.peakRssMb - base.peakRssMb) * 1024) / vus : undefined,
      eventLoopDelayP99Ms: generator.eventLoopDelayP99Ms,
      eventLoopDelayMaxMs: generator.eventLoopDelayMaxMs,
      saturated: generator.saturated,
      cpuPercent: generator.cpu?.percent,
      rps: run.rps,
      counts: reconcile(report),
      rssTimeline: run.rssTimeline.map((s) => ({ tMs: s.tMs, rssMb: s.rssMb })),
      run: withoutTimeline(run),
      bare: bare.failed ? withoutTimeline(bare) : {
        rps: bare.rps,
        peakRssMb: bare.peakRssMb,
        cpuPercent: bare.cpuPercent,
        ...bare.generator,
        command: bare.command,
      },
      rpsOfBare: bare.failed ? undefined : run.rps / bare.rps,
    };
  } finally {
    await target.stop();
  }
}

/** requests = completed + failed + interrupted, overall and per step; iterations likewise. */
export function reconcile(report) {
  const t = report.totals ?? {};
  const it = t.iterations ?? {};
  const stepsOk = (report.steps ?? []).every((s) => s.requests === s.completed + s.failed + s.interrupted);
  const requestsOk = t.requests === t.completed + t.failed + t.interrupted;
  const iterationsOk = it.started === it.completed + it.failed + it.interrupted;
  const stepSum = (report.steps ?? []).reduce((sum, s) => sum + s.requests, 0);
  return { exact: stepsOk && requestsOk && iterationsOk && stepSum === t.requests, requests: t.requests, iterations: it };
}
