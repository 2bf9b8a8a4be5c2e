/**
 * Parsers for the human forms of quantities on the command line and in scenario files.
 * Each returns a value or throws a ConfigError naming the field and the allowed form.
 */
import { ConfigError } from './errors.js';
import { MAX_DURATION_MS, MAX_RATE_PER_SECOND, MAX_VUS } from './limits.js';

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|us|µs|s|m|h)/g;
const DURATION_WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|us|µs|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

/** {@link MAX_DURATION_MS} for messages. */
export const MAX_DURATION_TEXT = `${formatExactDuration(MAX_DURATION_MS)} (2^31 − 1 ms, the longest a Node.js timer holds)`;

/** A bare number other than zero: ambiguous as a duration (5 seconds? 5 ms?). */
function isBareNonZero(text: string): boolean {
  return BARE_NUMBER.test(text) && Number(text) !== 0;
}

/** `500ms`, `10s`, `1m30s`, `2h`; a bare number needs a unit (only 0 may go without). Returns milliseconds (> 0 unless allowZero). */
export function parseDuration(field: string, input: string | number, allowZero = false): number {
  const text = String(input).trim();
  if (isBareNonZero(text)) throw new ConfigError(`${field} ${JSON.stringify(text)}: a bare number is ambiguous; add a unit, like ${text}s (or ${text}ms, ${text}m)`);
  let ms: number;
  if (BARE_NUMBER.test(text)) ms = 0;
  else if (DURATION_WHOLE.test(text)) {
    ms = 0;
    for (const m of text.matchAll(DURATION_PART)) ms += Number(m[1]) * UNIT_MS[m[2]];
  } else throw new ConfigError(`${field} ${JSON.stringify(text)}: expected a duration like 500ms, 10s, 1m30s or 2h`);
  if (ms < 0 || (!allowZero && ms === 0)) {
    throw new ConfigError(`${field} ${JSON.stringify(text)}: must be ${allowZero ? 'zero or more' : 'greater than zero'}`);
  }
  if (!(ms <= MAX_DURATION_MS)) throw new ConfigError(`${field} ${JSON.stringify(text)}: must be at most ${MAX_DURATION_TEXT}`);
  return ms;
}

/** `50`, `50/s`, `3000/m`, `2/ms` is not allowed. Returns per second (> 0). */
export function parseRate(field: string, input: string | number): number {
  const text = String(input).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m|h))?$/.exec(text);
  if (!m) throw new ConfigError(`${field} ${JSON.stringify(text)}: expected a number per second, like 50, 50/s or 3000/m`);
  const perUnit = { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'];
  const rate = Number(m[1]) / perUnit;
  if (!(rate > 0)) throw new ConfigError(`${field} ${JSON.stringify(text)}: must be greater than zero`);
  if (!(rate <= MAX_RATE_PER_SECOND)) throw new ConfigError(`${field} ${JSON.stringify(text)}: must be at most ${MAX_RATE_PER_SECOND}/s`);
  return rate;
}

/** A whole number from `min` to `max` (at most 2^53 − 1, the largest exact integer). */
export function parseCount(field: string, input: string | number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(input).trim();
  if (!/^\d+$/.test(text)) throw new ConfigError(`${field} ${JSON.stringify(text)}: expected a whole number${min > 0 ? ' of at least ' + min : ''}`);
  const n = Number(text);
  if (n < min) throw new ConfigError(`${field} ${JSON.stringify(text)}: must be at least ${min}`);
  if (!(n <= max) || !Number.isSafeInteger(n)) throw new ConfigError(`${field} ${JSON.stringify(text)}: must be at most ${max}`);
  return n;
}

/** A range of durations `100ms..500ms`, or one fixed duration. Milliseconds. */
export interface DurationRange {
  minMs: number;
  maxMs: number;
}

export function parseDurationRange(field: string, input: string): DurationRange {
  const parts = String(input).split('..');
  if (parts.length > 2) throw new ConfigError(`${field} ${JSON.stringify(input)}: expected a duration like 200ms or a range like 100ms..500ms`);
  if (parts.some((p) => isBareNonZero(p.trim()))) {
    const suggestion = parts.map((p) => (BARE_NUMBER.test(p.trim()) ? `${p.trim()}ms` : p.trim())).join('..');
    throw new ConfigError(`${field} ${JSON.stringify(input)}: a bare number is ambiguous; add a unit, like ${suggestion}`);
  }
  const minMs = parseDuration(field, parts[0], true);
  const maxMs = parts.length === 2 ? parseDuration(field, parts[1], true) : minMs;
  if (maxMs < minMs) throw new ConfigError(`${field} ${JSON.stringify(input)}: the range's end is before its start`);
  return { minMs, maxMs };
}

/** A stage `D:T`: ramp to target T over duration D (k6 style). */
export interface Stage {
  durationMs: number;
  target: number;
}

/** A parsed stage and what its target counts: a rate (`100/s`), VUs (`100`), or either (a bare `0`). */
export interface ParsedStage extends Stage {
  /** `rate` for a target with a unit (`/s`, `/m`, `/h`), `vus` for a bare count, null for a bare 0. */
  unit: 'rate' | 'vus' | null;
  /** The stage as written, for messages. */
  text: string;
}

/** `30s:100` (VUs) or `30s:100/s` (a rate): the target's unit, not the model, says which. */
export function parseStage(field: string, input: string): ParsedStage {
  const idx = input.lastIndexOf(':');
  if (idx <= 0) throw new ConfigError(`${field} ${JSON.stringify(input)}: expected DURATION:TARGET, like 30s:100 (VUs) or 30s:100/s (a rate)`);
  const durationMs = parseDuration(field, input.slice(0, idx), true);
  const rawTarget = input.slice(idx + 1).trim();
  if (rawTarget === '') throw new ConfigError(`${field} ${JSON.stringify(input)}: no target after the colon; expected DURATION:TARGET, like 30s:100 (VUs) or 30s:100/s (a rate)`);
  if (/\/\s*[a-z]+$/i.test(rawTarget)) {
    const target = /^0+(?:\.0*)?\s*\/\s*[smh]$/.test(rawTarget) ? 0 : parseRate(field, rawTarget);
    return { durationMs, target, unit: 'rate', text: input };
  }
  const target = parseCount(field, rawTarget, 0, MAX_VUS);
  return { durationMs, target, unit: target === 0 ? null : 'vus', text: input };
}

/** Format milliseconds back into the shortest readable duration (for messages and reports). */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${Math.round(ms * 10) / 10}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m}m${s}s` : `${m}m`;
}

/** Milliseconds as hours, minutes and seconds, exactly (`596h31m23.647s`), for limits in messages. */
export function formatExactDuration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.round(ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
