/**
 * `crmload init [DIR]`: scaffold a scenario, its data, a tsconfig.json for editor types and an
 * example CI workflow. Existing files are never overwritten (they are listed as kept).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from './io.js';
import { CI_WORKFLOW, JOURNEY, USERS_CSV, tsconfig } from './init-templates.js';

/** Where this crmload's type declarations are, for a project that does not depend on crmload. */
function typesPathFor(dir: string): string | null {
  try {
    createRequire(join(dir, 'package.json')).resolve('crmload');
    return null; // the project's own crmload brings its types
  } catch {
    return fileURLToPath(new URL('../index.d.ts', import.meta.url));
  }
}

export function initCommand(dirArg: string | undefined, io: CliIo): number {
  const dir = resolve(io.cwd, dirArg ?? '.');
  const files: Array<[string, string]> = [
    ['scenarios/journey.ts', JOURNEY],
    ['scenarios/data/users.csv', USERS_CSV],
    ['tsconfig.json', tsconfig(typesPathFor(dir))],
    ['.github/workflows/load-test.yml', CI_WORKFLOW],
  ];
  const lines: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    if (existsSync(path)) {
      lines.push(`  kept     ${name} (exists)`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    lines.push(`  created  ${name}`);
  }
  const where = relative(io.cwd, dir) || '.';
  io.stdout.write(`crmload init ${where}\n${lines.join('\n')}\n\n`);
  io.stdout.write(`next: ${where === '.' ? '' : `cd ${where} && `}npx crmload check scenarios/journey.ts && npx crmload run scenarios/journey.ts\n`);
  return ExitCode.ok;
}
