/**
 * The CLI in this process (`execute(argv, io)`) with captured output: for bad-input cases, which end
 * before anything is started or sent. Runs that send requests are tested through the built CLI.
 */
import { execute } from '../../src/cli/main.js';
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
