/** Per-route request counts, keyed by route template (`GET /api/contacts/:id`), for reconciling in tests. */

/** Key under which requests that matched no route are counted. */
export const UNMATCHED = 'unmatched';

/** Counts every request once, whatever its answer (429 and 503 included). */
export class RequestStats {
  private readonly counts = new Map<string, number>();
  private total = 0;

  /** Counts one request for a route key. */
  count(key: string): void {
    this.total++;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** `{ total, "<METHOD> <template>": n, ... }`; the route counts sum to the total. */
  snapshot(): Record<string, number> {
    return { total: this.total, ...Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))) };
  }
}
