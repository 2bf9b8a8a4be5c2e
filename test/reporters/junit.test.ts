import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, renderJUnit, stripIllegalXmlChars } from '../../src/reporters/junit.js';
import type { Report, SlaResult } from '../../src/report/types.js';
import { fixtureReport } from '../helpers/report-fixture.js';

interface ParsedCase {
  '@_classname': string;
  '@_name': string;
  '@_time': string;
  failure?: { '#text'?: string; '@_message': string; '@_type': string };
  skipped?: { '@_message': string };
  error?: { '@_message': string; '@_type': string };
}
interface ParsedSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase?: ParsedCase[];
}
interface ParsedRoot {
  testsuites: { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; '@_time': string; testsuite: ParsedSuite[] };
}

/** Validate strictly, then parse back with entities decoded and arrays where JUnit repeats. */
function parse(xml: string): ParsedRoot['testsuites'] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return (parser.parse(xml) as ParsedRoot).testsuites;
}

const counts = (s: { '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string }) =>
  [s['@_tests'], s['@_failures'], s['@_errors'], s['@_skipped']].map(Number);

const suiteNamed = (root: ParsedRoot['testsuites'], name: string) => {
  const suite = root.testsuite.find((s) => s['@_name'] === name);
  if (!suite) throw new Error(`no suite ${name}`);
  return suite;
};

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('renderJUnit (golden fixture)', () => {
  const base = fixtureReport();
  const root = parse(renderJUnit(base));

  it('has testsuites totals: 4 SLAs, 3 failures (one of them no data), nothing skipped', () => {
    expect(root['@_name']).toBe('crmload');
    expect(counts(root)).toEqual([4, 3, 0, 0]);
    expect(root['@_time']).toBe('10.000');
  });

  it('has one suite per scenario plus the run suite for unscoped SLAs, run suite first', () => {
    expect(root.testsuite.map((s) => s['@_name'])).toEqual(['crm-mixed', 'crm-browse', 'crm-search']);
    expect(counts(suiteNamed(root, 'crm-mixed'))).toEqual([3, 2, 0, 0]);
    expect(counts(suiteNamed(root, 'crm-browse'))).toEqual([0, 0, 0, 0]);
    expect(counts(suiteNamed(root, 'crm-search'))).toEqual([1, 1, 0, 0]);
  });

  it('puts a step-scoped SLA in the suite of the step\'s scenario, with its failure message', () => {
    const [testCase] = suiteNamed(root, 'crm-search').testcase!;
    expect(testCase['@_classname']).toBe('crmload.crm-search');
    expect(testCase['@_name']).toBe('p99{step="search \\"<Acme & Co>\\""} < 100ms');
    expect(testCase['@_time']).toBe('0');
    expect(testCase.failure!['@_message']).toBe('measured 168ms, target < 100ms');
    expect(testCase.failure!['@_type']).toBe('SLAFailed');
    expect(testCase.failure!['#text']).toContain('margin: -68.0ms');
  });

  it('marks a passing SLA as a plain test case and "no data" as a failure, as the exit code does', () => {
    const cases = suiteNamed(root, 'crm-mixed').testcase!;
    expect(cases.map((c) => c['@_name'])).toEqual(['p95 < 400ms', 'availability >= 99.9%', 'p95{step="export"} < 1s']);
    expect(cases[0].failure ?? cases[0].skipped ?? cases[0].error).toBeUndefined();
    expect(cases[1].failure!['@_message']).toBe('measured 99.33%, target >= 99.9%');
    expect(cases[2].failure!['@_message']).toBe('no data');
    expect(cases[2].failure!['@_type']).toBe('SLAFailed');
    expect(cases[2].failure!['#text']).toContain('measured: no data');
    expect(cases[2].skipped).toBeUndefined();
  });
});

describe('renderJUnit variants', () => {
  const base = fixtureReport();
  const sla = (over: Partial<SlaResult>): SlaResult => ({ ...base.sla.results[0], ...over });

  it('adds a "run" error case to every suite when the run was aborted', () => {
    const root = parse(renderJUnit(fixtureReport({ run: { ...base.run, status: 'aborted', abortReason: 'SIGINT' } })));
    expect(counts(root)).toEqual([7, 3, 3, 0]);
    for (const suite of root.testsuite) {
      const run = suite.testcase!.find((c) => c['@_name'] === 'run');
      expect(run?.error).toEqual({ '@_message': 'run aborted: SIGINT', '@_type': 'Aborted' });
      expect(Number(suite['@_errors'])).toBe(1);
    }
  });

  it.each<[string, SlaResult['scope'], string]>([
    ['scenario scope', { scenario: 'crm-browse' }, 'crm-browse'],
    ['step scope', { step: 'list contacts' }, 'crm-browse'],
    ['scenario wins over step', { scenario: 'crm-search', step: 'list contacts' }, 'crm-search'],
    ['unknown step → run suite', { step: 'export' }, 'crm-mixed'],
    ['no scope → run suite', null, 'crm-mixed'],
  ])('routes by %s', (_name, scope, suite) => {
    const root = parse(renderJUnit(fixtureReport({ sla: { passed: true, results: [sla({ scope })] } })));
    expect(suiteNamed(root, suite).testcase).toHaveLength(1);
    expect(root.testsuite.filter((s) => s.testcase).map((s) => s['@_name'])).toEqual([suite]);
  });

  it('merges the run suite with a scenario of the same name', () => {
    const report: Report = fixtureReport({
      run: { ...base.run, scenario: { name: 'crm-browse' } },
      scenarios: [base.scenarios[0]],
      sla: { passed: false, results: [sla({ scope: null }), sla({ scope: { step: 'list contacts' }, passed: false, margin: -1 })] },
    });
    const root = parse(renderJUnit(report));
    expect(root.testsuite.map((s) => s['@_name'])).toEqual(['crm-browse']);
    expect(counts(root.testsuite[0])).toEqual([2, 1, 0, 0]);
  });

  it('still writes one suite when there are no scenarios and no SLAs', () => {
    const root = parse(renderJUnit(fixtureReport({ scenarios: [], sla: { passed: true, results: [] } })));
    expect(root.testsuite.map((s) => s['@_name'])).toEqual(['crm-mixed']);
    expect(counts(root)).toEqual([0, 0, 0, 0]);
  });
});

describe('renderJUnit with hostile strings', () => {
  const base = fixtureReport();
  const hostile = `it's "quoted" <tag> & ]]> \u0000nul \u0007bell 😀 lone\ud800 \udc00 \ufffe\uffff end\ttab\nline`;
  const report = fixtureReport({
    run: { ...base.run, status: 'aborted', abortReason: hostile, scenario: { name: `run ${hostile}` } },
    scenarios: [{ ...base.scenarios[0], name: hostile }],
    steps: [{ ...base.steps[0], name: `step ${hostile}`, scenario: hostile }],
    sla: {
      passed: false,
      results: [
        { ...base.sla.results[2], expression: `p99{step="${hostile}"} < 100ms`, scope: { step: `step ${hostile}` } },
        { ...base.sla.results[1], expression: hostile, scope: null, unit: hostile },
        { ...base.sla.results[3], expression: hostile, reason: hostile },
      ],
    },
  });
  const xml = renderJUnit(report);

  it('is well-formed and contains no character XML 1.0 forbids', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(xml).not.toMatch(LONE_SURROGATE);
    expect(xml).not.toContain(']]>');
  });

  it('parses back to the same names, minus the forbidden characters', () => {
    const root = parse(xml);
    const clean = stripIllegalXmlChars(hostile);
    expect(clean).toBe(`it's "quoted" <tag> & ]]> nul bell 😀 lone   end\ttab\nline`);
    expect(root.testsuite.map((s) => s['@_name'])).toEqual([`run ${clean}`, clean]);
    const scenarioSuite = suiteNamed(root, clean);
    expect(scenarioSuite.testcase![0]['@_name']).toBe(`p99{step="${clean}"} < 100ms`);
    expect(scenarioSuite.testcase![0]['@_classname']).toBe(`crmload.${clean}`);
    const runSuite = suiteNamed(root, `run ${clean}`);
    expect(runSuite.testcase!.map((c) => c['@_name'])).toEqual([clean, clean, 'run']);
    expect(runSuite.testcase![1].failure!['@_message']).toBe(clean);
    expect(runSuite.testcase![2].error!['@_message']).toBe(`run aborted: ${clean}`);
    expect(counts(root)).toEqual([5, 3, 2, 0]);
  });
});

describe('escapeXmlAttribute', () => {
  it.each([
    ['markup', `<a href="x">&'`, '&lt;a href=&quot;x&quot;&gt;&amp;&apos;'],
    ['whitespace kept as references', 'a\tb\nc\rd', 'a&#9;b&#10;c&#13;d'],
    ['forbidden characters removed', 'a\u0000b\u001fc\ud800d', 'abcd'],
    ['astral characters kept', '😀', '😀'],
  ])('%s', (_name, input, want) => {
    expect(escapeXmlAttribute(input)).toBe(want);
  });
});
