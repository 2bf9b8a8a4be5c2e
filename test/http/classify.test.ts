import { describe, expect, it } from 'vitest';
import { classifyError, classifyStatus, DeadlineError, InterruptedError } from '../../src/http/classify.js';
import type { ErrorKind } from '../../src/error-kinds.js';

/** An error as Node and undici throw them: a message and a stable `code`. */
function coded(code: string, cause?: unknown): Error {
  const error = new Error(`failed: ${code}`, cause === undefined ? undefined : { cause }) as Error & { code: string };
  error.code = code;
  return error;
}

describe('classifyError by code', () => {
  it.each<{ code: string; wanted: ErrorKind }>([
    { code: 'UND_ERR_HEADERS_TIMEOUT', wanted: 'timeout' },
    { code: 'UND_ERR_BODY_TIMEOUT', wanted: 'timeout' },
    { code: 'UND_ERR_CONNECT_TIMEOUT', wanted: 'timeout' },
    { code: 'ETIMEDOUT', wanted: 'timeout' },
    { code: 'ECONNREFUSED', wanted: 'connect' },
    { code: 'EHOSTUNREACH', wanted: 'connect' },
    { code: 'ENETUNREACH', wanted: 'connect' },
    { code: 'EADDRNOTAVAIL', wanted: 'connect' },
    { code: 'EMFILE', wanted: 'connect' },
    { code: 'ECONNRESET', wanted: 'reset' },
    { code: 'EPIPE', wanted: 'reset' },
    { code: 'UND_ERR_SOCKET', wanted: 'reset' },
    { code: 'UND_ERR_CLOSED', wanted: 'reset' },
    { code: 'ENOTFOUND', wanted: 'dns' },
    { code: 'EAI_AGAIN', wanted: 'dns' },
    { code: 'EAI_FAIL', wanted: 'dns' },
    { code: 'CERT_HAS_EXPIRED', wanted: 'tls' },
    { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', wanted: 'tls' },
    { code: 'SELF_SIGNED_CERT_IN_CHAIN', wanted: 'tls' },
    { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', wanted: 'tls' },
    { code: 'ERR_TLS_CERT_ALTNAME_INVALID', wanted: 'tls' },
    { code: 'ERR_SSL_WRONG_VERSION_NUMBER', wanted: 'tls' },
    { code: 'HPE_INVALID_CONSTANT', wanted: 'protocol' },
    { code: 'HPE_HEADER_OVERFLOW', wanted: 'protocol' },
    { code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', wanted: 'protocol' },
    { code: 'UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE', wanted: 'protocol' },
  ])('$code → $wanted', ({ code, wanted }) => {
    expect(classifyError(coded(code))).toBe(wanted);
  });

  it.each<{ name: string; error: unknown; wanted: ErrorKind }>([
    { name: 'our total deadline', error: new DeadlineError('deadline'), wanted: 'timeout' },
    { name: 'interrupted at the end of the run', error: new InterruptedError('stopped'), wanted: 'interrupted' },
  ])('$name → $wanted', ({ error, wanted }) => {
    expect(classifyError(error)).toBe(wanted);
  });
});

describe('classifyError through cause chains', () => {
  it.each<{ name: string; error: unknown; wanted: ErrorKind }>([
    { name: 'fetch failed wrapping ECONNREFUSED', error: new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }), wanted: 'connect' },
    { name: 'two levels down to ENOTFOUND', error: new Error('outer', { cause: new Error('middle', { cause: coded('ENOTFOUND') }) }), wanted: 'dns' },
    { name: 'an unknown code wrapping a TLS error', error: coded('ERR_SOMETHING_ELSE', coded('CERT_HAS_EXPIRED')), wanted: 'tls' },
    { name: 'a known code wins over its cause', error: coded('UND_ERR_HEADERS_TIMEOUT', coded('ECONNRESET')), wanted: 'timeout' },
    { name: 'an AggregateError-like cause', error: new Error('connect', { cause: Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }) }), wanted: 'connect' },
  ])('$name → $wanted', ({ error, wanted }) => {
    expect(classifyError(error)).toBe(wanted);
  });

  it('a self-referencing cause terminates', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(() => classifyError(error)).not.toThrow();
  });
});

describe('classifyStatus', () => {
  it.each<{ status: number; wanted: ErrorKind | null }>([
    { status: 200, wanted: null },
    { status: 201, wanted: null },
    { status: 204, wanted: null },
    { status: 302, wanted: null },
    { status: 304, wanted: null },
    { status: 400, wanted: 'http4xx' },
    { status: 401, wanted: 'http4xx' },
    { status: 404, wanted: 'http4xx' },
    { status: 409, wanted: 'http4xx' },
    { status: 429, wanted: 'throttled' },
    { status: 499, wanted: 'http4xx' },
    { status: 500, wanted: 'http5xx' },
    { status: 502, wanted: 'http5xx' },
    { status: 503, wanted: 'http5xx' },
    { status: 504, wanted: 'http5xx' },
  ])('$status → $wanted', ({ status, wanted }) => {
    expect(classifyStatus(status)).toBe(wanted);
  });
});
