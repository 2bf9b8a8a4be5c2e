/**
 * The out-of-the-box experience with the shipped scenarios: `crmload scenarios` lists them, and
 * `crmload run crm-mixed --duration 4s` with no --target runs against the demo child, passes, and
 * leaves no demo server process behind.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { expectPassedOrOnlyLatencySlow, readValidReport } from '../helpers/schema.js';

const SCENARIOS = ['crm-browse', 'crm-import', 'crm-lead-pipeline', 'crm-mixed', 'crm-reporting', 'crm-search'];
const tmp = makeTempDir('crmload-scenarios-cli-');
afterAll(() => tmp.cleanup());

/** PIDs of running processes whose command line contains `demo-entry`. */
function demoEntryPids(): number[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('demo-entry'))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
}

/** Does the process carry `mark` in its environment? (Tells our demo child from other tests' ones.) */
function hasMark(pid: number, mark: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(mark);
  } catch {
    return false; // gone already, or not ours to read
  }
}

describe('crmload scenarios', () => {
  it('lists the six CRM scenarios with their descriptions, and not the _crm helpers', async () => {
    const result = await runCli(['scenarios']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    for (const name of SCENARIOS) {
      const line = lines.find((l) => l.trimStart().startsWith(`${name} `));
      expect(line, `${name} in:\n${result.stdout}`).toBeDefined();
      const description = line!.trimStart().slice(name.length).trim();
      expect(description.length).toBeGreaterThan(20);
      expect(description).not.toMatch(/cannot load/);
    }
    expect(result.stdout).not.toMatch(/_crm/);
  });
});

describe('crmload run crm-mixed with no --target', () => {
  it('runs 4 s against the demo child: exit 0, no failed request, six or more steps, no demo process left', async () => {
    const mark = `CRMLOAD_SCENARIO_TEST=${randomUUID()}`;
    const [key, value] = mark.split('=');
    const before = new Set(demoEntryPids());
    const ours = new Set<number>();
    const watch = setInterval(() => {
      for (const pid of demoEntryPids()) if (!before.has(pid) && hasMark(pid, mark)) ours.add(pid);
    }, 200);
    const json = tmp.path('mixed.json');
    const result = await runCli(['run', 'crm-mixed', '--duration', '4s', '--json', json], { env: { [key]: value }, timeoutMs: 45_000 })
      .finally(() => clearInterval(watch));
    const report = readValidReport(json);
    expectPassedOrOnlyLatencySlow(result.code, report, result.stderr);
    expect(report.run.target.demo).toBe(true);
    expect(report.run.scenario.name).toBe('crm-mixed');
    expect(report.totals.requests).toBeGreaterThan(100);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.iterations.failed).toBe(0);
    const steps = new Set(report.steps.filter((step) => step.requests > 0).map((step) => step.name));
    expect(steps.size).toBeGreaterThanOrEqual(6);
    for (const step of steps) expect(result.stdout).toContain(step);

    // The watcher saw our demo child while it ran (so the check below can fail) and it is gone now.
    expect(ours.size).toBeGreaterThan(0);
    const left = demoEntryPids().filter((pid) => !before.has(pid) && (ours.has(pid) || hasMark(pid, mark)));
    expect(left).toEqual([]);
  });
});
