/** What a scenario module must export: one clear line when it does not (validateRunnable). */
import { describe, expect, it } from 'vitest';
import { validateRunnable } from '../../src/cli/scenario-file.js';
import { ConfigError } from '../../src/errors.js';

function issues(value: unknown): string[] {
  try {
    validateRunnable(value, 's.ts');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

const SHAPE = 'export default defineScenario({ name, async iteration(vu) { … } })';

describe('validateRunnable: the default export', () => {
  it.each([
    ['none', undefined, `scenario s.ts: the module has no default export (${SHAPE})`],
    ['a function, k6 style', async () => {}, `scenario s.ts: the default export is a function; a scenario is an object (${SHAPE}); k6's default function is its iteration`],
    ['a number', 42, `scenario s.ts: the default export is a number, not a scenario (${SHAPE})`],
    ['only named exports (the module namespace)', { scenario: { name: 'x' } }, `scenario s.ts: the module has no default export (it exports scenario); ${SHAPE}`],
  ])('%s', (_name, value, wanted) => {
    expect(issues(value)).toEqual([wanted]);
  });

  it('a mix weight must be finite: Infinity would leave every other scenario (and, closed, every VU) idle', () => {
    const mix = { kind: 'mix', name: 'm', scenarios: [{ weight: Infinity, scenario: { name: 'a', iteration: async () => {} } }] };
    expect(issues(mix)).toEqual(['scenario s.ts: scenarios[0].weight: expected a finite number greater than 0']);
  });
});
