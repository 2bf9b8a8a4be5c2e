/** The exit codes of crmload: one table, used by the CLI, `--help` and the README. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  badInput: 2,
  slaFailed: 3,
  sighup: 129,
  sigint: 130,
  sigterm: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_TABLE: ReadonlyArray<readonly [number, string]> = [
  [0, 'run completed and every SLA passed'],
  [1, 'internal error (a bug)'],
  [2, 'bad input: usage, options, scenario, SLA expression, report file (nothing was sent)'],
  [3, 'an SLA failed, the run was aborted by an SLA, or compare found a regression (reports written first)'],
  [130, 'interrupted by SIGINT (partial report written, marked aborted)'],
  [143, 'interrupted by SIGTERM (partial report written, marked aborted; 129 for SIGHUP)'],
];
