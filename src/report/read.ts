/**
 * Reading a saved report: the one I/O edge of the report commands (`report`, `compare`, `merge`,
 * `run --baseline`). Parsing and validation stay pure in `validate.ts`.
 */
import { open } from 'node:fs/promises';
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
export async function readReport(path: string, maxBytes = MAX_REPORT_BYTES): Promise<Report> {
  let text: string;
  try {
    text = await readBounded(path, maxBytes);
  } catch (error) {
    if (error instanceof ReportFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = READ_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
    throw new ReportFileError(`cannot read report "${path}": ${why}`, { cause: error });
  }
  return parseReport(parseJson(text, path), path);
}

/**
 * The largest report file read (reports are untrusted input, e.g. shard reports collected from pods).
 * A report of a long multi-step run is a few MiB; this leaves room without reading anything unbounded.
 */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

async function readBounded(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size > maxBytes) throw new ReportFileError(`${path}: ${Math.ceil(size / 1024 / 1024)} MiB is larger than a report can be (limit ${maxBytes / 1024 / 1024} MiB)`);
    // Read at most one byte past the limit, in case the file grew since the stat.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(size, 0) + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) throw new ReportFileError(`${path}: larger than a report can be (limit ${maxBytes / 1024 / 1024} MiB)`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
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
