/** `crmload scenarios`: list ./scenarios and the bundled scenarios with their descriptions. */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../io.js';
import { BUNDLED_SCENARIOS, loadScenario } from '../scenario-file.js';

/** Scenario files of a directory (not `_helpers`, not `.d.ts`), sorted; empty when there is no such directory. */
function scenarioFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_')).sort();
  } catch {
    return [];
  }
}

async function describeAll(dir: string, files: string[], shadowed: Set<string>): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];
  for (const f of files) {
    const name = f.replace(/\.(ts|mts|js|mjs)$/, '');
    try {
      const s = await loadScenario(join(dir, f));
      rows.push([name, (s.description ?? '') + (shadowed.has(name) ? ' (shadowed by ./scenarios)' : '')]);
    } catch (error) {
      rows.push([name, `(cannot load: ${error instanceof ConfigError ? error.issues[0] : (error as Error).message})`]);
    }
  }
  return rows;
}

function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([n]) => n.length), 8);
  return rows.map(([n, d]) => `  ${n.padEnd(width)}  ${d}`).join('\n') + '\n';
}

export async function scenariosCommand(io: CliIo): Promise<number> {
  const localDir = join(io.cwd, 'scenarios');
  const sameDir = resolve(localDir) === resolve(BUNDLED_SCENARIOS);
  const local = scenarioFiles(localDir);
  const bundled = sameDir ? [] : scenarioFiles(BUNDLED_SCENARIOS);
  const localNames = new Set(local.map((f) => f.replace(/\.(ts|mts|js|mjs)$/, '')));
  const out: string[] = [];
  if (local.length) out.push(`./scenarios${sameDir ? ' (bundled with crmload)' : ''}:\n${table(await describeAll(localDir, local, new Set()))}`);
  else out.push(`no ./scenarios directory here (${localDir})\n`);
  if (bundled.length) out.push(`bundled with crmload:\n${table(await describeAll(BUNDLED_SCENARIOS, bundled, localNames))}`);
  io.stdout.write(out.join('\n'));
  io.stdout.write(`\nrun one with: crmload run NAME (./scenarios first, then the bundled ones)\n`);
  return ExitCode.ok;
}
