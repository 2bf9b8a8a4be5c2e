// The plain-text tables and the atomic results.json write. Rendering is pure: it returns strings
// and never prints.
import { renameSync, writeFileSync } from 'node:fs';

/** Every section and the goal checks as one plain-text block. */
export function renderResults(results) {
  const parts = [renderMachine(results.machine)];
  const { throughput, memory, fixed, stall, startup, vus } = results.sections;
  if (throughput) parts.push(section('1. Throughput (closed model, 50 VUs, 50 connections)', throughput, renderThroughput));
  if (memory) parts.push(section('2. Memory (full speed, one long run each; and a one-request run)', memory, renderMemory));
  if (fixed) parts.push(section('3. Accuracy: fixed 25 ms target, 100 req/s', fixed, renderFixed));
  if (stall) parts.push(section('4. Accuracy: target stall', stall, renderStall));
  if (startup) parts.push(section('5. Clean start: first second vs steady state', startup, renderStartup));
  if (vus) parts.push(section('6. Many VUs in one process', vus, renderVus));
  parts.push(renderChecks(results.checks));
  return parts.join('\n\n') + '\n';
}

/** Writes JSON to a temp file beside `path`, then renames it over `path`: never a half-written file. */
export function writeJsonAtomic(path, value) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, path);
}

function section(title, data, render) {
  if (data.error) return `${title}\n  error: ${data.error}`;
  if (data.skipped) return `${title}\n  skipped: ${data.skipped}`;
  return `${title}\n${render(data)}`;
}

function renderMachine(m) {
  return [
    `machine: ${m.cpuModel}, ${m.nproc} CPUs, Node ${m.node}, ${m.os}`,
    `pinning: ${m.taskset ? `taskset (generator CPU ${m.generatorCpu}, target CPU ${m.targetCpu})` : 'off'}; ` +
      `fast target: ${m.fastTarget}; nginx on PATH: ${m.nginx ? 'yes' : 'no (apt-get install -y nginx-light would add it)'}; ` +
      `CPU/RSS from: ${m.gnuTime ? 'GNU time rusage' : '/proc polling'}`,
  ].join('\n');
}

function renderThroughput(t) {
  const head = ['variant', 'req/s (median)', 'CPU µs/req', 'CPU %', 'peak RSS MB', 'target CPU %', 'rounds'];
  const rows = Object.entries(t.summary).map(([name, s]) => [
    `${name}: ${s.label}`, fmt(s.rps, 0), fmt(s.cpuUsPerRequest, 1), fmt(s.cpuPercent, 0), fmt(s.peakRssMb, 1), fmt(s.targetCpuPercent, 0),
    `${s.rounds}${s.failedRounds ? ` (+${s.failedRounds} failed)` : ''}`,
  ]);
  const lines = [table(head, rows), `  target: ${t.target.kind} ${t.target.url}, ${t.load.durationS} s per run`];
  const ratioRows = Object.entries(t.ratios).map(([pair, r]) => [pair.replace('/', ' ÷ '), fmt(r.rps, 2), fmt(r.cpuPerRequest, 2), String(r.rounds)]);
  lines.push(table(['ratio (median of per-round ratios)', 'req/s', 'by CPU µs/req', 'rounds'], ratioRows));
  if (Object.values(t.summary).some((s) => s.targetCpuPercent >= 90)) {
    lines.push('  note: the target used ≥ 90% of its core: req/s is capped by the target, compare CPU µs/req instead');
  }
  const raw = t.rounds.map((r) => [String(r.round), r.variant, r.failed ? 'failed' : fmt(r.rps, 0), fmt(r.cpuUsPerRequest, 1), fmt(r.cpuPercent, 0), fmt(r.peakRssMb, 1)]);
  lines.push(table(['round', 'variant', 'req/s', 'CPU µs/req', 'CPU %', 'peak RSS MB'], raw), ...failures(t.rounds));
  return lines.join('\n');
}

function renderMemory(m) {
  if (m.run?.failed) return failures([m.run]).join('\n');
  return [
    `  crmload peak RSS ${fmt(m.peakRssMb, 1)} MB over ${m.load.durationS} s (${fmt(m.run.rps, 0)} req/s); ` +
      `autocannon ${fmt(m.autocannonPeakRssMb, 1)} MB (${fmt(m.autocannon?.rps, 0)} req/s); ratio ${fmt(m.peakRssRatio, 2)}`,
    `  crmload RSS at ${fmt(m.rssAtProbe?.tMs / 1000, 1)} s: ${fmt(m.rssAtProbe?.rssMb, 1)} MB; at end (${fmt(m.rssAtEnd?.tMs / 1000, 1)} s): ` +
      `${fmt(m.rssAtEnd?.rssMb, 1)} MB; growth ${fmt(m.growthMb, 1)} MB`,
    `  a run that sends one request: peak RSS ${fmt(m.oneRequestPeakRssMb, 1)} MB`,
    ...failures([m.autocannon, m.oneRequest].filter(Boolean)),
  ].join('\n');
}

function renderStartup(s) {
  if (s.run?.failed) return failures([s.run]).join('\n');
  const seconds = s.timeline.map((p) => [String(p.t), String(p.requests), fmt(p.p50, 2), fmt(p.p99, 2)]);
  return [
    `  ${s.requestsPerSecond} req/s (${s.load.rate} journeys/s) for ${s.load.durationS} s: first second p99 ${fmt(s.firstSecondP99, 2)} ms, ` +
      `steady p99 (median of later seconds) ${fmt(s.steadyP99, 2)} ms, ratio ${fmt(s.ratio, 2)}; whole run p99 ${fmt(s.runP99, 2)} ms; saturated: ${s.saturated}`,
    table(['second', 'requests', 'p50 ms', 'p99 ms'], seconds),
    renderWarmed(s.withWarmup),
  ].join('\n');
}

/** The context run: the same load after the user's own `--warmup`. */
function renderWarmed(w) {
  if (!w) return '';
  if (w.run?.failed) return failures([w.run]).join('\n');
  return `  the same after --warmup ${w.warmupS}s (real, unmeasured traffic): first second p99 ${fmt(w.firstSecondP99, 2)} ms, ` +
    `steady p99 ${fmt(w.steadyP99, 2)} ms, ratio ${fmt(w.ratio, 2)}`;
}

function renderVus(v) {
  if (v.run?.failed) return failures([v.run]).join('\n');
  return [
    `  ${v.vus} VUs, think 1–3 s, ${v.connections} connections, ${v.durationS} s: ${fmt(v.rps, 0)} req/s, CPU ${fmt(v.cpuPercent, 0)}%`,
    `  peak RSS ${fmt(v.peakRssMb, 1)} MB (one-VU run ${fmt(v.baseRssMb, 1)} MB): ${fmt(v.rssPerVuKb, 1)} KB per VU`,
    `  event-loop delay after the ramp: p99 ${fmt(v.eventLoopDelayP99Ms, 1)} ms, max ${fmt(v.eventLoopDelayMaxMs, 1)} ms; saturated: ${v.saturated}`,
    `  counts reconcile: ${v.counts.exact} (${v.counts.requests} requests; iterations ${JSON.stringify(v.counts.iterations)})`,
    v.bare?.failed ? failures([v.bare]).join('\n') :
      `  bare undici VUs (the ceiling): ${fmt(v.bare?.rps, 0)} req/s, CPU after the ramp ${fmt(v.bare?.cpuPercentAfterRamp, 0)}%, ` +
      `event-loop delay p99 ${fmt(v.bare?.eventLoopDelayP99Ms, 1)} ms, peak RSS ${fmt(v.bare?.peakRssMb, 1)} MB; saturated: ${v.bare?.saturated}; ` +
      `crmload ÷ bare req/s ${fmt(v.rpsOfBare, 2)}`,
  ].join('\n');
}

function renderFixed(f) {
  const head = ['tool', 'min', 'p50', 'p90', 'p99', 'max', 'completed', 'errors'];
  const rows = f.runs.map((r) => r.failed ? [r.tool, 'failed'] : [
    r.tool, ...['min', 'p50', 'p90', 'p99', 'max'].map((k) => fmt(r.latency?.[k], 2)), String(r.completed), String(r.errors),
  ]);
  return [table(head, rows), `  band for p50/p99: [${f.band[0]}, ${fmt(f.band[1], 2)}] ms; latencies in ms`, ...failures(f.runs)].join('\n');
}

function renderStall(s) {
  const head = ['run', 'p50', 'p90', 'p95', 'p99', 'max', 'completed', 'stall window (ms)'];
  const rows = [];
  for (const r of s.runs) {
    const window = r.stallWindow ? `${fmt(r.stallWindow.startMs, 0)}–${fmt(r.stallWindow.endMs, 0)}` : r.why ?? '';
    if (r.truth) rows.push([`  truth for this run`, ...stats(r.truth), String(r.truth.count), window]);
    rows.push(r.run.failed ? [r.name, 'failed'] : [r.name, ...stats(r.run.latency), String(r.run.completed), '']);
  }
  const note = `  ${s.rate} req/s scheduled for ${s.durationS} s; stall of ${s.stallForMs} ms at ${s.stallAtMs} ms after the first request; latencies in ms`;
  return [table(head, rows), note, ...failures(s.runs.map((r) => r.run))].join('\n');
}

function renderChecks(checks) {
  if (checks.length === 0) return 'goals: none checked';
  const rows = checks.map((c) => [c.pass ? 'PASS' : 'FAIL', c.name, c.goal, c.measured === null ? c.reason : typeof c.measured === 'number' ? fmt(c.measured, 3) : String(c.measured)]);
  return `goals\n${table(['', 'check', 'goal', 'measured'], rows)}`;
}

/** One line per failed run: why, and the last line the tool printed on stderr. */
function failures(runs) {
  return runs.filter((r) => r.failed).map((r) => {
    const said = (r.stderrTail ?? '').trim().split('\n').at(-1);
    return `  ${r.tool} failed: ${r.failed}${said ? `; stderr: ${said}` : ''}`;
  });
}

function stats(l = {}) {
  return ['p50', 'p90', 'p95', 'p99', 'max'].map((k) => fmt(l[k], 1));
}

function fmt(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells) => `  ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
