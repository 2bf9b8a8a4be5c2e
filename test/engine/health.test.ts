/**
 * The generator's self-check: saturation is judged after start-up, on enough samples, and said once
 * (by the reporters, from `saturated`), never as a second, differently worded warning.
 */
import { describe, expect, it } from 'vitest';
import { HealthMonitor, MIN_JUDGED_SAMPLES, SATURATION, STARTUP_MS } from '../../src/engine/health.js';

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
