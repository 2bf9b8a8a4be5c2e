/**
 * Reading a Prometheus text exposition (a target's `/metrics`) into flat samples, with the
 * parse-prometheus-text-format library. That library folds a histogram's or a summary's lines into
 * one object per family and loses every labelled series on the way (its issue #13), so their
 * `# TYPE` lines are read here and removed: the library then parses every line as an untyped
 * sample and keeps its labels. It does the hard part (label escapes, HELP, timestamps).
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One sample line: `name{labels} value`. */
export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedExposition {
  /** `# TYPE` of each family, by family name. */
  types: Map<string, MetricType>;
  samples: ExpositionSample[];
}

/** Text that is not a valid exposition. */
export class ExpositionError extends Error {
  override name = 'ExpositionError';
}

const TYPE_LINE = /^[ \t]*#[ \t]+TYPE[ \t]+(\S+)[ \t]+(\S+)[ \t]*$/gm;
const KNOWN_TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Parse an exposition; throws ExpositionError (with the library's message) on a malformed line. */
export function parseExposition(text: string): ParsedExposition {
  const types = new Map<string, MetricType>();
  const untyped = text.replace(TYPE_LINE, (_line, name: string, type: string) => {
    const t = type.toLowerCase() as MetricType;
    types.set(name, KNOWN_TYPES.has(t) ? t : 'untyped');
    return '';
  });
  let families: ReturnType<typeof parsePrometheusTextFormat>;
  try {
    // The library drops a last sample line that has no newline after it.
    families = parsePrometheusTextFormat(untyped.endsWith('\n') ? untyped : `${untyped}\n`);
  } catch (error) {
    throw new ExpositionError((error as Error).message);
  }
  const samples: ExpositionSample[] = [];
  for (const family of families) {
    for (const m of family.metrics) {
      if (m.value === undefined) continue;
      samples.push({ name: family.name, labels: m.labels ?? {}, value: parseValue(m.value) });
    }
  }
  return { types, samples };
}

/** A sample value the way Prometheus reads one (Go's ParseFloat: NaN and Inf in any case; prom-client writes "Nan"). */
function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  if (Number.isNaN(value) || text.trim() === '') throw new ExpositionError(`not a sample value: ${JSON.stringify(text)}`);
  return value;
}

const SUFFIXES = ['_bucket', '_count', '_sum', '_total', '_created', '_info'];

/**
 * The type of the family a sample belongs to: its own name's TYPE, or the TYPE of the name without
 * a histogram/summary/counter suffix (OpenMetrics declares `foo` and writes `foo_total`).
 */
export function familyType(types: ReadonlyMap<string, MetricType>, sampleName: string): { family: string; type: MetricType } {
  const own = types.get(sampleName);
  if (own) return { family: sampleName, type: own };
  for (const suffix of SUFFIXES) {
    if (!sampleName.endsWith(suffix)) continue;
    const base = sampleName.slice(0, -suffix.length);
    const type = types.get(base);
    if (type) return { family: base, type };
  }
  return { family: sampleName, type: sampleName.endsWith('_total') ? 'counter' : 'untyped' };
}
