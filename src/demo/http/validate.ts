/** Request validation: JSON bodies against field specs, query parameters, ids. Every problem at once. */
import { badRequest, notFound, unprocessable } from './errors.js';

/** What one body field may hold. */
export interface FieldSpec {
  type: 'string' | 'integer' | 'boolean';
  /** Required on create and replace (PUT). */
  required?: boolean;
  /** May be set to null to clear it. */
  nullable?: boolean;
  /** Maximum string length or integer value. */
  max?: number;
  /** Minimum integer value. */
  min?: number;
  oneOf?: readonly string[];
  format?: 'email' | 'date' | 'datetime';
}

export type FieldSpecs = Record<string, FieldSpec>;

/** create and replace need every required field; patch needs at least one field. */
export type ValidationMode = 'create' | 'replace' | 'patch';

// Fields a client may send back from a GET (PUT of a fetched object); accepted and ignored.
const READ_ONLY = new Set(['id', 'createdAt', 'updatedAt']);

const FORMATS: Record<NonNullable<FieldSpec['format']>, RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
};

/** The body as a plain object, or a 400. */
export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('invalid_body', 'expected a JSON object as request body');
  }
  return body as Record<string, unknown>;
}

function checkValue(name: string, value: unknown, spec: FieldSpec): string | undefined {
  if (value === null) return spec.nullable ? undefined : `${name}: must not be null`;
  if (spec.type === 'boolean') return typeof value === 'boolean' ? undefined : `${name}: expected true or false`;
  if (spec.type === 'integer') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `${name}: expected an integer`;
    if (spec.min !== undefined && value < spec.min) return `${name}: must be >= ${spec.min}`;
    if (spec.max !== undefined && value > spec.max) return `${name}: must be <= ${spec.max}`;
    return undefined;
  }
  if (typeof value !== 'string') return `${name}: expected a string`;
  if (spec.required && value.trim() === '') return `${name}: must not be empty`;
  if (value.length > (spec.max ?? 200)) return `${name}: at most ${spec.max ?? 200} characters`;
  if (spec.oneOf && !spec.oneOf.includes(value)) return `${name}: expected one of ${spec.oneOf.join(', ')}`;
  if (spec.format && value !== '' && !FORMATS[spec.format].test(value)) return `${name}: expected a valid ${spec.format}`;
  return undefined;
}

/**
 * Validates a JSON body against `specs`; returns the known fields that were present.
 * Throws 400 for a non-object body, 422 listing every field problem.
 */
export function validateBody(body: unknown, specs: FieldSpecs, mode: ValidationMode): Record<string, unknown> {
  const input = requireObject(body);
  const issues: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (READ_ONLY.has(name)) continue;
    const spec = specs[name];
    if (!spec) issues.push(`${name}: unknown field`);
    else if (value !== undefined) {
      const issue = checkValue(name, value, spec);
      if (issue) issues.push(issue);
      else fields[name] = value;
    }
  }
  if (mode !== 'patch') {
    for (const [name, spec] of Object.entries(specs)) {
      if (spec.required && input[name] === undefined) issues.push(`${name}: required`);
    }
  } else if (issues.length === 0 && Object.keys(fields).length === 0) {
    issues.push(`expected at least one of ${Object.keys(specs).join(', ')}`);
  }
  if (issues.length > 0) throw unprocessable(issues);
  return fields;
}

/** A positive integer path parameter; anything else cannot name a row, so it is a 404. */
export function idParam(params: Record<string, string>, what: string, name = 'id'): number {
  const raw = params[name] ?? '';
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw notFound(what, raw);
  return id;
}

/** An optional integer query parameter, or a 400. */
export function intQuery(query: URLSearchParams, name: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  throw badRequest('invalid_query', `${name}=${raw}: expected an integer from ${min} to ${max}`);
}

/** An optional query parameter restricted to a set of values, or a 400. */
export function enumQuery<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw badRequest('invalid_query', `${name}=${raw}: expected one of ${allowed.join(', ')}`);
}

/** An optional free-text query parameter (trimmed, at most 200 characters), or a 400. */
export function textQuery(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name)?.trim();
  if (!raw) return undefined;
  if (raw.length > 200) throw badRequest('invalid_query', `${name}: at most 200 characters`);
  return raw;
}
