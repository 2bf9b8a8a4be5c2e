/**
 * Finding and loading a scenario module: a path (.ts/.mts/.js/.mjs), or a bare name resolved to
 * ./scenarios/NAME.ts. TypeScript is loaded at run time with tsx. Every problem is a ConfigError.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import type { Mix, Runnable, Scenario } from '../scenario/types.js';

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const DEFAULT_KEYS = new Set(['vus', 'rate', 'duration', 'iterations', 'warmup', 'maxVus', 'stages', 'connections', 'timeout', 'headers']);
const SCENARIO_KEYS = new Set(['kind', 'name', 'description', 'defaults', 'sla', 'thinkTime', 'setup', 'iteration']);
const MIX_KEYS = new Set(['kind', 'name', 'description', 'defaults', 'sla', 'thinkTime', 'scenarios']);

/** The file a scenario argument names, or a ConfigError listing where it looked. */
export function resolveScenarioPath(arg: string, cwd: string): string {
  const looksLikePath = /[/\\]/.test(arg) || EXTENSIONS.some((e) => arg.endsWith(e));
  const candidates = looksLikePath ? [resolve(cwd, arg)] : EXTENSIONS.map((e) => resolve(cwd, 'scenarios', arg + e));
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  const where = looksLikePath ? candidates[0] : `./scenarios/${arg}.ts (or .mts, .js, .mjs)`;
  return fail(`scenario "${arg}": no such file (looked for ${where}); \`crmload scenarios\` lists the available ones`);
}

function fail(message: string): never {
  throw new ConfigError(message);
}

/**
 * Environment variables a scenario reads with env('NAME') and no fallback, found in its source, so a
 * missing one is reported by name before anything is sent (not once per failed iteration).
 */
export function requiredEnvNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/\benv\(\s*(['"`])([A-Za-z_][A-Za-z0-9_]*)\1\s*\)/g)) names.add(m[2]);
  return [...names];
}

/** Import the module and check its default export is a scenario or a mix. */
export async function loadScenario(file: string): Promise<Runnable> {
  if (!EXTENSIONS.some((e) => file.endsWith(e))) fail(`scenario ${file}: expected a .ts, .mts, .js or .mjs file`);
  let mod: { default?: unknown };
  try {
    if (file.endsWith('.ts') || file.endsWith('.mts')) {
      // tsx only when a TypeScript scenario is loaded: quick mode and .js scenarios skip its cost.
      const { tsImport } = await import('tsx/esm/api');
      mod = await tsImport(pathToFileURL(file).href, import.meta.url);
    } else mod = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError && !/\.m?ts$/.test(file)) fail(`scenario ${locateSyntaxError(file) ?? file}: ${error.message}`);
    fail(`scenario ${describeLoadError(error, file)}`);
  }
  let value = mod.default;
  // tsx may wrap a CommonJS-looking module's default once more.
  if (value && typeof value === 'object' && 'default' in value && !('name' in value)) value = (value as { default: unknown }).default;
  return validateRunnable(value, file);
}

/** `file:line:col: reason` when the loader says where (esbuild does; V8's own SyntaxError does not). */
/** V8's SyntaxError from import() has no position; `node --check` prints `file:LINE` and a caret. */
function locateSyntaxError(file: string): string | null {
  const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const lines = (r.stderr ?? '').split('\n');
  const at = /^(.*):(\d+)$/.exec(lines[0] ?? '');
  if (!at) return null;
  const caret = lines.findIndex((l) => /^\s*\^+\s*$/.test(l));
  const column = caret > 0 ? lines[caret].indexOf('^') + 1 : 1;
  return `${file}:${at[2]}:${column}`;
}

function describeLoadError(error: unknown, file: string): string {
  const e = error as { message?: string; errors?: Array<{ text: string; location?: { line: number; column: number; file: string } }> };
  const first = e?.errors?.[0];
  // esbuild columns are 0-based; editors and compilers count from 1.
  if (first?.location) return `${file}:${first.location.line}:${first.location.column + 1}: ${first.text}`;
  // tsx rethrows esbuild's failure as text: "Transform failed with 1 error:\n/path/x.ts:6:23: ERROR: …".
  const text = (e?.message ?? String(error)).replace(/^Transform failed with \d+ errors?:\s*/, '').split('\n')[0];
  const located = /^(.+?):(\d+):(\d+): (?:ERROR: )?(.*)$/.exec(text);
  if (located) return `${located[1]}:${located[2]}:${Number(located[3]) + 1}: ${located[4]}`;
  return `${file}: ${text}`;
}

/** Check the shape of a scenario or mix object; report every problem with its field path. */
export function validateRunnable(value: unknown, file: string): Runnable {
  const issues: string[] = [];
  const where = (field: string) => `scenario ${file}: ${field}`;
  if (!value || typeof value !== 'object') fail(`scenario ${file}: the module has no default export (export default defineScenario({...}))`);
  const obj = value as Record<string, unknown>;
  const isMix = obj.kind === 'mix' || (obj.kind === undefined && Array.isArray(obj.scenarios));
  checkKeys(obj, isMix ? MIX_KEYS : SCENARIO_KEYS, where(''), issues);
  if (typeof obj.name !== 'string' || !obj.name.trim()) issues.push(where('name: expected a non-empty string'));
  if (obj.description !== undefined && typeof obj.description !== 'string') issues.push(where('description: expected a string'));
  if (obj.thinkTime !== undefined && typeof obj.thinkTime !== 'string') issues.push(where("thinkTime: expected a duration like '200ms' or '100ms..500ms'"));
  if (obj.sla !== undefined && !Array.isArray(obj.sla)) issues.push(where('sla: expected a list of expressions'));
  if (obj.defaults !== undefined) {
    if (typeof obj.defaults !== 'object' || obj.defaults === null) issues.push(where('defaults: expected an object'));
    else checkKeys(obj.defaults as Record<string, unknown>, DEFAULT_KEYS, where('defaults.'), issues);
  }
  if (isMix) {
    const entries = obj.scenarios;
    if (!Array.isArray(entries) || entries.length === 0) issues.push(where('scenarios: expected a non-empty list of { scenario, weight }'));
    else
      entries.forEach((e, i) => {
        const entry = e as { scenario?: Record<string, unknown>; weight?: unknown };
        if (typeof entry?.weight !== 'number' || !(entry.weight > 0)) issues.push(where(`scenarios[${i}].weight: expected a number greater than 0`));
        if (!entry?.scenario || typeof entry.scenario.iteration !== 'function') issues.push(where(`scenarios[${i}].scenario: expected a scenario (defineScenario)`));
      });
  } else {
    if (typeof obj.iteration !== 'function') issues.push(where('iteration: expected an async function (vu, shared) => { … }'));
    if (obj.setup !== undefined && typeof obj.setup !== 'function') issues.push(where('setup: expected a function'));
  }
  if (issues.length) throw new ConfigError(issues);
  if (isMix) return { ...(obj as unknown as Mix), kind: 'mix', scenarios: (obj as unknown as Mix).scenarios.map((e) => ({ ...e, scenario: { ...e.scenario, kind: 'scenario' } })) };
  return { ...(obj as unknown as Scenario), kind: 'scenario' };
}

function checkKeys(obj: Record<string, unknown>, allowed: Set<string>, prefix: string, issues: string[]): void {
  for (const key of Object.keys(obj)) {
    if (allowed.has(key)) continue;
    const guess = closest(key, [...allowed]);
    issues.push(`${prefix}${key}: unknown field${guess ? `; did you mean "${guess}"?` : ''}`);
  }
}

/** The allowed name nearest to a typo (edit distance ≤ 2), if any. */
function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
