/** Where a run's reports go: files (atomic), stdout, the GitHub step summary and annotations. */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RawRunOptions } from '../config/options.js';
import type { Comparison } from '../report/compare.js';
import type { Redactor } from '../report/redact.js';
import type { Report } from '../report/types.js';
import { render } from '../reporters/index.js';
import { useColor, type CliIo } from './io.js';
import { checkOutputPath, writeOutput } from './outputs.js';

export function checkAllOutputs(raw: RawRunOptions): string[] {
  const stdoutUsers = [raw.json, raw.markdown].filter((p) => p === '-').length;
  return [
    ...checkOutputPath('--json', raw.json, true),
    ...checkOutputPath('--junit', raw.junit, false),
    ...checkOutputPath('--html', raw.html, false),
    ...checkOutputPath('--markdown', raw.markdown, true),
    ...(stdoutUsers > 1 ? ['--json - and --markdown -: only one report can go to stdout'] : []),
    ...sharedFiles(raw),
  ];
}

/** Two reports to one file: the last written would replace the other. */
function sharedFiles(raw: RawRunOptions): string[] {
  const byFile = new Map<string, string[]>();
  for (const [flag, path] of [['--json', raw.json], ['--junit', raw.junit], ['--html', raw.html], ['--markdown', raw.markdown]] as const) {
    if (path === undefined || path === '-') continue;
    const file = resolve(path);
    byFile.set(file, [...(byFile.get(file) ?? []), flag]);
  }
  return [...byFile.values()].filter((flags) => flags.length > 1).map((flags) => `${flags.join(' and ')}: the same file; give each report its own`);
}

/**
 * Write every report asked for, then the summary. Everything passes through the redactor. A file the
 * environment will not take (disk full, permissions) does not stop the others: its problem is
 * returned, one line per file.
 */
export async function writeReports(raw: RawRunOptions, report: Report, comparison: Comparison | null, io: CliIo, redactor: Redactor): Promise<string[]> {
  const problems: string[] = [];
  const out = async (format: 'json' | 'junit' | 'html' | 'markdown', path: string | undefined) => {
    if (path === undefined) return;
    const text = redactor.redact(format === 'json' && raw.compactJson ? `${JSON.stringify(report)}\n` : await render(format, report));
    if (path === '-') io.stdout.write(text);
    else {
      const problem = writeOutput(`--${format}`, path, text);
      if (problem !== null) problems.push(problem);
    }
  };
  await out('json', raw.json);
  await out('junit', raw.junit);
  await out('html', raw.html);
  await out('markdown', raw.markdown);
  await githubOutputs(report, io, redactor);
  if (raw.quiet) return problems;
  // With a report on stdout, the human summary goes to stderr so the pipe stays machine-readable.
  const toStderr = raw.json === '-' || raw.markdown === '-';
  const stream = toStderr ? io.stderr : io.stdout;
  const color = useColor(io, raw.color, toStderr ? io.stderrTTY : io.stdoutTTY);
  stream.write(redactor.redact(await render('table', report, color)));
  if (comparison) {
    const { renderComparison } = await import('../reporters/compare-table.js');
    stream.write(`\n${redactor.redact(renderComparison(comparison, { color }))}`);
  }
  return problems;
}

/** A Markdown summary under GitHub's 1 MiB step-summary limit, and one annotation per failed SLA. */
async function githubOutputs(report: Report, io: CliIo, redactor: Redactor): Promise<void> {
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    const { MAX_STEP_SUMMARY_BYTES } = await import('../reporters/markdown.js');
    let md = redactor.redact(await render('markdown', report));
    if (Buffer.byteLength(md) > MAX_STEP_SUMMARY_BYTES) md = md.slice(0, MAX_STEP_SUMMARY_BYTES / 2);
    try {
      appendFileSync(summaryFile, `${md}\n`);
    } catch (error) {
      io.stderr.write(`crmload: warning: cannot append to GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code})\n`);
    }
  }
  if (io.env.GITHUB_ACTIONS === 'true') {
    const { renderGithubAnnotations } = await import('../reporters/github.js');
    const annotations = renderGithubAnnotations(report);
    if (annotations) io.stdout.write(redactor.redact(annotations.endsWith('\n') ? annotations : `${annotations}\n`));
  }
}
