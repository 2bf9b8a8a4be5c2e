#!/usr/bin/env node
// crmload's benchmark: its generator against autocannon and a bare undici loop on a fast local
// target, its accuracy, its start and its VU scale (see bench/README.md).
//
//   npm run bench -- [--rounds 3] [--duration 10s] [--long 30s] [--only throughput,memory,fixed,stall,startup,vus]
//                    [--quick] [--target auto|nginx|node|raw] [--out bench/results.json]
//
// Prints tables to stdout and writes bench/results.json atomically. Every process it starts is
// killed by PID at the end, on error and on Ctrl-C. Loopback only.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { canPin, hasCommand, hasGnuTime, isStopping, killAll, killAllSync } from './lib/procs.mjs';
import { goalChecks } from './lib/checks.mjs';
import { renderResults, writeJsonAtomic } from './lib/report.mjs';
import * as scenarios from './lib/scenarios.mjs';
import { startup } from './lib/startup.mjs';
import { throughput } from './lib/throughput.mjs';
import { vuScale } from './lib/vu-scale.mjs';
import { resolveTargetKind } from './lib/targets.mjs';
import { locateAutocannon, locateCrmload } from './lib/tools.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCENARIOS = { throughput, memory: scenarios.memory, fixed: scenarios.fixedLatency, stall: scenarios.stall, startup, vus: vuScale };
const USAGE = `usage: node bench/run.mjs [--rounds N] [--duration 10s] [--long 30s] [--only ${Object.keys(SCENARIOS).join('|')}[,…]]
                         [--quick] [--target auto|nginx|node|raw] [--stall-base-ms 0.3] [--out FILE]`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' }, duration: { type: 'string' }, long: { type: 'string' }, only: { type: 'string' },
      quick: { type: 'boolean', default: false }, target: { type: 'string', default: 'auto' },
      'stall-base-ms': { type: 'string', default: '0.3' }, out: { type: 'string' }, help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: true };
  const quick = values.quick;
  const only = (values.only ?? Object.keys(SCENARIOS).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((name) => !(name in SCENARIOS));
  if (unknown.length) throw new Error(`--only: unknown scenario ${unknown.join(', ')}; expected ${Object.keys(SCENARIOS).join(', ')}`);
  if (!['auto', 'nginx', 'node', 'raw'].includes(values.target)) throw new Error(`--target "${values.target}": expected auto, nginx, node or raw`);
  return {
    rounds: positiveInt('--rounds', values.rounds ?? process.env.BENCH_ROUNDS ?? (quick ? '1' : '3')),
    durationS: seconds('--duration', values.duration ?? process.env.BENCH_DURATION ?? (quick ? '3s' : '10s')),
    longS: seconds('--long', values.long ?? (quick ? '5s' : '30s')),
    only,
    quick,
    target: values.target,
    stallBaseMs: Number(values['stall-base-ms']),
    out: resolve(values.out ?? join(ROOT, 'bench', 'results.json')),
  };
}

/** Whole seconds from "10s", "10" or "1m" (autocannon's -d takes whole seconds). */
function seconds(flag, text) {
  const match = /^(\d+)(s|m)?$/.exec(String(text).trim());
  if (!match || Number(match[1]) === 0) throw new Error(`${flag} "${text}": expected whole seconds, like 10s or 1m`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

function positiveInt(flag, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} "${text}": expected a whole number ≥ 1`);
  return value;
}

function machineInfo(ctx) {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown', nproc: os.availableParallelism(), node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`, nginx: hasCommand('nginx'), taskset: ctx.pin,
    generatorCpu: ctx.pin ? ctx.generatorCpu : null, targetCpu: ctx.pin ? ctx.targetCpu : null,
    gnuTime: hasGnuTime(), fastTarget: ctx.targetKind,
    crmload: ctx.crmload.available ? ctx.crmload.bin : `unavailable: ${ctx.crmload.reason}`,
    autocannon: ctx.autocannon.available ? ctx.autocannon.bin : `unavailable: ${ctx.autocannon.reason}`,
  };
}

async function runAll(ctx) {
  const sections = {};
  for (const name of ctx.opts.only) {
    process.stderr.write(`bench: ${name}…\n`);
    try {
      sections[name] = await SCENARIOS[name](ctx);
    } catch (error) {
      sections[name] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return sections;
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.help) return void console.log(USAGE);
  const pin = canPin() && os.availableParallelism() >= 2;
  const tmpDir = mkdtempSync(join(os.tmpdir(), 'crmload-bench-'));
  const ctx = {
    opts, pin, tmpDir, generatorCpu: 0, targetCpu: 1, targetKind: resolveTargetKind(opts.target),
    crmload: locateCrmload(ROOT), autocannon: locateAutocannon(ROOT),
  };
  installSignalHandlers(tmpDir);
  try {
    if (!ctx.crmload.available) process.stderr.write(`bench: crmload skipped: ${ctx.crmload.reason}\n`);
    const startedAt = new Date().toISOString();
    const sections = await runAll(ctx);
    if (isStopping()) return;
    const results = { startedAt, endedAt: new Date().toISOString(), options: opts, machine: machineInfo(ctx), sections };
    results.checks = goalChecks(sections);
    writeJsonAtomic(opts.out, results);
    process.stdout.write(renderResults(results));
    process.stdout.write(`\nwrote ${opts.out}\n`);
  } finally {
    await killAll();
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

function installSignalHandlers(tmpDir) {
  const stop = (signal, code) => async () => {
    process.stderr.write(`bench: ${signal}, stopping every process it started\n`);
    await killAll(1000);
    rmSync(tmpDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.once('SIGINT', stop('SIGINT', 130));
  process.once('SIGTERM', stop('SIGTERM', 143));
  process.once('exit', killAllSync);
}

main().catch(async (error) => {
  process.stderr.write(`bench: error: ${error instanceof Error ? error.message : String(error)}\n`);
  await killAll();
  process.exitCode = 1;
});
