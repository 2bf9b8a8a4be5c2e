/** Every report format by name; each is a pure function of the Report. */
import type { Report } from '../report/types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJUnit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSummary } from './table.js';

export const reporters = {
  table: (report: Report, color: boolean) => renderSummary(report, { color }),
  json: (report: Report) => renderJson(report),
  junit: (report: Report) => renderJUnit(report),
  markdown: (report: Report) => renderMarkdown(report),
  html: (report: Report) => renderHtml(report),
} as const;

export type ReportFormat = keyof typeof reporters;

export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[];

export function render(format: ReportFormat, report: Report, color = false): string {
  return reporters[format](report, color);
}
