#!/usr/bin/env node
// The scenario VU hot path, before/after: a scenario that uses no optional feature (one GET per
// iteration, no checks, no groups, no feeders) against the raw local target, closed model.
// Alternates the builds given as arguments round by round and prints the median req/s and CPU µs/req
// of each. Loopback only; every child is killed by PID.
//
//   node bench/vu-path.mjs [--rounds 5] [--duration 5s] ROOT_A [ROOT_B ...]
//   (each ROOT is a crmload checkout with dist/ built: bin/crmload.js is run from it)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '5' }, duration: { type: 'string', default: '5s' }, vus: { type: 'string', default: '50' } } });
const roots = positionals.map((p) => resolve(p));
if (!roots.length) throw new Error('usage: node bench/vu-path.mjs [--rounds N] [--duration 5s] ROOT [ROOT ...]');
const dir = mkdtempSync(join(tmpdir(), 'crmload-vu-bench-'));
const scenario = join(dir, 'plain.mjs');
writeFileSync(scenario, `export default { name: 'plain', async iteration(vu) { await vu.get('/'); } };\n`);

function startTarget() {
  const child = spawn(process.execPath, [new URL('./target-server.mjs', import.meta.url).pathname, '--mode', 'raw'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((res) => child.stdout.on('data', (d) => {
    const line = d.toString().split('\n').find((l) => l.includes('listening'));
    if (line) res({ child, url: `http://127.0.0.1:${JSON.parse(line).port}` });
  }));
}

function run(root, url, json) {
  const args = [join(root, 'bin', 'crmload.js'), 'run', scenario, '--target', url, '--vus', values.vus, '--connections', values.vus, '--duration', values.duration, '--json', json, '--quiet'];
  return new Promise((res) => {
    const child = spawn('/usr/bin/time', ['-f', '%U %S', 'taskset', '-c', '0', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', () => {
      const [u, s] = err.trim().split('\n').pop().split(' ').map(Number);
      const report = JSON.parse(readFileSync(json, 'utf8'));
      const completed = report.totals.completed;
      res({ rps: completed / (report.run.durationMs / 1000), cpuUsPerReq: ((u + s) * 1e6) / completed });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { child, url } = await startTarget();
const results = roots.map(() => []);
try {
  for (let r = 0; r < Number(values.rounds); r++) {
    for (let i = 0; i < roots.length; i++) {
      const out = await run(roots[i], url, join(dir, `r${r}-${i}.json`));
      results[i].push(out);
      process.stderr.write(`round ${r + 1} ${roots[i]}: ${out.rps.toFixed(0)} req/s, ${out.cpuUsPerReq.toFixed(1)} µs CPU/req\n`);
    }
  }
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
for (let i = 0; i < roots.length; i++) {
  console.log(`${roots[i]}: median ${median(results[i].map((x) => x.rps)).toFixed(0)} req/s, ${median(results[i].map((x) => x.cpuUsPerReq)).toFixed(1)} µs CPU/req (${results[i].length} rounds)`);
}
