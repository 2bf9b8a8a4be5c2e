/** The HTML report's chart of the target's own metrics (`--server-metrics`). */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reporters/html.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { serverMetricsFixture } from '../helpers/server-metrics-fixture.js';

function svgById(html: string, id: string): string {
  const start = html.indexOf(`<svg id="${id}"`);
  if (start < 0) throw new Error(`no chart #${id}`);
  return html.slice(start, html.indexOf('</svg>', start) + 6);
}

/** The x-axis tick labels of a chart (text under the axis line, `Ns`). */
function timeTicks(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*text-anchor="middle"[^>]*>(\d+(?:\.\d+)?s|\d+m(?: \d+s)?)<\/text>/g)].map((m) => m[1]);
}

describe('server metrics chart', () => {
  it('is absent when the run did not scrape the target', () => {
    expect(renderHtml(fixtureReport())).not.toContain('chart-server-metrics');
  });

  it('comes right after the latency chart, one panel per series with its unit, on the same time axis', () => {
    const html = renderHtml(fixtureReport({ serverMetrics: serverMetricsFixture() }));
    const latencyAt = html.indexOf('<svg id="chart-latency-timeline"');
    const serverAt = html.indexOf('<svg id="chart-server-metrics"');
    expect(serverAt).toBeGreaterThan(latencyAt);
    expect(html.slice(latencyAt, serverAt)).not.toContain('<svg id="chart-distribution"');
    const svg = svgById(html, 'chart-server-metrics');
    for (const label of ['CPU (%)', 'resident memory (MB)', 'demo_http_request_duration_seconds mean (ms)', 'app_missing_total{route=&quot;GET /x&quot;} rate (/s)']) {
      expect(svg).toContain(label);
    }
    expect(svg).toContain('no data: the target never had this metric');
    expect(timeTicks(svg).length).toBeGreaterThan(2);
    expect(timeTicks(svg)).toEqual(timeTicks(svgById(html, 'chart-latency-timeline')));
  });

  it('shows the scrape counts and marks each failed scrape', () => {
    const svg = svgById(renderHtml(fixtureReport({ serverMetrics: serverMetricsFixture() })), 'chart-server-metrics');
    expect(svg).toContain('http://127.0.0.1:3000/metrics every 1 s: 10 scrapes ok, 2 failed');
    const marks = svg.slice(svg.indexOf('aria-label="failed scrapes"'));
    expect(marks.slice(0, marks.indexOf('</g>')).match(/<line /g)).toHaveLength(2);
    expect(svg).toContain('failed scrape');
  });

  it('breaks a line where an interval had no data', () => {
    const svg = svgById(renderHtml(fixtureReport({ serverMetrics: serverMetricsFixture() })), 'chart-server-metrics');
    const meanPath = /aria-label="demo_http_request_duration_seconds mean"><path d="([^"]+)"/.exec(svg)![1];
    expect(meanPath.match(/M/g)).toHaveLength(2);
  });

  it('escapes series names taken from the target', () => {
    const server = serverMetricsFixture();
    server.series[0].label = '<script>alert(1)</script>';
    server.url = 'http://x/"><img src=x>';
    const html = renderHtml(fixtureReport({ serverMetrics: server }));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
