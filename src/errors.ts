/** Expected failures, each mapped to one stderr line and an exit code by the CLI's single catch. */
import { inspect } from 'node:util';
import { ExitCode } from './exit-codes.js';

/** One or more problems with options, scenario, SLA expressions or URLs. Exit 2, one line per issue. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly issues: string[];
  constructor(issues: string[] | string, options?: { cause?: unknown }) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(list.join('\n'), options);
    this.issues = list;
  }
}

/**
 * The environment failed, not the input and not crmload: a report file could not be written (disk
 * full, file too large, permission lost, read-only file system). One line per file; exit 4, unless
 * the run was interrupted by a signal (its code wins).
 */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  constructor(
    readonly issues: string[],
    readonly exitCode: number = ExitCode.environment,
  ) {
    super(issues.join('\n'));
  }
}

/** A `--workers` thread failed (its error is named): the run fails with exit 1, every thread ended. */
export class WorkerError extends Error {
  override name = 'WorkerError';
}

/** A report file that cannot be read, parsed or validated. Exit 2. */
export class ReportFileError extends Error {
  override name = 'ReportFileError';
}


/** Keys whose values are credentials: shown as `***` when a thrown value is described. */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|cookie|api[-_]?key|credential/i;

/** Items of an array shown when a thrown value is described. */
const MAX_ITEMS = 10;

/** The longest description of a thrown value: one readable line, never a screenful. */
const MAX_THROWN_LENGTH = 300;

/**
 * One line describing whatever was thrown: an Error's message, a string as it is, anything else
 * inspected (`{ code: 42 }`, not "[object Object]"), credential-like keys redacted, bounded in length.
 */
export function describeThrown(value: unknown, maxLength = MAX_THROWN_LENGTH): string {
  let text: string;
  if (value instanceof Error) text = value.message || value.name;
  else if (typeof value === 'string') text = value;
  else text = inspect(redactKeys(value, 3), { depth: 2, breakLength: Infinity, maxArrayLength: MAX_ITEMS + 1, maxStringLength: 200 });
  text = text.replace(/\s*\n\s*/g, ' ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** A copy of plain objects and arrays (to `depth` levels) with credential-like keys' values replaced. */
function redactKeys(value: unknown, depth: number): unknown {
  if (depth < 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_ITEMS).map((v) => redactKeys(v, depth - 1));
    return value.length > MAX_ITEMS ? [...shown, `… ${value.length - MAX_ITEMS} more items`] : shown;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '***' : redactKeys(v, depth - 1)]));
}
