// Goal checks, the plain-text tables and the atomic results.json write. Rendering is pure: it
// returns strings and never prints.
import { renameSync, writeFileSync } from 'node:fs';
import { FIXED_BAND } from './scenarios.mjs';
import { check, relativeError } from './stats.mjs';

/** The goals of DESIGN.md §10b, each checked only when its scenario ran. */
export function goalChecks(sections) {
  const checks = [];
  const { throughput, memory, fixed, stall } = sections;
  if (throughput && !throughput.error) {
    checks.push(check('throughput: crmload req/s ÷ autocannon req/s', '≥ 1.5', throughput.ratios?.rps, throughput.ratios?.rps >= 1.5));
    checks.push(check('throughput: crmload CPU µs/req ÷ autocannon', '≤ 0.65', throughput.ratios?.cpuUsPerRequest, throughput.ratios?.cpuUsPerRequest <= 0.65));
  }
  if (memory && !memory.error) {
    checks.push(check(`memory: crmload peak RSS over ${memory.load?.durationS ?? '?'} s (MB)`, '≤ 80', memory.peakRssMb, memory.peakRssMb <= 80));
  }
  if (fixed && !fixed.error) {
    const latency = fixed.runs?.find((r) => r.tool === 'crmload')?.latency ?? {};
    const [low, high] = FIXED_BAND;
    const band = `in [${low}, ${high}] ms`;
    checks.push(check('fixed 25 ms: crmload p50', band, latency.p50, latency.p50 >= low && latency.p50 <= high));
    checks.push(check('fixed 25 ms: crmload p99', band, latency.p99, latency.p99 >= low && latency.p99 <= high));
    checks.push(check('fixed 25 ms: crmload min', `≥ ${low} ms`, latency.min, latency.min >= low));
  }
  if (stall && !stall.error) {
    const ours = stall.runs?.find((r) => r.tool === 'crmload');
    const p99Error = relativeError(ours?.run?.latency?.p99, ours?.truth?.p99);
    const p50Error = Math.abs((ours?.run?.latency?.p50 ?? NaN) - (ours?.truth?.p50 ?? NaN));
    checks.push(check('stall: crmload p99 vs truth (relative error)', '≤ 10%', p99Error, p99Error <= 0.1));
    checks.push(check('stall: crmload p50 vs truth (ms off)', '≤ 2 ms', p50Error, p50Error <= 2));
  }
  return checks;
}

/** Every section and the goal checks as one plain-text block. */
export function renderResults(results) {
  const parts = [renderMachine(results.machine)];
  const { throughput, memory, fixed, stall } = results.sections;
  if (throughput) parts.push(section('1. Throughput (closed model, 50 connections)', throughput, renderThroughput));
  if (memory) parts.push(section('2. Memory (one long crmload run)', memory, renderMemory));
  if (fixed) parts.push(section('3. Accuracy: fixed 25 ms target, 100 req/s', fixed, renderFixed));
  if (stall) parts.push(section('4. Accuracy: target stall', stall, renderStall));
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
  const head = ['tool', 'req/s (median)', 'CPU µs/req', 'CPU %', 'peak RSS MB', 'target CPU %', 'rounds'];
  const rows = Object.entries(t.summary).map(([tool, s]) => [
    tool, fmt(s.rps, 0), fmt(s.cpuUsPerRequest, 1), fmt(s.cpuPercent, 0), fmt(s.peakRssMb, 1), fmt(s.targetCpuPercent, 0),
    `${s.rounds}${s.failedRounds ? ` (+${s.failedRounds} failed)` : ''}`,
  ]);
  const lines = [table(head, rows), `  target: ${t.target.kind} ${t.target.url}, ${t.load.durationS} s per round`];
  if (t.ratios.rps !== undefined) {
    lines.push(`  crmload ÷ autocannon: req/s ${fmt(t.ratios.rps, 2)}×, CPU µs/req ${fmt(t.ratios.cpuUsPerRequest, 2)}×`);
  }
  if (Object.values(t.summary).some((s) => s.targetCpuPercent >= 90)) {
    lines.push('  note: the target used ≥ 90% of its core: req/s is capped by the target, compare CPU µs/req instead');
  }
  const raw = t.rounds.map((r) => [String(r.round), r.tool, r.failed ? 'failed' : fmt(r.rps, 0), fmt(r.cpuUsPerRequest, 1), fmt(r.peakRssMb, 1)]);
  lines.push(table(['round', 'tool', 'req/s', 'CPU µs/req', 'peak RSS MB'], raw), ...failures(t.rounds));
  return lines.join('\n');
}

function renderMemory(m) {
  if (m.run?.failed) return failures([m.run]).join('\n');
  return [
    `  peak RSS ${fmt(m.peakRssMb, 1)} MB over ${m.load.durationS} s (${fmt(m.run.rps, 0)} req/s)`,
    `  RSS at ${fmt(m.rssAtProbe?.tMs / 1000, 1)} s: ${fmt(m.rssAtProbe?.rssMb, 1)} MB; at end (${fmt(m.rssAtEnd?.tMs / 1000, 1)} s): ` +
      `${fmt(m.rssAtEnd?.rssMb, 1)} MB; growth ${fmt(m.growthMb, 1)} MB`,
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
  const rows = checks.map((c) => [c.pass ? 'PASS' : 'FAIL', c.name, c.goal, c.measured === null ? c.reason : fmt(c.measured, 3)]);
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
