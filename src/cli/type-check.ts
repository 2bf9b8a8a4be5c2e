/**
 * Type-checking a scenario with the TypeScript of its own project (a devDependency there, as in any
 * TypeScript project), found from the scenario's folder, else one installed beside crmload. Without
 * one, nothing is type-checked and the note says so: crmload ships no compiler of its own (tsx strips
 * types without checking them), and request-option typos are then caught at run time (kind `invalid`).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

type Ts = typeof import('typescript');

/** Problems (file:line:col), or a note on what was (or was not) checked. */
export type TypeCheck = { problems: string[] } | { note: string };

/** The project's TypeScript, else one beside crmload (a development checkout has it), else null. */
function findTypeScript(file: string): Ts | null {
  for (const from of [file, fileURLToPath(import.meta.url)]) {
    try {
      return createRequire(from)('typescript') as Ts;
    } catch {
      // not there
    }
  }
  return null;
}

export async function typeCheck(file: string): Promise<TypeCheck> {
  if (!/\.m?ts$/.test(file)) return { note: 'not type-checked: a JavaScript scenario' };
  const ts = findTypeScript(file);
  if (!ts) return { note: 'not type-checked: TypeScript is not installed in this project (npm install -D typescript)' };
  const options = compilerOptions(ts, file);
  const program = ts.createProgram([file], options);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error && !d.file?.fileName.includes('/node_modules/'));
  if (diagnostics.length === 0) return { note: `type-checked with TypeScript ${ts.version}` };
  return { problems: diagnostics.slice(0, 20).map((d) => describe(ts, d)) };
}

/** The project's tsconfig.json (nearest to the scenario) when it has one, else strict NodeNext defaults. */
function compilerOptions(ts: Ts, file: string): import('typescript').CompilerOptions {
  const base: import('typescript').CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, skipLibCheck: true, types: [],
  };
  const configPath = ts.findConfigFile(dirname(file), (p) => existsSync(p));
  let options = base;
  if (configPath) {
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (parsed) {
      // The project's build settings (where its own sources and outputs are) do not apply to a scenario.
      const { rootDir: _r, outDir: _o, declaration: _d, declarationMap: _m, composite: _c, incremental: _i, tsBuildInfoFile: _t, sourceMap: _s, ...rest } = parsed.options;
      options = rest;
    }
  }
  options = { ...options, noEmit: true, allowImportingTsExtensions: true };
  // crmload not installed in the project (global, npx): its declarations come from this crmload.
  try {
    createRequire(file).resolve('crmload');
  } catch {
    options.paths = { ...(options.paths ?? {}), crmload: [fileURLToPath(new URL('../index.d.ts', import.meta.url))] };
  }
  return options;
}

function describe(ts: Ts, d: import('typescript').Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  if (!d.file || d.start === undefined) return `type error: ${message}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${relative(process.cwd(), d.file.fileName) || d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
}
