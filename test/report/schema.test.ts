import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ReportFileError } from '../../src/errors.js';
import { compareReports, parseTolerances } from '../../src/report/compare.js';
import { SCHEMA_URL } from '../../src/report/types.js';
import { parseReport } from '../../src/report/validate.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { serverMetricsFixture } from '../helpers/server-metrics-fixture.js';
import { DELETE, mutate } from './report-variants.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('report.schema.json', () => {
  it('has the report URL of types.ts as $id', () => {
    expect(schema.$id).toBe(SCHEMA_URL);
  });

  it('accepts the golden report', () => {
    const valid = validate(fixtureReport());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['an aborted run with a reason', { run: { ...fixtureReport().run, status: 'aborted', abortReason: 'SIGINT' } }],
    ['a shard', { run: { ...fixtureReport().run, shard: { index: 2, count: 3 }, planHash: 'ab'.repeat(32) } }],
    ['a merged, incomplete report', { run: { ...fixtureReport().run, mergedFrom: 3, incomplete: { missingShards: [2] } } }],
    ['a timeline keyed by absolute time with histograms', { timeline: fixtureReport().timeline.map((p, i) => ({ ...p, at: 1_700_000_000_000 + i * 1000, hdr: fixtureReport().latency.hdr })) }],
    ['a comparison', { comparison: compareReports(fixtureReport(), fixtureReport(), parseTolerances('p95=10%,p(97.5)=5%')) }],
    ['a comparison with one-sided steps', { comparison: compareReports(fixtureReport(), fixtureReport({ steps: [] })) }],
    ['server metrics (--server-metrics)', { serverMetrics: serverMetricsFixture() }],
  ])('accepts %s', (_name, overrides) => {
    const valid = validate(fixtureReport(overrides as never));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  // The third column: whether the runtime validator (zod) refuses it too. It strips unknown fields
  // instead, so that a newer 1.x minor with added fields can still be read.
  it.each([
    ['missing totals.requests', 'totals.requests', DELETE, true],
    ['run.status "done"', 'run.status', 'done', true],
    ['latency.p99 as a string', 'latency.p99', '12.5', true],
    ['latency unit "us"', 'latency.unit', 'us', true],
    ['an hdr that is not a histogram', 'steps.0.latency.hdr', 'AAAA', true],
    ['an unknown error kind', 'totals.errorsByKind', { teapot: 1 }, true],
    ['a fractional request count', 'steps.1.requests', 1.5, true],
    ['an availability above 100%', 'totals.availability', 101, true],
    ['startedAt not a date-time', 'run.startedAt', 'yesterday', true],
    ['a missing schemaVersion', 'schemaVersion', DELETE, true],
    ['a major version 2 schemaVersion', 'schemaVersion', '2.0.0', true],
    ['tool.name not crmload', 'tool.name', 'k6', true],
    ['an SLA op "=>"', 'sla.results.0.op', '=>', true],
    ['a shard index 0', 'run.shard', { index: 0, total: 2 }, true],
    ['a server series of kind "avg"', 'serverMetrics.series.0.kind', 'avg', true],
    ['a server point before the run', 'serverMetrics.series.0.points.0.t', -1, true],
    ['an unknown top-level field', 'extra', 1, false],
    ['an unknown field in a step', 'steps.0.colour', 'red', false],
    ['an unknown field in totals', 'totals.p95', 3, false],
  ])('rejects %s (runtime validator too: %s)', (_name, path, value, runtime) => {
    const report = mutate(fixtureReport({ serverMetrics: serverMetricsFixture() }), path, value);
    expect(validate(report)).toBe(false);
    if (runtime) expect(() => parseReport(report, 'r.json')).toThrow(ReportFileError);
    else expect(() => parseReport(report, 'r.json')).not.toThrow();
  });

  it('describes every field (it is public documentation)', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      for (const [name, child] of Object.entries((record.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof child.description !== 'string' || child.description.length < 3) undocumented.push(`${path}.${name}`);
      }
      for (const [key, child] of Object.entries(record)) walk(child, `${path}.${key}`);
    };
    walk(schema, '#');
    expect(undocumented).toEqual([]);
  });
});
