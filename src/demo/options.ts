/** Demo server options and their validation from raw command-line strings (pure). */

/** Amount of seeded data. */
export type DemoSize = 'small' | 'medium' | 'large';

/** How the demo CRM server is started and which performance levers are on. */
export interface DemoOptions {
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** TCP port; default 0 (an ephemeral port). */
  port?: number;
  /** Seed of the generated data and of the fault PRNG; default 1. */
  seed?: number;
  /** Amount of seeded data; default `small`. */
  size?: DemoSize;
  /** Hot-data cache for reads (lists, get-by-id, pipeline report), invalidated on writes. */
  cache?: boolean;
  /** Secondary indexes and the full-text index; `false` makes filters and search scan. Default true. */
  indexes?: boolean;
  /** Global token bucket, requests per second; beyond it answers 429 with `Retry-After`. */
  rateLimit?: number;
  /** At most this many requests processed at once, the rest queued FIFO (a connection pool's shape). */
  pool?: number;
  /** Added delay before each answer: fixed when min == max, else uniform in [min, max]. */
  latency?: { minMs: number; maxMs: number };
  /** Share of requests answered 503, in [0, 1]. */
  errorRate?: number;
  /** Freeze the event loop for `forMs` every `everyMs` (a simulated GC pause). */
  stall?: { everyMs: number; forMs: number };
}

/** Raw option values as a command-line parser hands them over. */
export type RawDemoOptions = Partial<Record<
  'host' | 'port' | 'seed' | 'size' | 'cache' | 'indexes' | 'rateLimit' | 'pool' | 'latency' | 'errorRate' | 'stall',
  string | boolean | undefined
>>;

/** Every problem found in the demo server options, one message per issue. */
export class DemoConfigError extends Error {
  override name = 'DemoConfigError';
  readonly issues: string[];
  constructor(issues: string[]) {
    super(issues.join('\n'));
    this.issues = issues;
  }
}

export const DEMO_SIZES: readonly DemoSize[] = ['small', 'medium', 'large'];

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/**
 * The longest latency or stall: 2^31 − 1 ms (596h31m23.647s), the longest a Node.js timer holds.
 * The same limit as crmload's own (src/limits.ts), written again: the demo imports nothing from it.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Parses `250us`, `5ms`, `1.5s`, `2m`, or a bare 0; undefined if malformed or a bare number other than 0. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m)?\s*$/.exec(text);
  if (!match || (match[2] === undefined && Number(match[1]) !== 0)) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
}

/** True for a bare number other than 0 (`5`, `0.5`): ambiguous without a unit. */
function isBareNonZero(text: string): boolean {
  return /^\s*\d+(?:\.\d+)?\s*$/.test(text) && Number(text) !== 0;
}

/** `5` → `5ms`, for the suggestion in a message. */
function withUnit(text: string, unit: string): string {
  return isBareNonZero(text) ? `${text.trim()}${unit}` : text.trim();
}

type Issues = string[];

function describe(flag: string, value: string | boolean, expected: string): string {
  return `--${flag} ${JSON.stringify(String(value))}: expected ${expected}`;
}

function parseInteger(issues: Issues, flag: string, raw: string | boolean, min: number, max: number): number | undefined {
  const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  issues.push(describe(flag, raw, `an integer from ${min} to ${max}`));
  return undefined;
}

function parseBoolean(issues: Issues, flag: string, raw: string | boolean): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const text = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on', ''].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  issues.push(describe(flag, raw, 'true or false'));
  return undefined;
}

function parseRate(issues: Issues, raw: string | boolean): number | undefined {
  const match = typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(\/s|\/m)?\s*$/.exec(raw) : null;
  const perSecond = match ? Number(match[1]) / (match[2] === '/m' ? 60 : 1) : NaN;
  if (perSecond > 0) return perSecond;
  issues.push(describe('rate-limit', raw, 'a positive number of requests per second, like 50, 50/s or 3000/m'));
  return undefined;
}

function parseLatency(issues: Issues, raw: string | boolean): DemoOptions['latency'] {
  const parts = typeof raw === 'string' ? raw.split('..') : [];
  if (parts.length <= 2 && parts.some(isBareNonZero)) {
    issues.push(`--latency ${JSON.stringify(raw)}: a bare number is ambiguous; add a unit, like ${parts.map((p) => withUnit(p, 'ms')).join('..')}`);
    return undefined;
  }
  const [minMs, maxMs] = parts.length === 1 ? [parseDurationMs(parts[0]), parseDurationMs(parts[0])]
    : parts.length === 2 ? parts.map(parseDurationMs) : [];
  if (minMs !== undefined && maxMs !== undefined && minMs <= maxMs && maxMs <= MAX_TIMER_MS) {
    return { minMs, maxMs };
  }
  issues.push(describe('latency', raw, 'a duration like 5ms or a range like 5ms..50ms (min <= max, at most 596h31m23.647s)'));
  return undefined;
}

function parseErrorRate(issues: Issues, raw: string | boolean): number | undefined {
  const match = typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(raw) : null;
  const value = match ? Number(match[1]) : NaN;
  // A bare 0.5 could mean 50% or 0.5%: only 0 may go without a unit.
  if (match && !match[2] && value > 0 && value <= 1) {
    issues.push(`--error-rate ${JSON.stringify(raw)}: a bare number is ambiguous; write ${Number((value * 100).toPrecision(12))}% or ${value}%`);
    return undefined;
  }
  if (match && (match[2] || value === 0) && value <= 100) return value / 100;
  issues.push(describe('error-rate', raw, 'a percentage like 1%, from 0% to 100%'));
  return undefined;
}

function parseStall(issues: Issues, raw: string | boolean): DemoOptions['stall'] {
  const parts = typeof raw === 'string' ? raw.split(':') : [];
  if (parts.length === 2 && parts.some(isBareNonZero)) {
    issues.push(`--stall ${JSON.stringify(raw)}: a bare number is ambiguous; add units, like 30s:1s`);
    return undefined;
  }
  const [everyMs, forMs] = parts.map(parseDurationMs);
  if (parts.length === 2 && everyMs !== undefined && forMs !== undefined && forMs > 0 && forMs < everyMs && everyMs <= MAX_TIMER_MS) {
    return { everyMs, forMs };
  }
  issues.push(describe('stall', raw, 'EVERY:FOR like 30s:1s (freeze for FOR every EVERY, FOR < EVERY, at most 596h31m23.647s)'));
  return undefined;
}

function parseSize(issues: Issues, raw: string | boolean): DemoSize | undefined {
  if (typeof raw === 'string' && (DEMO_SIZES as readonly string[]).includes(raw)) return raw as DemoSize;
  issues.push(describe('size', raw, `one of ${DEMO_SIZES.join(', ')}`));
  return undefined;
}

function parseHost(issues: Issues, raw: string | boolean): string | undefined {
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  issues.push(describe('host', raw, 'a host name or IP address, like 127.0.0.1'));
  return undefined;
}

/**
 * Validates raw option values (strings from the command line, booleans from flags) into DemoOptions.
 * Absent values stay absent. Throws DemoConfigError listing every problem at once.
 */
export function parseDemoOptions(raw: RawDemoOptions): DemoOptions {
  const issues: Issues = [];
  const options: DemoOptions = {};
  const has = (key: keyof RawDemoOptions): boolean => raw[key] !== undefined;
  if (has('host')) options.host = parseHost(issues, raw.host!);
  if (has('port')) options.port = parseInteger(issues, 'port', raw.port!, 0, 65_535);
  if (has('seed')) options.seed = parseInteger(issues, 'seed', raw.seed!, 0, 2 ** 32 - 1);
  if (has('size')) options.size = parseSize(issues, raw.size!);
  if (has('cache')) options.cache = parseBoolean(issues, 'cache', raw.cache!);
  if (has('indexes')) options.indexes = parseBoolean(issues, 'indexes', raw.indexes!);
  if (has('rateLimit')) options.rateLimit = parseRate(issues, raw.rateLimit!);
  if (has('pool')) options.pool = parseInteger(issues, 'pool', raw.pool!, 1, 100_000);
  if (has('latency')) options.latency = parseLatency(issues, raw.latency!);
  if (has('errorRate')) options.errorRate = parseErrorRate(issues, raw.errorRate!);
  if (has('stall')) options.stall = parseStall(issues, raw.stall!);
  if (issues.length > 0) throw new DemoConfigError(issues);
  return dropUndefined(options);
}

function dropUndefined(options: DemoOptions): DemoOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as DemoOptions;
}
