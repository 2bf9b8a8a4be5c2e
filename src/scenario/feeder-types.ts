/** Data feeders (DESIGN §2 `vu.data`): what `csv()` and `json()` declare. */

/** A row of a CSV feeder: header names to strings. */
export type Row = Record<string, string>;

/**
 * How iterations take rows: `sequential` by global iteration index (wrapping around), `random` drawn
 * from the seeded RNG, `unique` each row at most once in the whole run (striped over shards like the
 * arrivals).
 */
export type FeederMode = 'sequential' | 'random' | 'unique';

/** What happens when a `unique` feeder has no row left: stop the run, or fail the iteration. */
export type FeederExhausted = 'stop' | 'fail';

export interface FeederOptions {
  /** Default `sequential`. */
  mode?: FeederMode;
  /** For `unique`: default `stop`. */
  exhausted?: FeederExhausted;
}

/** A declared feeder: a file, parsed once before the run and shared read-only by every VU. */
export interface Feeder<R = Row> {
  readonly kind: 'feeder';
  readonly format: 'csv' | 'json';
  /** As written: relative to the module that called csv()/json(), or absolute. */
  readonly path: string;
  /** The file of the module that declared it, when known (relative paths resolve against it). */
  readonly declaredIn: string | null;
  readonly mode: FeederMode;
  readonly exhausted: FeederExhausted;
  /** Type only: the row type. */
  readonly __row?: R;
}

/** The feeders of a scenario, by name. */
export type FeederMap = Record<string, Feeder<any>>;

/** `vu.data`'s type: each feeder's row type by name. */
export type RowsOf<D> = { readonly [K in keyof D]: D[K] extends Feeder<infer R> ? R : never };
