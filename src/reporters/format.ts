/**
 * Number, duration and label formatting shared by the reporters. Pure and locale-independent, so
 * every reporter prints the same value the same way on every machine. `null` always renders as "-".
 */
import type { IterationCounters, LoadConfig, RequestCounters, RunInfo, SlaResult } from '../report/types.js';

/** What a missing value looks like in every reporter. */
export const NONE = '-';

/** Round to `digits` significant digits, keeping trailing zeros ("68.0", "1.20"). */
function significant(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  const fixed = value.toFixed(decimals);
  // Rounding can carry into a new digit (99.95 → "100.0"): drop the surplus decimal.
  const digitsShown = fixed.replace(/^-?0*\.?0*/, '').replace('.', '').length;
  return digitsShown > digits && decimals > 0 ? value.toFixed(decimals - 1) : fixed;
}

/**
 * A latency in milliseconds, to 3 significant digits in the unit that reads best:
 * 0.412 → "412µs", 12.34 → "12.3ms", 1240 → "1.24s".
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  const abs = Math.abs(ms);
  if (abs < 1) {
    const us = Math.round(ms * 1000);
    return Math.abs(us) >= 1000 ? `${significant(ms, 3)}ms` : `${us}µs`;
  }
  if (abs < 1000) {
    const text = significant(ms, 3);
    return Number(text) >= 1000 ? `${significant(ms / 1000, 3)}s` : `${text}ms`;
  }
  return `${significant(ms / 1000, 3)}s`;
}

/** A run length in milliseconds as a clock reading: "850ms", "10s", "12.5s", "1m30s", "2h05m". */
export function formatElapsed(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h${pad(m)}m` : `${m}m${pad(s)}s`;
}

/** An integer count with thousands separators: 1200 → "1,200". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE;
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** A per-second rate: 2 decimals below 10, 1 below 1000, then grouped integers ("4.25", "119.2", "1,234"). */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return NONE;
  const abs = Math.abs(perSecond);
  if (abs >= 1000) return formatCount(Math.round(perSecond));
  return perSecond.toFixed(abs < 10 ? 2 : 1);
}

/** A rate with its unit: "119.2/s"; "-" without a value. */
export function formatPerSecond(perSecond: number | null | undefined): string {
  const text = formatRate(perSecond);
  return text === NONE ? NONE : `${text}/s`;
}

/**
 * A percentage (0–100) with up to 2 decimals, trailing zeros dropped. Never rounds a value that is
 * not exactly 0 or 100 onto those ends (99.9996 → "99.9996%", not "100%"): that would hide failures.
 */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return NONE;
  let decimals = 2;
  let text = percent.toFixed(decimals);
  const onEdge = (t: string) => (Number(t) === 100 && percent !== 100) || (Number(t) === 0 && percent !== 0);
  while (onEdge(text) && decimals < 4) text = percent.toFixed(++decimals);
  if (onEdge(text)) return percent > 50 ? '>99.9999%' : '<0.0001%';
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text}%`;
}

/** A byte count in binary units, 3 significant digits: 614400 → "600 KiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return NONE;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${significant(value, 3)} ${units[unit]}`;
}

/** A number with at most `decimals` decimals and no trailing zeros: 0.0412 → "0.041". */
export function formatNumber(n: number | null | undefined, decimals = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE;
  return formatCount(Number(n.toFixed(decimals)));
}

/** An axis tick label: compact, no unit ("0", "2.5", "120", "12,000"). */
export function formatAxisTick(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 10_000) return formatCount(Math.round(value));
  if (abs >= 10) return String(Math.round(value * 10) / 10);
  return String(Math.round(value * 1000) / 1000);
}

/** Seconds since the start as a short time-axis label: "45s", "2m", "1m30s", "1h5m". */
export function formatAxisSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (Math.abs(s) < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return m > 0 ? `${h}h${m}m` : `${h}h`;
  return rest > 0 ? `${m}m${rest}s` : `${m}m`;
}

/** A value in an SLA metric's canonical unit (ms, %, /s, /m, count, fraction, …). */
export function formatSlaValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  switch (unit) {
    case 'ms':
      return formatDuration(value);
    case '%':
      return formatPercent(value);
    case '/s':
      return formatPerSecond(value);
    case '/m':
      return `${formatRate(value)}${unit}`;
    case '':
    case 'count':
    case 'fraction':
      return formatNumber(value);
    default:
      return `${formatNumber(value)} ${unit}`;
  }
}

/** Drop trailing zeros after a decimal point, as a target is written: "1.00s" → "1s", "99.90%" → "99.9%". */
function trimZeros(text: string): string {
  return text.replace(/(\.\d*?)0+(?!\d)/g, '$1').replace(/\.(?!\d)/g, '');
}

/** The target side of an SLA, as written rather than measured: "< 400ms", "< 1s". */
export function formatSlaTarget(result: SlaResult): string {
  return `${result.op} ${trimZeros(formatSlaValue(result.target, result.unit))}`;
}

/** The measured side of an SLA, or its reason ("no data") when there is no value. */
export function formatSlaMeasured(result: SlaResult): string {
  if (result.actual === null) return result.reason ?? 'no data';
  return formatSlaValue(result.actual, result.unit);
}

/**
 * A non-negative number with `decimals` decimals, or more (up to `decimals + 2`) when fewer would show
 * a value that is not 0 as "0": a margin of 0.001 pp must not read "-0 pp".
 */
function formatSmall(abs: number, decimals: number): string {
  let shown = decimals;
  while (abs !== 0 && Number(abs.toFixed(shown)) === 0 && shown < decimals + 2) shown++;
  if (abs !== 0 && Number(abs.toFixed(shown)) === 0) return `<${(10 ** -shown).toFixed(shown)}`;
  return formatNumber(abs, shown);
}

/** The margin with an explicit sign ("+389ms", "-68.0ms"); percent margins are percentage points. */
export function formatSlaMargin(result: SlaResult): string {
  const margin = result.margin;
  if (margin === null || !Number.isFinite(margin)) return NONE;
  const sign = margin > 0 ? '+' : margin < 0 ? '-' : '';
  const abs = Math.abs(margin);
  if (result.unit === '%') return `${sign}${formatSmall(abs, 2)} pp`;
  if (result.unit === '' || result.unit === 'fraction') return `${sign}${formatSmall(abs, 3)}`;
  return `${sign}${formatSlaValue(abs, result.unit)}`;
}

/** One-line explanation of an SLA result: "measured 168ms, target < 100ms" or "no data". */
export function describeSlaOutcome(result: SlaResult): string {
  if (result.actual === null) return result.reason ?? 'no data';
  return `measured ${formatSlaMeasured(result)}, target ${formatSlaTarget(result)}`;
}

/**
 * Errors of a block by kind, most frequent first: "2 http5xx, 1 timeout", or "-" when none.
 * Interrupted requests are listed too when the counters carry them apart from `errorsByKind`.
 */
export function formatErrorsByKind(counters: Pick<RequestCounters, 'errorsByKind'> & { interrupted?: number }): string {
  const entries: Array<[string, number]> = Object.entries(counters.errorsByKind).filter(
    (e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0,
  );
  if ((counters.interrupted ?? 0) > 0 && !entries.some(([kind]) => kind === 'interrupted')) {
    entries.push(['interrupted', counters.interrupted ?? 0]);
  }
  if (entries.length === 0) return NONE;
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.map(([kind, n]) => `${formatCount(n)} ${kind}`).join(', ');
}

/** A rate of iterations as given: per second, or per minute or hour when under 1/s would round to 0 ("2 it/min", "1 it/h"). */
function formatArrivalRate(perSecond: number): string {
  if (perSecond >= 0.995 || perSecond === 0) return `${formatNumber(perSecond, 2)} it/s`;
  if (perSecond * 60 >= 0.995) return `${formatNumber(perSecond * 60, 2)} it/min`;
  return `${formatNumber(perSecond * 3600, 2)} it/h`;
}

/** The load model in words: "open · 120 it/s · max 200 VUs", "closed · 10 VUs", "open · 3 stages". */
export function describeLoad(load: LoadConfig): string {
  const parts: string[] = [load.model];
  if (load.stages && load.stages.length > 0) {
    const peak = Math.max(...load.stages.map((s) => s.target));
    const unit = load.model === 'open' ? 'it/s' : 'VUs';
    parts.push(`${load.stages.length} stage${load.stages.length === 1 ? '' : 's'} up to ${formatCount(peak)} ${unit}`);
  } else if (load.model === 'open' && load.rate !== undefined) {
    parts.push(formatArrivalRate(load.rate));
  } else if (load.vus !== undefined) {
    parts.push(`${formatCount(load.vus)} VU${load.vus === 1 ? '' : 's'}`);
  }
  if (load.arrivals === 'poisson') parts.push('Poisson arrivals');
  if (load.model === 'open' && load.maxVus !== undefined) parts.push(`max ${formatCount(load.maxVus)} VUs`);
  if (load.iterations !== undefined) parts.push(`${formatCount(load.iterations)} iterations`);
  return parts.join(' · ');
}

/** What became of the iterations (journeys), as `[count, outcome]`. */
export type IterationOutcome = readonly [count: number, outcome: 'started' | 'completed' | 'failed' | 'interrupted' | 'dropped'];

/**
 * The iterations' outcomes to show: started, completed and failed always; interrupted when any;
 * dropped in the open model (where it can happen) or when any.
 */
export function iterationOutcomes(iterations: IterationCounters, model: LoadConfig['model']): IterationOutcome[] {
  const out: IterationOutcome[] = [[iterations.started, 'started'], [iterations.completed, 'completed'], [iterations.failed, 'failed']];
  if (iterations.interrupted > 0) out.push([iterations.interrupted, 'interrupted']);
  if (iterations.dropped > 0 || model === 'open') out.push([iterations.dropped, 'dropped']);
  return out;
}

/** The run's status in capitals: "COMPLETED", or "ABORTED (SIGINT)". */
export function describeStatus(run: Pick<RunInfo, 'status' | 'abortReason'>): string {
  if (run.status !== 'aborted') return 'COMPLETED';
  return run.abortReason ? `ABORTED (${run.abortReason})` : 'ABORTED';
}

/**
 * A merged report with shards missing (`merge --allow-partial`): "INCOMPLETE: shards 3, 4 of 4
 * missing", or null for a whole run. Every reporter shows it so partial numbers are never mistaken.
 */
export function describeIncomplete(run: Pick<RunInfo, 'incomplete' | 'mergedFrom'>): string | null {
  const missing = run.incomplete?.missingShards;
  if (!missing?.length) return null;
  const total = (run.mergedFrom ?? 0) + missing.length;
  return `INCOMPLETE: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${total} missing; these numbers cover ${run.mergedFrom ?? 0} of ${total} shards`;
}

/** Count the failed SLA results. */
export function countFailedSlas(results: readonly SlaResult[]): number {
  return results.filter((r) => !r.passed).length;
}
