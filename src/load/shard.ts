/**
 * Shard math (DESIGN §7): a shard is a deterministic slice of the one-machine plan. Integer
 * quantities are split so the shares add up exactly; open-model arrivals and closed-model iteration
 * numbers are striped by global index (j runs on shard j mod n). Pure.
 */

/** One shard of a run: `index` is 0-based here (the CLI and the report say 1-based). */
export interface ShardSlice {
  index: number;
  total: number;
}

/**
 * Shard k's share (k 0-based) of an integer quantity V split over n shards:
 * `floor(V/n) + (k < V mod n ? 1 : 0)`. The shares of k = 0…n−1 add up to V exactly.
 */
export function share(value: number, k: number, n: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`share: ${value} is not a count`);
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`share: shard ${k} of ${n}`);
  return Math.floor(value / n) + (k < value % n ? 1 : 0);
}

/** This slice's share of `value` (the whole when there is no slice). */
export function shareOf(value: number, slice: ShardSlice | null | undefined): number {
  return slice ? share(value, slice.index, slice.total) : value;
}

/** Does global index `j` (arrival or iteration) belong to this slice? */
export function ownsIndex(j: number, slice: ShardSlice | null | undefined): boolean {
  return !slice || j % slice.total === slice.index;
}

/** The first global index at or after `j` that belongs to this slice. */
export function firstOwnedFrom(j: number, slice: ShardSlice | null | undefined): number {
  if (!slice) return j;
  const offset = (slice.index - (j % slice.total) + slice.total) % slice.total;
  return j + offset;
}
