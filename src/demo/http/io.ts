/** Reading request bodies (bounded) and writing JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, HttpError } from './errors.js';

/** Largest accepted request body: enough for an import of 10,000 contacts. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads the body as text; a 413 as soon as it grows beyond `limit` bytes. */
export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function tooLarge(limit: number): HttpError {
  // The rest of an oversized body is not read: the connection is closed after the answer.
  return new HttpError(413, 'payload_too_large', `request body larger than ${limit} bytes`, undefined, {
    connection: 'close',
  });
}

/** Parses a JSON body; an empty body is `undefined`, malformed JSON a 400. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest('invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Writes a JSON answer (or an empty one for 204) unless the client already went away. */
export function sendJson(
  response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {},
): void {
  sendRaw(response, status, status === 204 || body === undefined ? '' : JSON.stringify(body), headers);
}

/** Writes an already serialised JSON answer. */
export function sendRaw(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  const length = Buffer.byteLength(text);
  response.writeHead(status, {
    ...(length > 0 ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': String(length),
    ...headers,
  });
  response.end(text);
}
