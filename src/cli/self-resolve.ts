/**
 * Scenarios run from any project: `import { defineScenario } from 'crmload'` resolves whether crmload
 * is a local dependency (its own copy is used), global, or run through npx (this crmload is used).
 * ESM imports go through a resolve hook (`module.register`), CommonJS `require` through the CJS
 * resolver; both fall back to this crmload only when the normal resolution finds nothing.
 */
import Module, { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';

const SELF_URL = new URL('../index.js', import.meta.url);
let installed = false;

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
  if (installed || resolvesOnItsOwn(file)) return;
  installed = true;
  register(new URL('./resolve-hook.js', import.meta.url), { data: { url: SELF_URL.href } });
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
