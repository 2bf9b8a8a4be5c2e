/**
 * Finding and loading a scenario module: a path (.ts/.mts/.js/.mjs), or a bare name resolved to
 * ./scenarios/NAME.ts. TypeScript is loaded at run time with tsx. Every problem is a ConfigError.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import type { Mix, Runnable, Scenario } from '../scenario/types.js';
import { makeCrmloadResolvable } from './self-resolve.js';
import { closest } from '../did-you-mean.js';

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const DEFAULT_KEYS = new Set(['vus', 'rate', 'duration', 'iterations', 'warmup', 'maxVus', 'stages', 'connections', 'timeout', 'headers']);
const SCENARIO_KEYS = new Set(['kind', 'name', 'description', 'defaults', 'sla', 'thinkTime', 'origins', 'data', 'cookies', 'redirects', 'setup', 'iteration', 'teardown']);
const MIX_KEYS = new Set(['kind', 'name', 'description', 'defaults', 'sla', 'thinkTime', 'origins', 'scenarios']);

/** The scenarios shipped with crmload (`crmload run crm-mixed` works from any directory). */
export const BUNDLED_SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/**
 * The file a scenario argument names, or a ConfigError listing where it looked. A bare name is looked
 * up in ./scenarios, then among the bundled scenarios.
 */
export function resolveScenarioPath(arg: string, cwd: string): string {
  const looksLikePath = /[/\\]/.test(arg) || EXTENSIONS.some((e) => arg.endsWith(e));
  const dirs = [resolve(cwd, 'scenarios'), BUNDLED_SCENARIOS];
  const candidates = looksLikePath ? [resolve(cwd, arg)] : dirs.flatMap((dir) => EXTENSIONS.map((e) => join(dir, arg + e)));
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  if (looksLikePath && existsSync(candidates[0])) return fail(`scenario "${arg}": ${candidates[0]} is a directory, not a scenario file`);
  const where = looksLikePath ? candidates[0] : `./scenarios/${arg}.ts (or .mts, .js, .mjs) and the bundled scenarios`;
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
  makeCrmloadResolvable(file);
  try {
    if (file.endsWith('.ts') || file.endsWith('.mts') || esmSyntaxInCommonJs(file)) {
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

/**
 * A `.js` file written with `import`/`export` in a CommonJS project (no `"type": "module"`): Node
 * refuses it, so it is loaded like TypeScript (tsx turns it into CommonJS).
 */
function esmSyntaxInCommonJs(file: string): boolean {
  if (!file.endsWith('.js')) return false;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  return /^\s*(?:import\s[^(]|export\s)/m.test(source) && packageType(dirname(file)) !== 'module';
}

/** The `type` of the nearest package.json above `dir` ('commonjs' when there is none). */
function packageType(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type ?? 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(d) === d) return 'commonjs';
  }
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
  const shape = 'export default defineScenario({ name, async iteration(vu) { … } })';
  if (value === undefined || value === null) fail(`scenario ${file}: the module has no default export (${shape})`);
  if (typeof value === 'function') fail(`scenario ${file}: the default export is a function; a scenario is an object (${shape}); k6's default function is its iteration`);
  if (typeof value !== 'object') fail(`scenario ${file}: the default export is a ${typeof value}, not a scenario (${shape})`);
  const obj = value as Record<string, unknown>;
  // A module without a default export can reach here as its namespace ({ scenario: … }): say that, not "unknown field".
  const keys = Object.keys(obj);
  if (keys.length > 0 && !keys.some((k) => SCENARIO_KEYS.has(k) || MIX_KEYS.has(k))) fail(`scenario ${file}: the module has no default export (it exports ${keys.slice(0, 5).join(', ')}); ${shape}`);
  const isMix = obj.kind === 'mix' || (obj.kind === undefined && Array.isArray(obj.scenarios));
  checkKeys(obj, isMix ? MIX_KEYS : SCENARIO_KEYS, where(''), issues);
  if (typeof obj.name !== 'string' || !obj.name.trim()) issues.push(where('name: expected a non-empty string'));
  if (obj.description !== undefined && typeof obj.description !== 'string') issues.push(where('description: expected a string'));
  if (obj.thinkTime !== undefined && typeof obj.thinkTime !== 'string') issues.push(where("thinkTime: expected a duration like '200ms' or '100ms..500ms'"));
  if (obj.sla !== undefined && !Array.isArray(obj.sla)) issues.push(where('sla: expected a list of expressions'));
  if (obj.origins !== undefined && !Array.isArray(obj.origins)) issues.push(where("origins: expected a list of origins, like ['https://auth.example.com']"));
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
        if (typeof entry?.weight !== 'number' || !(entry.weight > 0) || !Number.isFinite(entry.weight)) issues.push(where(`scenarios[${i}].weight: expected a finite number greater than 0`));
        if (!entry?.scenario || typeof entry.scenario.iteration !== 'function') issues.push(where(`scenarios[${i}].scenario: expected a scenario (defineScenario)`));
      });
  } else {
    if (typeof obj.iteration !== 'function') issues.push(where('iteration: expected an async function (vu, shared) => { … }'));
    if (obj.setup !== undefined && typeof obj.setup !== 'function') issues.push(where('setup: expected a function'));
    if (obj.teardown !== undefined && typeof obj.teardown !== 'function') issues.push(where('teardown: expected a function (api, shared) => { … }'));
    if (obj.cookies !== undefined && typeof obj.cookies !== 'boolean') issues.push(where('cookies: expected true or false'));
    if (obj.redirects !== undefined && !(Number.isSafeInteger(obj.redirects) && (obj.redirects as number) >= 0)) issues.push(where('redirects: expected a whole number of at least 0'));
    checkFeeders(obj.data, where, issues);
  }
  if (issues.length) throw new ConfigError(issues);
  if (isMix) return { ...(obj as unknown as Mix), kind: 'mix', scenarios: (obj as unknown as Mix).scenarios.map((e) => ({ ...e, scenario: { ...e.scenario, kind: 'scenario' } })) };
  return { ...(obj as unknown as Scenario), kind: 'scenario' };
}

function checkFeeders(data: unknown, where: (field: string) => string, issues: string[]): void {
  if (data === undefined) return;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return void issues.push(where("data: expected feeders by name, like { users: csv('data/users.csv') }"));
  for (const [name, feeder] of Object.entries(data)) {
    const f = feeder as { kind?: unknown; mode?: unknown; exhausted?: unknown } | null;
    if (!f || f.kind !== 'feeder') issues.push(where(`data.${name}: expected csv('file.csv') or json('file.json')`));
    else if (!['sequential', 'random', 'unique'].includes(f.mode as string)) issues.push(where(`data.${name}: mode ${JSON.stringify(f.mode)}: expected sequential, random or unique`));
    else if (!['stop', 'fail'].includes(f.exhausted as string)) issues.push(where(`data.${name}: exhausted ${JSON.stringify(f.exhausted)}: expected stop or fail`));
  }
}

function checkKeys(obj: Record<string, unknown>, allowed: Set<string>, prefix: string, issues: string[]): void {
  for (const key of Object.keys(obj)) {
    if (allowed.has(key)) continue;
    const guess = closest(key, [...allowed]);
    issues.push(`${prefix}${key}: unknown field${guess ? `; did you mean "${guess}"?` : ''}`);
  }
}
