/**
 * Borderless terminal tables for the summary (cli-table3 with its own styling off, so colour comes
 * only from the caller's chalk instance) and helpers that keep report strings terminal-safe.
 */
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';

/** Left margin of every summary block. */
export const INDENT = '  ';
/** Space between table columns. */
export const GAP = '  ';
/** A shrunk text column never gets narrower than this. */
export const MIN_TEXT_COLUMN = 12;

/** Borderless table with a rule under the header; cli-table3 styles off so it adds no colour itself. */
const TABLE_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: INDENT, 'left-mid': INDENT, mid: '─', 'mid-mid': '──', right: '', 'right-mid': '', middle: GAP,
};

/**
 * Make a report string safe for a terminal: control characters (ESC, newlines, C1) shown as `\xNN`,
 * so a step name can never inject escape sequences or break the layout.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}

/**
 * Lay out a borderless table, shrinking the given text columns to fit `width`: cut with "…", or
 * wrapped onto more lines when `wrap` is set (an SLA expression must stay readable in full).
 */
export function layoutTable(head: string[], rows: string[][], shrinkable: number[], c: ChalkInstance, width: number, wrap = false): string {
  const widths = head.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i]))));
  const total = () => INDENT.length + widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  for (const col of shrinkable) {
    const excess = total() - width;
    if (excess > 0) widths[col] = Math.max(MIN_TEXT_COLUMN, widths[col] - excess);
  }
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    colWidths: widths,
    wordWrap: wrap,
    wrapOnWordBoundary: true,
    colAligns: head.map((_, i) => (shrinkable.includes(i) || i === 0 ? 'left' : 'right')),
    chars: TABLE_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  table.push(...rows);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/**
 * Join `parts` with `separator`, starting a new line (after `nextPrefix`) whenever the next part
 * would pass `width`. A part is never split.
 */
export function packParts(parts: readonly string[], separator: string, firstPrefix: string, nextPrefix: string, width: number): string {
  const lines: string[] = [];
  let line = firstPrefix;
  let empty = true;
  for (const part of parts) {
    const candidate = empty ? `${line}${part}` : `${line}${separator}${part}`;
    if (!empty && visibleLength(candidate) > width) {
      lines.push(line.trimEnd());
      line = `${nextPrefix}${part}`;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** Printable width of a string: ANSI codes excluded, one column per code point (close enough for names). */
export function visibleLength(text: string): number {
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}
