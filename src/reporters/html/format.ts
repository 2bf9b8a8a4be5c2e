/**
 * Escaping and number formatting for the HTML report. Every piece of report data that reaches the
 * page goes through `escapeHtml`, in text and in attribute values alike.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML text content and quoted attribute values (also valid inside inline SVG). */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** An integer count with thousands separators: `12,345`. */
export function formatCount(value: number): string {
  return grouped.format(value);
}

const upToTwoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A number with at most two decimals: `120`, `0.5`, `1,234.57`. */
export function formatNumber(value: number): string {
  return upToTwoDecimals.format(value);
}

/** A number with a fixed number of decimals and thousands separators. */
export function formatFixed(value: number, decimals: number): string {
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** Milliseconds with precision that shrinks as the value grows: `0.412 ms`, `4.12 ms`, `41.2 ms`, `412 ms`. */
export function formatMs(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return `${formatFixed(value, msDecimals(value))} ms`;
}

function msDecimals(value: number): number {
  const abs = Math.abs(value);
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  if (abs >= 1) return 2;
  return 3;
}

/** A percent value (already 0–100): `99.33%`. */
export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return `${formatFixed(value, 2)}%`;
}

/** A rate per second: `119.2/s`. */
export function formatRate(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return `${formatFixed(value, 1)}/s`;
}

/** A value in an SLA unit (`ms`, `%`, `/s`, count, fraction). */
export function formatInUnit(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (unit === 'ms') return formatMs(value);
  if (unit === '%') return formatPercent(value);
  if (unit === '/s') return formatRate(value);
  const text = Number.isInteger(value) ? formatCount(value) : formatFixed(value, 3);
  return unit ? `${text} ${unit}` : text;
}

/** A duration given in seconds, as a short axis label: `45s`, `2m`, `1m30s`, `1h5m`. */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (Math.abs(s) < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return m > 0 ? `${h}h${m}m` : `${h}h`;
  return rest > 0 ? `${m}m${rest}s` : `${m}m`;
}

/** A duration in ms for prose: `10.0 s`, `2 min 5 s`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${formatCount(ms)} ms`;
  if (ms < 60_000) return `${formatFixed(ms / 1000, 1)} s`;
  const totalS = Math.round(ms / 1000);
  const min = Math.floor(totalS / 60);
  const s = totalS % 60;
  return s > 0 ? `${min} min ${s} s` : `${min} min`;
}

/** A tick label for an axis: compact, no unit. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 10_000) return formatCount(value);
  if (abs >= 10) return String(Math.round(value * 10) / 10);
  return String(Math.round(value * 1000) / 1000);
}
