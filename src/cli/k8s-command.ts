/**
 * `crmload k8s SCENARIO --shards N --image IMAGE [--start-in 2m] [run options]`: validate the run
 * exactly as `crmload run` would (nothing is sent), then print the ConfigMap and Indexed Job.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { buildPlan } from '../config/build-plan.js';
import { attempt } from '../config/load-model.js';
import type { RawRunOptions } from '../config/options.js';
import { resolveScale } from '../config/scale.js';
import { peakValue } from '../load/profile.js';
import { parseCount, parseDuration } from '../units.js';
import { ConfigError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Feeder } from '../scenario/feeder-types.js';
import type { Runnable } from '../scenario/types.js';
import { feederPath, loadData, scenariosOf } from './data-files.js';
import type { CliIo } from './io.js';
import { renderK8s } from './k8s-manifest.js';
import { checkObservabilityOptions } from './observe-options.js';
import { mergeEnv } from './run-inputs.js';
import { loadScenario, resolveScenarioPath } from './scenario-file.js';

export interface K8sOptions {
  shards?: string;
  image?: string;
  startIn?: string;
  name?: string;
  namespace?: string;
  cpu?: string;
  memory?: string;
}

/** Run options the Job sets itself, or that name files a pod does not have. */
const NOT_IN_PODS = ['--shard', '--shards', '--start-at', '--workers', '--json', '--compact-json', '--junit', '--html', '--markdown', '--baseline', '--ca', '--quiet', '--progress'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Parse `run` options with the `run` command's own definition, without running anything. */
export type RunOptionParser = (args: readonly string[]) => { options: RawRunOptions; unknown: string[]; operands: string[] };

export async function k8sCommand(scenarioArg: string, runArgs: string[], options: K8sOptions, io: CliIo, parseRun: RunOptionParser, nowMs: number): Promise<number> {
  const issues: string[] = [];
  const take = <T>(fn: () => T): T | undefined => attempt(issues, fn);
  const shards = options.shards === undefined ? (issues.push('--shards N: how many pods (shards) to run'), undefined) : take(() => parseCount('--shards', options.shards!));
  if (!options.image?.trim() || /\s/.test(options.image)) issues.push('--image IMAGE: the container image with crmload (see the Dockerfile), like ghcr.io/acme/crmload:1.0');
  const startInMs = take(() => parseDuration('--start-in', options.startIn ?? '2m'));
  for (const arg of runArgs) {
    const flag = arg.split('=')[0];
    if (NOT_IN_PODS.includes(flag)) issues.push(`${flag}: set by crmload k8s for every pod (or names a file the pods do not have); leave it out`);
  }
  const parsed = parseRun(runArgs);
  if (parsed.unknown.length) issues.push(`${parsed.unknown[0]}: not an option of crmload run`);
  // What `crmload run` would refuse in every pod, refused here: a Job that fails in each pod helps no one.
  const o = parsed.options;
  mergeEnv({}, o.env ?? [], issues);
  if (o.target === undefined) issues.push('--target URL: the CRM the pods load (without it, each pod would start a demo server of its own)');
  if (o.demoOpt?.length) issues.push('--demo-opt: the levers are for the built-in demo server, which the pods do not share; give --target');
  if (o.maxRegression !== undefined) issues.push('--max-regression: only with --baseline, which the pods do not take (merge their reports, then crmload compare)');
  issues.push(...checkObservabilityOptions(o).issues);
  if (parsed.operands.length) issues.push(`${parsed.operands[0]}: unexpected argument (one scenario only, given first)`);
  if (options.namespace !== undefined && !DNS_LABEL.test(options.namespace)) issues.push(`--namespace ${JSON.stringify(options.namespace)}: expected a Kubernetes name (lower-case letters, digits, -)`);
  const file = resolveScenarioPath(scenarioArg, io.cwd);
  const runnable = await loadScenario(file);
  const name = options.name ?? `crmload-${runnable.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 52);
  if (!DNS_LABEL.test(name) || name.length > 52) issues.push(`--name ${JSON.stringify(name)}: expected a Kubernetes name of at most 52 characters (lower-case letters, digits, -)`);
  const built = take(() => buildPlan({ raw: parsed.options, runnable, scenarioFile: scenarioArg }));
  // Each pod is a shard: the same share-out checks as `crmload run --shard i/N` (every shard gets a VU).
  if (built && shards !== undefined) {
    const load = built.plan.load;
    take(() => resolveScale({ shard: `1/${shards}` }, { env: {}, nowMs, cores: 1, plannedMs: load.durationMs, ...(load.model === 'open' ? { openMaxVus: load.maxVus } : { closedPeakVus: peakValue(load.profile) }) }));
  }
  take(() => loadData(runnable, file, io.cwd)); // the data files parse, as `crmload run` checks them
  const files = take(() => [...scenarioFiles(file), ...dataFiles(runnable, file)]);
  if (issues.length || shards === undefined || startInMs === undefined || !files) throw new ConfigError(issues);
  io.stdout.write(
    renderK8s({
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      image: options.image!,
      shards,
      startAt: new Date(nowMs + startInMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      files,
      runArgs,
      resources: { cpu: options.cpu ?? '1', memory: options.memory ?? '512Mi' },
    }),
  );
  return ExitCode.ok;
}

/**
 * The scenario file and the files beside it that it imports (`./_crm.js`): a ConfigMap is one flat
 * folder, so an import from elsewhere is refused with what to do.
 */
export function scenarioFiles(file: string): Array<{ key: string; content: string }> {
  const out = new Map<string, string>();
  const visit = (path: string) => {
    const key = basename(path);
    if (out.has(key)) return;
    const content = readFileSync(path, 'utf8');
    out.set(key, content);
    for (const m of content.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('./') || spec.slice(2).includes('/')) {
        throw new ConfigError(`scenario ${basename(file)} imports "${spec}": crmload k8s ships the scenario's folder flat; keep the files it imports beside it`);
      }
      visit(resolveSibling(join(dirname(path), spec.slice(2))));
    }
  };
  visit(file);
  return [...out].map(([key, content]) => ({ key, content }));
}

/**
 * The scenario's data files (`data: { users: csv('./users.csv') }`), shipped beside it: the pods read
 * them from the ConfigMap folder, so one that is not beside the scenario is refused with what to do.
 */
export function dataFiles(runnable: Runnable, file: string): Array<{ key: string; content: string }> {
  const out = new Map<string, string>();
  for (const scenario of scenariosOf(runnable)) {
    for (const [name, feeder] of Object.entries((scenario.data ?? {}) as Record<string, Feeder<any>>)) {
      const path = feederPath(feeder, file);
      if (dirname(path) !== dirname(file)) {
        throw new ConfigError(`scenario "${scenario.name}": data.${name} reads ${relative(dirname(file), path)}: crmload k8s ships the scenario's folder flat; keep data files beside it`);
      }
      out.set(basename(path), readFileSync(path, 'utf8'));
    }
  }
  return [...out].map(([key, content]) => ({ key, content }));
}

function resolveSibling(path: string): string {
  const candidates = [path, path.replace(/\.js$/, '.ts'), path.replace(/\.mjs$/, '.mts'), `${path}.ts`, `${path}.js`];
  for (const c of candidates) {
    try {
      readFileSync(c);
      return c;
    } catch {
      // try the next form
    }
  }
  throw new ConfigError(`scenario import ${basename(path)}: no such file beside the scenario`);
}
