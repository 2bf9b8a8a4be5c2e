/**
 * The generator's self-check: saturation is judged after start-up, on enough samples, and said once
 * (by the reporters, from `saturated`), never as a second, differently worded warning.
 */
import { describe, expect, it } from 'vitest';
import { HealthMonitor, MIN_JUDGED_SAMPLES, SATURATION, STALL_WARN_MS, STARTUP_MS, stallWarning } from '../../src/engine/health.js';

function monitor(cpuPercentOfElapsed = 10) {
  let now = 0;
  const cpu = () => ({ user: now * 10 * cpuPercentOfElapsed, system: 0 }); // µs of CPU for `now` ms
  const health = new HealthMonitor(cpu, () => now);
  health.start();
  return {
    health,
    at(ms: number) {
      now = ms;
      health.tick(ms);
    },
    finish: () => health.finish({ offeredRate: 100, started: 100, measuredMs: now, warnings: ['a warning of the run'] }),
  };
}

const LATE_MS = SATURATION.scheduleLagP99Ms * 5;

describe('HealthMonitor: saturation judged on enough samples, after start-up', () => {
  it('late starts during start-up only: not saturated', () => {
    const m = monitor();
    for (let i = 0; i < 500; i++) m.health.recordLag(LATE_MS);
    m.at(STARTUP_MS);
    m.at(3000);
    const g = m.finish();
    expect(g.saturated).toBe(false);
    expect(g.scheduleLagP99Ms).toBe(0);
  });

  it(`late starts after start-up, but fewer than ${MIN_JUDGED_SAMPLES}: not saturated, the lag still reported`, () => {
    const m = monitor();
    m.at(STARTUP_MS);
    for (let i = 0; i < MIN_JUDGED_SAMPLES - 1; i++) m.health.recordLag(LATE_MS);
    m.at(3000);
    const g = m.finish();
    expect(g.saturated).toBe(false);
    expect(g.scheduleLagP99Ms).toBeCloseTo(LATE_MS, 0);
  });

  it('enough late starts after start-up: saturated, and no second warning text beside the flag', () => {
    const m = monitor();
    m.at(STARTUP_MS);
    for (let i = 0; i < MIN_JUDGED_SAMPLES; i++) m.health.recordLag(LATE_MS);
    m.at(3000);
    const g = m.finish();
    expect(g.saturated).toBe(true);
    expect(g.warnings).toEqual(['a warning of the run']);
  });

  it('a run shorter than start-up is never called saturated, even at full CPU', () => {
    const m = monitor(100);
    for (let i = 0; i < 500; i++) m.health.recordLag(LATE_MS);
    m.at(STARTUP_MS - 1);
    expect(m.finish().saturated).toBe(false);
  });

  it('a whole core busy past start-up is saturation', () => {
    const m = monitor(100);
    m.at(STARTUP_MS);
    m.at(5000);
    const g = m.finish();
    expect(g.cpu.percent).toBe(100);
    expect(g.saturated).toBe(true);
  });
});

describe('stallWarning: a stall of crmload\'s own event loop, which shows in the latencies', () => {
  it('is said from 50 ms on, in one line naming the stall', () => {
    expect(STALL_WARN_MS).toBe(50);
    const said = stallWarning(141.4, false);
    expect(said).toMatch(/^crmload's own event loop stalled for up to 141\.4 ms after start-up \(garbage collection, or a busy core\): /);
    expect(said).toMatch(/so latencies of that order may be crmload's, not the target's$/);
    expect(said).not.toContain('\n');
    expect(stallWarning(STALL_WARN_MS, false)).not.toBeNull();
  });

  it('says nothing for shorter stalls (normal runs stall 1–8 ms at most), or when the run was saturated (that says more)', () => {
    expect(stallWarning(STALL_WARN_MS - 0.1, false)).toBeNull();
    expect(stallWarning(8.2, false)).toBeNull();
    expect(stallWarning(515, true)).toBeNull();
  });

  it('a real stall of the event loop after start-up is measured, and said beside the run\'s own warnings', async () => {
    const m = monitor();
    m.at(STARTUP_MS); // start-up over: the loop is judged from here
    const tick = () => new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 20; i++) await tick();
    const until = performance.now() + 200;
    while (performance.now() < until); // the stall: 200 ms without a turn of the event loop
    for (let i = 0; i < 30; i++) await tick(); // 2.5 s in all: enough samples to be judged
    m.at(STARTUP_MS + 3000);
    const g = m.finish();
    expect(g.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(150); // a lower bound: a busy machine only adds delay
    expect(g.warnings[0]).toBe('a warning of the run');
    // A busy machine may also make the run count as saturated, which is said instead.
    expect(g.warnings.slice(1)).toEqual(g.saturated ? [] : [stallWarning(g.eventLoopDelayMaxMs, false)]);
  });
});
