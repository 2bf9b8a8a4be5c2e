/** The `cache` lever: whole JSON answers of read routes, tagged by the tables they read. */
import type { Table } from '../db/schema.js';

/** A cached answer, ready to send. */
export interface CachedReply {
  status: number;
  body: string;
}

interface Entry extends CachedReply {
  tags: readonly Table[];
}

/** An LRU of serialised answers; a write to a table drops every answer that read it. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTable = new Map<Table, Set<string>>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 10_000) {}

  /** The cached answer for a key (method + path + query), refreshed as most recently used. */
  get(key: string): CachedReply | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry;
  }

  /** Stores an answer that depends on `tags`, evicting the least recently used beyond the bound. */
  set(key: string, tags: readonly Table[], reply: CachedReply): void {
    this.delete(key);
    this.entries.set(key, { ...reply, tags });
    for (const tag of tags) {
      let keys = this.byTable.get(tag);
      if (!keys) this.byTable.set(tag, (keys = new Set()));
      keys.add(key);
    }
    if (this.entries.size > this.maxEntries) this.delete(this.entries.keys().next().value!);
  }

  /** Drops every answer that read one of `tables`. */
  invalidate(tables: readonly Table[]): void {
    for (const table of tables) {
      for (const key of this.byTable.get(table) ?? []) this.delete(key);
    }
  }

  /** Number of cached answers. */
  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) this.byTable.get(tag)?.delete(key);
  }
}
