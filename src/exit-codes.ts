/** The exit codes of crmload: one table, used by the CLI, `--help` and the README. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  badInput: 2,
  slaFailed: 3,
  environment: 4,
  sighup: 129,
  sigint: 130,
  sigterm: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Each exit code with its meaning, as `--help` prints it (the README's table says the same). */
export const EXIT_CODE_TABLE: ReadonlyArray<readonly [number, string]> = [
  [ExitCode.ok, 'run completed and every SLA passed'],
  [ExitCode.internal, 'internal error (a bug)'],
  [ExitCode.badInput, 'bad input: usage, options, scenario, SLA expression, report file (nothing was sent); or setup() failed (no load, no report)'],
  [ExitCode.slaFailed, 'an SLA failed, the run was aborted by an SLA, or compare found a regression (reports written first)'],
  [ExitCode.environment, 'environment failure: a report could not be written (disk full, file too large, permission denied, read-only file system); the others were'],
  [ExitCode.sigint, 'interrupted by SIGINT (partial report written, marked aborted)'],
  [ExitCode.sigterm, `interrupted by SIGTERM (partial report written, marked aborted; ${ExitCode.sighup} for SIGHUP)`],
];
