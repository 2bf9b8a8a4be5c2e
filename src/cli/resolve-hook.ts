/**
 * Module resolution hook (registered with `module.register` by self-resolve.ts, runs on Node's loader
 * thread): `import … from 'crmload'` in a scenario that cannot find crmload itself (crmload installed
 * globally, run through npx, or the scenario outside any project) resolves to this crmload.
 */

interface ResolveContext {
  conditions?: string[];
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

let selfUrl = '';

/** Receives the URL of this crmload's entry (dist/index.js). */
export function initialize(data: { url: string }): void {
  selfUrl = data.url;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; shortCircuit?: boolean }> {
  if (specifier !== 'crmload') return next(specifier, context);
  try {
    return await next(specifier, context);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return { url: selfUrl, shortCircuit: true };
  }
}
