/** Warnings raised during a run, each kept once per key, never once per request. */
export class Warnings {
  private readonly entries = new Map<string, { message: string; count: number; scopes: Set<string> | null }>();

  constructor(private readonly onWarning: (message: string) => void = () => {}) {}

  /**
   * Record a warning the first time its key is seen; later ones are only counted. `scope` (a step
   * name) keeps the count honest when one key spans several scopes: "(×15 in 3 steps)".
   */
  warn(key: string, message: string, scope?: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      entry.count++;
      if (scope !== undefined) entry.scopes?.add(scope);
      return;
    }
    this.entries.set(key, { message, count: 1, scopes: scope !== undefined ? new Set([scope]) : null });
    this.onWarning(message);
  }

  /** Say something live (stderr) that the report already shows in its own way: not kept. */
  notify(message: string): void {
    this.onWarning(message);
  }

  /** Every distinct warning, with a repeat count when it happened more than once. */
  all(): string[] {
    return [...this.entries.values()].map((e) => {
      if (e.count === 1) return e.message;
      const spread = e.scopes && e.scopes.size > 1 ? ` in ${e.scopes.size} steps` : '';
      return `${e.message} (×${e.count}${spread})`;
    });
  }
}

/** What the first failure of each kind looked like: one line per kind, never one per request. */
export function noteFailure(warnings: Warnings, step: string, kind: string, status: number, error: unknown): void {
  if (kind === 'interrupted') return;
  const detail = status && !error ? `HTTP ${status}` : error instanceof Error ? error.message : String(error ?? kind);
  warnings.warn(`failure:${kind}`, `first ${kind} error: ${step}: ${detail}`, step);
}
