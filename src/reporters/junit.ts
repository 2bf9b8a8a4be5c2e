/**
 * JUnit XML for CI test views (GitLab, Jenkins, GitHub test reporters): each SLA is a test case, each
 * scenario a test suite. The XML is well-formed whatever the report's strings contain: markup is
 * escaped and characters XML 1.0 forbids (NUL and other controls, lone surrogates, U+FFFE/U+FFFF)
 * are removed.
 */
import { checksSummary, extraTables, iterationDurationParts } from './extras.js';
import type { Report, SlaResult } from '../report/types.js';
import { describeIncomplete, describeSlaOutcome, formatSlaMargin, formatSlaMeasured, formatSlaTarget } from './format.js';

/**
 * What a test case reports: a passed or failed SLA, or the aborted run. An SLA with no data is a
 * failure, as in every other format and the exit code: a CI view must not show it as skipped.
 */
export type JUnitOutcome =
  | { kind: 'passed' }
  | { kind: 'failure'; message: string; details: string }
  | { kind: 'error'; message: string };

/** One `<testcase>`. */
export interface JUnitCase {
  name: string;
  outcome: JUnitOutcome;
}

/** One `<testsuite>`: a scenario, or the run as a whole for unscoped SLAs. */
export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
}

/** Characters XML 1.0 does not allow anywhere, even escaped. Needs the `u` flag to catch lone surrogates. */
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Remove the characters XML 1.0 forbids. */
export function stripIllegalXmlChars(text: string): string {
  return text.replace(ILLEGAL_XML_CHARS, '');
}

/** Escape for element text. */
export function escapeXmlText(text: string): string {
  return stripIllegalXmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape for a double-quoted attribute; whitespace as character references so parsers keep it. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/**
 * Group the SLA results into suites: scoped to a scenario → that scenario's suite; scoped to a step →
 * the suite of the step's scenario; otherwise (or when the step is unknown) → the run's suite, named
 * after `run.scenario.name` and merged with a scenario of the same name. An aborted run adds a
 * "run" error case to every suite.
 */
export function groupSuites(report: Report): JUnitSuite[] {
  const suites = new Map<string, JUnitSuite>();
  const suite = (name: string): JUnitSuite => {
    const found = suites.get(name);
    if (found) return found;
    const created: JUnitSuite = { name, cases: [] };
    suites.set(name, created);
    return created;
  };
  for (const scenario of report.scenarios) suite(scenario.name);
  const scenarioOfStep = new Map(report.steps.map((step) => [step.name, step.scenario]));
  const runSuite = report.run.scenario.name;
  for (const result of report.sla.results) {
    const scope = result.scope;
    const name = scope?.scenario ?? (scope?.step !== undefined ? scenarioOfStep.get(scope.step) : undefined) ?? runSuite;
    suite(name).cases.push({ name: result.expression, outcome: outcomeOf(result) });
  }
  if (suites.size === 0) suite(runSuite);
  const incomplete = describeIncomplete(report.run);
  if (incomplete) {
    for (const s of suites.values()) s.cases.push({ name: 'shards', outcome: { kind: 'error', message: incomplete } });
  }
  if (report.run.status === 'aborted') {
    const message = `run aborted: ${report.run.abortReason ?? 'unknown reason'}`;
    for (const s of suites.values()) s.cases.push({ name: 'run', outcome: { kind: 'error', message } });
  }
  // The run's own suite first: it holds the headline SLAs.
  return [...suites.values()].sort((a, b) => Number(b.name === runSuite) - Number(a.name === runSuite));
}

function outcomeOf(result: SlaResult): JUnitOutcome {
  if (result.passed) return { kind: 'passed' };
  return { kind: 'failure', message: describeSlaOutcome(result), details: describeSlaDetails(result) };
}

/** The failure body: one "key: value" line per fact, for the CI's failure view. */
export function describeSlaDetails(result: SlaResult): string {
  const lines = [
    `SLA: ${result.expression}`,
    `measured: ${formatSlaMeasured(result)}`,
    `target: ${formatSlaTarget(result)}`,
    `margin: ${formatSlaMargin(result)}`,
  ];
  if (result.scope?.scenario !== undefined) lines.push(`scenario: ${result.scope.scenario}`);
  if (result.scope?.step !== undefined) lines.push(`step: ${result.scope.step}`);
  return lines.join('\n');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  /** Always 0 (nothing is skipped), written because JUnit readers expect the attribute. */
  skipped: number;
}

function countCases(cases: readonly JUnitCase[]): Counts {
  const count = (kind: JUnitOutcome['kind']) => cases.filter((c) => c.outcome.kind === kind).length;
  return { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: 0 };
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

function renderCase(suiteName: string, testCase: JUnitCase): string {
  const open = `    <testcase${attributes({ classname: `crmload.${suiteName}`, name: testCase.name, time: 0 })}`;
  const outcome = testCase.outcome;
  switch (outcome.kind) {
    case 'passed':
      return `${open}/>`;
    case 'error':
      return `${open}>\n      <error${attributes({ message: outcome.message, type: 'Aborted' })}/>\n    </testcase>`;
    case 'failure':
      return (
        `${open}>\n      <failure${attributes({ message: outcome.message, type: 'SLAFailed' })}>` +
        `${escapeXmlText(outcome.details)}</failure>\n    </testcase>`
      );
  }
}

/** Render the report as JUnit XML (UTF-8, XML 1.0). */
export function renderJUnit(report: Report): string {
  const time = (report.run.durationMs / 1000).toFixed(3);
  const suites = groupSuites(report);
  const total = countCases(suites.flatMap((s) => s.cases));
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes({ name: 'crmload', ...total, time })}>`];
  for (const suite of suites) {
    const head = { name: suite.name, ...countCases(suite.cases), time, timestamp: report.run.startedAt };
    if (suite.cases.length === 0) {
      lines.push(`  <testsuite${attributes(head)}/>`);
      continue;
    }
    lines.push(`  <testsuite${attributes(head)}>`, ...suite.cases.map((c) => renderCase(suite.name, c)), '  </testsuite>');
  }
  lines.push(...measuresSuite(report, time), '</testsuites>');
  return `${lines.join('\n')}\n`;
}

/**
 * Journey time, checks, groups and custom metrics as the properties of a suite with no test cases:
 * shown by CI, never a test result of their own (an SLA on them is one).
 */
function measuresSuite(report: Report, time: string): string[] {
  const properties: Array<[string, string]> = [];
  const journey = iterationDurationParts(report);
  if (journey) properties.push(['journey time', journey.join('  ')]);
  const checks = checksSummary(report);
  if (checks) properties.push(['checks', checks]);
  for (const t of extraTables(report)) {
    if (t.id === 'metrics-table') for (const [name, type, value] of t.rows) properties.push([`metric ${name} (${type})`, value]);
    else for (const r of t.rows) properties.push([`${t.title.toLowerCase().replace(/s$/, '')} ${r[0]}`, t.head.slice(1).map((h, i) => `${h} ${r[i + 1]}`).join(', ')]);
  }
  if (properties.length === 0) return [];
  const head = { name: 'measures', tests: 0, failures: 0, errors: 0, skipped: 0, time, timestamp: report.run.startedAt };
  return [
    `  <testsuite${attributes(head)}>`, '    <properties>',
    ...properties.map(([name, value]) => `      <property${attributes({ name, value })}/>`),
    '    </properties>', '  </testsuite>',
  ];
}
