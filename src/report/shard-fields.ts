/**
 * The report fields of distributed runs (schema 1.1, all optional but `shard`): a shard's identity and
 * plan hash, a merged report's provenance, and timeline buckets that line up across shards exactly.
 */

/** Fields of `run` for shards and merged reports. */
export interface RunShardFields {
  /** This report's shard of a distributed run (`--shard i/n`, 1-based), or null for a whole run. */
  shard: { index: number; count: number } | null;
  /** SHA-256 (hex) of what every shard of a run must agree on; `crmload merge` checks it. Since 1.1. */
  planHash?: string;
  /** A merged report: how many shard reports it was merged from. */
  mergedFrom?: number;
  /** `merge --allow-partial` with shards missing: the numbers cover only the shards present. */
  incomplete?: { missingShards: number[] };
}

/** Fields of a timeline bucket in shard reports. */
export interface TimelineShardFields {
  /** Wall-clock start of the bucket, epoch ms, so shards line up by absolute time. */
  at?: number;
  /** The bucket's latency histogram (µs, compressed base64 V2), for exact merged percentiles. */
  hdr?: string;
}
