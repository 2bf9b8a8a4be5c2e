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

export function defaultStepName(method: string, path: string): string {
  return `${method} ${templatePath(path)}`;
}
