/** Output files: checked before the run, written atomically (temp file + rename) after it. */
import { accessSync, constants, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

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
