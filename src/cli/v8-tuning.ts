/**
 * V8 settings for the generator process, applied first thing by bin/crmload.js (before anything else
 * is loaded).
 *
 * undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles it lazily with its baseline
 * compiler (Liftoff) and later recompiles the hot parser function with its optimising compiler
 * (TurboFan) in the background. That one compilation needs about 35 MB of memory for a moment, and
 * it comes mid-run, on top of everything the run holds: the largest item in a run's peak RSS. The
 * parser is worth optimising (Liftoff's code takes 0.3–1 µs more per response), so it is compiled
 * with TurboFan here, eagerly, while the process is still small (about 40 MB); V8's native module
 * cache then hands the same code to undici when it compiles the same bytes on its first connection.
 * Node started with its own WebAssembly flags (`node --liftoff-only …`, NODE_OPTIONS) is left alone.
 */
import { createRequire } from 'node:module';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

const require = createRequire(import.meta.url);

/** Held for the life of the process: the native module cache keeps a module only while it is alive. */
let precompiled: object | null = null;

/** WebAssembly's Module constructor (the DOM typings that declare it as a value are not loaded). */
const WasmModule = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly.Module;

/**
 * Compile undici's llhttp with TurboFan now (the variant undici will load: SIMD unless it is off).
 * `execArgv`/`nodeOptions`: node's own flags; `env`: for undici's UNDICI_NO_WASM_SIMD. Returns what was done.
 */
export function tuneV8(execArgv: readonly string[], nodeOptions: string | undefined, env: Readonly<Record<string, string | undefined>> = {}): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  if (precompiled || given.some((arg) => /liftoff|wasm|turbo/.test(arg))) return [];
  const variants = env.UNDICI_NO_WASM_SIMD === '1' || process.arch === 'ppc64' ? ['llhttp-wasm.js'] : ['llhttp_simd-wasm.js', 'llhttp-wasm.js'];
  v8.setFlagsFromString('--no-liftoff');
  v8.setFlagsFromString('--no-wasm-lazy-compilation');
  v8.setFlagsFromString('--no-wasm-loop-unrolling');
  try {
    for (const file of variants) {
      try {
        precompiled = new WasmModule(require(`undici/lib/llhttp/${file}`) as Uint8Array);
        return [`llhttp (${file}) compiled with TurboFan`];
      } catch {
        // not supported here (SIMD): undici falls back to the next one too
      }
    }
    return [];
  } finally {
    v8.setFlagsFromString('--liftoff');
    v8.setFlagsFromString('--wasm-lazy-compilation');
    v8.setFlagsFromString('--wasm-loop-unrolling');
  }
}

/**
 * The young generation's cap: 4 MB semi-spaces (V8's own default grows them to 16 MB; the cap may be
 * passed by one growth step, see capYoungGeneration). At full speed a run's garbage is short-lived, so
 * the young generation need not be large. Measured against nginx, 50 VUs, one pinned core, with
 * `--trace-gc` (scavenge time per request is steadier than req/s on a shared machine):
 * - no cap: peak RSS 101–106 MB, growing mid-run when V8 doubles the young generation;
 * - 4 MB: 83–86 MB; scavenges cost 0.64 µs per request in quick mode, 0.98 µs in the 3-step journey
 *   (0.62 µs without a cap): within the noise of req/s;
 * - 2 MB: 81–85 MB, but 0.88 and 1.86 µs per request: the journey loses about 5%.
 */
export const SEMI_SPACE_CAP_BYTES = 4 * 1024 * 1024;

/**
 * V8's new-space growth factor for a young generation of `newSpaceBytes` (both semi-spaces, as
 * `v8.getHeapSpaceStatistics()` counts them): 1 (no further growth) once it has reached the cap,
 * else 2 (V8's default), so that it grows back after V8 shrank it in a quiet spell.
 */
export function growthFactorFor(newSpaceBytes: number, capSemiSpaceBytes = SEMI_SPACE_CAP_BYTES): 1 | 2 {
  return newSpaceBytes >= 2 * capSemiSpaceBytes ? 1 : 2;
}

/** While the young generation is below the cap: every GC is looked at (it grows within a few). */
let everyGc: PerformanceObserver | null = null;
/** Once it is at the cap (V8 cannot grow it then): a look a second, for V8 shrinking it in a quiet spell. */
let eachSecond: NodeJS.Timeout | null = null;
let capped = false;
let factor = 0;

/** Set the growth factor for the new space's size now, and watch it as closely as that size needs. */
function watchYoungGeneration(): void {
  const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  const wanted = growthFactorFor(newSpace?.space_size ?? 0);
  if (wanted !== factor) v8.setFlagsFromString(`--semi-space-growth-factor=${(factor = wanted)}`);
  if (wanted === 1) {
    everyGc?.disconnect();
    everyGc = null;
    eachSecond ??= setInterval(watchYoungGeneration, 1_000).unref();
  } else if (!everyGc) {
    everyGc = new PerformanceObserver(watchYoungGeneration);
    everyGc.observe({ entryTypes: ['gc'] });
  }
}

/**
 * Cap the young generation at SEMI_SPACE_CAP_BYTES, from inside the process. `--max-semi-space-size`
 * is read once, when V8 starts, and a shebang cannot pass it portably (BusyBox's env has no -S); the
 * growth factor, though, is read each time V8 grows the new space. So it is set to what
 * {@link growthFactorFor} says after each young-generation GC until the cap is reached (GCs are
 * reported asynchronously, so V8 may grow the space once more meanwhile: 4–8 MB semi-spaces in
 * practice), then once a second. Observing every GC for the whole run cost about 0.5 % of a
 * full-speed run's CPU, and Node's entries for them (buffered until the observer runs) lived long
 * enough to be promoted: the old space grew by 0.33 MB/s until V8's next mark-compact. Node started
 * with its own semi-space flags is left alone. Returns what was done.
 */
export function capYoungGeneration(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  if (capped || given.some((arg) => /semi.space/.test(arg))) return [];
  capped = true;
  watchYoungGeneration();
  return [`young generation capped at ${SEMI_SPACE_CAP_BYTES / 1048576} MB semi-spaces`];
}

/** VUs from which a closed-model run gets V8's own young generation back (see {@link youngGenerationFor}). */
export const MANY_VUS = 1_000;

/**
 * Whether a run keeps the 4 MB cap. A closed-model run of {@link MANY_VUS} or more VUs at its peak
 * does not: its VUs live for the whole run, so every one of them that has done anything since the
 * last scavenge is visited by the next one: each scavenge has a cost of its own, whatever it frees.
 * With 50,000 VUs on 500 connections against nginx (one core), V8's own young generation
 * (semi-spaces up to 16 MB) scavenged 200 times in 15 s instead of 684, and the run needed 56–72
 * instead of 72–77 µs of CPU per request (build 0c7fb04; README, "Benchmarks"). Peak RSS grows by at most 24 MB,
 * next to what the VUs hold (0.56 GB at 50,000).
 */
export function youngGenerationFor(model: 'closed' | 'open', peakVus: number): 'capped' | 'v8' {
  return model === 'closed' && peakVus >= MANY_VUS ? 'v8' : 'capped';
}

/**
 * Undo {@link capYoungGeneration} (V8's flags are the process's: with `--workers`, the main thread's
 * young generation would decide the worker threads' growth).
 */
export function releaseYoungGeneration(): void {
  if (!capped) return;
  capped = false;
  everyGc?.disconnect();
  everyGc = null;
  if (eachSecond) clearInterval(eachSecond);
  eachSecond = null;
  v8.setFlagsFromString(`--semi-space-growth-factor=${(factor = 2)}`);
}
