#!/usr/bin/env node
// The ceiling for many sleeping VUs in one Node process on undici: N async loops, each awaiting one
// GET on an undici Pool of C connections, then sleeping a think time drawn uniformly from MIN..MAX ms
// on a Node timer. The VUs start evenly over the mean think time (VU i at i × mean / N), as crmload's
// closed model starts them. Nothing is measured but a count, the event-loop delay and the CPU used
// after that ramp (judged as crmload judges itself: saturated at CPU > 95% of a core or event-loop
// delay p99 > 25 ms). What bench/scenarios/think.mjs run by crmload is compared with in the same
// bench run (the "Many VUs" section).
//
//   node bench/undici-vus.mjs --url http://127.0.0.1:PORT/ --vus 50000 --connections 500 --think 1000..3000 --duration 60
//
// Prints one JSON line: {"completed":N,"errors":N,"durationMs":T,"eventLoopDelayP99Ms":X,
// "eventLoopDelayMaxMs":X,"cpuPercentAfterRamp":X,"saturated":B}.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    vus: { type: 'string', default: '50000' },
    connections: { type: 'string', default: '500' },
    think: { type: 'string', default: '1000..3000' },
    duration: { type: 'string', default: '60' },
  },
});
const url = new URL(values.url);
const vus = Number(values.vus);
const [minMs, maxMs] = values.think.split('..').map(Number);
const durationMs = Number(values.duration) * 1000;
const rampMs = (minMs + maxMs) / 2;
/** The same resolution and correction as crmload's own monitor (engine/health.ts). */
const RESOLUTION_MS = 10;

const pool = new Pool(url.origin, { connections: Number(values.connections), pipelining: 1, keepAliveTimeout: 4000 });
const options = { path: url.pathname + url.search, method: 'GET' };
let completed = 0;
let errors = 0;
let running = true;

/** One request: a promise settled by a minimal handler. */
function get() {
  return new Promise((resolve) => {
    pool.dispatch(options, {
      onConnect() {},
      onHeaders() {
        return true;
      },
      onData() {
        return true;
      },
      onComplete() {
        completed++;
        resolve();
      },
      onError() {
        errors++;
        resolve();
      },
    });
  });
}

async function vu(i) {
  await sleep((i * rampMs) / vus);
  while (running) {
    await get();
    if (running) await sleep(minMs + Math.random() * (maxMs - minMs));
  }
}

const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
let cpuAtRamp = null;
let rampEndedAt = 0;
const started = performance.now();
const all = Array.from({ length: vus }, (_, i) => vu(i));
setTimeout(() => {
  loop.enable();
  cpuAtRamp = process.cpuUsage();
  rampEndedAt = performance.now();
}, Math.max(1000, rampMs));
await sleep(durationMs);
running = false;
const elapsed = performance.now() - started;
loop.disable();
const cpu = process.cpuUsage(cpuAtRamp ?? undefined);
const cpuPercentAfterRamp = cpuAtRamp ? ((cpu.user + cpu.system) / 10) / (performance.now() - rampEndedAt) : null;
const p99 = loop.count ? Math.max(0, loop.percentile(99) / 1e6 - RESOLUTION_MS) : null;
const max = loop.count ? Math.max(0, loop.max / 1e6 - RESOLUTION_MS) : null;
const saturated = cpuPercentAfterRamp !== null && p99 !== null ? cpuPercentAfterRamp > 95 || p99 > 25 : null;
const round1 = (x) => (x === null ? null : Math.round(x * 10) / 10);
process.stdout.write(`${JSON.stringify({ completed, errors, durationMs: elapsed, eventLoopDelayP99Ms: round1(p99), eventLoopDelayMaxMs: round1(max), cpuPercentAfterRamp: round1(cpuPercentAfterRamp), saturated })}\n`);
await Promise.all(all);
await pool.destroy();
