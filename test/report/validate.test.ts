import { describe, expect, it } from 'vitest';
import { ReportFileError } from '../../src/errors.js';
import { parseReport } from '../../src/report/validate.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { DELETE, latencyOf, mutate } from './report-variants.js';

/** A report as it comes out of JSON.parse. */
const parsed = () => JSON.parse(JSON.stringify(fixtureReport())) as Record<string, unknown>;

function errorOf(value: unknown): string {
  try {
    parseReport(value, 'report.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFileError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/undefined|NaN|\[object Object\]/);
    return message;
  }
  throw new Error('the report was accepted');
}

/** A copy of an hdr string with one character in the compressed data changed. */
function flipOne(hdr: string): string {
  const i = Math.floor(hdr.length / 2);
  return hdr.slice(0, i) + (hdr[i] === 'A' ? 'B' : 'A') + hdr.slice(i + 1);
}

describe('parseReport', () => {
  it('accepts the golden report and returns every field of the Report type', () => {
    const report = fixtureReport();
    const { latency, serviceTime, errorLatency, stability, ...totals } = report.totals as typeof report.totals & Record<string, unknown>;
    void [latency, serviceTime, errorLatency, stability];
    // The fixture spreads a whole stats block into totals; fields outside the Report type are dropped.
    expect(parseReport(parsed())).toEqual({ ...report, totals });
  });

  it.each([
    ['a newer minor version with a new field', { schemaVersion: '1.4.0', newField: { x: 1 } }],
    ['an older patch', { schemaVersion: '1.0.0' }],
    ['a run with a baseline comparison', { comparison: { passed: true, rows: [], notes: [] } }],
  ])('accepts %s', (_name, overrides) => {
    const report = parseReport({ ...parsed(), ...overrides }, 'report.json');
    expect(report.schemaVersion).toBe(overrides.schemaVersion ?? '1.0.0');
    expect(report).not.toHaveProperty('newField');
  });

  it.each([
    ['a future major version', { schemaVersion: '2.0.0' }, 'report.json: schema version 2.0.0 is not supported by this crmload (supports 1.x); re-render it with the crmload that wrote it'],
    ['an older major version', { schemaVersion: '0.9.1' }, 'report.json: schema version 0.9.1 is not supported by this crmload (supports 1.x); re-render it with the crmload that wrote it'],
    ['a schemaVersion that is not semver', { schemaVersion: '1.0' }, 'report.json: not a crmload report: schemaVersion: expected a semantic version like 1.2.0, got "1.0"'],
    ['a numeric schemaVersion', { schemaVersion: 1 }, 'report.json: not a crmload report: schemaVersion: expected a semantic version like 1.2.0, got 1'],
  ])('refuses %s', (_name, overrides, message) => {
    expect(errorOf({ ...parsed(), ...overrides })).toBe(message);
  });

  it.each([
    ['an array', [], 'report.json: not a crmload report: expected a JSON object, got an array'],
    ['null', null, 'report.json: not a crmload report: expected a JSON object, got null'],
    ['a string', 'hello', 'report.json: not a crmload report: expected a JSON object, got "hello"'],
    ['another tool\'s JSON', { name: 'x', version: '1.0.0' }, 'report.json: not a crmload report: schemaVersion: missing'],
  ])('refuses %s', (_name, value, message) => {
    expect(errorOf(value)).toBe(message);
  });

  it.each([
    ['a missing totals.requests', 'totals.requests', DELETE, 'report.json: not a crmload report: totals.requests: missing (expected number)'],
    ['run.status "done"', 'run.status', 'done', 'report.json: not a crmload report: run.status: expected "completed" or "aborted", got "done"'],
    ['latency.p99 as a string', 'latency.p99', '12.5', 'report.json: not a crmload report: latency.p99: expected number, got "12.5"'],
    ['a step latency unit "us"', 'steps.1.latency.unit', 'us', 'report.json: not a crmload report: steps[1].latency.unit: expected "ms", got "us"'],
    ['a negative count', 'steps.2.failed', -1, 'report.json: not a crmload report: steps[2].failed: expected >= 0, got -1'],
    ['an availability of 120%', 'totals.availability', 120, 'report.json: not a crmload report: totals.availability: expected <= 100, got 120'],
    ['an unknown error kind', 'totals.errorsByKind', { teapot: 1 }, 'report.json: not a crmload report: totals.errorsByKind: unexpected key "teapot"'],
    ['a status code "2xx"', 'steps.0.statusCodes', { '2xx': 3 }, 'report.json: not a crmload report: steps[0].statusCodes["2xx"]: invalid key (expected a three-digit status code)'],
    ['tool.name "k6"', 'tool.name', 'k6', 'report.json: not a crmload report: tool.name: expected "crmload", got "k6"'],
    ['an hdr that is not HdrHistogram base64', 'latency.hdr', 'AAAA', 'report.json: not a crmload report: latency.hdr: expected a compressed base64 HdrHistogram ("HISTF…")'],
    ['a control character in a value', 'run.status', 'do\u001b[31mne\n', 'report.json: not a crmload report: run.status: expected "completed" or "aborted", got "do [31mne"'],
  ])('names the path of %s', (_name, path, value, message) => {
    expect(errorOf(mutate(parsed(), path, value))).toBe(message);
  });

  it('names the first three problems and counts the rest', () => {
    let report = parsed();
    for (const path of ['totals.requests', 'totals.completed', 'run.id', 'run.seed', 'environment.node']) report = mutate(report, path, DELETE);
    expect(errorOf(report)).toBe(
      'report.json: not a crmload report: run.id: missing (expected string); run.seed: missing (expected number); totals.requests: missing (expected number) (+2 more)',
    );
  });

  it('refuses a corrupt base64 histogram, naming the field', () => {
    const report = parsed() as ReturnType<typeof fixtureReport>;
    const hdr = flipOne(report.steps[0].latency.hdr);
    expect(errorOf(mutate(report, 'steps.0.latency.hdr', hdr))).toMatch(/^report\.json: steps\[0\]\.latency\.hdr: corrupt histogram \(.+\)$/);
  });

  it('refuses a histogram that is cut short', () => {
    const report = parsed() as ReturnType<typeof fixtureReport>;
    const hdr = report.scenarios[1].serviceTime.hdr.slice(0, 40);
    expect(errorOf(mutate(report, 'scenarios.1.serviceTime.hdr', hdr))).toMatch(/^report\.json: scenarios\[1\]\.serviceTime\.hdr: corrupt histogram/);
  });

  it('refuses a histogram whose count disagrees with the stats', () => {
    const other = latencyOf([1, 2, 3]).hdr;
    expect(errorOf(mutate(parsed(), 'errorLatency.hdr', other))).toBe(
      'report.json: errorLatency.hdr: histogram holds 3 values but errorLatency.count is 8',
    );
  });
});
