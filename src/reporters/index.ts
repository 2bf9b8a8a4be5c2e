/**
 * Every report format by name; each is a pure function of the Report. Modules load on first use,
 * so a run pays only for the formats it writes.
 */
import type { Report } from '../report/types.js';

type Renderer = (report: Report, color: boolean) => string;

const loaders = {
  table: async (): Promise<Renderer> => {
    const { renderSummary } = await import('./table.js');
    const { renderCapacity } = await import('./capacity-table.js');
    // A capacity report's summary is the search's: its steps, the max sustainable rate, the models.
    return (report, color) => (report.capacity ? renderCapacity(report, { color }) : renderSummary(report, { color }));
  },
  json: async (): Promise<Renderer> => (await import('./json.js')).renderJson,
  junit: async (): Promise<Renderer> => (await import('./junit.js')).renderJUnit,
  markdown: async (): Promise<Renderer> => (await import('./markdown.js')).renderMarkdown,
  html: async (): Promise<Renderer> => (await import('./html.js')).renderHtml,
} as const;

export type ReportFormat = keyof typeof loaders;

export const REPORT_FORMATS = Object.keys(loaders) as ReportFormat[];

export async function render(format: ReportFormat, report: Report, color = false): Promise<string> {
  const renderer = await loaders[format]();
  return renderer(report, color);
}
