/** Output files: an environment failure while writing is one plain line naming the file and the reason (issue 9 #22). */
import { describe, expect, it } from 'vitest';
import { describeWriteError } from '../../src/cli/outputs.js';

function errno(code: string, message = `${code}: something, write`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, syscall: 'write' });
}

describe('describeWriteError', () => {
  it.each([
    { code: 'ENOSPC', reason: 'no space left on the device (ENOSPC)' },
    { code: 'EFBIG', reason: 'the file is larger than allowed (EFBIG: a file-size limit, ulimit -f, or the file system)' },
    { code: 'EACCES', reason: 'permission denied (EACCES)' },
    { code: 'EPERM', reason: 'operation not permitted (EPERM)' },
    { code: 'EROFS', reason: 'the file system is read-only (EROFS)' },
    { code: 'EDQUOT', reason: 'the disk quota is exceeded (EDQUOT)' },
    { code: 'ENOENT', reason: 'the directory is gone (ENOENT)' },
    { code: 'EIO', reason: 'an input/output error on the device (EIO)' },
  ])('$code', ({ code, reason }) => {
    expect(describeWriteError('--json', '/data/r.json', errno(code))).toBe(`cannot write --json /data/r.json: ${reason}`);
  });

  it('an unknown code keeps the system message', () => {
    expect(describeWriteError('--html', 'r.html', errno('EWEIRD', 'EWEIRD: strange, open'))).toBe('cannot write --html r.html: EWEIRD: strange, open');
  });

  it('is null for an error that is not the environment (a bug stays a bug)', () => {
    expect(describeWriteError('--json', 'r.json', new TypeError('x is undefined'))).toBeNull();
  });
});
