/**
 * `--server-series`: which of the target's metrics to keep. A comma-separated list of metric names,
 * each optionally with label matchers and `*` wildcards:
 *
 *   process_cpu_seconds_total,process_resident_memory_bytes,*_duration_seconds
 *   http_request_duration_seconds{route="GET /api/contacts"}
 *
 * A name with `*` keeps every family that matches (each as its own series); the series of one
 * family that match the label matchers are summed (a histogram's sums and counts alike). Pure.
 */

/** One entry of `--server-series`. */
export interface SeriesSpec {
  /** The name as written, `*` allowed. */
  pattern: string;
  matchers: Record<string, string>;
  /** The pattern as a whole-name regular expression. */
  regex: RegExp;
  /** True when the pattern has a `*`: families that never appear are not reported. */
  wildcard: boolean;
}

/** What is kept when `--server-series` is not given. */
export const DEFAULT_SERVER_SERIES = 'process_cpu_seconds_total,process_resident_memory_bytes,*_duration_seconds';

const NAME = /^[a-zA-Z_:*][a-zA-Z0-9_:*]*$/;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Parse the list; returns the specs, or every problem found (one message each). */
export function parseSeriesSpecs(text: string): SeriesSpec[] | string[] {
  const issues: string[] = [];
  const specs: SeriesSpec[] = [];
  for (const entry of splitTopLevel(text)) {
    const spec = parseOne(entry.trim());
    if (typeof spec === 'string') issues.push(spec);
    else specs.push(spec);
  }
  if (specs.length === 0 && issues.length === 0) issues.push('--server-series: expected at least one metric name, like process_cpu_seconds_total');
  return issues.length ? issues : specs;
}

function parseOne(entry: string): SeriesSpec | string {
  const show = `--server-series ${JSON.stringify(entry)}`;
  const brace = entry.indexOf('{');
  const name = brace === -1 ? entry : entry.slice(0, brace).trim();
  if (!NAME.test(name)) return `${show}: expected a metric name (letters, digits, _ and :, with * as a wildcard), optionally with {label="value"}`;
  const matchers: Record<string, string> = {};
  if (brace !== -1) {
    if (!entry.endsWith('}')) return `${show}: the label matchers must end with }`;
    for (const part of splitTopLevel(entry.slice(brace + 1, -1))) {
      if (part.trim() === '') continue;
      const m = MATCHER.exec(part);
      if (!m) return `${show}: expected label matchers like {route="GET /api/contacts"}`;
      matchers[m[1]] = m[2].replace(/\\(.)/g, '$1');
    }
  }
  const regex = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return { pattern: name, matchers, regex, wildcard: name.includes('*') };
}

/** Split at commas outside braces and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') {
      current += c + (text[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '{') depth++;
    else if (!quoted && c === '}') depth--;
    if (c === ',' && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
}

/** True when a sample's labels include every matcher. */
export function labelsMatch(labels: Record<string, string>, matchers: Record<string, string>): boolean {
  for (const key in matchers) if (labels[key] !== matchers[key]) return false;
  return true;
}
