import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/config/build-plan.js';
import type { RawRunOptions } from '../../src/config/options.js';
import { shardPlan } from '../../src/config/scale.js';
import { planHash, stableJson } from '../../src/report/plan-hash.js';

const BASE: RawRunOptions = { url: 'http://127.0.0.1:8080/api/contacts', rate: '400', duration: '10s' };
const hashOf = (raw: RawRunOptions, sources: string[] = []) => planHash(buildPlan({ raw: { ...BASE, ...raw }, runnable: null }).plan, sources);

describe('planHash', () => {
  it('is stable: a pinned value for a fixed plan (a change here breaks merging across versions)', () => {
    const hash = hashOf({});
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf({})).toBe(hash);
    expect(hash).toMatchInlineSnapshot(`"d327d81ca5c84cc205739b9b39d3e6662e64d54f2fc279b30c95e26f2555e84c"`);
  });

  it.each([
    { name: 'an SLA', raw: { sla: ['p95 < 100ms'] } },
    { name: 'report outputs', raw: { json: 'out.json', quiet: true } },
    { name: '--start-at and --shard (given per shard)', raw: { startAt: '+30s', shard: '2/4' } },
    { name: 'the abort settings', raw: { abortOnFail: true, abortEvalDelay: '2s', sla: ['p95 < 100ms'] } },
  ])('does not change with $name', ({ raw }) => {
    expect(hashOf(raw)).toBe(hashOf({}));
  });

  it.each([
    { name: 'the rate', raw: { rate: '401' } },
    { name: 'the duration', raw: { duration: '11s' } },
    { name: 'the target', raw: { url: 'http://127.0.0.1:8081/api/contacts' } },
    { name: 'the seed', raw: { seed: '2' } },
    { name: 'the warm-up', raw: { warmup: '1s' } },
    { name: 'max VUs', raw: { maxVus: '7' } },
    { name: 'connections', raw: { connections: '9' } },
    { name: 'the timeout', raw: { timeout: '2s' } },
    { name: 'a ramp', raw: { rate: undefined, stage: ['5s:100/s', '5s:400/s'] } },
  ])('changes with $name', ({ raw }) => {
    expect(hashOf(raw as RawRunOptions)).not.toBe(hashOf({}));
  });

  it('changes with the scenario content, not with where the file is', () => {
    expect(hashOf({}, ['export default 1'])).not.toBe(hashOf({}, ['export default 2']));
    expect(hashOf({}, ['export default 1'])).toBe(hashOf({}, ['export default 1']));
  });

  // That every shard of a run reports the whole plan's hash is checked end to end (integration/shards.test.ts).
  it("a shard's plan hashes differently from the whole (its shares): which is why shards must hash the whole plan", () => {
    const { plan } = buildPlan({ raw: BASE, runnable: null });
    const hashes = [1, 2, 3].map((index) => planHash(shardPlan(plan, { index, total: 3 }), []));
    // The CLI hashes the unsharded plan; a sharded one differs (its shares), which is why.
    expect(planHash(plan, [])).toBe(hashOf({}));
    expect(new Set(hashes).size).toBeGreaterThan(1);
  });

  it('stableJson sorts keys at every level and drops undefined', () => {
    expect(stableJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"x":2,"y":1}]},"b":1}');
  });
});
