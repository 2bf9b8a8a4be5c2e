// The four benchmark scenarios. Each starts its own target(s), runs the generators one after the
// other (never two at once), stops the target(s) by PID, and returns plain data for results.json.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, summarise, trueStallLatencies } from './stats.mjs';
import { startFastTarget, startNodeTarget } from './targets.mjs';
import { runAutocannon, runCrmload } from './tools.mjs';

/** Fixed-latency target delay and the accepted band for p50/p99 (RELIABILITY.md A1). */
export const FIXED_DELAY_MS = 25;
export const FIXED_BAND = [FIXED_DELAY_MS, FIXED_DELAY_MS * 1.08 + 2];

const RUNNERS = { crmload: runCrmload, autocannon: runAutocannon };
const PAUSE_MS = 500;

/** 1. Requests/s and CPU per request, closed model, rounds interleaved crmload → autocannon. */
export async function throughput(ctx) {
  const target = await startFastTarget(ctx, ctx.targetKind);
  try {
    const load = { url: target.url, vus: 50, connections: 50, durationS: ctx.opts.durationS };
    const rounds = [];
    for (let round = 1; round <= ctx.opts.rounds; round++) {
      for (const tool of availableTools(ctx)) {
        const run = await withTargetCpu(target, () => RUNNERS[tool](ctx, load));
        rounds.push({ round, ...withoutTimeline(run) });
        await sleep(PAUSE_MS);
      }
    }
    const summary = Object.fromEntries(availableTools(ctx).map((tool) => [tool, summariseTool(rounds, tool)]));
    return { target: { kind: target.kind, url: target.url }, load, rounds, summary, ratios: ratiosOf(summary) };
  } finally {
    await target.stop();
  }
}

/** 2. One long maximal crmload run: is its memory flat? */
export async function memory(ctx) {
  const durationS = ctx.opts.longS;
  if (!ctx.crmload.available) return { skipped: ctx.crmload.reason, load: { durationS } };
  const target = await startFastTarget(ctx, ctx.targetKind);
  try {
    const load = { url: target.url, vus: 50, connections: 50, durationS, sampleEveryMs: 1000 };
    const run = await runCrmload(ctx, load);
    if (run.failed) return { load, run };
    const probeMs = Math.min(10_000, (durationS * 1000) / 3);
    const atProbe = nearestSample(run.rssTimeline, probeMs);
    const atEnd = run.rssTimeline.at(-1);
    return {
      target: { kind: target.kind, url: target.url },
      load,
      peakRssMb: run.peakRssMb,
      rssAtProbe: atProbe && { tMs: atProbe.tMs, rssMb: atProbe.rssMb },
      rssAtEnd: atEnd && { tMs: atEnd.tMs, rssMb: atEnd.rssMb },
      growthMb: atProbe && atEnd ? atEnd.rssMb - atProbe.rssMb : undefined,
      run,
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

/** Runs `fn` and adds the target's CPU use meanwhile: ≥ 90% means the target, not the tool, was the limit. */
async function withTargetCpu(target, fn) {
  const cpuBefore = target.cpuMs();
  const started = performance.now();
  const run = await fn();
  const targetCpuPercent = ((target.cpuMs() - cpuBefore) / (performance.now() - started)) * 100;
  return { ...run, targetCpuPercent };
}

function summariseTool(rounds, tool) {
  const mine = rounds.filter((r) => r.tool === tool && !r.failed);
  return {
    rounds: mine.length,
    failedRounds: rounds.filter((r) => r.tool === tool && r.failed).length,
    rps: median(mine.map((r) => r.rps)),
    cpuUsPerRequest: median(mine.map((r) => r.cpuUsPerRequest)),
    cpuPercent: median(mine.map((r) => r.cpuPercent)),
    peakRssMb: mine.length ? Math.max(...mine.map((r) => r.peakRssMb ?? 0)) : undefined,
    targetCpuPercent: median(mine.map((r) => r.targetCpuPercent)),
  };
}

function ratiosOf(summary) {
  const ours = summary.crmload;
  const theirs = summary.autocannon;
  if (!ours || !theirs) return {};
  return { rps: ours.rps / theirs.rps, cpuUsPerRequest: ours.cpuUsPerRequest / theirs.cpuUsPerRequest };
}

function withoutTimeline({ rssTimeline, ...rest }) {
  return rest;
}

function nearestSample(timeline, tMs) {
  let best;
  for (const sample of timeline ?? []) {
    if (!best || Math.abs(sample.tMs - tMs) < Math.abs(best.tMs - tMs)) best = sample;
  }
  return best;
}
