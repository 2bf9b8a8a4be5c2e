/** Output files: checked before the run, written atomically (temp file + rename) after it. */
import { accessSync, constants, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EnvironmentError } from '../errors.js';

/** Problems with an output path, or none: a missing, unwritable directory or a path that is a directory. */
export function checkOutputPath(flag: string, path: string | undefined, allowStdout: boolean): string[] {
  if (path === undefined) return [];
  if (path === '-') return allowStdout ? [] : [`${flag} -: this report cannot go to stdout; give a file name`];
  if (!path.trim()) return [`${flag}: the file name is empty`];
  const full = resolve(path);
  const dir = dirname(full);
  try {
    if (!statSync(dir).isDirectory()) return [`${flag} ${path}: ${dir} is not a directory`];
  } catch {
    return [`${flag} ${path}: directory ${dir} does not exist`];
  }
  try {
    if (statSync(full).isDirectory()) return [`${flag} ${path}: is a directory; give a file name`];
  } catch {
    // does not exist yet: fine
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return [`${flag} ${path}: directory ${dir} is not writable`];
  }
  return [];
}

/** Plain words for the system errors a write can meet; the code stays in the message for searching. */
const WRITE_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EFBIG: 'the file is larger than allowed (EFBIG: a file-size limit, ulimit -f, or the file system)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EDQUOT: 'the disk quota is exceeded',
  ENOENT: 'the directory is gone',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'the path is a directory',
  EIO: 'an input/output error on the device',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
};

/**
 * One line for a write that failed because of the environment (a system error with a code):
 * `cannot write --json r.json: no space left on the device (ENOSPC)`. Null for anything else (a bug).
 */
export function describeWriteError(flag: string, path: string, error: unknown): string | null {
  const reason = writeErrorReason(error);
  return reason === null ? null : `cannot write ${flag} ${path}: ${reason}`;
}

/** Why a write failed, in plain words with its code ("no space left on the device (ENOSPC)"); null for what is not a system error (a bug). */
export function writeErrorReason(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (!(error instanceof Error) || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return null;
  const known = WRITE_ERRORS[code];
  return known === undefined ? error.message : known.includes(`(${code}`) ? known : `${known} (${code})`;
}

/** Write an output file; returns the environment problem as one line (null when written). A bug still throws. */
export function writeOutput(flag: string, path: string, content: string): string | null {
  try {
    writeFileAtomic(path, content);
    return null;
  } catch (error) {
    const problem = describeWriteError(flag, path, error);
    if (problem === null) throw error;
    return problem;
  }
}

/** An environment problem from {@link writeOutput} as an EnvironmentError (exit 4); nothing when there is none. */
export function throwIfProblem(problem: string | null): void {
  if (problem !== null) throw new EnvironmentError([problem]);
}

/** Write a file atomically: a reader sees the old file or the whole new one, never a torn one. */
export function writeFileAtomic(path: string, content: string): void {
  const full = resolve(path);
  const tmpDir = mkdtempSync(join(dirname(full), `.${basename(full)}.`));
  const tmp = join(tmpDir, 'part');
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, full);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}
