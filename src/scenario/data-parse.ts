/** Parsing feeder files (the CLI reads them): CSV with a header row, or a JSON array of rows. Pure. */
import { createRequire } from 'node:module';

// Loaded with the first CSV file: a run without one (quick mode, most scenarios) never pays for it.
const require = createRequire(import.meta.url);
type CsvParse = (text: string, options: object) => Array<Record<string, string>>;

/** Rows, or the problem with the file (`file:line: …`). */
export type Parsed = { rows: readonly object[] } | { problem: string };

/** A header row that would lose or hide data: a blank or repeated name, or one column named by another delimiter. */
function headerProblem(header: readonly string[]): string | null {
  const blank = header.findIndex((name) => name.trim() === '');
  if (blank >= 0) return `column ${blank + 1} of the header has no name`;
  const repeated = header.find((name, i) => header.indexOf(name) !== i);
  if (repeated !== undefined) return `the header names "${repeated}" twice (a row would keep only the last)`;
  if (header.length === 1 && /[;\t|]/.test(header[0])) return `the header is one column, "${header[0]}": fields are separated by commas (,)`;
  return null;
}

class HeaderProblem extends Error {}

/** CSV: the header row names the fields; every row must have as many fields as the header. */
export function parseCsvRows(text: string, file: string): Parsed {
  let rows: Array<Record<string, string>>;
  try {
    const { parse } = require('csv-parse/sync') as { parse: CsvParse };
    const columns = (header: string[]) => {
      const problem = headerProblem(header);
      if (problem) throw new HeaderProblem(problem);
      return header;
    };
    rows = parse(text, { columns, skip_empty_lines: true, bom: true, trim: false });
  } catch (error) {
    if (error instanceof HeaderProblem) return { problem: `${file}:1: ${error.message}` };
    const e = error as { lines?: number; message?: string };
    const message = (e.message ?? String(error))
      .replace(/^Invalid Record Length: /, '')
      .replace(/\s+(?:at|on) line \d+\.?$/, '')
      .replace(/^columns length is (\d+), got (\d+)$/, (_all, header: string, got: string) => `a row of ${got} fields, but the header has ${header}`);
    return { problem: `${file}:${e.lines ?? 1}: ${message}` };
  }
  if (rows.length === 0) return { problem: `${file}:1: no data rows (a header row, then one row per line)` };
  for (const row of rows) Object.freeze(row);
  return { rows: Object.freeze(rows) };
}

/** JSON: an array of objects. */
export function parseJsonRows(text: string, file: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : 1;
    return { problem: `${file}:${line}: not valid JSON (${message})` };
  }
  if (!Array.isArray(value) || value.length === 0) return { problem: `${file}:1: expected a non-empty array of rows (objects)` };
  const bad = value.findIndex((row) => row === null || typeof row !== 'object' || Array.isArray(row));
  if (bad >= 0) return { problem: `${file}: row ${bad + 1} is not an object` };
  for (const row of value) Object.freeze(row);
  return { rows: Object.freeze(value as object[]) };
}
