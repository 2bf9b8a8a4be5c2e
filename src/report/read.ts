/**
 * Reading a saved report: the one I/O edge of the report commands (`report`, `compare`, `merge`,
 * `run --baseline`). Parsing and validation stay pure in `validate.ts`.
 */
import { readFile } from 'node:fs/promises';
import { ReportFileError } from '../errors.js';
import type { Report } from './types.js';
import { parseReport } from './validate.js';

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory',
};

/**
 * Read, parse and validate a report file.
 * @throws ReportFileError with a one-line message: the file cannot be read, is not valid JSON
 *   (truncated too), is not a crmload report, has an unsupported schema version or a corrupt histogram.
 */
export async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = READ_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
    throw new ReportFileError(`cannot read report "${path}": ${why}`, { cause: error });
  }
  return parseReport(parseJson(text, path), path);
}

/**
 * `JSON.parse` with a one-line error naming the file and the line and column of the problem.
 * @throws ReportFileError
 */
export function parseJson(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new ReportFileError(`${source}: not valid JSON (the file is empty)`);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ReportFileError(`${source}: not valid JSON (${describeJsonError(error, body)})`, { cause: error });
  }
}

/** V8's messages differ across Node versions and may quote the input: rebuild a short one. */
function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const found = /at position (\d+)/.exec(message);
  const position = found ? Number(found[1]) : undefined;
  // A cut-off file fails at its very end, whatever V8 then expected next.
  if (/end of JSON input/i.test(message) || (position !== undefined && position >= text.length)) {
    return `unexpected end of input at ${lineColumn(text, text.length)}; is the file truncated?`;
  }
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ (in JSON )?at position \d+/, '')
    .replace(/, ".*is not valid JSON$/s, '')
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  const where = position === undefined ? '' : ` at ${lineColumn(text, position)}`;
  return `${lowerFirst(reason.trim())}${where}`;
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
