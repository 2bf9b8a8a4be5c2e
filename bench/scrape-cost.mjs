#!/usr/bin/env node
// CPU time of one /metrics scrape of crmload (`--metrics-port`), in process: steps whose histograms
// hold 200,000 latencies in all (0.2 ms to 3 s), read when every histogram has grown since the last
// scrape (the worst case) and when none has. One scrape a second costs this much of one core.
//
//   npm run build && node bench/scrape-cost.mjs
import { Recorder } from '../dist/metrics/recorder.js';
import { RunMetrics } from '../dist/observability/run-metrics.js';

const SCRAPES = 100;

async function measure(steps) {
  const rec = new Recorder({ startedAt: 0, warmupMs: 0, plannedMs: 1000, activeVus: () => 1 }, false);
  const slots = Array.from({ length: steps }, (_, s) => rec.slot(`step ${s}`, 'bench'));
  let t = 0;
  const add = (n) => {
    for (let i = 0; i < n; i++, t++) {
      const ms = 0.2 + (t % 997) * (t % 7 === 0 ? 3 : 0.05);
      rec.record(slots[t % steps], { status: 200, kind: null, intendedAt: t, sentAt: t, endedAt: t + ms, bytesIn: 1, bytesOut: 1 });
    }
  };
  add(200_000);
  const view = () => ({
    running: true, elapsedMs: 1, steps: rec.stepSlots(), warmupRequests: 0, activeVus: 1, iterationsStarted: t, dropped: 0,
    offeredRate: 1, targetVus: null, health: { eventLoopDelayP99Ms: 0, scheduleLagP99Ms: 0, scheduleLagMaxMs: 0 },
  });
  const metrics = new RunMetrics(view, { scenario: 'bench', model: 'open', shard: null, version: '0' });
  for (let i = 0; i < 10; i++) await metrics.metrics();
  const cpuMs = async (grow) => {
    let used = 0;
    for (let i = 0; i < SCRAPES; i++) {
      if (grow) add(steps); // one more request per step: every histogram has changed
      const before = process.cpuUsage();
      await metrics.metrics();
      const d = process.cpuUsage(before);
      used += (d.user + d.system) / 1000;
    }
    return used / SCRAPES;
  };
  const changed = await cpuMs(true);
  const unchanged = await cpuMs(false);
  const bytes = (await metrics.metrics()).length;
  return { steps, changedMs: changed, unchangedMs: unchanged, bytes };
}

for (const steps of [1, 5, 20]) {
  const r = await measure(steps);
  console.log(`${String(steps).padStart(2)} steps: ${r.changedMs.toFixed(2)} ms CPU per scrape (every histogram changed), ${r.unchangedMs.toFixed(2)} ms (none changed), ${r.bytes} bytes`);
}
