import { describe, expect, it } from 'vitest';
import { resolveLoad } from '../../src/config/load-model.js';
import type { RawRunOptions } from '../../src/config/options.js';
import type { PlanLoad } from '../../src/config/plan.js';
import { arrivalTime, profileDurationMs, valueAt } from '../../src/load/profile.js';
import type { ScenarioDefaults } from '../../src/scenario/types.js';

function resolve(raw: RawRunOptions, defaults: ScenarioDefaults = {}): { load: PlanLoad | undefined; issues: string[] } {
  const issues: string[] = [];
  const load = resolveLoad(raw, defaults, issues);
  return { load, issues };
}

function ok(raw: RawRunOptions, defaults: ScenarioDefaults = {}): PlanLoad {
  const { load, issues } = resolve(raw, defaults);
  expect(issues).toEqual([]);
  expect(load).toBeDefined();
  return load!;
}

describe('resolveLoad: model', () => {
  it.each([
    { name: 'nothing given: closed, 10 VUs for 10 s', raw: {}, defaults: {}, wanted: { model: 'closed', vus: 10, durationMs: 10_000 } },
    { name: '--vus: closed', raw: { vus: '5' }, defaults: {}, wanted: { model: 'closed', vus: 5, durationMs: 10_000 } },
    { name: '--rate: open', raw: { rate: '50/s', duration: '10s' }, defaults: {}, wanted: { model: 'open', rate: 50, durationMs: 10_000 } },
    { name: '--rate per minute', raw: { rate: '3000/m' }, defaults: {}, wanted: { model: 'open', rate: 50 } },
    { name: 'stages with /s targets: open', raw: { stage: ['10s:100/s', '10s:0/s'] }, defaults: {}, wanted: { model: 'open', rate: 100, durationMs: 20_000 } },
    { name: 'stages with VU targets: closed', raw: { stage: ['10s:10', '5s:0'] }, defaults: {}, wanted: { model: 'closed', vus: 10, durationMs: 15_000 } },
    { name: 'scenario defaults', raw: {}, defaults: { rate: 20, duration: '1m', warmup: '10s' }, wanted: { model: 'open', rate: 20, durationMs: 60_000, warmupMs: 10_000 } },
    { name: 'CLI --vus overrides a default rate', raw: { vus: '3' }, defaults: { rate: 20, duration: '1m' }, wanted: { model: 'closed', vus: 3, durationMs: 60_000 } },
    { name: 'CLI --rate overrides default VUs', raw: { rate: '7' }, defaults: { vus: 20 }, wanted: { model: 'open', rate: 7 } },
    { name: 'CLI --duration overrides default duration and iterations', raw: { duration: '5s' }, defaults: { rate: 20, duration: '1m', iterations: 5 }, wanted: { model: 'open', durationMs: 5000, iterations: null } },
    { name: 'CLI --iterations overrides default duration', raw: { iterations: '7' }, defaults: { rate: 20, duration: '1m' }, wanted: { iterations: 7, durationMs: null } },
    { name: 'CLI --vus replaces default rate stages', raw: { vus: '5' }, defaults: { stages: ['10s:50/s'] }, wanted: { model: 'closed', vus: 5, durationMs: 10_000 } },
    { name: 'default max VUs from the peak rate', raw: { rate: '50' }, defaults: {}, wanted: { maxVus: 500 } },
    { name: 'default max VUs at least 100', raw: { rate: '2' }, defaults: {}, wanted: { maxVus: 100 } },
    { name: '--max-vus', raw: { rate: '5', maxVus: '10' }, defaults: {}, wanted: { maxVus: 10 } },
    { name: '--grace', raw: { grace: '2s' }, defaults: {}, wanted: { graceMs: 2000 } },
    { name: '--warmup zero', raw: { warmup: '0' }, defaults: {}, wanted: { warmupMs: 0 } },
  ])('$name', ({ raw, defaults, wanted }) => {
    expect(ok(raw, defaults as ScenarioDefaults)).toMatchObject(wanted);
  });
});

describe('resolveLoad: stop conditions and stages', () => {
  it('iterations only: no planned duration, an endless profile', () => {
    const load = ok({ iterations: '100' });
    expect(load).toMatchObject({ model: 'closed', iterations: 100, durationMs: null });
    expect(profileDurationMs(load.profile)).toBe(Infinity);
  });

  it('open model with iterations only keeps arriving until the count', () => {
    const load = ok({ rate: '10', iterations: '100' });
    expect(load.durationMs).toBeNull();
    expect(arrivalTime(load.profile, 99)).toBeCloseTo(9900, 6);
  });

  it('a duration longer than the stages holds the last target', () => {
    const load = ok({ stage: ['10s:100/s'], duration: '30s' });
    expect(load.durationMs).toBe(30_000);
    expect(load.profile.stages).toEqual([
      { durationMs: 10_000, target: 100 },
      { durationMs: 20_000, target: 100 },
    ]);
    expect(valueAt(load.profile, 25_000)).toBe(100);
  });

  it('a duration shorter than the stages cuts the ramp where it is (not squeezed)', () => {
    const load = ok({ stage: ['10s:100/s', '10s:200/s'], duration: '15s' });
    expect(load.durationMs).toBe(15_000);
    expect(load.profile.stages).toEqual([
      { durationMs: 10_000, target: 100 },
      { durationMs: 5000, target: 150 },
    ]);
    // Same rate at 12 s as the untruncated ramp: 100 + 100 × 2/10.
    expect(valueAt(load.profile, 12_000)).toBeCloseTo(120, 9);
  });

  it('a closed ramp cut short stops at the VUs reached by then', () => {
    const load = ok({ stage: ['10s:10'], duration: '5s' });
    expect(load.profile.stages).toEqual([{ durationMs: 5000, target: 5 }]);
  });

  it('stages without a duration: the run is the stages', () => {
    const load = ok({ stage: ['10s:10', '5s:0'] });
    expect(load.profile).toEqual({ start: 0, stages: [{ durationMs: 10_000, target: 10 }, { durationMs: 5000, target: 0 }] });
    expect(load.stages).toEqual([{ durationMs: 10_000, target: 10 }, { durationMs: 5000, target: 0 }]);
  });

  it('CLI stages replace the scenario default stages', () => {
    const load = ok({ stage: ['5s:3'] }, { stages: ['10s:50/s'] });
    expect(load).toMatchObject({ model: 'closed', durationMs: 5000 });
  });
});

describe('resolveLoad: problems', () => {
  it.each([
    { name: '--vus and --rate both', raw: { vus: '5', rate: '10' }, wanted: [/--vus and --rate: choose one/] },
    { name: 'warm-up as long as the run', raw: { duration: '10s', warmup: '10s' }, wanted: [/--warmup 10s: must be shorter than the run \(10s\)/] },
    { name: 'warm-up longer than default duration', raw: { warmup: '1m' }, wanted: [/--warmup 1m: must be shorter/] },
    { name: '--max-vus with --vus', raw: { vus: '5', maxVus: '10' }, wanted: [/--max-vus: only for the open model/] },
    { name: 'zero VUs', raw: { vus: '0' }, wanted: [/--vus "0": must be at least 1/] },
    { name: 'stages never above zero VUs', raw: { stage: ['10s:0'] }, wanted: [/--vus: at least one VU is needed/] },
    { name: 'rate target in a closed model', raw: { vus: '5', stage: ['10s:100/s'] }, wanted: [/--stage "10s:100\/s": a rate in a ramp of VUs/] },
    { name: 'bad rate', raw: { rate: 'fast' }, wanted: [/--rate "fast": expected a number per second/] },
    { name: 'bad duration', raw: { duration: '10x' }, wanted: [/--duration "10x": expected a duration/] },
    { name: 'bad iterations', raw: { iterations: 'foo' }, wanted: [/--iterations "foo": expected a whole number/] },
    { name: 'bad grace', raw: { grace: 'soon' }, wanted: [/--grace "soon"/] },
  ])('$name', ({ raw, wanted }) => {
    const { issues } = resolve(raw);
    for (const pattern of wanted) expect(issues.some((i) => pattern.test(i)), `${pattern} in ${JSON.stringify(issues)}`).toBe(true);
  });

  it.each([
    { name: 'stages of no time, no --warmup given', raw: { stage: ['0s:5'] }, wanted: ['--stage: the stages add up to 0s; give them a duration, like 30s:100'] },
    { name: 'a rate ramp of no time', raw: { stage: ['0s:5/s'] }, wanted: ['--stage: the stages add up to 0s; give them a duration, like 30s:100'] },
    { name: 'a stage that does not parse: that one line, no other about the ramp', raw: { stage: ['1s:5/x'] }, wanted: ['--stage "5/x": expected a number per second, like 50, 50/s or 3000/m'] },
    { name: 'a warm-up with --iterations alone', raw: { iterations: '5', warmup: '1s' }, wanted: ['--warmup 1s: the run has no planned length (--iterations alone), and its iterations may all fall in the warm-up; give --duration too, or drop --warmup'] },
    { name: 'a stage with no target', raw: { stage: ['1s:'] }, wanted: ['--stage "1s:": no target after the colon; expected DURATION:TARGET, like 30s:100 (VUs) or 30s:100/s (a rate)'] },
  ])('exactly: $name', ({ raw, wanted }) => {
    expect(resolve(raw).issues).toEqual(wanted);
  });

  it('reports every problem at once', () => {
    const { issues } = resolve({ vus: 'x', rate: 'fast', duration: '10x', warmup: '-1', iterations: '0' });
    const wanted = [/--vus and --rate/, /--rate "fast"/, /--vus "x"/, /--duration "10x"/, /--warmup "-1"/, /--iterations "0"/];
    for (const pattern of wanted) expect(issues.some((i) => pattern.test(i)), `${pattern} in ${JSON.stringify(issues)}`).toBe(true);
  });

  it('a scenario default max VUs is fine with a CLI rate', () => {
    expect(resolve({ rate: '5' }, { maxVus: 20 }).issues).toEqual([]);
  });
});

describe('resolveLoad: --stage means VUs unless its target has /s, whatever the scenario defaults say (issue 9 #7)', () => {
  it.each([
    { name: 'bare stages over a default rate: a VU ramp', raw: { stage: ['10s:50'] }, defaults: { rate: 20, duration: '1m' }, wanted: { model: 'closed', vus: 50, profile: { start: 0, stages: [{ durationMs: 10_000, target: 50 }] } } },
    { name: 'rate stages over default VUs: a rate ramp', raw: { stage: ['10s:50/s'] }, defaults: { vus: 5 }, wanted: { model: 'open', profile: { start: 0, stages: [{ durationMs: 10_000, target: 50 }] } } },
    { name: 'bare stages over default rate stages', raw: { stage: ['5s:3'] }, defaults: { rate: 2, stages: ['10s:50/s'] }, wanted: { model: 'closed', vus: 3 } },
    { name: 'a ramp down to a bare 0 stays a rate ramp', raw: { stage: ['10s:50/s', '5s:0'] }, defaults: {}, wanted: { model: 'open', profile: { start: 0, stages: [{ durationMs: 10_000, target: 50 }, { durationMs: 5000, target: 0 }] } } },
  ])('$name', ({ raw, defaults, wanted }) => {
    expect(ok(raw, defaults as ScenarioDefaults)).toMatchObject(wanted);
  });

  it.each([
    { name: 'a VU target among rate targets', raw: { stage: ['10s:50/s', '10s:20'] }, defaults: {}, wanted: /^--stage "10s:20": a VU count in a ramp of rates; write 20\/s for a rate/ },
    { name: 'a rate target with --vus', raw: { vus: '5', stage: ['10s:100/s'] }, defaults: {}, wanted: /^--stage "10s:100\/s": a rate in a ramp of VUs \(--vus\)/ },
    { name: '--rate with --stage', raw: { rate: '10', stage: ['10s:100/s'] }, defaults: {}, wanted: /^--rate and --stage: .*--start-rate/ },
    { name: 'bare default stages with a default rate', raw: {}, defaults: { rate: 20, stages: ['10s:100'] }, wanted: /^defaults\.stages "10s:100": a VU count in a ramp of rates; write 100\/s/ },
  ])('$name is bad input, never a silent switch', ({ raw, defaults, wanted }) => {
    const { issues } = resolve(raw, defaults as ScenarioDefaults);
    expect(issues.some((i) => wanted.test(i)), JSON.stringify(issues)).toBe(true);
  });
});

describe('resolveLoad: ramps start from zero, or from --start-rate / --vus like k6 (issue 9 #8)', () => {
  it.each([
    { name: 'a rate ramp from 0', raw: { stage: ['30s:100/s'] }, defaults: {}, start: 0 },
    { name: 'a rate ramp from 0 even when the scenario has a rate', raw: { stage: ['30s:100/s'] }, defaults: { rate: 20 }, start: 0 },
    { name: '--start-rate', raw: { startRate: '10/s', stage: ['30s:100/s'] }, defaults: {}, start: 10 },
    { name: '--start-rate 0', raw: { startRate: '0', stage: ['30s:100/s'] }, defaults: { rate: 20 }, start: 0 },
    { name: 'a VU ramp from 0', raw: { stage: ['30s:10'] }, defaults: { vus: 5 }, start: 0 },
    { name: '--vus 0 with stages', raw: { vus: '0', stage: ['30s:10'] }, defaults: {}, start: 0 },
    { name: '--vus 3 with stages: the start VUs', raw: { vus: '3', stage: ['30s:10'] }, defaults: {}, start: 3 },
  ])('$name', ({ raw, defaults, start }) => {
    const load = ok(raw, defaults as ScenarioDefaults);
    expect(load.profile.start).toBe(start);
    expect(valueAt(load.profile, 15_000)).toBeCloseTo(start + ((load.model === 'open' ? 100 : 10) - start) / 2, 9);
  });

  it.each([
    { name: '--start-rate without stages', raw: { startRate: '5' }, wanted: /^--start-rate: only for a ramp \(--stage/ },
    { name: '--start-rate with a VU ramp', raw: { startRate: '5', stage: ['10s:10'] }, wanted: /^--start-rate: only for a ramp of rates/ },
    { name: '--vus 0 without stages', raw: { vus: '0' }, wanted: /^--vus "0": must be at least 1/ },
    { name: 'a bad --start-rate', raw: { startRate: 'fast', stage: ['10s:10/s'] }, wanted: /^--start-rate "fast": expected a number per second/ },
  ])('$name is bad input', ({ raw, wanted }) => {
    const { issues } = resolve(raw);
    expect(issues.some((i) => wanted.test(i)), JSON.stringify(issues)).toBe(true);
  });
});

describe('resolveLoad: command-line stages define the run length (issue 9 #9)', () => {
  it.each([
    { name: 'a default duration does not cut a CLI ramp', raw: { stage: ['30s:100/s'] }, defaults: { rate: 5, duration: '10s' }, durationMs: 30_000 },
    { name: 'a default duration does not hold a CLI ramp longer', raw: { stage: ['5s:10'] }, defaults: { vus: 5, duration: '1m' }, durationMs: 5000 },
    { name: 'default iterations do not end a CLI ramp', raw: { stage: ['5s:10'] }, defaults: { iterations: 3 }, durationMs: 5000 },
    { name: 'an explicit --duration still holds the last stage', raw: { stage: ['5s:10'], duration: '8s' }, defaults: { duration: '1m' }, durationMs: 8000 },
    { name: 'a default duration still applies to a CLI --rate', raw: { rate: '5' }, defaults: { duration: '20s' }, durationMs: 20_000 },
  ])('$name', ({ raw, defaults, durationMs }) => {
    const load = ok(raw as RawRunOptions, defaults as ScenarioDefaults);
    expect(load.durationMs).toBe(durationMs);
    expect(load.iterations).toBeNull();
    expect(profileDurationMs(load.profile)).toBe(durationMs);
  });
});
