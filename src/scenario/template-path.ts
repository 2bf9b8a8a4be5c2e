/**
 * Default metric names: method + path with ids templated (`GET /api/leads/:id`), so per-step
 * metrics never explode in cardinality. The query string is dropped.
 *
 * An id segment is one of: digits; a UUID; 16+ hex digits; letters, digits, `_` and `-` with at
 * least one digit — unless it reads as a word with a short number (`v1`, `oauth2`, `p95`: up to 6
 * characters, letters then 1–2 digits). Scanned character by character: this runs for every request
 * whose path carries an id, so it splits nothing and matches no regular expression.
 */

const SLASH = 47;

export function templatePath(path: string): string {
  const q = path.indexOf('?');
  const end = q === -1 ? path.length : q;
  let out = '';
  let copied = 0;
  let segment = 0;
  for (let i = 0; i <= end; i++) {
    if (i < end && path.charCodeAt(i) !== SLASH) continue;
    if (isIdSegment(path, segment, i) && !isWordLike(path, segment, i)) {
      out += path.slice(copied, segment) + ':id';
      copied = i;
    }
    segment = i + 1;
  }
  if (copied === 0) return end === path.length ? path : path.slice(0, end);
  return out + path.slice(copied, end);
}

/** Default names already worked out, by method then path; bounded (paths with ids are endless). */
const NAMES = new Map<string, Map<string, string>>();
const MAX_CACHED_PATHS = 2_000;
let cachedPaths = 0;

/** `GET /api/leads/:id` for `GET /api/leads/42` (worked out once per path, up to a bound). */
export function defaultStepName(method: string, path: string): string {
  let byPath = NAMES.get(method);
  const known = byPath?.get(path);
  if (known !== undefined) return known;
  const name = `${method} ${templatePath(path)}`;
  if (cachedPaths < MAX_CACHED_PATHS) {
    if (!byPath) NAMES.set(method, (byPath = new Map()));
    byPath.set(path, name);
    cachedPaths++;
  }
  return name;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const DASH = 45;
const UNDERSCORE = 95;

function isIdSegment(s: string, start: number, end: number): boolean {
  const length = end - start;
  if (length === 0) return false;
  let digit = false;
  let hexOnly = true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digit = true;
    else if (!isLetter(c) && c !== DASH && c !== UNDERSCORE) return false;
    if (!isHex(c)) hexOnly = false;
  }
  return digit || (hexOnly && length >= 16) || isUuid(s, start, end);
}

/** 8-4-4-4-12 hex digits. */
function isUuid(s: string, start: number, end: number): boolean {
  if (end - start !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(start + i);
    if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== DASH : !isHex(c)) return false;
  }
  return true;
}

/** Words with digits that are not ids (`v1`, `oauth2`, `p95`): up to 6 characters, letters then 1–2 digits. */
function isWordLike(s: string, start: number, end: number): boolean {
  if (end - start > 6) return false;
  let i = start;
  while (i < end && isLetter(s.charCodeAt(i))) i++;
  const letters = i - start;
  const digits = end - i;
  if (letters === 0 || digits < 1 || digits > 2) return false;
  for (; i < end; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}
