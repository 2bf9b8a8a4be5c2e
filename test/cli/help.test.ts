/** `--help` shows the defaults and a few examples per command, and the examples parse (issue 9 #19). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE_TABLE } from '../../src/exit-codes.js';
import { ROOT } from '../helpers/cli.js';
import { parseOnly, runInProcess } from './in-process.js';

async function help(command: string): Promise<string> {
  const r = await runInProcess([command, '--help']);
  expect(r.code).toBe(0);
  return r.stdout.replace(/\s+/g, ' ');
}

/** The `crmload …` lines of a help text's Examples section, split into arguments. */
function examples(text: string): string[][] {
  const section = text.split('\nExamples:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/)[0])
    .filter((l) => l.startsWith('crmload '))
    .map((l) => (l.match(/'[^']*'|\S+/g) ?? []).map((a) => a.replace(/^'|'$/g, '')).slice(1));
}

describe('run --help', () => {
  it.each([
    ['--vus', /--vus <n> .*\(default: 10\b/],
    ['--duration', /--duration <d> .*\(default: 10s\b/],
    ['--connections', /--connections <n> .*\(default: one per VU \(closed model\), --max-vus up to 50 \(open model\)\)/],
    ['--max-vus', /--max-vus <n> .*\(default: 10 × the peak rate, from 100 to 10000\)/],
    ['--timeout', /--timeout <d> .*\(default: 30s\)/],
    ['--grace', /--grace <d> .*\(default: 5s\)/],
    ['--start-rate', /--start-rate <r> .*\(default: 0\)/],
    ['--max-regression', /--max-regression <spec> .*\(default: p95=10%,throughput=10%,error_rate=1%\)/],
  ])('shows the default of %s', async (_flag, pattern) => {
    expect(await help('run')).toMatch(pattern);
  });
});

describe('compare --help', () => {
  it('shows the default tolerances', async () => {
    expect(await help('compare')).toMatch(/--max-regression <spec> .*\(default: p95=10%,throughput=10%,error_rate=1%\)/);
  });
});

describe('examples', () => {
  it.each(['run', 'demo-server', 'report', 'compare', 'scenarios'])('%s --help has a few examples, and each parses', async (command) => {
    const r = await runInProcess([command, '--help']);
    const list = examples(r.stdout);
    expect(list.length, r.stdout).toBeGreaterThanOrEqual(command === 'scenarios' ? 1 : 2);
    for (const args of list) {
      expect(args[0]).toBe(command);
      expect((await parseOnly(args)).command, args.join(' ')).toBe(command);
    }
  });

  it('the top-level help has examples and every exit code', async () => {
    const r = await runInProcess(['--help']);
    expect(examples(r.stdout).length).toBeGreaterThanOrEqual(3);
    for (const [code] of EXIT_CODE_TABLE) expect(r.stdout).toMatch(new RegExp(`^  ${code}\\b`, 'm'));
  });

  it("the README's exit-code table has every code of the table", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split('## Exit codes')[1].split('\n## ')[0];
    for (const [code] of EXIT_CODE_TABLE) expect(section).toMatch(new RegExp(`^\\| [^|]*\\b${code}\\b[^|]*\\|`, 'm'));
  });
});
