/** Classify a failed exchange into one of the error kinds of DESIGN §3. Pure. */
import type { ErrorKind } from '../error-kinds.js';

/** Thrown into an exchange when its total deadline passes. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  readonly code = 'CRMLOAD_DEADLINE';
}

/** Thrown into an exchange still in flight when the run's grace period ends. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  readonly code = 'CRMLOAD_INTERRUPTED';
}

const BY_CODE: Record<string, ErrorKind> = {
  CRMLOAD_DEADLINE: 'timeout',
  CRMLOAD_INTERRUPTED: 'interrupted',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'connect',
  EHOSTUNREACH: 'connect',
  ENETUNREACH: 'connect',
  EADDRNOTAVAIL: 'connect',
  EADDRINUSE: 'connect',
  EMFILE: 'connect',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  UND_ERR_DESTROYED: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_INVALID_ARG: 'protocol',
  UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE: 'protocol',
  UND_ERR_INFO: 'protocol',
};

/** Error kind of a transport error (anything that prevented a complete response). */
export function classifyError(error: unknown): ErrorKind {
  const code = errorCode(error);
  if (code) {
    const kind = BY_CODE[code];
    if (kind) return kind;
    if (code.startsWith('HPE_')) return 'protocol';
    if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL|HOSTNAME/i.test(code)) return 'tls';
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause && cause !== error) return classifyError(cause);
  return 'reset';
}

function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** Error kind implied by an HTTP status, or null when the status is a success. */
export function classifyStatus(status: number): ErrorKind | null {
  if (status < 400) return null;
  if (status === 429) return 'throttled';
  if (status >= 500) return 'http5xx';
  return 'http4xx';
}
