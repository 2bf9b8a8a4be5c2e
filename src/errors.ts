/** Expected failures, each mapped to one stderr line and an exit code by the CLI's single catch. */

/** One or more problems with options, scenario, SLA expressions or URLs. Exit 2, one line per issue. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly issues: string[];
  constructor(issues: string[] | string, options?: { cause?: unknown }) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(list.join('\n'), options);
    this.issues = list;
  }
}

/** A report file that cannot be read, parsed or validated. Exit 2. */
export class ReportFileError extends Error {
  override name = 'ReportFileError';
}

