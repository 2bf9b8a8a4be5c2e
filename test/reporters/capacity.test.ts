import { describe, expect, it } from 'vitest';
import { renderCapacity } from '../../src/reporters/capacity-table.js';
import { renderHtml } from '../../src/reporters/html.js';
import { capacityReport } from '../capacity/capacity-fixture.js';
import { fixtureReport } from '../helpers/report-fixture.js';

const ESC = '\u001b';

describe('renderCapacity (terminal)', () => {
  it('a found capacity: the steps, the rate per SLA, the knee and the models', async () => {
    const report = await capacityReport();
    const out = renderCapacity(report, { color: false });
    expect(out).not.toContain(ESC);
    expect(out).toMatch(/constant arrivals · from 50\.0\/s ×2 · hold 5s \(first 1s excluded\) · precision 5%/);
    expect(out).toMatch(/Max sustainable rate: 200\.0\/s/);
    expect(out).toMatch(/p99 < 100ms · passes up to 200\.0\/s, fails at 206\.3\/s · model: \d+\.\d\/s/);
    expect(out).toMatch(/Knee: 20\d\.\d\/s/);
    expect(out).toMatch(/M\/M\/c \(Erlang C, Allen–Cunneen\): c = 4 \(saturation throughput × S\)/);
    expect(out).toMatch(/at 70% of the max sustainable rate \(140\.0\/s\): mean 20\.\dms/);
    expect(out).toMatch(/USL: λ/);
    // One row per step: 9 steps, bisection steps marked b.
    expect(out.split('\n').filter((l) => /^\s+\d+b?\s+\d/.test(l))).toHaveLength(9);
    expect(out.split('\n').filter((l) => /^\s+\d+b\s/.test(l))).toHaveLength(5);
  });

  it('colour only when asked', async () => {
    expect(renderCapacity(await capacityReport(), { color: true })).toContain(ESC);
  });

  it('a generator-limited search says so and gives no CRM capacity', async () => {
    const out = renderCapacity(await capacityReport({ target: { servers: 4, serviceMs: 20, generatorLimit: 100 } }), { color: false });
    expect(out).toMatch(/No CRM capacity: crmload was the limit/);
    expect(out).toMatch(/crmload itself saturated at 200\/s/);
    expect(out).not.toMatch(/Max sustainable rate/);
    expect(out).toMatch(/\bpass\*/);
    expect(out).toMatch(/pass\*: passed although crmload lagged/);
  });

  it('a report without a capacity block renders nothing', () => {
    expect(renderCapacity(fixtureReport(), { color: false })).toBe('');
  });
});

describe('HTML capacity section', () => {
  it('has the outcome, a row per step, the rate per SLA, the models and both charts with their curves', async () => {
    const report = await capacityReport();
    const page = renderHtml(report);
    expect(page).toContain('<h2 id="capacity">Capacity</h2>');
    expect(page).toContain('Max sustainable rate: 200.0/s');
    const steps = page.slice(page.indexOf('id="capacity-steps"'), page.indexOf('</table>', page.indexOf('id="capacity-steps"')));
    expect(steps.match(/<tr/g)).toHaveLength(1 + 9);
    expect(page).toContain('id="capacity-per-sla"');
    expect(page).toContain('id="capacity-models"');
    expect(page).toMatch(/<svg id="chart-capacity-latency"[\s\S]*aria-label="model p95Ms"[\s\S]*<\/svg>/);
    expect(page).toMatch(/<svg id="chart-capacity-usl"[\s\S]*<\/svg>/);
    expect(page).not.toMatch(/<script|style=/);
  });

  it('escapes SLA expressions from the report', async () => {
    const report = await capacityReport({ slas: ['p99 < 100ms', 'p95{scenario="<b>x</b>"} < 1s'] });
    const page = renderHtml(report);
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('a report without a capacity block has no capacity section', () => {
    expect(renderHtml(fixtureReport())).not.toContain('id="capacity"');
  });
});
