import { describe, expect, it } from 'vitest';
import { tuneV8 } from '../../src/cli/v8-tuning.js';

describe('tuneV8', () => {
  it('keeps the WebAssembly parser on the baseline compiler by default', () => {
    expect(tuneV8([], undefined)).toEqual(['--liftoff-only']);
  });

  it.each([
    ['a node flag', ['--wasm-tier-up'], undefined],
    ['NODE_OPTIONS', [], '--max-old-space-size=512 --no-liftoff-only'],
  ])('leaves WebAssembly alone when node was started with its own flag (%s)', (_name, execArgv, nodeOptions) => {
    expect(tuneV8(execArgv, nodeOptions)).toEqual([]);
  });
});
