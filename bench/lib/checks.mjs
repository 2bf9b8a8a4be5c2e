// The benchmark's goals, each checked only when its section ran. A goal with no data fails with
// the reason "no data", never passes vacuously. Pure.
import { FIXED_BAND } from './scenarios.mjs';
import { check, relativeError } from './stats.mjs';

export function goalChecks(sections) {
  const { throughput, memory, fixed, stall, startup, vus } = sections;
  return [
    ...(ok(throughput) ? throughputChecks(throughput) : []),
    ...(ok(memory) ? memoryChecks(memory) : []),
    ...(ok(fixed) ? fixedChecks(fixed) : []),
    ...(ok(stall) ? stallChecks(stall) : []),
    ...(ok(startup) ? [check('start: first second p99 ÷ steady p99, 3-step journey at 3,000 req/s', '≤ 2', startup.ratio, startup.ratio <= 2)] : []),
    ...(ok(vus) ? vuChecks(vus) : []),
  ];
}

function ok(section) {
  return section && !section.error && !section.skipped;
}

function throughputChecks(t) {
  const r = (pair) => t.ratios?.[pair]?.rps;
  return [
    check('throughput: 3-step journey req/s ÷ quick mode', '≥ 0.9', r('3-step/quick'), r('3-step/quick') >= 0.9),
    check('throughput: 1-step scenario req/s ÷ quick mode', '≥ 0.95', r('1-step/quick'), r('1-step/quick') >= 0.95),
    check('throughput: quick mode req/s ÷ bare undici loop', '≥ 0.95', r('quick/undici'), r('quick/undici') >= 0.95),
    check('throughput: quick mode req/s ÷ autocannon', '≥ 1.2', r('quick/autocannon'), r('quick/autocannon') >= 1.2),
    check('throughput: quick mode CPU µs/req, autocannon ÷ crmload', '≥ 1.54 (≤ 0.65×)', t.ratios?.['quick/autocannon']?.cpuPerRequest,
      t.ratios?.['quick/autocannon']?.cpuPerRequest >= 1 / 0.65),
  ];
}

function memoryChecks(m) {
  return [
    check(`memory: crmload peak RSS ÷ autocannon's, ${m.load?.durationS ?? '?'} s full speed`, '≤ 1', m.peakRssRatio, m.peakRssRatio <= 1),
    check('memory: peak RSS of a run that sends one request (MB)', '≤ 80', m.oneRequestPeakRssMb, m.oneRequestPeakRssMb <= 80),
    check(`memory: RSS growth from ${((m.rssAtProbe?.tMs ?? 0) / 1000).toFixed(0)} s to the end (MB)`, '≤ 5', m.growthMb, m.growthMb <= 5),
  ];
}

function fixedChecks(fixed) {
  const latency = fixed.runs?.find((r) => r.tool === 'crmload')?.latency ?? {};
  const [low, high] = FIXED_BAND;
  const band = `in [${low}, ${high}] ms`;
  return [
    check('fixed 25 ms: crmload p50', band, latency.p50, latency.p50 >= low && latency.p50 <= high),
    check('fixed 25 ms: crmload p99', band, latency.p99, latency.p99 >= low && latency.p99 <= high),
    check('fixed 25 ms: crmload min', `≥ ${low} ms`, latency.min, latency.min >= low),
  ];
}

function stallChecks(stall) {
  const ours = stall.runs?.find((r) => r.tool === 'crmload');
  const p99Error = relativeError(ours?.run?.latency?.p99, ours?.truth?.p99);
  const p50Error = Math.abs((ours?.run?.latency?.p50 ?? NaN) - (ours?.truth?.p50 ?? NaN));
  return [
    check('stall: crmload p99 vs truth (relative error)', '≤ 10%', p99Error, p99Error <= 0.1),
    check('stall: crmload p50 vs truth (ms off)', '≤ 2 ms', p50Error, p50Error <= 2),
  ];
}

function vuChecks(v) {
  const rssGb = v.peakRssMb / 1024;
  return [
    check(`VUs: peak RSS, ${v.vus} VUs (GB)`, '≤ 1', rssGb, rssGb <= 1),
    check('VUs: event-loop delay p99 after the ramp (ms)', '≤ 20', v.eventLoopDelayP99Ms, v.eventLoopDelayP99Ms <= 20),
    check('VUs: generator not saturated', 'false', v.saturated === undefined ? undefined : String(v.saturated), v.saturated === false),
    check('VUs: counts reconcile exactly', 'true', v.counts === undefined ? undefined : String(v.counts.exact), v.counts?.exact === true),
  ];
}
