/**
 * Measurement accuracy against a target with a known latency, and coordinated omission: in the open
 * model a stalled target shows in the latency (timed from the schedule), not only in what was sent.
 *
 * Lower bounds are hard (a value below the server's delay is a clock or unit bug). Upper bounds are
 * loose and, as RELIABILITY.md prescribes for timing, judged on the median of up to three runs: a
 * busy 2-core machine may stall any single run.
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

/**
 * Run up to 3 times; `hard` must hold on every run, `soft` (timing upper bounds) on the median run.
 * Stops early when the first run already meets `soft`.
 */
async function measure(args: string[], hard: (r: Report) => void, soft: (r: Report) => boolean, key: (r: Report) => number): Promise<Report> {
  const reports: Report[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const report = await run(args);
    hard(report);
    reports.push(report);
    if (attempt === 0 && soft(report)) return report;
  }
  reports.sort((a, b) => key(a) - key(b));
  return reports[1];
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
    const soft = (r: Report) => r.latency.p50! <= 40 && r.latency.p99! <= 80;
    const report = await measure(['--url', `${s.url}/delay?ms=${DELAY}`, '--rate', '40', '--duration', '3s'], hard, soft, (r) => r.latency.p99!);
    expect(report.latency.p50).toBeLessThanOrEqual(40);
    expect(report.latency.p99).toBeLessThanOrEqual(80);
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
    const report = await measure(['--url', `${s.url}/ok`, '--rate', '50', '--duration', '2s'], hard, (r) => r.latency.p50! < 20, (r) => r.latency.p50!);
    expect(report.latency.p50).toBeLessThan(20);
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
    // Most requests were not in the stall.
    expect(report.serviceTime.p50).toBeLessThan(50);
    expect(report.latency.p50).toBeLessThan(50);
    expect(s.count()).toBe(300);
  });
});
