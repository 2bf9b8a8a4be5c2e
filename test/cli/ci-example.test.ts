/**
 * The GitHub Actions example (docs/ci/github-actions.yml, shown in the README) must work as written
 * (issue 9 #17): it finds the baseline of the last successful run on main, downloads it with that
 * run's id and a token, gates on it, and uploads a new baseline on main; nothing hides a failure.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';
import { parseOnly } from './in-process.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
  'continue-on-error'?: unknown;
}

const text = readFileSync(join(ROOT, 'docs', 'ci', 'github-actions.yml'), 'utf8');
const workflow = parse(text) as {
  on: { push?: { branches?: string[] }; pull_request?: unknown };
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const index = (predicate: (s: Step) => boolean) => steps.findIndex(predicate);
const download = steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
const gate = steps.find((s) => /\bcrmload run\b/.test(s.run ?? ''))!;
/** The crmload command line as the shell gets it, the GitHub expression resolved both ways. */
const command = (withBaseline: boolean) =>
  gate.run!
    .replace(/\$\{\{[^}]*&& '([^']*)' \|\| '' \}\}/g, withBaseline ? '$1' : '')
    .replace(/\$\{CRM_URL:\+[^}]*\}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const args = (line: string) => (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((a) => a.replace(/^["']|["']$/g, ''));
const flag = (line: string, name: string) => args(line)[args(line).indexOf(name) + 1];

describe('docs/ci/github-actions.yml', () => {
  it('is the example the README shows', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\n${text}\`\`\``);
  });

  it('runs on pull requests and on pushes to main, and may read other runs’ artifacts', () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.on.push?.branches).toContain('main');
    expect(workflow.permissions).toMatchObject({ actions: 'read', contents: 'read' });
  });

  it('finds the last successful run on main with gh run list, and gives its id to download-artifact with a token', () => {
    const find = steps.find((s) => /\bgh run list\b/.test(s.run ?? ''))!;
    expect(find.id).toBeTruthy();
    expect(find.run).toMatch(/--branch main\b/);
    expect(find.run).toMatch(/--status success\b/);
    expect(find.run).toMatch(/\/\/ empty/); // no run yet: an empty id, never "null"
    expect(find.run).toMatch(/run-id=.*>> "\$GITHUB_OUTPUT"/);
    expect(find.env?.GH_TOKEN).toBe('${{ github.token }}');
    expect(download.with?.['run-id']).toBe(`\${{ steps.${find.id}.outputs.run-id }}`);
    expect(download.with?.['github-token']).toBe('${{ github.token }}');
    expect(download.if).toBe(`steps.${find.id}.outputs.run-id != ''`);
    expect(index((s) => s === find)).toBeLessThan(index((s) => s === download));
  });

  it('hides no failure: no continue-on-error anywhere', () => {
    expect(text).not.toMatch(/continue-on-error/);
    expect(steps.filter((s) => s['continue-on-error'] !== undefined)).toEqual([]);
  });

  it('gates on the downloaded baseline: --baseline names the file the download writes, only when there is one', () => {
    const json = flag(command(true), '--json');
    expect(json).toBeTruthy();
    expect(flag(command(true), '--baseline')).toBe(`${download.with!.path}/${basename(json)}`);
    expect(command(false)).not.toMatch(/--baseline|--max-regression/);
    expect(gate.run).toContain(`\${{ ${download.if} && '`);
    expect(index((s) => s === download)).toBeLessThan(index((s) => s === gate));
  });

  it('uploads the new baseline on main, under the name the download looks for', () => {
    const baseline = uploads.find((s) => s.with?.name === download.with?.name)!;
    expect(baseline).toBeDefined();
    expect(baseline.if).toMatch(/github\.ref == 'refs\/heads\/main'/);
    expect(baseline.with?.path).toBe(flag(command(true), '--json'));
    expect(index((s) => s === gate)).toBeLessThan(index((s) => s === baseline));
    // The reports of every run are kept too, pass or fail, under another name.
    expect(uploads.some((s) => s !== baseline && s.if === 'always()' && s.with?.name !== download.with?.name)).toBe(true);
  });

  it.each([true, false])('the crmload command parses (with a baseline: %s)', async (withBaseline) => {
    const line = command(withBaseline);
    expect(line.startsWith('npx crmload run ')).toBe(true);
    const { command: name, options } = await parseOnly(args(line).slice(2));
    expect(name).toBe('run');
    expect(options.json).toBe(flag(line, '--json'));
    expect(options.baseline).toBe(withBaseline ? `${download.with!.path}/${basename(flag(line, '--json'))}` : undefined);
  });
});
