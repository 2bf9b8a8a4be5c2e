/** `crmload compare` and `run --baseline`: reports of different scenarios or load models are not comparable (issue 9 #15). */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/cli.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import type { Report } from '../../src/report/types.js';
import { runInProcess } from './in-process.js';

const tmp = makeTempDir('crmload-compare-');
afterAll(() => tmp.cleanup());

function save(name: string, report: Report): string {
  const path = tmp.path(name);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

const base = fixtureReport();
const withRun = (run: Partial<Report['run']>, load: Partial<Report['run']['load']> = {}): Report => ({ ...base, run: { ...base.run, ...run, load: { ...base.run.load, ...load } } });
const basePath = save('base.json', base);
const otherScenario = save('other-scenario.json', withRun({ scenario: { name: 'something-else' } }));
const otherModel = save('other-model.json', withRun({}, { model: base.run.load.model === 'open' ? 'closed' : 'open' }));
const otherRate = save('other-rate.json', withRun({}, { rate: (base.run.load.rate ?? 1) * 2 }));
const shard = save('shard.json', withRun({ shard: { index: 1, count: 2 } }));
const quickWhole = save('quick-whole.json', withRun({ scenario: { name: 'quick' } }));

describe('compare: different scenarios or load models', () => {
  it('two reports of different scenarios: exit 2, one line naming both', async () => {
    const r = await runInProcess(['compare', basePath, otherScenario]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.errors).toEqual([
      `crmload: error: different scenarios: the base ran "${base.run.scenario.name}", the head ran "something-else"; these numbers are not comparable (--force compares them anyway)`,
    ]);
  });

  it('two reports of different load models: exit 2', async () => {
    const r = await runInProcess(['compare', basePath, otherModel]);
    expect(r.code).toBe(2);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/different load models: the base ran (open|closed), the head ran (open|closed); .*--force/);
  });

  it('a shard against a whole run: exit 2 (a shard carries a part of the load)', async () => {
    const r = await runInProcess(['compare', basePath, shard]);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      'crmload: error: different parts of a run: the base is a whole run, the head is shard 1 of 2 (a part of a run); merge shards first (crmload merge); these numbers are not comparable (--force compares them anyway)',
    ]);
    expect((await runInProcess(['compare', shard, shard])).code).not.toBe(2);
  });

  it('--force compares them anyway, with the notes', async () => {
    const r = await runInProcess(['compare', basePath, otherScenario, '--force']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/different scenarios/);
  });

  it('the same scenario at another rate is comparable (a note, not an error)', async () => {
    const r = await runInProcess(['compare', basePath, otherRate]);
    expect(r.code, r.stderr).not.toBe(2);
    expect(r.stdout).toMatch(/different load/);
  });
});

describe('run --baseline: checked against the plan before anything is sent', () => {
  it('a baseline of another scenario is bad input', async () => {
    const r = await runInProcess(['run', '--url', 'http://127.0.0.1:9/', '--rate', '5', '--duration', '1s', '--baseline', otherScenario]);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      'crmload: error: --baseline: different scenarios: the base ran "something-else", this run is "quick"; these numbers are not comparable (compare the reports with crmload compare --force)',
    ]);
  });

  it('a shard run against a whole-run baseline is bad input', async () => {
    const model = base.run.load.model === 'open' ? ['--rate', '5'] : ['--vus', '2'];
    const r = await runInProcess(['run', '--url', 'http://127.0.0.1:9/', ...model, '--duration', '1s', '--shard', '1/2', '--baseline', quickWhole]);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      'crmload: error: --baseline: different parts of a run: the base is a whole run, this run is shard 1 of 2 (a part of a run); merge shards first (crmload merge); these numbers are not comparable (compare the reports with crmload compare --force)',
    ]);
  });
});
