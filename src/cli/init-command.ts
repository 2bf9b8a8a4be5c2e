/**
 * `crmload init [DIR]`: scaffold a scenario, its data, a tsconfig.json for editor types and an
 * example CI workflow. Existing files are never overwritten (they are listed as kept).
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, EnvironmentError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from './io.js';
import { writeErrorReason } from './outputs.js';
import { CI_WORKFLOW, JOURNEY, USERS_CSV, tsconfig } from './init-templates.js';

/** Where this crmload's type declarations are, for a project that does not depend on crmload. */
function typesPathFor(dir: string): string | null {
  try {
    createRequire(join(dir, 'package.json')).resolve('crmload');
    return null; // the project's own crmload brings its types
  } catch {
    return fileURLToPath(new URL('../index.d.ts', import.meta.url));
  }
}

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(…, { recursive: true })` loops for ever, at
 * full CPU and deaf to signals, where mkdir says ENOENT under a directory that exists (`/proc/x`).
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing.reverse()) mkdirSync(level);
}

/** A file that cannot be created: a path that cannot hold it is bad input (2), the machine refusing is 4. */
function creationProblem(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // ENOENT under a directory that exists: no directory can be made there (/proc, /sys).
  const reason = code === 'ENOENT' ? 'no directory can be made there (ENOENT)' : writeErrorReason(error);
  if (reason === null) return error as Error;
  const message = `init: cannot create ${path}: ${reason}`;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' ? new ConfigError(message) : new EnvironmentError([message]);
}

export function initCommand(dirArg: string | undefined, io: CliIo): number {
  const dir = resolve(io.cwd, dirArg ?? '.');
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError(`init: ${dir} is a file, not a directory`);
  const files: Array<[string, string]> = [
    ['scenarios/journey.ts', JOURNEY],
    ['scenarios/data/users.csv', USERS_CSV],
    ['tsconfig.json', tsconfig(typesPathFor(dir))],
    ['.github/workflows/load-test.yml', CI_WORKFLOW],
  ];
  const lines: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    if (existsSync(path)) {
      lines.push(`  kept     ${name} (exists)`);
      continue;
    }
    try {
      makeDirectories(dirname(path));
      writeFileSync(path, text);
    } catch (error) {
      throw creationProblem(path, error);
    }
    lines.push(`  created  ${name}`);
  }
  const where = relative(io.cwd, dir) || '.';
  io.stdout.write(`crmload init ${where}\n${lines.join('\n')}\n\n`);
  io.stdout.write(`next: ${where === '.' ? '' : `cd ${where} && `}npx crmload check scenarios/journey.ts && npx crmload run scenarios/journey.ts\n`);
  return ExitCode.ok;
}
