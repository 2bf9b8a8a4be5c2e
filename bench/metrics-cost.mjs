#!/usr/bin/env node
// What `--metrics-port` costs: the plain-GET throughput run (closed model, 50 VUs, 50 connections,
// fast target) with the metrics endpoint off and on, rounds interleaved off → on. With it on, this
// harness scrapes /metrics once a second, as a Prometheus with a 1 s interval would.
//
//   npm run build && node bench/metrics-cost.mjs [--rounds 5] [--duration 10s] [--target auto|nginx|raw|node]
//
// Prints the rounds and the medians; writes bench/metrics-cost.json. Not a test: numbers on a shared
// machine are noisy, read the rounds. Loopback only; every process started is killed by PID.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { canPin, killAll } from './lib/procs.mjs';
import { writeJsonAtomic } from './lib/report.mjs';
import { median } from './lib/stats.mjs';
import { freePort, resolveTargetKind, startFastTarget } from './lib/targets.mjs';
import { locateCrmload, runCrmload } from './lib/tools.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Scrape `url` every second until stopped; counts the scrapes that answered 200 and their bytes. */
function startScraper(url) {
  const stats = { ok: 0, failed: 0, bytes: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await fetch(url).then(async (r) => {
        const text = await r.text();
        if (r.ok) {
          stats.ok++;
          stats.bytes = text.length;
        } else stats.failed++;
      }, () => stats.failed++);
      await sleep(1000);
    }
  })();
  return { stats, stop: async () => { stopped = true; await loop; } };
}

async function main() {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, duration: { type: 'string', default: '10s' }, target: { type: 'string', default: 'auto' } } });
  const rounds = Number(values.rounds);
  const durationS = Number(/^(\d+)s?$/.exec(values.duration)?.[1]);
  if (!(rounds >= 1) || !(durationS >= 1)) throw new Error('--rounds N (≥ 1) and --duration Ns (whole seconds)');
  const tmpDir = mkdtempSync(join(os.tmpdir(), 'crmload-metrics-cost-'));
  const pin = canPin() && os.availableParallelism() >= 2;
  const ctx = { opts: { durationS }, pin, tmpDir, generatorCpu: 0, targetCpu: 1, targetKind: resolveTargetKind(values.target), crmload: locateCrmload(ROOT) };
  if (!ctx.crmload.available) throw new Error(ctx.crmload.reason);
  const target = await startFastTarget(ctx, ctx.targetKind);
  const runs = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const metrics of [false, true]) {
        const load = { url: target.url, vus: 50, connections: 50, durationS };
        let scraper;
        if (metrics) {
          const port = await freePort();
          load.extraArgs = ['--metrics-port', String(port)];
          scraper = startScraper(`http://127.0.0.1:${port}/metrics`);
        }
        const run = await runCrmload(ctx, load);
        await scraper?.stop();
        const row = { round, metrics, rps: run.rps, cpuUsPerRequest: run.cpuUsPerRequest, completed: run.completed, errors: run.errors, scrapes: scraper?.stats, command: run.command };
        runs.push(row);
        process.stderr.write(`round ${round} metrics ${metrics ? 'on ' : 'off'}: ${Math.round(run.rps)} req/s, ${run.cpuUsPerRequest?.toFixed(1)} µs CPU/req${scraper ? `, ${scraper.stats.ok} scrapes ok, ${scraper.stats.failed} failed, ${scraper.stats.bytes} bytes each` : ''}\n`);
        await sleep(500);
      }
    }
  } finally {
    await target.stop();
    await killAll();
    rmSync(tmpDir, { recursive: true, force: true });
  }
  const summary = (on) => ({ rps: median(runs.filter((r) => r.metrics === on).map((r) => r.rps)), cpuUsPerRequest: median(runs.filter((r) => r.metrics === on).map((r) => r.cpuUsPerRequest)) });
  const off = summary(false);
  const on = summary(true);
  const result = { machine: { cpus: os.availableParallelism(), node: process.version, pinned: pin, target: ctx.targetKind }, durationS, rounds, off, on, throughputCost: 1 - on.rps / off.rps, cpuCost: on.cpuUsPerRequest / off.cpuUsPerRequest - 1, runs };
  writeJsonAtomic(join(ROOT, 'bench', 'metrics-cost.json'), result);
  process.stdout.write(`metrics off: ${Math.round(off.rps)} req/s, ${off.cpuUsPerRequest.toFixed(1)} µs CPU/req (median of ${rounds})\n`);
  process.stdout.write(`metrics on:  ${Math.round(on.rps)} req/s, ${on.cpuUsPerRequest.toFixed(1)} µs CPU/req\n`);
  process.stdout.write(`cost: ${(result.throughputCost * 100).toFixed(1)}% throughput, ${(result.cpuCost * 100).toFixed(1)}% CPU per request\n`);
}

main().catch(async (error) => {
  process.stderr.write(`bench: error: ${error instanceof Error ? error.message : String(error)}\n`);
  await killAll();
  process.exitCode = 1;
});
