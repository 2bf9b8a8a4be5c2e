#!/usr/bin/env node
// A benchmark target, run in its own process (pinned to its own core by bench/run.mjs).
//
//   node bench/target-server.mjs --mode ok|raw|delay|stall [--delay-ms 25] [--stall-at-ms 5000 --stall-for-ms 1000]
//
// ok     node:http, answers 200 {"id":42,"ok":true} at once
// raw    node:net, a fixed HTTP/1.1 response ({"id":42,"ok":true}) per request head: the fastest
//        target Node can offer when nginx is not installed (bodies are skipped unless they hold a
//        blank line, which the bench's JSON bodies never do)
// delay  node:http, answers after exactly --delay-ms (setTimeout)
// stall  like ok, but --stall-at-ms after its first request it busy-waits --stall-for-ms once
//
// It listens on 127.0.0.1, port 0, and reports on stdout, one JSON object a line:
//   {"event":"listening","port":N}
//   {"event":"first-request","atEpochMs":T}
//   {"event":"stall","startEpochMs":T,"endEpochMs":T}
//   {"event":"stats","requests":N}            on SIGTERM/SIGINT, just before exiting
// Epoch times are performance.timeOrigin + performance.now(): sub-millisecond and comparable
// with the harness, which uses the same clock.
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'ok' },
    'delay-ms': { type: 'string', default: '25' },
    'stall-at-ms': { type: 'string', default: '5000' },
    'stall-for-ms': { type: 'string', default: '1000' },
  },
});

const epochMs = () => performance.timeOrigin + performance.now();
const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
let requests = 0;
// The same body as nginx's (bench/lib/targets.mjs FAST_BODY): the journey reads its "id".
const RAW_BODY = '{"id":42,"ok":true}';

function onFirstRequest() {
  emit({ event: 'first-request', atEpochMs: epochMs() });
  if (values.mode !== 'stall') return;
  const atMs = Number(values['stall-at-ms']);
  const forMs = Number(values['stall-for-ms']);
  setTimeout(() => {
    const startEpochMs = epochMs();
    // Busy-wait: the whole event loop is frozen, as in a long GC pause or a blocking handler.
    while (epochMs() - startEpochMs < forMs) { /* frozen */ }
    emit({ event: 'stall', startEpochMs, endEpochMs: epochMs() });
  }, atMs);
}

function httpTarget() {
  const delayMs = values.mode === 'delay' ? Number(values['delay-ms']) : 0;
  const reply = (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': RAW_BODY.length });
    res.end(RAW_BODY);
  };
  // Node's timers run on the loop's cached millisecond clock and can fire up to ~1 ms early:
  // re-arm until the full delay has passed, so no response is ever faster than --delay-ms.
  const replyAtLeastAfter = (due, res) => {
    const left = due - performance.now();
    if (left > 0) setTimeout(replyAtLeastAfter, Math.ceil(left), due, res);
    else reply(res);
  };
  const server = createServer({ keepAlive: true }, (req, res) => {
    if (requests++ === 0) onFirstRequest();
    req.resume();
    if (delayMs > 0) replyAtLeastAfter(performance.now() + delayMs, res);
    else reply(res);
  });
  server.keepAliveTimeout = 120_000;
  return server;
}

const RAW_RESPONSE = Buffer.from(
  `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${RAW_BODY.length}\r\nConnection: keep-alive\r\n\r\n${RAW_BODY}`,
);
const HEAD_END = Buffer.from('\r\n\r\n');

function rawTarget() {
  return createNetServer((socket) => {
    socket.setNoDelay(true);
    let tail = Buffer.alloc(0); // the last 3 bytes, so a head end split across chunks is found
    socket.on('data', (chunk) => {
      const data = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      let heads = 0;
      let consumed = 0;
      for (let at = data.indexOf(HEAD_END); at !== -1; at = data.indexOf(HEAD_END, consumed)) {
        heads++;
        consumed = at + 4;
      }
      tail = data.subarray(Math.max(consumed, data.length - 3));
      if (heads > 0 && requests === 0) onFirstRequest();
      requests += heads;
      if (heads === 1) socket.write(RAW_RESPONSE);
      else if (heads > 1) socket.write(Buffer.concat(Array(heads).fill(RAW_RESPONSE)));
    });
    socket.on('error', () => socket.destroy());
  });
}

const server = values.mode === 'raw' ? rawTarget() : httpTarget();
const sockets = new Set();
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
});

function stop() {
  emit({ event: 'stats', requests });
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

server.listen(0, '127.0.0.1', () => emit({ event: 'listening', port: server.address().port }));
