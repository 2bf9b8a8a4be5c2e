#!/usr/bin/env node
// Why the open model waits on timers: an arrival loop like load/open.ts, alone in a process (no
// requests), started at a fixed rate for a few seconds. Prints how late each start was against its
// schedule (the lag a from-schedule latency includes) and the CPU the loop kept busy.
//
//   node bench/timer-lag.mjs [--mode timer|poll] [--rate 1000] [--duration 5]
//
// timer: sleep on setTimeout until the next arrival (what crmload does). Node's timers count whole
//        milliseconds, so a start is up to about 1 ms late.
// poll:  sleep on setTimeout until 1 ms before, then poll with setImmediate: punctual, but the core
//        is busy for that last millisecond of every gap, which at 1,000 arrivals/s is all of them.
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { mode: { type: 'string', default: 'timer' }, rate: { type: 'string', default: '1000' }, duration: { type: 'string', default: '5' } } });
if (!['timer', 'poll'].includes(values.mode)) throw new Error(`--mode ${values.mode}: expected timer or poll`);
const rate = Number(values.rate);
const total = Math.round(rate * Number(values.duration));
const gapMs = 1000 / rate;
const lags = new Float64Array(total);
let next = 0;
let startedAt = 0;
let cpuAtStart = null;

function pump() {
  const now = performance.now();
  for (;;) {
    if (next === total) return done();
    const due = startedAt + next * gapMs;
    if (due > now) {
      const left = due - now;
      if (values.mode === 'timer') setTimeout(pump, Math.max(1, left));
      else if (left < 1) setImmediate(pump);
      else setTimeout(pump, left - 1);
      return;
    }
    lags[next++] = now - due;
  }
}

function done() {
  const cpu = process.cpuUsage(cpuAtStart);
  const wallMs = performance.now() - startedAt;
  const sorted = lags.sort();
  const at = (q) => sorted[Math.min(total - 1, Math.floor(q * total))].toFixed(3);
  process.stdout.write(`${JSON.stringify({ mode: values.mode, rate, arrivals: total, lagMs: { p50: +at(0.5), p90: +at(0.9), p99: +at(0.99), max: +sorted[total - 1].toFixed(3) }, cpuPercent: +(((cpu.user + cpu.system) / 10) / wallMs).toFixed(1) })}\n`);
}

setTimeout(() => {
  startedAt = performance.now();
  cpuAtStart = process.cpuUsage();
  pump();
}, 50);
