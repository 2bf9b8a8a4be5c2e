/**
 * What a scenario's source says before it runs: the custom metrics it records
 * (`vu.metric.counter('leads_converted')`), so an SLA on a misspelt one is bad input up front
 * instead of a "no data" failure after the run. The scenario file and the files it imports
 * relatively are read (at most 100).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const METRIC_CALL = /\.(?:counter|trend|rate)\(\s*(['"`])([A-Za-z_][A-Za-z0-9_]*)\1\s*\)/g;
const RELATIVE_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;

/** The file a relative import names (`./x.js` may be `./x.ts` on disk). */
function importedFile(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, `${base}.js`];
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** Custom metric names recorded anywhere in the scenario's own sources. */
export function customMetricNames(file: string): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const todo = [file];
  while (todo.length && seen.size < 100) {
    const next = todo.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    let source: string;
    try {
      source = readFileSync(next, 'utf8');
    } catch {
      continue;
    }
    for (const m of source.matchAll(METRIC_CALL)) names.add(m[2]);
    for (const m of source.matchAll(RELATIVE_IMPORT)) {
      const imported = importedFile(next, m[2]);
      if (imported) todo.push(imported);
    }
  }
  return names;
}
