#!/usr/bin/env node
// crmload's own CPU cost per request, without network, kernel or undici: the engine runs against
// an in-process dispatcher that answers every request in the next turn of the event loop (as a
// socket's data event would), and the same dispatcher is driven by a bare loop for the floor.
// On a shared machine, where wall-clock req/s swings with other processes, this is the stable
// number to optimise against: CPU ns per request, the floor subtracted.
//
//   npm run build && node bench/overhead.mjs [--seconds 3] [--rounds 3] [--only quick,1-step,3-step]
//
// Prints one line per variant and round: requests, CPU ns/request, and crmload's share above the floor.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { EventEmitter } from 'node:events';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' }, only: { type: 'string' } } });
const SECONDS = Number(values.seconds);
const { buildPlan } = await import(pathToFileURL(join(ROOT, 'dist/config/build-plan.js')).href);
const { LoadRun } = await import(pathToFileURL(join(ROOT, 'dist/engine/run.js')).href);

const BODY = Buffer.from('{"id":42,"ok":true}');
const RAW_HEADERS = [Buffer.from('Content-Type'), Buffer.from('application/json'), Buffer.from('Content-Length'), Buffer.from(String(BODY.length))];

/** Answers every request dispatched in one turn at the next turn (setImmediate), in order. */
class InstantDispatcher extends EventEmitter {
  constructor(queue) {
    super();
    this.queue = queue;
  }
  dispatch(_options, handler) {
    this.queue.add(handler);
    return true;
  }
  async destroy() {}
  async close() {}
}

class Answers {
  constructor() {
    this.pending = [];
    this.scheduled = false;
    this.answered = 0;
    this.flush = () => {
      this.scheduled = false;
      const batch = this.pending;
      this.pending = [];
      for (const handler of batch) {
        handler.onConnect(() => {});
        handler.onHeaders(200, RAW_HEADERS, () => {});
        handler.onData(BODY);
        handler.onComplete([]);
        this.answered++;
      }
    };
  }
  add(handler) {
    this.pending.push(handler);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }
}

async function floor() {
  const answers = new Answers();
  const dispatcher = new InstantDispatcher(answers);
  let stop = false;
  const loop = { onConnect() {}, onHeaders: () => true, onData: () => true, onComplete() { if (!stop) dispatcher.dispatch({}, loop); }, onError() {} };
  for (let i = 0; i < 50; i++) dispatcher.dispatch({}, { ...loop, onComplete() { if (!stop) dispatcher.dispatch({}, this); } });
  return measure(() => new Promise((resolve) => setTimeout(() => ((stop = true), resolve()), SECONDS * 1000)), () => answers.answered);
}

async function crmload(raw, runnable) {
  const answers = new Answers();
  const { plan } = buildPlan({ raw: { ...raw, duration: `${SECONDS}s`, connections: '50' }, runnable, scenarioFile: runnable ? 'bench' : undefined });
  const run = new LoadRun(plan, { origin: 'http://127.0.0.1:9', basePath: '' }, {
    env: {}, cpuUsage: () => process.cpuUsage(), wallClock: () => new Date(), connect: () => new InstantDispatcher(answers),
  });
  return measure(() => run.execute(), () => answers.answered);
}

async function measure(fn, count) {
  const cpu = process.cpuUsage();
  const before = count();
  await fn();
  const used = process.cpuUsage(cpu);
  const requests = count() - before;
  return { requests, nsPerRequest: ((used.user + used.system) * 1000) / requests };
}

const scenario = async (file) => (await import(pathToFileURL(join(ROOT, 'bench/scenarios', file)).href)).default;
const VARIANTS = {
  floor: () => floor(),
  quick: () => crmload({ url: 'http://127.0.0.1:9/', vus: '50' }, null),
  '1-step': async () => crmload({ target: 'http://127.0.0.1:9', vus: '50' }, await scenario('one-step.mjs')),
  '3-step': async () => crmload({ target: 'http://127.0.0.1:9', vus: '50' }, await scenario('journey.mjs')),
};
const only = values.only ? ['floor', ...values.only.split(',')] : Object.keys(VARIANTS);
for (let round = 1; round <= Number(values.rounds); round++) {
  let floorNs = 0;
  for (const name of only) {
    const { requests, nsPerRequest } = await VARIANTS[name]();
    if (name === 'floor') floorNs = nsPerRequest;
    const above = name === 'floor' ? '' : `  crmload ${(nsPerRequest - floorNs).toFixed(0)} ns/req above the floor`;
    console.log(`round ${round}  ${name.padEnd(7)} ${String(requests).padStart(9)} requests  ${nsPerRequest.toFixed(0).padStart(6)} ns/req${above}`);
  }
}
