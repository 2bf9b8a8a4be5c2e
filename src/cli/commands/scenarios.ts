/** `crmload scenarios`: list ./scenarios with their descriptions. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../io.js';
import { loadScenario } from '../scenario-file.js';

export async function scenariosCommand(io: CliIo): Promise<number> {
  const dir = join(io.cwd, 'scenarios');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_')).sort();
  } catch {
    io.stdout.write(`no ./scenarios directory here (${dir})\n`);
    return ExitCode.ok;
  }
  const rows: Array<[string, string]> = [];
  for (const f of files) {
    const name = f.replace(/\.(ts|mts|js|mjs)$/, '');
    try {
      const s = await loadScenario(join(dir, f));
      rows.push([name, s.description ?? '']);
    } catch (error) {
      rows.push([name, `(cannot load: ${error instanceof ConfigError ? error.issues[0] : (error as Error).message})`]);
    }
  }
  const width = Math.max(...rows.map(([n]) => n.length), 8);
  io.stdout.write(rows.map(([n, d]) => `${n.padEnd(width)}  ${d}`).join('\n') + '\n');
  io.stdout.write(`\nrun one with: crmload run NAME\n`);
  return ExitCode.ok;
}
