/**
 * Escaping for the HTML report. Every piece of report data that reaches the page goes through
 * `escapeHtml`, in text and in attribute values alike. Values are formatted by `../format.ts`, the
 * one formatter every reporter shares.
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
