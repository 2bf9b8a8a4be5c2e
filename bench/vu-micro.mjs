#!/usr/bin/env node
// The scenario VU's own cost per request, without sockets: a plain scenario (one GET per iteration,
// no optional feature) on a host whose pool answers every request at once (a microtask later), with
// a real Recorder. Builds given as arguments are measured in alternation; prints CPU µs per request.
// `--journey`: bench/scenarios/journey.mjs's three steps instead (GET and json(), POST json, GET by id).
// `--vus N`: N VUs interleaved (as 50 VUs on 50 connections are), sharing the iterations.
// `--quick`: quick mode's driver (engine/quick-driver.js) on the same host instead: what the VU API adds is the difference.
//
//   node bench/vu-micro.mjs [--rounds 7] [--iterations 200000] [--journey | --quick] [--vus 1] ROOT_A [ROOT_B ...]
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import journey from './scenarios/journey.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '7' }, iterations: { type: 'string', default: '200000' }, journey: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false }, vus: { type: 'string', default: '1' } } });
const roots = positionals.map((p) => resolve(p));
const N = Number(values.iterations);
const BODY = Buffer.from('{"id":42,"ok":true}');
const PER_ITERATION = values.journey ? 3 : 1;

async function load(root) {
  const m = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
  const [{ ScenarioVu }, { ScenarioRuntime }, { Exchange }, { Recorder }, { QuickDriver, quickRequest }] = await Promise.all([m('scenario/vu.js'), m('scenario/runtime.js'), m('http/exchange.js'), m('metrics/recorder.js'), m('engine/quick-driver.js')]);
  return { ScenarioVu, ScenarioRuntime, Exchange, Recorder, QuickDriver, quickRequest };
}

function hostFor(mod) {
  const recorder = new mod.Recorder({ startedAt: 0, warmupMs: 0, plannedMs: 10_000, activeVus: () => 1, serviceIsLatency: true, now: () => performance.now() }, false);
  const free = [];
  const sinks = new Map();
  const host = {
    stopping: false, openModel: false, seed: 1, origin: 'http://127.0.0.1:9', basePath: '/', headers: {}, measuredFrom: 0,
    extras: recorder.extras ?? null, origins: new Set(), httpDebug: null, stopRun() {}, now: () => performance.now(),
    acquire: () => free.pop() ?? new mod.Exchange(null),
    send(_origin, e) {
      e.sentAt = performance.now();
      if (e.intendedAt === 0) e.intendedAt = e.sentAt;
      queueMicrotask(() => {
        e.onConnect(() => {});
        e.onHeaders(200, [], () => {});
        e.onData(BODY);
        e.onComplete();
      });
    },
    settle() {},
    release: (e) => free.push(e),
    step(name, scenario) {
      let s = sinks.get(name);
      if (!s) sinks.set(name, (s = { name, record: (e) => recorder.record(slot, e) }));
      const slot = recorder.slot(name, scenario);
      return s;
    },
    noteFailure() {}, warn() {}, env: () => undefined, faker: () => null,
  };
  return host;
}

async function measure(mod) {
  const host = hostFor(mod);
  const plain = { name: 'plain', kind: 'scenario', async iteration(vu) { await vu.get('/'); } };
  const runtime = new mod.ScenarioRuntime(values.journey ? journey : plain, null);
  if (host.extras && 'iterationDurations' in runtime) runtime.iterationDurations = host.extras.iterationDistribution('plain');
  let done = 0;
  let finish;
  const finished = new Promise((r) => (finish = r));
  const vus = Number(values.vus);
  let started = 0;
  const owner = { iterationDone: (vu) => (started < N ? vu.begin(performance.now(), started++) : ++done === vus && finish()) };
  const request = mod.quickRequest(host.origin, '/', host.headers);
  const list = Array.from({ length: vus }, (_, i) => (values.quick ? new mod.QuickDriver(i, owner, host, request, host.step('GET /', 'plain')) : new mod.ScenarioVu(i, owner, host, () => runtime)));
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (const vu of list) vu.begin(performance.now(), started++);
  await finished;
  const used = process.cpuUsage(cpu);
  return { cpuUsPerReq: (used.user + used.system) / (N * PER_ITERATION), wallUsPerReq: ((performance.now() - t) * 1000) / (N * PER_ITERATION) };
}

const mods = await Promise.all(roots.map(load));
for (const mod of mods) await measure(mod); // warm up each build once
const results = roots.map(() => []);
for (let r = 0; r < Number(values.rounds); r++) {
  for (let i = 0; i < mods.length; i++) results[i].push(await measure(mods[i]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
roots.forEach((root, i) => console.log(`${root}: median ${median(results[i].map((x) => x.cpuUsPerReq)).toFixed(3)} µs CPU/request, ${median(results[i].map((x) => x.wallUsPerReq)).toFixed(3)} µs wall (${results[i].length} rounds of ${N} iterations, ${PER_ITERATION} request(s) each)`));
