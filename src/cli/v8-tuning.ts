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
