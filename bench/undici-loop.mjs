#!/usr/bin/env node
// The ceiling for a Node load generator on undici: a bare closed loop of `Client.dispatch` calls,
// one request in flight per connection, nothing measured but a count. What crmload's quick mode
// is compared with in the same bench run.
//
//   node bench/undici-loop.mjs --url http://127.0.0.1:PORT/ --connections 50 --duration 10
//
// Prints one JSON line: {"completed":N,"errors":N,"durationMs":T}.
import { parseArgs } from 'node:util';
import { Client } from 'undici';

const { values } = parseArgs({
  options: { url: { type: 'string' }, connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' } },
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

/** One connection's loop: its handler re-dispatches on completion (no allocation per request). */
class Loop {
  constructor(client) {
    this.client = client;
  }
  next() {
    if (running) this.client.dispatch(options, this);
    else if (--open === 0) done();
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

const clients = Array.from({ length: connections }, () => new Client(url.origin, { pipelining: 1, keepAliveTimeout: 4000 }));
const started = performance.now();
for (const client of clients) new Loop(client).next();
setTimeout(() => (running = false), durationMs);
await finished;
const elapsed = performance.now() - started;
process.stdout.write(`${JSON.stringify({ completed, errors, durationMs: elapsed })}\n`);
await Promise.all(clients.map((c) => c.destroy()));
