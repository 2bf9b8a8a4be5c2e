import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capYoungGeneration, growthFactorFor, MANY_VUS, SEMI_SPACE_CAP_BYTES, tuneV8, youngGenerationFor } from '../../src/cli/v8-tuning.js';

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

describe('the young generation cap', () => {
  it('stops V8 growing the new space once both semi-spaces together reach twice the cap, and lets it grow back below', () => {
    const cap = SEMI_SPACE_CAP_BYTES;
    expect(cap).toBe(4 * 1024 * 1024);
    expect(growthFactorFor(2 * 1024 * 1024)).toBe(2); // V8's starting size: grow
    expect(growthFactorFor(2 * cap - 1)).toBe(2);
    expect(growthFactorFor(2 * cap)).toBe(1);
    expect(growthFactorFor(32 * 1024 * 1024)).toBe(1); // grown before the cap applied: no further
    expect(growthFactorFor(3 * 1024 * 1024, 1024 * 1024)).toBe(1);
  });

  it.each([
    ['a node flag', ['--max-semi-space-size=16'], undefined],
    ['NODE_OPTIONS', [], '--min-semi-space-size=4'],
  ])('leaves the young generation alone when node was started with a semi-space flag (%s)', (_name, execArgv, nodeOptions) => {
    expect(capYoungGeneration(execArgv, nodeOptions)).toEqual([]);
  });
});

describe('which runs keep the young generation cap', () => {
  it('gives a closed-model run of 1,000 VUs or more at its peak V8\'s own young generation', () => {
    expect(MANY_VUS).toBe(1_000);
    expect(youngGenerationFor('closed', 1_000)).toBe('v8');
    expect(youngGenerationFor('closed', 50_000)).toBe('v8');
  });

  it('keeps the cap for fewer VUs, and for the open model (its VUs come and go with arrivals)', () => {
    expect(youngGenerationFor('closed', 999)).toBe('capped');
    expect(youngGenerationFor('closed', 1)).toBe('capped');
    expect(youngGenerationFor('open', 1_000)).toBe('capped');
    expect(youngGenerationFor('open', 50_000)).toBe('capped');
  });
});

describe('the young generation cap, in a process of its own', () => {
  const tuning = fileURLToPath(new URL('../../dist/cli/v8-tuning.js', import.meta.url));
  // Allocates short- and longer-lived objects in 400 bursts (a fixed amount, whatever the machine's
  // speed), as a run does, and prints the largest new space seen.
  const program = (cap: boolean, release = false) => `
    import v8 from 'node:v8';
    const { capYoungGeneration, releaseYoungGeneration } = await import(${JSON.stringify(tuning)});
    if (${cap}) capYoungGeneration([], undefined);
    if (${release}) releaseYoungGeneration();
    let keep = [];
    let largest = 0;
    let bursts = 0;
    (function burst() {
      for (let i = 0; i < 2000; i++) keep.push({ i, a: [i] });
      if (keep.length > 40000) keep = keep.slice(20000);
      largest = Math.max(largest, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
      if (++bursts < 400) setImmediate(burst);
      else console.log(largest);
    })();`;
  const largestNewSpace = (cap: boolean, release = false) =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', program(cap, release)], { encoding: 'utf8' }));

  // The factor is set after each GC is reported, which is asynchronous: V8 may grow the space once more
  // meanwhile, so the bound is one growth step (×2) past the cap.
  it('keeps the semi-spaces within one growth step of the cap, where V8 alone grows them to 16 MB', () => {
    expect(largestNewSpace(true)).toBeLessThanOrEqual(4 * SEMI_SPACE_CAP_BYTES);
    expect(largestNewSpace(false)).toBeGreaterThan(4 * SEMI_SPACE_CAP_BYTES);
  });

  it('lets V8 grow it again once released (what --workers does)', () => {
    expect(largestNewSpace(true, true)).toBeGreaterThan(4 * SEMI_SPACE_CAP_BYTES);
  });
});
