/**
 * GitHub Actions workflow commands: one `::error` annotation per failed SLA, so a failed gate shows
 * on the run's summary page and the pull request. Pure: the CLI decides where to print it.
 */
import type { Report, SlaResult } from '../report/types.js';
import { describeSlaOutcome } from './format.js';

/** Title of every SLA annotation. */
export const SLA_ANNOTATION_TITLE = 'SLA failed';

/** Escape a workflow command's message (data): `%`, CR and LF, as the runner decodes them. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow command property value: as data, plus `:` and `,` which delimit properties. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The message of one failed SLA: "p95 < 400ms: measured 512ms, target < 400ms" or "…: no data". */
export function describeSlaFailure(result: SlaResult): string {
  return `${result.expression}: ${describeSlaOutcome(result)}`;
}

/** One `::error title=SLA failed::<message>` line per failed SLA result; "" when every SLA passed. */
export function renderGithubAnnotations(report: Report): string {
  const title = escapeCommandProperty(SLA_ANNOTATION_TITLE);
  return report.sla.results
    .filter((result) => !result.passed)
    .map((result) => `::error title=${title}::${escapeCommandData(describeSlaFailure(result))}\n`)
    .join('');
}
