/**
 * A loaded feeder as VUs read it: rows shared read-only by every VU, one row per iteration by the
 * feeder's mode. `unique` rows are striped over shards like the arrivals: shard k of n takes rows
 * k, k+n, k+2n, … in order, so the union of the shards uses each row at most once.
 */
import type { Feeder } from './feeder-types.js';
import { mixSeed } from './rng.js';

/** A feeder with its parsed rows, as the CLI loaded it. */
export interface LoadedFeeder {
  feeder: Feeder<any>;
  /** The file it was read from (for messages). */
  file: string;
  rows: readonly object[];
}

/** A feeder's rows are loaded by the CLI before the run, keyed by the declared feeder. */
export type LoadedData = ReadonlyMap<Feeder<any>, LoadedFeeder>;

/** The row of an iteration, or `null` when a unique feeder has none left. */
export class FeederTable {
  private taken = 0;

  constructor(
    readonly name: string,
    readonly loaded: LoadedFeeder,
    private readonly seed: number,
    private readonly shard: { index: number; total: number } | null,
  ) {}

  get mode(): Feeder['mode'] {
    return this.loaded.feeder.mode;
  }

  /** The row for iteration `iterationInTest` (global index); null once a unique feeder is used up. */
  take(iterationInTest: number): object | null {
    const rows = this.loaded.rows;
    switch (this.loaded.feeder.mode) {
      case 'random':
        return rows[mixSeed(this.seed, iterationInTest) % rows.length];
      case 'unique': {
        const shard = this.shard ?? { index: 0, total: 1 };
        const index = this.taken * shard.total + shard.index;
        if (index >= rows.length) return null;
        this.taken++;
        return rows[index];
      }
      default:
        return rows[iterationInTest % rows.length];
    }
  }
}
