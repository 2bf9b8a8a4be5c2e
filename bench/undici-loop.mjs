#!/usr/bin/env node
// The ceiling for a Node load generator on undici: a bare closed loop of `Client.dispatch` calls,
// one request in flight per connection, nothing measured but a count. What crmload's quick mode
// is compared with in the same bench run.
//
//   node bench/undici-loop.mjs --url http://127.0.0.1:PORT/ --connections 50 --duration 10
//
// With `--await`, each connection is an async loop that awaits one promise per request instead:
// the ceiling for any promise-based API (`await vu.get(…)`) on undici. Its next request leaves a
// microtask after the last one completed, when undici has marked the keep-alive socket idle; undici
// (since 7.x, GHSA-35p6-xmwp-9g52) then checks an idle socket for a stray close or bytes on a
// setImmediate before writing to it, which a dispatch from inside `onComplete` never waits for.
//
// With `--journey`, each connection runs the 3-step journey of bench/scenarios/journey.mjs in an
// async loop, awaiting each request: GET /api/items and JSON.parse its body, POST a JSON body built
// from it, GET /api/items/<id>. The least any generator can do for that journey on undici: the
// ceiling for crmload's 3-step scenario.
//
// Prints one JSON line: {"completed":N,"errors":N,"durationMs":T}.
import { parseArgs } from 'node:util';
import { Client } from 'undici';

const { values } = parseArgs({
  options: { url: { type: 'string' }, connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' }, await: { type: 'boolean', default: false }, journey: { type: 'boolean', default: false } },
});
const url = new URL(values.url);
const connections = Number(values.connections);
const durationMs = Number(values.duration) * 1000;
const options = { path: url.pathname + url.search, method: 'GET' };

let completed = 0;
let errors = 0;
let running = true;
let open = connections;
let done;
const finished = new Promise((resolve) => (done = resolve));

/** One connection's undici handler: counts, then `next()` (what follows a request: the variants differ). */
class Handler {
  constructor(client) {
    this.client = client;
  }
  onConnect() {}
  onHeaders() {
    return true;
  }
  onData() {
    return true;
  }
  onComplete() {
    completed++;
    this.next();
  }
  onError() {
    errors++;
    this.next();
  }
}

/** The plain loop: the handler re-dispatches from `onComplete` (no allocation per request). */
class Loop extends Handler {
  next() {
    if (running) this.client.dispatch(options, this);
    else if (--open === 0) done();
  }
}

/** A promise per request, settled by the handler: the least an awaiting caller can do. */
class Awaited extends Handler {
  resolve = null;
  request() {
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.client.dispatch(options, this);
    });
  }
  next() {
    this.resolve();
  }
}

/** A journey's request: awaited; the body kept when asked for (the first step reads its JSON). */
class Step extends Handler {
  resolve = null;
  keep = false;
  chunks = [];
  request(options, keep = false) {
    this.keep = keep;
    this.chunks = [];
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.client.dispatch(options, this);
    });
  }
  onData(chunk) {
    if (this.keep) this.chunks.push(chunk);
    return true;
  }
  next() {
    this.resolve(this.keep ? Buffer.concat(this.chunks).toString('utf8') : null);
  }
}

const LIST = { path: '/api/items', method: 'GET' };
const JSON_HEADERS = { 'content-type': 'application/json' };

async function journeyLoop(client) {
  const step = new Step(client);
  while (running) {
    const { id } = JSON.parse(await step.request(LIST, true));
    await step.request({ path: '/api/items', method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ id, name: 'bench item', tags: ['a', 'b'] }) });
    await step.request({ path: `/api/items/${id}`, method: 'GET' });
  }
  if (--open === 0) done();
}

async function awaitLoop(client) {
  const caller = new Awaited(client);
  while (running) await caller.request();
  if (--open === 0) done();
}

const clients = Array.from({ length: connections }, () => new Client(url.origin, { pipelining: 1, keepAliveTimeout: 4000 }));
const started = performance.now();
for (const client of clients) {
  if (values.journey) void journeyLoop(client);
  else if (values.await) void awaitLoop(client);
  else new Loop(client).next();
}
setTimeout(() => (running = false), durationMs);
await finished;
const elapsed = performance.now() - started;
process.stdout.write(`${JSON.stringify({ completed, errors, durationMs: elapsed })}\n`);
await Promise.all(clients.map((c) => c.destroy()));
