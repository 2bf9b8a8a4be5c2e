import { describe, expect, it } from 'vitest';
import { tuneV8 } from '../../src/cli/v8-tuning.js';

describe('tuneV8', () => {
  it.each([
    ['a node flag', ['--liftoff-only'], undefined],
    ['NODE_OPTIONS', [], '--max-old-space-size=512 --no-wasm-tier-up'],
  ])('leaves WebAssembly alone when node was started with its own flag (%s)', (_name, execArgv, nodeOptions) => {
    expect(tuneV8(execArgv, nodeOptions)).toEqual([]);
  });

  it("compiles undici's parser once, ahead, with the optimising compiler", () => {
    expect(tuneV8([], undefined)).toEqual([expect.stringMatching(/^llhttp \(llhttp(_simd)?-wasm\.js\) compiled with TurboFan$/)]);
    expect(tuneV8([], undefined)).toEqual([]); // once per process
  });
});
