/**
 * The golden report with markup injected into every free-text field a user or a target controls,
 * for the HTML reporter's escaping tests (in Node and in a real browser).
 */
import type { Report } from '../../src/report/types.js';
import { fixtureReport } from '../helpers/report-fixture.js';

export const SCRIPT_INJECTION = '<script>alert(1)</script>';
export const ATTR_INJECTION = '"><img src=x onerror=alert(1)>';

/** Escaped forms, as they must appear in the page source. */
export const SCRIPT_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
export const ATTR_ESCAPED = '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;';

export function hostileReport(): Report {
  const base = fixtureReport();
  const both = `${SCRIPT_INJECTION}${ATTR_INJECTION}`;
  return {
    ...base,
    tool: { ...base.tool, version: ATTR_INJECTION },
    run: {
      ...base.run,
      status: 'aborted',
      abortReason: both,
      id: ATTR_INJECTION,
      target: { url: `http://127.0.0.1:4010/${ATTR_INJECTION}`, demo: false },
      scenario: { name: SCRIPT_INJECTION, description: ATTR_INJECTION },
    },
    steps: base.steps.map((s, i) => ({ ...s, name: i === 0 ? SCRIPT_INJECTION : i === 1 ? ATTR_INJECTION : s.name, scenario: both })),
    totals: { ...base.totals, statusCodes: { ...base.totals.statusCodes, [SCRIPT_INJECTION]: 1 }, errorsByKind: { ...base.totals.errorsByKind, [SCRIPT_INJECTION]: 1 } as Report['totals']['errorsByKind'] },
    sla: {
      passed: false,
      results: base.sla.results.map((r) => ({
        ...r,
        expression: `p99{step="${ATTR_INJECTION}"} < 1ms`,
        scope: { step: SCRIPT_INJECTION, scenario: ATTR_INJECTION },
        unit: ATTR_INJECTION,
        reason: SCRIPT_INJECTION,
      })),
    },
    generator: { ...base.generator, saturated: true, warnings: [SCRIPT_INJECTION, ATTR_INJECTION] },
    environment: { ...base.environment, node: SCRIPT_INJECTION, hostname: ATTR_INJECTION },
  };
}
