// Benchmark targets, each in its own process on the target core: nginx when it is installed,
// else bench/target-server.mjs (node:http, or raw node:net with --target raw).
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { childPidsOf, hasCommand, killPid, spawnTracked, trackPid, treeCpuMsOf } from './procs.mjs';

const TARGET_SERVER = fileURLToPath(new URL('../target-server.mjs', import.meta.url));
/** What the fast targets answer to every request (GET or POST): a small JSON object the journey reads. */
export const FAST_BODY = '{"id":42,"ok":true}';

/** Which kind of fast target `--target auto` means on this machine. */
export function resolveTargetKind(requested) {
  if (requested !== 'auto') return requested;
  return hasCommand('nginx') ? 'nginx' : 'raw';
}

/** Starts the fast target used by the throughput and memory scenarios. */
export function startFastTarget(ctx, kind) {
  if (kind === 'nginx') return startNginx(ctx);
  return startNodeTarget(ctx, kind === 'raw' ? 'raw' : 'ok');
}

/**
 * Starts bench/target-server.mjs and waits for its port. `events` collects every JSON line it
 * prints (first-request, stall, stats); `stop()` ends it by PID and resolves with its events.
 */
export async function startNodeTarget(ctx, mode, extraArgs = []) {
  const child = spawnTracked(`target (${mode})`, process.execPath, [TARGET_SERVER, '--mode', mode, ...extraArgs], {
    cpu: ctx.targetCpu,
    pin: ctx.pin,
  });
  const events = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
  });
  child.stderr.on('data', () => undefined);
  const listening = await waitFor(() => events.find((e) => e.event === 'listening'), 5000);
  if (!listening) {
    await stopChild(child, exited);
    throw new Error(`target-server (${mode}) did not start listening`);
  }
  return {
    kind: mode === 'raw' ? 'node:net raw' : 'node:http',
    pid: child.pid,
    url: `http://127.0.0.1:${listening.port}/`,
    events,
    cpuMs: () => treeCpuMsOf(child.pid),
    async stop() {
      await stopChild(child, exited);
      return events;
    },
  };
}

/** nginx in the foreground (daemon off), one worker, everything in a temp prefix. */
export async function startNginx(ctx) {
  const prefix = join(ctx.tmpDir, 'nginx');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, nginxConfig(prefix, port));
  const errorLog = join(prefix, 'logs', 'error.log');
  const child = spawnTracked('nginx', 'nginx', ['-p', prefix, '-e', errorLog, '-c', conf], {
    cpu: ctx.targetCpu,
    pin: ctx.pin,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const up = await waitFor(() => canConnect(port), 5000);
  if (!up) {
    await stopChild(child, exited);
    throw new Error(`nginx did not start on 127.0.0.1:${port}: ${stderr.trim().slice(-500)}`);
  }
  // The worker is nginx's child: track it too, so it is killed by PID even if the master dies first.
  const workers = (await waitFor(() => {
    const pids = childPidsOf(child.pid);
    return pids.length > 0 ? pids : undefined;
  }, 2000)) ?? [];
  for (const pid of workers) trackPid(pid, 'nginx worker');
  return {
    kind: 'nginx',
    pid: child.pid,
    url: `http://127.0.0.1:${port}/`,
    events: [],
    cpuMs: () => treeCpuMsOf(child.pid),
    async stop() {
      // SIGQUIT is nginx's graceful stop; stopChild escalates by PID if it lingers.
      await stopChild(child, exited, 'SIGQUIT');
      for (const pid of workers) killPid(pid);
      return [];
    },
  };
}

function nginxConfig(prefix, port) {
  const temp = (name) => `${name}_temp_path ${join(prefix, name)};`;
  return `daemon off;
master_process on;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server {
    listen 127.0.0.1:${port};
    location / { default_type application/json; return 200 '${FAST_BODY}'; }
  }
}
`;
}

async function stopChild(child, exited, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

async function waitFor(probe, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await sleep(20);
  }
  return undefined;
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** A port nothing listens on right now (nginx needs a fixed port in its config). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
