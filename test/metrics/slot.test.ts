import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../src/error-kinds.js';
import { Slot, toMicros, type Sample } from '../../src/metrics/slot.js';

/** A sample sent at `at` that took `ms`, from the send (closed model). */
function sample(at: number, ms: number, kind: ErrorKind | null = null, status = kind === null ? 200 : 0): Sample {
  return { status, kind, intendedAt: at, sentAt: at, endedAt: at + ms, bytesIn: 100, bytesOut: 10 };
}

const MIXED: Array<[ErrorKind | null, number]> = [
  [null, 200],
  [null, 201],
  [null, 200],
  [null, 204],
  [null, 200],
  ['http5xx', 503],
  ['throttled', 429],
  ['timeout', 0],
  ['connect', 0],
  ['http4xx', 404],
  ['check', 200],
  ['capture', 200],
  ['interrupted', 0],
  ['interrupted', 0],
];

function mixedSlot(): Slot {
  const slot = new Slot('GET /api/leads/:id', 'crm');
  MIXED.forEach(([kind, status], i) => slot.add(sample(i * 10, 5, kind, status), 0));
  return slot;
}

describe('toMicros', () => {
  it.each([
    { name: 'whole ms', from: 10, to: 35, wanted: 25_000 },
    { name: 'sub-ms kept', from: 10, to: 10.2, wanted: 200 },
    { name: 'rounded to the µs', from: 0, to: 1.2345, wanted: 1235 },
    { name: 'zero becomes 1 µs', from: 5, to: 5, wanted: 1 },
    { name: 'negative (clock skew) becomes 1 µs', from: 5, to: 4, wanted: 1 },
  ])('$name', ({ from, to, wanted }) => {
    expect(toMicros(from, to)).toBe(wanted);
  });
});

describe('Slot counters', () => {
  it('requests = completed + failed + interrupted over a mixed sequence', () => {
    const block = mixedSlot().toStatsBlock(1000);
    expect(block).toMatchObject({ requests: 14, completed: 5, failed: 7, interrupted: 2, bytesIn: 1400, bytesOut: 140 });
    expect(block.requests).toBe(block.completed + block.failed + block.interrupted);
  });

  it('errorsByKind counts each kind, interrupted included, and nothing else', () => {
    expect(mixedSlot().toStatsBlock(1000).errorsByKind).toEqual({
      http5xx: 1,
      throttled: 1,
      timeout: 1,
      connect: 1,
      http4xx: 1,
      check: 1,
      capture: 1,
      interrupted: 2,
    });
  });

  it('status codes are counted in order; transport errors have none', () => {
    expect(mixedSlot().toStatsBlock(1000).statusCodes).toEqual({ '200': 5, '201': 1, '204': 1, '404': 1, '429': 1, '503': 1 });
  });

  it('availability: 5xx, 429 and transport errors count against it; 4xx and check do not', () => {
    const block = mixedSlot().toStatsBlock(1000);
    // finished = 12 (interrupted excluded); unavailable = 503, 429, timeout, connect.
    expect(block.availability).toBe(66.667);
    expect(block.errorRate).toBe(58.333);
  });

  it.each<{ name: string; kinds: Array<ErrorKind | null>; availability: number | null; errorRate: number | null }>([
    { name: 'all good', kinds: [null, null], availability: 100, errorRate: 0 },
    { name: 'a 404 is an error but not unavailability', kinds: [null, 'http4xx'], availability: 100, errorRate: 50 },
    { name: 'a failed check likewise', kinds: [null, 'check', 'check', null], availability: 100, errorRate: 50 },
    { name: 'a 429 counts against', kinds: [null, 'throttled'], availability: 50, errorRate: 50 },
    { name: 'a reset counts against', kinds: ['reset', null, null, null], availability: 75, errorRate: 25 },
    { name: 'dns, tls and protocol count against', kinds: ['dns', 'tls', 'protocol', null], availability: 25, errorRate: 75 },
    { name: 'only interrupted: no data', kinds: ['interrupted'], availability: null, errorRate: null },
    { name: 'nothing: no data', kinds: [], availability: null, errorRate: null },
  ])('$name', ({ kinds, availability, errorRate }) => {
    const slot = new Slot('s', 'crm');
    kinds.forEach((kind, i) => slot.add(sample(i, 1, kind), 0));
    expect(slot.toStatsBlock(1000)).toMatchObject({ availability, errorRate });
  });

  it('throughput is completed requests per measured second', () => {
    const slot = new Slot('s', 'crm');
    for (let i = 0; i < 30; i++) slot.add(sample(i * 100, 1, i % 3 === 0 ? 'http5xx' : null), 0);
    expect(slot.toStatsBlock(4000).throughput).toBe(5);
    expect(slot.toStatsBlock(0).throughput).toBe(0);
  });
});

describe('Slot latency', () => {
  it('open model: latency from the intended start, service time from the send', () => {
    const slot = new Slot('s', 'crm');
    slot.add({ status: 200, kind: null, intendedAt: 0, sentAt: 900, endedAt: 1000, bytesIn: 0, bytesOut: 0 }, 0);
    const block = slot.toStatsBlock(1000);
    expect(block.latency).toMatchObject({ count: 1, min: 1000, max: 1000, p50: 1000 });
    expect(block.serviceTime).toMatchObject({ count: 1, min: 100, max: 100, p99: 100 });
  });

  it('sub-millisecond latencies are kept (0.2 ms → 0.2, never 0)', () => {
    const slot = new Slot('s', 'crm');
    slot.add(sample(10, 0.2), 0);
    expect(slot.toStatsBlock(1000).latency).toMatchObject({ min: 0.2, p50: 0.2, max: 0.2, mean: 0.2 });
  });

  it('min and max are exact', () => {
    const slot = new Slot('s', 'crm');
    for (const ms of [12_345.678, 1.2345, 50, 700.001]) slot.add(sample(0, ms), 0);
    const { latency } = slot.toStatsBlock(1000);
    expect(latency.min).toBe(1.235);
    expect(latency.max).toBe(12_345.678);
  });

  it('failed requests go to errorLatency, never to latency; interrupted to neither', () => {
    const slot = new Slot('s', 'crm');
    slot.add(sample(0, 10), 0);
    slot.add(sample(0, 2000, 'timeout'), 0);
    slot.add(sample(0, 300, 'http5xx', 503), 0);
    slot.add(sample(0, 9000, 'interrupted'), 0);
    const block = slot.toStatsBlock(1000);
    expect(block.latency).toMatchObject({ count: 1, max: 10 });
    expect(block.serviceTime.count).toBe(1);
    expect(block.errorLatency).toMatchObject({ count: 2, min: 300, max: 2000 });
  });

  it('an empty slot reports nulls', () => {
    const block = new Slot('s', 'crm').toStatsBlock(10_000);
    expect(block).toMatchObject({ requests: 0, throughput: 0, availability: null, errorRate: null, errorsByKind: {}, statusCodes: {} });
    for (const stats of [block.latency, block.serviceTime, block.errorLatency]) {
      expect(stats).toMatchObject({ count: 0, min: null, mean: null, p50: null, p99: null, max: null });
    }
    expect(block.stability).toEqual({ windowP99: null, throughputCv: null });
  });
});

describe('Slot parent and merge', () => {
  it('a step also counts in its scenario slot', () => {
    const scenario = new Slot('crm', 'crm');
    const a = new Slot('a', 'crm', scenario);
    const b = new Slot('b', 'crm', scenario);
    a.add(sample(0, 10), 0);
    b.add(sample(0, 30, 'http5xx', 500), 0);
    b.add(sample(0, 20), 0);
    expect(scenario.toStatsBlock(1000)).toMatchObject({ requests: 3, completed: 2, failed: 1 });
    expect(scenario.toStatsBlock(1000).latency).toMatchObject({ count: 2, min: 10, max: 20 });
  });

  it('merge sums counters and histograms exactly', () => {
    const one = mixedSlot();
    const two = new Slot('other', 'crm');
    two.add(sample(0, 0.5), 0);
    two.add(sample(0, 99, 'reset'), 0);
    const total = new Slot('total', '');
    total.merge(one);
    total.merge(two);
    const block = total.toStatsBlock(1000);
    expect(block).toMatchObject({ requests: 16, completed: 6, failed: 8, interrupted: 2 });
    expect(block.errorsByKind.reset).toBe(1);
    expect(block.statusCodes['200']).toBe(6);
    expect(block.latency).toMatchObject({ count: 6, min: 0.5, max: 5 });
    expect(block.errorLatency.count).toBe(8);
  });
});
