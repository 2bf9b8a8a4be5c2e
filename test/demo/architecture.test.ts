import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const demoDir = fileURLToPath(new URL('../../src/demo/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []);
}

describe('the demo server', () => {
  it('imports nothing from the rest of crmload, only node: built-ins and its own packages', () => {
    const outside: string[] = [];
    for (const file of sources(demoDir)) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
        const escapes = specifier.startsWith('.') && relative(demoDir, resolve(dirname(file), specifier)).startsWith('..');
        const allowed = specifier.startsWith('.') || specifier.startsWith('node:') || /^(sql\.js|@faker-js\/faker|prom-client)/.test(specifier);
        if (escapes || !allowed) outside.push(`${relative(demoDir, file)}: ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
