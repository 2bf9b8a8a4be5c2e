/**
 * Measurement against a real socket with a known latency, and coordinated omission: in the open
 * model a stalled target shows in the latency (timed from the schedule), not only in what was sent.
 *
 * Only bounds that a busy 2-core machine cannot break: counts are exact, lower bounds are hard (a value
 * below the server's delay is a clock or unit bug), and upper bounds are wide enough to catch a unit
 * bug (×1000) but never a slow machine. Exact timing is checked in process, on a fake clock
 * (test/engine/timing.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';
import type { Report } from '../../src/report/types.js';

const tmp = makeTempDir();
const servers: FaultServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp.cleanup();
});

async function server(options?: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> {
  const s = await startFaultServer(options);
  servers.push(s);
  return s;
}

let runs = 0;
async function run(args: string[]): Promise<Report> {
  const json = tmp.path(`run-${++runs}.json`);
  const r = await runCli(['run', ...args, '--json', json, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return readValidReport(json);
}

describe('latency accuracy', () => {
  it('/delay?ms=25 at 40/s for 3 s: percentiles at 25 ms and never below it', async () => {
    const s = await server();
    const DELAY = 25;
    // Node's timers run on a whole-millisecond loop clock, so the server's setTimeout(25) may answer
    // after just over 24 ms: that, not 25, is the hard floor of a correct measurement.
    const FLOOR = DELAY - 1;
    const hard = (r: Report) => {
      expect(r.totals.requests).toBe(120);
      expect(r.totals.failed).toBe(0);
      expect(r.latency.unit).toBe('ms');
      expect(r.latency.count).toBe(120);
      expect(r.latency.min).toBeGreaterThanOrEqual(FLOOR);
      expect(r.serviceTime.min).toBeGreaterThanOrEqual(FLOOR);
      expect(r.latency.p50).toBeGreaterThanOrEqual(FLOOR);
      // Open model: latency counts from the schedule, so it is never shorter than the service time.
      expect(r.latency.max).toBeGreaterThanOrEqual(r.serviceTime.max!);
      expect(r.latency.p50).toBeGreaterThanOrEqual(r.serviceTime.p50!);
    };
    const report = await run(['--url', `${s.url}/delay?ms=${DELAY}`, '--rate', '40', '--duration', '3s']);
    hard(report);
    // A unit bug would read 25 s (or 0.025 ms); a slow machine adds milliseconds, not seconds.
    expect(report.latency.p50).toBeLessThan(DELAY * 100);
    expect(report.latency.max).toBeGreaterThanOrEqual(report.latency.p99!);
  });

  it('/ok: sub-millisecond latencies are kept, not rounded to 0', async () => {
    const s = await server();
    const hard = (r: Report) => {
      expect(r.totals.completed).toBe(100);
      expect(r.latency.min).toBeGreaterThan(0);
      expect(r.latency.p50).toBeGreaterThan(0);
      expect(r.serviceTime.p50).toBeGreaterThan(0);
    };
    const report = await run(['--url', `${s.url}/ok`, '--rate', '50', '--duration', '2s']);
    hard(report);
    expect(report.latency.p50).toBeLessThan(2000);
  });
});

describe('coordinated omission', () => {
  it('a 800 ms server stall shows in the latency p99 while the median service time stays normal', async () => {
    const s = await server({ stall: { atMs: 1000, forMs: 800 } });
    const report = await run(['--url', `${s.url}/ok`, '--rate', '100', '--duration', '3s']);
    const stall = s.stallWindow();
    expect(stall, 'the fault server stalled').toBeDefined();
    expect(stall!.endMs - stall!.startMs).toBeGreaterThanOrEqual(800);
    expect(report.totals.requests).toBe(300);
    expect(report.totals.completed).toBe(300);
    // About 80 arrivals fell inside the stall; the first waited ~800 ms for its answer, measured from
    // when it was due. Far more than 1% of the run, so p99 is inside the stall.
    expect(report.latency.p99).toBeGreaterThanOrEqual(500);
    expect(report.latency.max).toBeGreaterThanOrEqual(700);
    // Service time, from the actual send, sees less of the stall than latency from the schedule.
    expect(report.latency.p99).toBeGreaterThanOrEqual(report.serviceTime.p99!);
    expect(s.count()).toBe(300);
  });
});
