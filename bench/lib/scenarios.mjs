// The memory and accuracy benchmarks. Each starts its own target(s), runs the generators one after the
// other (never two at once), stops the target(s) by PID, and returns plain data for results.json.
import { setTimeout as sleep } from 'node:timers/promises';
import { summarise, trueStallLatencies } from './stats.mjs';
import { startFastTarget, startNodeTarget } from './targets.mjs';
import { withoutTimeline } from './throughput.mjs';
import { runAutocannon, runCrmload } from './tools.mjs';

/** Fixed-latency target delay and the accepted band for p50/p99 (RELIABILITY.md A1). */
export const FIXED_DELAY_MS = 25;
export const FIXED_BAND = [FIXED_DELAY_MS, FIXED_DELAY_MS * 1.08 + 2];

const RUNNERS = { crmload: runCrmload, autocannon: runAutocannon };
const PAUSE_MS = 500;

/**
 * 2. Memory: one long full-speed crmload run (is its memory flat?), autocannon under the same load
 * for as long (the peak to beat), and a crmload run that sends one request (the baseline).
 */
export async function memory(ctx) {
  const durationS = ctx.opts.longS;
  if (!ctx.crmload.available) return { skipped: ctx.crmload.reason, load: { durationS } };
  const target = await startFastTarget(ctx, ctx.targetKind);
  try {
    const load = { url: target.url, vus: 50, connections: 50, durationS, sampleEveryMs: 1000 };
    const oneRequest = withoutTimeline(await runCrmload(ctx, { url: target.url, vus: 1, connections: 1, iterations: 1 }));
    await sleep(PAUSE_MS);
    const run = await runCrmload(ctx, load);
    await sleep(PAUSE_MS);
    const autocannon = ctx.autocannon.available ? withoutTimeline(await runAutocannon(ctx, load)) : undefined;
    if (run.failed) return { load, run, oneRequest, autocannon };
    const probeMs = Math.min(10_000, (durationS * 1000) / 3);
    const atProbe = nearestSample(run.rssTimeline, probeMs);
    const atEnd = run.rssTimeline.at(-1);
    return {
      target: { kind: target.kind, url: target.url },
      load,
      peakRssMb: run.peakRssMb,
      autocannonPeakRssMb: autocannon?.peakRssMb,
      peakRssRatio: autocannon?.peakRssMb ? run.peakRssMb / autocannon.peakRssMb : undefined,
      oneRequestPeakRssMb: oneRequest.peakRssMb,
      rssAtProbe: atProbe && { tMs: atProbe.tMs, rssMb: atProbe.rssMb },
      rssAtEnd: atEnd && { tMs: atEnd.tMs, rssMb: atEnd.rssMb },
      growthMb: atProbe && atEnd ? atEnd.rssMb - atProbe.rssMb : undefined,
      run,
      autocannon,
      oneRequest,
    };
  } finally {
    await target.stop();
  }
}

/** 3. Accuracy against a target that always answers after exactly 25 ms. */
export async function fixedLatency(ctx) {
  const target = await startNodeTarget(ctx, 'delay', ['--delay-ms', String(FIXED_DELAY_MS)]);
  try {
    const load = { url: target.url, rate: 100, connections: 50, durationS: ctx.opts.durationS };
    const runs = [];
    for (const tool of availableTools(ctx)) {
      runs.push(withoutTimeline(await RUNNERS[tool](ctx, load)));
      await sleep(PAUSE_MS);
    }
    return { delayMs: FIXED_DELAY_MS, band: FIXED_BAND, load, runs };
  } finally {
    await target.stop();
  }
}

/** 4. Accuracy against a target that freezes once for a tenth of the run, half-way through. */
export async function stall(ctx) {
  const durationS = ctx.opts.durationS;
  const stallAtMs = (durationS * 1000) / 2;
  const stallForMs = durationS * 100;
  const variants = [
    ctx.crmload.available && { name: 'crmload --rate 1000 -c 10', tool: 'crmload', load: { rate: 1000, connections: 10 } },
    ctx.autocannon.available && { name: 'autocannon -c 10 (closed)', tool: 'autocannon', load: { connections: 10 } },
    ctx.autocannon.available && { name: 'autocannon -R 1000 -c 10', tool: 'autocannon', load: { rate: 1000, connections: 10 } },
  ].filter(Boolean);
  const runs = [];
  for (const variant of variants) {
    runs.push(await stallRun(ctx, variant, { durationS, stallAtMs, stallForMs }));
    await sleep(PAUSE_MS);
  }
  return { rate: 1000, durationS, stallAtMs, stallForMs, baseMs: ctx.opts.stallBaseMs, runs };
}

async function stallRun(ctx, variant, { durationS, stallAtMs, stallForMs }) {
  const target = await startNodeTarget(ctx, 'stall', ['--stall-at-ms', String(stallAtMs), '--stall-for-ms', String(stallForMs)]);
  let run;
  try {
    run = await RUNNERS[variant.tool](ctx, { url: target.url, durationS, ...variant.load });
  } finally {
    await target.stop();
  }
  const first = target.events.find((e) => e.event === 'first-request');
  const frozen = target.events.find((e) => e.event === 'stall');
  if (!first || !frozen) return { ...variant, run: withoutTimeline(run), truth: undefined, why: 'the target never stalled' };
  // Times relative to the first request the target saw: the schedule's origin, on the target's clock.
  const window = { startMs: frozen.startEpochMs - first.atEpochMs, endMs: frozen.endEpochMs - first.atEpochMs };
  const truth = summarise(trueStallLatencies({
    rate: 1000, durationMs: durationS * 1000, stallStartMs: window.startMs, stallEndMs: window.endMs, baseMs: ctx.opts.stallBaseMs,
  }));
  const firstRequestAfterStartMs = run.startedAtEpochMs ? first.atEpochMs - run.startedAtEpochMs : undefined;
  return { ...variant, stallWindow: window, firstRequestAfterStartMs, truth, run: withoutTimeline(run) };
}

function availableTools(ctx) {
  return ['crmload', 'autocannon'].filter((tool) => ctx[tool].available);
}





function nearestSample(timeline, tMs) {
  let best;
  for (const sample of timeline ?? []) {
    if (!best || Math.abs(sample.tMs - tMs) < Math.abs(best.tMs - tMs)) best = sample;
  }
  return best;
}
