/**
 * The dependency rules of DESIGN §9, read from the imports of every source file:
 * the core never imports the CLI, reporters, chalk or commander; imports point down the layers;
 * only cli/ touches `process`; the demo server imports nothing from the rest of crmload; reporters are pure.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

interface SourceFile {
  path: string; // relative to src, e.g. engine/run.ts
  area: string; // first folder, or '' for top-level files
  text: string;
  imports: string[]; // resolved relative to src for local imports, package names otherwise
}

function read(full: string): SourceFile {
  const text = readFileSync(full, 'utf8');
  const path = relative(SRC, full);
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
  const imports = specs.map((s) => (s.startsWith('.') ? relative(SRC, resolve(dirname(full), s)).replace(/\.js$/, '.ts') : s));
  return { path, area: path.includes('/') ? path.split('/')[0] : '', text, imports };
}

const sources = files(SRC).map(read);

/**
 * The layers of crmload, lowest first. A file may import its own layer or a lower one, never a
 * higher one (a back-edge). Leaf modules are the files directly in src/ (errors, exit codes, units,
 * error kinds) and the report contract `report/types.ts` (with `report/server-metrics.ts` and
 * `report/capacity-types.ts`), whose types every layer shares.
 * `index.ts` is the package's entry (what scenario files import): nothing in src imports it.
 * demo/ is outside the layers: it imports nothing, and only cli/ imports it.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['leaf'],
  ['load', 'http', 'metrics', 'sla'],
  ['scenario'],
  ['config'],
  ['engine'],
  ['report'],
  ['capacity'],
  ['reporters', 'observability'],
  ['cli', 'index.ts'],
];
const LEAF_FILES = new Set(['report/types.ts', 'report/server-metrics.ts', 'report/shard-fields.ts', 'report/scenario-measures.ts', 'report/comparison-types.ts', 'report/capacity-types.ts', 'report/generator-health.ts']);

/** The layer a source file (path relative to src) belongs to. */
function layerOf(path: string): string {
  if (path === 'index.ts') return 'index.ts';
  if (!path.includes('/') || LEAF_FILES.has(path)) return 'leaf';
  return path.split('/')[0];
}
const rank = (layer: string) => LAYERS.findIndex((names) => names.includes(layer));
const local = (s: SourceFile) => s.imports.filter((i) => i.endsWith('.ts'));
const layered = sources.filter((s) => s.area !== 'demo');
const CORE = ['engine', 'load', 'scenario', 'http', 'metrics', 'sla', 'report', 'config', 'capacity'];
const area = (imp: string) => (imp.includes('/') && !imp.startsWith('@') && !imp.startsWith('node:') ? imp.split('/')[0] : '');

describe('architecture (DESIGN §9)', () => {
  it('finds the source files', () => {
    expect(sources.length).toBeGreaterThan(40);
    expect(sources.some((s) => s.path === 'engine/run.ts')).toBe(true);
  });

  it.each(CORE)('%s/ never imports cli/, reporters/, chalk or commander', (dir) => {
    const bad = sources
      .filter((s) => s.area === dir)
      .flatMap((s) => s.imports.filter((i) => ['cli', 'reporters'].includes(area(i)) || i === 'chalk' || i === 'commander').map((i) => `${s.path} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('every source file outside demo/ belongs to a layer', () => {
    const unranked = layered.filter((s) => rank(layerOf(s.path)) < 0).map((s) => s.path);
    expect(unranked).toEqual([]);
  });

  it('imports point down the layers: leaf < load, http, metrics, sla < scenario < config < engine < report < reporters, observability < cli', () => {
    const backEdges = layered.flatMap((s) =>
      local(s)
        .filter((i) => !i.startsWith('demo/') && rank(layerOf(i)) > rank(layerOf(s.path)))
        .map((i) => `${s.path} (${layerOf(s.path)}) → ${i} (${layerOf(i)})`),
    );
    expect(backEdges).toEqual([]);
  });

  it('no layer reaches itself through others (same-rank layers may import each other, not in a cycle)', () => {
    const edges = new Map<string, Set<string>>();
    for (const s of layered) {
      for (const i of local(s)) {
        const [from, to] = [layerOf(s.path), layerOf(i)];
        if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const reachable = (from: string): Set<string> => {
      const seen = new Set<string>();
      const todo = [...(edges.get(from) ?? [])];
      for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
        if (seen.has(next)) continue;
        seen.add(next);
        todo.push(...(edges.get(next) ?? []));
      }
      return seen;
    };
    const cycles = [...edges.keys()].filter((layer) => reachable(layer).has(layer));
    expect(cycles).toEqual([]);
  });

  it('only cli/ imports the demo server', () => {
    const bad = layered.filter((s) => s.area !== 'cli').flatMap((s) => local(s).filter((i) => i.startsWith('demo/')).map((i) => `${s.path} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('only cli/ touches process', () => {
    const bad = sources.filter((s) => s.area !== 'cli' && s.area !== 'demo' && /\bprocess\.(?!hrtime)/.test(s.text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')));
    expect(bad.map((s) => s.path)).toEqual([]);
  });

  it('the demo server imports nothing from the rest of crmload', () => {
    const bad = sources
      .filter((s) => s.area === 'demo')
      .flatMap((s) => s.imports.filter((i) => i.endsWith('.ts') && !i.startsWith('demo/')).map((i) => `${s.path} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('reporters depend only on the report, formatting helpers and histogram decoding', () => {
    const allowed = (i: string) =>
      !i.endsWith('.ts') || i.startsWith('reporters/') || i === 'report/types.ts' || i === 'report/capacity-types.ts' || i === 'metrics/histogram.ts' || i === 'report/compare.ts' || i === 'error-kinds.ts';
    const bad = sources.filter((s) => s.area === 'reporters').flatMap((s) => s.imports.filter((i) => !allowed(i)).map((i) => `${s.path} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('no measurement code reads the wall clock', () => {
    const measuring = sources.filter((s) => ['engine', 'load', 'http', 'metrics'].includes(s.area));
    const bad = measuring.filter((s) => /Date\.now\(\)|new Date\(\)/.test(s.text)).map((s) => s.path);
    expect(bad).toEqual([]);
  });

  it('source files stay small (about 200 lines; none over 300)', () => {
    const big = sources.map((s) => [s.path, s.text.split('\n').length] as const).filter(([, n]) => n > 300);
    expect(big).toEqual([]);
  });
});
