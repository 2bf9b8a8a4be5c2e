/**
 * Default metric names: method + path with ids templated (`GET /api/leads/:id`), so per-step
 * metrics never explode in cardinality. The query string is dropped.
 */

const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[0-9A-Za-z_-]*\d[0-9A-Za-z_-]*)$/i;

export function templatePath(path: string): string {
  const q = path.indexOf('?');
  const bare = q === -1 ? path : path.slice(0, q);
  return bare
    .split('/')
    .map((segment) => (segment && ID_SEGMENT.test(segment) && !isWordLike(segment) ? ':id' : segment))
    .join('/');
}

/** Words with digits that are not ids (`v1`, `oauth2`, `p95`): short and mostly letters. */
function isWordLike(segment: string): boolean {
  return segment.length <= 6 && /^[a-z]+\d{1,2}$/i.test(segment);
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
