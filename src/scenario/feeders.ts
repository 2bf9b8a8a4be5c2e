/** `csv()` and `json()`: declare a data feeder in `defineScenario({ data: { … } })`. */
import { fileURLToPath } from 'node:url';
import type { Feeder, FeederOptions, Row } from './feeder-types.js';

/**
 * The file of the module that called csv()/json() (one frame up), from the V8 stack; null when the
 * stack does not say (then the path resolves against the scenario file given to `crmload run`).
 */
function callerFile(): string | null {
  const holder: { stack?: unknown } = {};
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    Error.captureStackTrace(holder, callerFile);
    const frames = holder.stack as NodeJS.CallSite[] | undefined;
    const name = frames?.[1]?.getFileName() ?? null;
    if (!name) return null;
    return name.startsWith('file:') ? fileURLToPath(name) : name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) ? name : null;
  } catch {
    return null;
  } finally {
    Error.prepareStackTrace = original;
  }
}

function declare<R>(format: 'csv' | 'json', path: string | URL, options: FeederOptions, declaredIn: string | null): Feeder<R> {
  const text = path instanceof URL ? fileURLToPath(path) : path;
  return { kind: 'feeder', format, path: text, declaredIn, mode: options.mode ?? 'sequential', exhausted: options.exhausted ?? 'stop' };
}

/**
 * A CSV feeder: the header row names the fields, each further row is one `R` (strings). The path is
 * relative to the module that calls csv() (or absolute, or a URL).
 */
export function csv<R extends Row = Row>(path: string | URL, options: FeederOptions = {}): Feeder<R> {
  return declare<R>('csv', path, options, callerFile());
}

/** A JSON feeder: the file holds an array of rows (objects). The path is relative to the calling module. */
export function json<R = Record<string, unknown>>(path: string | URL, options: FeederOptions = {}): Feeder<R> {
  return declare<R>('json', path, options, callerFile());
}
