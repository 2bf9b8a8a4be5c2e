/** Formatting of SLA values for people (tables, JUnit messages, Markdown). */

/** Shown in place of a value when there was no data. */
export const NO_VALUE = 'n/a';

/**
 * Formats a value in a canonical SLA unit: `412.3ms`, `0.512ms`, `99.95%`, `50.0/s`, `3`, `0.125`.
 * A percentage is never rounded onto 0% or 100% when it is not exactly that: `99.999%` must not read
 * as `100.00%` next to an `availability == 100%` target.
 */
export function formatSlaValue(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return NO_VALUE;
  switch (unit) {
    case 'ms':
      return `${value.toFixed(Math.abs(value) >= 1 || value === 0 ? 1 : 3)}ms`;
    case '%':
      return `${formatPercent(value)}%`;
    case '/s':
      return `${value.toFixed(1)}/s`;
    case 'count':
      return String(value);
    case '':
      return value.toFixed(3);
    default:
      return `${value}${unit}`;
  }
}

function formatPercent(value: number): string {
  for (let decimals = 2; decimals < 6; decimals++) {
    const text = value.toFixed(decimals);
    const shown = Number(text);
    if ((shown !== 100 && shown !== 0) || shown === value) return text;
  }
  return value.toFixed(6);
}
