/**
 * V8 settings for the generator process, applied by the CLI before anything is sent.
 *
 * undici parses HTTP with llhttp compiled to WebAssembly. V8 first compiles it with its baseline
 * compiler (Liftoff), then recompiles the hot parser function with its optimising compiler
 * (TurboFan) in the background, and that one compilation needs about 35 MB of memory for a
 * moment: the single largest item in the peak RSS of a crmload run, short or long. Staying on
 * Liftoff costs about 0.3 µs of CPU per response (0.8 instead of 0.5 µs, measured on the parser
 * alone), about 1.5% of a quick-mode request. Node started with its own WebAssembly flags
 * (`node --wasm-tier-up …`, NODE_OPTIONS) is left as it is.
 */
import v8 from 'node:v8';

/** Flags set unless node was started with a flag on the same subject. */
const TUNING: ReadonlyArray<{ flag: string; unlessArgMatches: RegExp }> = [{ flag: '--liftoff-only', unlessArgMatches: /liftoff|wasm/ }];

/** Apply the generator's V8 settings; `execArgv` is node's own command line (process.execArgv). */
export function tuneV8(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  const applied: string[] = [];
  for (const { flag, unlessArgMatches } of TUNING) {
    if (given.some((arg) => unlessArgMatches.test(arg))) continue;
    v8.setFlagsFromString(flag);
    applied.push(flag);
  }
  return applied;
}
