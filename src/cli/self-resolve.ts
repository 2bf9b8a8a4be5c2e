/**
 * Scenarios run from any project: `import { defineScenario } from 'crmload'` resolves whether crmload
 * is a local dependency (its own copy is used), global, or run through npx (this crmload is used).
 * ESM imports go through a resolve hook (`module.register`), CommonJS `require` through the CJS
 * resolver; both fall back to this crmload only when the normal resolution finds nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';

const SELF_URL = new URL('../index.js', import.meta.url);
let installed = false;

/** Whether the scenario's source names crmload at all (most files that do not import it need no hook). */
function mentionsCrmload(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').includes('crmload');
  } catch {
    return false;
  }
}

/** True when `file` resolves `crmload` on its own (a dependency of its project, or this package). */
function resolvesOnItsOwn(file: string): boolean {
  try {
    createRequire(file).resolve('crmload');
    return true;
  } catch {
    return false;
  }
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/** Make `crmload` resolvable from `file` (a scenario about to be loaded); a no-op when it already is. */
export function makeCrmloadResolvable(file: string): void {
  if (installed || !mentionsCrmload(file) || resolvesOnItsOwn(file)) return;
  installed = true;
  const hook = new URL('./resolve-hook.js', import.meta.url);
  // Running from the TypeScript sources (tests) there is no built hook: ESM scenarios then resolve
  // crmload only from their own project.
  if (existsSync(fileURLToPath(hook))) register(hook, { data: { url: SELF_URL.href } });
  const cjs = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = cjs._resolveFilename;
  const selfPath = fileURLToPath(SELF_URL);
  cjs._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (error) {
      if (request !== 'crmload' || (error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
      return selfPath;
    }
  };
}
