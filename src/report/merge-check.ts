/**
 * The strict checks `crmload merge` makes on a set of shard reports before merging anything: each a
 * shard of the same plan, counts agreeing, every index once. Each failure is one line naming the file.
 */
import { ReportFileError } from '../errors.js';
import type { Report } from './types.js';

/** A report with the name it was read from. */
export interface NamedReport {
  source: string;
  report: Report;
}

export interface ShardSet {
  /** The run's shard count. */
  count: number;
  /** Shard indices (1-based) with no report. */
  missing: number[];
}

/**
 * @throws ReportFileError naming the file: not a shard report, another plan, another shard count, an
 *   index given twice, or (without `allowPartial`) shards missing
 */
export function checkShardSet(set: readonly NamedReport[], allowPartial: boolean): ShardSet {
  if (set.length === 0) throw new ReportFileError('merge: no report given');
  const first = set[0];
  const seen = new Map<number, string>();
  for (const { source, report } of set) {
    const shard = report.run.shard;
    if (!shard) throw new ReportFileError(`${source}: not a shard report (run.shard is null); merge takes the reports of crmload run --shard i/n`);
    if (report.run.mergedFrom !== undefined) throw new ReportFileError(`${source}: already a merged report; merge the shard reports themselves`);
    if (!report.run.planHash) throw new ReportFileError(`${source}: has no run.planHash (written by a crmload older than 1.1 reports); re-run the shard`);
    if (report.run.planHash !== first.report.run.planHash) {
      throw new ReportFileError(`${source}: plan hash ${report.run.planHash.slice(0, 12)}… differs from ${first.source}'s ${first.report.run.planHash!.slice(0, 12)}… (another scenario version, target or load options)`);
    }
    const count = first.report.run.shard!.count;
    if (shard.count !== count) throw new ReportFileError(`${source}: shard ${shard.index} of ${shard.count}, but ${first.source} is a shard of ${count}`);
    const twice = seen.get(shard.index);
    if (twice !== undefined) throw new ReportFileError(`${source}: shard ${shard.index} of ${count} is given twice (also ${twice})`);
    seen.set(shard.index, source);
  }
  const count = first.report.run.shard!.count;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length && !allowPartial) {
    throw new ReportFileError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing (give every shard's report, or --allow-partial to merge what is there)`);
  }
  return { count, missing };
}
