/**
 * The CLI in this process (`execute(argv, io)`) with captured output: for bad-input cases, which end
 * before anything is started or sent. Runs that send requests are tested through the built CLI.
 */
import { buildProgram, execute } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { ROOT } from '../helpers/cli.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The `crmload: error: …` lines. */
  errors: string[];
}

export async function runInProcess(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stderrStream: process.stderr,
    stdoutTTY: false,
    stderrTTY: false,
    env: { NO_COLOR: '1', ...(options.env ?? {}) },
    cwd: options.cwd ?? ROOT,
    version: '0.0.0-test',
  };
  const code = await execute(args, io);
  return { code, stdout, stderr, errors: stderr.split('\n').filter((l) => l.startsWith('crmload: error:')) };
}

/** An io that drops everything (for building the program in parse-only tests). */
export const SILENT_IO = { stdout: { write: () => true }, stderr: { write: () => true } } as unknown as CliIo;

/**
 * Parse argv with the real program, running nothing: every action is replaced by one that keeps what
 * it got. Throws commander's error on an unknown option or a missing argument.
 */
export async function parseOnly(args: string[]): Promise<{ command: string; options: Record<string, unknown> }> {
  const program = buildProgram(SILENT_IO, () => {});
  let got = { command: '', options: {} as Record<string, unknown> };
  for (const command of program.commands) {
    command.action((...values: unknown[]) => {
      got = { command: command.name(), options: values[values.length - 2] as Record<string, unknown> };
    });
  }
  await program.parseAsync(args, { from: 'user' });
  return got;
}
