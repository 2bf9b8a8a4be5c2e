/** Successive scrapes → report series: rates, values, interval means, gaps, resets, wildcards. */
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/observability/exposition.js';
import { parseSeriesSpecs, type SeriesSpec } from '../../src/observability/series-spec.js';
import { downsample, MAX_SERIES_POINTS, ServerSeriesTracker } from '../../src/observability/server-series.js';

const RUN_START = 10_000;

function tracker(spec: string): ServerSeriesTracker {
  return new ServerSeriesTracker(parseSeriesSpecs(spec) as SeriesSpec[]);
}

function page(cpu: number, rss: number, routes: Array<[string, number, number]>): string {
  const h = routes.flatMap(([route, sum, count]) => [
    `app_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${count}`,
    `app_request_duration_seconds_sum{route="${route}"} ${sum}`,
    `app_request_duration_seconds_count{route="${route}"} ${count}`,
  ]);
  return ['# TYPE process_cpu_seconds_total counter', `process_cpu_seconds_total ${cpu}`,
    '# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${rss}`,
    '# TYPE app_request_duration_seconds histogram', ...h].join('\n');
}

describe('ServerSeriesTracker', () => {
  it('CPU as percent of one core, memory as bytes, a histogram mean over each interval, on the run time axis', () => {
    const t = tracker('process_cpu_seconds_total,process_resident_memory_bytes,*_duration_seconds');
    t.add(RUN_START - 500, parseExposition(page(1.0, 50e6, [['/a', 1.0, 100], ['/b', 0, 0]]))); // before the run: a baseline only
    t.add(RUN_START + 500, parseExposition(page(1.25, 60e6, [['/a', 2.0, 200], ['/b', 1.0, 100]])));
    t.add(RUN_START + 1500, parseExposition(page(1.75, 70e6, [['/a', 2.0, 200], ['/b', 1.0, 100]])));
    const [cpu, rss, mean] = t.series(RUN_START);
    expect(cpu).toMatchObject({ metric: 'process_cpu_seconds_total', kind: 'rate', unit: '%', label: 'CPU' });
    expect(cpu.points).toEqual([{ t: 0, v: 25 }, { t: 1, v: 50 }]);
    expect(rss).toMatchObject({ kind: 'value', unit: 'bytes', label: 'resident memory' });
    expect(rss.points).toEqual([{ t: 0.5, v: 60e6 }, { t: 1.5, v: 70e6 }]);
    // Both routes summed: (1 + 1) s over 200 requests = 10 ms; then no request at all: null, not 0.
    expect(mean).toMatchObject({ metric: 'app_request_duration_seconds', kind: 'mean', unit: 'ms' });
    expect(mean.points).toEqual([{ t: 0, v: 10 }, { t: 1, v: null }]);
  });

  it('label matchers keep only the matching series', () => {
    const t = tracker('app_request_duration_seconds{route="/b"}');
    t.add(RUN_START, parseExposition(page(0, 0, [['/a', 0, 0], ['/b', 0, 0]])));
    t.add(RUN_START + 1000, parseExposition(page(0, 0, [['/a', 5, 10], ['/b', 0.2, 100]])));
    const [b] = t.series(RUN_START);
    expect(b.points).toEqual([{ t: 0.5, v: 2 }]);
    expect(b.label).toBe('app_request_duration_seconds{route="/b"} mean');
  });

  it('a counter that goes down (a restart) leaves a gap instead of a negative rate', () => {
    const t = tracker('process_cpu_seconds_total');
    [5, 6, 0.5, 1.5].forEach((cpu, i) => t.add(RUN_START + i * 1000, parseExposition(page(cpu, 0, []))));
    expect(t.series(RUN_START)[0].points).toEqual([{ t: 0.5, v: 100 }, { t: 2.5, v: 100 }]);
  });

  it('a named series the target never had is reported empty; a wildcard that matched nothing is left out', () => {
    const t = tracker('not_there_total,*_nothing_seconds');
    t.add(RUN_START, parseExposition(page(1, 1, [])));
    expect(t.series(RUN_START)).toEqual([{ metric: 'not_there_total', matchers: {}, kind: 'rate', unit: '/s', label: 'not_there_total rate', points: [] }]);
  });

  it('a scrape that lacks a family leaves a gap in that series only', () => {
    const t = tracker('process_resident_memory_bytes,up');
    t.add(RUN_START, parseExposition('up 1\nprocess_resident_memory_bytes 5'));
    t.add(RUN_START + 1000, parseExposition('up 1'));
    const [rss, up] = t.series(RUN_START);
    expect(rss.points).toEqual([{ t: 0, v: 5 }]);
    expect(up.points).toHaveLength(2);
  });
});

describe('downsample', () => {
  it('halves by averaging neighbours until at most the cap remain, ignoring nulls', () => {
    const points = Array.from({ length: 1500 }, (_, i) => ({ t: i, v: i % 3 === 0 ? null : 1 }));
    const out = downsample(points, MAX_SERIES_POINTS);
    expect(out.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(out.length).toBeGreaterThan(MAX_SERIES_POINTS / 2);
    expect(out.every((p) => p.v === 1)).toBe(true);
    expect(out[0].t).toBeCloseTo(1.5);
  });
});
