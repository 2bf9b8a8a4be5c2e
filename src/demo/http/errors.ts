/** Expected HTTP failures, thrown by handlers and turned into `{error: {code, message}}` bodies. */

/** An answer other than success, with a stable machine-readable code. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 400: the request itself is malformed (bad JSON, bad query parameter). */
export function badRequest(code: string, message: string, details?: string[]): HttpError {
  return new HttpError(400, code, message, details);
}

/** 404: no such resource. */
export function notFound(what: string, id?: number | string): HttpError {
  return new HttpError(404, 'not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);
}

/** 409: the resource is in a state that forbids the operation. */
export function conflict(code: string, message: string): HttpError {
  return new HttpError(409, code, message);
}

/** 422: well-formed JSON whose fields do not validate; lists every problem. */
export function unprocessable(details: string[]): HttpError {
  return new HttpError(422, 'validation_failed', details.join('; '), details);
}

/** The JSON body of an error answer. */
export function errorBody(error: HttpError): { error: { code: string; message: string; details?: string[] } } {
  const body: { code: string; message: string; details?: string[] } = { code: error.code, message: error.message };
  if (error.details) body.details = error.details;
  return { error: body };
}
