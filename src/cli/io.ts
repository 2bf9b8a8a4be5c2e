/** The process-facing edges the commands use, gathered so commands stay testable. */
import { hostname, cpus } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Environment } from '../report/types.js';

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  stderrStream: NodeJS.WriteStream;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  version: string;
}

/** Colour only on a TTY, and never with NO_COLOR (any non-empty value) or --no-color. */
export function useColor(io: CliIo, flag: boolean | undefined, tty: boolean): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return tty;
}

export function environment(version: string): Environment {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    hostname: hostname(),
    crmloadVersion: version,
  };
}

export function runId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}
