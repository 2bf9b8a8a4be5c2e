import { describe, expect, it } from 'vitest';
import { resolveScale, shardPlan, type ScaleContext, type ScaleInput } from '../../src/config/scale.js';
import { buildPlan } from '../../src/config/build-plan.js';
import { ConfigError } from '../../src/errors.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const ctx = (over: Partial<ScaleContext> = {}): ScaleContext => ({ env: {}, nowMs: NOW, cores: 4, plannedMs: 10_000, ...over });

function issues(input: ScaleInput, c = ctx()): string[] {
  try {
    resolveScale(input, c);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('resolveScale', () => {
  it.each([
    { name: 'nothing', input: {}, c: ctx(), want: { shard: null, startAtMs: null, workers: 1 } },
    { name: '--shard 2/4', input: { shard: '2/4' }, c: ctx(), want: { shard: { index: 2, total: 4 }, startAtMs: null, workers: 1 } },
    { name: 'auto from JOB_COMPLETION_INDEX (0-based)', input: { shard: 'auto', shards: '4' }, c: ctx({ env: { JOB_COMPLETION_INDEX: '3' } }), want: { shard: { index: 4, total: 4 }, startAtMs: null, workers: 1 } },
    { name: 'auto from CRMLOAD_SHARD', input: { shard: 'auto' }, c: ctx({ env: { CRMLOAD_SHARD: '1/3' } }), want: { shard: { index: 1, total: 3 }, startAtMs: null, workers: 1 } },
    { name: '--start-at +30s', input: { startAt: '+30s' }, c: ctx(), want: { shard: null, startAtMs: NOW + 30_000, workers: 1 } },
    { name: '--start-at RFC 3339 with offset', input: { startAt: '2025-06-01T14:00:05+02:00' }, c: ctx(), want: { shard: null, startAtMs: NOW + 5000, workers: 1 } },
    { name: '--start-at in the past, within the run', input: { startAt: '2025-06-01T11:59:55Z' }, c: ctx(), want: { shard: null, startAtMs: NOW - 5000, workers: 1 } },
    { name: '--workers auto = cores', input: { workers: 'auto' }, c: ctx({ cores: 6 }), want: { shard: null, startAtMs: null, workers: 6 } },
    { name: '--workers 2', input: { workers: '2' }, c: ctx(), want: { shard: null, startAtMs: null, workers: 2 } },
  ])('$name', ({ input, c, want }) => {
    expect(resolveScale(input, c)).toEqual(want);
  });

  it.each([
    { name: 'index above n', input: { shard: '5/4' }, want: /^--shard "5\/4": expected i\/n/ },
    { name: 'index 0 (1-based)', input: { shard: '0/4' }, want: /^--shard "0\/4": expected i\/n/ },
    { name: 'not i/n', input: { shard: 'two' }, want: /^--shard "two": expected i\/n/ },
    { name: 'auto without any source', input: { shard: 'auto' }, want: /neither JOB_COMPLETION_INDEX/ },
    { name: '--shards without auto', input: { shard: '1/2', shards: '2' }, want: /^--shards: only with --shard auto/ },
    { name: '--start-at garbage', input: { startAt: 'tomorrow' }, want: /^--start-at "tomorrow": expected an RFC 3339 time/ },
    { name: '--workers above the limit', input: { workers: '100000' }, want: /^--workers "100000": must be at most 256$/ },
    { name: 'open model: fewer --max-vus than workers', input: { workers: '4' }, c: ctx({ openMaxVus: 2 }), want: /^--max-vus 2 with 4 workers: each needs at least one VU \(give --max-vus 4 or more\)$/ },
    { name: 'open model: fewer --max-vus than shards', input: { shard: '4/4' }, c: ctx({ openMaxVus: 3 }), want: /^--max-vus 3 with 4 shards: each needs at least one VU/ },
    { name: 'closed model: fewer VUs than workers', input: { workers: '4' }, c: ctx({ closedPeakVus: 1 }), want: /^1 VU at most with 4 workers: each needs at least one VU \(give --vus, or a --stage target, of 4 or more\)$/ },
    { name: 'closed model: fewer VUs than shards', input: { shard: '3/4' }, c: ctx({ closedPeakVus: 2 }), want: /^2 VUs at most with 4 shards: each needs at least one VU/ },
    { name: '--start-at without a zone', input: { startAt: '2025-06-01T12:00:00' }, want: /expected an RFC 3339 time/ },
    { name: '--start-at before the run could end', input: { startAt: '2025-06-01T11:59:00Z' }, want: /60s in the past and the run lasts 10s/ },
    { name: '--workers 0', input: { workers: '0' }, want: /^--workers "0": must be at least 1/ },
    { name: '--workers with --shard', input: { workers: '2', shard: '1/2' }, want: /^--workers and --shard: choose one/ },
  ])('refuses $name', ({ input, want, c }: { input: ScaleInput; want: RegExp; c?: ScaleContext }) => {
    const found = issues(input, c);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((line) => want.test(line))).toBe(true);
  });

  it('CRMLOAD_SHARD with --shards: they must agree', () => {
    expect(resolveScale({ shard: 'auto', shards: '3' }, ctx({ env: { CRMLOAD_SHARD: '2/3' } })).shard).toEqual({ index: 2, total: 3 });
    expect(issues({ shard: 'auto', shards: '4' }, ctx({ env: { CRMLOAD_SHARD: '2/3' } }))).toEqual(['--shard auto: CRMLOAD_SHARD "2/3" is a shard of 3, but --shards says 4']);
    expect(issues({ shard: 'auto', shards: 'x' }, ctx({ env: { CRMLOAD_SHARD: '2/3' } }))).toEqual([expect.stringMatching(/^--shards "x"/)]);
  });

  it('closed model: as many VUs at the peak as workers is enough', () => {
    expect(resolveScale({ workers: '4' }, ctx({ closedPeakVus: 4 })).workers).toBe(4);
  });

  it('JOB_COMPLETION_INDEX out of range for --shards', () => {
    expect(issues({ shard: 'auto', shards: '2' }, ctx({ env: { JOB_COMPLETION_INDEX: '2' } }))).toEqual(['--shard auto: JOB_COMPLETION_INDEX "2" is not an index from 0 to 1']);
  });
});

describe('shardPlan', () => {
  const { plan } = buildPlan({ raw: { url: 'http://127.0.0.1:1/', rate: '100', maxVus: '10', connections: '5', iterations: '7' }, runnable: null });

  it('shares max-vus and connections, keeps the schedule and the iteration limit global', () => {
    const parts = [1, 2, 3, 4].map((index) => shardPlan(plan, { index, total: 4 }));
    expect(parts.map((p) => p.load.maxVus)).toEqual([3, 3, 2, 2]);
    expect(parts.map((p) => p.http.connections)).toEqual([2, 1, 1, 1]);
    expect(parts.every((p) => p.load.profile === plan.load.profile && p.load.iterations === 7)).toBe(true);
    expect(parts.map((p) => p.shard)).toEqual([1, 2, 3, 4].map((index) => ({ index, total: 4 })));
    expect(plan.shard).toBeNull();
  });
});
