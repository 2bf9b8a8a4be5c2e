/** A `serverMetrics` block for report tests: CPU rising over a 10 s run, memory, a route mean, two failed scrapes. */
import type { ServerMetrics } from '../../src/report/server-metrics.js';

export function serverMetricsFixture(): ServerMetrics {
  const times = Array.from({ length: 10 }, (_, i) => i + 0.5);
  return {
    url: 'http://127.0.0.1:3000/metrics',
    intervalMs: 1000,
    scrapes: { attempted: 12, succeeded: 10, failed: 2 },
    failures: [
      { t: 3.2, error: 'no answer within 1000 ms' },
      { t: 7.1, error: 'HTTP 503' },
    ],
    series: [
      { metric: 'process_cpu_seconds_total', matchers: {}, kind: 'rate', unit: '%', label: 'CPU', points: times.map((t, i) => ({ t, v: 10 + i * 6 })) },
      { metric: 'process_resident_memory_bytes', matchers: {}, kind: 'value', unit: 'bytes', label: 'resident memory', points: times.map((t, i) => ({ t: t + 0.5, v: 80e6 + i * 1e6 })) },
      {
        metric: 'demo_http_request_duration_seconds', matchers: {}, kind: 'mean', unit: 'ms', label: 'demo_http_request_duration_seconds mean',
        points: times.map((t, i) => ({ t, v: i === 4 ? null : 1.2 + i / 10 })),
      },
      { metric: 'app_missing_total', matchers: { route: 'GET /x' }, kind: 'rate', unit: '/s', label: 'app_missing_total{route="GET /x"} rate', points: [] },
    ],
  };
}
