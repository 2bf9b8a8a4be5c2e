/**
 * Shards against a real loopback server: four `run --shard i/4 --start-at` processes and one
 * `merge`. The merged count equals what the server received, exactly; a partial set merges only with
 * --allow-partial and says it is incomplete in every format.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, errorLines, makeTempDir, ROOT, runCli } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';

let server: FaultServer;
const tmp = makeTempDir('crmload-shards-');
const shardFile = (i: number) => tmp.path(`shard-${i}.json`);

beforeAll(async () => {
  server = await startFaultServer();
  // Four shards of one plan (80/s for 2 s in total), started together on a shared instant.
  const runs = [1, 2, 3, 4].map((i) =>
    runCli(['run', '--url', `${server.url}/ok`, '--rate', '80', '--duration', '2s', '--shard', `${i}/4`, '--start-at', '+3s', '--sla', 'availability >= 99%', '--json', shardFile(i), '--quiet'], { timeoutMs: 60_000 }),
  );
  const results = await Promise.all(runs);
  for (const r of results) expect(r.code, r.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('4 shards merged', () => {
  it('each shard ran its stripe: the shard counts add up to the plan, and the merged count is the server\'s exactly', async () => {
    const shards = [1, 2, 3, 4].map((i) => readValidReport(shardFile(i)));
    expect(shards.map((s) => s.run.shard)).toEqual([1, 2, 3, 4].map((index) => ({ index, count: 4 })));
    expect(new Set(shards.map((s) => s.run.planHash)).size).toBe(1);
    expect(shards.map((s) => s.totals.iterations.started + s.totals.dropped)).toEqual([40, 40, 40, 40]);
    const merged = tmp.path('merged.json');
    const r = await runCli(['merge', ...[1, 2, 3, 4].map(shardFile), '--json', merged, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const report = readValidReport(merged);
    expect(report.totals.requests).toBe(server.count());
    expect(report.totals.requests).toBe(shards.reduce((a, s) => a + s.totals.requests, 0));
    expect(report.totals.iterations.started + report.totals.dropped).toBe(160);
    expect(report.run).toMatchObject({ shard: null, mergedFrom: 4, status: 'completed' });
    expect(report.latency.count).toBe(report.totals.completed);
    expect(report.timeline.reduce((a, p) => a + p.requests, 0)).toBe(report.totals.requests);
    expect(report.sla.results.map((x) => [x.expression, x.passed])).toEqual([['availability >= 99%', true]]);
  });

  it('merge exits 4 when the merged report cannot be written (a file-size limit), not 0', () => {
    const merged = tmp.path('too-big.json');
    const args = ['merge', ...[1, 2, 3, 4].map(shardFile), '--json', merged, '--quiet'];
    const script = `ulimit -f 4 && exec "${process.execPath}" "${CLI_BIN}" ${args.map((a) => `'${a}'`).join(' ')}`;
    const r = spawnSync('/bin/sh', ['-c', script], { cwd: ROOT, env: cliEnv(), encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(4);
    expect(errorLines(r.stderr)).toEqual([`crmload: error: cannot write --json ${merged}: the file is larger than allowed (EFBIG: a file-size limit, ulimit -f, or the file system)`]);
    expect(existsSync(merged)).toBe(false);
  });

  it('merge judges --sla on the merged data and owns the exit code', async () => {
    const r = await runCli(['merge', ...[1, 2, 3, 4].map(shardFile), '--sla', 'throughput > 1000/s', '--quiet']);
    expect(r.code).toBe(3);
  });

  it('a missing shard is an error naming it (exit 2) unless --allow-partial, which marks every format incomplete', async () => {
    const three = [1, 2, 4].map(shardFile);
    const refused = await runCli(['merge', ...three, '--quiet']);
    expect(refused.code).toBe(2);
    expect(errorLines(refused.stderr)).toEqual(["crmload: error: merge: shard 3 of 4 missing (give every shard's report, or --allow-partial to merge what is there)"]);
    const [json, junit, html] = ['partial.json', 'partial.xml', 'partial.html'].map((n) => tmp.path(n));
    const partial = await runCli(['merge', ...three, '--allow-partial', '--json', json, '--junit', junit, '--html', html, '--markdown', '-']);
    expect(partial.code, partial.stderr).toBe(0);
    const report = readValidReport(json);
    expect(report.run.incomplete).toEqual({ missingShards: [3] });
    const note = 'INCOMPLETE: shard 3 of 4 missing; these numbers cover 3 of 4 shards';
    expect(partial.stdout).toContain(note);
    expect(readFileSync(junit, 'utf8')).toContain(note);
    expect(readFileSync(html, 'utf8')).toContain(note);
    expect(partial.stderr).toContain('shards 3 missing (--allow-partial): the result is incomplete');
  });

  it('a file that is not a shard report of this run is refused by name', async () => {
    const whole = tmp.path('whole.json');
    const r0 = await runCli(['run', '--url', `${server.url}/ok`, '--rate', '20', '--duration', '1s', '--json', whole, '--quiet']);
    expect(r0.code, r0.stderr).toBe(0);
    const r = await runCli(['merge', shardFile(1), whole, '--quiet']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([`crmload: error: ${whole}: not a shard report (run.shard is null); merge takes the reports of crmload run --shard i/n`]);
  });
});
