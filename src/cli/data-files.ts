/**
 * Reading the feeders' files before the run: every file is read and parsed once; a missing file or a
 * malformed row is bad input (`file:line`), reported with every other problem before anything is sent.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseCsvRows, parseJsonRows } from '../scenario/data-parse.js';
import type { LoadedData, LoadedFeeder } from '../scenario/data-table.js';
import type { Feeder } from '../scenario/feeder-types.js';
import type { Runnable, Scenario } from '../scenario/types.js';

export function scenariosOf(runnable: Runnable): Array<Scenario<any, any, any>> {
  return runnable.kind === 'mix' ? runnable.scenarios.map((e) => e.scenario) : [runnable];
}

/** Where a feeder's file is: its path against the module that declared it, else the scenario file's folder. */
export function feederPath(feeder: Feeder<any>, scenarioFile: string): string {
  if (isAbsolute(feeder.path)) return feeder.path;
  return resolve(dirname(feeder.declaredIn ?? scenarioFile), feeder.path);
}

/** Load every feeder of the run (each file once); throws a ConfigError listing every problem. */
export function loadData(runnable: Runnable, scenarioFile: string, cwd: string): LoadedData | null {
  const loaded = new Map<Feeder<any>, LoadedFeeder>();
  const byFile = new Map<string, LoadedFeeder | null>();
  const issues: string[] = [];
  for (const scenario of scenariosOf(runnable)) {
    for (const [name, feeder] of Object.entries((scenario.data ?? {}) as Record<string, Feeder<any>>)) {
      if (loaded.has(feeder)) continue;
      const path = feederPath(feeder, scenarioFile);
      const shown = relative(cwd, path) || path;
      const key = `${feeder.format}:${path}`;
      if (!byFile.has(key)) byFile.set(key, readFeeder(feeder.format, path, shown, `scenario "${scenario.name}": data.${name}`, issues));
      const entry = byFile.get(key);
      if (entry) loaded.set(feeder, { ...entry, feeder });
    }
  }
  if (issues.length) throw new ConfigError(issues);
  return loaded.size ? loaded : null;
}

function readFeeder(format: 'csv' | 'json', path: string, shown: string, where: string, issues: string[]): LoadedFeeder | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    issues.push(`${where}: cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return null;
  }
  const parsed = format === 'csv' ? parseCsvRows(text, shown) : parseJsonRows(text, shown);
  if ('problem' in parsed) {
    issues.push(`${where}: ${parsed.problem}`);
    return null;
  }
  return { feeder: null as unknown as Feeder<any>, file: shown, rows: parsed.rows };
}
