/**
 * Validating a loaded report, pure: schema version policy, shape (zod), and histograms that decode.
 * Every failure is a ReportFileError with one line naming the file and the first problems' paths.
 */
import type { z } from 'zod';
import { ReportFileError } from '../errors.js';
import { decodeHistogram } from '../metrics/histogram.js';
import { reportShape } from './report-shape.js';
import { SCHEMA_VERSION, type LatencyStats, type Report } from './types.js';

const SUPPORTED_MAJOR = Number(SCHEMA_VERSION.split('.')[0]);
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;
/** How many problems the one-line message names before "(+N more)". */
const SHOWN_ISSUES = 3;

/**
 * Validate a parsed JSON value as a crmload report.
 *
 * Version policy: `schemaVersion` is semver. The same major as this crmload's `SCHEMA_VERSION` is
 * accepted, a newer minor too (its unknown fields are dropped); any other major, older or newer, is
 * refused with a message saying which versions are supported.
 *
 * @param value the parsed JSON
 * @param source how to name the report in messages (usually its file path)
 * @throws ReportFileError with a one-line message
 */
export function parseReport(value: unknown, source = 'report'): Report {
  checkSchemaVersion(value, source);
  const result = reportShape.safeParse(value, { reportInput: true });
  if (!result.success) throw new ReportFileError(`${source}: not a crmload report: ${describeIssues(result.error.issues)}`);
  checkHistograms(result.data, source);
  return result.data;
}

function checkSchemaVersion(value: unknown, source: string): void {
  const notReport = (why: string) => new ReportFileError(`${source}: not a crmload report: ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw notReport(`expected a JSON object, got ${describeValue(value)}`);
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) throw notReport('schemaVersion: missing');
  const match = typeof version === 'string' ? SEMVER.exec(version) : null;
  if (!match) throw notReport(`schemaVersion: expected a semantic version like ${SCHEMA_VERSION}, got ${describeValue(version)}`);
  if (Number(match[1]) !== SUPPORTED_MAJOR) {
    throw new ReportFileError(
      `${source}: schema version ${clean(String(version))} is not supported by this crmload ` +
        `(supports ${SUPPORTED_MAJOR}.x); re-render it with the crmload that wrote it`,
    );
  }
}

/** Every latency block of a report with its path, for checks that walk them all. */
export function latencyBlocks(report: Report): Array<[path: string, stats: LatencyStats]> {
  const blocks: Array<[string, LatencyStats]> = [];
  const add = (prefix: string, owner: Pick<Report, 'latency' | 'serviceTime' | 'errorLatency'>) => {
    blocks.push([`${prefix}latency`, owner.latency], [`${prefix}serviceTime`, owner.serviceTime]);
    blocks.push([`${prefix}errorLatency`, owner.errorLatency]);
  };
  add('', report);
  report.steps.forEach((step, i) => add(`steps[${i}].`, step));
  report.scenarios.forEach((scenario, i) => add(`scenarios[${i}].`, scenario));
  return blocks;
}

// The regex in the shape only checks the alphabet; a flipped byte shows up when inflating.
function checkHistograms(report: Report, source: string): void {
  for (const [path, stats] of latencyBlocks(report)) {
    let total: number;
    try {
      total = decodeHistogram(stats.hdr).totalCount;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ReportFileError(`${source}: ${path}.hdr: corrupt histogram (${clean(why)})`, { cause: error });
    }
    if (total !== stats.count) {
      throw new ReportFileError(`${source}: ${path}.hdr: histogram holds ${total} values but ${path}.count is ${stats.count}`);
    }
  }
}

/** `totals.requests: expected number; run.status: expected one of "completed", "aborted" (+2 more)` */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, SHOWN_ISSUES).map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
  const more = issues.length > SHOWN_ISSUES ? ` (+${issues.length - SHOWN_ISSUES} more)` : '';
  return shown.join('; ') + more;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? `missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${describeValue(input)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(input)}`;
    case 'too_small':
      return `expected ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}, got ${describeValue(input)}`;
    case 'too_big':
      return `expected ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}, got ${describeValue(input)}`;
    case 'invalid_key':
      return `invalid key${issue.issues[0] ? ` (${clean(issue.issues[0].message)})` : ''}`;
    case 'unrecognized_keys':
      return `unexpected key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => describeValue(key)).join(', ')}`;
    default:
      return clean(issue.message);
  }
}

/** `steps[2].latency.p95`; odd keys quoted: `totals.statusCodes["2xx"]`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`;
      return `[${JSON.stringify(clean(name))}]`;
    })
    .join('');
}

/** A short, single-line description of a value from the file: never the whole of it. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 32 ? `${clean(value.slice(0, 32))}…` : clean(value));
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a non-finite number';
  return String(value);
}

/** Keep messages on one line and free of terminal escapes coming from the file. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
