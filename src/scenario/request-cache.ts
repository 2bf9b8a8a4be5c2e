/**
 * What repeats from one request to the next, worked out once: where a path goes and its step name
 * (per method and path, for paths without an id: with ids every path differs, and those are
 * templated by a character scan each time), and the run's headers merged with a body's content type
 * and a step's headers object (per object: scenarios pass the same one from `setup()` again and
 * again, and it is checked for changes each time). One memo per
 * scenario and host, shared by all the VUs; bounded, so ids in paths cannot grow it.
 */
import type { VuHost } from './host.js';
import { mergeHeaders, resolvePath, type RequestMemo, type ResolvedPath } from './request.js';

/** Paths remembered per method at most; past it, new ones are resolved each time. */
const MAX_PATHS = 2_000;

type Merged = Readonly<Record<string, string>> | string;

/** A step headers object as it was when merged, and what it gave, by body content type ('' for none). */
interface MergedHeaders {
  keys: string[];
  values: string[];
  byType: Map<string, Merged>;
}

export class RequestCache implements RequestMemo {
  private readonly paths = new Map<string, Map<string, ResolvedPath>>();
  private readonly merged = new WeakMap<object, MergedHeaders>();
  /** The run's headers with a body's content type, by content type. */
  private readonly withType = new Map<string, Merged>();

  resolve(ctx: Pick<VuHost, 'origin' | 'basePath' | 'headers'>, method: string, path: string): ResolvedPath | string {
    let byPath = this.paths.get(method);
    const hit = byPath?.get(path);
    if (hit) return hit;
    const resolved = resolvePath(ctx, method, path);
    // Only paths whose name is the path itself (no id templated away): the ones that come back.
    if (typeof resolved !== 'string' && isLiteral(method, resolved)) {
      if (!byPath) this.paths.set(method, (byPath = new Map()));
      if (byPath.size < MAX_PATHS) byPath.set(path, resolved);
    }
    return resolved;
  }

  headers(base: Readonly<Record<string, string>>, extra: Record<string, string> | undefined, contentType: string | null): Merged {
    if (!extra) {
      if (!contentType) return base;
      let merged = this.withType.get(contentType);
      if (merged === undefined) this.withType.set(contentType, (merged = mergeHeaders(base, undefined, contentType)));
      return merged;
    }
    let entry = this.merged.get(extra);
    if (!entry || !unchanged(entry, extra)) {
      entry = snapshot(extra);
      this.merged.set(extra, entry);
    }
    const key = contentType ?? '';
    let merged = entry.byType.get(key);
    if (merged === undefined) entry.byType.set(key, (merged = mergeHeaders(base, extra, contentType)));
    return merged;
  }
}

function isLiteral(method: string, resolved: ResolvedPath): boolean {
  const q = resolved.target.indexOf('?');
  return resolved.name === `${method} ${q === -1 ? resolved.target : resolved.target.slice(0, q)}`;
}

/** The headers object's own keys and values now: a scenario may change an object it passes again. */
function snapshot(extra: Record<string, string>): MergedHeaders {
  const keys: string[] = [];
  const values: string[] = [];
  for (const key in extra) {
    if (!Object.hasOwn(extra, key)) continue;
    keys.push(key);
    values.push(String(extra[key]));
  }
  return { keys, values, byType: new Map() };
}

function unchanged(entry: MergedHeaders, extra: Record<string, string>): boolean {
  let n = 0;
  for (const key in extra) {
    if (!Object.hasOwn(extra, key)) continue;
    if (entry.keys[n] !== key || entry.values[n] !== String(extra[key])) return false;
    n++;
  }
  return n === entry.keys.length;
}
