import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReportFileError } from '../../src/errors.js';
import { createHistogram, decodeHistogram, encodeHistogram, toLatencyStats } from '../../src/metrics/histogram.js';
import { Distribution } from '../../src/metrics/slot.js';
import { checkShardSet, type NamedReport } from '../../src/report/merge-check.js';
import { mergeLatency } from '../../src/report/merge-stats.js';
import { mergeReports } from '../../src/report/merge.js';
import { readReport } from '../../src/report/read.js';
import type { Report } from '../../src/report/types.js';
import { parseReport } from '../../src/report/validate.js';
import { evaluateSlas } from '../../src/sla/evaluate.js';
import { parseSla } from '../../src/sla/parse.js';
import { fixtureReport } from '../helpers/report-fixture.js';

const HASH = 'ab'.repeat(32);

function shard(index: number, count: number, over: Partial<Report['run']> = {}): Report {
  const r = fixtureReport();
  const startMs = Date.parse(r.run.startedAt);
  return {
    ...r,
    run: { ...r.run, shard: { index, count }, planHash: HASH, ...over },
    timeline: r.timeline.map((p) => ({ ...p, at: startMs + p.t * 1000 })),
  };
}
const named = (report: Report, source = `s${report.run.shard?.index}.json`): NamedReport => ({ source, report });
const RUN_ID = 'merge-test';

function mergeError(set: NamedReport[], allowPartial = false): string {
  try {
    checkShardSet(set, allowPartial);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFileError);
    return (error as Error).message;
  }
  throw new Error('expected the set to be refused');
}

describe('checkShardSet: refuses a malformed set with one line naming the file', () => {
  it.each([
    { name: 'a whole-run report', set: () => [named(shard(1, 2)), named(fixtureReport(), 'whole.json')], want: 'whole.json: not a shard report (run.shard is null); merge takes the reports of crmload run --shard i/n' },
    { name: 'another plan', set: () => [named(shard(1, 2)), named(shard(2, 2, { planHash: 'cd'.repeat(32) }))], want: "s2.json: plan hash cdcdcdcdcdcd… differs from s1.json's abababababab… (another scenario version, target or load options)" },
    { name: 'no plan hash', set: () => [named(shard(1, 2, { planHash: undefined }))], want: 's1.json: has no run.planHash (written by a crmload older than 1.1 reports); re-run the shard' },
    { name: 'another shard count', set: () => [named(shard(1, 2)), named(shard(2, 3))], want: 's2.json: shard 2 of 3, but s1.json is a shard of 2' },
    { name: 'an index twice', set: () => [named(shard(1, 2)), named(shard(1, 2), 'again.json')], want: 'again.json: shard 1 of 2 is given twice (also s1.json)' },
    { name: 'a merged report', set: () => [named(shard(1, 2, { mergedFrom: 2 }))], want: 's1.json: already a merged report; merge the shard reports themselves' },
    { name: 'missing shards', set: () => [named(shard(2, 4))], want: "merge: shards 1, 3, 4 of 4 missing (give every shard's report, or --allow-partial to merge what is there)" },
    { name: 'nothing', set: () => [], want: 'merge: no report given' },
  ])('$name', ({ set, want }) => {
    expect(mergeError(set())).toBe(want);
  });

  it('--allow-partial accepts missing shards and names them', () => {
    expect(checkShardSet([named(shard(2, 4)), named(shard(4, 4))], true)).toEqual({ count: 4, missing: [1, 3] });
  });
});

describe('mergeReports', () => {
  it('merge of one shard (1/1) equals the shard: the same data and verdict, marked as a whole merged run', () => {
    const one = shard(1, 1);
    one.sla = evaluateSlas(one.sla.results.map((r) => parseSla(r.expression)), one); // the fixture's verdict is made up
    const merged = mergeReports([named(one)], { allowPartial: false, slas: [], runId: RUN_ID });
    const { run: mRun, ...mRest } = merged;
    const { run: sRun, ...sRest } = one;
    expect(mRest).toEqual(sRest);
    expect(mRun).toEqual({ ...sRun, id: RUN_ID, shard: null, mergedFrom: 1 });
  });

  it('two shards: counters add up exactly, percentiles come from the added histograms, never averaged', () => {
    const merged = mergeReports([named(shard(1, 2)), named(shard(2, 2))], { allowPartial: false, slas: [], runId: RUN_ID });
    const f = fixtureReport();
    expect(merged.totals.requests).toBe(2 * f.totals.requests);
    expect(merged.totals.completed + merged.totals.failed + merged.totals.interrupted).toBe(merged.totals.requests);
    expect(merged.totals.statusCodes).toEqual({ '200': 2 * f.totals.statusCodes['200'], '503': 2 * f.totals.statusCodes['503'] });
    expect(merged.totals.iterations.started).toBe(2 * f.totals.iterations.started);
    expect(merged.steps.map((s) => [s.name, s.requests])).toEqual(f.steps.map((s) => [s.name, 2 * s.requests]));
    // The same samples twice: every percentile of the merged distribution is the shard's own.
    expect(merged.latency.p99).toBe(f.latency.p99);
    expect(merged.latency.count).toBe(2 * f.latency.count);
    expect(merged.timeline.map((p) => p.requests)).toEqual(f.timeline.map((p) => 2 * p.requests));
    expect(merged.run).toMatchObject({ shard: null, mergedFrom: 2, load: { maxVus: 400, connections: 100 } });
    expect(merged.run.incomplete).toBeUndefined();
    expect(() => parseReport(JSON.parse(JSON.stringify(merged)))).not.toThrow();
  });

  it('judges the SLAs again on the merged data (the shards\' verdicts are ignored) and adds --sla ones', () => {
    const passing = shard(1, 2);
    passing.sla = { passed: true, results: [{ ...passing.sla.results[1], passed: true, actual: 100, margin: 0.1 }] };
    const merged = mergeReports([named(passing), named(shard(2, 2))], { allowPartial: false, slas: [parseSla('p50 < 1s')], runId: RUN_ID });
    const byExpr = Object.fromEntries(merged.sla.results.map((r) => [r.expression, r]));
    expect(byExpr['availability >= 99.9%'].passed).toBe(false);
    expect(byExpr['availability >= 99.9%'].actual).toBe(merged.totals.availability);
    expect(byExpr['p50 < 1s'].passed).toBe(true);
    expect(merged.sla.passed).toBe(false);
  });

  it('--allow-partial marks the result incomplete with the missing shards', () => {
    const merged = mergeReports([named(shard(1, 3)), named(shard(3, 3))], { allowPartial: true, slas: [], runId: RUN_ID });
    expect(merged.run.incomplete).toEqual({ missingShards: [2] });
    expect(merged.run.mergedFrom).toBe(2);
  });

  it('lines timelines up by absolute second: a shard that started a second later lands a bucket later', () => {
    const late = shard(2, 2);
    late.timeline = late.timeline.map((p) => ({ ...p, at: p.at! + 1000 }));
    late.run = { ...late.run, startedAt: '2026-11-25T10:00:01.000Z', endedAt: '2026-11-25T10:00:11.000Z' };
    const merged = mergeReports([named(shard(1, 2)), named(late)], { allowPartial: false, slas: [], runId: RUN_ID });
    expect(merged.timeline.map((p) => p.t)).toEqual([...Array(11).keys()]);
    expect(merged.timeline[0].requests).toBe(120);
    expect(merged.timeline[1].requests).toBe(240);
    expect(merged.timeline[10].requests).toBe(120);
  });
});

describe('merged histograms are exact (property)', () => {
  const sample = fc.integer({ min: 1, max: 5_000_000 });

  it('merging n shards of any sample set is bit-identical to one histogram of the union', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(), { maxLength: 200 }), (values, n, assign) => {
        const parts = Array.from({ length: n }, () => new Distribution());
        const whole = new Distribution();
        values.forEach((v, i) => {
          parts[(assign[i] ?? i) % n].add(v);
          whole.add(v);
        });
        const merged = mergeLatency(parts.map((p) => toLatencyStats(p.histogram, p.extremes)));
        const direct = toLatencyStats(whole.histogram, whole.extremes);
        expect(merged).toEqual(direct);
        // decode → re-encode gives the same bytes, and the same count at every value
        const a = decodeHistogram(merged.hdr);
        const b = decodeHistogram(direct.hdr);
        expect(encodeHistogram(a)).toBe(encodeHistogram(b));
        for (const v of values) expect(a.getCountAtValue(v)).toBe(b.getCountAtValue(v));
        expect(a.totalCount).toBe(values.length);
      }),
      { numRuns: 40 },
    );
  });

  it('an empty histogram merges as nothing', () => {
    const empty = toLatencyStats(createHistogram(), { minUs: Infinity, maxUs: 0 });
    expect(mergeLatency([empty, empty])).toEqual(empty);
  });
});

describe('reading untrusted shard files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crmload-merge-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('refuses a file over the size limit before parsing it', async () => {
    const path = write('big.json', JSON.stringify(shard(1, 1)));
    await expect(readReport(path, 1000)).rejects.toThrow(/big\.json: \d+ MiB is larger than a report can be \(limit/);
  });

  it('__proto__ keys in shard files pollute nothing, read and merged', async () => {
    const inject = (r: Report) => JSON.stringify(r).replace('"statusCodes":{', '"statusCodes":{"__proto__":{"polluted":true},');
    const set: NamedReport[] = [];
    for (const i of [1, 2]) {
      const path = write(`proto-${i}.json`, inject(shard(i, 2)));
      set.push({ source: path, report: await readReport(path) });
    }
    // Merging adds status codes up by key: the place a "__proto__" key could reach Object.prototype.
    const merged = mergeReports(set, { allowPartial: false, slas: [], runId: 'r' });
    expect(Object.getPrototypeOf(merged.totals.statusCodes)).toBe(Object.getPrototypeOf({}));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a histogram that inflates past the limit is refused as corrupt (decompression bomb)', async () => {
    const { deflateSync } = await import('node:zlib');
    const header = Buffer.alloc(40);
    header.writeInt32BE(0x1c849313, 0);
    header.writeInt32BE(8 * 1024 * 1024, 4);
    const bomb = deflateSync(Buffer.concat([header, Buffer.alloc(8 * 1024 * 1024)]));
    const wrapped = Buffer.alloc(8);
    wrapped.writeInt32BE(0x1c849314, 0);
    wrapped.writeInt32BE(bomb.length, 4);
    const hdr = Buffer.concat([wrapped, bomb]).toString('base64');
    expect(hdr.length).toBeLessThan(20_000);
    expect(() => decodeHistogram(hdr)).toThrow(/inflates past 1048576 bytes/);
    const report = shard(1, 1);
    const path = write('bomb.json', JSON.stringify({ ...report, latency: { ...report.latency, hdr } }));
    await expect(readReport(path)).rejects.toThrow(/bomb\.json: latency\.hdr: corrupt histogram \(histogram inflates past/);
  });

  it('a histogram with other settings is refused with the settings named', () => {
    const other = createHistogram();
    (other as unknown as { numberOfSignificantValueDigits: number }).numberOfSignificantValueDigits = 2;
    expect(() => decodeHistogram(encodeHistogram(other))).toThrow(/histogram settings differ: 2 significant digits, lowest value 1 \(crmload uses 3 and 1\)/);
  });
});
