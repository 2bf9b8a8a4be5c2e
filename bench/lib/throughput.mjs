// Throughput: requests per second on one core, closed model, 50 connections, for every generator
// variant — crmload's quick mode, the same request as a 1-step scenario, a 3-step journey, a bare
// undici dispatch loop (the ceiling), the same loop awaiting a promise per request (the ceiling for
// `await vu.get()`), the same loop running the 3-step journey (the ceiling for the 3-step scenario)
// and autocannon — rounds interleaved, the variants' order rotated
// each round so slow drift on a shared machine hits them alike. Each ratio is taken within a round
// (adjacent runs) and the median over the rounds is reported.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';
import { startFastTarget } from './targets.mjs';
import { runAutocannon, runCrmload, runUndiciLoop } from './tools.mjs';

export const ONE_STEP = fileURLToPath(new URL('../scenarios/one-step.mjs', import.meta.url));
export const JOURNEY = fileURLToPath(new URL('../scenarios/journey.mjs', import.meta.url));
const PAUSE_MS = 500;

/** Ratios reported: [numerator variant, denominator variant]. */
export const RATIO_PAIRS = [
  ['1-step', 'quick'],
  ['3-step', 'quick'],
  ['quick', 'undici'],
  ['quick', 'autocannon'],
  ['undici-await', 'undici'],
  ['1-step', 'undici-await'],
  ['undici-journey', 'undici'],
  ['3-step', 'undici-journey'],
];

function variants(ctx, url, durationS) {
  const load = { url, vus: 50, connections: 50, durationS };
  return [
    ctx.crmload.available && { name: 'quick', label: 'crmload --url (quick mode)', run: () => runCrmload(ctx, load) },
    ctx.crmload.available && { name: '1-step', label: 'crmload 1-step scenario (vu.get)', run: () => runCrmload(ctx, { ...load, scenario: ONE_STEP }) },
    ctx.crmload.available && { name: '3-step', label: 'crmload 3-step journey', run: () => runCrmload(ctx, { ...load, scenario: JOURNEY }) },
    { name: 'undici', label: 'bare undici Client.dispatch loop', run: () => runUndiciLoop(ctx, load) },
    { name: 'undici-await', label: 'bare undici loop, awaiting each request', run: () => runUndiciLoop(ctx, { ...load, await: true }) },
    { name: 'undici-journey', label: 'bare undici 3-step journey, awaiting each request', run: () => runUndiciLoop(ctx, { ...load, journey: true }) },
    ctx.autocannon.available && { name: 'autocannon', label: 'autocannon -c 50', run: () => runAutocannon(ctx, load) },
  ].filter(Boolean);
}

export async function throughput(ctx) {
  const target = await startFastTarget(ctx, ctx.targetKind);
  try {
    const list = variants(ctx, target.url, ctx.opts.durationS);
    const rounds = [];
    for (let round = 1; round <= ctx.opts.rounds; round++) {
      const shift = (round - 1) % list.length;
      for (const variant of [...list.slice(shift), ...list.slice(0, shift)]) {
        const run = await withTargetCpu(target, variant.run);
        rounds.push({ round, variant: variant.name, ...withoutTimeline(run) });
        await sleep(PAUSE_MS);
      }
    }
    const summary = Object.fromEntries(list.map((v) => [v.name, { label: v.label, ...summarise(rounds, v.name) }]));
    return {
      target: { kind: target.kind, url: target.url },
      load: { vus: 50, connections: 50, durationS: ctx.opts.durationS },
      rounds,
      summary,
      ratios: ratiosOf(rounds),
    };
  } finally {
    await target.stop();
  }
}

/** Runs `fn` and adds the target's CPU use meanwhile: ≥ 90% means the target, not the tool, was the limit. */
export async function withTargetCpu(target, fn) {
  const cpuBefore = target.cpuMs();
  const started = performance.now();
  const run = await fn();
  const targetCpuPercent = ((target.cpuMs() - cpuBefore) / (performance.now() - started)) * 100;
  return { ...run, targetCpuPercent };
}

function summarise(rounds, name) {
  const mine = rounds.filter((r) => r.variant === name && !r.failed);
  return {
    rounds: mine.length,
    failedRounds: rounds.filter((r) => r.variant === name && r.failed).length,
    rps: median(mine.map((r) => r.rps)),
    cpuUsPerRequest: median(mine.map((r) => r.cpuUsPerRequest)),
    cpuPercent: median(mine.map((r) => r.cpuPercent)),
    peakRssMb: mine.length ? Math.max(...mine.map((r) => r.peakRssMb ?? 0)) : undefined,
    targetCpuPercent: median(mine.map((r) => r.targetCpuPercent)),
  };
}

/**
 * Per pair, the median over rounds of (a ÷ b) req/s, and of b ÷ a CPU µs/request (so both read
 * "how many times as fast as b", the second one robust to CPU stolen by other processes).
 */
function ratiosOf(rounds) {
  const out = {};
  for (const [a, b] of RATIO_PAIRS) {
    const perRound = [];
    for (const round of new Set(rounds.map((r) => r.round))) {
      const ra = rounds.find((r) => r.round === round && r.variant === a && !r.failed);
      const rb = rounds.find((r) => r.round === round && r.variant === b && !r.failed);
      if (ra && rb) perRound.push({ rps: ra.rps / rb.rps, cpu: rb.cpuUsPerRequest / ra.cpuUsPerRequest });
    }
    out[`${a}/${b}`] = { rps: median(perRound.map((x) => x.rps)), cpuPerRequest: median(perRound.map((x) => x.cpu)), rounds: perRound.length };
  }
  return out;
}

export function withoutTimeline({ rssTimeline, report, ...rest }) {
  return rest;
}
